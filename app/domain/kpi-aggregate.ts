/**
 * The sums and counts PostgreSQL returns per group (vendor, team, agent, period, ...). SQL adds up; the KPI
 * formulas (kpi-formulas.ts) turn these into rates and averages, and say "no data" where a denominator is 0.
 * Every field is a plain number so the same shape serves every grouping.
 */
export type KpiAggregate = {
  // Interactions handled in the group (by started_at).
  interactions: number;
  csatCount: number;
  csatSum: number;
  /** CSAT responses of 1 or 2 on the 1..5 scale. */
  dsatCount: number;
  npsCount: number;
  /** NPS 9 or 10. */
  promoters: number;
  /** NPS 0 to 6. */
  detractors: number;
  cesCount: number;
  cesSum: number;
  handleTimeCount: number;
  handleTimeSum: number;
  firstResponseCount: number;
  firstResponseSum: number;
  resolutionCount: number;
  resolutionSum: number;
  /** Interactions with FCR known, and those resolved at first contact. */
  fcrCount: number;
  fcrYes: number;
  escalated: number;
  escalatedCsatCount: number;
  escalatedCsatSum: number;

  // Submitted standard evaluations in the group (by submitted_at).
  evaluations: number;
  finalScoreCount: number;
  finalScoreSum: number;
  /** Sum of squared final scores, for the quality variance. */
  finalScoreSumSq: number;
  rawScoreCount: number;
  rawScoreSum: number;
  passedCount: number;
  criticalFailed: number;
  /** Seconds from the interaction's end to the evaluation's submission (QA turnaround). */
  turnaroundCount: number;
  turnaroundSum: number;
  /** Unmet answers, and those whose root cause is training_gap (plus DSAT cases tagged training_gap). */
  errors: number;
  trainingErrors: number;

  // Disputes raised on the group's evaluations, and those decided / overturned (accepted or partially).
  disputed: number;
  disputesDecided: number;
  disputesOverturned: number;
};

export const KPI_AGGREGATE_FIELDS = [
  "interactions",
  "csatCount",
  "csatSum",
  "dsatCount",
  "npsCount",
  "promoters",
  "detractors",
  "cesCount",
  "cesSum",
  "handleTimeCount",
  "handleTimeSum",
  "firstResponseCount",
  "firstResponseSum",
  "resolutionCount",
  "resolutionSum",
  "fcrCount",
  "fcrYes",
  "escalated",
  "escalatedCsatCount",
  "escalatedCsatSum",
  "evaluations",
  "finalScoreCount",
  "finalScoreSum",
  "finalScoreSumSq",
  "rawScoreCount",
  "rawScoreSum",
  "passedCount",
  "criticalFailed",
  "turnaroundCount",
  "turnaroundSum",
  "errors",
  "trainingErrors",
  "disputed",
  "disputesDecided",
  "disputesOverturned",
] as const satisfies readonly (keyof KpiAggregate)[];

export function emptyAggregate(): KpiAggregate {
  return Object.fromEntries(KPI_AGGREGATE_FIELDS.map((f) => [f, 0])) as KpiAggregate;
}

/** Field-wise sum, e.g. weeks into a window or agents into a team. */
export function addAggregates(a: KpiAggregate, b: KpiAggregate): KpiAggregate {
  const out = emptyAggregate();
  for (const f of KPI_AGGREGATE_FIELDS) out[f] = a[f] + b[f];
  return out;
}
