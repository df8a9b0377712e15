import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluationAnswers, evaluations, interactions, organizations, scorecardVersions, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { scopeFilter } from "./scope.server";

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Per vendor, since a date: volume and CSAT from interactions, quality from submitted standard evaluations. */
export async function getVendorSummaries(scope: Scope, since: Date) {
  const volume = await db
    .select({
      vendorId: interactions.vendorId,
      interactions: sql<number>`count(*)::int`,
      averageCsat: sql<number | null>`avg(${interactions.csat})::float8`,
      escalationRate: sql<number | null>`avg(case when ${interactions.escalated} then 1.0 else 0.0 end)::float8`,
    })
    .from(interactions)
    .where(
      and(
        gte(interactions.startedAt, since),
        scopeFilter(scope, { vendorId: interactions.vendorId, agentId: interactions.agentId }),
      ),
    )
    .groupBy(interactions.vendorId);
  const quality = await db
    .select({
      vendorId: evaluations.vendorId,
      evaluations: sql<number>`count(*)::int`,
      averageScore: sql<number | null>`avg(${evaluations.finalScore})::float8`,
      passRate: sql<number | null>`avg(case when ${evaluations.passed} then 1.0 else 0.0 end)::float8`,
      criticalFailRate: sql<number | null>`avg(case when ${evaluations.criticalFailed} then 1.0 else 0.0 end)::float8`,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        gte(evaluations.submittedAt, since),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .groupBy(evaluations.vendorId);
  const vendors = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(
      and(eq(organizations.kind, "vendor"), scope.kind === "vendor" ? eq(organizations.id, scope.vendorId) : undefined),
    )
    .orderBy(asc(organizations.name));
  return vendors.map((vendor) => {
    const v = volume.find((r) => r.vendorId === vendor.id);
    const q = quality.find((r) => r.vendorId === vendor.id);
    return {
      ...vendor,
      interactions: num(v?.interactions) ?? 0,
      averageCsat: num(v?.averageCsat),
      escalationRate: num(v?.escalationRate),
      evaluations: num(q?.evaluations) ?? 0,
      averageScore: num(q?.averageScore),
      passRate: num(q?.passRate),
      criticalFailRate: num(q?.criticalFailRate),
    };
  });
}

/** Criteria most often not met in submitted standard evaluations since a date (at least `minAnswers` answers). */
export async function listWeakestCriteria(scope: Scope, since: Date, limit = 8, minAnswers = 10) {
  const rows = await db
    .select({
      scorecardId: scorecardVersions.scorecardId,
      criterionKey: evaluationAnswers.criterionKey,
      answers: sql<number>`count(*)::int`,
      failRate: sql<number>`avg(case when ${evaluationAnswers.met} then 0.0 else 1.0 end)::float8`,
      trainingGapShare: sql<
        number | null
      >`(sum(case when ${evaluationAnswers.rootCause} = 'training_gap' then 1 else 0 end)::float8 / nullif(sum(case when ${evaluationAnswers.met} then 0 else 1 end), 0))`,
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .where(
      and(
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        gte(evaluations.submittedAt, since),
        eq(evaluationAnswers.na, false),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .groupBy(scorecardVersions.scorecardId, evaluationAnswers.criterionKey)
    .having(sql`count(*) >= ${minAnswers}`)
    .orderBy(sql`avg(case when ${evaluationAnswers.met} then 0.0 else 1.0 end) desc`)
    .limit(limit);
  const labels = await latestCriterionLabels(rows.map((r) => r.scorecardId));
  return rows.map((r) => ({
    ...r,
    ...(labels.get(`${r.scorecardId}:${r.criterionKey}`) ?? { criterionLabel: r.criterionKey, scorecardName: "" }),
    answers: Number(r.answers),
    failRate: Number(r.failRate),
    trainingGapShare: num(r.trainingGapShare),
  }));
}

/** Criterion labels as the newest version of each scorecard words them (keys are stable across versions). */
async function latestCriterionLabels(scorecardIds: string[]) {
  const labels = new Map<string, { criterionLabel: string; scorecardName: string }>();
  if (scorecardIds.length === 0) return labels;
  const versions = await db
    .select({
      scorecardId: scorecardVersions.scorecardId,
      number: scorecardVersions.number,
      definition: scorecardVersions.definition,
    })
    .from(scorecardVersions)
    .where(inArray(scorecardVersions.scorecardId, [...new Set(scorecardIds)]))
    .orderBy(asc(scorecardVersions.number));
  for (const version of versions) {
    const definition = version.definition as ScorecardDefinition;
    for (const section of definition.sections)
      for (const criterion of section.criteria)
        labels.set(`${version.scorecardId}:${criterion.key}`, {
          criterionLabel: criterion.label,
          scorecardName: definition.name,
        });
  }
  return labels;
}

export async function countUsersByOrganization(scope: Scope) {
  const rows = await db
    .select({
      organizationName: organizations.name,
      kind: organizations.kind,
      active: sql<number>`count(*) filter (where ${users.active})::int`,
      inactive: sql<number>`count(*) filter (where not ${users.active})::int`,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(scope.kind === "client" ? undefined : eq(users.organizationId, scope.organizationId))
    .groupBy(organizations.id)
    .orderBy(asc(organizations.kind), asc(organizations.name));
  return rows.map((r) => ({ ...r, active: Number(r.active), inactive: Number(r.inactive) }));
}
