/**
 * How precisely n evaluations pin down an agent's mean QA score, and how many more would pin it down
 * to a target. The 95% margin of error of a mean is t(0.975, n-1) · s / √n (s: sample standard deviation).
 */

// t(0.975, df) for df = 1..30, the published two-sided 95% table values (NIST/SEMATECH e-Handbook,
// table 1.3.6.7.2), to four decimals.
const T_975_TABLE = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];
const Z_975 = 1.959963984540054;

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: the table above for df ≤ 30, and above
 * that the Cornish-Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5, four terms),
 * which is within 0.0001 of the exact value there and tends to 1.96 as df grows.
 *
 * @example tQuantile975(4) // => 2.7764
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T_975_TABLE.length) return T_975_TABLE[df - 1];
  const z = Z_975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The 95% margin of error of a mean of n values with sample standard deviation sd (n ≥ 2). */
export function marginOfError95(n: number, sd: number): number {
  return (tQuantile975(n - 1) * sd) / Math.sqrt(n);
}

export type SampleSize =
  | {
      status: "ok";
      n: number;
      sd: number;
      t: number;
      /** ± points at 95% confidence. */
      margin: number;
      targetMargin: number;
      /** Evaluations beyond n needed for margin ≤ targetMargin (0 when already there). */
      additionalNeeded: number;
    }
  | { status: "not_enough_data"; n: number; reason: string };

/**
 * Margin of error for n evaluations with sample standard deviation sd, and how many more reach
 * ±targetMargin points (the smallest n' ≥ n with t(0.975, n'-1) · sd / √n' ≤ target, minus n).
 * Fewer than two evaluations, or a spread of zero (all scores equal), cannot estimate the spread:
 * that is "not enough data", never NaN or a falsely perfect ±0.
 *
 * @example computeSampleSize({ n: 10, sd: 12 }) // => margin 8.58, additionalNeeded 15 (25 reach ±4.95)
 */
export function computeSampleSize(input: { n: number; sd: number | null; targetMargin?: number }): SampleSize {
  const { n, sd } = input;
  const targetMargin = input.targetMargin ?? 5;
  if (!Number.isInteger(n) || n < 0 || !(targetMargin > 0))
    throw new RangeError("n must be a count and the target positive");
  if (n === 0) return { status: "not_enough_data", n, reason: "No submitted evaluations yet." };
  if (n === 1) {
    return { status: "not_enough_data", n, reason: "One evaluation so far: the spread needs at least two." };
  }
  if (sd === null || !Number.isFinite(sd) || sd < 0) {
    return { status: "not_enough_data", n, reason: "The spread of the scores is unknown." };
  }
  if (sd === 0) {
    return {
      status: "not_enough_data",
      n,
      reason: `All ${n} evaluations have the same score, so the spread cannot be estimated yet.`,
    };
  }
  const margin = marginOfError95(n, sd);
  // t ≥ z for every df, so (z · sd / target)² is a lower bound on the answer: start the search there.
  let total = Math.max(n, 2, Math.ceil(((Z_975 * sd) / targetMargin) ** 2));
  while (marginOfError95(total, sd) > targetMargin) total++;
  return {
    status: "ok",
    n,
    sd,
    t: tQuantile975(n - 1),
    margin,
    targetMargin,
    additionalNeeded: margin <= targetMargin ? 0 : total - n,
  };
}
