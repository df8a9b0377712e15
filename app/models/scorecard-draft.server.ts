import { and, desc, eq, max, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { scorecardDrafts, scorecards, scorecardVersions, users } from "../../db/schema";
import type { Channel, ScorecardDefinition } from "~/domain/scorecard-definition";
import { blankDraft, normalizeDraftContent, type DraftContent } from "~/domain/scorecard-draft";
import {
  definitionToFileContent,
  serializeScorecardDefinition,
  validateScorecardContent,
  type ParseScorecardResult,
  type ScorecardFileError,
} from "~/domain/scorecard-file.server";
import { recordAudit } from "./audit.server";
import { contentHash, ensureScorecard, followNewestVersion } from "./scorecard-sync.server";

// Scorecards belong to the client; only client QA leads and admins reach these functions (scorecard:author).

export type DraftRow = {
  id: string;
  scorecardId: string | null;
  slug: string;
  content: DraftContent;
  lockVersion: number;
  basedOnVersion: number | null;
  updatedAt: Date;
  updatedByName: string;
};

const draftColumns = {
  id: scorecardDrafts.id,
  scorecardId: scorecardDrafts.scorecardId,
  content: scorecardDrafts.content,
  lockVersion: scorecardDrafts.lockVersion,
  basedOnVersion: scorecardVersions.number,
  updatedAt: scorecardDrafts.updatedAt,
  updatedByName: users.name,
  // A draft of an existing scorecard keeps that scorecard's slug, whatever its content says (validateDraft).
  scorecardSlug: scorecards.slug,
  // The number it would publish as now: another draft may have been published since this one started.
  nextVersion: sql<number>`(select coalesce(max(sv.number), 0) + 1 from scorecard_versions sv where sv.scorecard_id = ${scorecardDrafts.scorecardId})::int`,
};

function toDraftRow({
  scorecardSlug,
  nextVersion,
  ...row
}: {
  id: string;
  scorecardId: string | null;
  content: unknown;
  lockVersion: number;
  basedOnVersion: number | null;
  updatedAt: Date;
  updatedByName: string;
  scorecardSlug: string | null;
  nextVersion: number;
}): DraftRow {
  const content = { ...normalizeDraftContent(row.content), version: Number(nextVersion) };
  return { ...row, content, slug: scorecardSlug ?? content.scorecard };
}

export async function getDraft(id: string): Promise<DraftRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select(draftColumns)
    .from(scorecardDrafts)
    .innerJoin(users, eq(users.id, scorecardDrafts.updatedBy))
    .leftJoin(scorecards, eq(scorecards.id, scorecardDrafts.scorecardId))
    .leftJoin(scorecardVersions, eq(scorecardVersions.id, scorecardDrafts.basedOnVersionId))
    .where(eq(scorecardDrafts.id, id));
  return row ? toDraftRow(row) : null;
}

/** Drafts of one scorecard, or every draft (including drafts of new scorecards) when slug is omitted. */
export async function listDrafts(slug?: string): Promise<DraftRow[]> {
  const rows = await db
    .select(draftColumns)
    .from(scorecardDrafts)
    .innerJoin(users, eq(users.id, scorecardDrafts.updatedBy))
    .leftJoin(scorecards, eq(scorecards.id, scorecardDrafts.scorecardId))
    .leftJoin(scorecardVersions, eq(scorecardVersions.id, scorecardDrafts.basedOnVersionId))
    .where(
      slug === undefined
        ? undefined
        : sql`coalesce(${scorecards.slug}, ${scorecardDrafts.content}->>'scorecard') = ${slug}`,
    )
    .orderBy(desc(scorecardDrafts.updatedAt));
  return rows.map(toDraftRow);
}

async function nextVersionNumber(scorecardId: string | null, exec: Pick<typeof db, "select"> = db) {
  if (!scorecardId) return 1;
  const [row] = await exec
    .select({ n: max(scorecardVersions.number) })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.scorecardId, scorecardId));
  return (row?.n ?? 0) + 1;
}

/** A new draft holding a copy of a version; it will publish as the scorecard's next number. */
export async function createDraftFromVersion(versionId: string, userId: string): Promise<string | null> {
  const [version] = await db
    .select({
      id: scorecardVersions.id,
      scorecardId: scorecardVersions.scorecardId,
      definition: scorecardVersions.definition,
    })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.id, versionId));
  if (!version) return null;
  const content = definitionToFileContent(version.definition as ScorecardDefinition);
  content.version = await nextVersionNumber(version.scorecardId);
  return insertDraft({ scorecardId: version.scorecardId, basedOnVersionId: version.id, content }, userId, {
    basedOnVersionId: version.id,
  });
}

