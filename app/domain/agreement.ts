/**
 * Inter-rater agreement statistics for calibration sessions: Krippendorff's alpha (with the Hayes and
 * Krippendorff bootstrap), Fleiss' kappa, Cohen's kappa (unweighted, linear, quadratic), the six Shrout and
 * Fleiss intraclass correlations, Gwet's AC1 and percent agreement. Pure: no database, no clock, no
 * Math.random (the bootstrap draws from a seeded xoshiro128+ stream).
 *
 * Ratings compare by value: the number 1 and the string "1" are different values. `null` is a missing rating
 * (not rated, or N/A). Degenerate input throws an `Error` that says what is wrong; no function returns NaN or
 * Infinity.
 *
 * Alpha, AC1 and percent agreement read the matrix once, unit by unit, into per-unit value counts held in flat
 * typed arrays (no per-unit objects, no pairs of raters): see `tabulateUnits`.
 */

/** One rating: a number or a string; `null` when missing or not applicable. */
export type Rating = number | string | null;
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";
export type IccForm = "ICC1" | "ICC2" | "ICC3" | "ICC1k" | "ICC2k" | "ICC3k";

const LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];
const ICC_FORMS: readonly IccForm[] = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"];

// ---------------------------------------------------------------------------------------------------------------
// Shared plumbing: validation, the distinct values of a data set, and per-unit value counts.

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
 * Checks the shape of a raters x units matrix: an array of at least two arrays of the same length. Returns the
 * number of units. The cells are checked as they are read (tabulateUnits).
 */
function checkShape(data: readonly (readonly Rating[])[], what: string): number {
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
  return units;
}

/** Throws the error of the first invalid cell in rater, then unit order (called once an invalid cell was seen). */
function throwFirstInvalidRating(data: readonly (readonly Rating[])[], units: number, what: string): never {
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    for (let u = 0; u < units; u++) checkRating(row[u], `for rater ${r + 1}, unit ${u + 1}`, what);
  }
  throw new Error(`${what}: a rating must be a finite number, a string or null`);
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

/** Integers in [-SMALL_INTEGER_OFFSET, SMALL_INTEGER_OFFSET) are indexed by an array look-up, not a Map. */
const SMALL_INTEGER_OFFSET = 1024;

/** Whether `value` is one of the small integers ValueIndex keeps in its array (-0 counts as 0, as in a Map). */
const isSmallInteger = (value: number): boolean =>
  (value | 0) === value && value >= -SMALL_INTEGER_OFFSET && value < SMALL_INTEGER_OFFSET;
/** Units read per block by tabulateUnits. */
const TABULATE_BLOCK = 64;

/**
 * Assigns each distinct value an index in insertion order. Numbers and strings live in separate maps so that
 * 1 and "1" stay different values; small integers (the usual rating scales) in a typed array, `small`, at
 * value + SMALL_INTEGER_OFFSET (-1 when not seen yet), which is much faster to look up than a Map.
 */
class ValueIndex {
  readonly values: (number | string)[] = [];
  readonly small = new Int32Array(2 * SMALL_INTEGER_OFFSET).fill(-1);
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();

  indexOf(value: number | string): number {
    let index = this.find(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      if (typeof value === "string") this.strings.set(value, index);
      else if (isSmallInteger(value)) this.small[value + SMALL_INTEGER_OFFSET] = index;
      else this.numbers.set(value, index);
    }
    return index;
  }

  find(value: number | string): number | undefined {
    if (typeof value === "string") return this.strings.get(value);
    if (!isSmallInteger(value)) return this.numbers.get(value);
    const index = this.small[value + SMALL_INTEGER_OFFSET];
    return index < 0 ? undefined : index;
  }
}

/**
 * The units of a raters x units matrix that have at least `minRatings` ratings, as value counts in compressed
 * rows: tabulated unit t has the distinct values `code[start[t]]` .. `code[start[t + 1] - 1]` (indices into
 * `values`, in the order the unit's raters first gave them), `count[e]` raters gave value `code[e]`, and
 * `m[t]` is the unit's number of ratings. `values` holds every distinct rating of the matrix, in the order
 * they were first read.
 */
