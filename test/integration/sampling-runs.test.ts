import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  assignments,
  evaluations,
  interactions,
  sampleRuns,
  samplingPlanReviewers,
  samplingPlans,
  scorecards,
  scorecardVersions,
  type Agent,
  type Interaction,
  type Organization,
  type User,
} from "../../db/schema";
import { scopeFor, type Scope } from "~/domain/permissions";
import { matchesFilters, type Channel, type SamplingRules } from "~/domain/sampling";
import { periodContaining } from "~/domain/sampling-period";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { loadSamplingCandidates } from "~/models/sampling-candidates.server";
import { generateSampleRun, previewSampleRun } from "~/models/sampling-run.server";
import { action as previewAction, loader as previewLoader } from "~/routes/sampling.$planId.preview";
import {
  context,
  createAgent,
  createCalibrationSession,
  createEvaluation,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  formRequest,
  makeScorecardsDir,
  requestAs,
  scorecardYaml,
  signIn,
  thrownResponse,
  unique,
  writeScorecardFile,
} from "../factories";

// Preview and generation against a real database: what is picked, who gets it, what is pinned, and
// that a period is generated once. The week of Monday 10 March 2025 (UTC) is the sampled period.

const WEEK = periodContaining("week", new Date("2025-03-12T00:00:00Z"));
const inWeek = (day: number, hour = 10) => new Date(Date.UTC(2025, 2, 10 + day, hour));

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let clientLead: User;
let clientQa: User;
let vendorAQa: User;
let agentA1: Agent;
let agentA2: Agent;
let agentB1: Agent;
let chatSlug: string;
let callSlug: string;
const clientScope = (): Scope =>
  scopeFor({ role: "qa_lead", organizationId: client.id, organizationKind: "client", agentId: null });

async function callScorecard(): Promise<string> {
  const slug = unique("calls");
  const dir = makeScorecardsDir();
  writeScorecardFile(dir, slug, 1, scorecardYaml(slug).replace("channel: chat", "channel: call"));
  await syncScorecards(dir);
  return slug;
}

async function createPlan(input: {
  reviewers: User[];
  rules?: Partial<SamplingRules>;
  quotaPerAgent?: number;
  excludeEvaluated?: boolean;
  createdBy?: User;
}) {
  const rules: SamplingRules = {
    filters: { vendorIds: [vendorA.id, vendorB.id] },
    strata: null,
    mustInclude: {},
    scorecards: { chat: chatSlug, call: callSlug },
    ...input.rules,
  };
  const [plan] = await db
    .insert(samplingPlans)
    .values({
      name: unique("Plan"),
      rules,
      quotaPerAgent: input.quotaPerAgent ?? 3,
      period: "week",
      excludeEvaluated: input.excludeEvaluated ?? true,
      seed: 7,
      dueDays: 5,
      createdBy: (input.createdBy ?? clientLead).id,
    })
    .returning();
  await db.insert(samplingPlanReviewers).values(input.reviewers.map((r) => ({ planId: plan.id, userId: r.id })));
  return plan;
}

const count = async (table: typeof sampleRuns | typeof assignments) =>
  Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n);

beforeAll(async () => {
  client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor", name: "Vendor A" });
  vendorB = await createOrganization({ kind: "vendor", name: "Vendor B" });
  const teamA = await createTeam({ vendor: vendorA });
  const teamB = await createTeam({ vendor: vendorB });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  clientQa = await createUser({ organization: client, role: "qa_specialist" });
  vendorAQa = await createUser({ organization: vendorA, role: "qa_specialist" });
  agentA1 = await createAgent({ team: teamA });
  // Vendor A's QA specialist is also an agent record (a promoted agent): never their own reviewer.
  agentA2 = await createAgent({ team: teamA, user: vendorAQa });
  agentB1 = await createAgent({ team: teamB });
  chatSlug = (await scorecardsOf(await createScorecardVersion())).slug;
  callSlug = await callScorecard();
});

