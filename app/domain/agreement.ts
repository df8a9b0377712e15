/**
 * Inter-rater agreement statistics for calibration sessions: Krippendorff's alpha (with the Hayes and
 * Krippendorff bootstrap), Fleiss' kappa, Cohen's kappa (unweighted, linear, quadratic), the six Shrout and
 * Fleiss intraclass correlations, Gwet's AC1 and percent agreement. Pure: no database, no clock, no
 * Math.random (the bootstrap draws from a seeded xoroshiro128+ stream, pure-rand).
 *
 * Ratings compare by value: the number 1 and the string "1" are different values. `null` is a missing rating
 * (not rated, or N/A). Degenerate input throws an `Error` that says what is wrong; no function returns NaN or
 * Infinity.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** One rating: a number or a string; `null` when missing or not applicable. */
export type Rating = number | string | null;
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";
export type IccForm = "ICC1" | "ICC2" | "ICC3" | "ICC1k" | "ICC2k" | "ICC3k";

const LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];
const ICC_FORMS: readonly IccForm[] = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"];

// ---------------------------------------------------------------------------------------------------------------
// Shared plumbing: validation, and the distinct values of a data set in their canonical order.

function describeRating(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** Throws unless `value` is a finite number, a string or null. */
function checkRating(value: unknown, where: string, what: string): void {
  if (value === null || typeof value === "string") return;
  if (typeof value === "number" && Number.isFinite(value)) return;
  throw new Error(
    `${what}: a rating must be a finite number, a string or null (got ${describeRating(value)} ${where})`,
  );
}

/**
 * Checks a raters x units matrix: an array of at least two arrays of the same length whose cells are ratings.
 * Returns the number of units.
 */
function checkRatersByUnits(data: readonly (readonly Rating[])[], what: string): number {
  if (!Array.isArray(data)) throw new Error(`${what} needs a raters x units array of arrays`);
  if (data.length < 2) throw new Error(`${what} needs at least two raters (got ${data.length})`);
  for (let r = 0; r < data.length; r++) {
    if (!Array.isArray(data[r])) throw new Error(`${what}: rater ${r + 1} is not an array of ratings`);
  }
  const units = data[0].length;
  for (let r = 1; r < data.length; r++) {
    if (data[r].length !== units) {
      throw new Error(
        `${what}: ragged data, rater ${r + 1} has ${data[r].length} ratings but rater 1 has ${units} (every rater needs one entry per unit, null when missing)`,
      );
    }
  }
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    for (let u = 0; u < units; u++) checkRating(row[u], `for rater ${r + 1}, unit ${u + 1}`, what);
  }
  return units;
}

