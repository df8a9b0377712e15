import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSignificant, twoProportionTest } from "./significance";

describe("twoProportionTest", () => {
  it("agrees with R's prop.test(correct = FALSE) on a published example", () => {
    // InfluentialPoints, "Two-sample test for independent proportions - using R"
    // (https://influentialpoints.com/notes/n9rmf3.htm), R output:
    //   2-sample test for equality of proportions without continuity correction
    //   X-squared = 6.1026, df = 1, p-value = 0.01350
    //   95 percent confidence interval: 0.03074072 0.23838896; sample estimates: 0.4392523 0.3046875
    // The proportions are 94/214 and 39/128; with those counts X² (= z²) and the interval reproduce exactly
    // (SciPy 1.17 chi2_contingency(correction=False): X² 6.102603, p 0.0134983).
    const result = twoProportionTest(94, 214, 39, 128);
    expect(result).not.toBeNull();
    if (!result) return;
    expect(94 / 214).toBeCloseTo(0.4392523, 7);
    expect(39 / 128).toBeCloseTo(0.3046875, 7);
    expect(result.z ** 2).toBeCloseTo(6.1026, 4);
    expect(result.z).toBeCloseTo(2.470345, 6);
    expect(result.pValue).toBeCloseTo(0.0135, 4);
    expect(Math.abs(result.pValue - 0.0134983)).toBeLessThan(1e-6);
    expect(result.difference).toBeCloseTo(0.4392523 - 0.3046875, 7);
  });

  it("matches a hand computation", () => {
    // Cohort meets a criterion 40 of 100 times, peers 25 of 100: p̂ = 65/200 = 0.325,
    // SE = √(0.325 · 0.675 · (1/100 + 1/100)) = √0.0043875 = 0.066238, z = 0.15 / 0.066238 = 2.26455,
    // z² = 0.0225 / 0.0043875 = 200/39 = 5.128205; two-sided p = 2(1 − Φ(2.26455)) = 0.023540
    // (SciPy 1.17: chi2_contingency([[40, 60], [25, 75]], correction=False) → 5.128205, p 0.0235401).
    const result = twoProportionTest(40, 100, 25, 100);
    if (!result) throw new Error("expected a result");
    expect(result.z).toBeCloseTo(2.264554, 6);
    expect(result.z ** 2).toBeCloseTo(200 / 39, 10);
    expect(result.pValue).toBeCloseTo(0.02354, 5);
    expect(result.difference).toBeCloseTo(0.15, 12);
  });

  it("gives a negative z when the first group is lower, and the same p either way round", () => {
    // 12/40 = 0.3 vs 30/60 = 0.5: p̂ = 0.42, SE = √(0.42 · 0.58 · (1/40 + 1/60)) = 0.100747, z = −1.98517,
    // p = 0.047126 (SciPy 1.17 chi2_contingency, correction=False).
    const a = twoProportionTest(12, 40, 30, 60);
    const b = twoProportionTest(30, 60, 12, 40);
    expect(a?.z).toBeCloseTo(-1.985167, 6);
    expect(a?.pValue).toBeCloseTo(0.047126, 5);
    expect(b?.z).toBeCloseTo(-(a?.z ?? 0), 12);
    expect(b?.pValue).toBeCloseTo(a?.pValue ?? 0, 12);
    expect(a?.difference).toBeCloseTo(-0.2, 12);
  });

  it("gives z = 0 and p = 1 for equal proportions", () => {
    const result = twoProportionTest(20, 40, 50, 100);
    expect(result?.z).toBe(0);
    expect(result?.pValue).toBeCloseTo(1, 6);
  });

  it("gives p near 0, never negative, for a huge difference", () => {
    const result = twoProportionTest(990, 1000, 10, 1000);
    expect(result?.z).toBeGreaterThan(40);
    expect(result?.pValue).toBeGreaterThanOrEqual(0);
    expect(result?.pValue).toBeLessThan(1e-12);
  });

  it("is null when a group is empty or the pooled proportion is 0 or 1", () => {
    expect(twoProportionTest(0, 0, 5, 10)).toBeNull();
    expect(twoProportionTest(5, 10, 0, 0)).toBeNull();
    expect(twoProportionTest(0, 10, 0, 20)).toBeNull(); // nobody met it
    expect(twoProportionTest(10, 10, 20, 20)).toBeNull(); // everybody did
  });

  it("refuses counts that are not whole or exceed their trials", () => {
    expect(() => twoProportionTest(11, 10, 5, 10)).toThrow(RangeError);
    expect(() => twoProportionTest(-1, 10, 5, 10)).toThrow(RangeError);
    expect(() => twoProportionTest(2.5, 10, 5, 10)).toThrow(RangeError);
    expect(() => twoProportionTest(5, 10, 5, Number.NaN)).toThrow(RangeError);
  });

  it("always returns a finite z and a p between 0 and 1", () => {
    const group = fc.nat({ max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const result = twoProportionTest(x1, n1, x2, n2);
        if (result === null) return;
        expect(Number.isFinite(result.z)).toBe(true);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        expect(result.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
      }),
    );
  });
});

describe("isSignificant", () => {
  it("compares p with alpha (0.05 by default)", () => {
    const published = twoProportionTest(94, 214, 39, 128); // p = 0.0135
    expect(isSignificant(published)).toBe(true);
    expect(isSignificant(published, 0.01)).toBe(false);
    expect(isSignificant(twoProportionTest(20, 40, 50, 100))).toBe(false);
  });

  it("is false for a test that could not run, so trainers are not sent after noise", () => {
    expect(isSignificant(null)).toBe(false);
    // A small cohort: 3 of 5 vs 50 of 100 looks worse-or-better but tells nothing.
    expect(isSignificant(twoProportionTest(3, 5, 50, 100))).toBe(false);
  });

  it("refuses an alpha outside (0, 1)", () => {
    expect(() => isSignificant(null, 0)).toThrow(RangeError);
    expect(() => isSignificant(null, 1.5)).toThrow(RangeError);
  });
});