/**
 * A draft holding an uploaded file's content (possibly invalid: the editor shows its problems). It drafts
 * the next version of the scorecard its slug names, or a new scorecard when none has that slug.
 */
export async function createDraftFromFile(content: DraftContent, userId: string, file: string): Promise<string> {
  const [card] = await db.select({ id: scorecards.id }).from(scorecards).where(eq(scorecards.slug, content.scorecard));
  const scorecardId = card?.id ?? null;
  return insertDraft({ scorecardId, content: { ...content, version: await nextVersionNumber(scorecardId) } }, userId, {
    file,
  });
}

async function insertDraft(
  values: Pick<typeof scorecardDrafts.$inferInsert, "scorecardId" | "basedOnVersionId" | "content">,
  userId: string,
  details: Record<string, unknown>,
): Promise<string> {
  const [draft] = await db
    .insert(scorecardDrafts)
    .values({ ...values, createdBy: userId, updatedBy: userId })
    .returning({ id: scorecardDrafts.id });
  await recordAudit({
    actorUserId: userId,
    organizationId: null,
    action: "scorecard_draft.create",
    entity: "scorecard_draft",
    entityId: draft.id,
    details,
  });
  return draft.id;
}

export type NewScorecardInput = { slug: string; name: string; channel: Channel };

/** A draft of a scorecard that does not exist yet; refused when the slug is taken by a scorecard or a draft. */
export async function createDraftFromScratch(
  input: NewScorecardInput,
  userId: string,
): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  const [taken] = await db.select({ id: scorecards.id }).from(scorecards).where(eq(scorecards.slug, input.slug));
  if (taken) return { ok: false, message: `A scorecard with the slug "${input.slug}" already exists.` };
  const drafts = await listDrafts(input.slug);
  if (drafts.length > 0)
    return { ok: false, message: `A draft of a new scorecard "${input.slug}" already exists; open it instead.` };
  const content = blankDraft({ scorecard: input.slug, name: input.name, channel: input.channel });
  return { ok: true, id: await insertDraft({ content }, userId, { slug: input.slug }) };
}

/**
 * The draft's validation: the file schema, plus the rules that come from where the draft will go (its slug
 * is fixed once the scorecard exists; the version number is assigned at publish).
 */
export function validateDraft(draft: Pick<DraftRow, "scorecardId" | "slug">, content: unknown): ParseScorecardResult {
  const file = "draft";
  const result = validateScorecardContent(content, { file, checkLocation: false });
  const scorecard = (content as { scorecard?: unknown } | null)?.scorecard;
  if (draft.scorecardId && scorecard !== draft.slug) {
    const error: ScorecardFileError = {
      file,
      path: "scorecard",
      message: `a draft of "${draft.slug}" must keep its slug; start a draft from scratch for a new scorecard`,
    };
    return { ok: false, errors: [...(result.ok ? [] : result.errors), error] };
  }
  return result;
}

export type SaveResult =
  | { ok: true; lockVersion: number; updatedAt: Date }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; current: DraftRow };

/**
 * Saves the whole draft when nobody saved since the author loaded lockVersion; otherwise returns the stored
 * draft so the editor can show who changed it, never overwriting silently.
 */
export async function saveDraft(input: {
  id: string;
  lockVersion: number;
  content: DraftContent;
  userId: string;
}): Promise<SaveResult> {
  const [row] = await db
    .update(scorecardDrafts)
    .set({
      content: input.content,
      lockVersion: sql`${scorecardDrafts.lockVersion} + 1`,
      updatedBy: input.userId,
      updatedAt: new Date(),
    })
    .where(and(eq(scorecardDrafts.id, input.id), eq(scorecardDrafts.lockVersion, input.lockVersion)))
    .returning({ lockVersion: scorecardDrafts.lockVersion, updatedAt: scorecardDrafts.updatedAt });
  if (row) return { ok: true, ...row };
  const current = await getDraft(input.id);
  return current ? { ok: false, reason: "conflict", current } : { ok: false, reason: "not_found" };
}

