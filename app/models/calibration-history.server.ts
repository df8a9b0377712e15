import { and, desc, eq, gte, isNotNull, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import { calibrationParticipants, calibrationSessions, scorecards, scorecardVersions } from "../../db/schema";
import {
  historyScopeFor,
  restrictToVendor,
  toHistoryResults,
  type HistoryResults,
  type SessionSnapshot,
} from "~/domain/calibration-history";
import type { CalibrationViewer } from "~/domain/calibration-session";

export const HISTORY_SESSION_LIMIT = 50;

/**
 * The viewer's most recent finalized sessions (at most `limit`, finalized at or after `since`), oldest
 * first, as the snapshots the history functions read. Which sessions: see `historyScopeFor`. For vendor
 * viewers every snapshot is cut down to the client parties and their own vendor before it leaves here.
 */
export async function listFinalizedSnapshots(
  viewer: CalibrationViewer,
  options: { since?: Date; limit?: number; scorecardId?: string } = {},
): Promise<SessionSnapshot[]> {
  const scope = historyScopeFor(viewer);
  if (!scope) return [];
  const participantWhere = (column: SQL) =>
    sql`exists (select 1 from ${calibrationParticipants} where ${calibrationParticipants.sessionId} = ${calibrationSessions.id} and ${column})`;
  const visible =
    scope === "vendor"
      ? participantWhere(sql`${calibrationParticipants.organizationId} = ${viewer.organizationId}`)
      : scope === "participant"
        ? and(
            eq(calibrationSessions.organizationId, viewer.organizationId),
            participantWhere(sql`${calibrationParticipants.userId} = ${viewer.id}`),
          )
        : eq(calibrationSessions.organizationId, viewer.organizationId);
  const rows = await db
    .select({
      sessionId: calibrationSessions.id,
      title: calibrationSessions.title,
      finalizedAt: calibrationSessions.finalizedAt,
      results: calibrationSessions.results,
      scorecardName: scorecards.name,
    })
    .from(calibrationSessions)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(
      and(
        visible,
        eq(calibrationSessions.status, "finalized"),
        isNotNull(calibrationSessions.finalizedAt),
        isNotNull(calibrationSessions.results),
        options.since ? gte(calibrationSessions.finalizedAt, options.since) : undefined,
        options.scorecardId ? eq(scorecardVersions.scorecardId, options.scorecardId) : undefined,
      ),
    )
    .orderBy(desc(calibrationSessions.finalizedAt), desc(calibrationSessions.id))
    .limit(options.limit ?? HISTORY_SESSION_LIMIT);
  return rows.reverse().map((row) => {
    const results = toHistoryResults(row.results as HistoryResults);
    return {
      sessionId: row.sessionId,
      title: row.title,
      finalizedAt: row.finalizedAt!.toISOString(),
      scorecardName: row.scorecardName,
      results: scope === "vendor" ? restrictToVendor(results, viewer.organizationId) : results,
    };
  });
}
