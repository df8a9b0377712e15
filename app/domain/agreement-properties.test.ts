import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cohenKappa,
  fleissKappa,
  gwetAC1,
  icc,
  krippendorffAlpha,
  krippendorffAlphaBootstrap,
  percentAgreement,
  type MeasurementLevel,
  type Rating,
} from "./agreement";

// Properties that hold for any input, checked on random raters x units matrices (fast-check).

/** A raters x units matrix with 2..6 raters and 1..10 units, ratings drawn from `values` or missing. */
function ratingMatrix(values: Rating[]) {
  return fc
    .record({ raters: fc.integer({ min: 2, max: 6 }), units: fc.integer({ min: 1, max: 10 }) })
    .chain(({ raters, units }) =>
      fc.array(fc.array(fc.constantFrom<Rating>(...values, null), { minLength: units, maxLength: units }), {
        minLength: raters,
        maxLength: raters,
      }),
    );
}
const mixed = ratingMatrix([1, 2, 3, 4, "1", "a"]);
const numeric = ratingMatrix([0, 1, 2, 3, 5, 8]);

/** The function's value, or null when it threw an Error (the only way it may refuse). */
function valueOrNull(compute: () => number): number | null {
  try {
    return compute();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return null;
  }
}

/** A permutation of 0..n-1 from a list of random keys. */
function permutation(keys: number[]): number[] {
  return keys
    .map((key, i) => [key, i])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
}

describe("agreement properties", () => {
  it("never returns NaN or Infinity: every function returns a finite number or throws an Error", () => {
    fc.assert(
      fc.property(mixed, numeric, (labels, numbers) => {
        const results = [
          valueOrNull(() => krippendorffAlpha(labels, "nominal")),
          valueOrNull(() => krippendorffAlpha(labels, "ordinal")),
          valueOrNull(() => krippendorffAlpha(numbers, "interval")),
          valueOrNull(() => krippendorffAlpha(numbers, "ratio")),
          valueOrNull(() => percentAgreement(labels)),
          valueOrNull(() => gwetAC1(labels)),
          valueOrNull(() => cohenKappa(labels[0], labels[1])),
          valueOrNull(() => cohenKappa(numbers[0], numbers[1], { weights: "quadratic" })),
          valueOrNull(() => icc(transposeComplete(numbers), "ICC2")),
          valueOrNull(() => fleissKappa(countsOf(labels))),
        ];
        for (const value of results) if (value !== null) expect(Number.isFinite(value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("nominal alpha lies in [-1, 1] wherever it is defined", () => {
    fc.assert(
      fc.property(mixed, (data) => {
        const alpha = valueOrNull(() => krippendorffAlpha(data, "nominal"));
        if (alpha === null) return;
        expect(alpha).toBeLessThanOrEqual(1);
        expect(alpha).toBeGreaterThanOrEqual(-1);
      }),
      { numRuns: 500 },
    );
  });

  it("permuting the raters (or the units) changes no coefficient", () => {
    fc.assert(
      fc.property(
        numeric,
        fc.array(fc.double({ noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 10, maxLength: 10 }),
        (data, raterKeys, unitKeys) => {
          const byRater = permutation(raterKeys.slice(0, data.length));
          const byUnit = permutation(unitKeys.slice(0, data[0].length));
          const shuffled = byRater.map((r) => byUnit.map((u) => data[r][u]));
          for (const level of ["nominal", "ordinal", "interval", "ratio"] as MeasurementLevel[]) {
            const before = valueOrNull(() => krippendorffAlpha(data, level));
            const after = valueOrNull(() => krippendorffAlpha(shuffled, level));
            if (before === null) expect(after).toBeNull();
            else expect(after).toBeCloseTo(before, 10);
          }
          const ac1 = valueOrNull(() => gwetAC1(data));
          if (ac1 !== null) expect(gwetAC1(shuffled)).toBeCloseTo(ac1, 10);
          const pa = valueOrNull(() => percentAgreement(data));
          if (pa !== null) expect(percentAgreement(shuffled)).toBeCloseTo(pa, 10);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("percent agreement lies in [0, 1], and AC1 is at most 1", () => {
    fc.assert(
      fc.property(mixed, (data) => {
        const pa = valueOrNull(() => percentAgreement(data));
        if (pa !== null) {
          expect(pa).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(1);
        }
        const ac1 = valueOrNull(() => gwetAC1(data));
        if (ac1 !== null) expect(ac1).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it("the bootstrap interval is ordered, within [-1, 1] and reproducible", () => {
    fc.assert(
      fc.property(mixed, fc.integer({ min: 0, max: 1000 }), (data, seed) => {
        let result: ReturnType<typeof krippendorffAlphaBootstrap>;
        try {
          result = krippendorffAlphaBootstrap(data, "nominal", { samples: 200, seed });
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          return;
        }
        expect(result.lower).toBeLessThanOrEqual(result.upper);
        expect(result.lower).toBeGreaterThanOrEqual(-1);
        expect(result.upper).toBeLessThanOrEqual(1);
        expect(krippendorffAlphaBootstrap(data, "nominal", { samples: 200, seed })).toEqual(result);
      }),
      { numRuns: 60 },
    );
  });
});

/** Targets x raters for ICC: units where every rater gave a number (ICC takes no missing scores). */
function transposeComplete(data: Rating[][]): number[][] {
  const rows: number[][] = [];
  for (let u = 0; u < data[0].length; u++) {
    const row = data.map((rater) => rater[u]);
    if (row.every((x) => typeof x === "number")) rows.push(row as number[]);
  }
  return rows;
}

/** Fleiss counts (units x categories) for the units every rater rated. */
function countsOf(data: Rating[][]): number[][] {
  const categories: Rating[] = [1, 2, 3, 4, "1", "a"];
  const rows: number[][] = [];
  for (let u = 0; u < data[0].length; u++) {
    const column = data.map((rater) => rater[u]);
    if (column.some((x) => x === null)) continue;
    rows.push(categories.map((c) => column.filter((x) => x === c).length));
  }
  return rows;
}
