import { beforeAll, describe, expect, it } from "vitest";
import type { Agent, Evaluation, Interaction, Organization, User } from "../../db/schema";
import { scopeFor, type Scope } from "~/domain/permissions";
import { listAgents } from "~/models/agent.server";
import { listEvaluations } from "~/models/evaluation.server";
import { getVendorSummaries } from "~/models/overview.server";
import { loader as agentLoader } from "~/routes/agents.$agentId";
import { loader as evaluationLoader } from "~/routes/evaluations.$evaluationId";
import { loader as interactionLoader } from "~/routes/interactions.$interactionId";
import { loader as usersLoader } from "~/routes/admin.users._index";
import {
  context,
  createAgent,
  createEvaluation,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  requestAs,
  thrownResponse,
} from "../factories";

// Tenant isolation: vendor users never see another vendor's agents, interactions or evaluations, and an
// agent-role user sees only their own. Loaders are called as Remix calls them, with a real session cookie.

type World = {
  client: Organization;
  vendorA: Organization;
  vendorB: Organization;
  agentA1: Agent;
  agentA2: Agent;
  agentB1: Agent;
  interactionA1: Interaction;
  interactionA2: Interaction;
  interactionB1: Interaction;
  evaluationA1: Evaluation;
  evaluationA2: Evaluation;
  evaluationB1: Evaluation;
  clientQa: User;
  vendorAQa: User;
  vendorAQaLead: User;
  agentA1User: User;
};
let w: World;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client", name: "Client Co" });
  const vendorA = await createOrganization({ kind: "vendor", name: "Vendor A" });
  const vendorB = await createOrganization({ kind: "vendor", name: "Vendor B" });
  const teamA = await createTeam({ vendor: vendorA });
  const teamB = await createTeam({ vendor: vendorB });
  const agentA1User = await createUser({ organization: vendorA, role: "agent" });
  const agentA1 = await createAgent({ team: teamA, name: "Alice A1", user: agentA1User });
  const agentA2 = await createAgent({ team: teamA, name: "Aaron A2" });
  const agentB1 = await createAgent({ team: teamB, name: "Bella B1" });
  const clientQa = await createUser({ organization: client, role: "qa_specialist" });
  const vendorAQa = await createUser({ organization: vendorA, role: "qa_specialist" });
  const vendorAQaLead = await createUser({ organization: vendorA, role: "qa_lead" });
  const vendorBQa = await createUser({ organization: vendorB, role: "qa_specialist" });
  const version = await createScorecardVersion();
  const interactionA1 = await createInteraction({ agent: agentA1, csat: 5 });
  const interactionA2 = await createInteraction({ agent: agentA2, csat: 3 });
  const interactionB1 = await createInteraction({ agent: agentB1, csat: 1, escalated: true });
  const evaluationA1 = await createEvaluation({ interaction: interactionA1, version, reviewer: vendorAQa });
  const evaluationA2 = await createEvaluation({ interaction: interactionA2, version, reviewer: vendorAQa });
  const evaluationB1 = await createEvaluation({
    interaction: interactionB1,
    version,
    reviewer: vendorBQa,
    answers: { greeting: 0, accuracy: 1 },
  });
  w = {
    client,
    vendorA,
    vendorB,
    agentA1,
    agentA2,
    agentB1,
    interactionA1,
    interactionA2,
    interactionB1,
    evaluationA1,
    evaluationA2,
    evaluationB1,
    clientQa,
    vendorAQa,
    vendorAQaLead,
    agentA1User,
  };
});

const args = async (user: User | null, pathname: string, params: Record<string, string>) => ({
  request: await requestAs(user, pathname),
  params,
  context: context(),
});

const loadAgent = async (user: User | null, agentId: string) =>
  agentLoader(await args(user, `/agents/${agentId}`, { agentId }));
const loadInteraction = async (user: User | null, interactionId: string) =>
  interactionLoader(await args(user, `/interactions/${interactionId}`, { interactionId }));
const loadEvaluation = async (user: User | null, evaluationId: string) =>
  evaluationLoader(await args(user, `/evaluations/${evaluationId}`, { evaluationId }));

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  return (await thrownResponse(run)).status;
}

function scopeOf(user: User, organization: Organization, agentId: string | null = null): Scope {
  return scopeFor({ role: user.role, organizationId: organization.id, organizationKind: organization.kind, agentId });
}

describe("vendor staff see only their own vendor through the route loaders", () => {
  it("answers 404 for vendor B's agent, interaction and evaluation", async () => {
    expect(await statusOf(() => loadAgent(w.vendorAQa, w.agentB1.id))).toBe(404);
    expect(await statusOf(() => loadInteraction(w.vendorAQa, w.interactionB1.id))).toBe(404);
    expect(await statusOf(() => loadEvaluation(w.vendorAQa, w.evaluationB1.id))).toBe(404);
  });

  it("serves vendor A's agent, interaction and evaluation", async () => {
    const agent = await (await loadAgent(w.vendorAQa, w.agentA1.id)).json();
    expect(agent.agent).toMatchObject({ id: w.agentA1.id, name: "Alice A1", vendorName: "Vendor A" });
    expect(agent.evaluations.map((e: { id: string }) => e.id)).toEqual([w.evaluationA1.id]);
    expect(agent.interactions.map((i: { id: string }) => i.id)).toEqual([w.interactionA1.id]);

    const interaction = await (await loadInteraction(w.vendorAQa, w.interactionA1.id)).json();
    expect(interaction.interaction).toMatchObject({ id: w.interactionA1.id, vendorName: "Vendor A" });
    expect(interaction.interaction.transcript).toHaveLength(3);

    const evaluation = await (await loadEvaluation(w.vendorAQa, w.evaluationA1.id)).json();
    expect(evaluation.evaluation).toMatchObject({
      id: w.evaluationA1.id,
      agentId: w.agentA1.id,
      finalScore: 100,
      passed: true,
    });
    expect(evaluation.evaluation.answers.map((a: { criterionKey: string }) => a.criterionKey)).toEqual([
      "accuracy",
      "greeting",
    ]);
  });
});

