import fc from "fast-check";
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
  type ValueCounts,
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

// ---------------------------------------------------------------------------------------------------------------
// Krippendorff's alpha and its bootstrap against straightforward references: the coincidence matrix summed over
// every ordered pair of raters in every unit, exactly as Krippendorff (2011) defines it. Slow, but obviously right.

type Level = MeasurementLevel;
const LEVEL_LIST: Level[] = ["nominal", "ordinal", "interval", "ratio"];

/** Canonical order: numbers numerically, then strings by code unit. */
function canonical(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The coincidence matrix o (values x values), summed pair by pair, its margins and the distinct paired values. */
function pairwiseCoincidences(data: Rating[][]) {
  const paired = new Set<number | string>();
  const units = data[0].length;
  const pairsByUnit: { ratings: (number | string)[] }[] = [];
  for (let u = 0; u < units; u++) {
    const ratings = data.map((row) => row[u]).filter((x): x is number | string => x !== null);
    if (ratings.length < 2) continue;
    ratings.forEach((x) => paired.add(x));
    pairsByUnit.push({ ratings });
  }
  const values = [...paired].sort(canonical);
  const at = new Map(values.map((v, i) => [v, i]));
  const o = values.map(() => values.map(() => 0));
  for (const { ratings } of pairsByUnit) {
    for (let i = 0; i < ratings.length; i++) {
      for (let j = 0; j < ratings.length; j++) {
        if (i !== j) o[at.get(ratings[i])!][at.get(ratings[j])!] += 1 / (ratings.length - 1);
      }
    }
  }
  // n_c = Σ_k o_ck and n = Σ_c n_c: the number of pairable ratings of value c, and of all values (counted, so
  // that n is an exact integer, as the bootstrap's number of draws depends on it).
  const margins = values.map(() => 0);
  for (const { ratings } of pairsByUnit) for (const x of ratings) margins[at.get(x)!] += 1;
  const n = margins.reduce((a, b) => a + b, 0);
  return { values, o, margins, n };
}

/** δ²(c, k) between value indices, Krippendorff (2011). */
function referenceDelta2(level: Level, values: (number | string)[], margins: number[], c: number, k: number): number {
  if (c === k) return 0;
  if (level === "nominal") return 1;
  if (level === "ordinal") {
    const [lo, hi] = c < k ? [c, k] : [k, c];
    let between = 0;
    for (let g = lo; g <= hi; g++) between += margins[g];
    return (between - (margins[c] + margins[k]) / 2) ** 2;
  }
  const x = values[c] as number;
  const y = values[k] as number;
  if (level === "interval") return (x - y) ** 2;
  return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
}

/** Alpha from the pairwise coincidence matrix, or null where it is undefined. */
function referenceAlpha(data: Rating[][], level: Level): number | null {
  const { values, o, margins, n } = pairwiseCoincidences(data);
  if (values.length < 2) return null;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      const d = referenceDelta2(level, values, margins, c, k);
      observed += o[c][k] * d;
      expected += margins[c] * margins[k] * d;
    }
  }
  if (!(expected > 0)) return null;
  return 1 - ((n - 1) * observed) / expected;
}

const M32 = (1n << 32n) - 1n;

/** SplitMix32's output i from `seed`, on BigInts: the state advances by 0x9e3779b9, each output is mixed. */
function referenceSplitMix32(seed: number, i: number): bigint {
  let z = (BigInt.asUintN(32, BigInt(seed)) + BigInt(i + 1) * 0x9e3779b9n) & M32;
  z = ((z ^ (z >> 16n)) * 0x21f0aaadn) & M32;
  z = ((z ^ (z >> 15n)) * 0x735a2d97n) & M32;
  return z ^ (z >> 15n);
}

/** xoshiro128+ (Blackman and Vigna 2018) on BigInts, seeded by SplitMix32; next() gives the 32-bit output. */
function referenceXoshiro128plus(seed: number) {
  const s = [0, 1, 2, 3].map((i) => referenceSplitMix32(seed, i));
  if (!s.some((x) => x !== 0n)) s[0] = 1n;
  return () => {
    const result = (s[0] + s[3]) & M32;
    const t = (s[1] << 9n) & M32;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ((s[3] << 11n) | (s[3] >> 21n)) & M32;
    return result;
  };
}

