import { describe, expect, it } from "vitest";
import {
  cohenKappa,
  fleissKappa,
  gwetAC1,
  gwetAC1FromCounts,
  icc,
  krippendorffAlpha,
  krippendorffAlphaBootstrap,
  krippendorffAlphaBootstrapFromCounts,
  krippendorffAlphaFromCounts,
  percentAgreement,
  type IccForm,
  type Rating,
} from "./agreement";

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers (A-D) x 12 units,
// values 1..5, blanks are missing. Unit 12 has a single value and drops out.
const KRIPPENDORFF_2011: Rating[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

/** Turns a units x raters table (the layout of R data frames) into raters x units. */
function transpose<T>(rows: T[][]): T[][] {
  return rows[0].map((_, j) => rows.map((row) => row[j]));
}

/** Expands a contingency table (rater 1 in rows, rater 2 in columns) into two arrays of paired ratings. */
function pairsFromTable(table: number[][], labels: Rating[]): [Rating[], Rating[]] {
  const first: Rating[] = [];
  const second: Rating[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        first.push(labels[i]);
        second.push(labels[j]);
      }
    }),
  );
  return [first, second];
}

describe("krippendorffAlpha", () => {
  it("reproduces Krippendorff (2011), the 4 observers x 12 units example with missing data", () => {
    // Published: nominal .743, ordinal .815, interval .849, ratio .797.
    expect(krippendorffAlpha(KRIPPENDORFF_2011, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_2011, "ratio")).toBeCloseTo(0.797, 3);
  });

  it("reproduces Krippendorff (2011) with the same values given as strings (nominal and ordinal)", () => {
    // The values 1..5 as the labels "1".."5": same order, same coincidences.
    const labels = KRIPPENDORFF_2011.map((row) => row.map((x) => (x === null ? null : String(x))));
    expect(krippendorffAlpha(labels, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(labels, "ordinal")).toBeCloseTo(0.815, 3);
  });

  it("ignores units with fewer than two ratings and raters' order (hand-computed)", () => {
    // Units (1,1), (2,2), (3,3), (3,4): n = 8, o_11 = o_22 = o_33 = 2, o_34 = o_43 = 1; n_1 = n_2 = 2, n_3 = 3,
    // n_4 = 1. Nominal: Σ o_ck δ = 2 and Σ n_c n_k δ = 8² − (4 + 4 + 9 + 1) = 46, so α = 1 − 7 · 2 / 46 = 16/23.
    const data: Rating[][] = [
      [1, 2, 3, 3, 7, null],
      [1, 2, 3, 4, null, null],
    ];
    expect(krippendorffAlpha(data, "nominal")).toBeCloseTo(16 / 23, 12);
    expect(krippendorffAlpha([data[1], data[0]], "nominal")).toBeCloseTo(16 / 23, 12);
    // Interval: Σ o_ck (c − k)² = 2 · 1 = 2; Σ n_c n_k (c − k)² = 2 n Σ n_c (c − mean)², mean = 19/8,
    // Σ n_c (c − 19/8)² = 2 · (11/8)² + 2 · (3/8)² + 3 · (5/8)² + (13/8)² = 504/64 = 7.875, so 2 · 8 · 7.875 = 126
    // and α = 1 − 7 · 2 / 126 = 8/9.
    expect(krippendorffAlpha(data, "interval")).toBeCloseTo(8 / 9, 12);
  });

  it("treats the number 1 and the string '1' as different values (hand-computed)", () => {
    // Units (1,"1"), (2,2), (1,1), (2,2): o_{1,"1"} = o_{"1",1} = 1, o_11 = 2, o_22 = 4; n = 8, n_1 = 3, n_"1" = 1,
    // n_2 = 4. Σ o_ck δ = 2, Σ n_c n_k δ = 64 − (9 + 1 + 16) = 38, α = 1 − 7 · 2 / 38 = 12/19.
    expect(
      krippendorffAlpha(
        [
          [1, 2, 1, 2],
          ["1", 2, 1, 2],
        ],
        "nominal",
      ),
    ).toBeCloseTo(12 / 19, 12);
    // Had they been the same value, every pair would agree.
    expect(
      krippendorffAlpha(
        [
          [1, 2, 1, 2],
          [1, 2, 1, 2],
        ],
        "nominal",
      ),
    ).toBe(1);
  });

  it("orders numbers before strings for ordinal data (hand-computed)", () => {
    // Scale 1 < 2 < "a". near: units (1,2), (2,2), (a,a), (1,1); n_1 = 3, n_2 = 3, n_a = 2, n = 8.
    // δ(1,2) = (n_1 + n_2 − (n_1 + n_2)/2)² = 9, so Σ o_ck δ = 2 · 9 = 18. Mid-points a_c = Σ_{g<c} n_g + n_c/2:
    // 1.5, 4.5, 7 with mean 4; Σ n_c n_k δ = 2 n Σ n_c (a_c − 4)² = 16 · (3 · 6.25 + 3 · 0.25 + 2 · 9) = 600;
    // α = 1 − 7 · 18 / 600 = 0.79.
    const near: Rating[][] = [
      [1, 2, "a", 1],
      [2, 2, "a", 1],
    ];
    expect(krippendorffAlpha(near, "ordinal")).toBeCloseTo(0.79, 12);
    // far: units (1,a), (2,2), (a,a), (1,1); n_1 = 3, n_2 = 2, n_a = 3. δ(1,a) = (3 + 2 + 3 − 3)² = 25, so
    // Σ o_ck δ = 50; mid-points 1.5, 4, 6.5 with mean 4; Σ n_c n_k δ = 16 · (3 · 6.25 + 0 + 3 · 6.25) = 600;
    // α = 1 − 7 · 50 / 600 = 5/12. (Were strings first, "a" < 1 < 2, 1 and "a" would be neighbours.)
    const far: Rating[][] = [
      [1, 2, "a", 1],
      ["a", 2, "a", 1],
    ];
    expect(krippendorffAlpha(far, "ordinal")).toBeCloseTo(5 / 12, 12);
  });

  it("throws clear errors on degenerate input", () => {
    expect(() => krippendorffAlpha([[1, 2, 3]], "nominal")).toThrow("Krippendorff's alpha needs at least two raters");
    expect(() => krippendorffAlpha([], "nominal")).toThrow("at least two raters");
    expect(() =>
      krippendorffAlpha(
        [
          [1, null, 3],
          [null, 2, null],
        ],
        "nominal",
      ),
    ).toThrow("no unit has two or more ratings");
    expect(() =>
      krippendorffAlpha(
        [
          [2, 2, null],
          [2, 2, 5],
        ],
        "interval",
      ),
    ).toThrow("alpha is undefined: all ratings are the same value (no variation): every paired rating is 2");
    expect(() => krippendorffAlpha([[1, 2, 3], [1, 2], [1]], "nominal")).toThrow(
      "ragged data, rater 2 has 2 ratings but rater 1 has 3",
    );
    expect(() =>
      krippendorffAlpha(
        [
          [1, "b"],
          [1, 2],
        ],
        "interval",
      ),
    ).toThrow('interval data must be numeric, but rater 1 gave the string "b" for unit 2');
    expect(() =>
      krippendorffAlpha(
        [
          [1, -2],
          [1, 2],
        ],
        "ratio",
      ),
    ).toThrow("ratio data cannot be negative");
    expect(() =>
      krippendorffAlpha(
        [
          [1, NaN],
          [1, 2],
        ],
        "nominal",
      ),
    ).toThrow("a rating must be a finite number, a string or null (got NaN for rater 1, unit 2)");
    expect(() => krippendorffAlpha(KRIPPENDORFF_2011, "cardinal" as never)).toThrow("unknown level of measurement");
  });

  it("takes well under 50 ms for a calibration session: 40 x (20 raters x 50 units) plus 20 x 2000", () => {
    // A deterministic pseudo-random 5-point scale with 10% missing (linear congruential generator).
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const make = (units: number): Rating[][] =>
      Array.from({ length: 20 }, () =>
        Array.from({ length: units }, () => (next() < 0.1 ? null : 1 + Math.floor(next() * 5))),
      );
    const criteria = Array.from({ length: 40 }, () => make(50));
    const overall = make(2000);
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      const started = performance.now();
      for (const data of criteria) krippendorffAlpha(data, level);
      krippendorffAlpha(overall, level);
      const elapsed = performance.now() - started;
      // About 5 to 15 ms here; the bound is loose so that a slow CI machine does not flake, but an accidental
      // quadratic in the number of units or ratings would blow through it.
      expect(elapsed, level).toBeLessThan(250);
    }
  });
});

