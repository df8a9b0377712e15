import type { BoardColumn, BoardRow } from "~/domain/kpi-board";
import type { KpiKey } from "~/domain/kpi-definitions";
import type { PeriodWindow } from "~/domain/kpi-period";
import { csvResponse } from "./csv.server";
import type { BoardLevel } from "~/models/kpi-board.server";

/** The KPIs each level of the dashboard drill-down shows, and the windows people can pick. */
export const BOARD_KPIS: Record<BoardLevel, KpiKey[]> = {
  vendor: [
    "qa_score",
    "critical_fail_rate",
    "pass_rate",
    "csat",
    "dsat_share",
    "aht",
    "frt",
    "fcr_rate",
    "escalation_rate",
    "qa_alignment",
    "interactions_handled",
    "evaluations_completed",
    "review_backlog",
    "backlog_aging",
  ],
  team: [
    "interactions_handled",
    "evaluations_completed",
    "qa_score",
    "critical_fail_rate",
    "csat",
    "tat",
    "art",
    "aht",
  ],
  agent: ["interactions_handled", "evaluations_completed", "qa_score", "critical_fail_rate", "csat", "aht", "art"],
};
export const BOARD_WEEKS = [4, 8, 12, 26] as const;

export const SEGMENT_KPIS: KpiKey[] = [
  "interactions_handled",
  "qa_score",
  "critical_fail_rate",
  "csat",
  "dsat_share",
  "aht",
  "fcr_rate",
  "escalation_rate",
];

/** A board as CSV: one row per KPI and column, with the window's value, its status and the weekly series. */
export function boardCsv(
  fileName: string,
  columnHeader: string,
  window: PeriodWindow,
  board: { columns: BoardColumn[]; rows: BoardRow[] },
) {
  return csvResponse(
    fileName,
    ["kpi", columnHeader, "window_value", "status", "target", "trend", "weeks_missed_in_a_row", ...window.starts],
    board.rows.flatMap((row) =>
      board.columns.map((c) => {
        const cell = row.cells[c.key];
        return [
          row.kpi,
          c.label,
          cell.value.ok ? cell.value.value : null,
          cell.status,
          cell.target?.threshold,
          cell.trend,
          cell.misses,
          ...cell.series,
        ];
      }),
    ),
  );
}
