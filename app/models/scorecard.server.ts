import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  assignments,
  calibrationParticipants,
  calibrationSessions,
  evaluations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { scopeFilter } from "./scope.server";

// Scorecards belong to the client. Client staff see every version; vendor staff (and agents) only the
// versions their own evaluations, assignments or calibration sessions use, so one vendor learns nothing of
// another's scorecards.

function visibleVersion(scope: Scope): SQL | undefined {
  if (scope.kind === "client") return undefined;
  const evaluated = db
    .select({ id: evaluations.scorecardVersionId })
    .from(evaluations)
    .where(scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }));
  const assigned = db
    .select({ id: assignments.scorecardVersionId })
    .from(assignments)
    .where(scopeFilter(scope, { vendorId: assignments.vendorId, agentId: assignments.agentId }));
  const sources = [inArray(scorecardVersions.id, evaluated), inArray(scorecardVersions.id, assigned)];
  // Vendor staff (not agents) also see the versions of calibration sessions their organisation takes part in.
  if (scope.agentId === null)
    sources.push(
      inArray(
        scorecardVersions.id,
        db
          .select({ id: calibrationSessions.scorecardVersionId })
          .from(calibrationSessions)
          .innerJoin(calibrationParticipants, eq(calibrationParticipants.sessionId, calibrationSessions.id))
          .where(eq(calibrationParticipants.organizationId, scope.vendorId)),
      ),
    );
  return or(...sources);
}

export async function listScorecards(scope: Scope) {
  const rows = await db
    .select({
      id: scorecards.id,
      slug: scorecards.slug,
      name: scorecards.name,
      channel: scorecards.channel,
      description: scorecards.description,
      versions: sql<number>`count(${scorecardVersions.id})::int`,
      latestVersion: sql<number>`max(${scorecardVersions.number})::int`,
    })
    .from(scorecards)
    .innerJoin(scorecardVersions, eq(scorecardVersions.scorecardId, scorecards.id))
    .where(and(ne(scorecardVersions.status, "draft"), visibleVersion(scope)))
    .groupBy(scorecards.id)
    .orderBy(asc(scorecards.name));
  return rows.map((r) => ({ ...r, versions: Number(r.versions), latestVersion: Number(r.latestVersion) }));
}

export async function getScorecardWithVersions(slug: string, scope: Scope) {
  const [card] = await db.select().from(scorecards).where(eq(scorecards.slug, slug)).limit(1);
  if (!card) return null;
  const versions = await db
    .select({
      id: scorecardVersions.id,
      number: scorecardVersions.number,
      status: scorecardVersions.status,
      publishedAt: scorecardVersions.publishedAt,
      publishedByName: users.name,
      sourcePath: scorecardVersions.sourcePath,
      evaluations: sql<number>`(select count(*)::int from ${evaluations} where ${evaluations.scorecardVersionId} = ${scorecardVersions.id} and ${evaluations.status} = 'submitted' and ${scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }) ?? sql`true`})`,
    })
    .from(scorecardVersions)
    .leftJoin(users, eq(users.id, scorecardVersions.publishedBy))
    .where(
      and(eq(scorecardVersions.scorecardId, card.id), ne(scorecardVersions.status, "draft"), visibleVersion(scope)),
    )
    .orderBy(desc(scorecardVersions.number));
  if (versions.length === 0) return null;
  return { ...card, versions: versions.map((v) => ({ ...v, evaluations: Number(v.evaluations) })) };
}

export async function getScorecardVersion(slug: string, number: number, scope: Scope) {
  if (!Number.isInteger(number)) return null;
  const [row] = await db
    .select({
      id: scorecardVersions.id,
      scorecardId: scorecardVersions.scorecardId,
      number: scorecardVersions.number,
      status: scorecardVersions.status,
      publishedAt: scorecardVersions.publishedAt,
      publishedByName: users.name,
      sourcePath: scorecardVersions.sourcePath,
      contentHash: scorecardVersions.contentHash,
      definition: scorecardVersions.definition,
      scorecardName: scorecards.name,
      scorecardSlug: scorecards.slug,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .leftJoin(users, eq(users.id, scorecardVersions.publishedBy))
    .where(
      and(
        eq(scorecards.slug, slug),
        eq(scorecardVersions.number, number),
        ne(scorecardVersions.status, "draft"),
        visibleVersion(scope),
      ),
    )
    .limit(1);
  return row ? { ...row, definition: row.definition as ScorecardDefinition } : null;
}