type UnitTable = {
  values: readonly (number | string)[];
  units: number;
  start: Int32Array;
  code: Int32Array;
  count: Int32Array;
  m: Int32Array;
};

/**
 * One pass over the matrix, unit by unit, validating each cell as it is read (the first invalid cell in rater,
 * then unit order is reported, as a plain check would). O(raters x units), with no allocation per unit.
 */
function tabulateUnits(
  data: readonly (readonly Rating[])[],
  units: number,
  minRatings: number,
  what: string,
): UnitTable {
  const raters = data.length;
  const index = new ValueIndex();
  const small = index.small;
  // A block of units is read rater by rater (along each rater's array, as memory lies) into `block`
  // (unit-major: block[j * raters + r] is rater r's value code for the block's unit j, -1 when missing), then
  // tallied unit by unit.
  const block = new Int32Array(TABULATE_BLOCK * raters);
  let tally = new Int32Array(16);
  const touched = new Int32Array(raters);
  const start = new Int32Array(units + 1);
  const m = new Int32Array(units);
  let code = new Int32Array(Math.min(raters * units, 4 * units) + 16);
  let count = new Int32Array(code.length);
  let t = 0;
  let e = 0;
  for (let first = 0; first < units; first += TABULATE_BLOCK) {
    const width = Math.min(TABULATE_BLOCK, units - first);
    for (let r = 0; r < raters; r++) {
      const row = data[r];
      for (let j = 0; j < width; j++) {
        const value = row[first + j];
        let c = -1;
        if (value === null) {
          // missing
        } else if (typeof value === "number") {
          // The small-integer test inline, as isSmallInteger: this is the hottest loop.
          if ((value | 0) === value && value >= -SMALL_INTEGER_OFFSET && value < SMALL_INTEGER_OFFSET) {
            c = small[value + SMALL_INTEGER_OFFSET];
            if (c < 0) c = index.indexOf(value);
          } else if (value - value === 0) {
            c = index.indexOf(value);
          } else {
            throwFirstInvalidRating(data, units, what);
          }
        } else if (typeof value === "string") {
          c = index.indexOf(value);
        } else {
          throwFirstInvalidRating(data, units, what);
        }
        block[j * raters + r] = c;
      }
    }
    if (index.values.length > tally.length) {
      const grown = new Int32Array(2 * index.values.length);
      grown.set(tally);
      tally = grown;
    }
    for (let j = 0; j < width; j++) {
      let distinct = 0;
      let ratings = 0;
      const offset = j * raters;
      for (let r = 0; r < raters; r++) {
        const c = block[offset + r];
        if (c < 0) continue;
        if (tally[c]++ === 0) touched[distinct++] = c;
        ratings++;
      }
      if (ratings >= minRatings) {
        if (e + distinct > code.length) {
          const size = 2 * code.length + distinct;
          const grownCode = new Int32Array(size);
          const grownCount = new Int32Array(size);
          grownCode.set(code);
          grownCount.set(count);
          code = grownCode;
          count = grownCount;
        }
        for (let i = 0; i < distinct; i++) {
          const c = touched[i];
          code[e] = c;
          count[e] = tally[c];
          e++;
        }
        m[t] = ratings;
        t++;
        start[t] = e;
      }
      for (let i = 0; i < distinct; i++) tally[touched[i]] = 0;
    }
  }
  return { values: index.values, units: t, start, code, count, m };
}

/**
 * Ratings already counted per unit, like fast-krippendorff's `value_counts`: `counts[u * values.length + v]` is
 * how many raters gave unit u the value `values[v]`, for `counts.length / values.length` units. `raters` is the
 * number of raters behind the counts (no unit has more ratings; the bootstrap's number of draws depends on it).
 * For callers that have counted the ratings anyway, so that they are not spread out into a matrix and counted
 * again.
 *
 * @example { values: [1, 2, 3], counts: [2, 0, 0, 0, 1, 1], raters: 2 } // unit 1: 1, 1; unit 2: 2, 3
 */
