import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Database } from "../../db/client.server";
import {
  agents,
  disputeItems,
  disputes,
  evaluationAnswers,
  evaluations,
  organizations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import { takeKeysetPage } from "~/domain/keyset-page";
import { computeDisputeWindow, daysBetween, parseDisputeWindowDays } from "~/domain/dispute-window";
import type { DisputeStatus } from "~/domain/dispute-status";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { afterInstantId, instantText } from "./keyset.server";
import { scopeFilter } from "./scope.server";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Exec = Database | Tx;

/** The configured default window (env DISPUTE_WINDOW_DAYS); a bad value fails loudly rather than guessing. */
export function getDefaultDisputeWindowDays(env: NodeJS.ProcessEnv = process.env): number {
  return parseDisputeWindowDays(env.DISPUTE_WINDOW_DAYS);
}

/** An evaluation's dispute window: its scorecard version's own length when set, else the configured default. */
export function getDisputeWindow(
  evaluation: { submittedAt: Date; definition: ScorecardDefinition },
  now = new Date(),
  defaultDays = getDefaultDisputeWindowDays(),
) {
  return computeDisputeWindow({
    submittedAt: evaluation.submittedAt,
    now,
    defaultDays,
    versionDays: evaluation.definition.disputeWindowDays,
  });
}

/** Disputes the caller may see: their vendor's, or for an agent-role user only those on their own evaluations. */
export const disputeScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: disputes.vendorId, agentId: evaluations.agentId });

/**
 * A submitted standard evaluation in scope with what disputes need (definition, current answers), or null.
 * Takes a transaction too, so a resolution reads what it then changes.
 */
