import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  auditLog,
  samplingPlanReviewers,
  samplingPlans,
  scorecards,
  type Organization,
  type Team,
  type User,
} from "../../db/schema";
import { loader as listLoader } from "~/routes/sampling._index";
import { action as planAction, loader as planLoader } from "~/routes/sampling.$planId._index/route";
import { loader as previewLoader } from "~/routes/sampling.$planId.preview";
import {
  BASE_URL,
  context,
  createInteraction,
  createAgent,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  requestAs,
  signIn,
  thrownResponse,
} from "../factories";

// The plan form through the real loaders and actions: validation, organisation and vendor boundaries,
// and optimistic concurrency.

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let teamA: Team;
let teamB: Team;
let clientLead: User;
let clientQa: User;
let vendorALead: User;
let vendorAQa: User;
let vendorBQa: User;
let chatSlug: string;

beforeAll(async () => {
  client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor", name: "Vendor A" });
  vendorB = await createOrganization({ kind: "vendor", name: "Vendor B" });
  teamA = await createTeam({ vendor: vendorA });
  teamB = await createTeam({ vendor: vendorB });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  clientQa = await createUser({ organization: client, role: "qa_specialist" });
  vendorALead = await createUser({ organization: vendorA, role: "qa_lead" });
  vendorAQa = await createUser({ organization: vendorA, role: "qa_specialist" });
  vendorBQa = await createUser({ organization: vendorB, role: "qa_specialist" });
  const version = await createScorecardVersion();
  chatSlug = (await db.select().from(scorecards).where(eq(scorecards.id, version.scorecardId)))[0].slug;
  // Queues and contact reasons on offer come from the interactions in scope.
  await createInteraction({ agent: await createAgent({ team: teamA }) });
  await createInteraction({ agent: await createAgent({ team: teamB }) });
});

type Fields = [string, string][];

