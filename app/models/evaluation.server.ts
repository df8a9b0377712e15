import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import { alias, type PgSelect } from "drizzle-orm/pg-core";
import { db } from "../../db/client.server";
import {
  agents,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import { isUuid } from "~/domain/ids";
import { takeKeysetPage } from "~/domain/keyset-page";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { afterInstantId, instantText } from "./keyset.server";
import { scopeFilter } from "./scope.server";

const evaluationScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId });
const reviewers = alias(users, "reviewers");

const listColumns = {
  id: evaluations.id,
  kind: evaluations.kind,
  status: evaluations.status,
  rawScore: evaluations.rawScore,
  finalScore: evaluations.finalScore,
  passed: evaluations.passed,
  criticalFailed: evaluations.criticalFailed,
  submittedAt: evaluations.submittedAt,
  interactionId: evaluations.interactionId,
  channel: interactions.channel,
  agentId: agents.id,
  agentName: agents.name,
  vendorName: organizations.name,
  reviewerName: reviewers.name,
  scorecardName: scorecards.name,
  scorecardSlug: scorecards.slug,
  versionNumber: scorecardVersions.number,
};

const detailColumns = {
  ...listColumns,
  lockVersion: evaluations.lockVersion,
  definition: scorecardVersions.definition,
  versionId: scorecardVersions.id,
};

/**
 * Submitted standard evaluations in the caller's scope, with what pages show beside them. Drafts and
 * calibration evaluations have their own pages and rules (blind scoring) and are never served here.
 */
function submittedInScope<Q extends PgSelect>(query: Q, scope: Scope, ...filters: (SQL | undefined)[]) {
  return query
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .innerJoin(organizations, eq(organizations.id, evaluations.vendorId))
    .innerJoin(reviewers, eq(reviewers.id, evaluations.reviewerId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(
      and(evaluationScope(scope), eq(evaluations.status, "submitted"), eq(evaluations.kind, "standard"), ...filters),
    );
}

/** Submitted standard evaluations visible to the caller, newest first. */
export async function listEvaluations(
  scope: Scope,
  filters: { agentId?: string; reviewerId?: string; interactionId?: string; limit?: number } = {},
) {
  return submittedInScope(
    db.select(listColumns).from(evaluations).$dynamic(),
    scope,
    filters.agentId ? eq(evaluations.agentId, filters.agentId) : undefined,
    filters.reviewerId ? eq(evaluations.reviewerId, filters.reviewerId) : undefined,
    filters.interactionId ? eq(evaluations.interactionId, filters.interactionId) : undefined,
  )
    .orderBy(desc(evaluations.submittedAt))
    .limit(filters.limit ?? 25);
}

/**
 * One page of an agent's submitted standard evaluations in scope, newest first in (submittedAt, id)
 * keyset order; `next` is the key the next page starts after (null on the last page).
 */
export async function listAgentEvaluations(
  scope: Scope,
  filters: { agentId: string; limit: number; after?: readonly [string, string] },
) {
  const rows = await submittedInScope(
    db
      .select({ ...listColumns, submittedAtText: instantText(evaluations.submittedAt) })
      .from(evaluations)
      .$dynamic(),
    scope,
    eq(evaluations.agentId, filters.agentId),
    afterInstantId(evaluations.submittedAt, evaluations.id, filters.after, "desc"),
  )
    .orderBy(desc(evaluations.submittedAt), desc(evaluations.id))
    .limit(filters.limit + 1);
  const page = takeKeysetPage(rows, filters.limit, (r) => [r.submittedAtText, r.id] as const);
  return { next: page.next, rows: page.rows.map(({ submittedAtText: _, ...row }) => row) };
}

/** A submitted standard evaluation with answers and its version's definition, or null when missing or out of scope. */
export async function getEvaluation(scope: Scope, evaluationId: string) {
  if (!isUuid(evaluationId)) return null;
  const [row] = await submittedInScope(
    db.select(detailColumns).from(evaluations).$dynamic(),
    scope,
    eq(evaluations.id, evaluationId),
  ).limit(1);
  if (!row) return null;
  const answers = await db
    .select({
      criterionKey: evaluationAnswers.criterionKey,
      value: evaluationAnswers.value,
      na: evaluationAnswers.na,
      met: evaluationAnswers.met,
      comment: evaluationAnswers.comment,
      rootCause: evaluationAnswers.rootCause,
    })
    .from(evaluationAnswers)
    .where(eq(evaluationAnswers.evaluationId, evaluationId))
    .orderBy(asc(evaluationAnswers.criterionKey));
  const revisions = await db
    .select({
      number: evaluationRevisions.number,
      kind: evaluationRevisions.kind,
      at: evaluationRevisions.at,
      reason: evaluationRevisions.reason,
      changes: evaluationRevisions.changes,
      finalScoreBefore: evaluationRevisions.finalScoreBefore,
      finalScoreAfter: evaluationRevisions.finalScoreAfter,
      actorName: users.name,
    })
    .from(evaluationRevisions)
    .innerJoin(users, eq(users.id, evaluationRevisions.actorUserId))
    .where(eq(evaluationRevisions.evaluationId, evaluationId))
    .orderBy(asc(evaluationRevisions.number));
  return { ...row, definition: row.definition as ScorecardDefinition, answers, revisions };
}
