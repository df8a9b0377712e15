/**
 * The KPI sums read from the exact rollups instead of the base tables: the window is cut into UTC day and
 * hour pieces per period (domain/kpi-rollup-pieces.ts), and each piece's rows are summed per group. Answers
 * null for what the rollups do not hold, and the caller falls back to the base tables: the hour of day, and
 * windows whose boundaries fall inside a UTC hour.
 */
import { sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import { rollupPieces, type RollupPiece } from "~/domain/kpi-rollup-pieces";
import type { Scope } from "~/domain/permissions";
import { mergeKpiRows, type KpiDimension, type KpiGroup, type KpiQuery } from "./kpi.server";

const INTERACTION_FIELDS = {
  interactions: "interactions",
  csatCount: "csat_count",
  csatSum: "csat_sum",
  dsatCount: "dsat_count",
  npsCount: "nps_count",
  promoters: "promoters",
  detractors: "detractors",
  cesCount: "ces_count",
  cesSum: "ces_sum",
  handleTimeCount: "handle_time_count",
  handleTimeSum: "handle_time_sum",
  firstResponseCount: "first_response_count",
  firstResponseSum: "first_response_sum",
  resolutionCount: "resolution_count",
  resolutionSum: "resolution_sum",
  fcrCount: "fcr_count",
  fcrYes: "fcr_yes",
  escalated: "escalated",
  escalatedCsatCount: "escalated_csat_count",
  escalatedCsatSum: "escalated_csat_sum",
  taggedErrors: "tagged_errors",
  taggedTrainingErrors: "tagged_training_errors",
};

const EVALUATION_FIELDS = {
  evaluations: "evaluations",
  finalScoreCount: "final_score_count",
  finalScoreSum: "final_score_sum",
  finalScoreSumSq: "final_score_sum_sq",
  rawScoreCount: "raw_score_count",
  rawScoreSum: "raw_score_sum",
  passedCount: "passed_count",
  criticalFailed: "critical_failed",
  turnaroundCount: "turnaround_count",
  turnaroundSum: "turnaround_sum",
  errors: "errors",
  trainingErrors: "training_errors",
  disputed: "disputed",
  disputesDecided: "disputes_decided",
  disputesOverturned: "disputes_overturned",
};

const sums = (fields: Record<string, string>) =>
  sql.raw(
    Object.entries(fields)
      .map(([alias, column]) => `sum(r.${column})::float8 as "${alias}"`)
      .join(", "),
  );

function piecesTable(pieces: RollupPiece[]): SQL {
  const rows = pieces.map(
    (p) =>
      sql`(${p.key}::text, ${p.grain}::text, ${p.from.toISOString()}::timestamptz, ${p.to.toISOString()}::timestamptz)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)}) p(k, grain, s, e)`;
}

function scopeSql(scope: Scope, agentColumn: SQL | null): SQL {
  if (scope.kind === "client") return sql`true`;
  if (scope.agentId === null) return sql`r.vendor_id = ${scope.vendorId}`;
  if (!agentColumn) throw new Error("agent-scoped users need an agent column to filter on");
  return sql`${agentColumn} = ${scope.agentId}`;
}

type Source = "interaction" | "evaluation" | "reviewer";

function dimensionSql(source: Source, d: KpiDimension): SQL | null {
  switch (d) {
    case "period":
      return sql`p.k`;
    case "vendor":
      return sql`r.vendor_id::text`;
    case "team":
      // Interaction KPIs count for the interaction's team, evaluation KPIs for the agent's current team.
      return source === "interaction" ? sql`r.team_id::text` : source === "evaluation" ? sql`a.team_id::text` : null;
    case "agent":
      return source === "reviewer" ? null : sql`r.agent_id::text`;
    case "channel":
    case "queue":
      return source === "reviewer" ? null : sql.raw(`r.${d}`);
    case "cohort":
      return source === "reviewer" ? null : sql`a.training_cohort`;
    case "hour":
      return null;
  }
}

async function readSource(source: Source, q: KpiQuery, pieces: RollupPiece[]) {
  const dims = q.groupBy.map((d) => [d, dimensionSql(source, d)] as const);
  if (dims.some(([, expr]) => expr === null)) return null;
  const byChannelQueue = q.channel !== undefined || q.groupBy.includes("channel") || q.groupBy.includes("queue");
  const table = {
    interaction: "kpi_interaction_rollups",
    evaluation: "kpi_evaluation_rollups",
    reviewer: "kpi_reviewer_rollups",
  }[source];
  const filters: SQL[] = [];
  if (source === "reviewer") {
    if (q.teamId || q.agentId || q.channel || (q.scope.kind === "vendor" && q.scope.agentId !== null)) return null;
    filters.push(sql`r.reviewer_id = ${q.reviewerId}`, scopeSql(q.scope, null));
  } else {
    filters.push(sql`r.by_channel_queue = ${byChannelQueue}`, scopeSql(q.scope, sql`r.agent_id`));
    if (q.teamId) filters.push(sql`a.team_id = ${q.teamId}`);
    if (q.agentId) filters.push(sql`r.agent_id = ${q.agentId}`);
    if (q.channel) filters.push(sql`r.channel = ${q.channel}`);
  }
  if (q.vendorId) filters.push(sql`r.vendor_id = ${q.vendorId}`);
  const select = dims.map(([d, expr]) => sql`${expr} as ${sql.identifier(d)}`);
  const joinAgents = source === "reviewer" ? sql`` : sql`join agents a on a.id = r.agent_id`;
  const groupBy = dims.length > 0 ? sql`group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(", "))}` : sql``;
  const result = await db.execute<Record<string, unknown>>(sql`
    select ${sql.join([...select, sums(source === "interaction" ? INTERACTION_FIELDS : EVALUATION_FIELDS)], sql`, `)}
    from ${sql.raw(table)} r
    join ${piecesTable(pieces)} on r.grain = p.grain and r.bucket >= p.s and r.bucket < p.e
    ${joinAgents}
    where ${sql.join(filters, sql` and `)}
    ${groupBy}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
  // A group with no rows has no sums; sum() over nothing is null only in the no-group-by case.
  return rows.filter((row) => row[source === "interaction" ? "interactions" : "evaluations"] !== null);
}

/** The KPI sums from the rollups, or null when they cannot answer this query exactly. */
export async function aggregateKpisFromRollups(q: KpiQuery): Promise<KpiGroup[] | null> {
  if (q.groupBy.includes("hour")) return null;
  const pieces = rollupPieces({
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    period: q.groupBy.includes("period") ? q.period : undefined,
  });
  if (!pieces) return null;
  if (pieces.length === 0) return [];
  const [interactionRows, evaluationRows] = await Promise.all([
    q.reviewerId ? Promise.resolve([]) : readSource("interaction", q, pieces),
    readSource(q.reviewerId ? "reviewer" : "evaluation", q, pieces),
  ]);
  if (!interactionRows || !evaluationRows) return null;
  return mergeKpiRows(q.groupBy, interactionRows, evaluationRows);
}
