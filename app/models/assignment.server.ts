import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "../../db/client.server";
import {
  agents,
  assignments,
  evaluationAnswers,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import type { AnswerEntries } from "~/domain/evaluation-answers";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { takeKeysetPage } from "~/domain/keyset-page";
import { recordAudit } from "./audit.server";
import { afterInstantId, instantText } from "./keyset.server";
import { scopeFilter } from "./scope.server";

export type AssignmentStatus = (typeof assignments.status.enumValues)[number];
const assignmentScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: assignments.vendorId, agentId: assignments.agentId });
const reviewers = alias(users, "reviewers");

const rowColumns = {
  id: assignments.id,
  status: assignments.status,
  dueAt: assignments.dueAt,
  dueAtText: instantText(assignments.dueAt),
  createdAt: assignments.createdAt,
  skipReason: assignments.skipReason,
  lockVersion: assignments.lockVersion,
  interactionId: interactions.id,
  externalId: interactions.externalId,
  channel: interactions.channel,
  queue: interactions.queue,
  contactReason: interactions.contactReason,
  startedAt: interactions.startedAt,
  csat: interactions.csat,
  escalated: interactions.escalated,
  agentName: agents.name,
  vendorId: assignments.vendorId,
  vendorName: organizations.name,
  reviewerId: reviewers.id,
  reviewerName: reviewers.name,
  scorecardName: scorecards.name,
  versionNumber: scorecardVersions.number,
  evaluationId: evaluations.id,
};

