import { and, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

export type WeeklyScore = { weekStart: string; evaluations: number; averageScore: number | null };

/**
 * Average final score of submitted standard evaluations in scope per week (Monday to Sunday in the
 * viewer's time zone), the last `weeks` weeks up to the one containing `now`, oldest first. Weeks without
 * evaluations are included with a null average, so a chart shows gaps rather than joining distant points.
 */
export async function listWeeklyScores(
  scope: Scope,
  options: { now?: Date; weeks?: number; timeZone?: string } = {},
): Promise<WeeklyScore[]> {
  const now = (options.now ?? new Date()).toISOString();
  const weeks = options.weeks ?? 12;
  const tz = options.timeZone ?? "UTC";
  const thisWeek = sql`date_trunc('week', ${now}::timestamptz at time zone ${tz})`;
  const series = sql`generate_series(${thisWeek} - make_interval(weeks => ${weeks - 1}), ${thisWeek}, interval '1 week') as w(week_start)`;
  const rows = await db
    .select({
      weekStart: sql<string>`to_char(w.week_start, 'YYYY-MM-DD')`,
      evaluations: sql<number>`count(${evaluations.id})::int`,
      // Rounded like stored scores (2 decimals).
      averageScore: sql<number | null>`round(avg(${evaluations.finalScore})::numeric, 2)::float8`,
    })
    .from(series)
    .leftJoin(
      evaluations,
      and(
        sql`date_trunc('week', ${evaluations.submittedAt} at time zone ${tz}) = w.week_start`,
        sql`${evaluations.submittedAt} <= ${now}::timestamptz`,
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .groupBy(sql`w.week_start`)
    .orderBy(sql`w.week_start`);
  return rows.map((r) => ({
    weekStart: r.weekStart,
    evaluations: Number(r.evaluations),
    averageScore: r.averageScore === null ? null : Number(r.averageScore),
  }));
}
