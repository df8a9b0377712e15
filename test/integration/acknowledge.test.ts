import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  auditLog,
  evaluations,
  type Agent,
  type Organization,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import { listWeeklyScores } from "~/models/score-trend.server";
import { loader as homeLoader } from "~/routes/_index";
import { action as evaluationAction, loader as evaluationLoader } from "~/routes/evaluations.$evaluationId";
import { createAgent, createOrganization, createTeam, createUser } from "../factories";
import { createDisputeScorecard, createScoredEvaluation, get, post } from "./dispute-fixtures";

let vendorA: Organization;
let agentA1: Agent;
let agentA2: Agent;
let agentA1User: User;
let agentA2User: User;
let agentBUser: User;
let teamLeadA: User;
let clientLead: User;
let reviewer: User;
let version: ScorecardVersion;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  const vendorB = await createOrganization({ kind: "vendor" });
  const teamA = await createTeam({ vendor: vendorA });
  agentA1User = await createUser({ organization: vendorA, role: "agent" });
  agentA1 = await createAgent({ team: teamA, user: agentA1User });
  agentA2User = await createUser({ organization: vendorA, role: "agent" });
  agentA2 = await createAgent({ team: teamA, user: agentA2User });
  agentBUser = await createUser({ organization: vendorB, role: "agent" });
  await createAgent({ team: await createTeam({ vendor: vendorB }), user: agentBUser });
  teamLeadA = await createUser({ organization: vendorA, role: "team_lead" });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  reviewer = await createUser({ organization: vendorA, role: "qa_specialist" });
  version = await createDisputeScorecard();
});

const acknowledge = (user: User, evaluationId: string, intent = "acknowledge") =>
  post(evaluationAction, user, `/evaluations/${evaluationId}`, { evaluationId }, [["intent", intent]]);
const acknowledgedAt = async (evaluationId: string) =>
  (await db.select().from(evaluations).where(eq(evaluations.id, evaluationId)))[0].acknowledgedAt;
const audits = (evaluationId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, evaluationId), eq(auditLog.action, "evaluation.acknowledge")));

describe("acknowledging an evaluation", () => {
  it("the evaluated agent acknowledges once: the first time is kept and audited once", async () => {
    const e = await createScoredEvaluation({ agent: agentA1, reviewer, version });
    const page = await (
      await get(evaluationLoader, agentA1User, `/evaluations/${e.id}`, { evaluationId: e.id })
    ).json();
    expect(page.actions).toEqual({ acknowledge: true, dispute: { allowed: true }, rescore: false });
    expect(page.acknowledgedAt).toBeNull();

    expect((await acknowledge(agentA1User, e.id)).status).toBe(200);
    const first = await acknowledgedAt(e.id);
    expect(first).toBeInstanceOf(Date);
    expect((await acknowledge(agentA1User, e.id)).status).toBe(200);
    expect(await acknowledgedAt(e.id)).toEqual(first);
    expect(await audits(e.id)).toEqual([
      expect.objectContaining({ actorUserId: agentA1User.id, organizationId: vendorA.id }),
    ]);
    // The lock version guards answers only: acknowledging must not make an open re-score form stale.
    expect((await db.select().from(evaluations).where(eq(evaluations.id, e.id)))[0].lockVersion).toBe(1);

    // Everyone who can see the evaluation sees that it was acknowledged.
    for (const viewer of [agentA1User, teamLeadA, clientLead, reviewer]) {
      const data = await (await get(evaluationLoader, viewer, `/evaluations/${e.id}`, { evaluationId: e.id })).json();
      expect(data.acknowledgedAt, viewer.role).toBe(first!.toISOString());
      expect(data.actions.acknowledge).toBe(false);
    }
  });

  it("a team lead of the vendor cannot acknowledge for the agent (403)", async () => {
    const e = await createScoredEvaluation({ agent: agentA1, reviewer, version });
    const response = await acknowledge(teamLeadA, e.id);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/Only the agent/);
    expect(await acknowledgedAt(e.id)).toBeNull();
  });

  it("another agent, of the same or another vendor, gets 404; an unknown intent 400", async () => {
    const e = await createScoredEvaluation({ agent: agentA1, reviewer, version });
    expect((await acknowledge(agentA2User, e.id)).status).toBe(404);
    expect((await acknowledge(agentBUser, e.id)).status).toBe(404);
    expect((await acknowledge(agentA1User, e.id, "delete")).status).toBe(400);
    expect(await acknowledgedAt(e.id)).toBeNull();
    expect(await audits(e.id)).toEqual([]);
  });
});