/** Numbers first, in numeric order, then strings in code-unit (lexicographic) order. */
function compareRatings(a: number | string, b: number | string): number {
  if (typeof a === "number") {
    if (typeof b === "number") return a - b;
    return -1;
  }
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Assigns each distinct value an index in insertion order. Numbers and strings live in separate maps so that
 * 1 and "1" stay different values.
 */
class ValueIndex {
  readonly values: (number | string)[] = [];
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();

  indexOf(value: number | string): number {
    const map: Map<number | string, number> = typeof value === "number" ? this.numbers : this.strings;
    let index = map.get(value);
    if (index === undefined) {
      index = this.values.length;
      map.set(value, index);
      this.values.push(value);
    }
    return index;
  }

  find(value: number | string): number | undefined {
    return typeof value === "number" ? this.numbers.get(value) : this.strings.get(value);
  }

  /** Indices re-numbered so that 0, 1, 2, ... follow the canonical order (compareRatings). */
  sortedRanks(): { sorted: (number | string)[]; rankOf: Int32Array } {
    const order = this.values.map((_, i) => i).sort((i, j) => compareRatings(this.values[i], this.values[j]));
    const rankOf = new Int32Array(order.length);
    order.forEach((index, rank) => (rankOf[index] = rank));
    return { sorted: order.map((i) => this.values[i]), rankOf };
  }
}

/**
 * The pairable units of a raters x units matrix (those with at least two non-null ratings) as value counts:
 * for unit u, `values[u]` lists the distinct value indices (sorted order) and `counts[u]` how many raters gave
 * each. `totals[c]` is n_c, the number of pairable ratings with value c; `n` their sum.
 */
type PairableUnits = {
  sorted: (number | string)[];
  units: { values: Int32Array; counts: Int32Array; m: number }[];
  totals: Float64Array;
  n: number;
};

function pairableUnits(data: readonly (readonly Rating[])[], unitCount: number): PairableUnits {
  const index = new ValueIndex();
  const raw: { values: number[]; counts: number[]; m: number }[] = [];
  const scratch: number[] = [];
  const touched: number[] = [];
  for (let u = 0; u < unitCount; u++) {
    let m = 0;
    for (let r = 0; r < data.length; r++) if (data[r][u] !== null) m++;
    if (m < 2) continue;
    touched.length = 0;
    for (let r = 0; r < data.length; r++) {
      const value = data[r][u];
      if (value === null) continue;
      const c = index.indexOf(value);
      while (scratch.length <= c) scratch.push(0);
      if (scratch[c] === 0) touched.push(c);
      scratch[c]++;
    }
    const counts = touched.map((c) => scratch[c]);
    raw.push({ values: touched.slice(), counts, m });
    for (const c of touched) scratch[c] = 0;
  }
  const { sorted, rankOf } = index.sortedRanks();
  const totals = new Float64Array(sorted.length);
  let n = 0;
  const units = raw.map(({ values, counts, m }) => {
    const ranked = Int32Array.from(values, (c) => rankOf[c]);
    const countArray = Int32Array.from(counts);
    for (let i = 0; i < ranked.length; i++) totals[ranked[i]] += countArray[i];
    n += m;
    return { values: ranked, counts: countArray, m };
  });
  return { sorted, units, totals, n };
}

// ---------------------------------------------------------------------------------------------------------------
// Krippendorff's alpha

/**
 * Everything alpha needs, from the coincidence matrix of Krippendorff (2011): the value counts of the pairable
 * units, their margins n_c, the squared difference function δ²(c, k) between value indices, and the two sums
 * Σ_c Σ_k o_ck δ²_ck (observed) and Σ_c Σ_k n_c n_k δ²_ck (expected).
 */
type AlphaParts = PairableUnits & {
  delta2: (c: number, k: number) => number;
  observed: number;
  expected: number;
};

function alphaParts(data: readonly (readonly Rating[])[], level: MeasurementLevel): AlphaParts {
  const what = "Krippendorff's alpha";
  if (!LEVELS.includes(level)) {
    throw new Error(`${what}: unknown level of measurement ${describeRating(level)} (use ${LEVELS.join(", ")})`);
  }
  const unitCount = checkRatersByUnits(data, what);
  if (level === "interval" || level === "ratio") {
    for (let r = 0; r < data.length; r++) {
      for (let u = 0; u < unitCount; u++) {
        const value = data[r][u];
        if (typeof value === "string") {
          throw new Error(
            `${what}: ${level} data must be numeric, but rater ${r + 1} gave the string ${JSON.stringify(value)} for unit ${u + 1} (use "nominal" or "ordinal" for labels)`,
          );
        }
        if (level === "ratio" && typeof value === "number" && value < 0) {
          throw new Error(
            `${what}: ratio data cannot be negative, but rater ${r + 1} gave ${value} for unit ${u + 1} (use "interval")`,
          );
        }
      }
    }
  }
  const parts = pairableUnits(data, unitCount);
  const { sorted, units, totals, n } = parts;
  if (units.length === 0) {
    throw new Error(`${what}: no unit has two or more ratings, so there is nothing to compare`);
  }
  if (sorted.length < 2) {
    throw new Error(
      `${what}: alpha is undefined: all ratings are the same value (no variation): every paired rating is ${describeRating(sorted[0])}`,
    );
  }

  // Positions on a line for the metrics that are squared differences of positions: the values themselves
  // (interval), or for ordinal the mid-points of the cumulative margins, a_c = Σ_{g<c} n_g + n_c / 2, since
  // Σ_{g=c..k} n_g − (n_c + n_k)/2 = a_k − a_c.
  const position = new Float64Array(sorted.length);
  if (level === "ordinal") {
    let cumulative = 0;
    for (let c = 0; c < sorted.length; c++) {
      position[c] = cumulative + totals[c] / 2;
      cumulative += totals[c];
    }
  } else if (level !== "nominal") {
    for (let c = 0; c < sorted.length; c++) position[c] = sorted[c] as number;
  }

  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    if (level === "nominal") return 1;
    if (level === "ratio") {
      const sum = position[c] + position[k];
      return sum === 0 ? 0 : ((position[c] - position[k]) / sum) ** 2;
    }
    return (position[c] - position[k]) ** 2;
  };

  // Observed: Σ_c Σ_k o_ck δ²_ck with o_ck = Σ_u n_uc n_uk / (m_u − 1) for c ≠ k.
  let observed = 0;
  for (const { values, counts, m } of units) {
    let unitSum = 0;
    if (level === "nominal") {
      let same = 0;
      for (let i = 0; i < counts.length; i++) same += counts[i] * counts[i];
      unitSum = m * m - same;
    } else if (level === "ratio") {
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) unitSum += 2 * counts[i] * counts[j] * delta2(values[i], values[j]);
      }
    } else {
      // Σ_{i≠j} (x_i − x_j)² = 2 m Σ (x_i − mean)², over the m ratings of the unit.
      let mean = 0;
      for (let i = 0; i < values.length; i++) mean += counts[i] * position[values[i]];
      mean /= m;
      let squares = 0;
      for (let i = 0; i < values.length; i++) squares += counts[i] * (position[values[i]] - mean) ** 2;
      unitSum = 2 * m * squares;
    }
    observed += unitSum / (m - 1);
  }

  // Expected: Σ_c Σ_k n_c n_k δ²_ck.
  let expected = 0;
  if (level === "nominal") {
    let same = 0;
    for (let c = 0; c < totals.length; c++) same += totals[c] * totals[c];
    expected = n * n - same;
  } else if (level === "ratio") {
    for (let c = 0; c < totals.length; c++) {
      for (let k = c + 1; k < totals.length; k++) expected += 2 * totals[c] * totals[k] * delta2(c, k);
    }
  } else {
    let mean = 0;
    for (let c = 0; c < totals.length; c++) mean += totals[c] * position[c];
    mean /= n;
    let squares = 0;
    for (let c = 0; c < totals.length; c++) squares += totals[c] * (position[c] - mean) ** 2;
    expected = 2 * n * squares;
  }
  if (!(expected > 0) || !Number.isFinite(expected) || !Number.isFinite(observed)) {
    throw new Error(`${what}: alpha is undefined: the expected disagreement is zero (no variation among the ratings)`);
  }
  return { ...parts, delta2, observed, expected };
}

