import { and, eq, sql } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import { calibrationParticipants, calibrationSessions } from "../../db/schema";
import { calibrationAccess, type CalibrationStatus, type CalibrationViewer } from "~/domain/calibration-session";
import { isUuid } from "~/domain/ids";
import { recordAudit } from "./audit.server";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type ManagedSession = typeof calibrationSessions.$inferSelect;

export type ManageFailure = {
  ok: false;
  reason: "not_found" | "forbidden" | "conflict" | "invalid";
  message: string;
};
export type ManageResult<T> = { ok: true; value: T } | ManageFailure;

const notFound: ManageFailure = { ok: false, reason: "not_found", message: "No such calibration session." };

/**
 * Runs `fn` on a session the viewer manages, with the session row locked for the transaction, when its
 * status is one of `statuses`. Every facilitator action goes through here, so the access rule, the
 * lifecycle rule and the audit entry cannot be forgotten by one of them.
 */
export async function withManagedSession<T>(
  viewer: CalibrationViewer,
  sessionId: string,
  statuses: readonly CalibrationStatus[],
  action: string,
  fn: (tx: Tx, session: ManagedSession) => Promise<T>,
  expectedLockVersion?: number,
): Promise<ManageResult<T>> {
  if (!isUuid(sessionId)) return notFound;
  return db
    .transaction(async (tx) => {
      const [session] = await tx
        .select()
        .from(calibrationSessions)
        .where(eq(calibrationSessions.id, sessionId))
        .for("update");
      if (!session) abort("not_found", notFound.message);
      const [participant] = await tx
        .select({ userId: calibrationParticipants.userId })
        .from(calibrationParticipants)
        .where(and(eq(calibrationParticipants.sessionId, sessionId), eq(calibrationParticipants.userId, viewer.id)));
      const access = calibrationAccess(viewer, session, Boolean(participant));
      if (!access) abort("not_found", notFound.message);
      if (!access.manage) abort("forbidden", "Only the facilitator or a client QA lead can do this.");
      if (!statuses.includes(session.status))
        abort(
          "conflict",
          `This session is ${session.status}; that is only possible when it is ${statuses.join(" or ")}.`,
        );
      if (expectedLockVersion !== undefined && expectedLockVersion !== session.lockVersion)
        abort(
          "conflict",
          "Someone changed this session since you opened it. Reload to see their changes, then apply yours again.",
        );
      const value = await fn(tx, session);
      await tx
        .update(calibrationSessions)
        .set({ lockVersion: sql`${calibrationSessions.lockVersion} + 1`, updatedAt: new Date() })
        .where(eq(calibrationSessions.id, sessionId));
      await recordAudit(
        {
          actorUserId: viewer.id,
          organizationId: session.organizationId,
          action,
          entity: "calibration_session",
          entityId: sessionId,
        },
        tx,
      );
      return { ok: true, value } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof RolledBack) return error.result;
      throw error;
    });
}

class RolledBack extends Error {
  constructor(readonly result: ManageFailure) {
    super(result.message);
  }
}

/** Inside `withManagedSession`: refuse, undoing what was written so far (the transaction rolls back). */
export function abort(reason: ManageFailure["reason"], message: string): never {
  throw new RolledBack({ ok: false, reason, message });
}
