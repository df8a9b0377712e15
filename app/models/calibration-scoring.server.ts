import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  agents,
  calibrationItems,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  interactions,
  scorecardVersions,
} from "../../db/schema";
import { calibrationAccess, showsAgentName, type CalibrationViewer } from "~/domain/calibration-session";
import {
  checkEntries,
  normaliseEntries,
  toAnswers,
  type AnswerEntries,
  type AnswerProblem,
} from "~/domain/evaluation-answers";
import { isUuid } from "~/domain/ids";
import { redactName } from "~/domain/redact";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation } from "~/domain/scoring";
import { recordAudit } from "./audit.server";
import { replaceAnswers, scoreColumns } from "./evaluation-write.server";

/** The participant's own evaluation of one interaction of the session, as entries for the scoring form. */
export async function loadOwnCalibrationEvaluation(sessionId: string, interactionId: string, reviewerId: string) {
  const [evaluation] = await db
    .select({
      id: evaluations.id,
      status: evaluations.status,
      lockVersion: evaluations.lockVersion,
      finalScore: evaluations.finalScore,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.calibrationSessionId, sessionId),
        eq(evaluations.interactionId, interactionId),
        eq(evaluations.reviewerId, reviewerId),
      ),
    );
  const entries: AnswerEntries = {};
  if (evaluation) {
    const answers = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, evaluation.id));
    for (const a of answers)
      entries[a.criterionKey] = { value: a.na ? "na" : a.value, comment: a.comment ?? "", rootCause: a.rootCause };
  }
  return { evaluation: evaluation ?? null, entries };
}

/**
 * The interaction a participant scores in a session: only for participants, only for the session's
 * interactions, with the agent's name withheld when the session hides it.
 */
export async function getCalibrationInteraction(viewer: CalibrationViewer, sessionId: string, interactionId: string) {
  if (!isUuid(sessionId) || !isUuid(interactionId)) return null;
  const [row] = await db
    .select({
      session: calibrationSessions,
      interaction: interactions,
      agentName: agents.name,
      participant: calibrationParticipants.userId,
      definition: scorecardVersions.definition,
    })
    .from(calibrationItems)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, calibrationItems.sessionId))
    .innerJoin(interactions, eq(interactions.id, calibrationItems.interactionId))
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
    .leftJoin(
      calibrationParticipants,
      and(eq(calibrationParticipants.sessionId, calibrationSessions.id), eq(calibrationParticipants.userId, viewer.id)),
    )
    .where(and(eq(calibrationItems.sessionId, sessionId), eq(calibrationItems.interactionId, interactionId)));
  if (!row) return null;
  const access = calibrationAccess(viewer, row.session, row.participant !== null);
  if (!access) return null;
  const named = showsAgentName(viewer, row.session, row.interaction.vendorId, access);
  // Only what scoring needs: no customer name, and no ids that would tell which vendor, team or agent.
  const i = row.interaction;
  const interaction = {
    id: i.id,
    externalId: i.externalId,
    channel: i.channel,
    queue: i.queue,
    contactReason: i.contactReason,
    subject: i.subject,
    startedAt: i.startedAt,
    handleTimeSeconds: i.handleTimeSeconds,
    transcript: named
      ? i.transcript
      : i.transcript.map((turn) => ({ ...turn, text: redactName(turn.text, row.agentName) })),
  };
  return {
    session: row.session,
    access,
    definition: row.definition as ScorecardDefinition,
    interaction,
    agentName: named ? row.agentName : null,
    ...(await loadOwnCalibrationEvaluation(sessionId, interactionId, viewer.id)),
  };
}

export type CalibrationSaveResult =
  | { ok: true; evaluationId: string; lockVersion: number; status: "draft" | "submitted" }
  | { ok: false; reason: "not_found" | "closed" | "conflict" }
  | { ok: false; reason: "invalid"; problems: AnswerProblem[] };

/**
 * Saves or submits a participant's calibration evaluation. Only while the session is open, only for
 * participants, only the caller's own evaluation; a submission is final, like any evaluation.
 */