describe("the agent's home", () => {
  it("shows the agent's own weekly score trend and unacknowledged count", async () => {
    const user = await createUser({ organization: vendorA, role: "agent" });
    const agent = await createAgent({ team: await createTeam({ vendor: vendorA }), user });
    const first = await createScoredEvaluation({ agent, reviewer, version });
    await createScoredEvaluation({ agent, reviewer, version, answers: { greeting: 1, accuracy: 5, empathy: 3 } });
    await createScoredEvaluation({
      agent: agentA2,
      reviewer,
      version,
      answers: { greeting: 1, accuracy: 5, empathy: 3 },
    });
    await acknowledge(user, first.id);

    const data = await (await get(homeLoader, user, "/", {})).json();
    expect(data.panels.trend).toBe(true);
    expect(data.unacknowledged).toBe(1);
    expect(data.trend).toHaveLength(12);
    // This week: 37.5 and 100 for this agent only (agent A2's 100 is out of scope).
    expect(data.trend.at(-1)).toMatchObject({ evaluations: 2, averageScore: 68.75 });
    expect(data.trend.slice(0, -1).every((w: { averageScore: null }) => w.averageScore === null)).toBe(true);

    const lead = await (await get(homeLoader, teamLeadA, "/", {})).json();
    expect(lead.panels.trend).toBe(false);
    expect(lead.trend).toEqual([]);
  });

  it("groups by week in the viewer's time zone, in SQL, over the last 12 weeks", async () => {
    const user = await createUser({ organization: vendorA, role: "agent" });
    const agent = await createAgent({ team: await createTeam({ vendor: vendorA }), user });
    const scope = scopeFor({
      role: "agent",
      organizationId: vendorA.id,
      organizationKind: "vendor",
      agentId: agent.id,
    });
    const at = (iso: string, answers = { greeting: 1, accuracy: 5, empathy: 3 }) =>
      createScoredEvaluation({ agent, reviewer, version, answers, submittedAt: new Date(iso) });
    await at("2025-06-09T08:00:00Z"); // Monday: 100
    await at("2025-06-10T08:00:00Z", { greeting: 0, accuracy: 2, empathy: 3 }); // 37.5
    await at("2025-06-08T23:30:00Z"); // Sunday in UTC, already Monday 01:30 in Berlin
    await at("2025-05-26T12:00:00Z", { greeting: 0, accuracy: 2, empathy: 3 });
    await at("2025-03-10T12:00:00Z"); // 13 weeks back: outside
    await at("2025-06-12T12:00:00Z"); // after `now`: not yet
    const now = new Date("2025-06-11T12:00:00Z");

    const utc = await listWeeklyScores(scope, { now, timeZone: "UTC" });
    expect(utc.map((w) => w.weekStart)).toEqual([
      "2025-03-24",
      "2025-03-31",
      "2025-04-07",
      "2025-04-14",
      "2025-04-21",
      "2025-04-28",
      "2025-05-05",
      "2025-05-12",
      "2025-05-19",
      "2025-05-26",
      "2025-06-02",
      "2025-06-09",
    ]);
    const byWeek = (rows: typeof utc) =>
      Object.fromEntries(
        rows.filter((w) => w.evaluations > 0).map((w) => [w.weekStart, [w.evaluations, w.averageScore]]),
      );
    expect(byWeek(utc)).toEqual({ "2025-05-26": [1, 37.5], "2025-06-02": [1, 100], "2025-06-09": [2, 68.75] });
    const berlin = await listWeeklyScores(scope, { now, timeZone: "Europe/Berlin" });
    expect(byWeek(berlin)).toEqual({ "2025-05-26": [1, 37.5], "2025-06-09": [3, 79.17] });
  });
});