/** A form POST with repeated fields (checkbox lists), as the browser sends it. */
function post(pathname: string, fields: Fields, cookie: string): Request {
  return new Request(new URL(pathname, BASE_URL), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

const validPlan = (reviewers: User[], extra: Fields = []): Fields => [
  ["name", "Chat sample"],
  ["description", ""],
  ["period", "week"],
  ["quotaPerAgent", "3"],
  ["dueDays", "5"],
  ["seed", "99"],
  ["excludeEvaluated", "on"],
  ["active", "on"],
  ["channels", "chat"],
  ["minChat", "1"],
  ["mustIncludeEscalated", "on"],
  ["mustIncludeCsatAtMost", "2"],
  ["scorecardChat", chatSlug],
  ...reviewers.map((r): [string, string] => ["reviewerIds", r.id]),
  ...extra,
];

async function submit(user: User, fields: Fields, planId?: string) {
  const { cookie } = await signIn(user);
  const path = planId ? `/sampling/${planId}` : "/sampling/new";
  return planAction({ request: post(path, fields, cookie), params: planId ? { planId } : {}, context: context() });
}

const planCount = async () => Number((await db.select({ n: sql<number>`count(*)::int` }).from(samplingPlans))[0].n);
const createdId = (response: Response) =>
  /\/sampling\/([0-9a-f-]{36})\?created=1$/.exec(response.headers.get("Location") ?? "")![1];
const body = async (response: Response) =>
  (await response.json()) as {
    fieldErrors: Record<string, string>;
    formError: string | null;
    values: Record<string, unknown>;
  };

describe("creating a plan", () => {
  it("stores the rules, the reviewers and an audit entry for a client QA lead", async () => {
    const response = await submit(
      clientLead,
      validPlan(
        [clientQa, vendorAQa],
        [
          ["vendorIds", vendorA.id],
          ["teamIds", teamA.id],
        ],
      ),
    );
    expect(response.status).toBe(302);
    const id = createdId(response);
    const [plan] = await db.select().from(samplingPlans).where(eq(samplingPlans.id, id));
    expect(plan).toMatchObject({
      name: "Chat sample",
      quotaPerAgent: 3,
      dueDays: 5,
      seed: 99,
      period: "week",
      createdBy: clientLead.id,
    });
    expect(plan.rules).toEqual({
      filters: { channels: ["chat"], vendorIds: [vendorA.id], teamIds: [teamA.id] },
      strata: { field: "channel", minimums: { chat: 1 } },
      mustInclude: { escalated: true, csatAtMost: 2 },
      scorecards: { chat: chatSlug },
    });
    const reviewers = await db.select().from(samplingPlanReviewers).where(eq(samplingPlanReviewers.planId, id));
    expect(reviewers.map((r) => r.userId).sort()).toEqual([clientQa.id, vendorAQa.id].sort());
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "sampling_plan"), eq(auditLog.entityId, id)));
    expect(audit).toMatchObject([{ action: "sampling_plan.create", actorUserId: clientLead.id }]);
  });

  // Functions: the organisations and teams exist only once beforeAll has run.
  it.each<[string, (f: Fields) => Fields]>([
    ["name", (f) => f.map(([k, v]) => [k, k === "name" ? " " : v])],
    ["quotaPerAgent", (f) => f.map(([k, v]) => [k, k === "quotaPerAgent" ? "0" : v])],
    ["reviewerIds", (f) => f.filter(([k]) => k !== "reviewerIds")],
    ["scorecardChat", (f) => f.filter(([k]) => k !== "scorecardChat")],
    ["scorecardChat", (f) => f.map(([k, v]) => [k, k === "scorecardChat" ? "no-such-card" : v])],
    ["minChat", (f) => f.map(([k, v]) => [k, k === "minChat" ? "5" : v])],
    ["csatMax", (f) => [...f, ["csatMin", "4"], ["csatMax", "2"]]],
    ["reviewerIds", (f) => [...f, ["vendorIds", vendorB.id]]], // vendor A's specialist on a vendor B plan
    ["teamIds", (f) => [...f, ["vendorIds", vendorB.id], ["teamIds", teamA.id]]],
    ["queues", (f) => [...f, ["queues", "no-such-queue"]]],
  ])("refuses a bad %s with 400 naming the field, echoes the input and writes nothing", async (field, change) => {
    const fields = change(validPlan([clientQa, vendorAQa]));
    const before = await planCount();
    const response = await submit(clientLead, fields);
    expect(response.status).toBe(400);
    const data = await body(response);
    expect(Object.keys(data.fieldErrors)).toContain(field);
    expect(data.fieldErrors[field]).toMatch(/\S/);
    expect(data.values.name).toBe(fields.find(([k]) => k === "name")![1]);
    expect(data.values.reviewerIds).toEqual(fields.filter(([k]) => k === "reviewerIds").map(([, v]) => v));
    expect(await planCount()).toBe(before);
  });

  it("answers 403 to roles that do not manage sampling", async () => {
    const { cookie } = await signIn(clientQa);
    const refused = await thrownResponse(() =>
      planAction({ request: post("/sampling/new", validPlan([clientQa]), cookie), params: {}, context: context() }),
    );
    expect(refused.status).toBe(403);
  });
});

