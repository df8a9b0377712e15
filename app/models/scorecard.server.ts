import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluations, scorecards, scorecardVersions } from "../../db/schema";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";

// Scorecards belong to the client and are readable by every organisation's staff: vendors score against them.

export async function listScorecards() {
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
    .leftJoin(scorecardVersions, eq(scorecardVersions.scorecardId, scorecards.id))
    .groupBy(scorecards.id)
    .orderBy(asc(scorecards.name));
  return rows.map((r) => ({ ...r, versions: Number(r.versions), latestVersion: Number(r.latestVersion) }));
}

export async function getScorecardWithVersions(slug: string) {
  const [card] = await db.select().from(scorecards).where(eq(scorecards.slug, slug)).limit(1);
  if (!card) return null;
  const versions = await db
    .select({
      id: scorecardVersions.id,
      number: scorecardVersions.number,
      status: scorecardVersions.status,
      publishedAt: scorecardVersions.publishedAt,
      sourcePath: scorecardVersions.sourcePath,
      evaluations: sql<number>`(select count(*)::int from ${evaluations} where ${evaluations.scorecardVersionId} = ${scorecardVersions.id} and ${evaluations.status} = 'submitted')`,
    })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.scorecardId, card.id))
    .orderBy(desc(scorecardVersions.number));
  return { ...card, versions: versions.map((v) => ({ ...v, evaluations: Number(v.evaluations) })) };
}

export async function getScorecardVersion(slug: string, number: number) {
  if (!Number.isInteger(number)) return null;
  const [row] = await db
    .select({
      id: scorecardVersions.id,
      number: scorecardVersions.number,
      status: scorecardVersions.status,
      publishedAt: scorecardVersions.publishedAt,
      sourcePath: scorecardVersions.sourcePath,
      contentHash: scorecardVersions.contentHash,
      definition: scorecardVersions.definition,
      scorecardName: scorecards.name,
      scorecardSlug: scorecards.slug,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(eq(scorecards.slug, slug), eq(scorecardVersions.number, number)))
    .limit(1);
  return row ? { ...row, definition: row.definition as ScorecardDefinition } : null;
}
