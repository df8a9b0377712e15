/**
 * Trend direction of a KPI over a window: the least-squares slope over every point of the window, never the
 * last two points, so one dip does not turn an improving series "worsening" (issue 5; shared/domain.md "KPIs":
 * "show trend direction rather than isolated dips"). Pure.
 *
 * "flat" when the change the fitted line makes over the window, |slope × (last x − first x)| (= slope × (n − 1)
 * for consecutive period indices 0..n−1), is below `flatSlope` (default 2%) of the mean |y|, or below the
 * absolute `flatFloor` when the values sit near 0. Otherwise the sign of the slope and the KPI's better
 * direction decide between "improving" and "worsening".
 *
 * @example kpiTrend([{ x: 0, y: 80 }, { x: 1, y: 82 }, { x: 2, y: 84 }], "higher")
 * // => { direction: "improving", slope: 2 } (change 4 ≥ 2% of 82)
 * @example kpiTrend([{ x: 0, y: 300 }, { x: 1, y: 320 }, { x: 2, y: 340 }], "lower") // AHT up: "worsening"
 */
import { linearRegression } from "simple-statistics";

export type TrendDirection = "improving" | "worsening" | "flat";

export const DEFAULT_FLAT_SLOPE = 0.02;
/** Absolute tolerance (in the KPI's units) that keeps a series at or near 0 from reading as a trend. */
export const DEFAULT_FLAT_FLOOR = 1e-6;

/**
 * The trend of `points` (one per period that has data; leave "no data" periods out), or null with fewer than
 * three points or when every x is the same (no line to fit). Throws on a non-finite coordinate.
 *
 * @param options.flatSlope relative tolerance: the window's change below flatSlope × mean |y| is flat.
 * @param options.flatFloor absolute tolerance in the KPI's units, for series near 0 (default 1e-6).
 */
export function kpiTrend(
  points: { x: number; y: number }[],
  better: "higher" | "lower",
  options?: { flatSlope?: number; flatFloor?: number },
): { direction: TrendDirection; slope: number } | null {
  if (points.length < 3) return null;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError("trend points must be finite numbers");
  }
  const xs = points.map((p) => p.x);
  const span = Math.max(...xs) - Math.min(...xs);
  if (!(span > 0)) return null;

  const { m: slope } = linearRegression(points.map((p) => [p.x, p.y]));
  if (!Number.isFinite(slope)) return null;

  const flatSlope = options?.flatSlope ?? DEFAULT_FLAT_SLOPE;
  const flatFloor = options?.flatFloor ?? DEFAULT_FLAT_FLOOR;
  const meanAbsY = points.reduce((sum, p) => sum + Math.abs(p.y), 0) / points.length;
  const tolerance = Math.max(flatSlope * meanAbsY, flatFloor);
  const change = slope * span;

  if (Math.abs(change) < tolerance) return { direction: "flat", slope };
  const rising = slope > 0;
  return { direction: rising === (better === "higher") ? "improving" : "worsening", slope };
}