export async function loadEvaluationForDispute(exec: Exec, scope: Scope, evaluationId: string) {
  if (!isUuid(evaluationId)) return null;
  const [row] = await exec
    .select({
      id: evaluations.id,
      vendorId: evaluations.vendorId,
      agentId: evaluations.agentId,
      reviewerId: evaluations.reviewerId,
      submittedAt: evaluations.submittedAt,
      lockVersion: evaluations.lockVersion,
      definition: scorecardVersions.definition,
    })
    .from(evaluations)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .where(
      and(
        eq(evaluations.id, evaluationId),
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .limit(1);
  if (!row || !row.submittedAt) return null;
  const answers = await selectAnswers(exec, evaluationId);
  return { ...row, submittedAt: row.submittedAt, definition: row.definition as ScorecardDefinition, answers };
}

function selectAnswers(exec: Exec, evaluationId: string) {
  return exec
    .select({
      criterionKey: evaluationAnswers.criterionKey,
      value: evaluationAnswers.value,
      na: evaluationAnswers.na,
      comment: evaluationAnswers.comment,
      rootCause: evaluationAnswers.rootCause,
    })
    .from(evaluationAnswers)
    .where(eq(evaluationAnswers.evaluationId, evaluationId));
}

/** Answer values by criterion key: a number, "na", or null (unanswered). */
export function currentValues(answers: { criterionKey: string; value: number | null; na: boolean }[]) {
  return Object.fromEntries(answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
}

const raisers = alias(users, "raisers");
const resolvers = alias(users, "resolvers");
const reviewers = alias(users, "reviewers");

const itemCount = sql<number>`(select count(*)::int from ${disputeItems} where ${disputeItems.disputeId} = ${disputes.id})`;

/**
 * One page of the disputes in scope, with what the queue shows; open ones oldest first (most urgent),
 * others newest first, in (raisedAt, id) keyset order. `next` is the key after which the next page starts
 * (null on the last page).
 */
export async function listDisputes(
  scope: Scope,
  filters: { status?: DisputeStatus; limit: number; after?: readonly [string, string]; now?: Date },
) {
  const now = filters.now ?? new Date();
  const direction = filters.status === "open" ? "asc" : "desc";
  const order = direction === "asc" ? asc : desc;
  const rows = await db
    .select({
      id: disputes.id,
      status: disputes.status,
      raisedAt: disputes.raisedAt,
      raisedAtText: instantText(disputes.raisedAt),
      resolvedAt: disputes.resolvedAt,
      evaluationId: disputes.evaluationId,
      agentName: agents.name,
      vendorName: organizations.name,
      raisedByName: raisers.name,
      reviewerId: evaluations.reviewerId,
      reviewerName: reviewers.name,
      finalScore: evaluations.finalScore,
      itemCount,
    })
    .from(disputes)
    .innerJoin(evaluations, eq(evaluations.id, disputes.evaluationId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .innerJoin(organizations, eq(organizations.id, disputes.vendorId))
    .innerJoin(raisers, eq(raisers.id, disputes.raisedBy))
    .innerJoin(reviewers, eq(reviewers.id, evaluations.reviewerId))
    .where(
      and(
        disputeScope(scope),
        filters.status ? eq(disputes.status, filters.status) : undefined,
        afterInstantId(disputes.raisedAt, disputes.id, filters.after, direction),
      ),
    )
    .orderBy(order(disputes.raisedAt), order(disputes.id))
    .limit(filters.limit + 1);
  const page = takeKeysetPage(rows, filters.limit, (r) => [r.raisedAtText, r.id] as const);
  return {
    next: page.next,
    rows: page.rows.map(({ raisedAtText: _, ...r }) => ({
      ...r,
      itemCount: Number(r.itemCount),
      // Days open so far, or days it took to resolve.
      ageDays: daysBetween(r.raisedAt, r.resolvedAt ?? now),
    })),
  };
}

/** Disputes of one evaluation (the caller has already checked the evaluation is in scope), newest first. */
export async function listDisputesForEvaluation(scope: Scope, evaluationId: string) {
  if (!isUuid(evaluationId)) return [];
  const rows = await db
    .select({
      id: disputes.id,
      status: disputes.status,
      raisedAt: disputes.raisedAt,
      resolvedAt: disputes.resolvedAt,
      raisedByName: raisers.name,
      resolverName: resolvers.name,
      reason: disputes.reason,
      resolutionNote: disputes.resolutionNote,
      itemCount,
    })
    .from(disputes)
    .innerJoin(evaluations, eq(evaluations.id, disputes.evaluationId))
    .innerJoin(raisers, eq(raisers.id, disputes.raisedBy))
    .leftJoin(resolvers, eq(resolvers.id, disputes.resolverId))
    .where(and(eq(disputes.evaluationId, evaluationId), disputeScope(scope)))
    .orderBy(desc(disputes.raisedAt));
  return rows.map((r) => ({ ...r, itemCount: Number(r.itemCount) }));
}

/** One dispute in scope with its items, the evaluation's current answers and definition, or null. */
export async function getDispute(scope: Scope, disputeId: string) {
  if (!isUuid(disputeId)) return null;
  const [row] = await db
    .select({
      id: disputes.id,
      status: disputes.status,
      reason: disputes.reason,
      raisedAt: disputes.raisedAt,
      resolvedAt: disputes.resolvedAt,
      resolutionNote: disputes.resolutionNote,
      lockVersion: disputes.lockVersion,
      raisedByName: raisers.name,
      resolverName: resolvers.name,
      evaluationId: evaluations.id,
      agentId: evaluations.agentId,
      agentName: agents.name,
      vendorName: organizations.name,
      reviewerId: evaluations.reviewerId,
      reviewerName: reviewers.name,
      finalScore: evaluations.finalScore,
      passed: evaluations.passed,
      submittedAt: evaluations.submittedAt,
      scorecardName: scorecards.name,
      versionNumber: scorecardVersions.number,
      definition: scorecardVersions.definition,
    })
    .from(disputes)
    .innerJoin(evaluations, eq(evaluations.id, disputes.evaluationId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .innerJoin(organizations, eq(organizations.id, disputes.vendorId))
    .innerJoin(raisers, eq(raisers.id, disputes.raisedBy))
    .leftJoin(resolvers, eq(resolvers.id, disputes.resolverId))
    .innerJoin(reviewers, eq(reviewers.id, evaluations.reviewerId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(eq(disputes.id, disputeId), disputeScope(scope)))
    .limit(1);
  if (!row) return null;
  const [items, answers] = await Promise.all([
    db
      .select({
        criterionKey: disputeItems.criterionKey,
        proposedValue: disputeItems.proposedValue,
        proposedNa: disputeItems.proposedNa,
        accepted: disputeItems.accepted,
      })
      .from(disputeItems)
      .where(eq(disputeItems.disputeId, row.id)),
    selectAnswers(db, row.evaluationId),
  ]);
  const definition = row.definition as ScorecardDefinition;
  // Items in scorecard order, as the resolver reads the evaluation.
  const order = definition.sections.flatMap((s) => s.criteria.map((c) => c.key));
  items.sort((a, b) => order.indexOf(a.criterionKey) - order.indexOf(b.criterionKey));
  return { ...row, definition, items, answers };
}

/**
 * What the evaluation page needs beyond the evaluation itself to offer acknowledge, dispute and re-score:
 * who reviewed it, when it was acknowledged, its disputes. Null when missing or out of scope.
 */
export async function getEvaluationFollowUp(scope: Scope, evaluationId: string) {
  if (!isUuid(evaluationId)) return null;
  const [row] = await db
    .select({
      reviewerId: evaluations.reviewerId,
      acknowledgedAt: evaluations.acknowledgedAt,
      submittedAt: evaluations.submittedAt,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.id, evaluationId),
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    );
  if (!row?.submittedAt) return null;
  return { ...row, submittedAt: row.submittedAt, disputes: await listDisputesForEvaluation(scope, evaluationId) };
}