function assignmentRows() {
  return db
    .select(rowColumns)
    .from(assignments)
    .innerJoin(interactions, eq(interactions.id, assignments.interactionId))
    .innerJoin(agents, eq(agents.id, assignments.agentId))
    .innerJoin(organizations, eq(organizations.id, assignments.vendorId))
    .innerJoin(reviewers, eq(reviewers.id, assignments.reviewerId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .leftJoin(evaluations, eq(evaluations.assignmentId, assignments.id))
    .$dynamic();
}

export type AssignmentPageFilters = {
  statuses: AssignmentStatus[];
  channel?: (typeof interactions.channel.enumValues)[number];
  /** Only assignments due before this instant (the "overdue only" filter). */
  dueBefore?: Date;
  limit: number;
  /** The (dueAt, id) where the previous page ended. */
  after?: readonly [string, string];
};

/** `limit + 1` rows of a queue ordered by (dueAt, id), the keyset order; the route keeps `limit`. */
function assignmentPage(scopeCondition: SQL | undefined, filters: AssignmentPageFilters) {
  return assignmentRows()
    .where(
      and(
        scopeCondition,
        inArray(assignments.status, filters.statuses),
        filters.channel ? eq(interactions.channel, filters.channel) : undefined,
        filters.dueBefore ? lt(assignments.dueAt, filters.dueBefore) : undefined,
        afterInstantId(assignments.dueAt, assignments.id, filters.after),
      ),
    )
    .orderBy(asc(assignments.dueAt), asc(assignments.id))
    .limit(filters.limit + 1);
}

/** One page of the reviewer's own queue, soonest due first; `next` is null on the last page. */
export async function listAssignmentsForReviewer(reviewerId: string, filters: AssignmentPageFilters) {
  const rows = await assignmentPage(eq(assignments.reviewerId, reviewerId), filters);
  return takeKeysetPage(rows, filters.limit, (r) => [r.dueAtText, r.id] as const);
}

/** One page of the assignments in the caller's scope, for leads (overdue first). */
export async function listAssignmentsInScope(scope: Scope, filters: AssignmentPageFilters) {
  const rows = await assignmentPage(assignmentScope(scope), filters);
  return takeKeysetPage(rows, filters.limit, (r) => [r.dueAtText, r.id] as const);
}

/** Open work by age since assignment, per reviewer: the backlog aging leads watch. */
export async function getBacklogAging(scope: Scope, now = new Date()) {
  const age = sql`extract(epoch from (${now.toISOString()}::timestamptz - ${assignments.createdAt})) / 86400`;
  const rows = await db
    .select({
      reviewerId: reviewers.id,
      reviewerName: reviewers.name,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${assignments.dueAt} < ${now.toISOString()}::timestamptz)::int`,
      upTo2Days: sql<number>`count(*) filter (where ${age} <= 2)::int`,
      upTo7Days: sql<number>`count(*) filter (where ${age} > 2 and ${age} <= 7)::int`,
      older: sql<number>`count(*) filter (where ${age} > 7)::int`,
    })
    .from(assignments)
    .innerJoin(reviewers, eq(reviewers.id, assignments.reviewerId))
    .where(and(assignmentScope(scope), inArray(assignments.status, ["pending", "in_progress"])))
    .groupBy(reviewers.id)
    .orderBy(asc(reviewers.name));
  return rows.map((r) => ({
    ...r,
    open: Number(r.open),
    overdue: Number(r.overdue),
    upTo2Days: Number(r.upTo2Days),
    upTo7Days: Number(r.upTo7Days),
    older: Number(r.older),
  }));
}

/**
 * What the scoring page needs: the assignment (only for its reviewer, within scope), the interaction,
 * the pinned scorecard version, and the draft or submitted evaluation with its entries.
 */
export async function getAssignmentForReviewer(input: { scope: Scope; reviewerId: string; assignmentId: string }) {
  if (!isUuid(input.assignmentId)) return null;
  const [row] = await db
    .select({
      assignment: assignments,
      interaction: interactions,
      agentName: agents.name,
      vendorName: organizations.name,
      definition: scorecardVersions.definition,
      scorecardName: scorecards.name,
      versionNumber: scorecardVersions.number,
    })
    .from(assignments)
    .innerJoin(interactions, eq(interactions.id, assignments.interactionId))
    .innerJoin(agents, eq(agents.id, assignments.agentId))
    .innerJoin(organizations, eq(organizations.id, assignments.vendorId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(
      and(
        eq(assignments.id, input.assignmentId),
        eq(assignments.reviewerId, input.reviewerId),
        assignmentScope(input.scope),
      ),
    )
    .limit(1);
  if (!row) return null;
  const [evaluation] = await db
    .select({
      id: evaluations.id,
      status: evaluations.status,
      lockVersion: evaluations.lockVersion,
      updatedAt: evaluations.updatedAt,
    })
    .from(evaluations)
    .where(eq(evaluations.assignmentId, input.assignmentId));
  const entries: AnswerEntries = {};
  if (evaluation) {
    const answers = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, evaluation.id));
    for (const a of answers) {
      entries[a.criterionKey] = { value: a.na ? "na" : a.value, comment: a.comment ?? "", rootCause: a.rootCause };
    }
  }
  return {
    ...row,
    definition: row.definition as ScorecardDefinition,
    evaluation: evaluation ?? null,
    entries,
  };
}

export type SkipResult = { ok: true } | { ok: false; reason: "not_found" | "conflict" | "closed" };

/** The reviewer skips an open assignment with a reason (a skipped interaction can be sampled again). */
export async function skipAssignment(input: {
  scope: Scope;
  reviewerId: string;
  assignmentId: string;
  reason: string;
  expectedLockVersion: number;
}): Promise<SkipResult> {
  if (!isUuid(input.assignmentId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: assignments.status, lockVersion: assignments.lockVersion, vendorId: assignments.vendorId })
      .from(assignments)
      .where(
        and(
          eq(assignments.id, input.assignmentId),
          eq(assignments.reviewerId, input.reviewerId),
          assignmentScope(input.scope),
        ),
      )
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.status === "submitted" || current.status === "skipped") return { ok: false, reason: "closed" } as const;
    if (current.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;
    await tx
      .update(assignments)
      .set({
        status: "skipped",
        skipReason: input.reason,
        lockVersion: sql`${assignments.lockVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(assignments.id, input.assignmentId));
    // A draft started on it goes away with it; nothing was submitted.
    await tx
      .delete(evaluations)
      .where(and(eq(evaluations.assignmentId, input.assignmentId), eq(evaluations.status, "draft")));
    await recordAudit(
      {
        actorUserId: input.reviewerId,
        organizationId: null,
        action: "assignment.skip",
        entity: "assignment",
        entityId: input.assignmentId,
        details: { reason: input.reason },
      },
      tx,
    );
    return { ok: true } as const;
  });
}

export type ReassignResult =
  { ok: true } | { ok: false; reason: "not_found" | "conflict" | "closed" | "ineligible"; message?: string };

/** Active QA reviewers a lead in this scope may hand work to (vendor leads: their own organisation only). */
export async function listReviewersInScope(scope: Scope) {
  return db
    .select({
      id: users.id,
      name: users.name,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      kind: organizations.kind,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(users.active, true),
        inArray(users.role, ["qa_lead", "qa_specialist"]),
        scope.kind === "vendor" ? eq(users.organizationId, scope.organizationId) : undefined,
      ),
    )
    .orderBy(asc(organizations.kind), asc(users.name));
}

/** Users in scope who may take a given assignment: QA staff of its vendor or of the client, never its own agent. */
export async function listEligibleReviewers(scope: Scope, assignmentId: string) {
  if (!isUuid(assignmentId)) return [];
  const [target] = await db
    .select({ vendorId: assignments.vendorId, agentUserId: agents.userId })
    .from(assignments)
    .innerJoin(agents, eq(agents.id, assignments.agentId))
    .where(and(eq(assignments.id, assignmentId), assignmentScope(scope)));
  if (!target) return [];
  const candidates = await db
    .select({ id: users.id, name: users.name, organizationId: users.organizationId, kind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.active, true), inArray(users.role, ["qa_lead", "qa_specialist"])))
    .orderBy(asc(users.name));
  return candidates.filter(
    (u) =>
      u.id !== target.agentUserId &&
      (u.kind === "client" ? scope.kind === "client" : u.organizationId === target.vendorId),
  );
}

