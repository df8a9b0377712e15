/**
 * Scorecard authoring through the routes, with real sessions: who may author, the editor's save / publish /
 * discard, the what-if, the new-scorecard and import pages, the scorecard page's draft / retire actions, and
 * what vendor users may see of scorecard versions. The models alone are in scorecard-authoring.test.ts.
 *
 * Versions created with createScorecardVersion are factories.ts's scorecardYaml: one section "basics"
 * (weight 1) with greeting (binary 0/1, weight 1) and accuracy (5-point 1..5, weight 2), pass at 80.
 */
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  assignments,
  evaluationAnswers,
  evaluations,
  scorecards,
  scorecardVersions,
  type Agent,
  type Organization,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import type { DraftContent } from "~/domain/scorecard-draft";
import { parseScorecardFile } from "~/domain/scorecard-file.server";
import { createDraftFromVersion, getDraft, listDrafts, saveDraft } from "~/models/scorecard-draft.server";
import { importScorecardVersion } from "~/models/scorecard-sync.server";
import { getScorecardVersion, getScorecardWithVersions, listScorecards } from "~/models/scorecard.server";
import { action as scorecardAction } from "~/routes/scorecards.$slug._index";
import { loader as versionLoader } from "~/routes/scorecards.$slug.v.$number";
import { loader as exportLoader } from "~/routes/scorecards.$slug.v.$number[.]yaml";
import { action as draftAction, loader as draftLoader } from "~/routes/scorecards.drafts.$draftId";
import { loader as whatIfLoader } from "~/routes/scorecards.drafts.$draftId_.what-if";
import { action as importAction, loader as importLoader } from "~/routes/scorecards.import";
import { action as newAction, loader as newLoader } from "~/routes/scorecards.new";
import {
  BASE_URL,
  context,
  createAgent,
  createCalibrationSession,
  createEvaluation,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  scorecardYaml,
  signIn,
  unique,
} from "../factories";
import { get, getJson, post, respond } from "./calibration-fixtures";

const VENDOR_A = "Alpha Vendor Ltd";
const VENDOR_B = "Bravo Vendor Ltd";

let vendorA: Organization;
let vendorB: Organization;
let clientLead: User;
let clientAdmin: User;
let clientSpecialist: User;
let vendorALead: User;
let vendorBLead: User;
let agentA: Agent;
let agentB: Agent;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client", name: "Clientco Retail" });
  vendorA = await createOrganization({ kind: "vendor", name: VENDOR_A });
  vendorB = await createOrganization({ kind: "vendor", name: VENDOR_B });
  clientLead = await createUser({ organization: client, role: "qa_lead", name: "Lena Client-Lead" });
  clientAdmin = await createUser({ organization: client, role: "admin", name: "Oskar Client-Admin" });
  clientSpecialist = await createUser({ organization: client, role: "qa_specialist", name: "Sam Client-Specialist" });
  vendorALead = await createUser({ organization: vendorA, role: "qa_lead", name: "Vera Alpha-Lead" });
  vendorBLead = await createUser({ organization: vendorB, role: "qa_lead", name: "Bob Bravo-Lead" });
  agentA = await createAgent({ team: await createTeam({ vendor: vendorA }) });
  agentB = await createAgent({ team: await createTeam({ vendor: vendorB }) });
});

// ---------------------------------------------------------------------------------------------
// Helpers

const slugOf = (version: ScorecardVersion) => (version.definition as ScorecardDefinition).scorecard;
const draftPath = (id: string) => `/scorecards/drafts/${id}`;

async function newDraft(version: ScorecardVersion) {
  const id = await createDraftFromVersion(version.id, clientLead.id);
  const draft = id ? await getDraft(id) : null;
  if (!draft) throw new Error("no draft");
  return draft;
}

const saveFields = (lockVersion: number, content: DraftContent): [string, string][] => [
  ["intent", "save"],
  ["lockVersion", String(lockVersion)],
  ["content", JSON.stringify(content)],
];
const plainFields = (intent: "publish" | "discard", lockVersion: number): [string, string][] => [
  ["intent", intent],
  ["lockVersion", String(lockVersion)],
];

