import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import {
  assignments,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  scorecardVersions,
  type RevisionChange,
} from "../../db/schema";
import {
  checkEntries,
  normaliseEntries,
  toAnswers,
  type AnswerEntries,
  type AnswerProblem,
} from "~/domain/evaluation-answers";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { findCriterion, isMet, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation, type ScoreResult } from "~/domain/scoring";
import { auditInsert, recordAudit } from "./audit.server";
import { addToRollups, rollupStatements, subtractFromRollups } from "./kpi-rollup.server";
import { scopeFilter } from "./scope.server";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type SaveResult =
  | { ok: true; evaluationId: string; lockVersion: number; status: "draft" | "submitted"; result: ScoreResult }
  | { ok: false; reason: "not_found" | "closed" | "conflict" }
  | { ok: false; reason: "invalid"; problems: AnswerProblem[] };

export async function replaceAnswers(tx: Tx, evaluationId: string, def: ScorecardDefinition, entries: AnswerEntries) {
  await Promise.all(replaceAnswersQueries(tx, evaluationId, def, entries));
}

/** The delete and insert that replace an evaluation's answers, unsent (drizzle queries run when awaited). */
function replaceAnswersQueries(tx: Tx, evaluationId: string, def: ScorecardDefinition, entries: AnswerEntries) {
  const rows = Object.entries(entries)
    .filter(([, e]) => e.value !== null || e.comment !== "")
    .map(([criterionKey, e]) => {
      const criterion = findCriterion(def, criterionKey)!;
      const value = typeof e.value === "number" ? e.value : null;
      return {
        evaluationId,
        criterionKey,
        value,
        na: e.value === "na",
        met: value === null ? null : isMet(criterion, value),
        comment: e.comment || null,
        rootCause: e.rootCause,
      };
    });
  const remove = tx.delete(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, evaluationId));
  return rows.length > 0 ? [remove, tx.insert(evaluationAnswers).values(rows)] : [remove];
}

export function scoreColumns(result: ScoreResult) {
  return {
    rawScore: result.rawScore,
    finalScore: result.finalScore,
    passed: result.passed,
    criticalFailed: result.criticalFailures.length > 0,
  };
}

/**
 * Saves the reviewer's work on an assignment as a draft, or submits it. The score is always recomputed
 * here from the answers; nothing the browser computed is trusted. `expectedLockVersion` is the version the
 * reviewer's page was loaded with (0 before the first save): a stale save is refused, never merged.
 */