/**
 * Krippendorff's alpha for a raters x units matrix of ratings, at the given level of measurement, computed from
 * the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
 * α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. Missing ratings are `null`; units with fewer than two ratings
 * drop out. The difference functions are nominal (0 when equal, else 1), ordinal
 * ((Σ_{g=c..k} n_g − (n_c + n_k)/2)²), interval ((c − k)²) and ratio (((c − k)/(c + k))²). Interval and ratio
 * need numbers (ratio: not negative). Runs in O(raters x units + values) for nominal, ordinal and interval; ratio
 * takes O(raters² x units + values²) at worst (values: the distinct paired values).
 *
 * @param data one array per rater, one entry per unit (`null` when the rater did not rate the unit)
 * @param level the level of measurement of the ratings
 * @returns alpha: 1 is perfect agreement, 0 what chance would give, below 0 systematic disagreement
 * @throws when there are fewer than two raters, the rows differ in length, no unit has two ratings, or all
 *   paired ratings are the same value (alpha is then undefined)
 * @example
 * krippendorffAlpha([[1, 2, 3, 3], [1, 2, 3, 4]], "nominal").toFixed(3);
 * // => '0.696'
 */
export function krippendorffAlpha(data: Rating[][], level: MeasurementLevel): number {
  const { n, observed, expected } = alphaParts(data, level);
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Krippendorff's alpha with a bootstrap confidence interval, following Hayes and Krippendorff (2007), "Answering
 * the call for a standard reliability measure for coding data" (the KALPHA macro): each bootstrap sample draws
 * M = min(25 q, (raters − 1) n / 2) pairs of values with replacement from the observed coincidences (q: the number
 * of non-empty cells of the coincidence matrix), keeps the expected disagreement fixed, and computes
 * α* = 1 − Σ δ² / (M D_e), floored at −1; samples that drew only matching pairs of a single value score 0, as
 * in KALPHA. The interval is the percentile interval of the samples. Deterministic for a given seed.
 *
 * @param data one array per rater, one entry per unit (`null` when missing)
 * @param level the level of measurement of the ratings
 * @param options samples (default 1000), seed (default 1), confidence (default 0.95)
 * @returns the point estimate, the interval's bounds and the number of bootstrap samples
 * @throws as krippendorffAlpha does, and on a non-integer or non-positive sample count or a confidence level
 *   outside (0, 1)
 * @example
 * const { alpha, lower, upper } = krippendorffAlphaBootstrap([[1, 2, 3, 3], [1, 2, 3, 4]], "nominal", { seed: 7 });
 * // alpha is 0.696 as above; the same data, level and seed always give the same lower and upper
 */
export function krippendorffAlphaBootstrap(
  data: Rating[][],
  level: MeasurementLevel,
  options: { samples?: number; seed?: number; confidence?: number } = {},
): { alpha: number; lower: number; upper: number; samples: number } {
  const samples = options.samples ?? 1000;
  const seed = options.seed ?? 1;
  const confidence = options.confidence ?? 0.95;
  const what = "Krippendorff's alpha bootstrap";
  if (!Number.isInteger(samples) || samples < 1) {
    throw new Error(`${what}: samples must be a positive integer (got ${samples})`);
  }
  if (!Number.isInteger(seed)) throw new Error(`${what}: seed must be an integer (got ${seed})`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new Error(`${what}: confidence must be between 0 and 1, exclusive (got ${confidence})`);
  }

  const parts = alphaParts(data, level);
  const { units, n, delta2, observed, expected } = parts;
  const alpha = 1 - ((n - 1) * observed) / expected;
  const values = parts.sorted.length;

  // The coincidence matrix, upper triangle (c ≤ k): o_cc, and o_ck + o_kc = 2 o_ck off the diagonal.
  const cells = new Map<number, number>();
  for (const unit of units) {
    const weight = 1 / (unit.m - 1);
    for (let i = 0; i < unit.values.length; i++) {
      const c = unit.values[i];
      const same = unit.counts[i] * (unit.counts[i] - 1) * weight;
      if (same > 0) cells.set(c * values + c, (cells.get(c * values + c) ?? 0) + same);
      for (let j = i + 1; j < unit.values.length; j++) {
        const k = unit.values[j];
        const [lo, hi] = c < k ? [c, k] : [k, c];
        cells.set(lo * values + hi, (cells.get(lo * values + hi) ?? 0) + 2 * unit.counts[i] * unit.counts[j] * weight);
      }
    }
  }
  // Each cell's probability of being drawn (summing to 1) and its δ².
  const keys = [...cells.keys()].sort((a, b) => a - b);
  const cumulative = new Float64Array(keys.length);
  const cellDelta = new Float64Array(keys.length);
  let running = 0;
  let nonEmpty = 0; // q: non-empty cells of the full (both triangles) coincidence matrix
  const diagonalShares: number[] = [];
  keys.forEach((key, i) => {
    const c = Math.floor(key / values);
    const k = key % values;
    const weight = cells.get(key)!;
    running += weight / n;
    cumulative[i] = running;
    cellDelta[i] = delta2(c, k);
    nonEmpty += c === k ? 1 : 2;
    if (c === k) diagonalShares.push(weight / n);
  });
  cumulative[cumulative.length - 1] = 1;

  const raters = data.length;
  const draws = Math.max(1, Math.floor(Math.min(25 * nonEmpty, ((raters - 1) * n) / 2)));
  const expectedDisagreement = expected / (n * (n - 1));
  const rng = xoroshiro128plus(seed);
  const alphas = new Float64Array(samples);
  let ones = 0;
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let d = 0; d < draws; d++) {
      const x = uniformFloat64(rng);
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      sum += cellDelta[lo];
    }
    let a = 1 - sum / (draws * expectedDisagreement);
    if (a < -1) a = -1;
    if (a === 1) {
      if (diagonalShares.length <= 1) a = 0;
      else ones++;
    }
    alphas[s] = a;
  }
  // KALPHA's correction: about samples · Σ_c (o_cc / n)^M samples are expected to draw pairs of one value
  // only, where alpha is undefined; that many of the samples at 1 are set to 0.
  if (diagonalShares.length > 1 && ones > 0) {
    const undefinedExpected = Math.round(samples * diagonalShares.reduce((acc, p) => acc + p ** draws, 0));
    let toReset = Math.min(undefinedExpected, ones);
    for (let s = 0; s < samples && toReset > 0; s++) {
      if (alphas[s] === 1) {
        alphas[s] = 0;
        toReset--;
      }
    }
  }
  alphas.sort();
  const tail = (1 - confidence) / 2;
  // KALPHA's percentile positions (1-based): trunc(tail · B) and trunc((1 − tail) · B) + 1. The 1e-9 keeps
  // 0.975 · 1000 from flooring to 974 through rounding.
  const lowerIndex = Math.min(samples - 1, Math.max(0, Math.floor(tail * samples + 1e-9) - 1));
  const upperIndex = Math.min(samples - 1, Math.max(0, Math.floor((1 - tail) * samples + 1e-9)));
  return { alpha, lower: alphas[lowerIndex], upper: alphas[upperIndex], samples };
}

