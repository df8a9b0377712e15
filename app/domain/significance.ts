/**
 * Is a cohort really worse than its peers on a criterion, or is it noise? A two-proportion z-test with the
 * pooled proportion (issue 5: "a two-proportion test is enough"), two-sided. Pure.
 *
 *   p̂1 = x1/n1, p̂2 = x2/n2, p̂ = (x1 + x2)/(n1 + n2)
 *   z = (p̂1 − p̂2) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p = 2(1 − Φ(|z|)) = erfc(|z|/√2)
 *
 * z² equals Pearson's chi-square on the 2×2 table, so the result agrees with R's
 * `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`. The normal approximation wants roughly five or more
 * successes and failures in each group; smaller groups rarely reach significance anyway.
 *
 * The two groups must not overlap: compare a cohort with its peers excluding the cohort.
 *
 * @example twoProportionTest(94, 214, 39, 128) // => { z: 2.4703, pValue: 0.0135, difference: 0.1346 }
 */
import { errorFunction } from "simple-statistics";

export type TwoProportionResult = {
  /** Positive when the first group's proportion is the higher. */
  z: number;
  /** Two-sided. */
  pValue: number;
  /** x1/n1 − x2/n2. */
  difference: number;
};

function checkCount(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) {
    throw new RangeError(`expected whole counts with 0 ≤ x ≤ n, got x = ${x}, n = ${n}`);
  }
}

/**
 * Pooled two-proportion z-test of x1 successes in n1 trials against x2 in n2. null when a group is empty or
 * the pooled proportion is 0 or 1 (everyone passed, or nobody did: no variance to test against).
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult | null {
  checkCount(x1, n1);
  checkCount(x2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return null;
  const difference = x1 / n1 - x2 / n2;
  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // erfc(|z|/√2) = 1 − erf(|z|/√2); simple-statistics' erf is good to about 1e-7.
  const pValue = Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
  return { z, pValue, difference };
}

/** p < alpha; false for a test that could not run (null). */
export function isSignificant(result: TwoProportionResult | null, alpha = 0.05): boolean {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  return result !== null && result.pValue < alpha;
}
