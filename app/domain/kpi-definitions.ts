/**
 * Every KPI in one place: name, formula in plain words, unit, which direction is better, leading or lagging,
 * who sees it on dashboards, and whether it comes from the grouped sums (`KpiAggregate`) or its own query.
 * The formulas themselves live in kpi-formulas.ts; this file is the catalogue the dashboards, the targets
 * page and the README read from. Pure.
 *
 * Leading or lagging (the usual contact-centre split, shared/domain.md "KPIs"): a leading indicator is
 * measured while or right after the work is done, is under the team's direct control, and moves before the
 * customer outcomes do (QA score and its parts, first response time, review backlog, QA turnaround,
 * calibration alignment and variance). A lagging indicator is an outcome known only after the contact
 * (or the QA process) has run its course and that the team can influence only through the leading ones
 * (CSAT, DSAT, NPS, CES, FCR, escalations, handle and resolution time, volume handled, disputes).
 *
 * @example kpiDefinition("fcr_rate").unit // => "percent" (a share 0..1; formatKpiValue shows "80.0%")
 * @example kpisForRole("trainer") // => ["qa_score", "critical_fail_rate", ..., "training_error_share"]
 */
import type { Role } from "./permissions";

export const KPI_KEYS = [
  "qa_score",
  "qa_score_raw",
  "critical_fail_rate",
  "pass_rate",
  "criterion_pass_rate",
  "evaluations_completed",
  "csat",
  "dsat_share",
  "nps",
  "ces",
  "aht",
  "frt",
  "art",
  "tat",
  "fcr_rate",
  "escalation_rate",
  "csat_escalated",
  "interactions_handled",
  "review_backlog",
  "backlog_aging",
  "dispute_rate",
  "overturn_rate",
  "qa_alignment",
  "quality_variance",
  "training_error_share",
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/**
 * score: 0..100 points; percent: a share 0..1 (shown as %); seconds: a duration; count: a whole number;
 * nps: -100..100; ces: mean of 1..7 ("the company made it easy", 7 easiest); csat: mean of 1..5;
 * days: a duration in days; points²: a variance of 0..100 scores.
 */
export type KpiUnit = "score" | "percent" | "seconds" | "count" | "nps" | "ces" | "csat" | "days" | "points²";

export type KpiDefinition = {
  key: KpiKey;
  name: string;
  /** Column header. */
  short: string;
  description: string;
  /** Plain words, shown as a tooltip and in the README. */
  formula: string;
  unit: KpiUnit;
  better: "higher" | "lower";
  kind: "leading" | "lagging";
  /** Who sees it on dashboards. */
  roles: readonly Role[];
  /** Computed from `KpiAggregate` (kpi-formulas.ts), or by its own query (criterion pass rate, backlog, alignment). */
  source: "aggregate" | "separate";
};

// Admins, QA leads, ops managers and client reviewers compare vendors on every KPI (seed 003: "ops managers:
// all"; client reviewers watch vendor KPIs). The other roles see the KPIs of their own work:
// team leads throughput, quality, CSAT, TAT, TRT and AHT; QA specialists their own throughput, alignment,
// variance and overturns; trainers quality and the share traced to training; agents their own quality,
// customer and handling numbers.
const OVERSIGHT = ["admin", "ops_manager", "qa_lead", "client_reviewer"] as const satisfies readonly Role[];
const roles = (...more: Role[]): readonly Role[] => [...OVERSIGHT, ...more];

type Entry = Omit<KpiDefinition, "key">;

const ENTRIES: Record<KpiKey, Entry> = {
  qa_score: {
    name: "QA score",
    short: "QA score",
    description: "How well interactions meet the scorecard, after critical rules.",
    formula: "Mean final score (0–100) of submitted standard evaluations.",
    unit: "score",
    better: "higher",
    kind: "leading",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  qa_score_raw: {
    name: "QA score (raw)",
    short: "QA raw",
    description:
      "The QA score before critical criteria zero an evaluation: the gap to the final score is what critical fails cost.",
    formula: "Mean raw score (0–100, before critical rules) of submitted standard evaluations.",
    unit: "score",
    better: "higher",
    kind: "leading",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  critical_fail_rate: {
    name: "Critical-fail rate",
    short: "Critical fails",
    description: "Share of evaluations failed by a critical criterion.",
    formula: "Evaluations with a critical failure ÷ submitted standard evaluations.",
    unit: "percent",
    better: "lower",
    kind: "leading",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  pass_rate: {
    name: "Pass rate",
    short: "Pass rate",
    description: "Share of scored evaluations at or above their scorecard version's pass mark.",
    formula: "Passed evaluations ÷ evaluations with a score.",
    unit: "percent",
    better: "higher",
    kind: "leading",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  criterion_pass_rate: {
    name: "Criterion pass rate",
    short: "Criterion pass",
    description: "For one criterion, how often it is met; compared per cohort against peers for trainers.",
    formula: "Answers meeting the criterion ÷ answers to it (N/A excluded).",
    unit: "percent",
    better: "higher",
    kind: "leading",
    roles: roles("team_lead", "trainer", "agent"),
    source: "separate",
  },
  evaluations_completed: {
    name: "Evaluations completed",
    short: "Evaluations",
    description: "QA throughput: how many standard evaluations were submitted.",
    formula: "Count of submitted standard evaluations.",
    unit: "count",
    better: "higher",
    kind: "leading",
    roles: roles("qa_specialist"),
    source: "aggregate",
  },
  csat: {
    name: "CSAT",
    short: "CSAT",
    description: "Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied).",
    formula: "Mean of the 1–5 CSAT responses.",
    unit: "csat",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  dsat_share: {
    name: "DSAT share",
    short: "DSAT",
    description: "Share of CSAT responses that are dissatisfied.",
    formula: "CSAT responses of 1 or 2 ÷ CSAT responses.",
    unit: "percent",
    better: "lower",
    kind: "lagging",
    roles: roles("team_lead", "trainer", "agent"),
    source: "aggregate",
  },
  nps: {
    name: "Net promoter score",
    short: "NPS",
    description: "Promoters (9–10) minus detractors (0–6), from −100 to +100.",
    formula: "(Promoters − detractors) ÷ NPS responses × 100.",
    unit: "nps",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead"),
    source: "aggregate",
  },
  ces: {
    name: "Customer effort score",
    short: "CES",
    description:
      "Agreement with “the company made it easy to handle my issue”, 1 to 7 (7 easiest); only where surveyed.",
    formula: "Mean of the 1–7 CES responses.",
    unit: "ces",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead"),
    source: "aggregate",
  },
  aht: {
    name: "Average handle time",
    short: "AHT",
    description: "Time an agent spends on an interaction (talk or work time, including hold and wrap-up).",
    formula: "Mean handle time in seconds of interactions with a handle time.",
    unit: "seconds",
    better: "lower",
    kind: "lagging",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  frt: {
    name: "First response time",
    short: "FRT",
    description: "How long the customer waits for the first answer.",
    formula: "Mean first response time in seconds of interactions with one.",
    unit: "seconds",
    better: "lower",
    kind: "leading",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  art: {
    name: "Average resolution time (TRT)",
    short: "ART",
    description: "Time from the customer's contact to resolution; also called total resolution time (TRT).",
    formula: "Mean resolution time in seconds of resolved interactions.",
    unit: "seconds",
    better: "lower",
    kind: "lagging",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  tat: {
    name: "QA turnaround time",
    short: "TAT",
    description: "How soon after an interaction its evaluation (and so the agent's feedback) is submitted.",
    formula: "Mean seconds from the interaction's end to the evaluation's submission.",
    unit: "seconds",
    better: "lower",
    kind: "leading",
    roles: roles("team_lead", "qa_specialist"),
    source: "aggregate",
  },
  fcr_rate: {
    name: "First contact resolution rate",
    short: "FCR",
    description: "Share of interactions resolved at the first contact, where that is known.",
    formula: "Interactions resolved at first contact ÷ interactions with FCR known.",
    unit: "percent",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  escalation_rate: {
    name: "Escalation rate",
    short: "Escalations",
    description: "Share of interactions escalated to another tier or team.",
    formula: "Escalated interactions ÷ interactions.",
    unit: "percent",
    better: "lower",
    kind: "lagging",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  csat_escalated: {
    name: "CSAT on escalated cases",
    short: "CSAT (esc.)",
    description: "Customer satisfaction where the interaction was escalated.",
    formula: "Mean of the 1–5 CSAT responses on escalated interactions.",
    unit: "csat",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead"),
    source: "aggregate",
  },
  interactions_handled: {
    name: "Interactions handled",
    short: "Handled",
    description: "Throughput: interactions started in the period.",
    formula: "Count of interactions.",
    unit: "count",
    better: "higher",
    kind: "lagging",
    roles: roles("team_lead", "agent"),
    source: "aggregate",
  },
  review_backlog: {
    name: "Review backlog",
    short: "Backlog",
    description: "Review assignments waiting to be scored.",
    formula: "Count of open (not submitted, not skipped) review assignments.",
    unit: "count",
    better: "lower",
    kind: "leading",
    roles: roles("qa_specialist"),
    source: "separate",
  },
  backlog_aging: {
    name: "Backlog aging",
    short: "Backlog age",
    description: "How long the open review assignments have been waiting.",
    formula: "Mean age in days of open review assignments.",
    unit: "days",
    better: "lower",
    kind: "leading",
    roles: roles("qa_specialist"),
    source: "separate",
  },
  dispute_rate: {
    name: "Dispute rate",
    short: "Disputes",
    description: "Share of evaluations an agent or team lead disputed.",
    formula: "Disputed evaluations ÷ submitted standard evaluations.",
    unit: "percent",
    better: "lower",
    kind: "lagging",
    roles: roles("team_lead", "qa_specialist"),
    source: "aggregate",
  },
  overturn_rate: {
    name: "Overturn rate",
    short: "Overturns",
    description:
      "Share of decided disputes accepted in full or in part: how often the reviewer's scoring did not stand.",
    formula: "Disputes accepted or partially accepted ÷ disputes decided.",
    unit: "percent",
    better: "lower",
    kind: "lagging",
    roles: roles("qa_specialist"),
    source: "aggregate",
  },
  qa_alignment: {
    name: "QA alignment score",
    short: "Alignment",
    description:
      "How closely reviewers' calibration answers match the reference (consensus or benchmark), per criterion.",
    formula: "Mean calibration alignment score (0–100) of the reviewers in the group.",
    unit: "score",
    better: "higher",
    kind: "leading",
    roles: roles("qa_specialist"),
    source: "separate",
  },
  quality_variance: {
    name: "Quality variance",
    short: "Variance",
    description: "Spread of final QA scores; a wide spread on similar work hints at inconsistent scoring.",
    formula: "Sample variance of final scores (needs at least two evaluations).",
    unit: "points²",
    better: "lower",
    kind: "leading",
    roles: roles("qa_specialist"),
    source: "aggregate",
  },
  training_error_share: {
    name: "Errors traceable to training",
    short: "Training errors",
    description: "Share of errors (unmet criteria and tagged DSAT cases) whose root cause is a training gap.",
    formula: "Errors with root cause “training gap” ÷ errors.",
    unit: "percent",
    better: "lower",
    kind: "lagging",
    roles: roles("trainer"),
    source: "aggregate",
  },
};

export const KPI_DEFINITIONS: Record<KpiKey, KpiDefinition> = Object.fromEntries(
  KPI_KEYS.map((key) => [key, { key, ...ENTRIES[key] }]),
) as Record<KpiKey, KpiDefinition>;

export function kpiDefinition(key: KpiKey): KpiDefinition {
  return KPI_DEFINITIONS[key];
}

/** @example isKpiKey("aht") // => true; isKpiKey("toString") // => false */
export function isKpiKey(value: string): value is KpiKey {
  return (KPI_KEYS as readonly string[]).includes(value);
}

/** The KPIs a role sees on its dashboards, in catalogue order. */
export function kpisForRole(role: Role): KpiKey[] {
  return KPI_KEYS.filter((key) => KPI_DEFINITIONS[key].roles.includes(role));
}