// ---------------------------------------------------------------------------------------------------------------
// Fleiss' kappa

/**
 * Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters") from a subjects x
 * categories table of counts: entry [i][j] is how many raters put subject i in category j. Every subject must
 * have the same number of raters (at least two); the raters need not be the same people.
 *
 * @param counts one row per subject, one column per category, non-negative integer counts
 * @returns kappa: 1 is perfect agreement, 0 what chance would give
 * @throws on an empty or ragged table, non-integer or negative counts, subjects with different numbers of
 *   raters, fewer than two raters per subject, or when every rating falls in one category (kappa undefined)
 * @example
 * fleissKappa([[2, 0], [0, 2], [1, 1]]).toFixed(3);
 * // => '0.333'
 */
export function fleissKappa(counts: number[][]): number {
  const what = "Fleiss' kappa";
  if (!Array.isArray(counts) || counts.length === 0) throw new Error(`${what} needs at least one subject`);
  const categories = Array.isArray(counts[0]) ? counts[0].length : 0;
  if (categories === 0) throw new Error(`${what} needs at least one category column`);
  let raters = -1;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i];
    if (!Array.isArray(row) || row.length !== categories) {
      throw new Error(
        `${what}: ragged table, subject ${i + 1} has ${Array.isArray(row) ? row.length : 0} category counts but subject 1 has ${categories}`,
      );
    }
    let total = 0;
    for (let j = 0; j < categories; j++) {
      const x = row[j];
      if (!Number.isInteger(x) || x < 0) {
        throw new Error(
          `${what}: counts must be non-negative integers (subject ${i + 1}, category ${j + 1} is ${describeRating(x)})`,
        );
      }
      total += x;
    }
    if (raters === -1) raters = total;
    else if (total !== raters) {
      throw new Error(
        `${what}: every subject needs the same number of raters, but subject 1 has ${raters} and subject ${i + 1} has ${total}`,
      );
    }
  }
  if (raters < 2) throw new Error(`${what} needs at least two raters per subject (got ${raters})`);
  const subjects = counts.length;
  let agreement = 0;
  const share = new Float64Array(categories);
  for (const row of counts) {
    let squares = 0;
    for (let j = 0; j < categories; j++) {
      squares += row[j] * row[j];
      share[j] += row[j];
    }
    agreement += (squares - raters) / (raters * (raters - 1));
  }
  const observed = agreement / subjects;
  let chance = 0;
  for (let j = 0; j < categories; j++) chance += (share[j] / (subjects * raters)) ** 2;
  if (chance >= 1) {
    throw new Error(`${what} is undefined: every rating is in the same category (no variation)`);
  }
  return (observed - chance) / (1 - chance);
}