describe("krippendorffAlphaFromCounts", () => {
  // Krippendorff (2011), section C, as the values-by-units table of his step 1: how many observers gave each of the
  // values 1..5 to each of the 12 units.
  // prettier-ignore
  const KRIPPENDORFF_2011_COUNTS = {
    values: [1, 2, 3, 4, 5],
    counts: [
      3, 0, 0, 0, 0,   0, 3, 1, 0, 0,   0, 0, 4, 0, 0,   0, 0, 4, 0, 0,   0, 4, 0, 0, 0,   1, 1, 1, 1, 0,
      0, 0, 0, 4, 0,   3, 1, 0, 0, 0,   0, 4, 0, 0, 0,   0, 0, 0, 0, 3,   2, 0, 0, 0, 0,   0, 0, 1, 0, 0,
    ],
    raters: 4,
  };

  it("reproduces Krippendorff (2011) from the values-by-units table", () => {
    expect(krippendorffAlphaFromCounts(KRIPPENDORFF_2011_COUNTS, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlphaFromCounts(KRIPPENDORFF_2011_COUNTS, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlphaFromCounts(KRIPPENDORFF_2011_COUNTS, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlphaFromCounts(KRIPPENDORFF_2011_COUNTS, "ratio")).toBeCloseTo(0.797, 3);
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlphaFromCounts(KRIPPENDORFF_2011_COUNTS, level)).toBeCloseTo(
        krippendorffAlpha(KRIPPENDORFF_2011, level),
        12,
      );
      const boot = krippendorffAlphaBootstrapFromCounts(KRIPPENDORFF_2011_COUNTS, level, { seed: 5 });
      expect(boot).toEqual(krippendorffAlphaBootstrap(KRIPPENDORFF_2011, level, { seed: 5 }));
    }
    expect(gwetAC1FromCounts(KRIPPENDORFF_2011_COUNTS)).toBeCloseTo(gwetAC1(KRIPPENDORFF_2011), 12);
  });

  it("throws on malformed counts", () => {
    const base = { values: [1, 2], counts: [1, 1, 2, 0], raters: 2 };
    expect(() => krippendorffAlphaFromCounts({ ...base, values: [1, 1] }, "nominal")).toThrow("list 1 twice");
    expect(() => krippendorffAlphaFromCounts({ ...base, counts: [1, 1, 2] }, "nominal")).toThrow(
      "one count per unit and value",
    );
    expect(() => krippendorffAlphaFromCounts({ ...base, counts: [1, 1, 2, -1] }, "nominal")).toThrow(
      "counts must be non-negative integers (unit 2, value 2 has -1)",
    );
    expect(() => krippendorffAlphaFromCounts({ ...base, counts: [1, 1, 2, 1] }, "nominal")).toThrow(
      "unit 2 has 3 ratings but there are only 2 raters",
    );
    expect(() => krippendorffAlphaFromCounts({ ...base, raters: 1 }, "nominal")).toThrow("at least two");
    expect(() => krippendorffAlphaFromCounts({ ...base, values: [1, "b"] }, "interval")).toThrow(
      'interval data must be numeric, but the values include "b"',
    );
    expect(() => krippendorffAlphaFromCounts({ ...base, values: [1, -2] }, "ratio")).toThrow("not negative");
    expect(() => krippendorffAlphaFromCounts({ ...base, counts: [1, 0, 0, 1] }, "nominal")).toThrow(
      "no unit has two or more ratings",
    );
    expect(() => gwetAC1FromCounts({ ...base, counts: [2, 0, 2, 0] })).toThrow("only one category");
  });
});

describe("krippendorffAlphaBootstrap", () => {
  it("is deterministic for a seed, and its interval brackets Krippendorff's (2011) point estimates", () => {
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      const first = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, level, { seed: 42 });
      const again = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, level, { seed: 42 });
      expect(again).toEqual(first);
      expect(first.alpha).toBe(krippendorffAlpha(KRIPPENDORFF_2011, level));
      expect(first.samples).toBe(1000);
      expect(first.lower).toBeLessThanOrEqual(first.alpha);
      expect(first.alpha).toBeLessThanOrEqual(first.upper);
      expect(first.lower).toBeGreaterThanOrEqual(-1);
      expect(first.upper).toBeLessThanOrEqual(1);
    }
    const nominal = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "nominal");
    expect(nominal.alpha).toBeCloseTo(0.743, 3); // Krippendorff (2011)
    expect(nominal.lower).toBeLessThan(0.743);
    expect(nominal.upper).toBeGreaterThan(0.743);
  });

  it("gives different intervals for different seeds", () => {
    const a = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "interval", { seed: 1 });
    const b = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "interval", { seed: 2 });
    expect(a.alpha).toBe(b.alpha);
    expect([a.lower, a.upper]).not.toEqual([b.lower, b.upper]);
  });

  it("narrows with a lower confidence level and honours the sample count", () => {
    const wide = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "interval", { confidence: 0.99, samples: 2000 });
    const narrow = krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "interval", { confidence: 0.5, samples: 2000 });
    expect(wide.samples).toBe(2000);
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });

  it("throws on bad options and on the same degenerate data as alpha", () => {
    expect(() => krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "nominal", { samples: 0 })).toThrow(
      "samples must be a positive integer",
    );
    expect(() => krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "nominal", { confidence: 1 })).toThrow(
      "confidence must be between 0 and 1",
    );
    expect(() => krippendorffAlphaBootstrap(KRIPPENDORFF_2011, "nominal", { seed: 0.5 })).toThrow(
      "seed must be an integer",
    );
    expect(() => krippendorffAlphaBootstrap([[1, 2]], "nominal")).toThrow("at least two raters");
    expect(() =>
      krippendorffAlphaBootstrap(
        [
          [1, 1],
          [1, 1],
        ],
        "nominal",
      ),
    ).toThrow("no variation");
  });
});

