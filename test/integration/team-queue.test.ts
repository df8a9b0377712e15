import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { assignments, type Agent, type Organization, type ScorecardVersion, type User } from "../../db/schema";
import { action, loader } from "~/routes/queue.team";
import {
  context,
  createAgent,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  formRequest,
  requestAs,
  signIn,
  thrownResponse,
} from "../factories";

let vendorA: Organization;
let vendorB: Organization;
let leadA: User;
let specialistA: User;
let specialistA2: User;
let specialistB: User;
let clientLead: User;
let agentA: Agent;
let agentB: Agent;
let version: ScorecardVersion;

async function assign(agent: Agent, reviewer: User, dueInDays: number) {
  const interaction = await createInteraction({ agent });
  const [row] = await db
    .insert(assignments)
    .values({
      interactionId: interaction.id,
      reviewerId: reviewer.id,
      scorecardVersionId: version.id,
      vendorId: interaction.vendorId,
      agentId: interaction.agentId,
      dueAt: new Date(Date.now() + dueInDays * 86_400_000),
      createdAt: new Date(Date.now() - 9 * 86_400_000),
    })
    .returning();
  return row;
}

async function load(user: User, search = "") {
  const response = await loader({
    request: await requestAs(user, `/queue/team${search}`),
    params: {},
    context: context(),
  });
  return response.json();
}

beforeAll(async () => {
  const client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  vendorB = await createOrganization({ kind: "vendor" });
  leadA = await createUser({ organization: vendorA, role: "qa_lead" });
  specialistA = await createUser({ organization: vendorA, role: "qa_specialist" });
  specialistA2 = await createUser({ organization: vendorA, role: "qa_specialist" });
  specialistB = await createUser({ organization: vendorB, role: "qa_specialist" });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  agentA = await createAgent({ team: await createTeam({ vendor: vendorA }) });
  agentB = await createAgent({ team: await createTeam({ vendor: vendorB }) });
  version = await createScorecardVersion();
});

describe("the team queue", () => {
  it("shows a vendor lead only their vendor's open work, with overdue counts and aging", async () => {
    const overdue = await assign(agentA, specialistA, -1);
    await assign(agentA, specialistA, 3);
    const other = await assign(agentB, specialistB, -2);
    const data = await load(leadA);
    const ids = data.rows.map((r: { id: string }) => r.id);
    expect(ids).toContain(overdue.id);
    expect(ids).not.toContain(other.id);
    const aging = data.aging.find((r: { reviewerId: string }) => r.reviewerId === specialistA.id);
    expect(aging).toMatchObject({ open: 2, overdue: 1, older: 2 });
    expect(data.reviewers.map((r: { id: string }) => r.id)).not.toContain(specialistB.id);
    const overdueOnly = await load(leadA, "?overdue=1");
    expect(overdueOnly.rows.map((r: { id: string }) => r.id)).toEqual([overdue.id]);
    const client = await load(clientLead);
    expect(client.rows.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([overdue.id, other.id]));
  });

  it("refuses people without the permission (403)", async () => {
    const refused = await thrownResponse(async () =>
      loader({ request: await requestAs(specialistA, "/queue/team"), params: {}, context: context() }),
    );
    expect(refused.status).toBe(403);
  });

  it("reassigns within the rules and answers 404 for another vendor's assignment", async () => {
    const mine = await assign(agentA, specialistA, 2);
    const { cookie } = await signIn(leadA);
    const toOtherVendor = await action({
      request: formRequest(
        "/queue/team",
        { assignmentId: mine.id, lockVersion: "1", reviewerId: specialistB.id },
        cookie,
      ),
      params: {},
      context: context(),
    });
    expect(toOtherVendor.status).toBe(400);
    const moved = await action({
      request: formRequest(
        "/queue/team",
        { assignmentId: mine.id, lockVersion: "1", reviewerId: specialistA2.id },
        cookie,
      ),
      params: {},
      context: context(),
    });
    expect(moved.status).toBe(302);
    expect((await db.select().from(assignments).where(eq(assignments.id, mine.id)))[0].reviewerId).toBe(
      specialistA2.id,
    );

    const theirs = await assign(agentB, specialistB, 2);
    const refused = await thrownResponse(() =>
      action({
        request: formRequest(
          "/queue/team",
          { assignmentId: theirs.id, lockVersion: "1", reviewerId: specialistA.id },
          cookie,
        ),
        params: {},
        context: context(),
      }),
    );
    expect(refused.status).toBe(404);
  });
});