describe("vendor QA leads", () => {
  it("plan over their own vendor only: the vendor filter is forced on the server", async () => {
    const response = await submit(vendorALead, validPlan([vendorAQa], [["vendorIds", vendorB.id]]));
    expect(response.status).toBe(302);
    const [plan] = await db
      .select()
      .from(samplingPlans)
      .where(eq(samplingPlans.id, createdId(response)));
    expect(plan.rules.filters.vendorIds).toEqual([vendorA.id]);
  });

  it("cannot target another vendor's teams or use reviewers outside their organisation", async () => {
    const before = await planCount();
    const teams = await submit(vendorALead, validPlan([vendorAQa], [["teamIds", teamB.id]]));
    expect(teams.status).toBe(400);
    expect(Object.keys((await body(teams)).fieldErrors)).toEqual(["teamIds"]);
    for (const outsider of [vendorBQa, clientQa]) {
      const reviewers = await submit(vendorALead, validPlan([outsider]));
      expect(reviewers.status).toBe(400);
      expect(Object.keys((await body(reviewers)).fieldErrors)).toEqual(["reviewerIds"]);
    }
    expect(await planCount()).toBe(before);
  });

  it("cannot see or edit another organisation's plan (404), and do not list it", async () => {
    const created = await submit(clientLead, validPlan([clientQa]));
    const planId = createdId(created);
    const params = { planId };
    for (const outsider of [vendorALead, await createUser({ organization: vendorB, role: "qa_lead" })]) {
      const seen = await thrownResponse(async () =>
        planLoader({ request: await requestAs(outsider, `/sampling/${planId}`), params, context: context() }),
      );
      expect(seen.status).toBe(404);
      const previewed = await thrownResponse(async () =>
        previewLoader({
          request: await requestAs(outsider, `/sampling/${planId}/preview`),
          params,
          context: context(),
        }),
      );
      expect(previewed.status).toBe(404);
      const edited = await thrownResponse(() =>
        submit(outsider, [...validPlan([vendorAQa]), ["name", "Hijacked"], ["lockVersion", "1"]], planId),
      );
      expect(edited.status).toBe(404);
      const list = await (
        await listLoader({ request: await requestAs(outsider, "/sampling"), params: {}, context: context() })
      ).json();
      expect(list.plans.map((p: { id: string }) => p.id)).not.toContain(planId);
    }
    // Vendor A's own plans are not the client's either.
    const vendorPlan = createdId(await submit(vendorALead, validPlan([vendorAQa])));
    const hidden = await thrownResponse(async () =>
      planLoader({
        request: await requestAs(clientLead, `/sampling/${vendorPlan}`),
        params: { planId: vendorPlan },
        context: context(),
      }),
    );
    expect(hidden.status).toBe(404);
    const [plan] = await db.select().from(samplingPlans).where(eq(samplingPlans.id, planId));
    expect(plan).toMatchObject({ name: "Chat sample", lockVersion: 1 });
  });

  it("answers 404, not 500, for a malformed plan id", async () => {
    const response = await thrownResponse(async () =>
      planLoader({
        request: await requestAs(vendorALead, "/sampling/123"),
        params: { planId: "123" },
        context: context(),
      }),
    );
    expect(response.status).toBe(404);
  });
});

describe("editing a plan", () => {
  it("loads the form with the stored values, saves, and refuses a stale lock version with 409", async () => {
    const planId = createdId(await submit(clientLead, validPlan([clientQa])));
    const loaded = await (
      await planLoader({
        request: await requestAs(clientLead, `/sampling/${planId}`),
        params: { planId },
        context: context(),
      })
    ).json();
    expect(loaded.initial).toMatchObject({
      name: "Chat sample",
      channels: ["chat"],
      minChat: "1",
      reviewerIds: [clientQa.id],
    });
    expect(loaded.options.reviewers.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([clientQa.id, vendorAQa.id]),
    );

    const edit = (name: string): Fields => [
      ...validPlan([clientQa, clientLead]).filter(([k]) => k !== "name"),
      ["name", name],
      ["lockVersion", "1"],
    ];
    const first = await submit(clientLead, edit("First editor"), planId);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/sampling/${planId}?saved=1`);
    const second = await submit(clientLead, edit("Second editor"), planId);
    expect(second.status).toBe(409);
    expect((await body(second)).formError).toMatch(/someone else changed/i);
    const [plan] = await db.select().from(samplingPlans).where(eq(samplingPlans.id, planId));
    expect(plan).toMatchObject({ name: "First editor", lockVersion: 2 });
    const reviewers = await db.select().from(samplingPlanReviewers).where(eq(samplingPlanReviewers.planId, planId));
    expect(reviewers).toHaveLength(2);
  });
});
