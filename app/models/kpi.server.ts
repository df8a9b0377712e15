import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import type { PgColumn } from "drizzle-orm/pg-core";
import { agents, assignments, evaluations, interactions, organizations } from "../../db/schema";
import { addAggregates, emptyAggregate, type KpiAggregate } from "~/domain/kpi-aggregate";
import type { KpiPeriod } from "~/domain/kpi-period";
import type { Scope } from "~/domain/permissions";
import { aggregateKpisFromRollups } from "./kpi-rollup-read.server";
import { scopeFilter } from "./scope.server";

export const KPI_DIMENSIONS = ["period", "vendor", "team", "agent", "channel", "queue", "hour", "cohort"] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export type KpiQuery = {
  scope: Scope;
  from: Date;
  to: Date;
  groupBy: KpiDimension[];
  /** Needed when grouping by period. */
  period?: KpiPeriod;
  timeZone: string;
  vendorId?: string;
  teamId?: string;
  agentId?: string;
  channel?: "call" | "chat" | "email";
  /** Only the evaluations this reviewer submitted (interaction KPIs are then left out: they are the agents'). */
  reviewerId?: string;
};

export type KpiGroup = { keys: Partial<Record<KpiDimension, string>>; aggregate: KpiAggregate };

const n = (expr: SQL) => sql<number>`coalesce(${expr}, 0)::float8`;

/**
 * Sums and counts for the KPIs, grouped by the requested dimensions, from the exact rollups
 * (kpi-rollup-read.server.ts) when they can answer, else from the base tables. Scope is part of every query.
 */
export async function aggregateKpis(q: KpiQuery): Promise<KpiGroup[]> {
  if (q.groupBy.includes("period") && !q.period) throw new Error("grouping by period needs a period");
  return (await aggregateKpisFromRollups(q)) ?? aggregateKpisFromBaseTables(q);
}

/**
 * The same sums straight from the base tables: the definition the rollups must reproduce, and the answer
 * for what they cannot (hour of day, zones with half-hour offsets). Three grouped queries (interactions by
 * start time, evaluations by submission time, and their disputes) merged by group.
 */
