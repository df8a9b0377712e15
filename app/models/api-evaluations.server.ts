import { and, desc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "../../db/client.server";
import {
  agents,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
} from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

const reviewers = alias(users, "reviewers");

/** Where the previous page ended: the last row's submission instant (to the microsecond) and id. */
export type EvaluationCursor = { submittedAt: string; id: string };

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeEvaluationCursor(cursor: EvaluationCursor): string {
  return Buffer.from(`${cursor.submittedAt}|${cursor.id}`).toString("base64url");
}

/** The cursor inside an opaque `nextCursor` string, or null when it is not one this API handed out. */
export function decodeEvaluationCursor(text: string): EvaluationCursor | null {
  const [submittedAt, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !submittedAt || !id) return null;
  if (!CURSOR_INSTANT.test(submittedAt) || Number.isNaN(Date.parse(submittedAt)) || !isUuid(id)) return null;
  return { submittedAt, id };
}

export type ApiEvaluationFilters = {
  /** Inclusive lower bound on submittedAt. */
  submittedFrom?: Date;
  /** Exclusive upper bound on submittedAt. */
  submittedBefore?: Date;
  vendorId?: string;
  agentId?: string;
  limit: number;
  after?: EvaluationCursor;
};

/**
 * One page of submitted standard evaluations in the caller's scope, for the JSON API: newest first,
 * ordered by (submittedAt, id) so keyset paging neither skips nor repeats rows when evaluations arrive
 * between pages. Filters only narrow the scope: a vendor's vendorId filter for another vendor finds nothing.
 */
export async function listApiEvaluations(scope: Scope, filters: ApiEvaluationFilters) {
  // Exact text of submittedAt (microseconds, UTC) for the cursor: a JS Date would round to milliseconds.
  const cursorInstant = sql<string>`to_char(${evaluations.submittedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const rows = await db
    .select({
      id: evaluations.id,
      submittedAt: evaluations.submittedAt,
      interactionId: evaluations.interactionId,
      interactionExternalId: interactions.externalId,
      channel: interactions.channel,
      vendorId: evaluations.vendorId,
      vendorName: organizations.name,
      teamId: interactions.teamId,
      teamName: teams.name,
      agentId: evaluations.agentId,
      agentExternalId: agents.externalId,
      agentName: agents.name,
      reviewerId: evaluations.reviewerId,
      reviewerName: reviewers.name,
      scorecardSlug: scorecards.slug,
      scorecardName: scorecards.name,
      scorecardVersion: scorecardVersions.number,
      rawScore: evaluations.rawScore,
      finalScore: evaluations.finalScore,
      passed: evaluations.passed,
      criticalFailed: evaluations.criticalFailed,
      acknowledgedAt: evaluations.acknowledgedAt,
      cursorInstant,
    })
    .from(evaluations)
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .innerJoin(teams, eq(teams.id, interactions.teamId))
    .innerJoin(agents, eq(agents.id, evaluations.agentId))
    .innerJoin(organizations, eq(organizations.id, evaluations.vendorId))
    .innerJoin(reviewers, eq(reviewers.id, evaluations.reviewerId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(
      and(
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        isNotNull(evaluations.submittedAt),
        filters.submittedFrom ? gte(evaluations.submittedAt, filters.submittedFrom) : undefined,
        filters.submittedBefore ? lt(evaluations.submittedAt, filters.submittedBefore) : undefined,
        filters.vendorId ? eq(evaluations.vendorId, filters.vendorId) : undefined,
        filters.agentId ? eq(evaluations.agentId, filters.agentId) : undefined,
        filters.after
          ? sql`(${evaluations.submittedAt}, ${evaluations.id}) < (${filters.after.submittedAt}::timestamptz, ${filters.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(evaluations.submittedAt), desc(evaluations.id))
    // One extra row tells whether there is a next page.
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > filters.limit && last
      ? encodeEvaluationCursor({ submittedAt: last.cursorInstant, id: last.id })
      : null;
  return { data: page.map(({ cursorInstant: _, ...row }) => row), nextCursor };
}