describe("fleissKappa", () => {
  // R package irr, dataset `diagnoses`: Fleiss (1971), psychiatric diagnoses of 30 patients by 6 raters each,
  // 1 Depression, 2 Personality Disorder, 3 Schizophrenia, 4 Neurosis, 5 Other (one row per patient).
  const DIAGNOSES = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
  ];
  const counts = DIAGNOSES.map((row) => [1, 2, 3, 4, 5].map((c) => row.filter((x) => x === c).length));

  it("reproduces Fleiss (1971): kappa = .430 for the 30 patients x 6 raters (R irr kappam.fleiss: 0.4302445)", () => {
    // Fleiss (1971) Table 1 as counts; category totals 26, 26, 30, 55, 43 (as statsmodels' test_aggregate_raters
    // checks for the same data).
    expect([0, 1, 2, 3, 4].map((j) => counts.reduce((sum, row) => sum + row[j], 0))).toEqual([26, 26, 30, 55, 43]);
    expect(counts[0]).toEqual([0, 0, 0, 6, 0]);
    expect(counts[1]).toEqual([0, 3, 0, 0, 3]);
    expect(fleissKappa(counts)).toBeCloseTo(0.43, 3);
    expect(fleissKappa(counts)).toBeCloseTo(0.4302445, 6);
  });

  it("reproduces Wikipedia's 'Fleiss' kappa' worked example: 10 subjects, 14 raters, kappa = 0.210", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.21, 3);
  });

  it("throws on degenerate tables", () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow("every subject needs the same number of raters, but subject 1 has 3 and subject 2 has 2");
    expect(() =>
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toThrow("every rating is in the same category");
    expect(() =>
      fleissKappa([
        [1, 0],
        [0, 1],
      ]),
    ).toThrow("at least two raters per subject");
    expect(() => fleissKappa([[1, 1], [2]])).toThrow("ragged table");
    expect(() => fleissKappa([[1.5, 0.5]])).toThrow("non-negative integers");
    expect(() => fleissKappa([])).toThrow("at least one subject");
  });
});