export async function saveCalibrationEvaluation(input: {
  viewer: CalibrationViewer;
  sessionId: string;
  interactionId: string;
  entries: AnswerEntries;
  expectedLockVersion: number;
  submit: boolean;
  now?: Date;
}): Promise<CalibrationSaveResult> {
  if (!isUuid(input.sessionId) || !isUuid(input.interactionId)) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    // Shared lock: a reveal or finalize waits for saves in flight, and a save never lands after one.
    const [row] = await tx
      .select({ session: calibrationSessions, definition: scorecardVersions.definition, interaction: interactions })
      .from(calibrationItems)
      .innerJoin(calibrationSessions, eq(calibrationSessions.id, calibrationItems.sessionId))
      .innerJoin(interactions, eq(interactions.id, calibrationItems.interactionId))
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
      .innerJoin(
        calibrationParticipants,
        and(
          eq(calibrationParticipants.sessionId, calibrationSessions.id),
          eq(calibrationParticipants.userId, input.viewer.id),
        ),
      )
      .where(
        and(eq(calibrationItems.sessionId, input.sessionId), eq(calibrationItems.interactionId, input.interactionId)),
      )
      .for("share", { of: calibrationSessions });
    if (!row) return { ok: false, reason: "not_found" } as const;
    if (row.session.status !== "open") return { ok: false, reason: "closed" } as const;
    const def = row.definition as ScorecardDefinition;

    const [existing] = await tx
      .select({ id: evaluations.id, lockVersion: evaluations.lockVersion, status: evaluations.status })
      .from(evaluations)
      .where(
        and(
          eq(evaluations.calibrationSessionId, input.sessionId),
          eq(evaluations.interactionId, input.interactionId),
          eq(evaluations.reviewerId, input.viewer.id),
        ),
      )
      .for("update");
    if (existing?.status === "submitted") return { ok: false, reason: "closed" } as const;
    if ((existing?.lockVersion ?? 0) !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;

    const entries = normaliseEntries(def, input.entries);
    const problems = checkEntries(def, entries, input.submit ? "submit" : "draft");
    if (problems.length > 0) return { ok: false, reason: "invalid", problems } as const;
    const result = scoreEvaluation(def, toAnswers(entries));
    const status = input.submit ? ("submitted" as const) : ("draft" as const);
    const lockVersion = (existing?.lockVersion ?? 0) + 1;
    const columns = {
      ...scoreColumns(result),
      status,
      lockVersion,
      updatedAt: now,
      submittedAt: input.submit ? now : null,
    };

    let evaluationId: string;
    if (existing) {
      evaluationId = existing.id;
      await tx.update(evaluations).set(columns).where(eq(evaluations.id, existing.id));
    } else {
      const [created] = await tx
        .insert(evaluations)
        .values({
          interactionId: input.interactionId,
          scorecardVersionId: row.session.scorecardVersionId,
          reviewerId: input.viewer.id,
          vendorId: row.interaction.vendorId,
          agentId: row.interaction.agentId,
          kind: "calibration",
          calibrationSessionId: input.sessionId,
          createdAt: now,
          ...columns,
        })
        .returning({ id: evaluations.id });
      evaluationId = created.id;
    }
    await replaceAnswers(tx, evaluationId, def, entries);
    if (input.submit)
      await recordAudit(
        {
          actorUserId: input.viewer.id,
          organizationId: input.viewer.organizationId,
          action: "calibration.submit",
          entity: "evaluation",
          entityId: evaluationId,
          details: { sessionId: input.sessionId, finalScore: result.finalScore },
        },
        tx,
      );
    return { ok: true, evaluationId, lockVersion, status } as const;
  });
}

/** The caller's own evaluation status per interaction of the session (never anyone else's). */
export async function listOwnCalibrationProgress(sessionId: string, reviewerId: string) {
  return db
    .select({
      interactionId: evaluations.interactionId,
      status: evaluations.status,
      finalScore: evaluations.finalScore,
    })
    .from(evaluations)
    .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.reviewerId, reviewerId)));
}
