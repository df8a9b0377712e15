import { and, asc, eq } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import {
  calibrationConsensus,
  calibrationItems,
  calibrationNotes,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  organizations,
  scorecardVersions,
  users,
} from "../../db/schema";
import {
  computeCalibrationMetrics,
  type CalibrationAnswerValue,
  type CalibrationInput,
  type CalibrationMetrics,
} from "~/domain/calibration-metrics";
import { partyOf, type CalibrationViewer } from "~/domain/calibration-session";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import type { LoadedSession } from "./calibration.server";

type Queryable = Pick<Database, "select">;

export type VisibleAnswer = {
  reviewerId: string;
  interactionId: string;
  status: "draft" | "submitted";
  finalScore: number | null;
  criterionKey: string;
  value: number | null;
  na: boolean;
  comment: string | null;
  rootCause: string | null;
};

/**
 * The one place blindness is decided: before reveal, the caller's own answers only (drafts included);
 * after reveal, everyone's submitted answers. Loaders and exports all read answers through here.
 */
export async function listVisibleAnswers(viewer: CalibrationViewer, loaded: LoadedSession): Promise<VisibleAnswer[]> {
  const sessionId = loaded.session.id;
  const who = loaded.access.seesAll ? eq(evaluations.status, "submitted") : eq(evaluations.reviewerId, viewer.id);
  return db
    .select({
      reviewerId: evaluations.reviewerId,
      interactionId: evaluations.interactionId,
      status: evaluations.status,
      finalScore: evaluations.finalScore,
      criterionKey: evaluationAnswers.criterionKey,
      value: evaluationAnswers.value,
      na: evaluationAnswers.na,
      comment: evaluationAnswers.comment,
      rootCause: evaluationAnswers.rootCause,
    })
    .from(evaluations)
    .innerJoin(evaluationAnswers, eq(evaluationAnswers.evaluationId, evaluations.id))
    .where(and(eq(evaluations.calibrationSessionId, sessionId), who));
}

export async function listConsensus(sessionId: string, q: Queryable = db) {
  return q
    .select({
      interactionId: calibrationConsensus.interactionId,
      criterionKey: calibrationConsensus.criterionKey,
      value: calibrationConsensus.value,
      na: calibrationConsensus.na,
      rationale: calibrationConsensus.rationale,
      decidedAt: calibrationConsensus.decidedAt,
      decidedByName: users.name,
    })
    .from(calibrationConsensus)
    .innerJoin(users, eq(users.id, calibrationConsensus.decidedBy))
    .where(eq(calibrationConsensus.sessionId, sessionId));
}

/** Notes are written after reveal only, so they are visible to everyone in the session. */
export async function listNotes(sessionId: string) {
  return db
    .select({
      id: calibrationNotes.id,
      interactionId: calibrationNotes.interactionId,
      criterionKey: calibrationNotes.criterionKey,
      body: calibrationNotes.body,
      createdAt: calibrationNotes.createdAt,
      authorId: calibrationNotes.authorId,
    })
    .from(calibrationNotes)
    .where(eq(calibrationNotes.sessionId, sessionId))
    .orderBy(asc(calibrationNotes.createdAt));
}

/** Everything computeCalibrationMetrics needs, from submitted answers only. Server-side; never sent to a browser. */
export async function buildCalibrationInput(q: Queryable, sessionId: string): Promise<CalibrationInput> {
  const [session] = await q
    .select({ s: calibrationSessions, definition: scorecardVersions.definition })
    .from(calibrationSessions)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
    .where(eq(calibrationSessions.id, sessionId));
  const items = await q
    .select({ id: calibrationItems.interactionId })
    .from(calibrationItems)
    .where(eq(calibrationItems.sessionId, sessionId))
    .orderBy(asc(calibrationItems.position));
  const people = await q
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      organizationId: calibrationParticipants.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
    })
    .from(calibrationParticipants)
    .innerJoin(users, eq(users.id, calibrationParticipants.userId))
    .innerJoin(organizations, eq(organizations.id, calibrationParticipants.organizationId))
    .where(eq(calibrationParticipants.sessionId, sessionId))
    .orderBy(asc(organizations.kind), asc(organizations.name), asc(users.name));
  const rows = await q
    .select({
      reviewerId: evaluations.reviewerId,
      interactionId: evaluations.interactionId,
      criterionKey: evaluationAnswers.criterionKey,
      value: evaluationAnswers.value,
      na: evaluationAnswers.na,
    })
    .from(evaluations)
    .innerJoin(evaluationAnswers, eq(evaluationAnswers.evaluationId, evaluations.id))
    .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.status, "submitted")));
  const answers: CalibrationInput["answers"] = {};
  for (const r of rows) {
    const value: CalibrationAnswerValue = r.na ? "na" : r.value;
    ((answers[r.reviewerId] ??= {})[r.interactionId] ??= {})[r.criterionKey] = value;
  }
  const consensus: CalibrationInput["consensus"] = {};
  for (const c of await listConsensus(sessionId, q)) {
    if (c.na || c.value !== null) (consensus[c.interactionId] ??= {})[c.criterionKey] = c.na ? "na" : c.value!;
  }
  return {
    definition: session.definition as ScorecardDefinition,
    interactionIds: items.map((i) => i.id),
    participants: people.map((p) => ({
      id: p.id,
      name: p.name,
      party: partyOf(p),
      isBenchmark: p.id === session.s.benchmarkUserId,
    })),
    answers,
    consensus,
    reference: session.s.reference,
  };
}

export async function computeSessionMetrics(q: Queryable, sessionId: string): Promise<CalibrationMetrics> {
  return computeCalibrationMetrics(await buildCalibrationInput(q, sessionId));
}

/**
 * The results a viewer may see: null before reveal; the frozen snapshot once finalized; otherwise
 * computed now. Names and party labels are replaced by what this viewer may see of them.
 */
export async function getSessionResults(loaded: LoadedSession): Promise<CalibrationMetrics | null> {
  if (!loaded.access.seesAll) return null;
  const metrics =
    loaded.session.status === "finalized" && loaded.session.results
      ? (loaded.session.results as CalibrationMetrics)
      : await computeSessionMetrics(db, loaded.session.id);
  return presentMetrics(metrics, loaded);
}

function presentMetrics(metrics: CalibrationMetrics, loaded: LoadedSession): CalibrationMetrics {
  const byId = new Map(loaded.participants.map((p) => [p.userId, p]));
  const partyLabels = new Map(loaded.participants.map((p) => [p.party.key, p.partyLabel]));
  // Another vendor's organisation id is replaced too, so nothing in the payload identifies it.
  const partyKeys = new Map(
    loaded.participants.map((p) => [
      p.party.key,
      p.partyLabel === p.party.label ? p.party.key : p.partyLabel.toLowerCase().replace(/\W+/g, "-"),
    ]),
  );
  return {
    ...metrics,
    // A participant removed after finalize is not in `loaded`; keep the frozen row but never a raw name.
    reviewers: metrics.reviewers.map((r) => ({
      ...r,
      name: byId.get(r.id)?.name ?? "Former participant",
      partyKey: partyKeys.get(r.partyKey) ?? r.partyKey,
    })),
    parties: metrics.parties.map((p) => ({
      ...p,
      key: partyKeys.get(p.key) ?? p.key,
      label: partyLabels.get(p.key) ?? p.label,
    })),
  };
}