describe("cohenKappa", () => {
  // R package irr, dataset `anxiety` (20 subjects rated by 3 raters on 1..6); raters 2 and 3. Values of
  // kappa2(anxiety[, 2:3]), kappa2(anxiety[, 2:3], "equal") and kappa2(anxiety[, 2:3], "squared") as recorded from
  // R in statsmodels' test_inter_rater.py. irr uses the levels either rater used (1, 2, 3, 4, 6: nobody gave 5),
  // as cohenKappa does by default.
  const RATER2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
  const RATER3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];

  it("reproduces R irr kappa2 on anxiety[, 2:3]: unweighted, equal (linear) and squared (quadratic) weights", () => {
    expect(cohenKappa(RATER2, RATER3)).toBeCloseTo(-0.006289308, 6);
    expect(cohenKappa(RATER2, RATER3, { weights: "linear" })).toBeCloseTo(0.1459075, 6);
    expect(cohenKappa(RATER2, RATER3, { weights: "quadratic" })).toBeCloseTo(0.2520325, 6);
    // The same with the observed levels given explicitly.
    expect(cohenKappa(RATER2, RATER3, { weights: "quadratic", categories: [1, 2, 3, 4, 6] })).toBeCloseTo(0.2520325, 6);
  });

  it("reproduces the SAS PROC FREQ printout in statsmodels' tests: simple 0.4842, weighted (scores 0, 1, 2) 0.4701", () => {
    // SAS's default weighted kappa uses Cicchetti-Allison weights 1 − |i − j| / (q − 1): the linear weights.
    const [first, second] = pairsFromTable(
      [
        [0, 4, 1],
        [0, 8, 0],
        [0, 1, 5],
      ],
      [0, 1, 2],
    );
    expect(cohenKappa(first, second)).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(first, second, { weights: "linear" })).toBeCloseTo(0.4701, 4);
  });

  it("reproduces Cohen (1968): unweighted kappa .492 for his 200-case table (as quoted in R psych's cohen.kappa)", () => {
    // Proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06 of n = 200.
    const [first, second] = pairsFromTable(
      [
        [88, 14, 18],
        [10, 40, 10],
        [2, 6, 12],
      ],
      ["a", "b", "c"],
    );
    expect(cohenKappa(first, second)).toBeCloseTo(0.492, 3);
  });

  it("drops pairs with a null, weights by position in the given categories, and tells 1 from '1'", () => {
    // Hand-computed: pairs (1,"1"), (2,2), (1,1) after dropping the null. Categories 1, 2, "1"; p_o = 2/3;
    // rater 1 margins 1: 2, 2: 1; rater 2 margins 1: 1, 2: 1, "1": 1; p_e = (2·1 + 1·1) / 9 = 1/3;
    // kappa = (2/3 − 1/3) / (2/3) = 1/2.
    expect(cohenKappa([1, 2, 1, 3], ["1", 2, 1, null])).toBeCloseTo(0.5, 12);
    // With a 5-point scale declared, linear weights spread over 4 steps. Pairs (1,2), (2,2), (3,3):
    // weights 0.75, 1, 1 so p_o = 2.75/3; margins r1 (1, 2, 3) = (1, 1, 1), r2 (2, 3) = (2, 1);
    // p_e = [1·2·0.75 + 1·1·0.5 + 1·2·1 + 1·1·0.75 + 1·2·0.75 + 1·1·1] / 9 = 7.25/9;
    // kappa = (2.75/3 − 7.25/9) / (1 − 7.25/9) = (8.25 − 7.25) / (9 − 7.25) = 1/1.75 = 4/7.
    expect(cohenKappa([1, 2, 3], [2, 2, 3], { weights: "linear", categories: [1, 2, 3, 4, 5] })).toBeCloseTo(4 / 7, 12);
  });

  it("throws on degenerate input", () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow("the two raters' arrays must have the same length");
    expect(() => cohenKappa([1, null], [null, 2])).toThrow("no unit has a rating from both raters");
    expect(() => cohenKappa([1, 1], [1, 1])).toThrow("there is only one category");
    expect(() => cohenKappa([1, 2], [1, 3], { categories: [1, 2] })).toThrow(
      "the rating 3 is not one of the categories given",
    );
    expect(() => cohenKappa([1, 2], [1, 2], { categories: [1, 2, 1] })).toThrow("categories lists 1 twice");
    // Both raters always say 1 on a declared 1..3 scale: chance agreement is 1.
    expect(() => cohenKappa([1, 1], [1, 1], { categories: [1, 2, 3] })).toThrow("chance agreement is 1");
  });
});

