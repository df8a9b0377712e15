/**
 * Scorecard authoring through the models: the database guard on published versions, drafts (copy, save
 * with optimistic locking, validation), publish, retire, and the export-import round trip. The routes and
 * permissions are in scorecard-authoring-routes.test.ts.
 *
 * Versions created with createScorecardVersion are factories.ts's scorecardYaml: one section "basics"
 * (weight 1) with greeting (binary, weight 1) and accuracy (5-point 1..5, weight 2).
 */
import crypto from "node:crypto";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { scorecardDrafts, scorecards, scorecardVersions, type User } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import type { SamplingRules } from "~/domain/sampling";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import type { DraftContent } from "~/domain/scorecard-draft";
import {
  definitionToFileContent,
  parseScorecardFile,
  serializeScorecardDefinition,
} from "~/domain/scorecard-file.server";
import { latestVersions } from "~/models/sampling-candidates.server";
import {
  createDraftFromScratch,
  createDraftFromVersion,
  getDraft,
  listDrafts,
  publishDraft,
  saveDraft,
  setVersionRetired,
  validateDraft,
  type DraftRow,
} from "~/models/scorecard-draft.server";
import { importScorecardVersion } from "~/models/scorecard-sync.server";
import { getScorecardVersion, getScorecardWithVersions, listScorecards } from "~/models/scorecard.server";
import { loader as exportLoader } from "~/routes/scorecards.$slug.v.$number[.]yaml";
import { context, createOrganization, createScorecardVersion, createUser, requestAs, unique } from "../factories";

let lead: User;
let otherLead: User;
let clientScope: Scope;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client", name: "Clientco Retail" });
  lead = await createUser({ organization: client, role: "qa_lead", name: "Lena Lead" });
  otherLead = await createUser({ organization: client, role: "admin", name: "Oskar Other-Author" });
  clientScope = { kind: "client", organizationId: client.id };
});

// ---------------------------------------------------------------------------------------------
// Helpers

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** drizzle wraps driver errors; the database's message is on the cause. */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(" | ");
  }
  return "no error";
}

async function versionRow(id: string) {
  const [row] = await db.select().from(scorecardVersions).where(eq(scorecardVersions.id, id));
  return row;
}