/** Hayes and Krippendorff (2007) bootstrap from the pairwise coincidences, one uniform output / 2^32 a draw. */
function referenceBootstrap(data: Rating[][], level: Level, samples: number, seed: number) {
  const { values, o, margins, n } = pairwiseCoincidences(data);
  const V = values.length;
  const cells: { p: number; d: number; diagonal: boolean }[] = [];
  let q = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) expected += margins[c] * margins[k] * referenceDelta2(level, values, margins, c, k);
    for (let k = c; k < V; k++) {
      const weight = c === k ? o[c][c] : o[c][k] + o[k][c];
      if (weight <= 1e-12) continue;
      cells.push({ p: weight / n, d: referenceDelta2(level, values, margins, c, k), diagonal: c === k });
      q += c === k ? 1 : 2;
    }
  }
  let observed = 0;
  for (let c = 0; c < V; c++)
    for (let k = 0; k < V; k++) observed += o[c][k] * referenceDelta2(level, values, margins, c, k);
  const alpha = 1 - ((n - 1) * observed) / expected;
  const draws = Math.max(1, Math.floor(Math.min(25 * q, ((data.length - 1) * n) / 2)));
  const de = expected / (n * (n - 1));
  const next = referenceXoshiro128plus(seed);
  const alphas: number[] = [];
  let ones = 0;
  const diagonals = cells.filter((cell) => cell.diagonal).map((cell) => cell.p);
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let d = 0; d < draws; d++) {
      const x = Number(next()) / 2 ** 32;
      let running = 0;
      let chosen = cells.length - 1;
      for (let i = 0; i < cells.length - 1; i++) {
        running += cells[i].p;
        if (running > x) {
          chosen = i;
          break;
        }
      }
      sum += cells[chosen].d;
    }
    let a = Math.max(-1, 1 - sum / (draws * de));
    if (a === 1) {
      if (diagonals.length <= 1) a = 0;
      else ones++;
    }
    alphas.push(a);
  }
  if (diagonals.length > 1 && ones > 0) {
    let reset = Math.min(Math.round(samples * diagonals.reduce((acc, p) => acc + p ** draws, 0)), ones);
    for (let s = 0; s < samples && reset > 0; s++) {
      if (alphas[s] === 1) {
        alphas[s] = 0;
        reset--;
      }
    }
  }
  alphas.sort((a, b) => a - b);
  return {
    alpha,
    lower: alphas[Math.floor(0.025 * samples + 1e-9) - 1],
    upper: alphas[Math.floor(0.975 * samples + 1e-9)],
  };
}

/** Raters x units matrices with up to 150 units (so that several blocks of units are read), ratings or null. */
function wideMatrix(values: Rating[], maxUnits = 150) {
  return fc
    .record({ raters: fc.integer({ min: 2, max: 8 }), units: fc.integer({ min: 1, max: maxUnits }) })
    .chain(({ raters, units }) =>
      fc.array(fc.array(fc.constantFrom<Rating>(...values, null), { minLength: units, maxLength: units }), {
        minLength: raters,
        maxLength: raters,
      }),
    );
}
// Non-negative numbers (ratio needs them): small integers, fractions (one within rounding of 0 + 1024), and
// integers on either side of 1024, where the implementation switches from an array to a Map.
const nonNegative: Rating[] = [0, 1, 2, 3, 5, 0.25, 0.5, 1 / 3, 2 / 3, 0.75, 0.1, 1.5, 1e-20, 1023, 1024, 4096];