describe("client staff see every vendor", () => {
  it("serves both vendors' records", async () => {
    for (const agent of [w.agentA1, w.agentB1]) {
      expect((await (await loadAgent(w.clientQa, agent.id)).json()).agent.id).toBe(agent.id);
    }
    for (const interaction of [w.interactionA1, w.interactionB1]) {
      expect((await (await loadInteraction(w.clientQa, interaction.id)).json()).interaction.id).toBe(interaction.id);
    }
    for (const evaluation of [w.evaluationA1, w.evaluationB1]) {
      expect((await (await loadEvaluation(w.clientQa, evaluation.id)).json()).evaluation.id).toBe(evaluation.id);
    }
  });
});

describe("an agent-role user sees only their own agent record's data", () => {
  it("sees their own evaluation and interaction", async () => {
    const evaluation = await (await loadEvaluation(w.agentA1User, w.evaluationA1.id)).json();
    expect(evaluation.evaluation.id).toBe(w.evaluationA1.id);
    expect(evaluation.canSeeAgent).toBe(false);
    const interaction = await (await loadInteraction(w.agentA1User, w.interactionA1.id)).json();
    expect(interaction.interaction.id).toBe(w.interactionA1.id);
  });

  it("gets 404 for a colleague's evaluation and interaction at the same vendor", async () => {
    expect(await statusOf(() => loadEvaluation(w.agentA1User, w.evaluationA2.id))).toBe(404);
    expect(await statusOf(() => loadInteraction(w.agentA1User, w.interactionA2.id))).toBe(404);
  });
});

describe("model queries for a vendor scope contain no other vendor's rows", () => {
  it("listAgents", async () => {
    const vendorA = await listAgents(scopeOf(w.vendorAQa, w.vendorA));
    expect(vendorA.map((a) => a.id).sort()).toEqual([w.agentA1.id, w.agentA2.id].sort());
    expect(vendorA.every((a) => a.vendorName === "Vendor A")).toBe(true);
    // Even asking for vendor B explicitly returns nothing.
    expect(await listAgents(scopeOf(w.vendorAQa, w.vendorA), { vendorId: w.vendorB.id })).toEqual([]);
    // The client sees all three, which shows the filter above is doing the work.
    expect(await listAgents(scopeOf(w.clientQa, w.client))).toHaveLength(3);
  });

  it("listEvaluations", async () => {
    const vendorA = await listEvaluations(scopeOf(w.vendorAQa, w.vendorA));
    expect(vendorA.map((e) => e.id).sort()).toEqual([w.evaluationA1.id, w.evaluationA2.id].sort());
    expect(await listEvaluations(scopeOf(w.vendorAQa, w.vendorA), { agentId: w.agentB1.id })).toEqual([]);
    expect(await listEvaluations(scopeOf(w.clientQa, w.client))).toHaveLength(3);
  });

  it("getVendorSummaries", async () => {
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const vendorA = await getVendorSummaries(scopeOf(w.vendorAQa, w.vendorA), since);
    expect(vendorA).toHaveLength(1);
    // Vendor A: CSAT 5 and 3, no escalation; vendor B's CSAT 1 and escalation must not leak into it.
    expect(vendorA[0]).toMatchObject({
      id: w.vendorA.id,
      interactions: 2,
      averageCsat: 4,
      escalationRate: 0,
      evaluations: 2,
    });
    const all = await getVendorSummaries(scopeOf(w.clientQa, w.client), since);
    expect(all.map((v) => v.id).sort()).toEqual([w.vendorA.id, w.vendorB.id].sort());
  });
});

describe("ids, sign-in and permissions", () => {
  it("answers 404, not 500, for a malformed id", async () => {
    expect(await statusOf(() => loadAgent(w.clientQa, "not-a-uuid"))).toBe(404);
    expect(await statusOf(() => loadInteraction(w.clientQa, "123"))).toBe(404);
    expect(await statusOf(() => loadEvaluation(w.clientQa, "'; drop table evaluations; --"))).toBe(404);
  });

  it("redirects an unauthenticated request to /login with a way back", async () => {
    const response = await thrownResponse(() => loadEvaluation(null, w.evaluationA1.id));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, "http://localhost");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(`/evaluations/${w.evaluationA1.id}`);
  });

  it("answers 403 to a role without the permission", async () => {
    // Agents may not browse agent profiles, not even their own.
    expect(await statusOf(() => loadAgent(w.agentA1User, w.agentA1.id))).toBe(403);
    // A vendor QA lead is not an admin.
    const request = await requestAs(w.vendorAQaLead, "/admin/users");
    expect(await statusOf(() => usersLoader({ request, params: {}, context: context() }))).toBe(403);
  });
});
