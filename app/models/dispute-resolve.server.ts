import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { disputeItems, disputes, evaluations } from "../../db/schema";
import type { AnswerEntries } from "~/domain/evaluation-answers";
import { disputeOutcome, type DisputeOutcome } from "~/domain/dispute-status";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { addToRollups, subtractFromRollups } from "./kpi-rollup.server";
import { disputeScope, loadEvaluationForDispute } from "./dispute.server";
import { reviseSubmittedEvaluation } from "./evaluation-write.server";

export type ItemDecision = { accept: boolean; rootCause: string | null };
/** `field` is a form field name: `decision.<key>`, `rootCause.<key>` or "form". */
export type ResolveProblem = { field: string; message: string };

export type ResolveResult =
  | { ok: true; status: DisputeOutcome; finalScoreBefore: number | null; finalScoreAfter: number | null }
  | { ok: false; reason: "not_found" | "own_evaluation" | "closed" | "conflict" }
  | { ok: false; reason: "invalid"; problems: ResolveProblem[] };

/**
 * Decides an open dispute item by item. Accepted items change the evaluation's answers through
 * `reviseSubmittedEvaluation` (score recomputed, revision and audit written) in the same transaction as
 * the dispute's own update, so either both commit or neither does. A rejection changes no answers but is
 * audited. Refused for the evaluation's original reviewer, for a dispute already decided, and for a stale
 * form (`expectedLockVersion` is the dispute's lock version the resolver's page was loaded with).
 */
export async function resolveDispute(input: {
  scope: Scope;
  actorUserId: string;
  disputeId: string;
  decisions: Record<string, ItemDecision>;
  note: string;
  expectedLockVersion: number;
  now?: Date;
}): Promise<ResolveResult> {
  if (!isUuid(input.disputeId)) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<ResolveResult> => {
    const [dispute] = await tx
      .select({
        id: disputes.id,
        status: disputes.status,
        lockVersion: disputes.lockVersion,
        vendorId: disputes.vendorId,
        evaluationId: disputes.evaluationId,
      })
      .from(disputes)
      .innerJoin(evaluations, eq(evaluations.id, disputes.evaluationId))
      .where(and(eq(disputes.id, input.disputeId), disputeScope(input.scope)))
      .for("update", { of: disputes });
    if (!dispute) return { ok: false, reason: "not_found" };
    const evaluation = await loadEvaluationForDispute(tx, input.scope, dispute.evaluationId);
    if (!evaluation) return { ok: false, reason: "not_found" };
    // Someone other than the original reviewer decides, whichever organisation the reviewer belongs to.
    if (evaluation.reviewerId === input.actorUserId) return { ok: false, reason: "own_evaluation" };
    if (dispute.status !== "open") return { ok: false, reason: "closed" };
    if (dispute.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" };

    const items = await tx.select().from(disputeItems).where(eq(disputeItems.disputeId, dispute.id));
    const undecided = items.filter((item) => !input.decisions[item.criterionKey]);
    if (undecided.length > 0) {
      return {
        ok: false,
        reason: "invalid",
        problems: undecided.map((i) => ({
          field: `decision.${i.criterionKey}`,
          message: "Accept or reject this item.",
        })),
      };
    }
    const accepted = items.filter((item) => input.decisions[item.criterionKey].accept);
    const status = disputeOutcome(items.map((item) => input.decisions[item.criterionKey].accept));

    let scores = { finalScoreBefore: null as number | null, finalScoreAfter: null as number | null };
    if (accepted.length > 0) {
      const stored = new Map(evaluation.answers.map((a) => [a.criterionKey, a]));
      // Only the value changes; the reviewer's comment stays, and a still-missed answer needs a root cause.
      const changes: AnswerEntries = Object.fromEntries(
        accepted.map((item) => {
          const current = stored.get(item.criterionKey);
          const entry = {
            value: item.proposedNa ? ("na" as const) : item.proposedValue,
            comment: current?.comment ?? "",
            rootCause: input.decisions[item.criterionKey].rootCause ?? current?.rootCause ?? null,
          };
          return [item.criterionKey, entry];
        }),
      );
      const revised = await reviseSubmittedEvaluation(
        {
          scope: input.scope,
          actorUserId: input.actorUserId,
          evaluationId: evaluation.id,
          kind: "dispute_resolution",
          reason: input.note,
          changes,
          expectedLockVersion: evaluation.lockVersion,
          now,
        },
        tx,
      );
      // A refusal writes nothing, so returning here leaves the transaction empty.
      if (!revised.ok) {
        if (revised.reason !== "invalid") return { ok: false, reason: revised.reason };
        const itemKeys = new Set(items.map((i) => i.criterionKey));
        return {
          ok: false,
          reason: "invalid",
          problems: revised.problems.map((p) =>
            !itemKeys.has(p.criterionKey)
              ? { field: "form", message: `The evaluation's answer to "${p.criterionKey}" is not valid: ${p.message}` }
              : {
                  field: `${p.field === "rootCause" ? "rootCause" : "decision"}.${p.criterionKey}`,
                  message: p.message,
                },
          ),
        };
      }
      scores = { finalScoreBefore: revised.finalScoreBefore, finalScoreAfter: revised.finalScoreAfter };
    }

    // The dispute's outcome counts in the evaluation's KPI sums (decided, overturned).
    await subtractFromRollups(tx, { evaluationIds: [evaluation.id] });
    await tx
      .update(disputes)
      .set({
        status,
        resolverId: input.actorUserId,
        resolvedAt: now,
        resolutionNote: input.note,
        lockVersion: dispute.lockVersion + 1,
      })
      .where(eq(disputes.id, dispute.id));
    for (const item of items) {
      await tx
        .update(disputeItems)
        .set({ accepted: input.decisions[item.criterionKey].accept })
        .where(eq(disputeItems.id, item.id));
    }
    await addToRollups(tx, { evaluationIds: [evaluation.id] });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: dispute.vendorId,
        action: "dispute.resolve",
        entity: "dispute",
        entityId: dispute.id,
        details: {
          evaluationId: evaluation.id,
          status,
          note: input.note,
          accepted: accepted.map((i) => i.criterionKey),
          rejected: items.filter((i) => !input.decisions[i.criterionKey].accept).map((i) => i.criterionKey),
          ...scores,
        },
      },
      tx,
    );
    return { ok: true, status, ...scores };
  });
}