async function scorecardsOf(version: { scorecardId: string }) {
  return (await db.select().from(scorecards).where(eq(scorecards.id, version.scorecardId)))[0];
}

describe("preview", () => {
  it("reports picks, shortfalls and projected reviewer counts, and writes nothing", async () => {
    const [a1, a2, b1] = [agentA1, agentA2, agentB1];
    for (let i = 0; i < 5; i++) await createInteraction({ agent: a1, startedAt: inWeek(i) });
    await createInteraction({ agent: a2, startedAt: inWeek(1) });
    // Outside the week: never a candidate.
    await createInteraction({ agent: b1, startedAt: new Date("2025-03-17T00:00:00Z") });
    await createInteraction({ agent: b1, startedAt: new Date("2025-03-09T23:59:59Z") });
    const plan = await createPlan({ reviewers: [clientQa], rules: { filters: { vendorIds: [vendorA.id] } } });
    const before = { runs: await count(sampleRuns), assignments: await count(assignments) };

    const preview = await previewSampleRun(clientScope(), plan, WEEK);

    const byAgent = Object.fromEntries(preview.agents.map((a) => [a.agentId, a]));
    expect(byAgent[a1.id]).toMatchObject({ inPeriod: 5, eligible: 5, picked: 3, shortfall: 0 });
    expect(byAgent[a2.id]).toMatchObject({ inPeriod: 1, eligible: 1, picked: 1, shortfall: 2 });
    expect(byAgent[b1.id]).toBeUndefined();
    expect(preview.totals).toMatchObject({ picked: 4, assignable: 4, shortfallAgents: 1 });
    expect(preview.reviewers).toEqual([expect.objectContaining({ id: clientQa.id, count: 4, usable: true })]);
    expect({ runs: await count(sampleRuns), assignments: await count(assignments) }).toEqual(before);
    // Deterministic: the same plan, period and interactions give the same preview.
    expect(await previewSampleRun(clientScope(), plan, WEEK)).toEqual(preview);
  });
});

describe("candidates", () => {
  it("agree with the domain's filter rules, and leave out evaluated and assigned interactions", async () => {
    const week = periodContaining("week", new Date("2025-04-09T00:00:00Z"));
    const at = (d: number) => new Date(Date.UTC(2025, 3, 7 + d, 9));
    const made: Interaction[] = [];
    const variants: Partial<typeof interactions.$inferInsert>[] = [
      { channel: "call", csat: 1, escalated: true },
      { channel: "chat", csat: 5, fcr: false },
      { channel: "email", csat: null },
      { channel: "chat", csat: 2, queue: "billing" },
      { channel: "call", csat: 3, fcr: true },
    ];
    const owners = [agentB1, agentA1, agentB1, agentA1, agentA1];
    for (const [i, v] of variants.entries()) {
      const row = await createInteraction({ agent: owners[i], startedAt: at(i) });
      made.push((await db.update(interactions).set(v).where(eq(interactions.id, row.id)).returning())[0]);
    }
    const version = (await db.select().from(scorecardVersions).limit(1))[0];
    await createEvaluation({ interaction: made[3], version, reviewer: clientQa });
    const rules: SamplingRules = {
      filters: { channels: ["call", "chat"], csatMax: 3, vendorIds: [vendorA.id, vendorB.id] },
      strata: null,
      mustInclude: {},
      scorecards: {},
    };
    const plan = { id: "", rules, quotaPerAgent: 5, excludeEvaluated: true, seed: 1, period: "week" as const };
    const loaded = await loadSamplingCandidates(db, clientScope(), plan, week);
    const ids = loaded.candidates.map((c) => c.id).sort();
    // call/1 and call/3 pass; chat/5 is above the CSAT range, email is not a chosen channel, chat/2 is evaluated.
    expect(ids).toEqual([made[0].id, made[4].id].sort());
    for (const c of loaded.candidates) expect(matchesFilters(c, rules.filters)).toBe(true);
    // When the plan allows evaluated interactions, the evaluated one comes back.
    const allowing = await loadSamplingCandidates(db, clientScope(), { ...plan, excludeEvaluated: false }, week);
    expect(allowing.candidates.map((c) => c.id)).toContain(made[3].id);
    // A vendor scope never sees another vendor's interactions, whatever the stored plan says.
    const vendorScope = scopeFor({
      role: "qa_lead",
      organizationId: vendorA.id,
      organizationKind: "vendor",
      agentId: null,
    });
    const scoped = await loadSamplingCandidates(db, vendorScope, plan, week);
    expect(scoped.candidates.every((c) => c.vendorId === vendorA.id)).toBe(true);
    expect(scoped.candidates.map((c) => c.id)).toEqual([made[4].id]);
  });
});

