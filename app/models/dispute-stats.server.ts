import { and, asc, eq, gte, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { rollupWindow, runRows } from "./kpi-rollup-read.server";
import { scopeFilter } from "./scope.server";

const HOUR = 3_600_000;

const disputed = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id})`;
const decided = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id} and d.status <> 'open')`;
const overturned = sql`exists (select 1 from disputes d where d.evaluation_id = ${evaluations.id} and d.status in ('accepted', 'partially_accepted'))`;

/**
 * Dispute and overturn rates per reviewer over submitted standard evaluations in scope since a date,
 * counted per evaluation (an evaluation disputed twice counts once):
 * - dispute rate = disputed / evaluations submitted;
 * - overturn rate = overturned (a dispute accepted or partially accepted) / disputed evaluations with a decided
 *   dispute; null while nothing is decided, so open disputes do not flatter a reviewer.
 */
export async function listReviewerDisputeStats(scope: Scope, since: Date, now = new Date()) {
  const rows = (await reviewerRowsFromRollups(scope, since, now)) ?? (await reviewerRowsFromBaseTables(scope, since));
  return rows.map((r) => {
    const [n, d, decidedCount, o] = [r.evaluations, r.disputed, r.decided, r.overturned].map(Number);
    return {
      reviewerId: r.reviewerId,
      reviewerName: r.reviewerName,
      evaluations: n,
      disputed: d,
      decided: decidedCount,
      overturned: o,
      disputeRate: n === 0 ? null : d / n,
      overturnRate: decidedCount === 0 ? null : o / decidedCount,
    };
  });
}

type ReviewerRow = {
  reviewerId: string;
  reviewerName: string;
  evaluations: number;
  disputed: number;
  decided: number;
  overturned: number;
};

/**
 * The same counts from kpi_reviewer_rollups (per reviewer, vendor and UTC hour/day, by submission time),
 * from the start of the UTC hour of `since`; null for an agent's scope (the rollup has no agent rows).
 */
export async function reviewerRowsFromRollups(scope: Scope, since: Date, now = new Date()) {
  const source = rollupWindow({
    table: "kpi_reviewer_rollups",
    scope,
    from: new Date(Math.floor(since.getTime() / HOUR) * HOUR),
    to: new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR),
    join: sql`join users u on u.id = r.reviewer_id`,
  });
  if (!source) return null;
  return runRows<ReviewerRow>(sql`
    select r.reviewer_id as "reviewerId", u.name as "reviewerName", sum(r.evaluations)::int as evaluations,
      sum(r.disputed)::int as disputed, sum(r.disputes_decided)::int as decided,
      sum(r.disputes_overturned)::int as overturned
    ${source}
    group by r.reviewer_id, u.name
    having sum(r.evaluations) > 0
    order by sum(r.disputed) desc, u.name asc`);
}

export async function reviewerRowsFromBaseTables(scope: Scope, since: Date): Promise<ReviewerRow[]> {
  return db
    .select({
      reviewerId: evaluations.reviewerId,
      reviewerName: users.name,
      evaluations: sql<number>`count(*)::int`,
      disputed: sql<number>`count(*) filter (where ${disputed})::int`,
      decided: sql<number>`count(*) filter (where ${decided})::int`,
      overturned: sql<number>`count(*) filter (where ${overturned})::int`,
    })
    .from(evaluations)
    .innerJoin(users, eq(users.id, evaluations.reviewerId))
    .where(
      and(
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        gte(evaluations.submittedAt, since),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .groupBy(evaluations.reviewerId, users.name)
    .orderBy(sql`count(*) filter (where ${disputed}) desc`, asc(users.name));
}
