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

// Each row counts with its piece's sign: -1 rows are hours taken back out of a day piece.
const sums = (fields: Record<string, string>) =>
  sql.raw(
    Object.entries(fields)
      .map(([alias, column]) => `sum(r.${column} * p.sign)::float8 as "${alias}"`)
      .join(", "),
  );

/**
 * The rows of `table` inside the pieces, as `p` (the piece, with its period key k) and `r` (the row). A
 * lateral range scan per piece, on the rollup's unique index (`offset 0` keeps the planner from flattening it
 * into a hash join on grain that compares every row with every piece: 0.5 s for 26 weeks at a million).
 */
function rollupRowsIn(table: string, pieces: RollupPiece[], inner: SQL): SQL {
  return sql`${piecesTable(pieces)} cross join lateral (
    select * from ${sql.raw(table)} r
    where ${inner} and r.grain = p.grain and r.bucket >= p.s and r.bucket < p.e
    offset 0
  ) r`;
}

export function piecesTable(pieces: RollupPiece[]): SQL {
  const rows = pieces.map(
    (p) =>
      sql`(${p.key}::text, ${p.grain}::text, ${p.from.toISOString()}::timestamptz, ${p.to.toISOString()}::timestamptz, ${p.sign}::int)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)}) p(k, grain, s, e, sign)`;
}

export function scopeSql(scope: Scope, agentColumn: SQL | null): SQL {
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
    filters.push(scopeSql(q.scope, null));
  } else {
    filters.push(scopeSql(q.scope, sql`r.agent_id`));
    if (q.teamId) filters.push(sql`a.team_id = ${q.teamId}`);
    if (q.agentId) filters.push(sql`r.agent_id = ${q.agentId}`);
    if (q.channel) filters.push(sql`r.channel = ${q.channel}`);
  }
  if (q.vendorId) filters.push(sql`r.vendor_id = ${q.vendorId}`);
  // The leading columns of each rollup's unique index, so each piece is one index range.
  const inner =
    source === "reviewer" ? sql`r.reviewer_id = ${q.reviewerId}` : sql`r.by_channel_queue = ${byChannelQueue}`;
  const select = dims.map(([d, expr]) => sql`${expr} as ${sql.identifier(d)}`);
  const joinAgents = source === "reviewer" ? sql`` : sql`join agents a on a.id = r.agent_id`;
  const groupBy = dims.length > 0 ? sql`group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(", "))}` : sql``;
  // Every rollup row counts at least one interaction or evaluation, so a group exists exactly when its
  // signed count is positive (a group seen only in hours taken back out of a day nets to zero).
  const counted = source === "interaction" ? sql`r.interactions` : sql`r.evaluations`;
  const presence = dims.length > 0 ? sql`having sum(${counted} * p.sign) > 0` : sql``;
  const result = await db.execute<Record<string, unknown>>(sql`
    select ${sql.join([...select, sums(source === "interaction" ? INTERACTION_FIELDS : EVALUATION_FIELDS)], sql`, `)}
    from ${rollupRowsIn(table, pieces, inner)}
    ${joinAgents}
    where ${sql.join(filters, sql` and `)}
    ${groupBy}
    ${presence}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
  // A group with no rows has no sums (sum() over nothing is null in the no-group-by case), and one whose
  // signed count nets to zero has none either.
  return rows.filter((row) => Number(row[source === "interaction" ? "interactions" : "evaluations"] ?? 0) > 0);
}

/** The KPI sums from the rollups, or null when they cannot answer this query exactly. */
export async function aggregateKpisFromRollups(q: KpiQuery): Promise<KpiGroup[] | null> {
  if (q.groupBy.includes("hour")) return null;
  const pieces = rollupPieces({
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    period: q.groupBy.includes("period") ? q.period : undefined,
    complement: true,
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

/**
 * `from <rollup table> r join <pieces> where <scope, vendor>` over [from, to) for queries that do not split
 * the window into periods; null when an edge falls inside a UTC hour, or when the table has no agent rows
 * and the scope is one agent. The caller adds select and group by.
 */
export function rollupWindow(input: {
  table:
    | "kpi_criterion_rollups"
    | "kpi_vendor_criterion_rollups"
    | "kpi_cohort_criterion_rollups"
    | "kpi_interaction_rollups"
    | "kpi_evaluation_rollups"
    | "kpi_reviewer_rollups";
  scope: Scope;
  from: Date;
  to: Date;
  vendorId?: string | null;
  join?: SQL;
  /** Conditions on the rollup's leading key columns after grain and bucket, if any. */
  inner?: SQL;
  where?: SQL;
}): SQL | null {
  const perAgent = !["kpi_vendor_criterion_rollups", "kpi_cohort_criterion_rollups", "kpi_reviewer_rollups"].includes(
    input.table,
  );
  // The vendor sums cannot narrow to one agent: agent-scoped users read a table with agent rows.
  if (!perAgent && input.scope.kind === "vendor" && input.scope.agentId !== null) return null;
  const pieces = rollupPieces({ from: input.from, to: input.to, timeZone: "UTC" });
  if (!pieces) return null;
  if (pieces.length === 0) return sql`from ${sql.raw(input.table)} r where false`;
  const filters = [scopeSql(input.scope, perAgent ? sql`r.agent_id` : null)];
  if (input.vendorId) filters.push(sql`r.vendor_id = ${input.vendorId}`);
  if (input.where) filters.push(input.where);
  return sql`from ${rollupRowsIn(input.table, pieces, input.inner ?? sql`true`)}
    ${input.join ?? sql``}
    where ${sql.join(filters, sql` and `)}`;
}

/** Rows of a raw query, on PostgreSQL and PGlite alike. */
export async function runRows<T>(query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