const editorPost = (user: User, id: string, fields: [string, string][]) =>
  post(draftAction, user, draftPath(id), { draftId: id }, fields);

/** The import page's multipart upload (field "file"). */
async function upload(user: User, name: string, text: string, intent?: "draft"): Promise<Response> {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "application/yaml" }));
  if (intent) form.set("intent", intent);
  const request = new Request(new URL("/scorecards/import", BASE_URL), {
    method: "POST",
    headers: { Cookie: (await signIn(user)).cookie },
    body: form,
  });
  return respond(() => importAction({ request, params: {}, context: context() }));
}

async function exported(user: User, slug: string, number: number): Promise<Response> {
  return get(exportLoader, user, `/scorecards/${slug}/v/${number}.yaml`, { slug, number: String(number) });
}

async function versionNumbers(slug: string) {
  const rows = await db
    .select({ number: scorecardVersions.number })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(eq(scorecards.slug, slug))
    .orderBy(asc(scorecardVersions.number));
  return rows.map((r) => r.number);
}

// ---------------------------------------------------------------------------------------------

describe("only client QA leads and admins author scorecards", () => {
  it.each([
    ["a vendor QA lead", () => vendorALead],
    ["a client QA specialist", () => clientSpecialist],
  ])("%s gets 403 from every authoring loader and action, and nothing changes", async (_, who) => {
    const user = who();
    const version = await createScorecardVersion();
    const slug = slugOf(version);
    const draft = await newDraft(version);
    const id = draft.id;
    const changed = { ...draft.content, name: "Forbidden edit" };
    const newSlug = unique("forbidden");
    const importText = scorecardYaml(slug, 7);

    const responses: [string, Response][] = [
      ["editor loader", await get(draftLoader, user, draftPath(id), { draftId: id })],
      ["editor save", await editorPost(user, id, saveFields(1, changed))],
      ["editor publish", await editorPost(user, id, plainFields("publish", 1))],
      ["editor discard", await editorPost(user, id, plainFields("discard", 1))],
      ["what-if loader", await get(whatIfLoader, user, `${draftPath(id)}/what-if`, { draftId: id })],
      ["new loader", await get(newLoader, user, "/scorecards/new", {})],
      [
        "new action",
        await post(newAction, user, "/scorecards/new", {}, [
          ["slug", newSlug],
          ["name", "Forbidden"],
          ["channel", "chat"],
        ]),
      ],
      ["import loader", await get(importLoader, user, "/scorecards/import", {})],
      ["import action", await upload(user, "v7.yaml", importText)],
      [
        "scorecard page: draft",
        await post(scorecardAction, user, `/scorecards/${slug}`, { slug }, [
          ["intent", "draft"],
          ["versionId", version.id],
        ]),
      ],
      [
        "scorecard page: retire",
        await post(scorecardAction, user, `/scorecards/${slug}`, { slug }, [
          ["intent", "retire"],
          ["versionId", version.id],
        ]),
      ],
    ];
    expect(responses.map(([name, r]) => [name, r.status])).toEqual(responses.map(([name]) => [name, 403]));

    const after = await getDraft(id);
    expect(after).toMatchObject({ lockVersion: 1, content: draft.content });
    expect(await listDrafts(slug)).toHaveLength(1);
    expect(await listDrafts(newSlug)).toEqual([]);
    expect(await versionNumbers(slug)).toEqual([1]);
    const [row] = await db.select().from(scorecardVersions).where(eq(scorecardVersions.id, version.id));
    expect(row.status).toBe("published");
  });

  it("a client QA lead reaches the same pages", async () => {
    const draft = await newDraft(await createScorecardVersion());
    const { data } = await getJson(draftLoader, clientLead, draftPath(draft.id), { draftId: draft.id });
    expect(data).toMatchObject({ draft: { id: draft.id, lockVersion: 1 }, errors: [] });
    expect(data.definition.version).toBe(2);
    const whatIf = await getJson(whatIfLoader, clientLead, `${draftPath(draft.id)}/what-if`, { draftId: draft.id });
    expect(whatIf.data).toMatchObject({ ok: true, sample: 0 });
    expect((await get(newLoader, clientLead, "/scorecards/new", {})).status).toBe(200);
    expect((await get(importLoader, clientLead, "/scorecards/import", {})).status).toBe(200);
  });
});

