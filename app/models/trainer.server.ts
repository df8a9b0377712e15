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

/**
 * Errors (unmet answers) per scorecard and criterion, split by root cause, with the criterion's answers for
 * its failure rate. PostgreSQL groups by criterion and root cause; the answers per criterion come from a
 * window sum over those groups. Criteria nobody missed are left out. Not yet in Pareto order.
 */
export async function listErrorsByCriterion(f: TrainerFilter): Promise<ParetoCriterion[]> {
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

/** The agents with the most misses on one criterion (the Pareto row's drill-down). */
export async function listAgentsMissingCriterion(f: TrainerFilter & CriterionRef & { limit?: number }) {
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
export async function getTrainingShare(f: TrainerFilter) {
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
export async function listCohortCriterionCounts(f: TrainerFilter) {
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
