import fc from "fast-check";
import { linearRegression } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { kpiTrend } from "./kpi-trend";

const series = (...ys: number[]) => ys.map((y, x) => ({ x, y }));

describe("kpiTrend", () => {
  it("follows the regression over the whole window, not the last two points (issue 5 acceptance)", () => {
    // QA score 80, 82, 84, 86, 88, 85: the last week dipped 88 → 85, but the window rose.
    // x̄ = 2.5, Σ(x − x̄)·y = −2.5·80 − 1.5·82 − 0.5·84 + 0.5·86 + 1.5·88 + 2.5·85 = 22.5, Σ(x − x̄)² = 17.5,
    // slope = 22.5 / 17.5 = 1.2857 points a week; change over the window 1.2857 × 5 = 6.43 > 2% of 84.17 = 1.68.
    const points = series(80, 82, 84, 86, 88, 85);
    const lastTwo = points[5].y - points[4].y;
    expect(lastTwo).toBeLessThan(0);
    const trend = kpiTrend(points, "higher");
    expect(trend?.direction).toBe("improving");
    expect(trend?.slope).toBeCloseTo(22.5 / 17.5, 10);
  });

  it("turns the same rise into worsening when lower is better (AHT going up)", () => {
    expect(kpiTrend(series(80, 82, 84, 86, 88, 85), "lower")?.direction).toBe("worsening");
    // AHT 300, 320, 340 s: slope 20, change 40 ≥ 2% of 320 = 6.4.
    expect(kpiTrend(series(300, 320, 340), "lower")).toEqual({ direction: "worsening", slope: 20 });
    expect(kpiTrend(series(340, 320, 300), "lower")).toEqual({ direction: "improving", slope: -20 });
  });

  it("ignores a spike at the end that the window does not support", () => {
    // 70, 70, 70, 70, 60: slope = Σ(x − 2)·y / 10 = (−2·70 − 70 + 0 + 70 + 2·60) / 10 = −2, change −8 vs 2% of 68 = 1.36:
    // a real drop. But 70, 71, 69, 70, 70.2 is noise: Σ(x − 2)·y = −140 − 71 + 70 + 140.4 = −0.6,
    // slope −0.06, change −0.24, below 2% of 70.04 = 1.40 → flat.
    expect(kpiTrend(series(70, 70, 70, 70, 60), "higher")?.direction).toBe("worsening");
    expect(kpiTrend(series(70, 71, 69, 70, 70.2), "higher")?.direction).toBe("flat");
  });

  it("calls a change below 2% of the mean over the window flat", () => {
    // 100, 101, 99, 100: slope (−1.5·100 − 0.5·101 + 0.5·99 + 1.5·100) / 5 = −0.2, change −0.6 < 2.
    expect(kpiTrend(series(100, 101, 99, 100), "higher")).toEqual({ direction: "flat", slope: expect.closeTo(-0.2) });
    // 100, 101, 102: slope 1, change 2 < 2% of 101 = 2.02 → flat; with a 1% tolerance (1.01) → improving.
    expect(kpiTrend(series(100, 101, 102), "higher")?.direction).toBe("flat");
    expect(kpiTrend(series(100, 101, 102), "higher", { flatSlope: 0.01 })?.direction).toBe("improving");
  });

  it("uses the absolute floor near zero", () => {
    expect(kpiTrend(series(0, 0, 0, 0), "higher")).toEqual({ direction: "flat", slope: 0 });
    // NPS −1, 0, 1: mean |y| 0.67, change 2 → improving.
    expect(kpiTrend(series(-1, 0, 1), "higher")?.direction).toBe("improving");
    // Critical-fail share 0, 0.0001, 0.0002 is flat with a floor of 0.001 (a tenth of a percentage point).
    expect(kpiTrend(series(0, 0.0001, 0.0002), "lower", { flatFloor: 0.001 })?.direction).toBe("flat");
    expect(kpiTrend(series(0, 0.01, 0.02), "lower", { flatFloor: 0.001 })?.direction).toBe("worsening");
  });

  it("measures the change over the window's x span when periods are missing", () => {
    // Weeks 0, 1, 4 (weeks 2 and 3 had no data): 60, 61, 64 → slope exactly 1 a week, change 4 over 4 weeks.
    const trend = kpiTrend(
      [
        { x: 0, y: 60 },
        { x: 1, y: 61 },
        { x: 4, y: 64 },
      ],
      "higher",
    );
    expect(trend?.direction).toBe("improving");
    expect(trend?.slope).toBeCloseTo(1, 10);
  });

  it("needs at least three points with different x", () => {
    expect(kpiTrend([], "higher")).toBeNull();
    expect(kpiTrend(series(80), "higher")).toBeNull();
    expect(kpiTrend(series(80, 90), "higher")).toBeNull();
    expect(
      kpiTrend(
        [
          { x: 3, y: 1 },
          { x: 3, y: 2 },
          { x: 3, y: 3 },
        ],
        "higher",
      ),
    ).toBeNull();
  });

  it("refuses non-finite points (leave no-data periods out instead)", () => {
    expect(() => kpiTrend(series(1, Number.NaN, 3), "higher")).toThrow(RangeError);
    expect(() => kpiTrend(series(1, Infinity, 3), "higher")).toThrow(RangeError);
  });

  it("reports simple-statistics' least-squares slope, and a direction that agrees with its sign", () => {
    const ys = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 3, maxLength: 20 });
    fc.assert(
      fc.property(ys, fc.constantFrom("higher" as const, "lower" as const), (values, better) => {
        const points = series(...values);
        const trend = kpiTrend(points, better);
        expect(trend).not.toBeNull();
        if (!trend) return;
        expect(trend.slope).toBe(linearRegression(points.map((p) => [p.x, p.y])).m);
        if (trend.direction !== "flat") {
          expect(trend.direction === "improving").toBe(trend.slope > 0 === (better === "higher"));
        }
      }),
    );
  });
});
