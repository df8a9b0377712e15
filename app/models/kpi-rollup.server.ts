/**
 * Keeps the exact KPI rollups (db/schema.ts: kpi_*_rollups) in step with the base tables. A write that
 * changes what an interaction or a submitted evaluation contributes calls `subtractFromRollups` before it
 * changes anything and `addToRollups` after, in the same transaction: the contribution is computed by the
 * same SQL both times, so the rollups stay equal to a rebuild from scratch (a test checks this).
 */
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { db, type Database } from "../../db/client.server";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Executor = Tx | Database;

export type RollupTargets = { interactionIds?: readonly string[]; evaluationIds?: readonly string[] };

const GRAINS = sql`(values ('hour', false), ('day', false), ('hour', true), ('day', true)) g(grain, cq)`;
const bucketOf = (ts: SQL) => sql`date_trunc(g.grain, ${ts} at time zone 'UTC') at time zone 'UTC'`;

const INTERACTION_SUMS = [
  ["interactions", sql`count(*)`],
  ["csat_count", sql`count(i.csat)`],
  ["csat_sum", sql`coalesce(sum(i.csat), 0)`],
  ["dsat_count", sql`count(*) filter (where i.csat <= 2)`],
  ["nps_count", sql`count(i.nps)`],
  ["promoters", sql`count(*) filter (where i.nps >= 9)`],
  ["detractors", sql`count(*) filter (where i.nps <= 6)`],
  ["ces_count", sql`count(i.ces)`],
  ["ces_sum", sql`coalesce(sum(i.ces), 0)`],
  ["handle_time_count", sql`count(i.handle_time_seconds)`],
  ["handle_time_sum", sql`coalesce(sum(i.handle_time_seconds), 0)`],
  ["first_response_count", sql`count(i.first_response_seconds)`],
  ["first_response_sum", sql`coalesce(sum(i.first_response_seconds), 0)`],
  ["resolution_count", sql`count(i.resolution_seconds)`],
  ["resolution_sum", sql`coalesce(sum(i.resolution_seconds), 0)`],
  ["fcr_count", sql`count(i.fcr)`],
  ["fcr_yes", sql`count(*) filter (where i.fcr)`],
  ["escalated", sql`count(*) filter (where i.escalated)`],
  ["escalated_csat_count", sql`count(i.csat) filter (where i.escalated)`],
  ["escalated_csat_sum", sql`coalesce(sum(i.csat) filter (where i.escalated), 0)`],
  // DSAT cases a trainer tagged count as errors (training_gap ones as training errors).
  ["tagged_errors", sql`count(rc.interaction_id)`],
  ["tagged_training_errors", sql`count(*) filter (where rc.root_cause = 'training_gap')`],
] as const;

const EVALUATION_SUMS = [
  ["evaluations", sql`count(*)`],
  ["final_score_count", sql`count(f.final_score)`],
  ["final_score_sum", sql`coalesce(sum(f.final_score), 0)`],
  ["final_score_sum_sq", sql`coalesce(sum(f.final_score * f.final_score), 0)`],
  ["raw_score_count", sql`count(f.raw_score)`],
  ["raw_score_sum", sql`coalesce(sum(f.raw_score), 0)`],
  ["passed_count", sql`count(*) filter (where f.passed)`],
  ["critical_failed", sql`count(*) filter (where f.critical_failed)`],
  ["turnaround_count", sql`count(*)`],
  ["turnaround_sum", sql`coalesce(sum(f.turnaround), 0)`],
  ["errors", sql`coalesce(sum(f.unmet), 0)`],
  ["training_errors", sql`coalesce(sum(f.unmet_training), 0)`],
  ["disputed", sql`count(*) filter (where f.disputed)`],
  ["disputes_decided", sql`count(*) filter (where f.decided)`],
  ["disputes_overturned", sql`count(*) filter (where f.overturned)`],
] as const;

const names = (sums: readonly (readonly [string, SQL])[]) => sql.raw(sums.map(([name]) => name).join(", "));
const signed = (sums: readonly (readonly [string, SQL])[], sign: 1 | -1) =>
  sql.join(
    sums.map(([, expr]) => (sign === 1 ? expr : sql`-(${expr})`)),
    sql`, `,
  );
const accumulate = (table: string, sums: readonly (readonly [string, SQL])[]) =>
  sql.raw(sums.map(([name]) => `${name} = ${table}.${name} + excluded.${name}`).join(", "));

