/**
 * KPI targets (SLA thresholds agreed per vendor, shared/domain.md "KPIs"): which target is in effect on a
 * date, green / amber / red against it, and a flag when a KPI has missed its target several periods running.
 * Pure.
 *
 * A target row is never edited in place: a change is a new row with a later effective date, so history is
 * kept and every past period is judged against the target that was in effect then.
 * Thresholds are in the KPI's computed units (kpi-formulas.ts): shares 0..1 for percent KPIs, seconds for
 * times, points for scores. "FCR 80%" is threshold 0.8.
 *
 * @example FCR target { threshold: 0.8, warningBand: 0.05 }: 0.82 → "green", 0.77 → "amber", 0.74 → "red".
 */
import type { KpiKey } from "./kpi-definitions";
import type { KpiValue } from "./kpi-formulas";

export type TargetRow = {
  kpi: string;
  /** null: a global target, for every vendor without one of its own. */
  vendorId: string | null;
  threshold: number;
  /** How far on the wrong side of the threshold is still amber; 0 means no amber. */
  warningBand: number;
  /** YYYY-MM-DD; the target applies from this date on. */
  effectiveFrom: string;
};
export type TargetStatus = "green" | "amber" | "red";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(date: string): void {
  if (!DATE.test(date)) throw new RangeError(`expected a YYYY-MM-DD date, got "${date}"`);
}

/** The latest row of `rows` in effect on `onDate` (effectiveFrom ≤ onDate); on equal dates the later row. */
function latestInEffect(rows: TargetRow[], onDate: string): TargetRow | null {
  let best: TargetRow | null = null;
  for (const row of rows) {
    checkDate(row.effectiveFrom);
    if (row.effectiveFrom <= onDate && (best === null || row.effectiveFrom >= best.effectiveFrom)) best = row;
  }
  return best;
}

/**
 * The target for `kpi` in effect on `onDate` for `vendorId` (null: the client-wide view, global targets only).
 *
 * Decision: the vendor's own target in effect on that date wins over the global one in effect, whichever of the
 * two was set more recently: a vendor's agreed SLA is an explicit exception to the default and stays one until
 * the vendor's row is superseded (to fall back to the global value, add a vendor row with that value). Before
 * the vendor's first row takes effect, the global target applies. Within one scope the row with the latest
 * effectiveFrom ≤ onDate applies; two rows with the same date: the later one in `rows` (pass rows in creation
 * order). Dates compare as YYYY-MM-DD strings, so periods are judged by their start (or end) date as the caller
 * chooses.
 *
 * @example rows: global FCR 0.8 from 2024-01-01, 0.85 from 2024-07-01 → on 2024-06-30 0.8, on 2024-07-01 0.85.
 */
export function effectiveTarget(
  rows: TargetRow[],
  kpi: KpiKey,
  vendorId: string | null,
  onDate: string,
): TargetRow | null {
  checkDate(onDate);
  const forKpi = rows.filter((r) => r.kpi === kpi);
  if (vendorId !== null) {
    const own = latestInEffect(
      forKpi.filter((r) => r.vendorId === vendorId),
      onDate,
    );
    if (own) return own;
  }
  return latestInEffect(
    forKpi.filter((r) => r.vendorId === null),
    onDate,
  );
}

/**
 * green: the value meets the threshold (≥ for higher-is-better KPIs, ≤ for lower); amber: on the wrong side
 * but within the warning band (boundary included); red: beyond the band. null when there is no data.
 * Comparisons allow a 1e-9 relative rounding slack so 0.7 + 0.1 counts as 0.8. A negative band counts as 0.
 *
 * @example AHT target 300 s, band 30 s, lower is better: 300 → green, 330 → amber, 331 → red.
 */
export function targetStatus(value: KpiValue, target: TargetRow, better: "higher" | "lower"): TargetStatus | null {
  if (!value.ok || !Number.isFinite(value.value)) return null;
  const band = Math.max(0, target.warningBand);
  const slack = 1e-9 * Math.max(1, Math.abs(target.threshold), band);
  // How far the value falls short of the threshold, in the KPI's units (≤ 0 when it meets it).
  const shortfall = better === "higher" ? target.threshold - value.value : value.value - target.threshold;
  if (shortfall <= slack) return "green";
  if (shortfall <= band + slack) return "amber";
  return "red";
}

/**
 * How many periods at the end of `statuses` (oldest first) in a row missed the target (amber or red).
 * Decision: a period with no data (null) is not a miss and breaks the run: a streak is only claimed over
 * periods that were measured.
 *
 * @example consecutiveMisses(["red", "green", "amber", "red"]) // => 2
 * @example consecutiveMisses(["red", "red", null, "red"]) // => 1
 */
export function consecutiveMisses(statuses: (TargetStatus | null)[]): number {
  let run = 0;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i];
    if (s === "amber" || s === "red") run++;
    else break;
  }
  return run;
}

export const DEFAULT_MISS_STREAK = 3;

/** True when the KPI has missed its target for at least `n` consecutive periods up to the latest. */
export function missedTargetFlag(statuses: (TargetStatus | null)[], n = DEFAULT_MISS_STREAK): boolean {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the streak length must be a positive integer, got ${n}`);
  return consecutiveMisses(statuses) >= n;
}