export async function discardDraft(input: { id: string; lockVersion: number; userId: string }) {
  const [row] = await db
    .delete(scorecardDrafts)
    .where(and(eq(scorecardDrafts.id, input.id), eq(scorecardDrafts.lockVersion, input.lockVersion)))
    .returning({ id: scorecardDrafts.id, content: scorecardDrafts.content });
  if (!row) return false;
  await recordAudit({
    actorUserId: input.userId,
    organizationId: null,
    action: "scorecard_draft.discard",
    entity: "scorecard_draft",
    entityId: row.id,
    details: { content: row.content },
  });
  return true;
}

export type PublishResult =
  | { ok: true; slug: string; number: number }
  | { ok: false; reason: "not_found" | "conflict" }
  | { ok: false; reason: "invalid"; errors: ScorecardFileError[] };

/**
 * Publishes a clean draft as the scorecard's next version, stamped with who and when, and removes the
 * draft; the version is immutable from then on (app and database). Refused while the draft has errors.
 */
export async function publishDraft(input: { id: string; lockVersion: number; userId: string }): Promise<PublishResult> {
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [locked] = await tx
      .select({ id: scorecardDrafts.id, lockVersion: scorecardDrafts.lockVersion })
      .from(scorecardDrafts)
      .where(eq(scorecardDrafts.id, input.id))
      .for("update");
    if (!locked) return { ok: false, reason: "not_found" };
    if (locked.lockVersion !== input.lockVersion) return { ok: false, reason: "conflict" };
    const [draft] = await tx.select().from(scorecardDrafts).where(eq(scorecardDrafts.id, input.id));
    const content = normalizeDraftContent(draft.content);
    // Serialise publishes of one scorecard so two drafts cannot take the same number.
    const [card] = draft.scorecardId
      ? await tx
          .select({ slug: scorecards.slug })
          .from(scorecards)
          .where(eq(scorecards.id, draft.scorecardId))
          .for("update")
      : [];
    const number = await nextVersionNumber(draft.scorecardId, tx);
    const checked = validateDraft(
      { scorecardId: draft.scorecardId, slug: card?.slug ?? content.scorecard },
      { ...content, version: number },
    );
    if (!checked.ok) return { ok: false, reason: "invalid", errors: checked.errors };
    const definition = checked.definition;
    if (!draft.scorecardId) {
      const [taken] = await tx
        .select({ id: scorecards.id })
        .from(scorecards)
        .where(eq(scorecards.slug, definition.scorecard));
      if (taken)
        return {
          ok: false,
          reason: "invalid",
          errors: [
            { file: "draft", path: "scorecard", message: `a scorecard "${definition.scorecard}" exists already` },
          ],
        };
    }
    const scorecardId = draft.scorecardId ?? (await ensureScorecard(tx, definition));
    const [version] = await tx
      .insert(scorecardVersions)
      .values({
        scorecardId,
        number,
        definition,
        contentHash: contentHash(serializeScorecardDefinition(definition)),
        sourcePath: null,
        status: "published",
        publishedAt: new Date(),
        publishedBy: input.userId,
      })
      .returning({ id: scorecardVersions.id });
    await followNewestVersion(tx, scorecardId, definition);
    await tx.delete(scorecardDrafts).where(eq(scorecardDrafts.id, input.id));
    await recordAudit(
      {
        actorUserId: input.userId,
        organizationId: null,
        action: "scorecard.publish",
        entity: "scorecard_version",
        entityId: version.id,
        details: { slug: definition.scorecard, number, draftId: input.id },
      },
      tx,
    );
    return { ok: true, slug: definition.scorecard, number };
  });
}

/** Retire (no new assignments or calibrations; history intact) or reinstate a published version. */
export async function setVersionRetired(input: { versionId: string; retired: boolean; userId: string }) {
  const from = input.retired ? "published" : "retired";
  const [row] = await db
    .update(scorecardVersions)
    .set({ status: input.retired ? "retired" : "published" })
    .where(and(eq(scorecardVersions.id, input.versionId), eq(scorecardVersions.status, from)))
    .returning({ id: scorecardVersions.id });
  if (!row) return false;
  await recordAudit({
    actorUserId: input.userId,
    organizationId: null,
    action: input.retired ? "scorecard.retire" : "scorecard.reinstate",
    entity: "scorecard_version",
    entityId: row.id,
  });
  return true;
}