export async function saveAssignmentEvaluation(input: {
  scope: Scope;
  reviewerId: string;
  assignmentId: string;
  entries: AnswerEntries;
  expectedLockVersion: number;
  submit: boolean;
  now?: Date;
}): Promise<SaveResult> {
  if (!isUuid(input.assignmentId)) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  // Two round trips inside the transaction, not seventeen: the reads go together, then every write in one
  // pipeline (each statement still sees the ones before it). At 50 concurrent reviewers the waits between
  // statements, not the statements, were most of a submission's time.
  return db.transaction(async (tx) => {
    const [[assignment], [existing]] = await Promise.all([
      tx
        .select({ assignment: assignments, definition: scorecardVersions.definition })
        .from(assignments)
        .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
        .where(
          and(
            eq(assignments.id, input.assignmentId),
            eq(assignments.reviewerId, input.reviewerId),
            scopeFilter(input.scope, { vendorId: assignments.vendorId, agentId: assignments.agentId }),
          ),
        )
        .for("update", { of: assignments }),
      tx
        .select({ id: evaluations.id, lockVersion: evaluations.lockVersion, status: evaluations.status })
        .from(evaluations)
        .where(eq(evaluations.assignmentId, input.assignmentId))
        .for("update"),
    ]);
    if (!assignment) return { ok: false, reason: "not_found" } as const;
    const a = assignment.assignment;
    if (a.status === "submitted" || a.status === "skipped") return { ok: false, reason: "closed" } as const;
    const def = assignment.definition as ScorecardDefinition;
    if ((existing?.lockVersion ?? 0) !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;

    const entries = normaliseEntries(def, input.entries);
    const problems = checkEntries(def, entries, input.submit ? "submit" : "draft");
    if (problems.length > 0) return { ok: false, reason: "invalid", problems } as const;
    const result = scoreEvaluation(def, toAnswers(entries));
    const status = input.submit ? ("submitted" as const) : ("draft" as const);
    const evaluationId = existing?.id ?? randomUUID();
    const lockVersion = (existing?.lockVersion ?? 0) + 1;
    const targets = { interactionIds: [], evaluationIds: [evaluationId] };

    const writes: PromiseLike<unknown>[] = [];
    // A submitted evaluation's KPI sums come out before it changes and go back in after.
    if (existing?.status === "submitted") writes.push(...rollupStatements(targets, -1).map((s) => tx.execute(s)));
    writes.push(
      existing
        ? tx
            .update(evaluations)
            .set({
              ...scoreColumns(result),
              status,
              lockVersion,
              updatedAt: now,
              submittedAt: input.submit ? now : null,
            })
            .where(eq(evaluations.id, existing.id))
        : tx.insert(evaluations).values({
            id: evaluationId,
            interactionId: a.interactionId,
            scorecardVersionId: a.scorecardVersionId,
            reviewerId: input.reviewerId,
            vendorId: a.vendorId,
            agentId: a.agentId,
            assignmentId: a.id,
            kind: "standard",
            status,
            ...scoreColumns(result),
            lockVersion,
            submittedAt: input.submit ? now : null,
            createdAt: now,
            updatedAt: now,
          }),
      ...replaceAnswersQueries(tx, evaluationId, def, entries),
    );
    if (input.submit) writes.push(...rollupStatements(targets, 1).map((s) => tx.execute(s)));
    writes.push(
      tx
        .update(assignments)
        .set({
          status: input.submit ? "submitted" : "in_progress",
          lockVersion: sql`${assignments.lockVersion} + 1`,
          updatedAt: now,
        })
        .where(eq(assignments.id, a.id)),
    );
    if (input.submit) {
      writes.push(
        tx.insert(evaluationRevisions).values({
          evaluationId,
          number: 1,
          kind: "submitted",
          actorUserId: input.reviewerId,
          at: now,
          reason: null,
          changes: Object.entries(entries).map(([criterionKey, e]) => ({ criterionKey, before: null, after: e.value })),
          finalScoreBefore: null,
          finalScoreAfter: result.finalScore,
        }),
        auditInsert(
          {
            actorUserId: input.reviewerId,
            organizationId: a.vendorId,
            action: "evaluation.submit",
            entity: "evaluation",
            entityId: evaluationId,
            details: { finalScore: result.finalScore },
          },
          tx,
        ),
      );
    }
    await Promise.all(writes);
    return { ok: true, evaluationId, lockVersion, status, result } as const;
  });
}

export type ReviseResult =
  | { ok: true; finalScoreBefore: number | null; finalScoreAfter: number | null; changes: RevisionChange[] }
  | { ok: false; reason: "not_found" | "conflict" | "own_evaluation" }
  | { ok: false; reason: "invalid"; problems: AnswerProblem[] };

/**
 * Changes answers of a submitted evaluation (a lead's re-score or a dispute resolution): recomputes the
 * score, records a revision with every changed answer before and after, and an audit entry. Pass `tx` to
 * run inside a caller's transaction (a dispute resolution updates the dispute in the same one).
 */
export async function reviseSubmittedEvaluation(
  input: {
    scope: Scope;
    actorUserId: string;
    evaluationId: string;
    kind: "rescore" | "dispute_resolution";
    reason: string;
    changes: AnswerEntries;
    expectedLockVersion: number;
    now?: Date;
  },
  outer?: Tx,
): Promise<ReviseResult> {
  if (!isUuid(input.evaluationId)) return { ok: false, reason: "not_found" };
  const run = async (tx: Tx): Promise<ReviseResult> => {
    const now = input.now ?? new Date();
    const [row] = await tx
      .select({ evaluation: evaluations, definition: scorecardVersions.definition })
      .from(evaluations)
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
      .where(
        and(
          eq(evaluations.id, input.evaluationId),
          eq(evaluations.status, "submitted"),
          eq(evaluations.kind, "standard"),
          scopeFilter(input.scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
        ),
      )
      .for("update", { of: evaluations });
    if (!row) return { ok: false, reason: "not_found" };
    const evaluation = row.evaluation;
    // Nobody re-scores or rules on their own evaluation.
    if (evaluation.reviewerId === input.actorUserId) return { ok: false, reason: "own_evaluation" };
    if (evaluation.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" };
    const def = row.definition as ScorecardDefinition;

    const stored = await tx.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, evaluation.id));
    const current: AnswerEntries = Object.fromEntries(
      stored.map((a) => [
        a.criterionKey,
        { value: a.na ? "na" : a.value, comment: a.comment ?? "", rootCause: a.rootCause },
      ]),
    );
    const next = normaliseEntries(def, { ...current, ...input.changes });
    const problems = checkEntries(def, next, "submit");
    if (problems.length > 0) return { ok: false, reason: "invalid", problems };

    const changes: RevisionChange[] = Object.keys(input.changes)
      .filter((key) => current[key]?.value !== next[key]?.value || current[key]?.rootCause !== next[key]?.rootCause)
      .map((criterionKey) => ({
        criterionKey,
        before: current[criterionKey]?.value ?? null,
        after: next[criterionKey].value,
      }));
    const result = scoreEvaluation(def, toAnswers(next));
    await subtractFromRollups(tx, { evaluationIds: [evaluation.id] });
    await tx
      .update(evaluations)
      .set({ ...scoreColumns(result), lockVersion: evaluation.lockVersion + 1, updatedAt: now })
      .where(eq(evaluations.id, evaluation.id));
    await replaceAnswers(tx, evaluation.id, def, next);
    await addToRollups(tx, { evaluationIds: [evaluation.id] });
    const [last] = await tx
      .select({ number: evaluationRevisions.number })
      .from(evaluationRevisions)
      .where(eq(evaluationRevisions.evaluationId, evaluation.id))
      .orderBy(desc(evaluationRevisions.number))
      .limit(1);
    await tx.insert(evaluationRevisions).values({
      evaluationId: evaluation.id,
      number: (last?.number ?? 0) + 1,
      kind: input.kind,
      actorUserId: input.actorUserId,
      at: now,
      reason: input.reason,
      changes,
      finalScoreBefore: evaluation.finalScore,
      finalScoreAfter: result.finalScore,
    });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: evaluation.vendorId,
        action: input.kind === "rescore" ? "evaluation.rescore" : "evaluation.dispute_resolution",
        entity: "evaluation",
        entityId: evaluation.id,
        details: {
          reason: input.reason,
          changes,
          finalScoreBefore: evaluation.finalScore,
          finalScoreAfter: result.finalScore,
        },
      },
      tx,
    );
    return { ok: true, finalScoreBefore: evaluation.finalScore, finalScoreAfter: result.finalScore, changes };
  };
  return outer ? run(outer) : db.transaction(run);
}
