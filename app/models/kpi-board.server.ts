import { and, asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, organizations, teams } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { CalibrationViewer } from "~/domain/calibration-session";
import type { KpiAggregate } from "~/domain/kpi-aggregate";
import { alignmentByPeriod, buildKpiBoard, type BoardColumn, type Segment } from "~/domain/kpi-board";
import type { KpiKey } from "~/domain/kpi-definitions";
import { periodStart, type PeriodWindow } from "~/domain/kpi-period";
import type { Scope } from "~/domain/permissions";
import { utcToZonedLocal } from "~/domain/time-zone";
import { listFinalizedSnapshots } from "./calibration-history.server";
import { listContextNotes } from "./context-note.server";
import { aggregateKpis, getBacklogBy, listScopedVendors, type KpiDimension } from "./kpi.server";
import { listKpiTargets } from "./kpi-target.server";

export type BoardLevel = "vendor" | "team" | "agent";

/** Columns of a board level, inside scope: vendors, a vendor's teams, or a team's agents. */
async function listColumns(scope: Scope, level: BoardLevel, parentId: string | null): Promise<BoardColumn[]> {
  if (level === "vendor")
    return (await listScopedVendors(scope)).map((v) => ({ key: v.id, label: v.name, vendorId: v.id }));
  if (level === "team") {
    const rows = await db
      .select({ id: teams.id, name: teams.name, vendorId: teams.vendorId })
      .from(teams)
      .where(
        and(
          parentId ? eq(teams.vendorId, parentId) : undefined,
          scope.kind === "vendor" ? eq(teams.vendorId, scope.vendorId) : undefined,
        ),
      )
      .orderBy(asc(teams.name));
    return rows.map((t) => ({ key: t.id, label: t.name, vendorId: t.vendorId }));
  }
  const rows = await db
    .select({ id: agents.id, name: agents.name, vendorId: agents.vendorId })
    .from(agents)
    .where(
      and(
        parentId ? eq(agents.teamId, parentId) : undefined,
        scope.kind === "vendor" ? eq(agents.vendorId, scope.vendorId) : undefined,
        scope.kind === "vendor" && scope.agentId ? eq(agents.id, scope.agentId) : undefined,
      ),
    )
    .orderBy(asc(agents.name));
  return rows.map((a) => ({ key: a.id, label: a.name, vendorId: a.vendorId }));
}

/**
 * Everything a KPI board page shows for a window: columns in scope, the board rows, and the context
 * notes on those dates. Sums come from SQL (aggregateKpis); the formulas, targets and trends are domain.
 */