export type ValueCounts = { values: readonly (number | string)[]; counts: ArrayLike<number>; raters: number };

/** ValueCounts as a UnitTable (units with at least `minRatings` ratings; codes index `values`), checked. */
function tabulateCounts({ values, counts, raters }: ValueCounts, minRatings: number, what: string): UnitTable {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`${what}: value counts need a list of values`);
  // A Set tells values apart as ValueIndex does: 1 and "1" differ, 0 and -0 do not.
  const seen = new Set<number | string>();
  values.forEach((value, v) => {
    checkRating(value, `as value ${v + 1}`, what);
    if (value === null) throw new Error(`${what}: the values of value counts cannot contain null`);
    if (seen.has(value)) throw new Error(`${what}: value counts list ${describeRating(value)} twice`);
    seen.add(value);
  });
  const width = values.length;
  if (!counts || typeof counts.length !== "number" || counts.length % width !== 0) {
    throw new Error(`${what}: value counts need one count per unit and value (a multiple of ${width} counts)`);
  }
  if (!Number.isInteger(raters)) {
    throw new Error(`${what}: value counts need the number of raters (got ${describeRating(raters)})`);
  }
  if (raters < 2) throw new Error(`${what} needs at least two raters (got ${raters})`);
  const units = counts.length / width;
  const start = new Int32Array(units + 1);
  const m = new Int32Array(units);
  const code = new Int32Array(Math.min(counts.length, units * raters));
  const count = new Int32Array(code.length);
  let t = 0;
  let e = 0;
  for (let u = 0; u < units; u++) {
    let ratings = 0;
    for (let v = 0; v < width; v++) {
      const x = counts[u * width + v];
      if (!Number.isInteger(x) || x < 0) {
        throw new Error(
          `${what}: counts must be non-negative integers (unit ${u + 1}, value ${describeRating(values[v])} has ${describeRating(x)})`,
        );
      }
      ratings += x;
    }
    if (ratings > raters) {
      throw new Error(`${what}: unit ${u + 1} has ${ratings} ratings but there are only ${raters} raters`);
    }
    if (ratings < minRatings) continue;
    for (let v = 0; v < width; v++) {
      const x = counts[u * width + v];
      if (x === 0) continue;
      code[e] = v;
      count[e] = x;
      e++;
    }
    m[t] = ratings;
    t++;
    start[t] = e;
  }
  return { values, units: t, start, code, count, m };
}

// ---------------------------------------------------------------------------------------------------------------
// Krippendorff's alpha

/**
 * Everything alpha needs, from the coincidence matrix of Krippendorff (2011): the pairable units' value counts
 * (`table`, with `code` re-numbered to `sorted`'s order), the margins n_c of the distinct paired values
 * `sorted`, their sum n, the squared difference function δ²(c, k) between value indices, and the two sums
 * Σ_c Σ_k o_ck δ²_ck (observed) and Σ_c Σ_k n_c n_k δ²_ck (expected).
 */
type AlphaParts = {
  sorted: (number | string)[];
  table: UnitTable;
  totals: Float64Array;
  n: number;
  delta2: (c: number, k: number) => number;
  observed: number;
  expected: number;
};

