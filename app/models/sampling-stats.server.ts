import { and, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

/**
 * An agent's QA score over submitted standard evaluations: n, mean and sample standard deviation
 * (stddev_samp: null below two evaluations), computed in SQL and limited to the caller's scope.
 */
export async function getAgentScoreStats(scope: Scope, agentId: string) {
  if (!isUuid(agentId)) return { n: 0, mean: null, sd: null };
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      mean: sql<number | null>`avg(${evaluations.finalScore})::float8`,
      sd: sql<number | null>`stddev_samp(${evaluations.finalScore})::float8`,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.agentId, agentId),
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        isNotNull(evaluations.finalScore),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { n: Number(row?.n ?? 0), mean: num(row?.mean), sd: num(row?.sd) };
}
