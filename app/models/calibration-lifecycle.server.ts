import { and, eq, sql } from "drizzle-orm";
import {
  calibrationConsensus,
  calibrationItems,
  calibrationNotes,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  scorecardVersions,
} from "../../db/schema";
import { db } from "../../db/client.server";
import { checkOpen, checkReveal, calibrationAccess, type CalibrationViewer } from "~/domain/calibration-session";
import { isUuid } from "~/domain/ids";
import { findCriterion, isScaleValue, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { abort, withManagedSession, type Tx } from "./calibration-manage.server";
import { computeSessionMetrics } from "./calibration-results.server";

async function counts(tx: Tx, sessionId: string) {
  const [row] = await tx
    .select({
      items: sql<number>`(select count(*)::int from ${calibrationItems} where ${calibrationItems.sessionId} = ${sessionId})`,
      participants: sql<number>`(select count(*)::int from ${calibrationParticipants} where ${calibrationParticipants.sessionId} = ${sessionId})`,
      // Participants who have not submitted every interaction.
      pending: sql<number>`(select count(*)::int from ${calibrationParticipants} p where p.session_id = ${sessionId} and (select count(*) from ${evaluations} e where e.calibration_session_id = p.session_id and e.reviewer_id = p.user_id and e.status = 'submitted') < (select count(*) from ${calibrationItems} i where i.session_id = p.session_id))`,
    })
    .from(sql`(select 1) as one`);
  return row;
}

async function isParticipant(tx: Tx, sessionId: string, userId: string | null) {
  if (!userId) return false;
  const [row] = await tx
    .select({ userId: calibrationParticipants.userId })
    .from(calibrationParticipants)
    .where(and(eq(calibrationParticipants.sessionId, sessionId), eq(calibrationParticipants.userId, userId)));
  return Boolean(row);
}

export function openCalibrationSession(viewer: CalibrationViewer, sessionId: string, now = new Date()) {
  return withManagedSession(viewer, sessionId, ["draft"], "calibration.open", async (tx, session) => {
    const c = await counts(tx, sessionId);
    const check = checkOpen({
      status: session.status,
      items: c.items,
      participants: c.participants,
      deadline: session.deadline,
      now,
      needsBenchmark: session.reference === "benchmark",
      hasBenchmark: await isParticipant(tx, sessionId, session.benchmarkUserId),
    });
    if (!check.ok) abort("invalid", check.message);
    await tx
      .update(calibrationSessions)
      .set({ status: "open", openedAt: now })
      .where(eq(calibrationSessions.id, sessionId));
  });
}

/** A later deadline, while scoring is open (or revealed, before reopening for latecomers). */
export function extendCalibrationDeadline(
  viewer: CalibrationViewer,
  sessionId: string,
  deadline: Date,
  expectedLockVersion?: number,
) {
  return withManagedSession(
    viewer,
    sessionId,
    ["draft", "open", "revealed"],
    "calibration.deadline",
    async (tx, session) => {
      if (deadline <= session.deadline) abort("invalid", "The new deadline must be later than the current one.");
      await tx.update(calibrationSessions).set({ deadline }).where(eq(calibrationSessions.id, sessionId));
    },
    expectedLockVersion,
  );
}

/** Removes a participant who never submitted anything; their drafts go with them. */
export function removeCalibrationParticipant(viewer: CalibrationViewer, sessionId: string, userId: string) {
  return withManagedSession(
    viewer,
    sessionId,
    ["draft", "open"],
    "calibration.participant_remove",
    async (tx, session) => {
      if (!isUuid(userId) || !(await isParticipant(tx, sessionId, userId)))
        abort("invalid", "That person is not a participant.");
      const [scored] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(evaluations)
        .where(
          and(
            eq(evaluations.calibrationSessionId, sessionId),
            eq(evaluations.reviewerId, userId),
            eq(evaluations.status, "submitted"),
          ),
        );
      if (scored.n > 0) abort("conflict", "This participant has already submitted scores; they stay in the session.");
      if (session.benchmarkUserId === userId) abort("conflict", "Choose another benchmark reviewer first.");
      await tx
        .delete(evaluations)
        .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.reviewerId, userId)));
      await tx
        .delete(calibrationParticipants)
        .where(and(eq(calibrationParticipants.sessionId, sessionId), eq(calibrationParticipants.userId, userId)));
    },
  );
}