export async function getKpiBoard(input: {
  viewer: CalibrationViewer;
  scope: Scope;
  window: PeriodWindow;
  level: BoardLevel;
  /** The vendor (for teams) or team (for agents) being drilled into. */
  parentId: string | null;
  kpis: KpiKey[];
}) {
  const { window, scope } = input;
  const columns = await listColumns(scope, input.level, input.parentId);
  const dimension: KpiDimension = input.level;
  const wantsBacklog = input.kpis.includes("review_backlog") || input.kpis.includes("backlog_aging");
  const [groups, targets, notes, snapshots, backlog] = await Promise.all([
    aggregateKpis({
      scope,
      from: window.from,
      to: window.to,
      groupBy: [dimension, "period"],
      period: window.period,
      timeZone: window.timeZone,
      vendorId: input.level === "team" ? (input.parentId ?? undefined) : undefined,
      teamId: input.level === "agent" ? (input.parentId ?? undefined) : undefined,
    }),
    listKpiTargets(scope),
    listContextNotes(
      scope,
      window.starts[0],
      utcToZonedLocal(new Date(window.to.getTime() - 1), window.timeZone).slice(0, 10),
    ),
    input.level === "vendor" && input.kpis.includes("qa_alignment")
      ? listFinalizedSnapshots(input.viewer, { since: window.from })
      : Promise.resolve([]),
    wantsBacklog
      ? getBacklogBy(scope, input.level)
      : Promise.resolve(new Map<string, { open: number; ageDays: number }>()),
  ]);
  // The backlog is a count of what is open now: it belongs to the current period only.
  const current = window.starts.at(-1)!;
  const backlogOf = (pick: (b: { open: number; ageDays: number }) => number) =>
    Object.fromEntries(columns.map((c) => [c.key, { [current]: backlog.has(c.key) ? pick(backlog.get(c.key)!) : 0 }]));
  const sums: Record<string, Record<string, KpiAggregate>> = {};
  for (const g of groups) (sums[g.keys[dimension]!] ??= {})[g.keys.period!] = g.aggregate;
  const periodOf = (iso: string) =>
    periodStart(utcToZonedLocal(new Date(iso), window.timeZone).slice(0, 10), window.period);
  const rows = buildKpiBoard({
    kpis: input.kpis,
    columns,
    periods: window.starts,
    sums,
    separate: {
      qa_alignment: alignmentByPeriod(snapshots, periodOf),
      review_backlog: backlogOf((b) => b.open),
      backlog_aging: Object.fromEntries(
        columns.map((c) => [c.key, { [current]: backlog.get(c.key)?.ageDays ?? null }]),
      ),
    },
    targets: targets.map((t) => ({ ...t, effectiveFrom: String(t.effectiveFrom) })),
  });
  return {
    columns,
    rows,
    notes: notes.map((n) => ({
      id: n.id,
      onDate: String(n.onDate),
      periodStart: periodStart(String(n.onDate), window.period),
      body: n.body,
      vendorId: n.vendorId,
      vendorLabel: n.vendorName,
    })),
  };
}

/** The vendor or team being drilled into, if the viewer may see it; null means 404. */
export async function getBoardParent(scope: Scope, level: BoardLevel, parentId: string) {
  if (!isUuid(parentId)) return null;
  if (level === "team") {
    const vendor = (await listScopedVendors(scope)).find((v) => v.id === parentId);
    return vendor ? { id: vendor.id, name: vendor.name, vendorId: vendor.id, vendorName: vendor.name } : null;
  }
  const [team] = await db
    .select({ id: teams.id, name: teams.name, vendorId: teams.vendorId, vendorName: organizations.name })
    .from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.vendorId))
    .where(and(eq(teams.id, parentId), scope.kind === "vendor" ? eq(teams.vendorId, scope.vendorId) : undefined));
  return team ?? null;
}

/**
 * The same board with segments across instead of organisations: channels, queues, hours of the day (in
 * the viewer's time zone) or training cohorts, over everything in scope. Targets are the global ones.
 */
export async function getSegmentBoard(input: { scope: Scope; window: PeriodWindow; by: Segment; kpis: KpiKey[] }) {
  const { window, scope, by } = input;
  const groups = await aggregateKpis({
    scope,
    from: window.from,
    to: window.to,
    groupBy: [by, "period"],
    period: window.period,
    timeZone: window.timeZone,
  });
  const sums: Record<string, Record<string, KpiAggregate>> = {};
  for (const g of groups) (sums[g.keys[by]!] ??= {})[g.keys.period!] = g.aggregate;
  const keys = Object.keys(sums).sort((a, b) => (by === "hour" ? Number(a) - Number(b) : a.localeCompare(b)));
  const columns: BoardColumn[] = keys.map((key) => ({
    key,
    label: by === "hour" ? `${key.padStart(2, "0")}:00` : key,
    vendorId: null,
  }));
  const targets = await listKpiTargets(scope);
  return {
    columns,
    rows: buildKpiBoard({
      kpis: input.kpis,
      columns,
      periods: window.starts,
      sums,
      targets: targets
        .filter((t) => t.vendorId === null)
        .map((t) => ({ ...t, effectiveFrom: String(t.effectiveFrom) })),
    }),
  };
}
