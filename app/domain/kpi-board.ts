/**
 * A KPI board: KPIs down, columns (vendors, teams or agents) across, over a window of periods. Each cell
 * holds the window's value, its weekly series, the target in effect and its status, the trend over the
 * window and how many periods in a row missed the target. Pure: the SQL sums come in, the page renders.
 */
import { addAggregates, emptyAggregate, type KpiAggregate } from "./kpi-aggregate";
import { kpiDefinition, type KpiKey } from "./kpi-definitions";
import { computeKpi, formatKpiValue, type KpiValue } from "./kpi-formulas";
import {
  consecutiveMisses,
  DEFAULT_MISS_STREAK,
  effectiveTarget,
  targetStatus,
  type TargetRow,
  type TargetStatus,
} from "./kpi-targets";
import { kpiTrend, type TrendDirection } from "./kpi-trend";

/** Segments a board can put across instead of organisations. */
export const SEGMENTS = ["channel", "queue", "hour", "cohort"] as const;
export type Segment = (typeof SEGMENTS)[number];

export type BoardColumn = { key: string; label: string; vendorId: string | null };

export type BoardCell = {
  value: KpiValue;
  display: string;
  /** One value per period (null: no data), oldest first, for charts. */
  series: (number | null)[];
  target: { threshold: number; warningBand: number; effectiveFrom: string } | null;
  status: TargetStatus | null;
  trend: TrendDirection | null;
  /** Trailing periods in a row that missed the target. */
  misses: number;
  flagged: boolean;
};

export type BoardRow = { kpi: KpiKey; cells: Record<string, BoardCell> };

export type BoardInput = {
  kpis: KpiKey[];
  columns: BoardColumn[];
  /** Local start dates of the periods, oldest first. */
  periods: string[];
  /** sums[columnKey][periodStart] */
  sums: Record<string, Record<string, KpiAggregate>>;
  /** KPIs computed elsewhere (e.g. calibration alignment): values[kpi][columnKey][periodStart]. */
  separate?: Partial<Record<KpiKey, Record<string, Record<string, number | null>>>>;
  targets: TargetRow[];
  missStreak?: number;
};

const NO_DATA: KpiValue = { ok: false, reason: "no data" };
const value = (v: number | null | undefined): KpiValue =>
  typeof v === "number" && Number.isFinite(v) ? { ok: true, value: v } : NO_DATA;

function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

export function buildKpiBoard(input: BoardInput): BoardRow[] {
  const streak = input.missStreak ?? DEFAULT_MISS_STREAK;
  return input.kpis.map((kpi) => {
    const def = kpiDefinition(kpi);
    const cells: Record<string, BoardCell> = {};
    for (const column of input.columns) {
      let perPeriod: KpiValue[];
      let windowValue: KpiValue;
      if (def.source === "aggregate") {
        const sums = input.sums[column.key] ?? {};
        perPeriod = input.periods.map((p) => computeKpi(kpi, sums[p] ?? emptyAggregate()));
        const total = input.periods.reduce(
          (acc, p) => addAggregates(acc, sums[p] ?? emptyAggregate()),
          emptyAggregate(),
        );
        windowValue = computeKpi(kpi, total);
      } else {
        const given = input.separate?.[kpi]?.[column.key] ?? {};
        perPeriod = input.periods.map((p) => value(given[p]));
        windowValue = value(mean(input.periods.map((p) => given[p] ?? null)));
      }
      const series = perPeriod.map((v) => (v.ok ? v.value : null));
      const statuses = input.periods.map((p, i) => {
        const t = effectiveTarget(input.targets, kpi, column.vendorId, p);
        return t ? targetStatus(perPeriod[i], t, def.better) : null;
      });
      const last = input.periods.at(-1);
      const target = last ? effectiveTarget(input.targets, kpi, column.vendorId, last) : null;
      const trend = kpiTrend(
        series.flatMap((y, x) => (y === null ? [] : [{ x, y }])),
        def.better,
      );
      const misses = consecutiveMisses(statuses);
      cells[column.key] = {
        value: windowValue,
        display: formatKpiValue(kpi, windowValue),
        series,
        target: target
          ? { threshold: target.threshold, warningBand: target.warningBand, effectiveFrom: target.effectiveFrom }
          : null,
        status: target ? targetStatus(windowValue, target, def.better) : null,
        trend: trend?.direction ?? null,
        misses,
        flagged: misses >= streak,
      };
    }
    return { kpi, cells };
  });
}

/**
 * QA alignment per party (vendor id, client_qa, ...) and period, from finalized calibration sessions:
 * the mean of the party's alignment over the sessions finalized in that period.
 */
export function alignmentByPeriod(
  sessions: readonly {
    finalizedAt: string;
    results: { parties: readonly { key: string; alignment: number | null }[] };
  }[],
  periodOf: (iso: string) => string,
): Record<string, Record<string, number>> {
  const byParty: Record<string, { date: string; value: number }[]> = {};
  for (const s of sessions)
    for (const p of s.results.parties)
      if (p.alignment !== null) (byParty[p.key] ??= []).push({ date: s.finalizedAt, value: p.alignment });
  return Object.fromEntries(Object.entries(byParty).map(([key, points]) => [key, meanByPeriod(points, periodOf)]));
}

/** The mean value per period of dated points: { "2026-11-16": 91.5, ... }. */
export function meanByPeriod(
  points: readonly { date: string; value: number }[],
  periodOf: (iso: string) => string,
): Record<string, number> {
  const cells: Record<string, { sum: number; n: number }> = {};
  for (const p of points) {
    const cell = (cells[periodOf(p.date)] ??= { sum: 0, n: 0 });
    cell.sum += p.value;
    cell.n += 1;
  }
  return Object.fromEntries(Object.entries(cells).map(([period, c]) => [period, c.sum / c.n]));
}
