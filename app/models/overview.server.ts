import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { organizations, scorecardVersions, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { aggregateKpis } from "./kpi.server";
import { rollupWindow, runRows } from "./kpi-rollup-read.server";

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

const HOUR = 3_600_000;

/**
 * Per vendor, since a date: volume and CSAT from interactions, quality from submitted standard evaluations.
 * Read from the KPI rollups, so the window starts at the beginning of the UTC hour of `since` and ends at
 * the end of the current hour (records dated later, which no write path makes, are left out).
 */
export async function getVendorSummaries(scope: Scope, since: Date, now = new Date()) {
  const groups = await aggregateKpis({
    scope,
    from: new Date(Math.floor(since.getTime() / HOUR) * HOUR),
    to: new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR),
    groupBy: ["vendor"],
    timeZone: "UTC",
  });
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const sums = new Map(groups.map((g) => [g.keys.vendor, g.aggregate]));
  const vendors = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(
      and(eq(organizations.kind, "vendor"), scope.kind === "vendor" ? eq(organizations.id, scope.vendorId) : undefined),
    )
    .orderBy(asc(organizations.name));
  return vendors.map((vendor) => {
    const a = sums.get(vendor.id);
    return {
      ...vendor,
      interactions: a?.interactions ?? 0,
      averageCsat: a ? ratio(a.csatSum, a.csatCount) : null,
      escalationRate: a ? ratio(a.escalated, a.interactions) : null,
      evaluations: a?.evaluations ?? 0,
      averageScore: a ? ratio(a.finalScoreSum, a.finalScoreCount) : null,
      passRate: a ? ratio(a.passedCount, a.evaluations) : null,
      criticalFailRate: a ? ratio(a.criticalFailed, a.evaluations) : null,
    };
  });
}

/** Criteria most often not met in submitted standard evaluations since a date (at least `minAnswers` answers). */
export async function listWeakestCriteria(scope: Scope, since: Date, limit = 8, minAnswers = 10, now = new Date()) {
  // From the criterion rollups (vendor sums unless the scope is one agent), from the start of the UTC hour
  // of `since` (see getVendorSummaries).
  const window = {
    scope,
    from: new Date(Math.floor(since.getTime() / HOUR) * HOUR),
    to: new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR),
  };
  const source =
    rollupWindow({ table: "kpi_vendor_criterion_rollups", ...window }) ??
    rollupWindow({ table: "kpi_criterion_rollups", ...window })!;
  const rows = await runRows<{
    scorecardId: string;
    criterionKey: string;
    answers: number;
    failRate: number;
    trainingGapShare: number | null;
  }>(sql`
    select r.scorecard_id as "scorecardId", r.criterion_key as "criterionKey", sum(r.answers)::int as answers,
      (sum(r.errors)::float8 / sum(r.answers)) as "failRate",
      coalesce(sum(r.errors) filter (where r.root_cause = 'training_gap'), 0)::float8 / nullif(sum(r.errors), 0) as "trainingGapShare"
    ${source}
    group by 1, 2
    having sum(r.answers) >= ${minAnswers}
    order by 4 desc, 1, 2
    limit ${limit}`);
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