describe("generate", () => {
  const MARCH_24 = periodContaining("week", new Date("2025-03-26T00:00:00Z"));
  const at = (d: number, h: number) => new Date(Date.UTC(2025, 2, 24 + d, h));

  it("creates the run and balanced assignments that respect vendor and own-agent rules, in one go", async () => {
    const channels: Channel[] = ["chat", "call"];
    for (const agent of [agentA1, agentA2, agentB1]) {
      for (let i = 0; i < 6; i++) {
        const row = await createInteraction({ agent, startedAt: at(i % 5, 8 + i) });
        await db
          .update(interactions)
          .set({ channel: channels[i % 2] })
          .where(eq(interactions.id, row.id));
      }
    }
    const plan = await createPlan({
      reviewers: [clientQa, clientLead, vendorAQa],
      quotaPerAgent: 4,
      rules: { strata: { field: "channel", minimums: { chat: 1, call: 1 } } },
    });
    const now = new Date("2025-03-31T08:00:00Z");
    const result = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: MARCH_24,
      now,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const rows = await db
      .select({
        a: assignments,
        channel: interactions.channel,
        vendorId: interactions.vendorId,
        agentId: interactions.agentId,
      })
      .from(assignments)
      .innerJoin(interactions, eq(interactions.id, assignments.interactionId))
      .where(eq(assignments.sampleRunId, result.runId));
    expect(rows).toHaveLength(12); // 3 agents × quota 4
    const perReviewer = new Map<string, number>();
    for (const { a, vendorId, agentId } of rows) {
      perReviewer.set(a.reviewerId, (perReviewer.get(a.reviewerId) ?? 0) + 1);
      expect(a.vendorId).toBe(vendorId);
      expect(a.agentId).toBe(agentId);
      expect(a.status).toBe("pending");
      expect(a.dueAt.toISOString()).toBe("2025-04-05T08:00:00.000Z"); // now + 5 days
      if (a.reviewerId === vendorAQa.id) {
        expect(vendorId).toBe(vendorA.id);
        expect(agentId).not.toBe(agentA2.id);
      }
    }
    // 12 over 3 reviewers: vendor A's specialist can take agent A1's 4, so 4 each is possible and reached.
    expect([...perReviewer.values()]).toEqual([4, 4, 4]);
    // Each agent got both channels.
    for (const agent of [agentA1, agentA2, agentB1]) {
      const mine = rows.filter((r) => r.agentId === agent.id);
      expect(new Set(mine.map((r) => r.channel))).toEqual(new Set(["chat", "call"]));
    }
    // The channel's scorecard version is pinned.
    const pinned = await db
      .select({ channel: interactions.channel, slug: scorecards.slug })
      .from(assignments)
      .innerJoin(interactions, eq(interactions.id, assignments.interactionId))
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
      .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
      .where(eq(assignments.sampleRunId, result.runId));
    for (const p of pinned) expect(p.slug).toBe(p.channel === "chat" ? chatSlug : callSlug);
    const [run] = await db.select().from(sampleRuns).where(eq(sampleRuns.id, result.runId));
    expect(run).toMatchObject({ planId: plan.id, seed: 7, createdBy: clientLead.id });
    expect(run.periodStart.toISOString()).toBe("2025-03-24T00:00:00.000Z");
    expect(run.periodEnd.toISOString()).toBe("2025-03-31T00:00:00.000Z");

    // Generating the same period again is refused and writes nothing.
    const before = { runs: await count(sampleRuns), assignments: await count(assignments) };
    const again = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: MARCH_24,
    });
    expect(again).toMatchObject({ ok: false, reason: "already_generated" });
    expect(!again.ok && again.message).toMatch(/already generated/);
    expect({ runs: await count(sampleRuns), assignments: await count(assignments) }).toEqual(before);

    // Another plan over the same week skips what is now assigned.
    const other = await createPlan({ reviewers: [clientQa], quotaPerAgent: 10 });
    const preview = await previewSampleRun(clientScope(), other, MARCH_24);
    expect(preview.totals.picked).toBe(18 - 12);
    expect(preview.excluded.assigned).toBe(12);
  });

  it("reports what nobody may review instead of dropping it, and pins the newest published version", async () => {
    const week = periodContaining("week", new Date("2025-05-07T00:00:00Z"));
    const mine = await createInteraction({ agent: agentA1, startedAt: new Date("2025-05-06T09:00:00Z") });
    const own = await createInteraction({ agent: agentA2, startedAt: new Date("2025-05-06T10:00:00Z") });
    const other = await createInteraction({ agent: agentB1, startedAt: new Date("2025-05-06T11:00:00Z") });
    const plan = await createPlan({ reviewers: [vendorAQa], rules: { scorecards: { chat: chatSlug } } });
    // A newer published chat version appears before generation: it is the one pinned.
    const dir = makeScorecardsDir();
    writeScorecardFile(dir, chatSlug, 1, scorecardYaml(chatSlug));
    writeScorecardFile(dir, chatSlug, 2, scorecardYaml(chatSlug, 2));
    expect((await syncScorecards(dir)).imported).toHaveLength(1);

    const result = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
    });
    if (!result.ok) throw new Error(result.message);
    const expected = [
      [own.id, "own_agent_only"],
      [other.id, "no_reviewer_for_vendor"],
    ].sort();
    expect(result.summary.unassignable.map((u) => [u.interactionId, u.reason]).sort()).toEqual(expected);
    const [run] = await db.select().from(sampleRuns).where(eq(sampleRuns.id, result.runId));
    expect((run.summary as typeof result.summary).unassignable).toHaveLength(2);
    const made = await db
      .select({
        interactionId: assignments.interactionId,
        reviewerId: assignments.reviewerId,
        version: scorecardVersions.number,
      })
      .from(assignments)
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
      .where(eq(assignments.sampleRunId, result.runId));
    expect(made).toEqual([{ interactionId: mine.id, reviewerId: vendorAQa.id, version: 2 }]);
  });

  it("refuses a run with nothing to assign, so the period stays open", async () => {
    const week = periodContaining("week", new Date("2025-05-14T00:00:00Z"));
    await createInteraction({ agent: agentB1, startedAt: new Date("2025-05-13T11:00:00Z") });
    const plan = await createPlan({ reviewers: [vendorAQa] });
    const before = { runs: await count(sampleRuns), assignments: await count(assignments) };
    const refused = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
    });
    expect(refused).toMatchObject({ ok: false, reason: "nothing_to_assign" });
    expect({ runs: await count(sampleRuns), assignments: await count(assignments) }).toEqual(before);
    // With a client reviewer added, the same period generates.
    await db.insert(samplingPlanReviewers).values({ planId: plan.id, userId: clientQa.id });
    const generated = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
    });
    expect(generated.ok).toBe(true);
  });

  it("refuses a period that has not ended yet, so none of it goes unsampled", async () => {
    const week = periodContaining("week", new Date("2025-08-06T00:00:00Z"));
    await createInteraction({ agent: agentA1, startedAt: new Date("2025-08-05T10:00:00Z") });
    const plan = await createPlan({ reviewers: [clientQa] });
    const early = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
      now: new Date("2025-08-08T12:00:00Z"),
    });
    expect(early).toMatchObject({ ok: false, reason: "period_not_over" });
    expect(await db.select().from(sampleRuns).where(eq(sampleRuns.planId, plan.id))).toEqual([]);
  });

  it("generates a period once even when two requests race", async () => {
    const week = periodContaining("week", new Date("2025-05-21T00:00:00Z"));
    for (let i = 0; i < 3; i++)
      await createInteraction({ agent: agentA1, startedAt: new Date(Date.UTC(2025, 4, 19 + i, 9)) });
    const plan = await createPlan({ reviewers: [clientQa] });
    const run = () =>
      generateSampleRun({ scope: clientScope(), actorUserId: clientLead.id, planId: plan.id, bounds: week });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => (r.ok ? "ok" : r.reason)).sort()).toEqual(["already_generated", "ok"]);
    expect(await db.select().from(sampleRuns).where(eq(sampleRuns.planId, plan.id))).toHaveLength(1);
  });

  it("never hands out an interaction twice when two plans generate the same week at once", async () => {
    const week = periodContaining("week", new Date("2025-05-28T00:00:00Z"));
    for (let i = 0; i < 5; i++) {
      await createInteraction({ agent: agentB1, startedAt: new Date(Date.UTC(2025, 4, 26 + i, 9)) });
    }
    const plans = [await createPlan({ reviewers: [clientQa] }), await createPlan({ reviewers: [clientLead] })];
    const results = await Promise.all(
      plans.map((plan) =>
        generateSampleRun({ scope: clientScope(), actorUserId: clientLead.id, planId: plan.id, bounds: week }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const made = await db
      .select({ interactionId: assignments.interactionId })
      .from(assignments)
      .innerJoin(sampleRuns, eq(sampleRuns.id, assignments.sampleRunId))
      .where(eq(sampleRuns.periodStart, week.start));
    // Quota 3 each: the first plan takes 3 of the 5, the second the remaining 2.
    expect(made).toHaveLength(5);
    expect(new Set(made.map((m) => m.interactionId)).size).toBe(5);
  });

  it("never samples an interaction that is in calibration", async () => {
    const week = periodContaining("week", new Date("2025-07-09T00:00:00Z"));
    const calibrated = await createInteraction({ agent: agentA1, startedAt: new Date("2025-07-08T10:00:00Z") });
    const fresh = await createInteraction({ agent: agentA1, startedAt: new Date("2025-07-08T11:00:00Z") });
    const version = (await db.select().from(scorecardVersions).limit(1))[0];
    const finalized = await createInteraction({ agent: agentA1, startedAt: new Date("2025-07-08T12:00:00Z") });
    await createCalibrationSession({ facilitator: clientLead, version, interactions: [calibrated], participants: [] });
    // Once a session is finalized its interactions are ordinary interactions again.
    await createCalibrationSession({
      facilitator: clientLead,
      version,
      interactions: [finalized],
      participants: [],
      status: "finalized",
    });
    // Even a plan that does not exclude evaluated interactions leaves calibration interactions alone.
    const plan = await createPlan({ reviewers: [clientQa], quotaPerAgent: 5, excludeEvaluated: false });
    const result = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
    });
    if (!result.ok) throw new Error(result.message);
    const made = await db.select().from(assignments).where(eq(assignments.sampleRunId, result.runId));
    expect(made.map((a) => a.interactionId).sort()).toEqual([fresh.id, finalized.id].sort());
  });

  it("leaves out interactions that already have a draft or submitted evaluation", async () => {
    const week = periodContaining("week", new Date("2025-06-04T00:00:00Z"));
    const submitted = await createInteraction({ agent: agentA1, startedAt: new Date("2025-06-03T10:00:00Z") });
    const draft = await createInteraction({ agent: agentA1, startedAt: new Date("2025-06-03T11:00:00Z") });
    const fresh = await createInteraction({ agent: agentA1, startedAt: new Date("2025-06-03T12:00:00Z") });
    const version = (await db.select().from(scorecardVersions).limit(1))[0];
    await createEvaluation({ interaction: submitted, version, reviewer: clientQa });
    const evaluation = await createEvaluation({ interaction: draft, version, reviewer: clientQa });
    await db.update(evaluations).set({ status: "draft", submittedAt: null }).where(eq(evaluations.id, evaluation.id));

    const plan = await createPlan({ reviewers: [clientQa], quotaPerAgent: 5 });
    const result = await generateSampleRun({
      scope: clientScope(),
      actorUserId: clientLead.id,
      planId: plan.id,
      bounds: week,
    });
    if (!result.ok) throw new Error(result.message);
    const made = await db.select().from(assignments).where(eq(assignments.sampleRunId, result.runId));
    expect(made.map((a) => a.interactionId)).toEqual([fresh.id]);
    expect(result.summary.excluded).toMatchObject({ evaluated: 2, assigned: 0 });
    expect(result.summary.agents.find((a) => a.agentId === agentA1.id)).toMatchObject({
      inPeriod: 3,
      eligible: 1,
      shortfall: 4,
    });
  });
});

