import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { scopeFilter } from "./scope.server";

const submittedInScope = (scope: Scope) =>
  and(
    eq(evaluations.status, "submitted"),
    eq(evaluations.kind, "standard"),
    scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
  );

export type AcknowledgeResult =
  { ok: true; acknowledgedAt: Date; already: boolean } | { ok: false; reason: "not_found" | "not_own" };

/**
 * The evaluated agent confirms they have seen the evaluation: sets acknowledged_at once (a second click
 * keeps the first time) and audits it. Only an agent-role scope can: a team lead seeing the same
 * evaluation gets "not_own". Does not bump the lock version: it changes no answers.
 */
export async function acknowledgeEvaluation(input: {
  scope: Scope;
  actorUserId: string;
  evaluationId: string;
  now?: Date;
}): Promise<AcknowledgeResult> {
  if (!isUuid(input.evaluationId)) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  const agentId = input.scope.kind === "vendor" ? input.scope.agentId : null;
  return db.transaction(async (tx): Promise<AcknowledgeResult> => {
    const [row] = await tx
      .select({
        agentId: evaluations.agentId,
        vendorId: evaluations.vendorId,
        acknowledgedAt: evaluations.acknowledgedAt,
      })
      .from(evaluations)
      .where(and(eq(evaluations.id, input.evaluationId), submittedInScope(input.scope)))
      .for("update");
    if (!row) return { ok: false, reason: "not_found" };
    if (agentId === null || row.agentId !== agentId) return { ok: false, reason: "not_own" };
    if (row.acknowledgedAt) return { ok: true, acknowledgedAt: row.acknowledgedAt, already: true };
    await tx
      .update(evaluations)
      .set({ acknowledgedAt: now })
      .where(and(eq(evaluations.id, input.evaluationId), isNull(evaluations.acknowledgedAt)));
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: row.vendorId,
        action: "evaluation.acknowledge",
        entity: "evaluation",
        entityId: input.evaluationId,
      },
      tx,
    );
    return { ok: true, acknowledgedAt: now, already: false };
  });
}

/** Submitted evaluations in scope nobody has acknowledged yet (for an agent: their own). */
export async function countUnacknowledged(scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(evaluations)
    .where(and(submittedInScope(scope), isNull(evaluations.acknowledgedAt)));
  return Number(row?.n ?? 0);
}