// ---------------------------------------------------------------------------------------------------------------
// Cohen's kappa

/**
 * Cohen's kappa for two raters, unweighted (Cohen 1960) or weighted (Cohen 1968) with linear
 * (1 − |i − j| / (q − 1)) or quadratic (1 − (i − j)² / (q − 1)²) agreement weights, where i and j are the
 * positions of the two ratings in `categories` and q its length. `categories` defaults to the distinct values
 * either rater used, sorted (numbers numerically, then strings); give it when the scale has categories nobody
 * used, since the weights depend on it (as in R irr's `kappa2`, which uses the observed levels). Pairs where
 * either rating is null are dropped.
 *
 * @param rater1 the first rater's ratings, one per unit
 * @param rater2 the second rater's ratings for the same units
 * @param options weights ("unweighted" by default) and categories (the ordered scale)
 * @returns kappa: 1 is perfect agreement, 0 what chance would give
 * @throws when the arrays differ in length, no unit has both ratings, a rating is missing from `categories`,
 *   or chance agreement is 1 (a single category: kappa undefined)
 * @example
 * cohenKappa([1, 2, 3, 3], [1, 2, 3, 4]).toFixed(3);
 * // => '0.667'
 */
export function cohenKappa(
  rater1: Rating[],
  rater2: Rating[],
  options: { weights?: "unweighted" | "linear" | "quadratic"; categories?: Rating[] } = {},
): number {
  const what = "Cohen's kappa";
  const weights = options.weights ?? "unweighted";
  if (weights !== "unweighted" && weights !== "linear" && weights !== "quadratic") {
    throw new Error(`${what}: unknown weights ${describeRating(weights)} (use unweighted, linear or quadratic)`);
  }
  if (!Array.isArray(rater1) || !Array.isArray(rater2)) throw new Error(`${what} needs two arrays of ratings`);
  if (rater1.length !== rater2.length) {
    throw new Error(
      `${what}: the two raters' arrays must have the same length, one entry per unit (got ${rater1.length} and ${rater2.length})`,
    );
  }
  rater1.forEach((x, u) => checkRating(x, `for rater 1, unit ${u + 1}`, what));
  rater2.forEach((x, u) => checkRating(x, `for rater 2, unit ${u + 1}`, what));

  const pairs: [number | string, number | string][] = [];
  for (let u = 0; u < rater1.length; u++) {
    const a = rater1[u];
    const b = rater2[u];
    if (a !== null && b !== null) pairs.push([a, b]);
  }
  if (pairs.length === 0) throw new Error(`${what}: no unit has a rating from both raters`);

  const index = new ValueIndex();
  let scale: (number | string)[];
  if (options.categories !== undefined) {
    if (!Array.isArray(options.categories)) throw new Error(`${what}: categories must be an array`);
    for (const category of options.categories) {
      checkRating(category, "in categories", what);
      if (category === null) throw new Error(`${what}: categories cannot contain null`);
      if (index.find(category) !== undefined) {
        throw new Error(`${what}: categories lists ${describeRating(category)} twice`);
      }
      index.indexOf(category);
    }
    scale = index.values;
    for (const [a, b] of pairs) {
      for (const x of [a, b]) {
        if (index.find(x) === undefined) {
          throw new Error(`${what}: the rating ${describeRating(x)} is not one of the categories given`);
        }
      }
    }
  } else {
    for (const [a, b] of pairs) {
      index.indexOf(a);
      index.indexOf(b);
    }
    scale = [...index.values].sort(compareRatings);
  }
  const q = scale.length;
  if (q < 2) {
    throw new Error(
      `${what} is undefined: there is only one category (${describeRating(scale[0])}), so chance agreement is 1`,
    );
  }
  const position = new ValueIndex();
  for (const category of scale) position.indexOf(category);

  const weight = (i: number, j: number): number => {
    if (weights === "unweighted") return i === j ? 1 : 0;
    if (weights === "linear") return 1 - Math.abs(i - j) / (q - 1);
    return 1 - (i - j) ** 2 / (q - 1) ** 2;
  };
  const table = new Float64Array(q * q);
  const row = new Float64Array(q);
  const column = new Float64Array(q);
  for (const [a, b] of pairs) {
    const i = position.find(a)!;
    const j = position.find(b)!;
    table[i * q + j]++;
    row[i]++;
    column[j]++;
  }
  const total = pairs.length;
  let observed = 0;
  let chance = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const w = weight(i, j);
      observed += (w * table[i * q + j]) / total;
      chance += (w * row[i] * column[j]) / (total * total);
    }
  }
  if (!(chance < 1)) {
    throw new Error(`${what} is undefined: chance agreement is 1 (both raters used one and the same category)`);
  }
  return (observed - chance) / (1 - chance);
}