export async function aggregateKpisFromBaseTables(q: KpiQuery): Promise<KpiGroup[]> {
  const period = q.period ?? "week";
  const tz = q.timeZone;

  // Dimension expressions, per query: interactions (i) with their agent (a); evaluations (e) with theirs.
  const local = (ts: SQL | typeof interactions.startedAt) => sql`(${ts} at time zone ${tz})`;
  const periodOf = (ts: SQL | typeof interactions.startedAt) =>
    sql<string>`to_char(date_trunc(${period}, ${local(ts)}), 'YYYY-MM-DD')`;
  const interactionDims: Record<KpiDimension, SQL> = {
    period: periodOf(interactions.startedAt),
    vendor: sql`${interactions.vendorId}::text`,
    team: sql`${interactions.teamId}::text`,
    agent: sql`${interactions.agentId}::text`,
    channel: sql`${interactions.channel}::text`,
    queue: sql`${interactions.queue}`,
    hour: sql`extract(hour from ${local(interactions.startedAt)})::int::text`,
    cohort: sql`${agents.trainingCohort}`,
  };
  const evaluationDims: Record<KpiDimension, SQL> = {
    ...interactionDims,
    period: periodOf(sql`${evaluations.submittedAt}`),
    vendor: sql`${evaluations.vendorId}::text`,
    team: sql`${agents.teamId}::text`,
    agent: sql`${evaluations.agentId}::text`,
  };
  const pick = (dims: Record<KpiDimension, SQL>) =>
    Object.fromEntries(q.groupBy.map((d) => [d, sql<string>`${dims[d]}`])) as Record<KpiDimension, SQL<string>>;
  // By position: the dimensions come first in the select list. Grouping by the expressions themselves
  // fails once they carry parameters (the time zone), which PostgreSQL numbers apart from the select's.
  const groupExprs = () => q.groupBy.map((_, i) => sql.raw(String(i + 1)));

  const filters = (vendor: PgColumn, agent: PgColumn) => [
    scopeFilter(q.scope, { vendorId: vendor, agentId: agent }),
    q.vendorId ? eq(vendor, q.vendorId) : undefined,
    q.teamId ? eq(agents.teamId, q.teamId) : undefined,
    q.agentId ? eq(agent, q.agentId) : undefined,
    q.channel ? eq(interactions.channel, q.channel) : undefined,
  ];

  const dsat = sql`${interactions.csat} <= 2`;
  const tagged = sql`exists (select 1 from interaction_root_causes r where r.interaction_id = ${interactions.id})`;
  const taggedTraining = sql`exists (select 1 from interaction_root_causes r where r.interaction_id = ${interactions.id} and r.root_cause = 'training_gap')`;
  const interactionRows = q.reviewerId
    ? []
    : await db
        .select({
          ...pick(interactionDims),
          interactions: n(sql`count(*)`),
          csatCount: n(sql`count(${interactions.csat})`),
          csatSum: n(sql`sum(${interactions.csat})`),
          dsatCount: n(sql`count(*) filter (where ${dsat})`),
          npsCount: n(sql`count(${interactions.nps})`),
          promoters: n(sql`count(*) filter (where ${interactions.nps} >= 9)`),
          detractors: n(sql`count(*) filter (where ${interactions.nps} <= 6)`),
          cesCount: n(sql`count(${interactions.ces})`),
          cesSum: n(sql`sum(${interactions.ces})`),
          handleTimeCount: n(sql`count(${interactions.handleTimeSeconds})`),
          handleTimeSum: n(sql`sum(${interactions.handleTimeSeconds})`),
          firstResponseCount: n(sql`count(${interactions.firstResponseSeconds})`),
          firstResponseSum: n(sql`sum(${interactions.firstResponseSeconds})`),
          resolutionCount: n(sql`count(${interactions.resolutionSeconds})`),
          resolutionSum: n(sql`sum(${interactions.resolutionSeconds})`),
          fcrCount: n(sql`count(${interactions.fcr})`),
          fcrYes: n(sql`count(*) filter (where ${interactions.fcr})`),
          escalated: n(sql`count(*) filter (where ${interactions.escalated})`),
          escalatedCsatCount: n(sql`count(${interactions.csat}) filter (where ${interactions.escalated})`),
          escalatedCsatSum: n(sql`sum(${interactions.csat}) filter (where ${interactions.escalated})`),
          // DSAT cases a trainer tagged count as errors (training_gap ones as training errors).
          taggedErrors: n(sql`count(*) filter (where ${tagged})`),
          taggedTrainingErrors: n(sql`count(*) filter (where ${taggedTraining})`),
        })
        .from(interactions)
        .innerJoin(agents, eq(agents.id, interactions.agentId))
        .where(
          and(
            gte(interactions.startedAt, q.from),
            lt(interactions.startedAt, q.to),
            ...filters(interactions.vendorId, interactions.agentId),
          ),
        )
        .groupBy(...groupExprs());

  const unmet = sql`(select count(*) from evaluation_answers x where x.evaluation_id = ${evaluations.id} and x.met = false)`;
  const unmetTraining = sql`(select count(*) from evaluation_answers x where x.evaluation_id = ${evaluations.id} and x.met = false and x.root_cause = 'training_gap')`;
  const disputed = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id})`;
  const decided = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id} and d.status <> 'open')`;
  const overturned = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id} and d.status in ('accepted', 'partially_accepted'))`;
  const evaluationRows = await db
    .select({
      ...pick(evaluationDims),
      evaluations: n(sql`count(*)`),
      finalScoreCount: n(sql`count(${evaluations.finalScore})`),
      finalScoreSum: n(sql`sum(${evaluations.finalScore})`),
      finalScoreSumSq: n(sql`sum(${evaluations.finalScore} * ${evaluations.finalScore})`),
      rawScoreCount: n(sql`count(${evaluations.rawScore})`),
      rawScoreSum: n(sql`sum(${evaluations.rawScore})`),
      passedCount: n(sql`count(*) filter (where ${evaluations.passed})`),
      criticalFailed: n(sql`count(*) filter (where ${evaluations.criticalFailed})`),
      turnaroundCount: n(sql`count(*)`),
      turnaroundSum: n(sql`sum(greatest(0, extract(epoch from ${evaluations.submittedAt} - ${interactions.endedAt})))`),
      errors: n(sql`sum(${unmet})`),
      trainingErrors: n(sql`sum(${unmetTraining})`),
      disputed: n(sql`count(*) filter (where ${disputed})`),
      disputesDecided: n(sql`count(*) filter (where ${decided})`),
      disputesOverturned: n(sql`count(*) filter (where ${overturned})`),
    })
    .from(evaluations)
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .where(
      and(
        eq(evaluations.kind, "standard"),
        eq(evaluations.status, "submitted"),
        q.reviewerId ? eq(evaluations.reviewerId, q.reviewerId) : undefined,
        gte(evaluations.submittedAt, q.from),
        lt(evaluations.submittedAt, q.to),
        ...filters(evaluations.vendorId, evaluations.agentId),
      ),
    )
    .groupBy(...groupExprs());

  return mergeKpiRows(q.groupBy, interactionRows, evaluationRows);
}

/** One group per distinct key: interaction rows and evaluation rows of a group added into one aggregate. */
export function mergeKpiRows(
  groupBy: readonly KpiDimension[],
  interactionRows: readonly Record<string, unknown>[],
  evaluationRows: readonly Record<string, unknown>[],
): KpiGroup[] {
  const groups = new Map<string, KpiGroup>();
  const groupFor = (row: Record<string, unknown>) => {
    const keys = Object.fromEntries(groupBy.map((d) => [d, String(row[d] ?? "")])) as KpiGroup["keys"];
    const id = groupBy.map((d) => keys[d]).join("\u0000");
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { keys, aggregate: emptyAggregate() }));
    return group;
  };
  for (const row of interactionRows) {
    const group = groupFor(row);
    const { taggedErrors, taggedTrainingErrors, ...sums } = row as Record<string, unknown>;
    const add = emptyAggregate();
    for (const [k, v] of Object.entries(sums)) if (k in add) add[k as keyof KpiAggregate] = Number(v);
    add.errors = Number(taggedErrors);
    add.trainingErrors = Number(taggedTrainingErrors);
    group.aggregate = addAggregates(group.aggregate, add);
  }
  for (const row of evaluationRows) {
    const group = groupFor(row);
    const add = emptyAggregate();
    for (const [k, v] of Object.entries(row)) if (k in add) add[k as keyof KpiAggregate] = Number(v);
    group.aggregate = addAggregates(group.aggregate, add);
  }
  return [...groups.values()];
}

/** The vendors a viewer may compare: every vendor for client users, their own for vendor users. */
export async function listScopedVendors(scope: Scope) {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(
      and(eq(organizations.kind, "vendor"), scope.kind === "vendor" ? eq(organizations.id, scope.vendorId) : undefined),
    )
    .orderBy(asc(organizations.name));
}

/**
 * The review backlog now (open assignments) and its mean age in days, per vendor, team or agent of the
 * interactions waiting. A point-in-time KPI: it has no history per period.
 */
export async function getBacklogBy(scope: Scope, level: "vendor" | "team" | "agent", now = new Date()) {
  const key =
    level === "vendor"
      ? sql`${assignments.vendorId}::text`
      : level === "team"
        ? sql`${agents.teamId}::text`
        : sql`${assignments.agentId}::text`;
  const rows = await db
    .select({
      key: sql<string>`${key}`,
      open: n(sql`count(*)`),
      ageDays: n(sql`avg(extract(epoch from (${now.toISOString()}::timestamptz - ${assignments.createdAt})) / 86400)`),
    })
    .from(assignments)
    .innerJoin(agents, eq(agents.id, assignments.agentId))
    .where(
      and(
        inArray(assignments.status, ["pending", "in_progress"]),
        scopeFilter(scope, { vendorId: assignments.vendorId, agentId: assignments.agentId }),
      ),
    )
    .groupBy(sql.raw("1"));
  return new Map(rows.map((r) => [r.key, { open: Number(r.open), ageDays: Number(r.ageDays) }]));
}
