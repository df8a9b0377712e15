import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  agents,
  evaluationAnswers,
  evaluations,
  interactionRootCauses,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
} from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { listCriteria, ROOT_CAUSES, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { compareCohorts, computePareto, NO_ROOT_CAUSE, shareOf } from "~/domain/trainer-analysis";
import { rollupWindow, runRows } from "./kpi-rollup-read.server";
import { scopeFilter } from "./scope.server";

/** What every trainer query is about: the viewer's scope, a window of instants and an optional vendor. */
export type TrainerFilter = { scope: Scope; from: Date; to: Date; vendorId?: string | null };

const int = (expr: ReturnType<typeof sql>) => sql<number>`(${expr})::int`;

/** Submitted standard evaluations in the window and scope (calibration scoring never counts). */
function submittedStandard(f: TrainerFilter) {
  return and(
    eq(evaluations.kind, "standard"),
    eq(evaluations.status, "submitted"),
    gte(evaluations.submittedAt, f.from),
    lt(evaluations.submittedAt, f.to),
    scopeFilter(f.scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
    f.vendorId ? eq(evaluations.vendorId, f.vendorId) : undefined,
  );
}

export type CriterionRef = { scorecardId: string; criterionKey: string };
export const criterionId = (r: CriterionRef) => `${r.scorecardId}:${r.criterionKey}`;

export type CriterionInfo = { scorecardName: string; scorecardSlug: string; label: string };

/**
 * Labels of criteria by scorecard and key: criteria keep their key across versions, so the label is the one
 * of the newest version that has the key.
 */
export async function getCriterionLabels(scorecardIds: string[]): Promise<Map<string, CriterionInfo>> {
  const labels = new Map<string, CriterionInfo>();
  if (scorecardIds.length === 0) return labels;
  const versions = await db
    .select({
      scorecardId: scorecardVersions.scorecardId,
      definition: scorecardVersions.definition,
      name: scorecards.name,
      slug: scorecards.slug,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(inArray(scorecardVersions.scorecardId, [...new Set(scorecardIds)]))
    .orderBy(desc(scorecardVersions.number));
  for (const v of versions) {
    for (const c of listCriteria(v.definition as ScorecardDefinition)) {
      const id = criterionId({ scorecardId: v.scorecardId, criterionKey: c.key });
      if (!labels.has(id)) labels.set(id, { scorecardName: v.name, scorecardSlug: v.slug, label: c.label });
    }
  }
  return labels;
}

export type RootCauseCounts = Record<string, number>;

export type ParetoCriterion = CriterionRef &
  CriterionInfo & {
    /** Unmet answers. */
    errors: number;
    /** Answers that were met or unmet (N/A excluded). */
    answers: number;
    failureRate: number | null;
    /** Unmet answers by root cause; NO_ROOT_CAUSE for misses without one. */
    byRootCause: RootCauseCounts;
  };

type ErrorRow = {
  scorecardId: string;
  criterionKey: string;
  rootCause: string | null;
  errors: number;
  answers: number;
};

/** The base-table query behind the Pareto: the definition its rollup reading must reproduce. */
export async function errorRowsFromBaseTables(f: TrainerFilter): Promise<ErrorRow[]> {
  const rows = await db
    .select({
      scorecardId: scorecardVersions.scorecardId,
      criterionKey: evaluationAnswers.criterionKey,
      rootCause: evaluationAnswers.rootCause,
      errors: int(sql`count(*) filter (where ${evaluationAnswers.met} = false)`),
      answers: int(
        sql`sum(count(*)) over (partition by ${scorecardVersions.scorecardId}, ${evaluationAnswers.criterionKey})`,
      ),
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .where(and(submittedStandard(f), isNotNull(evaluationAnswers.met)))
    .groupBy(scorecardVersions.scorecardId, evaluationAnswers.criterionKey, evaluationAnswers.rootCause);
  return rows.map((r) => ({ ...r, errors: Number(r.errors), answers: Number(r.answers) }));
}

/** The same rows from kpi_criterion_rollups; null when the window does not fall on UTC hours. */
export async function errorRowsFromRollups(f: TrainerFilter): Promise<ErrorRow[] | null> {
  const source =
    rollupWindow({ table: "kpi_vendor_criterion_rollups", ...f }) ??
    rollupWindow({ table: "kpi_criterion_rollups", ...f });
  if (!source) return null;
  const rows = await runRows<ErrorRow>(sql`
    select r.scorecard_id as "scorecardId", r.criterion_key as "criterionKey", nullif(r.root_cause, '') as "rootCause",
      sum(r.errors)::int as errors,
      (sum(sum(r.answers)) over (partition by r.scorecard_id, r.criterion_key))::int as answers
    ${source}
    group by r.scorecard_id, r.criterion_key, r.root_cause`);
  return rows.map((r) => ({ ...r, errors: Number(r.errors), answers: Number(r.answers) }));
}

/**
 * Errors (unmet answers) per scorecard and criterion, split by root cause, with the criterion's answers for
 * its failure rate. PostgreSQL groups by criterion and root cause; the answers per criterion come from a
 * window sum over those groups. Criteria nobody missed are left out. Not yet in Pareto order.
 */
export async function listErrorsByCriterion(f: TrainerFilter): Promise<ParetoCriterion[]> {
  const rows = (await errorRowsFromRollups(f)) ?? (await errorRowsFromBaseTables(f));
  const labels = await getCriterionLabels(rows.map((r) => r.scorecardId));
  const byCriterion = new Map<string, ParetoCriterion>();
  for (const r of rows) {
    const id = criterionId(r);
    let c = byCriterion.get(id);
    if (!c) {
      const info = labels.get(id) ?? { scorecardName: "?", scorecardSlug: "", label: r.criterionKey };
      c = {
        scorecardId: r.scorecardId,
        criterionKey: r.criterionKey,
        ...info,
        errors: 0,
        answers: Number(r.answers),
        failureRate: null,
        byRootCause: Object.fromEntries([...ROOT_CAUSES, NO_ROOT_CAUSE].map((k) => [k, 0])),
      };
      byCriterion.set(id, c);
    }
    const errors = Number(r.errors);
    const cause = r.rootCause && (ROOT_CAUSES as readonly string[]).includes(r.rootCause) ? r.rootCause : NO_ROOT_CAUSE;
    c.byRootCause[cause] += errors;
    c.errors += errors;
  }
  return [...byCriterion.values()]
    .filter((c) => c.errors > 0)
    .map((c) => ({ ...c, failureRate: shareOf(c.errors, c.answers) }))
    .sort((a, b) => a.scorecardName.localeCompare(b.scorecardName) || a.label.localeCompare(b.label));
}

/** The error Pareto: criteria by errors, most first, with each one's share and the cumulative share. */
export async function getErrorPareto(f: TrainerFilter) {
  return computePareto(await listErrorsByCriterion(f));
}

type MissRow = {
  agentId: string;
  agentName: string;
  teamName: string;
  vendorName: string;
  trainingCohort: string;
  errors: number;
  answers: number;
};

/** The base-table query behind the drill-down (the definition the rollup reading reproduces). */
export async function missRowsFromBaseTables(f: DrillFilter): Promise<MissRow[]> {
  const errors = sql`count(*) filter (where ${evaluationAnswers.met} = false)`;
  const rows = await db
    .select({
      agentId: agents.id,
      agentName: agents.name,
      teamName: teams.name,
      vendorName: organizations.name,
      trainingCohort: agents.trainingCohort,
      errors: int(errors),
      answers: int(sql`count(*)`),
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, agents.vendorId))
    .where(
      and(
        submittedStandard(f),
        isNotNull(evaluationAnswers.met),
        eq(scorecardVersions.scorecardId, f.scorecardId),
        eq(evaluationAnswers.criterionKey, f.criterionKey),
      ),
    )
    .groupBy(agents.id, agents.name, teams.name, organizations.name, agents.trainingCohort)
    .having(sql`${errors} > 0`)
    .orderBy(desc(errors), desc(sql`${errors}::float8 / count(*)`), asc(agents.name))
    .limit(f.limit ?? 10);
  return rows;
}

/** The same rows from kpi_criterion_rollups. */
export async function missRowsFromRollups(f: DrillFilter): Promise<MissRow[] | null> {
  const source = rollupWindow({
    table: "kpi_criterion_rollups",
    ...f,
    join: sql`join agents a on a.id = r.agent_id join teams t on t.id = a.team_id join organizations o on o.id = a.vendor_id`,
    where: sql`r.scorecard_id = ${f.scorecardId} and r.criterion_key = ${f.criterionKey}`,
  });
  if (!source) return null;
  return runRows<MissRow>(sql`
    select a.id as "agentId", a.name as "agentName", t.name as "teamName", o.name as "vendorName",
      a.training_cohort as "trainingCohort", sum(r.errors)::int as errors, sum(r.answers)::int as answers
    ${source}
    group by a.id, a.name, t.name, o.name, a.training_cohort
    having sum(r.errors) > 0
    order by sum(r.errors) desc, sum(r.errors)::float8 / sum(r.answers) desc, a.name asc
    limit ${f.limit ?? 10}`);
}

type DrillFilter = TrainerFilter & CriterionRef & { limit?: number };

/** The agents with the most misses on one criterion (the Pareto row's drill-down). */
export async function listAgentsMissingCriterion(f: DrillFilter) {
  const rows = (await missRowsFromRollups(f)) ?? (await missRowsFromBaseTables(f));
  return rows.map((r) => ({ ...r, failureRate: shareOf(r.errors, r.answers) }));
}

export type TrainingShareRow = {
  id: string;
  label: string;
  /** The vendor's name, for team rows. */
  vendorName: string | null;
  /** Unmet answers plus tagged DSAT cases. */
  errors: number;
  trainingErrors: number;
  dsatErrors: number;
  dsatTrainingErrors: number;
  share: number | null;
};

/**
 * The share of errors traceable to training, by vendor, team and training cohort. Errors are the unmet
 * answers of submitted standard evaluations (by submission time) and the DSAT cases a trainer tagged with a
 * root cause (by the interaction's start), as in the `training_error_share` KPI. One UNION ALL subquery,
 * grouped three ways by PostgreSQL.
 */
/** The base-table queries behind the training share (the definition the rollup reading reproduces). */
export async function trainingRowsFromBaseTables(f: TrainerFilter): Promise<TrainingRows> {
  const answerErrors = db
    .select({
      vendorId: agents.vendorId,
      teamId: agents.teamId,
      cohort: agents.trainingCohort,
      rootCause: sql<string | null>`${evaluationAnswers.rootCause}`.as("root_cause"),
      dsat: sql<boolean>`false`.as("dsat"),
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .where(and(submittedStandard(f), eq(evaluationAnswers.met, false)));
  const dsatErrors = db
    .select({
      vendorId: agents.vendorId,
      teamId: agents.teamId,
      cohort: agents.trainingCohort,
      rootCause: sql<string | null>`${interactionRootCauses.rootCause}`.as("root_cause"),
      dsat: sql<boolean>`true`.as("dsat"),
    })
    .from(interactionRootCauses)
    .innerJoin(interactions, eq(interactions.id, interactionRootCauses.interactionId))
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .where(
      and(
        gte(interactions.startedAt, f.from),
        lt(interactions.startedAt, f.to),
        scopeFilter(f.scope, { vendorId: interactionRootCauses.vendorId, agentId: interactions.agentId }),
        f.vendorId ? eq(interactionRootCauses.vendorId, f.vendorId) : undefined,
      ),
    );
  const errors = answerErrors.unionAll(dsatErrors).as("errors");
  const counts = {
    errors: int(sql`count(*)`),
    trainingErrors: int(sql`count(*) filter (where ${errors.rootCause} = 'training_gap')`),
    dsatErrors: int(sql`count(*) filter (where ${errors.dsat})`),
    dsatTrainingErrors: int(sql`count(*) filter (where ${errors.dsat} and ${errors.rootCause} = 'training_gap')`),
  };
  const [byVendor, byTeam, byCohort] = await Promise.all([
    db
      .select({ id: errors.vendorId, label: organizations.name, vendorName: sql<string | null>`null`, ...counts })
      .from(errors)
      .innerJoin(organizations, eq(organizations.id, errors.vendorId))
      .groupBy(errors.vendorId, organizations.name)
      .orderBy(asc(organizations.name)),
    db
      .select({ id: errors.teamId, label: teams.name, vendorName: organizations.name, ...counts })
      .from(errors)
      .innerJoin(teams, eq(teams.id, errors.teamId))
      .innerJoin(organizations, eq(organizations.id, teams.vendorId))
      .groupBy(errors.teamId, teams.name, organizations.name)
      .orderBy(asc(organizations.name), asc(teams.name)),
    db
      .select({ id: errors.cohort, label: errors.cohort, vendorName: sql<string | null>`null`, ...counts })
      .from(errors)
      .groupBy(errors.cohort)
      .orderBy(asc(errors.cohort)),
  ]);
  return { byVendor, byTeam, byCohort };
}

type TrainingCounts = Omit<TrainingShareRow, "share">;
type TrainingRows = { byVendor: TrainingCounts[]; byTeam: TrainingCounts[]; byCohort: TrainingCounts[] };

/**
 * The same counts from the rollups: unmet answers from kpi_criterion_rollups, tagged DSAT cases from
 * kpi_interaction_rollups, per vendor, team and cohort of the agent (joined on read), added up three ways.
 */
export async function trainingRowsFromRollups(f: TrainerFilter): Promise<TrainingRows | null> {
  const join = sql`join agents a on a.id = r.agent_id`;
  // Unmet answers per agent are in the evaluation rollups too: about a tenth of the criterion rollups' rows.
  const answers = rollupWindow({ table: "kpi_evaluation_rollups", ...f, join, inner: sql`r.by_channel_queue = false` });
  const dsat = rollupWindow({ table: "kpi_interaction_rollups", ...f, join, inner: sql`r.by_channel_queue = false` });
  if (!answers || !dsat) return null;
  const rows = await runRows<{
    vendorId: string;
    vendorName: string;
    teamId: string;
    teamName: string;
    teamVendorName: string;
    cohort: string;
    errors: number;
    trainingErrors: number;
    dsatErrors: number;
    dsatTrainingErrors: number;
  }>(sql`
    select c.vendor_id as "vendorId", o.name as "vendorName", c.team_id as "teamId", t.name as "teamName",
      tv.name as "teamVendorName", c.cohort, sum(c.errors)::int as errors, sum(c.training)::int as "trainingErrors",
      sum(c.dsat)::int as "dsatErrors", sum(c.dsat_training)::int as "dsatTrainingErrors"
    from (
      select a.vendor_id, a.team_id, a.training_cohort as cohort, sum(r.errors) as errors,
        sum(r.training_errors) as training, 0 as dsat, 0 as dsat_training
      ${answers} group by 1, 2, 3
      union all
      select a.vendor_id, a.team_id, a.training_cohort, sum(r.tagged_errors), sum(r.tagged_training_errors),
        sum(r.tagged_errors), sum(r.tagged_training_errors)
      ${dsat} group by 1, 2, 3
    ) c
    join organizations o on o.id = c.vendor_id
    join teams t on t.id = c.team_id
    join organizations tv on tv.id = t.vendor_id
    group by 1, 2, 3, 4, 5, 6
    having sum(c.errors) > 0`);
  const add = <K extends string>(
    map: Map<K, TrainingCounts>,
    key: K,
    base: Omit<TrainingCounts, "errors" | "trainingErrors" | "dsatErrors" | "dsatTrainingErrors">,
    r: (typeof rows)[number],
  ) => {
    const row = map.get(key) ?? { ...base, errors: 0, trainingErrors: 0, dsatErrors: 0, dsatTrainingErrors: 0 };
    row.errors += Number(r.errors);
    row.trainingErrors += Number(r.trainingErrors);
    row.dsatErrors += Number(r.dsatErrors);
    row.dsatTrainingErrors += Number(r.dsatTrainingErrors);
    map.set(key, row);
  };
  const vendors = new Map<string, TrainingCounts>();
  const teamRows = new Map<string, TrainingCounts>();
  const cohorts = new Map<string, TrainingCounts>();
  for (const r of rows) {
    add(vendors, r.vendorId, { id: r.vendorId, label: r.vendorName, vendorName: null }, r);
    add(teamRows, r.teamId, { id: r.teamId, label: r.teamName, vendorName: r.teamVendorName }, r);
    add(cohorts, r.cohort, { id: r.cohort, label: r.cohort, vendorName: null }, r);
  }
  // The base queries' order: by name (PostgreSQL's collation; names here are plain ASCII).
  const byLabel = (a: TrainingCounts, b: TrainingCounts) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  return {
    byVendor: [...vendors.values()].sort(byLabel),
    byTeam: [...teamRows.values()].sort((a, b) =>
      a.vendorName! < b.vendorName! ? -1 : a.vendorName! > b.vendorName! ? 1 : byLabel(a, b),
    ),
    byCohort: [...cohorts.values()].sort(byLabel),
  };
}

export async function getTrainingShare(f: TrainerFilter) {
  const { byVendor, byTeam, byCohort } = (await trainingRowsFromRollups(f)) ?? (await trainingRowsFromBaseTables(f));
  const finish = (rows: Omit<TrainingShareRow, "share">[]): TrainingShareRow[] =>
    rows.map((r) => ({ ...r, share: shareOf(r.trainingErrors, r.errors) }));
  // Every error has exactly one vendor, so the vendor rows add up to the total.
  const sum = (key: "errors" | "trainingErrors" | "dsatErrors" | "dsatTrainingErrors") =>
    byVendor.reduce((s, r) => s + r[key], 0);
  const total = {
    errors: sum("errors"),
    trainingErrors: sum("trainingErrors"),
    dsatErrors: sum("dsatErrors"),
    dsatTrainingErrors: sum("dsatTrainingErrors"),
  };
  return {
    total: { ...total, share: shareOf(total.trainingErrors, total.errors) },
    byVendor: finish(byVendor),
    byTeam: finish(byTeam),
    byCohort: finish(byCohort),
  };
}

/**
 * Failures and answers per training cohort and criterion, with the same counts for everyone else in the
 * filter (the cohort's peers: the criterion's totals minus the cohort's, from a window sum), ready for the
 * two-proportion test.
 */
/** The base-table query behind the cohort comparison (the definition the rollup reading reproduces). */
export async function cohortRowsFromBaseTables(f: TrainerFilter): Promise<CohortRow[]> {
  const failures = sql`count(*) filter (where ${evaluationAnswers.met} = false)`;
  const partition = sql`partition by ${scorecardVersions.scorecardId}, ${evaluationAnswers.criterionKey}`;
  const rows = await db
    .select({
      cohort: agents.trainingCohort,
      scorecardId: scorecardVersions.scorecardId,
      criterionKey: evaluationAnswers.criterionKey,
      failures: int(failures),
      answers: int(sql`count(*)`),
      peerFailures: int(sql`sum(${failures}) over (${partition}) - ${failures}`),
      peerAnswers: int(sql`sum(count(*)) over (${partition}) - count(*)`),
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .where(and(submittedStandard(f), isNotNull(evaluationAnswers.met)))
    .groupBy(agents.trainingCohort, scorecardVersions.scorecardId, evaluationAnswers.criterionKey);
  return rows;
}

type CohortRow = {
  cohort: string;
  scorecardId: string;
  criterionKey: string;
  failures: number;
  answers: number;
  peerFailures: number;
  peerAnswers: number;
};

/** The same rows from kpi_criterion_rollups (the cohort is the agent's, joined on read). */
export async function cohortRowsFromRollups(f: TrainerFilter): Promise<CohortRow[] | null> {
  // Per cohort when the scope allows (a few times fewer rows), else per agent with the agent's cohort.
  const byCohort = rollupWindow({ table: "kpi_cohort_criterion_rollups", ...f });
  const source =
    byCohort ?? rollupWindow({ table: "kpi_criterion_rollups", ...f, join: sql`join agents a on a.id = r.agent_id` });
  if (!source) return null;
  const cohort = byCohort ? sql`r.training_cohort` : sql`a.training_cohort`;
  const rows = await runRows<CohortRow>(sql`
    select c.training_cohort as cohort, c.scorecard_id as "scorecardId", c.criterion_key as "criterionKey",
      c.failures::int as failures, c.answers::int as answers,
      (sum(c.failures) over w - c.failures)::int as "peerFailures",
      (sum(c.answers) over w - c.answers)::int as "peerAnswers"
    from (
      select ${cohort} as training_cohort, r.scorecard_id, r.criterion_key, sum(r.errors) as failures,
        sum(r.answers) as answers
      ${source}
      group by 1, 2, 3
    ) c
    window w as (partition by c.scorecard_id, c.criterion_key)`);
  return rows;
}

export async function listCohortCriterionCounts(f: TrainerFilter) {
  const rows = (await cohortRowsFromRollups(f)) ?? (await cohortRowsFromBaseTables(f));
  const labels = await getCriterionLabels(rows.map((r) => r.scorecardId));
  return rows
    .map((r) => ({
      ...r,
      ...(labels.get(criterionId(r)) ?? { scorecardName: "?", scorecardSlug: "", label: r.criterionKey }),
      failures: Number(r.failures),
      answers: Number(r.answers),
      peerFailures: Number(r.peerFailures),
      peerAnswers: Number(r.peerAnswers),
    }))
    .sort((a, b) => a.cohort.localeCompare(b.cohort) || a.label.localeCompare(b.label));
}

/** Cohort × criterion rows with enough answers on both sides, tested and ordered (significantly worse first). */
export async function listCohortComparisons(f: TrainerFilter) {
  return compareCohorts(await listCohortCriterionCounts(f));
}