// ---------------------------------------------------------------------------------------------------------------
// Intraclass correlation

/**
 * The intraclass correlations of Shrout and Fleiss (1979), "Intraclass correlations: uses in assessing rater
 * reliability", from a targets x raters table of numeric scores with no missing values:
 * ICC1 (one-way random, single rater), ICC2 (two-way random, absolute agreement, single rater), ICC3 (two-way
 * mixed, consistency, single rater), and ICC1k, ICC2k, ICC3k for the mean of the k raters.
 *
 * @param data one row per target, one score per rater
 * @param form which of the six coefficients
 * @returns the coefficient (at most 1)
 * @throws with fewer than two targets or two raters, a ragged table, non-finite scores, or when the
 *   coefficient's denominator is zero (e.g. every score the same)
 * @example
 * icc([[1, 2], [3, 4], [5, 7]], "ICC3").toFixed(3);
 * // => '0.968'
 */
export function icc(data: number[][], form: IccForm): number {
  const what = "ICC";
  if (!ICC_FORMS.includes(form)) {
    throw new Error(`${what}: unknown form ${describeRating(form)} (use ${ICC_FORMS.join(", ")})`);
  }
  if (!Array.isArray(data) || data.length < 2) {
    throw new Error(`${what} needs at least two targets (got ${Array.isArray(data) ? data.length : 0})`);
  }
  const k = Array.isArray(data[0]) ? data[0].length : 0;
  if (k < 2) throw new Error(`${what} needs at least two raters (got ${k})`);
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const row = data[i];
    if (!Array.isArray(row) || row.length !== k) {
      throw new Error(
        `${what}: ragged data, target ${i + 1} has ${Array.isArray(row) ? row.length : 0} scores but target 1 has ${k}`,
      );
    }
    for (let j = 0; j < k; j++) {
      if (typeof row[j] !== "number" || !Number.isFinite(row[j])) {
        throw new Error(
          `${what}: scores must be finite numbers (target ${i + 1}, rater ${j + 1} is ${describeRating(row[j])})`,
        );
      }
    }
  }
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      rowMean[i] += data[i][j];
      colMean[j] += data[i][j];
      grand += data[i][j];
    }
  }
  grand /= n * k;
  for (let i = 0; i < n; i++) rowMean[i] /= k;
  for (let j = 0; j < k; j++) colMean[j] /= n;
  let ssTotal = 0;
  let ssRows = 0;
  let ssCols = 0;
  let ssError = 0;
  for (let i = 0; i < n; i++) ssRows += k * (rowMean[i] - grand) ** 2;
  for (let j = 0; j < k; j++) ssCols += n * (colMean[j] - grand) ** 2;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      ssTotal += (data[i][j] - grand) ** 2;
      ssError += (data[i][j] - rowMean[i] - colMean[j] + grand) ** 2;
    }
  }
  if (!(ssTotal > 0)) throw new Error(`${what} is undefined: every score is the same (no variation)`);
  const msRows = ssRows / (n - 1); // BMS: between targets
  const msWithin = (ssTotal - ssRows) / (n * (k - 1)); // WMS: within targets
  const msCols = ssCols / (k - 1); // JMS: between judges
  const msError = ssError / ((n - 1) * (k - 1)); // EMS: residual

  let numerator: number;
  let denominator: number;
  switch (form) {
    case "ICC1":
      numerator = msRows - msWithin;
      denominator = msRows + (k - 1) * msWithin;
      break;
    case "ICC2":
      numerator = msRows - msError;
      denominator = msRows + (k - 1) * msError + (k * (msCols - msError)) / n;
      break;
    case "ICC3":
      numerator = msRows - msError;
      denominator = msRows + (k - 1) * msError;
      break;
    case "ICC1k":
      numerator = msRows - msWithin;
      denominator = msRows;
      break;
    case "ICC2k":
      numerator = msRows - msError;
      denominator = msRows + (msCols - msError) / n;
      break;
    case "ICC3k":
      numerator = msRows - msError;
      denominator = msRows;
      break;
  }
  // A denominator that is zero up to rounding, relative to the overall variance, leaves the ratio undefined.
  const scale = ssTotal / (n * k - 1);
  if (!(Math.abs(denominator) > 1e-12 * scale)) {
    throw new Error(
      `${what}: ${form} is undefined for these scores: its denominator is zero (the targets' mean scores do not vary)`,
    );
  }
  return numerator / denominator;
}