describe("icc", () => {
  // Shrout and Fleiss (1979), Table 2: 6 targets x 4 judges. Published: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71,
  // ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91; R psych::ICC on this data gives the same to two decimals.
  const SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it("reproduces Shrout and Fleiss (1979) for all six forms", () => {
    const published: [IccForm, number][] = [
      ["ICC1", 0.17],
      ["ICC2", 0.29],
      ["ICC3", 0.71],
      ["ICC1k", 0.44],
      ["ICC2k", 0.62],
      ["ICC3k", 0.91],
    ];
    for (const [form, value] of published) expect(icc(SHROUT_FLEISS, form), form).toBeCloseTo(value, 2);
  });

  it("gives -1/(k-1) for ICC1 when the targets' means are equal, and refuses ICC1k then (hand-computed)", () => {
    // [[1, 2], [2, 1]]: both target means 1.5, so BMS = 0; WMS = (0.25 · 4) / (2 · 1) = 0.5;
    // ICC1 = (0 − 0.5) / (0 + 1 · 0.5) = −1, while ICC1k = (0 − 0.5) / 0 is undefined.
    expect(
      icc(
        [
          [1, 2],
          [2, 1],
        ],
        "ICC1",
      ),
    ).toBe(-1);
    expect(() =>
      icc(
        [
          [1, 2],
          [2, 1],
        ],
        "ICC1k",
      ),
    ).toThrow("ICC1k is undefined for these scores");
  });

  it("throws on degenerate input", () => {
    expect(() => icc([[1, 2, 3]], "ICC1")).toThrow("ICC needs at least two targets (got 1)");
    expect(() => icc([[1], [2]], "ICC2")).toThrow("ICC needs at least two raters (got 1)");
    expect(() => icc([[1, 2], [3]], "ICC3")).toThrow("ragged data, target 2 has 1 scores but target 1 has 2");
    expect(() =>
      icc(
        [
          [1, 2],
          [3, Infinity],
        ],
        "ICC3",
      ),
    ).toThrow("scores must be finite numbers (target 2, rater 2 is Infinity)");
    expect(() =>
      icc(
        [
          [4, 4],
          [4, 4],
        ],
        "ICC2",
      ),
    ).toThrow("every score is the same");
    expect(() => icc(SHROUT_FLEISS, "ICC4" as never)).toThrow("unknown form");
  });
});

