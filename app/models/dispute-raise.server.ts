import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { disputeItems, disputes } from "../../db/schema";
import { checkDisputeProposals, type DisputeProblem, type DisputeProposal } from "~/domain/dispute-items";
import type { Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { addToRollups, subtractFromRollups } from "./kpi-rollup.server";
import { currentValues, getDisputeWindow, loadEvaluationForDispute } from "./dispute.server";

export type RaiseResult =
  | { ok: true; disputeId: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "window_closed"; closesAt: Date }
  | { ok: false; reason: "already_open"; disputeId: string | null }
  | { ok: false; reason: "invalid"; problems: DisputeProblem[] };

type DbError = { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown };

/** The partial unique index "one open dispute per evaluation" refused the insert (drizzle wraps the driver error). */
function isOpenDisputeViolation(error: unknown): boolean {
  for (let e = error as DbError | undefined; e; e = e.cause as DbError | undefined) {
    const name = e.constraint_name ?? e.constraint ?? e.message ?? "";
    if (e.code === "23505" && name.includes("disputes_open_evaluation_unique")) return true;
  }
  return false;
}

async function findOpenDispute(evaluationId: string): Promise<string | null> {
  const [open] = await db
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.evaluationId, evaluationId), eq(disputes.status, "open")))
    .limit(1);
  return open?.id ?? null;
}

/**
 * Raises a dispute on a submitted evaluation in the caller's scope. The route has checked the permission
 * ("dispute:raise": the evaluated agent, whose scope holds only their own evaluations, or a team lead of
 * the vendor). Refused outside the window, while another dispute of the evaluation is open (the partial
 * unique index decides races), and for proposals that do not fit the scorecard.
 */
export async function raiseDispute(input: {
  scope: Scope;
  actorUserId: string;
  evaluationId: string;
  proposals: DisputeProposal[];
  reason: string;
  now?: Date;
  windowDays?: number;
}): Promise<RaiseResult> {
  // Client users never raise disputes; vendor scope also pins the dispute's vendor.
  if (input.scope.kind !== "vendor") return { ok: false, reason: "not_found" };
  const evaluation = await loadEvaluationForDispute(db, input.scope, input.evaluationId);
  if (!evaluation) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  const window = getDisputeWindow(evaluation, now, input.windowDays);
  if (!window.open) return { ok: false, reason: "window_closed", closesAt: window.closesAt };
  const open = await findOpenDispute(evaluation.id);
  if (open) return { ok: false, reason: "already_open", disputeId: open };
  const problems = checkDisputeProposals(evaluation.definition, input.proposals, currentValues(evaluation.answers));
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };

  try {
    const disputeId = await db.transaction(async (tx) => {
      await subtractFromRollups(tx, { evaluationIds: [evaluation.id] });
      const [created] = await tx
        .insert(disputes)
        .values({
          evaluationId: evaluation.id,
          vendorId: evaluation.vendorId,
          raisedBy: input.actorUserId,
          raisedAt: now,
          reason: input.reason,
        })
        .returning({ id: disputes.id });
      await tx.insert(disputeItems).values(
        input.proposals.map((p) => ({
          disputeId: created.id,
          criterionKey: p.criterionKey,
          proposedValue: p.proposed === "na" ? null : p.proposed,
          proposedNa: p.proposed === "na",
        })),
      );
      await addToRollups(tx, { evaluationIds: [evaluation.id] });
      await recordAudit(
        {
          actorUserId: input.actorUserId,
          organizationId: evaluation.vendorId,
          action: "dispute.raise",
          entity: "dispute",
          entityId: created.id,
          details: { evaluationId: evaluation.id, reason: input.reason, proposals: input.proposals },
        },
        tx,
      );
      return created.id;
    });
    return { ok: true, disputeId };
  } catch (error) {
    // Someone raised one between our check and the insert.
    if (isOpenDisputeViolation(error)) {
      return { ok: false, reason: "already_open", disputeId: await findOpenDispute(evaluation.id) };
    }
    throw error;
  }
}