/** Throws on strings (interval, ratio) or negative numbers (ratio), naming the first such cell. */
function checkNumericLevel(
  data: readonly (readonly Rating[])[],
  units: number,
  level: "interval" | "ratio",
  values: readonly (number | string)[],
  what: string,
): void {
  if (!values.some((value) => typeof value === "string" || (level === "ratio" && value < 0))) return;
  for (let r = 0; r < data.length; r++) {
    for (let u = 0; u < units; u++) {
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

function checkLevel(level: MeasurementLevel, what: string): void {
  if (!LEVELS.includes(level)) {
    throw new Error(`${what}: unknown level of measurement ${describeRating(level)} (use ${LEVELS.join(", ")})`);
  }
}

function alphaParts(data: readonly (readonly Rating[])[], level: MeasurementLevel): AlphaParts {
  const what = "Krippendorff's alpha";
  checkLevel(level, what);
  const unitCount = checkShape(data, what);
  const table = tabulateUnits(data, unitCount, 2, what);
  if (level === "interval" || level === "ratio") checkNumericLevel(data, unitCount, level, table.values, what);
  return alphaFromTable(table, level, what);
}

function alphaPartsFromCounts(valueCounts: ValueCounts, level: MeasurementLevel): AlphaParts {
  const what = "Krippendorff's alpha";
  checkLevel(level, what);
  const table = tabulateCounts(valueCounts, 2, what);
  if (level === "interval" || level === "ratio") {
    for (const value of table.values) {
      if (typeof value === "string" || (level === "ratio" && value < 0)) {
        throw new Error(
          `${what}: ${level} data must be numeric${level === "ratio" ? " and not negative" : ""}, but the values include ${describeRating(value)}`,
        );
      }
    }
  }
  return alphaFromTable(table, level, what);
}

/** The parts of alpha from the pairable units' value counts (re-numbers `table.code` to `sorted`'s order). */
function alphaFromTable(table: UnitTable, level: MeasurementLevel, what: string): AlphaParts {
  const { units, start, code, count, m } = table;
  if (units === 0) {
    throw new Error(`${what}: no unit has two or more ratings, so there is nothing to compare`);
  }

  // The distinct values of the pairable ratings, in canonical order; codes re-numbered to that order.
  const seen = table.values;
  const byCode = new Float64Array(seen.length);
  const entries = start[units];
  for (let e = 0; e < entries; e++) byCode[code[e]] += count[e];
  const order = seen.flatMap((_, c) => (byCode[c] > 0 ? [c] : [])).sort((i, j) => compareRatings(seen[i], seen[j]));
  const sorted = order.map((c) => seen[c]);
  const totals = Float64Array.from(order, (c) => byCode[c]);
  const rankOf = new Int32Array(seen.length);
  order.forEach((c, rank) => (rankOf[c] = rank));
  for (let e = 0; e < entries; e++) code[e] = rankOf[code[e]];
  let n = 0;
  for (let t = 0; t < units; t++) n += m[t];
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

  // Observed: Σ_c Σ_k o_ck δ²_ck with o_ck = Σ_u n_uc n_uk / (m_u − 1) for c ≠ k, unit by unit from its counts.
  let observed = 0;
  if (level === "nominal") {
    // Σ_{c≠k} n_uc n_uk = m_u² − Σ_c n_uc².
    for (let t = 0; t < units; t++) {
      let same = 0;
      for (let e = start[t]; e < start[t + 1]; e++) same += count[e] * count[e];
      observed += (m[t] * m[t] - same) / (m[t] - 1);
    }
  } else if (level === "ratio") {
    for (let t = 0; t < units; t++) {
      let unitSum = 0;
      for (let i = start[t]; i < start[t + 1]; i++) {
        for (let j = i + 1; j < start[t + 1]; j++) unitSum += 2 * count[i] * count[j] * delta2(code[i], code[j]);
      }
      observed += unitSum / (m[t] - 1);
    }
  } else {
    // Σ_{i≠j} (x_i − x_j)² = 2 m Σ (x_i − mean)², over the m ratings of the unit.
    for (let t = 0; t < units; t++) {
      let mean = 0;
      for (let e = start[t]; e < start[t + 1]; e++) mean += count[e] * position[code[e]];
      mean /= m[t];
      let squares = 0;
      for (let e = start[t]; e < start[t + 1]; e++) squares += count[e] * (position[code[e]] - mean) ** 2;
      observed += (2 * m[t] * squares) / (m[t] - 1);
    }
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
  return { sorted, table, totals, n, delta2, observed, expected };
}

/**
 * Krippendorff's alpha for a raters x units matrix of ratings, at the given level of measurement, computed from
 * the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
 * α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. Missing ratings are `null`; units with fewer than two ratings
 * drop out. The difference functions are nominal (0 when equal, else 1), ordinal
 * ((Σ_{g=c..k} n_g − (n_c + n_k)/2)²), interval ((c − k)²) and ratio (((c − k)/(c + k))²). Interval and ratio
 * need numbers (ratio: not negative). The ratings are counted per unit (never per pair of raters), so it runs
 * in O(raters x units + values) for nominal, ordinal and interval; ratio takes O(Σ_u k_u² + values²) at worst
 * (k_u: the distinct values of unit u; values: the distinct paired values).
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
 * krippendorffAlpha from ratings already counted per unit (ValueCounts): the same computation, without the
 * raters x units matrix. Equal to krippendorffAlpha on a matrix with those counts, up to rounding.
 *
 * @throws as krippendorffAlpha does, and on malformed counts (negative or fractional counts, a unit with more
 *   ratings than raters, repeated values)
 * @example
 * // The matrix [[1, 2, 3, 3], [1, 2, 3, 4]] counted per unit (units 1..4, values 1..4):
 * const counts = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 1, 1];
 * krippendorffAlphaFromCounts({ values: [1, 2, 3, 4], counts, raters: 2 }, "nominal").toFixed(3);
 * // => '0.696', as krippendorffAlpha on the matrix
 */
export function krippendorffAlphaFromCounts(valueCounts: ValueCounts, level: MeasurementLevel): number {
  const { n, observed, expected } = alphaPartsFromCounts(valueCounts, level);
  return 1 - ((n - 1) * observed) / expected;
}

/** Coincidence matrices up to this many distinct values are summed in a dense V x V array, larger ones in a Map. */
const DENSE_COINCIDENCE_VALUES = 256;
/** The bootstrap's guide table: 2^GUIDE_BITS equal slices of [0, 1), each knowing its first candidate cell. */
const GUIDE_BITS = 10;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * Output `i` (0, 1, ...) of SplitMix32 started at `seed`: its state advances by the golden ratio 0x9e3779b9 and
 * each output mixes the state. Spreads a seed (taken modulo 2^32) over xoshiro128+'s 128 bits of state.
 */
function splitMix32(seed: number, i: number): number {
  let z = ((seed | 0) + Math.imul(i + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return z ^ (z >>> 15);
}

/**
 * Krippendorff's alpha with a bootstrap confidence interval, following Hayes and Krippendorff (2007), "Answering
 * the call for a standard reliability measure for coding data" (the KALPHA macro): each bootstrap sample draws
 * M = min(25 q, (raters − 1) n / 2) pairs of values with replacement from the observed coincidences (q: the number
 * of non-empty cells of the coincidence matrix), keeps the expected disagreement fixed, and computes
 * α* = 1 − Σ δ² / (M D_e), floored at −1; samples that drew only matching pairs of a single value score 0, as
 * in KALPHA. The interval is the percentile interval of the samples. Deterministic for a given seed.
 *
 * Cost: one alpha, then samples x M draws, each one step of xoshiro128+ (seeded by SplitMix32; the uniform is
 * its 32-bit output / 2^32) and, almost always, one table look-up.
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
  options: BootstrapOptions = {},
): BootstrapResult {
  const settings = bootstrapSettings(options);
  return bootstrapFromParts(alphaParts(data, level), data.length, settings);
}

/**
 * krippendorffAlphaBootstrap from ratings already counted per unit (ValueCounts; its `raters` sets M).
 *
 * @throws as krippendorffAlphaBootstrap and krippendorffAlphaFromCounts do
 * @example
 * const valueCounts = { values: [0, 1], counts: [2, 0, 1, 1, 0, 2], raters: 2 }; // units (0, 0), (0, 1), (1, 1)
 * krippendorffAlphaBootstrapFromCounts(valueCounts, "nominal", { seed: 7 });
 * // the same result as krippendorffAlphaBootstrap([[0, 0, 1], [0, 1, 1]], "nominal", { seed: 7 })
 */
export function krippendorffAlphaBootstrapFromCounts(
  valueCounts: ValueCounts,
  level: MeasurementLevel,
  options: BootstrapOptions = {},
): BootstrapResult {
  const settings = bootstrapSettings(options);
  return bootstrapFromParts(alphaPartsFromCounts(valueCounts, level), valueCounts.raters, settings);
}

type BootstrapOptions = { samples?: number; seed?: number; confidence?: number };
type BootstrapResult = { alpha: number; lower: number; upper: number; samples: number };

function bootstrapSettings(options: BootstrapOptions): Required<BootstrapOptions> {
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
  return { samples, seed, confidence };
}

function bootstrapFromParts(
  { table, n, delta2, observed, expected, sorted }: AlphaParts,
  raters: number,
  { samples, seed, confidence }: Required<BootstrapOptions>,
): BootstrapResult {
  const alpha = 1 - ((n - 1) * observed) / expected;
  const values = sorted.length;

  // The coincidence matrix, upper triangle (c ≤ k): o_cc, and o_ck + o_kc = 2 o_ck off the diagonal, as
  // cell key c · values + k.
  const grid = values <= DENSE_COINCIDENCE_VALUES ? new Float64Array(values * values) : null;
  const map = grid === null ? new Map<number, number>() : null;
  const add = (key: number, weight: number): void => {
    if (grid !== null) grid[key] += weight;
    else map!.set(key, (map!.get(key) ?? 0) + weight);
  };
  const { start, code, count, m } = table;
  for (let t = 0; t < table.units; t++) {
    const weight = 1 / (m[t] - 1);
    for (let i = start[t]; i < start[t + 1]; i++) {
      const c = code[i];
      const same = count[i] * (count[i] - 1) * weight;
      if (same > 0) add(c * values + c, same);
      for (let j = i + 1; j < start[t + 1]; j++) {
        const k = code[j];
        add(c < k ? c * values + k : k * values + c, 2 * count[i] * count[j] * weight);
      }
    }
  }
  const keys: number[] = [];
  const weights: number[] = [];
  if (grid !== null) {
    for (let key = 0; key < grid.length; key++) {
      if (grid[key] > 0) {
        keys.push(key);
        weights.push(grid[key]);
      }
    }
  } else {
    for (const key of [...map!.keys()].sort((a, b) => a - b)) {
      keys.push(key);
      weights.push(map!.get(key)!);
    }
  }

  // Each cell's probability of being drawn (cumulative, summing to 1) and its δ².
  const cells = keys.length;
  const cumulative = new Float64Array(cells);
  const cellDelta = new Float64Array(cells);
  let running = 0;
  let nonEmpty = 0; // q: non-empty cells of the full (both triangles) coincidence matrix
  const diagonalShares: number[] = [];
  for (let i = 0; i < cells; i++) {
    const c = Math.floor(keys[i] / values);
    const k = keys[i] % values;
    running += weights[i] / n;
    cumulative[i] = running;
    cellDelta[i] = delta2(c, k);
    nonEmpty += c === k ? 1 : 2;
    if (c === k) diagonalShares.push(weights[i] / n);
  }
  cumulative[cells - 1] = 1;

  // A draw x in [0, 1) lands in the first cell whose cumulative share exceeds x. guide[b] is that cell for
  // x = b / 2^GUIDE_BITS; when guide[b] = guide[b + 1] every x of slice b lands there, and sliceDelta[b] is that
  // cell's δ²; otherwise sliceDelta[b] is NaN and a short scan from guide[b] decides.
  const slices = 1 << GUIDE_BITS;
  const guide = new Int32Array(slices + 1);
  for (let b = 0, i = 0; b < slices; b++) {
    while (cumulative[i] <= b / slices) i++;
    guide[b] = i;
  }
  guide[slices] = cells - 1;
  const sliceDelta = new Float64Array(slices);
  for (let b = 0; b < slices; b++) sliceDelta[b] = guide[b] === guide[b + 1] ? cellDelta[guide[b]] : NaN;

  const draws = Math.max(1, Math.floor(Math.min(25 * nonEmpty, ((raters - 1) * n) / 2)));
  const expectedDisagreement = expected / (n * (n - 1));
  const alphas = new Float64Array(samples);
  let ones = 0;
  // xoshiro128+ (Blackman and Vigna 2018), a generator of 32-bit words, as JavaScript's bit operations are:
  // four int32 state words seeded from `seed` by SplitMix32. Each draw is one step; its output w gives the
  // uniform x = w / 2^32 in [0, 1), whose top GUIDE_BITS are the slice (the generator's weaker low bits only
  // break ties within a slice).
  let s0 = splitMix32(seed, 0);
  let s1 = splitMix32(seed, 1);
  let s2 = splitMix32(seed, 2);
  let s3 = splitMix32(seed, 3);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the one state xoshiro cannot leave
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let d = 0; d < draws; d++) {
      const word = (s0 + s3) | 0;
      const shifted = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= shifted;
      s3 = (s3 << 11) | (s3 >>> 21);
      const slice = word >>> (32 - GUIDE_BITS);
      let delta = sliceDelta[slice];
      if (delta !== delta) {
        const x = (word >>> 0) * TWO_POW_MINUS_32;
        let cell = guide[slice];
        while (cumulative[cell] <= x) cell++;
        delta = cellDelta[cell];
      }
      sum += delta;
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
 * The units with at least one rating as value counts (tabulateUnits), and the number of distinct values used
 * anywhere. Throws when no unit has two ratings.
 */
function unitValueCounts(data: readonly (readonly Rating[])[], what: string): UnitTable {
  return checkPairable(tabulateUnits(data, checkShape(data, what), 1, what), what);
}

function checkPairable(table: UnitTable, what: string): UnitTable {
  let pairable = 0;
  for (let t = 0; t < table.units; t++) if (table.m[t] >= 2) pairable++;
  if (pairable === 0) throw new Error(`${what}: no unit has two or more ratings, so there is nothing to compare`);
  return table;
}

/** The mean over units with two or more ratings of Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1)). */
function meanPairAgreement({ units, start, count, m }: UnitTable): number {
  let sum = 0;
  let pairable = 0;
  for (let t = 0; t < units; t++) {
    if (m[t] < 2) continue;
    let agreeing = 0;
    for (let e = start[t]; e < start[t + 1]; e++) agreeing += count[e] * (count[e] - 1);
    sum += agreeing / (m[t] * (m[t] - 1));
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
  return meanPairAgreement(unitValueCounts(data, "Percent agreement"));
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
  return ac1FromTable(unitValueCounts(data, what), what);
}

/**
 * gwetAC1 from ratings already counted per unit (ValueCounts). The categories are the values that occur.
 *
 * @throws as gwetAC1 does, and on malformed counts
 * @example
 * gwetAC1FromCounts({ values: [1, 2], counts: [2, 0, 2, 0, 0, 2, 1, 1], raters: 2 }).toFixed(3);
 * // => '0.529' (the matrix [[1, 1, 2, 1], [1, 1, 2, 2]] counted per unit)
 */
export function gwetAC1FromCounts(valueCounts: ValueCounts): number {
  const what = "Gwet's AC1";
  return ac1FromTable(checkPairable(tabulateCounts(valueCounts, 1, what), what), what);
}

function ac1FromTable(table: UnitTable, what: string): number {
  const { units, start, code, count, m } = table;
  // The categories that occur, in the order they first appear (unit by unit): a fixed summation order.
  const pi = new Float64Array(table.values.length);
  const order = new Int32Array(pi.length);
  let categories = 0;
  for (let t = 0; t < units; t++) {
    for (let e = start[t]; e < start[t + 1]; e++) {
      if (pi[code[e]] === 0) order[categories++] = code[e];
      pi[code[e]] += count[e] / m[t];
    }
  }
  if (categories < 2) {
    throw new Error(`${what} is undefined: every rating is the same value, so there is only one category`);
  }
  const pa = meanPairAgreement(table);
  let sum = 0;
  for (let i = 0; i < categories; i++) {
    const p = pi[order[i]] / units;
    sum += p * (1 - p);
  }
  const pe = sum / (categories - 1);
  return (pa - pe) / (1 - pe);
}
