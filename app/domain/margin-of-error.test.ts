import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSampleSize, marginOfError95, tQuantile975 } from "./margin-of-error";

describe("tQuantile975", () => {
  it("agrees with the published t table (two-sided 95%)", () => {
    // NIST/SEMATECH e-Handbook table 1.3.6.7.2, and any textbook t table, to three decimals.
    const published: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [9, 2.262],
      [10, 2.228],
      [19, 2.093],
      [29, 2.045],
      [30, 2.042],
    ];
    for (const [df, t] of published) expect(tQuantile975(df), `df ${df}`).toBeCloseTo(t, 3);
  });

  it("stays within 0.0001 of the exact quantile above the table (R qt(0.975, df), SciPy t.ppf)", () => {
    const exact: [number, number][] = [
      [31, 2.039513],
      [40, 2.021075],
      [60, 2.000298],
      [120, 1.97993],
      [1000, 1.962339],
    ];
    for (const [df, t] of exact) expect(Math.abs(tQuantile975(df) - t), `df ${df}`).toBeLessThan(1e-4);
    expect(tQuantile975(1_000_000)).toBeCloseTo(1.959964, 5);
  });

  it("decreases with the degrees of freedom and never drops below the normal quantile", () => {
    for (let df = 1; df < 500; df++) {
      expect(tQuantile975(df + 1)).toBeLessThan(tQuantile975(df));
      expect(tQuantile975(df)).toBeGreaterThan(1.959963);
    }
  });

  it("refuses degrees of freedom that are not positive integers", () => {
    for (const df of [0, -1, 2.5, Number.NaN]) expect(() => tQuantile975(df)).toThrow(RangeError);
  });
});

describe("computeSampleSize", () => {
  it("computes t · s / √n and how many more evaluations reach ±5 points", () => {
    // n = 10, s = 12: 2.2622 · 12 / √10 = 8.58; n' = 25 is the first with a margin ≤ 5 (2.0639 · 12 / 5 = 4.95).
    const result = computeSampleSize({ n: 10, sd: 12 });
    expect(result).toMatchObject({ status: "ok", n: 10, sd: 12, t: 2.2622, additionalNeeded: 15, targetMargin: 5 });
    if (result.status !== "ok") throw new Error("expected ok");
    expect(result.margin).toBeCloseTo(8.584, 3);
    expect(marginOfError95(24, 12)).toBeGreaterThan(5);
    expect(marginOfError95(25, 12)).toBeLessThanOrEqual(5);
  });

  it("says zero more when the margin is already within the target", () => {
    expect(computeSampleSize({ n: 100, sd: 10 })).toMatchObject({ status: "ok", additionalNeeded: 0 });
    expect(computeSampleSize({ n: 5, sd: 3, targetMargin: 5 })).toMatchObject({ status: "ok", additionalNeeded: 0 });
  });

  it("answers 'not enough data', never NaN, for fewer than two evaluations or no spread", () => {
    for (const input of [
      { n: 0, sd: null },
      { n: 1, sd: null },
      { n: 1, sd: 0 },
      { n: 5, sd: 0 },
      { n: 5, sd: null },
      { n: 5, sd: Number.NaN },
    ]) {
      const result = computeSampleSize(input);
      expect(result.status, JSON.stringify(input)).toBe("not_enough_data");
      if (result.status === "not_enough_data") expect(result.reason).toMatch(/\w/);
    }
  });

  it("finds the smallest total that reaches the target (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.double({ min: 0.1, max: 70, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (n, sd, targetMargin) => {
          const result = computeSampleSize({ n, sd, targetMargin });
          if (result.status !== "ok") throw new Error("expected ok");
          const total = n + result.additionalNeeded;
          expect(marginOfError95(total, sd)).toBeLessThanOrEqual(targetMargin);
          if (result.additionalNeeded > 0) expect(marginOfError95(total - 1, sd)).toBeGreaterThan(targetMargin);
          expect(Number.isFinite(result.margin)).toBe(true);
        },
      ),
    );
  });
});