export function revealCalibrationSession(viewer: CalibrationViewer, sessionId: string, now = new Date()) {
  return withManagedSession(viewer, sessionId, ["open"], "calibration.reveal", async (tx, session) => {
    const c = await counts(tx, sessionId);
    const check = checkReveal({
      status: session.status,
      deadline: session.deadline,
      now,
      participants: c.participants,
      pendingParticipants: c.pending,
    });
    if (!check.ok) abort("conflict", check.message);
    await tx
      .update(calibrationSessions)
      .set({ status: "revealed", revealedAt: now })
      .where(eq(calibrationSessions.id, sessionId));
  });
}

/** Back to scoring (blind again) so latecomers can finish; consensus and notes are kept. */
export function reopenCalibrationSession(viewer: CalibrationViewer, sessionId: string) {
  return withManagedSession(viewer, sessionId, ["revealed"], "calibration.reopen", async (tx) => {
    await tx
      .update(calibrationSessions)
      .set({ status: "open", revealedAt: null })
      .where(eq(calibrationSessions.id, sessionId));
  });
}

/** Freezes the metrics into the session; from here on it is read-only. */
export function finalizeCalibrationSession(viewer: CalibrationViewer, sessionId: string, now = new Date()) {
  return withManagedSession(viewer, sessionId, ["revealed"], "calibration.finalize", async (tx) => {
    const metrics = await computeSessionMetrics(tx, sessionId);
    await tx
      .update(calibrationSessions)
      .set({ status: "finalized", finalizedAt: now, results: metrics })
      .where(eq(calibrationSessions.id, sessionId));
  });
}

export type ConsensusInput = {
  interactionId: string;
  criterionKey: string;
  value: number | "na";
  rationale: string;
  /** When the consensus the form was showing was decided (null: none yet); a different one is a conflict. */
  previousDecidedAt?: string | null;
};

/** Records (or replaces) the consensus answer for one criterion of one interaction, after reveal. */
export function recordCalibrationConsensus(viewer: CalibrationViewer, sessionId: string, input: ConsensusInput) {
  return withManagedSession(viewer, sessionId, ["revealed"], "calibration.consensus", async (tx, session) => {
    const def = await sessionDefinition(tx, session.scorecardVersionId);
    await requireItem(tx, sessionId, input.interactionId);
    const criterion = findCriterion(def, input.criterionKey);
    if (!criterion) abort("invalid", `"${input.criterionKey}" is not a criterion of this scorecard version.`);
    if (input.value === "na" && !criterion.naAllowed) abort("invalid", `N/A is not allowed for ${criterion.label}.`);
    if (input.value !== "na" && !isScaleValue(criterion.scale, input.value))
      abort("invalid", `${input.value} is not a value of ${criterion.label}'s scale.`);
    if (input.previousDecidedAt !== undefined) {
      const [current] = await tx
        .select({ decidedAt: calibrationConsensus.decidedAt })
        .from(calibrationConsensus)
        .where(
          and(
            eq(calibrationConsensus.sessionId, sessionId),
            eq(calibrationConsensus.interactionId, input.interactionId),
            eq(calibrationConsensus.criterionKey, input.criterionKey),
          ),
        )
        .for("update");
      if ((current?.decidedAt.toISOString() ?? null) !== input.previousDecidedAt)
        abort(
          "conflict",
          `Someone recorded a consensus for ${criterion.label} while you were deciding. Reload to see it before changing it.`,
        );
    }
    await upsertConsensus(tx, sessionId, viewer.id, input);
  });
}