// ---------------------------------------------------------------------------------------------------------------
// Percent agreement and Gwet's AC1

/**
 * For each unit with at least one rating: how many raters gave each value (value counts) and the unit's number
 * of ratings m. Also the number of distinct values used anywhere. Throws when no unit has two ratings.
 */
function unitValueCounts(
  data: readonly (readonly Rating[])[],
  what: string,
): { units: { counts: number[]; values: number[]; m: number }[]; categories: number } {
  const unitCount = checkRatersByUnits(data, what);
  const index = new ValueIndex();
  const units: { counts: number[]; values: number[]; m: number }[] = [];
  let pairable = 0;
  for (let u = 0; u < unitCount; u++) {
    const seen = new Map<number, number>();
    let m = 0;
    for (let r = 0; r < data.length; r++) {
      const value = data[r][u];
      if (value === null) continue;
      const c = index.indexOf(value);
      seen.set(c, (seen.get(c) ?? 0) + 1);
      m++;
    }
    if (m >= 1) units.push({ values: [...seen.keys()], counts: [...seen.values()], m });
    if (m >= 2) pairable++;
  }
  if (pairable === 0) throw new Error(`${what}: no unit has two or more ratings, so there is nothing to compare`);
  return { units, categories: index.values.length };
}

/** The mean over units with two or more ratings of Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1)). */
function meanPairAgreement(units: { counts: number[]; m: number }[]): number {
  let sum = 0;
  let pairable = 0;
  for (const { counts, m } of units) {
    if (m < 2) continue;
    let agreeing = 0;
    for (const x of counts) agreeing += x * (x - 1);
    sum += agreeing / (m * (m - 1));
    pairable++;
  }
  return sum / pairable;
}

