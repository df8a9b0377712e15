import type { KpiKey } from "~/domain/kpi-definitions";
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