describe("gwetAC1 and percentAgreement", () => {
  // Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120 (R irrCAC `cac.raw4raters`): 12 units x 4
  // raters, categories 1..5 with missing ratings. The irrCAC results quoted are those asserted by the Python port
  // of irrCAC (afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py), which reproduces R irrCAC to 3 decimals.
  const RAW_4RATERS: Rating[][] = transpose<Rating>([
    [1, 1, null, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [null, 5, 5, 5],
    [null, null, 1, 1],
    [null, null, 3, null],
  ]);

  it("reproduces irrCAC gwet.ac1.raw(cac.raw4raters): pa 0.818, AC1 0.775", () => {
    expect(percentAgreement(RAW_4RATERS)).toBeCloseTo(0.818, 3);
    expect(gwetAC1(RAW_4RATERS)).toBeCloseTo(0.775, 3);
  });

  it("reproduces irrCAC gwet.ac1.raw on its other raw datasets (5 observers, g1g2, gender, Ben and Gerry)", () => {
    // cac.raw5obser (Gwet 2014, p. 125): 15 units x 5 observers on 0..3; AC1 0.497, pa 0.616.
    const raw5observers: Rating[][] = [
      [1, 1, 2, null, 0, 0, 1, 1, 2, 2, null, 0, 1, 3, 1],
      [1, 1, 3, 0, 0, 0, 0, null, 2, 1, 1, 0, 2, 3, 1],
      [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
      [null, 1, 3, null, null, null, null, 0, null, 1, 0, 0, 2, 2, null],
      [2, null, null, 0, 0, 0, 1, null, 2, null, null, null, null, 3, 1],
    ];
    expect(gwetAC1(raw5observers)).toBeCloseTo(0.497, 3);
    expect(percentAgreement(raw5observers)).toBeCloseTo(0.616, 3);
    // cac.raw.g1g2: 14 units x 4 raters on a..e; AC1 0.685. Unit 12 has one rating: as in irrCAC it counts
    // towards the category shares π_k (without it AC1 would be 0.684).
    const g1g2: Rating[][] = [
      ["a", "b", "c", "c", "b", "a", "d", "a", "b", null, null, null, "b", "b"],
      ["a", "b", "c", "c", "b", "b", "d", "a", "b", "e", null, null, "b", "a"],
      [null, "c", "c", "c", "b", "c", "d", "b", "b", "e", "a", "c", "c", "c"],
      ["a", "b", "c", "c", "b", "d", "d", "a", "b", "e", "a", null, "b", "b"],
    ];
    expect(gwetAC1(g1g2)).toBeCloseTo(0.685, 3);
    expect(percentAgreement(g1g2)).toBeCloseTo(0.744, 3);
    // cac.raw.gender: 15 units x 4 raters on a..c, complete; AC1 0.208, pa 0.456.
    const gender: Rating[][] = [
      "a a a a a b b b c a a a a a b",
      "a a a a b a b c c a a a a b a",
      "a b b c a a b b c a b b c a a",
      "c c c c a a b b c c c c c a a",
    ].map((row) => row.split(" "));
    expect(gwetAC1(gender)).toBeCloseTo(0.208, 3);
    expect(percentAgreement(gender)).toBeCloseTo(0.456, 3);
    // cac.ben.gerry: 12 units x 2 raters; AC1 0.661, pa 0.727.
    const benGerry: Rating[][] = [
      ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
      ["b", "a", "b", "b", "b", "c", "c", "c", "e", null, "d", "d"],
    ];
    expect(gwetAC1(benGerry)).toBeCloseTo(0.661, 3);
    expect(percentAgreement(benGerry)).toBeCloseTo(0.727, 3);
  });

  it("computes percent agreement per unit over pairs, averaged over units with two or more ratings (hand-computed)", () => {
    const data: Rating[][] = [
      [1, 2, 3, "x", null],
      [1, 2, 4, "x", 5],
      [1, 3, null, "y", null],
    ];
    // unit 1: 1, 1, 1 -> 3 of 3 pairs agree = 1
    // unit 2: 2, 2, 3 -> 1 of 3 pairs = 1/3
    // unit 3: 3, 4    -> 0 of 1 pair = 0
    // unit 4: x, x, y -> 1 of 3 pairs = 1/3
    // unit 5: one rating, dropped
    // mean = (1 + 1/3 + 0 + 1/3) / 4 = 5/12
    expect(percentAgreement(data)).toBeCloseTo(5 / 12, 12);
  });

  it("treats 1 and '1' as different values (hand-computed)", () => {
    // unit 1: 1 vs "1" disagree (0), unit 2: 2 vs 2 agree (1): mean 1/2.
    expect(
      percentAgreement([
        [1, 2],
        ["1", 2],
      ]),
    ).toBe(0.5);
    // AC1: p_a = 1/2; three categories 1, 2, "1" with shares π = (1/4, 1/2, 1/4); p_e = (3/16 + 1/4 + 3/16) / 2
    // = 5/16; AC1 = (1/2 − 5/16) / (11/16) = 3/11.
    expect(
      gwetAC1([
        [1, 2],
        ["1", 2],
      ]),
    ).toBeCloseTo(3 / 11, 12);
  });

  it("throws on degenerate input", () => {
    expect(() => percentAgreement([[1, 2]])).toThrow("Percent agreement needs at least two raters (got 1)");
    expect(() =>
      percentAgreement([
        [1, null],
        [null, 2],
      ]),
    ).toThrow("no unit has two or more ratings");
    expect(() => percentAgreement([[1, 2], [1]])).toThrow("ragged data");
    expect(() => gwetAC1([[1, 2]])).toThrow("Gwet's AC1 needs at least two raters");
    expect(() =>
      gwetAC1([
        ["a", "a"],
        ["a", null],
      ]),
    ).toThrow("only one category");
  });
});