/**
 * Percent agreement among any number of raters: for each unit with at least two ratings, the share of pairs of
 * raters who gave the same value, averaged over those units (Gwet's p_a, R irrCAC `pa.coeff.raw`).
 *
 * @param data one array per rater, one entry per unit (`null` when missing)
 * @returns a proportion between 0 and 1
 * @throws when there are fewer than two raters, the rows differ in length, or no unit has two ratings
 * @example
 * percentAgreement([[1, 2, 3], [1, 2, 4], [1, 3, null]]).toFixed(3);
 * // => '0.444' (unit 1: 3 of 3 pairs agree, unit 2: 1 of 3, unit 3: 0 of 1; the mean of 1, 1/3 and 0)
 */
export function percentAgreement(data: Rating[][]): number {
  const { units } = unitValueCounts(data, "Percent agreement");
  return meanPairAgreement(units);
}

/**
 * Gwet's AC1 for any number of raters with missing ratings, unweighted, as in Gwet (2014), Handbook of
 * Inter-Rater Reliability, 4th ed., and R irrCAC `gwet.ac1.raw`: AC1 = (p_a − p_e) / (1 − p_e), where p_a is the
 * percent agreement over the units with two or more ratings, p_e = Σ_k π_k (1 − π_k) / (q − 1), and π_k is the
 * mean, over the units with at least one rating, of the share of the unit's ratings in category k (q: the number
 * of categories used). As in irrCAC, a unit rated once counts towards the π_k but not towards p_a; units with no
 * rating are ignored.
 *
 * @param data one array per rater, one entry per unit (`null` when missing)
 * @returns AC1: 1 is perfect agreement
 * @throws when there are fewer than two raters, the rows differ in length, no unit has two ratings, or only one
 *   category was used (chance agreement undefined)
 * @example
 * gwetAC1([[1, 1, 2, 1], [1, 1, 2, 2]]).toFixed(3);
 * // => '0.529'
 */
export function gwetAC1(data: Rating[][]): number {
  const what = "Gwet's AC1";
  const { units, categories } = unitValueCounts(data, what);
  if (categories < 2) {
    throw new Error(`${what} is undefined: every rating is the same value, so there is only one category`);
  }
  const pa = meanPairAgreement(units);
  const pi = new Float64Array(categories);
  for (const { values, counts, m } of units) {
    for (let i = 0; i < values.length; i++) pi[values[i]] += counts[i] / m;
  }
  let sum = 0;
  for (let c = 0; c < categories; c++) {
    const p = pi[c] / units.length;
    sum += p * (1 - p);
  }
  const pe = sum / (categories - 1);
  return (pa - pe) / (1 - pe);
}
