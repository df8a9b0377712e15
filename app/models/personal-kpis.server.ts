import type { CalibrationViewer } from "~/domain/calibration-session";
import { reviewerAlignmentSeries } from "~/domain/calibration-history";
import type { KpiAggregate } from "~/domain/kpi-aggregate";
import { buildKpiBoard, meanByPeriod, type BoardColumn } from "~/domain/kpi-board";
import type { KpiKey } from "~/domain/kpi-definitions";
import { periodStart, type PeriodWindow } from "~/domain/kpi-period";
import type { Scope } from "~/domain/permissions";
import { utcToZonedLocal } from "~/domain/time-zone";
import { listFinalizedSnapshots } from "./calibration-history.server";
import { listContextNotes } from "./context-note.server";
import { aggregateKpis } from "./kpi.server";
import { listKpiTargets } from "./kpi-target.server";

export type PersonalKind = "agent" | "reviewer";

export const PERSONAL_KPIS: Record<PersonalKind, KpiKey[]> = {
  // An agent's own work: quality, customers, speed.
  agent: [
    "qa_score",
    "critical_fail_rate",
    "pass_rate",
    "csat",
    "dsat_share",
    "aht",
    "fcr_rate",
    "escalation_rate",
    "interactions_handled",
    "evaluations_completed",
  ],
  // A reviewer's own work: throughput, turnaround, how their scores hold up in disputes and calibration.
  reviewer: ["evaluations_completed", "qa_score", "tat", "dispute_rate", "overturn_rate", "qa_alignment"],
};

/**
 * The viewer's own KPIs over the window, as a one-column board: an agent's (their scope is already their
 * agent record) or a reviewer's (the evaluations they submitted and their calibration alignment).
 */
export async function getPersonalBoard(input: {
  viewer: CalibrationViewer & { scope: Scope };
  kind: PersonalKind;
  window: PeriodWindow;
}) {
  const { viewer, window, kind } = input;
  const lastDay = utcToZonedLocal(new Date(window.to.getTime() - 1), window.timeZone).slice(0, 10);
  const [groups, targets, notes, snapshots] = await Promise.all([
    aggregateKpis({
      scope: viewer.scope,
      from: window.from,
      to: window.to,
      groupBy: ["period"],
      period: window.period,
      timeZone: window.timeZone,
      reviewerId: kind === "reviewer" ? viewer.id : undefined,
    }),
    listKpiTargets(viewer.scope),
    listContextNotes(viewer.scope, window.starts[0], lastDay),
    kind === "reviewer" ? listFinalizedSnapshots(viewer, { since: window.from }) : Promise.resolve([]),
  ]);
  const column: BoardColumn = {
    key: "me",
    label: "You",
    vendorId: viewer.scope.kind === "vendor" ? viewer.scope.vendorId : null,
  };
  const sums: Record<string, KpiAggregate> = {};
  for (const g of groups) sums[g.keys.period!] = g.aggregate;
  const periodOf = (iso: string) =>
    periodStart(utcToZonedLocal(new Date(iso), window.timeZone).slice(0, 10), window.period);
  const mine = reviewerAlignmentSeries(snapshots).find((series) => series.id === viewer.id)?.points ?? [];
  const alignment = meanByPeriod(
    mine.map((p) => ({ date: p.date, value: p.alignment })),
    periodOf,
  );
  const rows = buildKpiBoard({
    kpis: PERSONAL_KPIS[kind],
    columns: [column],
    periods: window.starts,
    sums: { me: sums },
    separate: {
      qa_alignment: { me: alignment },
    },
    targets: targets.map((t) => ({ ...t, effectiveFrom: String(t.effectiveFrom) })),
  });
  return {
    columns: [column],
    rows,
    notes: notes.map((n) => ({
      id: n.id,
      onDate: String(n.onDate),
      periodStart: periodStart(String(n.onDate), window.period),
      body: n.body,
      vendorLabel: n.vendorName,
    })),
  };
}
