import { and, asc, eq, gte, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

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
export async function listReviewerDisputeStats(scope: Scope, since: Date) {
  const rows = await db
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