async function versionsOf(slug: string) {
  return db
    .select({
      id: scorecardVersions.id,
      number: scorecardVersions.number,
      status: scorecardVersions.status,
      definition: scorecardVersions.definition,
      publishedBy: scorecardVersions.publishedBy,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(eq(scorecards.slug, slug))
    .orderBy(asc(scorecardVersions.number));
}

async function scorecardRow(slug: string) {
  const [row] = await db.select().from(scorecards).where(eq(scorecards.slug, slug));
  return row ?? null;
}

/** A sampling plan's rules naming the scorecard for chat: latestVersions reads only `scorecards`. */
const rulesFor = (slug: string): SamplingRules => ({
  filters: {},
  strata: null,
  mustInclude: {},
  scorecards: { chat: slug },
});

const definitionOf = (version: { definition: unknown }) => version.definition as ScorecardDefinition;

async function draftFrom(versionId: string, user: User = lead): Promise<DraftRow> {
  const id = await createDraftFromVersion(versionId, user.id);
  if (!id) throw new Error("createDraftFromVersion returned null");
  const draft = await getDraft(id);
  if (!draft) throw new Error("the new draft cannot be read back");
  return draft;
}

/** Saves `change(content)` over the draft as loaded; returns the new lockVersion. */
async function edit(draft: DraftRow, change: (content: DraftContent) => void, user: User = lead): Promise<number> {
  const content = structuredClone(draft.content);
  change(content);
  const saved = await saveDraft({ id: draft.id, lockVersion: draft.lockVersion, content, userId: user.id });
  if (!saved.ok) throw new Error(`save failed: ${saved.reason}`);
  return saved.lockVersion;
}

// ---------------------------------------------------------------------------------------------

describe("the database keeps published versions immutable", () => {
  let version: Awaited<ReturnType<typeof versionRow>>;

  beforeAll(async () => {
    // Published through the editor, so published_by is set.
    const v1 = await createScorecardVersion();
    const draft = await draftFrom(v1.id);
    const published = await publishDraft({ id: draft.id, lockVersion: draft.lockVersion, userId: lead.id });
    if (!published.ok) throw new Error(JSON.stringify(published));
    const [row] = (await versionsOf(published.slug)).filter((v) => v.number === 2);
    version = await versionRow(row.id);
    expect(version.publishedBy).toBe(lead.id);
  });

  const updates: [string, (id: string) => SQL][] = [
    [
      "definition",
      (id) =>
        sql`update scorecard_versions set definition = jsonb_set(definition, '{passThreshold}', '1') where id = ${id}`,
    ],
    ["content_hash", (id) => sql`update scorecard_versions set content_hash = 'tampered' where id = ${id}`],
    [
      "published_by (another user)",
      (id) => sql`update scorecard_versions set published_by = ${otherLead.id} where id = ${id}`,
    ],
    ["published_by (cleared)", (id) => sql`update scorecard_versions set published_by = null where id = ${id}`],
    [
      "published_at",
      (id) => sql`update scorecard_versions set published_at = published_at - interval '1 day' where id = ${id}`,
    ],
    ["status back to draft", (id) => sql`update scorecard_versions set status = 'draft' where id = ${id}`],
    ["number", (id) => sql`update scorecard_versions set number = number + 100 where id = ${id}`],
  ];

  it.each(updates)("rejects a raw UPDATE of %s and leaves the row as it was", async (_, statement) => {
    const message = await failure(() => db.execute(statement(version.id)));
    expect(message).toMatch(/scorecard version .* is published and immutable/);
    expect(await versionRow(version.id)).toEqual(version);
  });

  it("rejects a DELETE of a published version", async () => {
    const message = await failure(() => db.execute(sql`delete from scorecard_versions where id = ${version.id}`));
    expect(message).toMatch(/is published and cannot be deleted/);
    expect(await versionRow(version.id)).toEqual(version);
  });

  it("refuses to delete a scorecard that has versions (foreign key restrict)", async () => {
    const message = await failure(() => db.execute(sql`delete from scorecards where id = ${version.scorecardId}`));
    expect(message).toMatch(
      /violates (RESTRICT setting of )?foreign key constraint "scorecard_versions_scorecard_id_scorecards_id_fk"/,
    );
    const [card] = await db.select().from(scorecards).where(eq(scorecards.id, version.scorecardId));
    expect(card).toBeDefined();
    expect(await versionRow(version.id)).toEqual(version);
  });

  it("allows published -> retired -> published, and a retired version is just as immutable", async () => {
    await db.execute(sql`update scorecard_versions set status = 'retired' where id = ${version.id}`);
    expect(await versionRow(version.id)).toEqual({ ...version, status: "retired" });

    const edit = await failure(() =>
      db.execute(sql`update scorecard_versions set content_hash = 'tampered' where id = ${version.id}`),
    );
    expect(edit).toMatch(/is retired and immutable/);
    const remove = await failure(() => db.execute(sql`delete from scorecard_versions where id = ${version.id}`));
    expect(remove).toMatch(/is retired and cannot be deleted/);
    const toDraft = await failure(() =>
      db.execute(sql`update scorecard_versions set status = 'draft' where id = ${version.id}`),
    );
    expect(toDraft).toMatch(/is retired and immutable/);

    await db.execute(sql`update scorecard_versions set status = 'published' where id = ${version.id}`);
    expect(await versionRow(version.id)).toEqual(version);
  });
});

describe("drafts", () => {
  it("copies a version's definition in file form, numbered after the scorecard's newest version", async () => {
    const v1 = await createScorecardVersion();
    const draft = await draftFrom(v1.id);
    expect(draft).toMatchObject({
      scorecardId: v1.scorecardId,
      slug: definitionOf(v1).scorecard,
      lockVersion: 1,
      basedOnVersion: 1,
      updatedByName: lead.name,
    });
    const [stored] = await db
      .select({ content: scorecardDrafts.content, basedOn: scorecardDrafts.basedOnVersionId })
      .from(scorecardDrafts)
      .where(eq(scorecardDrafts.id, draft.id));
    expect(stored.basedOn).toBe(v1.id);
    expect(stored.content).toEqual({ ...definitionToFileContent(definitionOf(v1)), version: 2 });
    expect(validateDraft(draft, draft.content)).toEqual({ ok: true, definition: { ...definitionOf(v1), version: 2 } });

    // Once v2 is published, another draft of v1 becomes v3: max + 1, not based-on + 1.
    expect(await publishDraft({ id: draft.id, lockVersion: 1, userId: lead.id })).toMatchObject({
      ok: true,
      number: 2,
    });
    const again = await draftFrom(v1.id);
    expect(again.content.version).toBe(3);
    expect(again.basedOnVersion).toBe(1);

    expect(await createDraftFromVersion(crypto.randomUUID(), lead.id)).toBeNull();
  });

  it("saves with the right lockVersion; a stale save gets the other author's draft and changes nothing", async () => {
    const v1 = await createScorecardVersion();
    const loaded = await draftFrom(v1.id); // both authors opened the editor at lockVersion 1

    const mine = structuredClone(loaded.content);
    mine.name = "Renamed by Lena";
    mine.sections[0].criteria[1].weight = 4;
    const saved = await saveDraft({ id: loaded.id, lockVersion: 1, content: mine, userId: lead.id });
    expect(saved).toMatchObject({ ok: true, lockVersion: 2 });

    const theirs = structuredClone(loaded.content);
    theirs.description = "Oskar's rewrite";
    const stale = await saveDraft({ id: loaded.id, lockVersion: 1, content: theirs, userId: otherLead.id });
    expect(stale).toMatchObject({ ok: false, reason: "conflict" });
    if (stale.ok || stale.reason !== "conflict") throw new Error("expected a conflict");
    expect(stale.current.content).toEqual(mine);
    expect(stale.current.updatedByName).toBe(lead.name);
    expect(stale.current.lockVersion).toBe(2);

    const stored = await getDraft(loaded.id);
    expect(stored?.content).toEqual(mine);
    expect(stored?.content.description).not.toBe("Oskar's rewrite");
    expect(stored?.lockVersion).toBe(2);
    expect(stored?.updatedByName).toBe(lead.name);

    // Saving over what is stored now works, and bumps again.
    expect(await saveDraft({ id: loaded.id, lockVersion: 2, content: theirs, userId: otherLead.id })).toMatchObject({
      ok: true,
      lockVersion: 3,
    });
    expect((await getDraft(loaded.id))?.updatedByName).toBe(otherLead.name);
    expect(await saveDraft({ id: crypto.randomUUID(), lockVersion: 1, content: theirs, userId: lead.id })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  const invalid: [string, (c: DraftContent) => void, string, string | RegExp][] = [
    [
      "a duplicate criterion key",
      (c) => void (c.sections[0].criteria[1].key = "greeting"),
      "sections[0].criteria[1].key",
      'duplicate criterion key "greeting": also used at sections[0].criteria[0].key',
    ],
    [
      "an empty section",
      (c) => void c.sections.push({ key: "empty", label: "Empty", weight: 1, criteria: [] }),
      "sections[1].criteria",
      "a section needs at least one criterion",
    ],
    ["zero total weight", (c) => void (c.sections[0].weight = 0), "sections", /^total weight is 0/],
    [
      "a critical criterion passing at the lowest value",
      (c) => void Object.assign(c.sections[0].criteria[1], { critical: "evaluation", pass_at: 1 }),
      "sections[0].criteria[1].pass_at",
      "a critical criterion must be able to fail, but pass_at 1 is the lowest value of the scale",
    ],
    ["a changed slug", (c) => void (c.scorecard = "some-other-card"), "scorecard", /must keep its slug/],
  ];

  it.each(invalid)("validateDraft locates %s", async (_, change, path, message) => {
    const v1 = await createScorecardVersion();
    const draft = await draftFrom(v1.id);
    expect(validateDraft(draft, draft.content).ok).toBe(true);
    const expected = {
      ok: false,
      errors: [
        { file: "draft", path, message: typeof message === "string" ? message : expect.stringMatching(message) },
      ],
    };
    // As the editor's save answers: the loaded draft against the content being saved.
    const content = structuredClone(draft.content);
    change(content);
    expect(validateDraft(draft, content)).toEqual(expected);
    // An invalid draft saves (the author keeps working); the editor's loader and publish read what is stored.
    const lockVersion = await edit(draft, change);
    const stored = await getDraft(draft.id);
    if (!stored) throw new Error("draft gone");
    expect(validateDraft(stored, stored.content)).toEqual(expected);
    // Still listed with its scorecard (even under a changed slug).
    expect((await listDrafts(definitionOf(v1).scorecard)).map((d) => d.id)).toEqual([draft.id]);
    expect(await publishDraft({ id: draft.id, lockVersion, userId: lead.id })).toEqual({
      ok: false,
      reason: "invalid",
      errors: expected.errors,
    });
    expect((await versionsOf(definitionOf(v1).scorecard)).map((v) => v.number)).toEqual([1]);
  });
});

describe("publishing a draft", () => {
  it("is refused while the draft is invalid: errors listed, nothing written, the draft kept", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const draft = await draftFrom(v1.id);
    const lockVersion = await edit(draft, (c) => {
      c.name = "Must not leak";
      c.sections[0].criteria[1].key = "greeting";
    });
    const before = { versions: await versionsOf(slug), card: await scorecardRow(slug) };

    const result = await publishDraft({ id: draft.id, lockVersion, userId: lead.id });
    expect(result).toEqual({
      ok: false,
      reason: "invalid",
      errors: [
        {
          file: "draft",
          path: "sections[0].criteria[1].key",
          message: 'duplicate criterion key "greeting": also used at sections[0].criteria[0].key',
        },
      ],
    });
    expect(await versionsOf(slug)).toEqual(before.versions);
    expect(await scorecardRow(slug)).toEqual(before.card);
    const kept = await getDraft(draft.id);
    expect(kept?.lockVersion).toBe(lockVersion);
    expect(kept?.content.name).toBe("Must not leak");

    // A publish from a stale editor is refused too.
    expect(await publishDraft({ id: draft.id, lockVersion: lockVersion - 1, userId: lead.id })).toEqual({
      ok: false,
      reason: "conflict",
    });
    expect(await versionsOf(slug)).toEqual(before.versions);
  });

  it("publishes a clean draft as version N+1, stamped and immutable, and removes the draft", async () => {
    const v1 = await createScorecardVersion();
    const original = definitionOf(v1);
    const slug = original.scorecard;
    expect((await latestVersions(db, rulesFor(slug))).get("chat")).toBe(v1.id);

    const draft = await draftFrom(v1.id);
    const lockVersion = await edit(draft, (c) => {
      c.name = "Chat QA, accuracy first";
      c.description = "Accuracy weighs three times the greeting.";
      c.sections[0].criteria[1].weight = 3;
    });
    const startedAt = Date.now();
    const result = await publishDraft({ id: draft.id, lockVersion, userId: lead.id });
    expect(result).toEqual({ ok: true, slug, number: 2 });

    const versions = await versionsOf(slug);
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
    const v2 = await versionRow(versions[1].id);
    const expected: ScorecardDefinition = {
      ...original,
      version: 2,
      name: "Chat QA, accuracy first",
      description: "Accuracy weighs three times the greeting.",
      sections: [
        {
          ...original.sections[0],
          criteria: [original.sections[0].criteria[0], { ...original.sections[0].criteria[1], weight: 3 }],
        },
      ],
    };
    expect(v2.definition).toEqual(expected);
    expect(v2.contentHash).toBe(sha256(serializeScorecardDefinition(expected)));
    expect(v2.publishedBy).toBe(lead.id);
    expect(v2.publishedAt).not.toBeNull();
    expect(v2.publishedAt!.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(v2.publishedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(v2.sourcePath).toBeNull();
    // v1 is untouched.
    expect(versions[0].definition).toEqual(original);

    expect(await getDraft(draft.id)).toBeNull();
    expect(await listDrafts(slug)).toEqual([]);
    expect(await scorecardRow(slug)).toMatchObject({
      name: "Chat QA, accuracy first",
      description: "Accuracy weighs three times the greeting.",
    });
    // New assignments use it.
    expect((await latestVersions(db, rulesFor(slug))).get("chat")).toBe(v2.id);
    expect(await getScorecardVersion(slug, 2, clientScope)).toMatchObject({
      id: v2.id,
      status: "published",
      publishedByName: lead.name,
      scorecardName: "Chat QA, accuracy first",
    });
  });

  it("never shows a draft among the published versions", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const draft = await draftFrom(v1.id);
    await edit(draft, (c) => void (c.name = "Draft-only name"));

    expect(await getScorecardVersion(slug, 2, clientScope)).toBeNull();
    const card = await getScorecardWithVersions(slug, clientScope);
    expect(card?.name).toBe(definitionOf(v1).name);
    expect(card?.versions.map((v) => v.number)).toEqual([1]);
    const listed = (await listScorecards(clientScope)).find((c) => c.slug === slug);
    expect(listed).toMatchObject({ name: definitionOf(v1).name, versions: 1, latestVersion: 1 });
    expect((await latestVersions(db, rulesFor(slug))).get("chat")).toBe(v1.id);

    // A draft of a new scorecard creates nothing visible either.
    const fresh = unique("unseen");
    expect(await createDraftFromScratch({ slug: fresh, name: "Unseen", channel: "chat" }, lead.id)).toMatchObject({
      ok: true,
    });
    expect((await listScorecards(clientScope)).map((c) => c.slug)).not.toContain(fresh);
    expect(await getScorecardWithVersions(fresh, clientScope)).toBeNull();
    expect(await getScorecardVersion(fresh, 1, clientScope)).toBeNull();
    expect(await scorecardRow(fresh)).toBeNull();
  });

  it("publishes two drafts of one scorecard as N+1 and N+2, in publish order", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const first = await draftFrom(v1.id, lead);
    const second = await draftFrom(v1.id, otherLead);
    expect([first.content.version, second.content.version]).toEqual([2, 2]);
    const secondLock = await edit(second, (c) => void (c.name = "Second draft's name"), otherLead);

    expect(await publishDraft({ id: first.id, lockVersion: first.lockVersion, userId: lead.id })).toEqual({
      ok: true,
      slug,
      number: 2,
    });
    // The second draft now reads as the next number, v3, not the v2 it started as.
    expect((await getDraft(second.id))?.content.version).toBe(3);
    expect((await listDrafts(slug)).map((d) => d.content.version)).toEqual([3]);
    expect(await publishDraft({ id: second.id, lockVersion: secondLock, userId: otherLead.id })).toEqual({
      ok: true,
      slug,
      number: 3,
    });

    const versions = await versionsOf(slug);
    expect(versions.map((v) => [v.number, definitionOf(v).version, v.publishedBy])).toEqual([
      [1, 1, null],
      [2, 2, lead.id],
      [3, 3, otherLead.id],
    ]);
    expect(definitionOf(versions[2]).name).toBe("Second draft's name");
    expect((await scorecardRow(slug))?.name).toBe("Second draft's name");
    expect(await listDrafts(slug)).toEqual([]);
  });

  it("publishes a draft from scratch, once filled in, as v1 of a new scorecard; a taken slug is refused", async () => {
    const slug = unique("fresh");
    const created = await createDraftFromScratch({ slug, name: "Email care", channel: "email" }, lead.id);
    if (!created.ok) throw new Error(created.message);
    const blank = await getDraft(created.id);
    if (!blank) throw new Error("draft gone");
    expect(blank).toMatchObject({ scorecardId: null, basedOnVersion: null, slug, lockVersion: 1 });
    expect(blank.content.version).toBe(1);

    // One draft per new slug.
    const twice = await createDraftFromScratch({ slug, name: "Email care again", channel: "email" }, otherLead.id);
    expect(twice).toEqual({
      ok: false,
      message: `A draft of a new scorecard "${slug}" already exists; open it instead.`,
    });
    expect(await listDrafts(slug)).toHaveLength(1);

    // The blank draft has empty labels: refused, and no scorecard row appears.
    const refused = await publishDraft({ id: blank.id, lockVersion: 1, userId: lead.id });
    expect(refused.ok).toBe(false);
    if (refused.ok || refused.reason !== "invalid") throw new Error(`expected invalid: ${JSON.stringify(refused)}`);
    expect(refused.errors.map((e) => e.path).sort()).toEqual([
      "sections[0].criteria[0].guideline",
      "sections[0].criteria[0].label",
      "sections[0].label",
    ]);
    expect(await scorecardRow(slug)).toBeNull();

    const lockVersion = await edit(blank, (c) => {
      c.sections[0].label = "Tone";
      c.sections[0].criteria[0].label = "Polite throughout";
      c.sections[0].criteria[0].guideline = "No sarcasm, no blame.";
    });
    expect(await publishDraft({ id: blank.id, lockVersion, userId: lead.id })).toEqual({ ok: true, slug, number: 1 });

    expect(await scorecardRow(slug)).toMatchObject({ slug, name: "Email care", channel: "email" });
    const versions = await versionsOf(slug);
    expect(versions.map((v) => [v.number, v.status, v.publishedBy])).toEqual([[1, "published", lead.id]]);
    expect(definitionOf(versions[0])).toMatchObject({
      scorecard: slug,
      version: 1,
      channel: "email",
      passThreshold: 80,
      sections: [
        { key: "section_1", label: "Tone", weight: 1, criteria: [{ key: "section_1_1", label: "Polite throughout" }] },
      ],
    });
    expect(await getDraft(blank.id)).toBeNull();
    expect(await getScorecardVersion(slug, 1, clientScope)).not.toBeNull();

    expect(await createDraftFromScratch({ slug, name: "Email care", channel: "email" }, lead.id)).toEqual({
      ok: false,
      message: `A scorecard with the slug "${slug}" already exists.`,
    });
    expect(await listDrafts(slug)).toEqual([]);
  });
});

describe("retiring a version", () => {
  it("stops new assignments using it (the previous published version takes over) until reinstated", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const draft = await draftFrom(v1.id);
    const published = await publishDraft({ id: draft.id, lockVersion: 1, userId: lead.id });
    expect(published).toMatchObject({ ok: true, number: 2 });
    const v2 = (await versionsOf(slug))[1];
    const latest = async () => (await latestVersions(db, rulesFor(slug))).get("chat");
    expect(await latest()).toBe(v2.id);

    expect(await setVersionRetired({ versionId: v2.id, retired: true, userId: lead.id })).toBe(true);
    expect(await latest()).toBe(v1.id);
    expect(await setVersionRetired({ versionId: v2.id, retired: true, userId: lead.id })).toBe(false);
    // History stays: the version is still listed and readable, as retired.
    expect((await getScorecardWithVersions(slug, clientScope))?.versions.map((v) => [v.number, v.status])).toEqual([
      [2, "retired"],
      [1, "published"],
    ]);
    expect((await getScorecardVersion(slug, 2, clientScope))?.status).toBe("retired");

    // With every version retired there is nothing to assign.
    expect(await setVersionRetired({ versionId: v1.id, retired: true, userId: lead.id })).toBe(true);
    expect(await latest()).toBeUndefined();

    expect(await setVersionRetired({ versionId: v2.id, retired: false, userId: lead.id })).toBe(true);
    expect(await latest()).toBe(v2.id);
    expect(await setVersionRetired({ versionId: v2.id, retired: false, userId: lead.id })).toBe(false);
    expect(await setVersionRetired({ versionId: v1.id, retired: false, userId: lead.id })).toBe(true);
    expect((await versionsOf(slug)).map((v) => [v.number, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
    expect(await latest()).toBe(v2.id);
    expect((await versionsOf(slug))[1].definition).toEqual(v2.definition);
  });
});

describe("export and import round trip", () => {
  async function exported(slug: string, number: number): Promise<string> {
    const response = (await exportLoader({
      request: await requestAs(lead, `/scorecards/${slug}/v/${number}.yaml`),
      params: { slug, number: String(number) },
      context: context(),
    })) as Response;
    expect(response.status).toBe(200);
    return response.text();
  }

  const upload = (name: string, text: string) =>
    importScorecardVersion(parseScorecardFile(name, text, { checkLocation: false }), text, {
      file: name,
      publishedBy: lead.id,
      sourcePath: `uploaded: ${name}`,
    });

  it("imports an exported version back as unchanged, whether it came from a file or the editor", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const draft = await draftFrom(v1.id);
    await publishDraft({ id: draft.id, lockVersion: 1, userId: lead.id });

    for (const number of [1, 2]) {
      const text = await exported(slug, number);
      const stored = (await versionsOf(slug))[number - 1];
      expect(text).toBe(serializeScorecardDefinition(definitionOf(stored)));
      expect(await upload(`${slug}-v${number}.yaml`, text)).toEqual({ kind: "unchanged", slug, version: number });
      // Layout and comments are not content.
      expect(await upload("commented.yaml", `# exported for review\n${text}`)).toEqual({
        kind: "unchanged",
        slug,
        version: number,
      });
    }
    expect((await versionsOf(slug)).map((v) => v.number)).toEqual([1, 2]);
  });

  it("imports the exported text under a new version number as that version, identical but for the number", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const text = await exported(slug, 1);
    const renumbered = text.replace(/^version: 1$/m, "version: 5");
    expect(renumbered).not.toBe(text);

    expect(await upload("renumbered.yaml", renumbered)).toEqual({ kind: "imported", slug, version: 5 });
    const versions = await versionsOf(slug);
    expect(versions.map((v) => v.number)).toEqual([1, 5]);
    const v5 = await versionRow(versions[1].id);
    expect(v5.definition).toEqual({ ...definitionOf(v1), version: 5 });
    expect(v5).toMatchObject({ status: "published", publishedBy: lead.id, sourcePath: "uploaded: renumbered.yaml" });
    expect(v5.contentHash).toBe(sha256(renumbered));
    expect(await upload("renumbered.yaml", renumbered)).toEqual({ kind: "unchanged", slug, version: 5 });
  });

  it("refuses altered content under an existing version number and writes nothing", async () => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const text = await exported(slug, 1);
    const altered = text.replace(/^pass_threshold: 80$/m, "pass_threshold: 70");
    expect(altered).not.toBe(text);
    const before = await versionsOf(slug);

    const outcome = await upload("altered.yaml", altered);
    expect(outcome).toEqual({
      kind: "refused",
      errors: [
        {
          file: "altered.yaml",
          path: "(file)",
          message: expect.stringMatching(
            new RegExp(
              `^version 1 of "${slug}" is already published with different content; published versions are immutable`,
            ),
          ),
        },
      ],
    });
    expect(await versionsOf(slug)).toEqual(before);
    expect(await versionRow(v1.id)).toEqual(v1);
  });

  it.each([
    [
      "a word for a number",
      (t: string) => t.replace(/^pass_threshold: 80$/m, "pass_threshold: high"),
      "pass_threshold",
      'expected a number, got "high"',
    ],
    [
      "a duplicate key",
      (t: string) => t.replace("- key: accuracy", "- key: greeting"),
      "sections[0].criteria[1].key",
      'duplicate criterion key "greeting": also used at sections[0].criteria[0].key',
    ],
    [
      "broken YAML",
      (t: string) => t.replace("sections:", "sections: [unclosed"),
      "",
      /^invalid YAML at line \d+, column \d+/,
    ],
  ])("refuses an invalid file (%s) with located errors and writes nothing", async (_, change, path, message) => {
    const v1 = await createScorecardVersion();
    const slug = definitionOf(v1).scorecard;
    const text = change((await exported(slug, 1)).replace(/^version: 1$/m, "version: 2"));
    const before = await versionsOf(slug);

    const outcome = await upload("broken.yaml", text);
    expect(outcome.kind).toBe("refused");
    if (outcome.kind !== "refused") throw new Error("expected a refusal");
    expect(outcome.errors).toContainEqual({
      file: "broken.yaml",
      path,
      message: typeof message === "string" ? message : expect.stringMatching(message),
    });
    expect(await versionsOf(slug)).toEqual(before);
  });

  it("refuses an invalid file for a new scorecard without creating the scorecard", async () => {
    const slug = unique("never");
    const valid = serializeScorecardDefinition({ ...definitionOf(await createScorecardVersion()), scorecard: slug });
    const text = valid.replace(/^channel: chat$/m, "channel: fax");
    expect(text).not.toBe(valid);
    const outcome = await upload("fax.yaml", text);
    expect(outcome).toEqual({
      kind: "refused",
      errors: [{ file: "fax.yaml", path: "channel", message: 'expected one of call, chat, email, any, got "fax"' }],
    });
    expect(await scorecardRow(slug)).toBeNull();
    expect(
      await db
        .select({ id: scorecardVersions.id })
        .from(scorecardVersions)
        .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
        .where(eq(scorecards.slug, slug)),
    ).toEqual([]);
  });
});