const idList = (ids: readonly string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

/** One row per submitted standard evaluation with everything it contributes (answers, disputes, turnaround). */
function evaluationFacts(filter: SQL) {
  return sql`
    select e.id, e.agent_id, e.vendor_id, e.reviewer_id, e.submitted_at, i.channel::text as channel, i.queue,
      e.final_score::numeric as final_score, e.raw_score::numeric as raw_score, e.passed, e.critical_failed,
      greatest(0, extract(epoch from e.submitted_at - i.ended_at)) as turnaround,
      coalesce(x.unmet, 0) as unmet, coalesce(x.unmet_training, 0) as unmet_training,
      coalesce(d.disputed, false) as disputed, coalesce(d.decided, false) as decided,
      coalesce(d.overturned, false) as overturned
    from evaluations e
    join interactions i on i.id = e.interaction_id
    left join (
      select x.evaluation_id, count(*) filter (where x.met = false) as unmet,
        count(*) filter (where x.met = false and x.root_cause = 'training_gap') as unmet_training
      from evaluation_answers x join evaluations e on e.id = x.evaluation_id
      where ${filter} group by x.evaluation_id
    ) x on x.evaluation_id = e.id
    left join (
      select d.evaluation_id, true as disputed, bool_or(d.status <> 'open') as decided,
        bool_or(d.status in ('accepted', 'partially_accepted')) as overturned
      from disputes d join evaluations e on e.id = d.evaluation_id
      where ${filter} group by d.evaluation_id
    ) d on d.evaluation_id = e.id
    where e.kind = 'standard' and e.status = 'submitted' and e.submitted_at is not null and ${filter}`;
}

function interactionStatements(filter: SQL, sign: 1 | -1): SQL[] {
  return [
    sql`
    insert into kpi_interaction_rollups as r
      (grain, by_channel_queue, bucket, agent_id, team_id, vendor_id, channel, queue, ${names(INTERACTION_SUMS)})
    select g.grain, g.cq, ${bucketOf(sql`i.started_at`)}, i.agent_id, i.team_id, i.vendor_id,
      case when g.cq then i.channel::text else '' end, case when g.cq then i.queue else '' end,
      ${signed(INTERACTION_SUMS, sign)}
    from interactions i
    left join interaction_root_causes rc on rc.interaction_id = i.id
    cross join ${GRAINS}
    where ${filter}
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict (grain, by_channel_queue, bucket, agent_id, team_id, vendor_id, channel, queue)
    do update set ${accumulate("r", INTERACTION_SUMS)}`,
  ];
}

/**
 * `derived`: leave the vendor and cohort criterion sums out; a rebuild sums them from the per-agent
 * criterion rollup afterwards (the same rows, several times faster than reading every answer again).
 */
function evaluationStatements(filter: SQL, sign: 1 | -1, options: { derived?: boolean } = {}): SQL[] {
  const signSql = sql.raw(String(sign));
  const statements = [
    sql`
    insert into kpi_evaluation_rollups as r
      (grain, by_channel_queue, bucket, agent_id, vendor_id, channel, queue, ${names(EVALUATION_SUMS)})
    select g.grain, g.cq, ${bucketOf(sql`f.submitted_at`)}, f.agent_id, f.vendor_id,
      case when g.cq then f.channel else '' end, case when g.cq then f.queue else '' end,
      ${signed(EVALUATION_SUMS, sign)}
    from (${evaluationFacts(filter)}) f
    cross join ${GRAINS}
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (grain, by_channel_queue, bucket, agent_id, vendor_id, channel, queue)
    do update set ${accumulate("r", EVALUATION_SUMS)}`,
    sql`
    insert into kpi_reviewer_rollups as r (grain, bucket, reviewer_id, vendor_id, ${names(EVALUATION_SUMS)})
    select g.grain, ${bucketOf(sql`f.submitted_at`)}, f.reviewer_id, f.vendor_id, ${signed(EVALUATION_SUMS, sign)}
    from (${evaluationFacts(filter)}) f
    cross join (values ('hour'), ('day')) g(grain)
    group by 1, 2, 3, 4
    order by 3, 1, 2, 4
    on conflict (reviewer_id, grain, bucket, vendor_id)
    do update set ${accumulate("r", EVALUATION_SUMS)}`,
    sql`
    insert into kpi_criterion_rollups as r
      (grain, bucket, agent_id, vendor_id, scorecard_id, criterion_key, root_cause, answers, errors)
    select g.grain, ${bucketOf(sql`e.submitted_at`)}, e.agent_id, e.vendor_id, v.scorecard_id, x.criterion_key,
      coalesce(x.root_cause, ''), ${signSql} * count(*), ${signSql} * count(*) filter (where x.met = false)
    from evaluation_answers x
    join evaluations e on e.id = x.evaluation_id
    join scorecard_versions v on v.id = e.scorecard_version_id
    cross join (values ('hour'), ('day')) g(grain)
    where e.kind = 'standard' and e.status = 'submitted' and e.submitted_at is not null
      and x.met is not null and ${filter}
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (grain, bucket, agent_id, vendor_id, scorecard_id, criterion_key, root_cause)
    do update set answers = r.answers + excluded.answers, errors = r.errors + excluded.errors`,
  ];
  return options.derived ? statements : [...statements, ...vendorAndCohortCriterionStatements(filter, signSql)];
}

/** The criterion sums per vendor and per vendor and training cohort, for the evaluations in `filter`. */
function vendorAndCohortCriterionStatements(filter: SQL, signSql: SQL): SQL[] {
  return [
    sql`
    insert into kpi_vendor_criterion_rollups as r
      (grain, bucket, vendor_id, scorecard_id, criterion_key, root_cause, answers, errors)
    select g.grain, ${bucketOf(sql`e.submitted_at`)}, e.vendor_id, v.scorecard_id, x.criterion_key,
      coalesce(x.root_cause, ''), ${signSql} * count(*), ${signSql} * count(*) filter (where x.met = false)
    from evaluation_answers x
    join evaluations e on e.id = x.evaluation_id
    join scorecard_versions v on v.id = e.scorecard_version_id
    cross join (values ('hour'), ('day')) g(grain)
    where e.kind = 'standard' and e.status = 'submitted' and e.submitted_at is not null
      and x.met is not null and ${filter}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (grain, bucket, vendor_id, scorecard_id, criterion_key, root_cause)
    do update set answers = r.answers + excluded.answers, errors = r.errors + excluded.errors`,
    sql`
    insert into kpi_cohort_criterion_rollups as r
      (grain, bucket, vendor_id, training_cohort, scorecard_id, criterion_key, answers, errors)
    select g.grain, ${bucketOf(sql`e.submitted_at`)}, e.vendor_id, a.training_cohort, v.scorecard_id, x.criterion_key,
      ${signSql} * count(*), ${signSql} * count(*) filter (where x.met = false)
    from evaluation_answers x
    join evaluations e on e.id = x.evaluation_id
    join agents a on a.id = e.agent_id
    join scorecard_versions v on v.id = e.scorecard_version_id
    cross join (values ('hour'), ('day')) g(grain)
    where e.kind = 'standard' and e.status = 'submitted' and e.submitted_at is not null
      and x.met is not null and ${filter}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (grain, bucket, vendor_id, training_cohort, scorecard_id, criterion_key)
    do update set answers = r.answers + excluded.answers, errors = r.errors + excluded.errors`,
  ];
}

/**
 * The targeted statements for a list of ids, their SQL text built once: drizzle's building of queries
 * was the largest library share of a submission's server CPU in the profile, and these are its largest. `ids` stands where the filter names the ids.
 */
function withIds(build: (ids: SQL) => SQL[]): (ids: SQL) => SQL[] {
  const marker = "/*ids*/";
  let texts: string[][] | undefined;
  return (ids) => {
    texts ??= build(sql.raw(marker)).map((statement) => {
      const query = dialect.sqlToQuery(statement);
      if (query.params.length > 0) throw new Error("a cached rollup statement must not carry parameters");
      return query.sql.split(marker);
    });
    return texts.map((parts) =>
      sql.join(parts.flatMap((part, i) => (i === 0 ? [sql.raw(part)] : [ids, sql.raw(part)]))),
    );
  };
}
const dialect = new PgDialect();

const TARGETED = {
  interactions: {
    1: withIds((ids) => interactionStatements(sql`i.id = any(${ids})`, 1)),
    [-1]: withIds((ids) => interactionStatements(sql`i.id = any(${ids})`, -1)),
  },
  evaluations: {
    1: withIds((ids) => evaluationStatements(sql`e.id = any(${ids})`, 1)),
    [-1]: withIds((ids) => evaluationStatements(sql`e.id = any(${ids})`, -1)),
  },
};

/**
 * The targets to refresh, in id order (so concurrent writers lock rows in one order and cannot deadlock):
 * the evaluations named plus the evaluations of the interactions named (their channel, queue and end time
 * count in the evaluation sums). The interactions named are locked on the way.
 */
async function resolveTargets(tx: Executor, targets: RollupTargets) {
  const interactionIds = [...new Set(targets.interactionIds ?? [])].sort();
  const evaluationIds = new Set(targets.evaluationIds ?? []);
  if (interactionIds.length > 0) {
    await tx.execute(sql`select id from interactions where id = any(${idList(interactionIds)}) order by id for update`);
    const rows = await tx.execute<{ id: string }>(
      sql`select id from evaluations where interaction_id = any(${idList(interactionIds)})
            and kind = 'standard' and status = 'submitted'`,
    );
    for (const row of rowsOf<{ id: string }>(rows)) evaluationIds.add(row.id);
  }
  return { interactionIds, evaluationIds: [...evaluationIds].sort() };
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The statements that lock the targets' evaluations and move their contribution in or out of the rollups,
 * to run in this order in the write's transaction (the caller may pipeline them with its own writes).
 */
export function rollupStatements(
  targets: { interactionIds: readonly string[]; evaluationIds: readonly string[] },
  sign: 1 | -1,
): SQL[] {
  const statements: SQL[] = [];
  if (targets.evaluationIds.length > 0)
    statements.push(
      sql`select id from evaluations where id = any(${idList(targets.evaluationIds)}) order by id for update`,
    );
  if (targets.interactionIds.length > 0)
    statements.push(...TARGETED.interactions[sign](idList(targets.interactionIds)));
  if (targets.evaluationIds.length > 0) statements.push(...TARGETED.evaluations[sign](idList(targets.evaluationIds)));
  return statements;
}

/**
 * Runs statements in order on the transaction's one connection without waiting for each answer between
 * them: postgres.js sends them in one write (PGlite runs them one after another). Each statement still sees
 * the effects of the ones before it; the first failure fails the whole (and the transaction).
 */
async function pipeline(tx: Executor, statements: SQL[]): Promise<void> {
  await Promise.all(statements.map((statement) => tx.execute(statement)));
}

/** Takes the targets' current contribution out of the rollups. Call inside the write's transaction, first. */
export async function subtractFromRollups(tx: Tx, targets: RollupTargets): Promise<void> {
  await pipeline(tx, rollupStatements(await resolveTargets(tx, targets), -1));
}

/** Puts the targets' contribution (as it is now) back into the rollups. Call after the write, same transaction. */
export async function addToRollups(tx: Tx, targets: RollupTargets): Promise<void> {
  await pipeline(tx, rollupStatements(await resolveTargets(tx, targets), 1));
}

/** Fills the (empty) vendor and cohort criterion rollups from kpi_criterion_rollups, during a rebuild. */
async function deriveVendorAndCohortCriteria(tx: Executor) {
  await tx.execute(sql`
    insert into kpi_vendor_criterion_rollups
      (grain, bucket, vendor_id, scorecard_id, criterion_key, root_cause, answers, errors)
    select grain, bucket, vendor_id, scorecard_id, criterion_key, root_cause, sum(answers), sum(errors)
    from kpi_criterion_rollups
    group by 1, 2, 3, 4, 5, 6
    having sum(answers) <> 0 or sum(errors) <> 0`);
  await tx.execute(sql`
    insert into kpi_cohort_criterion_rollups
      (grain, bucket, vendor_id, training_cohort, scorecard_id, criterion_key, answers, errors)
    select c.grain, c.bucket, c.vendor_id, a.training_cohort, c.scorecard_id, c.criterion_key,
      sum(c.answers), sum(c.errors)
    from kpi_criterion_rollups c join agents a on a.id = c.agent_id
    group by 1, 2, 3, 4, 5, 6
    having sum(c.answers) <> 0 or sum(c.errors) <> 0`);
}

/**
 * Recomputes every rollup from the base tables in one transaction (writers wait for it). `tx` lets the seed
 * rebuild inside its own transaction.
 */
export async function rebuildKpiRollups(tx?: Tx): Promise<{ seconds: number }> {
  const started = performance.now();
  const run = async (t: Tx) => {
    await t.execute(
      sql`truncate kpi_interaction_rollups, kpi_evaluation_rollups, kpi_reviewer_rollups, kpi_criterion_rollups,
        kpi_vendor_criterion_rollups, kpi_cohort_criterion_rollups`,
    );
    for (const statement of interactionStatements(sql`true`, 1)) await t.execute(statement);
    for (const statement of evaluationStatements(sql`true`, 1, { derived: true })) await t.execute(statement);
    await deriveVendorAndCohortCriteria(t);
  };
  if (tx) await run(tx);
  else await db.transaction(run);
  return { seconds: (performance.now() - started) / 1000 };
}

/** Whether the rollups hold nothing while there is data to roll up (a database from before the rollups). */
export async function rollupsNeedBuilding(): Promise<boolean> {
  const rows = await db.execute<{ needed: boolean }>(
    sql`select (not exists (select 1 from kpi_interaction_rollups) and exists (select 1 from interactions))
      or (not exists (select 1 from kpi_criterion_rollups)
          and exists (select 1 from evaluations where kind = 'standard' and status = 'submitted')) as needed`,
  );
  return Boolean(rowsOf<{ needed: boolean }>(rows)[0]?.needed);
}