describe("Krippendorff's alpha against a pairwise reference", () => {
  it("matches the pair-by-pair coincidence matrix to 1e-9 at every level, and throws exactly where it is undefined", () => {
    fc.assert(
      fc.property(wideMatrix(nonNegative), (data) => {
        for (const level of LEVEL_LIST) {
          const expected = referenceAlpha(data, level);
          const actual = valueOrNull(() => krippendorffAlpha(data, level));
          if (expected === null) expect(actual, level).toBeNull();
          else expect(Math.abs(actual! - expected), level).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("matches with labels, negative numbers and duplicate-looking values (1 and '1') at the levels they allow", () => {
    fc.assert(
      fc.property(
        wideMatrix([1, 2, 3, "1", "b", "c"], 40),
        wideMatrix([-1025, -1024, -3, -0.5, 0, 2, 7.5], 40),
        (labels, signed) => {
          for (const level of ["nominal", "ordinal"] as Level[]) {
            const expected = referenceAlpha(labels, level);
            const actual = valueOrNull(() => krippendorffAlpha(labels, level));
            if (expected === null) expect(actual).toBeNull();
            else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9);
          }
          for (const level of ["nominal", "ordinal", "interval"] as Level[]) {
            const expected = referenceAlpha(signed, level);
            const actual = valueOrNull(() => krippendorffAlpha(signed, level));
            if (expected === null) expect(actual).toBeNull();
            else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("matches on continuous ratings with hundreds of distinct values", () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const data: Rating[][] = Array.from({ length: 6 }, () =>
      Array.from({ length: 150 }, () => (next() < 0.1 ? null : Math.round(next() * 100000) / 100)),
    );
    for (const level of LEVEL_LIST) {
      expect(Math.abs(krippendorffAlpha(data, level) - referenceAlpha(data, level)!), level).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe("Krippendorff's alpha bootstrap against a reference", () => {
  it("draws the same samples as a plain implementation (pairwise coincidences, a linear search per draw)", () => {
    fc.assert(
      fc.property(wideMatrix([0, 1, 2, 3, 0.5, 1 / 3], 30), fc.integer({ min: -1000, max: 1000 }), (data, seed) => {
        for (const level of LEVEL_LIST) {
          if (referenceAlpha(data, level) === null) continue;
          const ours = krippendorffAlphaBootstrap(data, level, { samples: 200, seed });
          const reference = referenceBootstrap(data, level, 200, seed);
          expect(Math.abs(ours.alpha - reference.alpha), level).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(ours.lower - reference.lower), level).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(ours.upper - reference.upper), level).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("draws the same samples on continuous ratings (more than 256 distinct values)", () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const data: Rating[][] = Array.from({ length: 4 }, () =>
      Array.from({ length: 120 }, () => (next() < 0.1 ? null : Math.round(next() * 10000) / 100)),
    );
    const ours = krippendorffAlphaBootstrap(data, "interval", { samples: 100, seed: 3 });
    const reference = referenceBootstrap(data, "interval", 100, 3);
    expect(Math.abs(ours.lower - reference.lower)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(ours.upper - reference.upper)).toBeLessThanOrEqual(1e-9);
  });
});

/** A matrix's ValueCounts, values in order of first appearance (so not sorted: the functions must not care). */
function valueCountsOf(data: Rating[][]): ValueCounts {
  const values: (number | string)[] = [];
  for (const row of data) for (const x of row) if (x !== null && !values.includes(x)) values.push(x);
  const units = data[0].length;
  const counts = new Array<number>(units * values.length).fill(0);
  for (const row of data) row.forEach((x, u) => x !== null && counts[u * values.length + values.indexOf(x)]++);
  return {
    values: values.length > 0 ? values : [0],
    counts: values.length > 0 ? counts : new Array(units).fill(0),
    raters: data.length,
  };
}

describe("the value-count entry points", () => {
  it("agree with the matrix functions (alpha, its bootstrap, AC1), and refuse the same degenerate data", () => {
    fc.assert(
      fc.property(wideMatrix(nonNegative, 60), fc.integer({ min: 0, max: 99 }), (data, seed) => {
        const counted = valueCountsOf(data);
        for (const level of LEVEL_LIST) {
          const direct = valueOrNull(() => krippendorffAlpha(data, level));
          const fromCounts = valueOrNull(() => krippendorffAlphaFromCounts(counted, level));
          if (direct === null) expect(fromCounts, level).toBeNull();
          else expect(Math.abs(fromCounts! - direct), level).toBeLessThanOrEqual(1e-12);
          if (direct === null) continue;
          const boot = krippendorffAlphaBootstrap(data, level, { samples: 100, seed });
          const bootFromCounts = krippendorffAlphaBootstrapFromCounts(counted, level, { samples: 100, seed });
          expect(Math.abs(bootFromCounts.lower - boot.lower), level).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(bootFromCounts.upper - boot.upper), level).toBeLessThanOrEqual(1e-9);
        }
        const ac1 = valueOrNull(() => gwetAC1(data));
        const ac1FromCounts = valueOrNull(() => gwetAC1FromCounts(counted));
        if (ac1 === null) expect(ac1FromCounts).toBeNull();
        else expect(Math.abs(ac1FromCounts! - ac1)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 150 },
    );
  });
});