describe("the draft editor", () => {
  it("saves, and answers a stale save with 409 conflict carrying the other author's draft", async () => {
    const version = await createScorecardVersion();
    const draft = await newDraft(version); // both authors opened it at lockVersion 1

    const theirs = { ...structuredClone(draft.content), name: "Renamed by Oskar" };
    const first = await editorPost(clientAdmin, draft.id, saveFields(1, theirs));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, kind: "saved", lockVersion: 2, errors: [] });

    const mine = { ...structuredClone(draft.content), description: "Lena's rewrite" };
    const stale = await editorPost(clientLead, draft.id, saveFields(1, mine));
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body).toMatchObject({
      ok: false,
      kind: "conflict",
      current: { id: draft.id, lockVersion: 2, updatedByName: clientAdmin.name, content: { name: "Renamed by Oskar" } },
      errors: [],
    });
    expect(body.current.content).toEqual(theirs);

    const stored = await getDraft(draft.id);
    expect(stored?.content).toEqual(theirs);
    expect(stored?.lockVersion).toBe(2);

    // An invalid draft still saves, with its problems located.
    const broken = structuredClone(theirs);
    broken.sections[0].criteria[1].key = "greeting";
    const saved = await editorPost(clientLead, draft.id, saveFields(2, broken));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      ok: true,
      lockVersion: 3,
      definition: null,
      errors: [{ path: "sections[0].criteria[1].key", message: expect.stringMatching(/duplicate criterion key/) }],
    });
  });

  it("refuses a save that is not shaped like a scorecard, and keeps the stored draft", async () => {
    const version = await createScorecardVersion();
    const draft = await newDraft(version);
    const crafted = (change: (content: Record<string, unknown>) => void) => {
      const content = structuredClone(draft.content) as unknown as Record<string, unknown>;
      change(content);
      return editorPost(clientLead, draft.id, [
        ["intent", "save"],
        ["lockVersion", "1"],
        ["content", JSON.stringify(content)],
      ]);
    };
    const nullSection = await crafted((c) => (c.sections = [null]));
    expect(nullSection.status).toBe(400);
    expect(await nullSection.json()).toMatchObject({
      kind: "bad_request",
      message: expect.stringContaining("sections.0"),
    });
    const numberLabel = await crafted((c) => ((c.sections as { label: unknown }[])[0].label = 42));
    expect(numberLabel.status).toBe(400);
    expect(await numberLabel.json()).toMatchObject({ message: expect.stringContaining("sections.0.label") });
    const notJson = await editorPost(clientLead, draft.id, [
      ["intent", "save"],
      ["lockVersion", "1"],
      ["content", "{sections:"],
    ]);
    expect(notJson.status).toBe(400);
    const stored = await getDraft(draft.id);
    expect(stored?.lockVersion).toBe(1);
    expect(stored?.content).toEqual(draft.content);
  });

  it("refuses to publish an invalid or stale draft, then publishes and redirects to the new version", async () => {
    const version = await createScorecardVersion();
    const slug = slugOf(version);
    const draft = await newDraft(version);
    const broken = structuredClone(draft.content);
    broken.sections[0].weight = 0;
    expect((await editorPost(clientLead, draft.id, saveFields(1, broken))).status).toBe(200);

    const invalid = await editorPost(clientLead, draft.id, plainFields("publish", 2));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({
      ok: false,
      kind: "invalid",
      errors: [{ path: "sections", message: expect.stringMatching(/^total weight is 0/) }],
    });
    expect(await versionNumbers(slug)).toEqual([1]);

    const fixed = { ...structuredClone(draft.content), name: "Published from the editor" };
    expect((await editorPost(clientLead, draft.id, saveFields(2, fixed))).status).toBe(200);
    const stale = await editorPost(clientLead, draft.id, plainFields("publish", 2));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ ok: false, kind: "stale" });
    expect(await versionNumbers(slug)).toEqual([1]);

    const published = await editorPost(clientLead, draft.id, plainFields("publish", 3));
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toBe(`/scorecards/${slug}/v/2?published=1`);
    expect(await versionNumbers(slug)).toEqual([1, 2]);

    const page = await getJson(versionLoader, clientLead, `/scorecards/${slug}/v/2?published=1`, { slug, number: "2" });
    expect(page.data).toMatchObject({
      published: true,
      version: {
        number: 2,
        status: "published",
        publishedByName: clientLead.name,
        scorecardName: "Published from the editor",
      },
    });
    expect((await get(draftLoader, clientLead, draftPath(draft.id), { draftId: draft.id })).status).toBe(404);
  });

  it("discards only a draft nobody saved since, and sends the author back to the scorecard", async () => {
    const version = await createScorecardVersion();
    const slug = slugOf(version);
    const draft = await newDraft(version);
    await saveDraft({ id: draft.id, lockVersion: 1, content: draft.content, userId: clientAdmin.id });

    const stale = await editorPost(clientLead, draft.id, plainFields("discard", 1));
    expect(stale.status).toBe(409);
    expect(await getDraft(draft.id)).not.toBeNull();

    const done = await editorPost(clientLead, draft.id, plainFields("discard", 2));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/scorecards/${slug}?discarded=1`);
    expect(await getDraft(draft.id)).toBeNull();
    expect(await versionNumbers(slug)).toEqual([1]);
  });
});

describe("the scorecard page's actions", () => {
  it("starts a draft from a version, retires and reinstates it, and ignores versions of other scorecards", async () => {
    const version = await createScorecardVersion();
    const other = await createScorecardVersion();
    const slug = slugOf(version);
    const act = (intent: string, versionId: string) =>
      post(scorecardAction, clientLead, `/scorecards/${slug}`, { slug }, [
        ["intent", intent],
        ["versionId", versionId],
      ]);

    const drafted = await act("draft", version.id);
    expect(drafted.status).toBe(302);
    const [draft] = await listDrafts(slug);
    expect(drafted.headers.get("Location")).toBe(draftPath(draft.id));
    expect(draft).toMatchObject({ basedOnVersion: 1, content: { version: 2 } });

    const status = async () =>
      (await db.select().from(scorecardVersions).where(eq(scorecardVersions.id, version.id)))[0].status;
    const retired = await act("retire", version.id);
    expect(retired.status).toBe(200);
    expect(await retired.json()).toEqual({ message: null });
    expect(await status()).toBe("retired");
    expect((await act("retire", version.id)).status).toBe(409);
    expect((await act("reinstate", version.id)).status).toBe(200);
    expect(await status()).toBe("published");

    expect((await act("retire", other.id)).status).toBe(400);
    expect((await db.select().from(scorecardVersions).where(eq(scorecardVersions.id, other.id)))[0].status).toBe(
      "published",
    );
  });
});

describe("new scorecards and imports through the pages", () => {
  it("starts a draft of a new scorecard, and refuses a slug already in use", async () => {
    const slug = unique("brand");
    const fields: [string, string][] = [
      ["slug", slug],
      ["name", "Brand new"],
      ["channel", "email"],
    ];
    const created = await post(newAction, clientLead, "/scorecards/new", {}, fields);
    expect(created.status).toBe(302);
    const [draft] = await listDrafts(slug);
    expect(created.headers.get("Location")).toBe(draftPath(draft.id));
    expect(draft).toMatchObject({
      scorecardId: null,
      content: { scorecard: slug, name: "Brand new", channel: "email" },
    });

    const again = await post(newAction, clientLead, "/scorecards/new", {}, fields);
    expect(again.status).toBe(409);
    expect((await again.json()).errors.slug).toMatch(/already exists/);
    const taken = slugOf(await createScorecardVersion());
    const clash = await post(newAction, clientLead, "/scorecards/new", {}, [["slug", taken], ...fields.slice(1)]);
    expect(clash.status).toBe(409);
    expect(await listDrafts(taken)).toEqual([]);
  });

  it("opens a file as a draft of the scorecard it names, with the file's problems shown in the editor", async () => {
    const version = await createScorecardVersion();
    const slug = slugOf(version);
    const text = await (await exported(clientLead, slug, 1)).text();
    const opened = await upload(clientLead, "theirs.yaml", text, "draft");
    expect(opened.status).toBe(302);
    const [draft] = await listDrafts(slug);
    expect(opened.headers.get("Location")).toBe(draftPath(draft.id));
    expect(draft).toMatchObject({ scorecardId: version.scorecardId, content: { version: 2 } });
    const { data } = await getJson(draftLoader, clientLead, draftPath(draft.id), { draftId: draft.id });
    expect(data.errors).toEqual([]);
    expect(data.definition).toEqual({ ...(version.definition as ScorecardDefinition), version: 2 });
    expect(await versionNumbers(slug)).toEqual([1]);

    // A file that leaves out defaults and has problems still opens; the editor lists them.
    const fresh = unique("fresh");
    const sparse = [
      `scorecard: ${fresh}`,
      "name: Fresh",
      "channel: chat",
      "version: 1",
      "pass_threshold: 80",
      "sections:",
      "  - key: only",
      "    label: Only",
      "    weight: 0",
      "    criteria:",
      "      - { key: a, label: A, guideline: Met when A., scale: binary }",
    ].join("\n");
    const openedSparse = await upload(clientLead, "sparse.yaml", sparse, "draft");
    expect(openedSparse.status).toBe(302);
    const [sparseDraft] = await listDrafts(fresh);
    expect(sparseDraft.scorecardId).toBeNull();
    expect(sparseDraft.content.sections[0].criteria[0]).toMatchObject({
      weight: 1,
      na_allowed: false,
      critical: "none",
    });
    const editor = await getJson(draftLoader, clientLead, draftPath(sparseDraft.id), { draftId: sparseDraft.id });
    expect(editor.data.errors.map((e: { path: string }) => e.path)).toEqual(["sections"]);

    const broken = await upload(clientLead, "broken.yaml", "sections: [", "draft");
    expect(broken.status).toBe(422);
    expect(await broken.json()).toMatchObject({
      kind: "refused",
      errors: [{ message: expect.stringMatching(/invalid YAML at line/) }],
    });
    const list = await upload(clientLead, "list.yaml", "- a\n- b\n", "draft");
    expect(list.status).toBe(422);
    const badShape = await upload(clientLead, "shape.yaml", `scorecard: ${fresh}\nsections: [1, 2]\n`, "draft");
    expect(badShape.status).toBe(422);
    expect((await badShape.json()).message).toMatch(/not shaped like a scorecard at sections\.0/);
    expect(await listDrafts(fresh)).toHaveLength(1);
  });

  it("imports an exported file: unchanged as is, a new version when renumbered, refused when altered", async () => {
    const version = await createScorecardVersion();
    const slug = slugOf(version);
    const text = await (await exported(clientLead, slug, 1)).text();

    const same = await upload(clientLead, `${slug}-v1.yaml`, text);
    expect(same.status).toBe(200);
    expect(await same.json()).toEqual({ kind: "unchanged", slug, version: 1, file: `${slug}-v1.yaml` });

    const renumbered = await upload(clientLead, "next.yaml", text.replace(/^version: 1$/m, "version: 2"));
    expect(await renumbered.json()).toEqual({ kind: "imported", slug, version: 2, file: "next.yaml" });
    const [v2] = await db
      .select()
      .from(scorecardVersions)
      .where(eq(scorecardVersions.scorecardId, version.scorecardId))
      .orderBy(asc(scorecardVersions.number))
      .offset(1);
    expect(v2).toMatchObject({
      number: 2,
      status: "published",
      publishedBy: clientLead.id,
      sourcePath: "uploaded: next.yaml",
    });
    expect(v2.definition).toEqual({ ...(version.definition as ScorecardDefinition), version: 2 });

    const altered = await upload(
      clientLead,
      "altered.yaml",
      text.replace(/^pass_threshold: 80$/m, "pass_threshold: 60"),
    );
    expect(altered.status).toBe(422);
    expect(await altered.json()).toEqual({
      kind: "refused",
      file: "altered.yaml",
      errors: [
        { file: "altered.yaml", path: "(file)", message: expect.stringMatching(/published versions are immutable/) },
      ],
    });
    const invalid = await upload(
      clientLead,
      "bad.yaml",
      text.replace(/^version: 1$/m, "version: 3").replace("weight: 2", "weight: two"),
    );
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors).toEqual([
      { file: "bad.yaml", path: "sections[0].criteria[1].weight", message: 'expected a number, got "two"' },
    ]);
    expect(await versionNumbers(slug)).toEqual([1, 2]);
  });
});

describe("the what-if", () => {
  it("groups the scorecard's submitted standard evaluations by vendor and ignores everything else", async () => {
    const version = await createScorecardVersion();
    const otherCard = await createScorecardVersion();
    const evaluate = async (agent: Agent, answers: Record<string, number>) =>
      createEvaluation({
        interaction: await createInteraction({ agent }),
        version,
        reviewer: clientSpecialist,
        answers,
      });

    // Under v1 (greeting weight 1, accuracy weight 2): 100, 33.33 (vendor A) and 83.33 (vendor B).
    await evaluate(agentA, { greeting: 1, accuracy: 5 });
    await evaluate(agentA, { greeting: 0, accuracy: 3 });
    await evaluate(agentB, { greeting: 1, accuracy: 4 });

    // Not counted: a calibration score, an unsubmitted evaluation, another scorecard's evaluation.
    const calibrated = await evaluate(agentB, { greeting: 0, accuracy: 1 });
    const session = await createCalibrationSession({
      facilitator: clientLead,
      version,
      interactions: [],
      participants: [clientSpecialist],
    });
    await db
      .update(evaluations)
      .set({ kind: "calibration", calibrationSessionId: session.id })
      .where(eq(evaluations.id, calibrated.id));
    const unsubmitted = await evaluate(agentB, { greeting: 0, accuracy: 1 });
    await db.update(evaluations).set({ status: "draft", submittedAt: null }).where(eq(evaluations.id, unsubmitted.id));
    await createEvaluation({
      interaction: await createInteraction({ agent: agentA }),
      version: otherCard,
      reviewer: clientSpecialist,
      answers: { greeting: 0, accuracy: 1 },
    });
    expect(
      await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, calibrated.id)),
    ).toHaveLength(2);

    // The draft makes accuracy weigh 6: 100, 42.86 (vendor A) and 78.57 (vendor B, now failing).
    const draft = await newDraft(version);
    const content = structuredClone(draft.content);
    content.sections[0].criteria[1].weight = 6;
    await saveDraft({ id: draft.id, lockVersion: 1, content, userId: clientLead.id });

    const { data } = await getJson(whatIfLoader, clientLead, `${draftPath(draft.id)}/what-if`, { draftId: draft.id });
    expect(data).toMatchObject({ ok: true, limit: 200, sample: 3 });
    const groups = data.result.groups as {
      key: string;
      label: string;
      evaluations: number;
      current: { meanScore: number; passRate: number };
      draft: { meanScore: number; passRate: number };
      toFail: number;
      toPass: number;
    }[];
    expect(
      groups.map((g) => [g.key, g.label, g.evaluations, g.current.meanScore, g.draft.meanScore, g.toFail, g.toPass]),
    ).toEqual([
      ["all", "All vendors", 3, 72.22, 73.81, 1, 0],
      [vendorA.id, VENDOR_A, 2, 66.67, 71.43, 0, 0],
      [vendorB.id, VENDOR_B, 1, 83.33, 78.57, 1, 0],
    ]);
    expect(groups.map((g) => [g.current.passRate, g.draft.passRate])).toEqual([
      [2 / 3, 1 / 3],
      [0.5, 0.5],
      [1, 0],
    ]);
    expect(data.result.criteria).toMatchObject([
      { key: "greeting", status: "matched", answered: 3, unanswered: 0 },
      { key: "accuracy", status: "matched", answered: 3, unanswered: 0 },
    ]);

    // An invalid saved draft gets no what-if.
    content.sections[0].weight = 0;
    await saveDraft({ id: draft.id, lockVersion: 2, content, userId: clientLead.id });
    const refused = await getJson(whatIfLoader, clientLead, `${draftPath(draft.id)}/what-if`, { draftId: draft.id });
    expect(refused.data).toEqual({ ok: false, message: expect.stringMatching(/1 problem/) });
  });
});

describe("vendor users see only the scorecard versions their own vendor uses", () => {
  it("by evaluation or assignment; another vendor's versions do not exist for them", async () => {
    const v1 = await createScorecardVersion();
    const slug = slugOf(v1);
    for (const n of [2, 3]) {
      const text = scorecardYaml(slug, n);
      const outcome = await importScorecardVersion(parseScorecardFile(`${slug}/v${n}.yaml`, text), text, {
        file: `${slug}/v${n}.yaml`,
        publishedBy: clientLead.id,
      });
      expect(outcome.kind).toBe("imported");
    }
    const [, v2] = await db
      .select()
      .from(scorecardVersions)
      .where(eq(scorecardVersions.scorecardId, v1.scorecardId))
      .orderBy(asc(scorecardVersions.number));
    // v1: evaluated for vendor A; v2: assigned to vendor B; v3: nobody's.
    await createEvaluation({
      interaction: await createInteraction({ agent: agentA }),
      version: v1,
      reviewer: vendorALead,
    });
    const interactionB = await createInteraction({ agent: agentB });
    await db.insert(assignments).values({
      interactionId: interactionB.id,
      reviewerId: vendorBLead.id,
      scorecardVersionId: v2.id,
      vendorId: vendorB.id,
      agentId: agentB.id,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    // A scorecard only vendor B evaluated.
    const bOnly = await createScorecardVersion();
    await createEvaluation({
      interaction: await createInteraction({ agent: agentB }),
      version: bOnly,
      reviewer: vendorBLead,
    });

    const scopeOf = (user: User, kind: "vendor" | "client") =>
      scopeFor({ role: user.role, organizationId: user.organizationId, organizationKind: kind, agentId: null });
    const scopeA = scopeOf(vendorALead, "vendor");
    const scopeB = scopeOf(vendorBLead, "vendor");
    const clientScope = scopeOf(clientLead, "client");
    const visible = async (scope: typeof scopeA) => {
      const found = await Promise.all([1, 2, 3].map((n) => getScorecardVersion(slug, n, scope)));
      return found.map((v) => v?.number ?? null);
    };
    expect(await visible(scopeA)).toEqual([1, null, null]);
    expect(await visible(scopeB)).toEqual([null, 2, null]);
    expect(await visible(clientScope)).toEqual([1, 2, 3]);

    expect((await getScorecardWithVersions(slug, scopeA))?.versions.map((v) => [v.number, v.evaluations])).toEqual([
      [1, 1],
    ]);
    expect((await getScorecardWithVersions(slug, scopeB))?.versions.map((v) => [v.number, v.evaluations])).toEqual([
      [2, 0],
    ]);
    expect(await getScorecardWithVersions(slugOf(bOnly), scopeA)).toBeNull();

    const listedA = await listScorecards(scopeA);
    expect(listedA.find((c) => c.slug === slug)).toMatchObject({ versions: 1, latestVersion: 1 });
    expect(listedA.map((c) => c.slug)).not.toContain(slugOf(bOnly));
    expect((await listScorecards(scopeB)).map((c) => c.slug)).toEqual(expect.arrayContaining([slug, slugOf(bOnly)]));

    // The pages agree: 404 for what the vendor may not see, even as a file.
    const page = (n: number) =>
      get(versionLoader, vendorALead, `/scorecards/${slug}/v/${n}`, { slug, number: String(n) });
    expect((await page(1)).status).toBe(200);
    expect((await page(2)).status).toBe(404);
    expect((await exported(vendorALead, slug, 2)).status).toBe(404);
    expect((await exported(vendorALead, slug, 1)).status).toBe(200);
  });
});