describe("the preview route", () => {
  it("previews, generates with a POST, shows counts per reviewer, and refuses a second generation", async () => {
    const week = periodContaining("week", new Date("2025-07-09T00:00:00Z"));
    for (let i = 0; i < 4; i++)
      await createInteraction({ agent: agentB1, startedAt: new Date(Date.UTC(2025, 6, 7 + i, 10)) });
    const plan = await createPlan({
      reviewers: [clientQa, clientLead],
      quotaPerAgent: 4,
      rules: { filters: { vendorIds: [vendorB.id] } },
    });
    const path = `/sampling/${plan.id}/preview`;
    const params = { planId: plan.id };

    const loaded = await previewLoader({
      request: await requestAs(clientLead, `${path}?period=2025-07-09`),
      params,
      context: context(),
    });
    const data = await loaded.json();
    expect(data.period.key).toBe(week.key);
    expect(data.run).toBeNull();
    expect(data.preview!.reviewers.map((r: { count: number }) => r.count)).toEqual([2, 2]);

    const { cookie } = await signIn(clientLead);
    const generated = await previewAction({
      request: formRequest(path, { intent: "generate", period: "2025-07-09" }, cookie),
      params,
      context: context(),
    });
    expect(generated.status).toBe(302);
    expect(generated.headers.get("Location")).toBe(`${path}?period=2025-07-07&generated=1`);

    const after = await (
      await previewLoader({
        request: await requestAs(clientLead, `${path}?period=2025-07-07`),
        params,
        context: context(),
      })
    ).json();
    expect(after.preview).toBeNull();
    expect(after.run!.reviewers.map((r: { assignments: number }) => r.assignments)).toEqual([2, 2]);

    const before = await count(assignments);
    const again = await previewAction({
      request: formRequest(path, { intent: "generate", period: "2025-07-10" }, cookie),
      params,
      context: context(),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { formError: string }).formError).toMatch(/already generated/);
    expect(await count(assignments)).toBe(before);
    expect(
      await db
        .select()
        .from(sampleRuns)
        .where(and(eq(sampleRuns.planId, plan.id))),
    ).toHaveLength(1);
  });

  it("answers 404 to another organisation, and 400 to a bad period", async () => {
    const plan = await createPlan({ reviewers: [clientQa] });
    const vendorLead = await createUser({ organization: vendorA, role: "qa_lead" });
    const path = `/sampling/${plan.id}/preview`;
    const params = { planId: plan.id };
    const hidden = await thrownResponse(async () =>
      previewLoader({ request: await requestAs(vendorLead, path), params, context: context() }),
    );
    expect(hidden.status).toBe(404);
    const { cookie } = await signIn(vendorLead);
    const refused = await thrownResponse(() =>
      previewAction({
        request: formRequest(path, { intent: "generate", period: "2025-07-09" }, cookie),
        params,
        context: context(),
      }),
    );
    expect(refused.status).toBe(404);
    const bad = await previewLoader({
      request: await requestAs(clientLead, `${path}?period=last-tuesday`),
      params,
      context: context(),
    });
    expect(bad.status).toBe(400);
  });
});