/** A lead moves an open assignment to another eligible reviewer; any draft stays with the assignment. */
export async function reassignAssignment(input: {
  scope: Scope;
  actorUserId: string;
  assignmentId: string;
  reviewerId: string;
  expectedLockVersion: number;
}): Promise<ReassignResult> {
  const eligible = await listEligibleReviewers(input.scope, input.assignmentId);
  if (eligible.length === 0) return { ok: false, reason: "not_found" };
  if (!eligible.some((u) => u.id === input.reviewerId)) {
    return {
      ok: false,
      reason: "ineligible",
      message: "That reviewer cannot take this interaction (other vendor, or their own agent record).",
    };
  }
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: assignments.status, lockVersion: assignments.lockVersion, reviewerId: assignments.reviewerId })
      .from(assignments)
      .where(and(eq(assignments.id, input.assignmentId), assignmentScope(input.scope)))
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.status === "submitted" || current.status === "skipped") return { ok: false, reason: "closed" } as const;
    if (current.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;
    await tx
      .update(assignments)
      .set({ reviewerId: input.reviewerId, lockVersion: sql`${assignments.lockVersion} + 1`, updatedAt: new Date() })
      .where(eq(assignments.id, input.assignmentId));
    await tx
      .update(evaluations)
      .set({ reviewerId: input.reviewerId, lockVersion: sql`${evaluations.lockVersion} + 1`, updatedAt: new Date() })
      .where(and(eq(evaluations.assignmentId, input.assignmentId), eq(evaluations.status, "draft")));
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: null,
        action: "assignment.reassign",
        entity: "assignment",
        entityId: input.assignmentId,
        details: { from: current.reviewerId, to: input.reviewerId },
      },
      tx,
    );
    return { ok: true } as const;
  });
}