/** Copies the benchmark reviewer's submitted answers into the consensus for one interaction (or all). */
export function adoptBenchmarkAnswers(viewer: CalibrationViewer, sessionId: string, interactionId: string | null) {
  return withManagedSession(viewer, sessionId, ["revealed"], "calibration.adopt_benchmark", async (tx, session) => {
    if (!session.benchmarkUserId) abort("invalid", "This session has no benchmark reviewer.");
    if (interactionId) await requireItem(tx, sessionId, interactionId);
    const rows = await tx
      .select({
        interactionId: evaluations.interactionId,
        criterionKey: evaluationAnswers.criterionKey,
        value: evaluationAnswers.value,
        na: evaluationAnswers.na,
      })
      .from(evaluations)
      .innerJoin(evaluationAnswers, eq(evaluationAnswers.evaluationId, evaluations.id))
      .where(
        and(
          eq(evaluations.calibrationSessionId, sessionId),
          eq(evaluations.reviewerId, session.benchmarkUserId),
          eq(evaluations.status, "submitted"),
          interactionId ? eq(evaluations.interactionId, interactionId) : undefined,
        ),
      );
    const answered = rows.filter((r) => r.na || r.value !== null);
    if (answered.length === 0) abort("invalid", "The benchmark reviewer has not submitted answers for that yet.");
    for (const r of answered)
      await upsertConsensus(tx, sessionId, viewer.id, {
        interactionId: r.interactionId,
        criterionKey: r.criterionKey,
        value: r.na ? "na" : r.value!,
        rationale: "Benchmark reviewer's answer adopted.",
      });
    return answered.length;
  });
}

async function upsertConsensus(tx: Tx, sessionId: string, userId: string, input: ConsensusInput) {
  const values = {
    value: input.value === "na" ? null : input.value,
    na: input.value === "na",
    rationale: input.rationale.trim() || null,
    decidedBy: userId,
    decidedAt: new Date(),
  };
  await tx
    .insert(calibrationConsensus)
    .values({ sessionId, interactionId: input.interactionId, criterionKey: input.criterionKey, ...values })
    .onConflictDoUpdate({
      target: [calibrationConsensus.sessionId, calibrationConsensus.interactionId, calibrationConsensus.criterionKey],
      set: values,
    });
}

async function sessionDefinition(tx: Tx, versionId: string) {
  const [row] = await tx
    .select({ definition: scorecardVersions.definition })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.id, versionId));
  return row.definition as ScorecardDefinition;
}

async function requireItem(tx: Tx, sessionId: string, interactionId: string) {
  if (!isUuid(interactionId)) abort("invalid", "That interaction is not part of this session.");
  const [item] = await tx
    .select({ id: calibrationItems.interactionId })
    .from(calibrationItems)
    .where(and(eq(calibrationItems.sessionId, sessionId), eq(calibrationItems.interactionId, interactionId)));
  if (!item) abort("invalid", "That interaction is not part of this session.");
}

/**
 * A discussion note on one criterion of one interaction. Anyone in the session may write one once the
 * answers are revealed (before that, a note could leak an answer).
 */
export async function addCalibrationNote(
  viewer: CalibrationViewer,
  input: { sessionId: string; interactionId: string; criterionKey: string; body: string },
): Promise<{ ok: true } | { ok: false; reason: "not_found" | "conflict" | "invalid"; message: string }> {
  if (!isUuid(input.sessionId) || !isUuid(input.interactionId))
    return { ok: false, reason: "not_found", message: "No such calibration session." };
  const body = input.body.trim();
  if (body.length === 0 || body.length > 2000)
    return { ok: false, reason: "invalid", message: "Write a note of 1 to 2000 characters." };
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(calibrationSessions)
      .where(eq(calibrationSessions.id, input.sessionId))
      .for("share");
    if (!session) return { ok: false, reason: "not_found", message: "No such calibration session." } as const;
    const access = calibrationAccess(viewer, session, await isParticipant(tx, input.sessionId, viewer.id));
    if (!access) return { ok: false, reason: "not_found", message: "No such calibration session." } as const;
    if (session.status !== "revealed")
      return { ok: false, reason: "conflict", message: "Notes can be added while the answers are revealed." } as const;
    const [item] = await tx
      .select({ id: calibrationItems.interactionId })
      .from(calibrationItems)
      .where(
        and(eq(calibrationItems.sessionId, input.sessionId), eq(calibrationItems.interactionId, input.interactionId)),
      );
    const def = await sessionDefinition(tx, session.scorecardVersionId);
    if (!item || !findCriterion(def, input.criterionKey))
      return {
        ok: false,
        reason: "invalid",
        message: "That criterion or interaction is not part of this session.",
      } as const;
    await tx.insert(calibrationNotes).values({
      sessionId: input.sessionId,
      interactionId: input.interactionId,
      criterionKey: input.criterionKey,
      authorId: viewer.id,
      body,
    });
    return { ok: true } as const;
  });
}
