import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { evaluations, type Agent, type Organization, type User } from "../../db/schema";
import { computeSampleSize } from "~/domain/margin-of-error";
import { scopeFor } from "~/domain/permissions";
import { getAgentScoreStats } from "~/models/sampling-stats.server";
import { loader as agentLoader } from "~/routes/agents.$agentId";
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
  requestAs,
} from "../factories";

// The agent page's "Sample size" panel: n, mean and s over submitted standard evaluations, in SQL and in scope.

let vendorA: Organization;
let vendorB: Organization;
let agent: Agent;
let lead: User;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  vendorB = await createOrganization({ kind: "vendor" });
  agent = await createAgent({ team: await createTeam({ vendor: vendorA }) });
  lead = await createUser({ organization: client, role: "qa_lead" });
  const version = await createScorecardVersion();
  const scored = async (finalScore: number, change: Partial<typeof evaluations.$inferInsert> = {}) => {
    const evaluation = await createEvaluation({
      interaction: await createInteraction({ agent }),
      version,
      reviewer: lead,
    });
    await db
      .update(evaluations)
      .set({ finalScore, ...change })
      .where(eq(evaluations.id, evaluation.id));
  };
  for (const score of [70, 80, 90, 100]) await scored(score);
  // Neither a draft nor a calibration evaluation counts.
  await scored(0, { status: "draft", submittedAt: null });
  const session = await createCalibrationSession({ facilitator: lead, version, interactions: [], participants: [] });
  await scored(0, { kind: "calibration", calibrationSessionId: session.id });
});

describe("agent score statistics", () => {
  it("computes n, mean and the sample standard deviation in SQL", async () => {
    const stats = await getAgentScoreStats(
      scopeFor({ role: "qa_lead", organizationId: "x", organizationKind: "client", agentId: null }),
      agent.id,
    );
    expect(stats.n).toBe(4);
    expect(stats.mean).toBeCloseTo(85, 10);
    expect(stats.sd).toBeCloseTo(Math.sqrt(500 / 3), 10); // deviations 15, 5, 5, 15 over n - 1 = 3
  });

  it("is limited to the caller's scope", async () => {
    const otherVendor = scopeFor({
      role: "qa_lead",
      organizationId: vendorB.id,
      organizationKind: "vendor",
      agentId: null,
    });
    expect(await getAgentScoreStats(otherVendor, agent.id)).toEqual({ n: 0, mean: null, sd: null });
    expect(await getAgentScoreStats(otherVendor, "not-a-uuid")).toEqual({ n: 0, mean: null, sd: null });
  });

  it("feeds the agent page's margin of error and evaluations still needed", async () => {
    const response = await agentLoader({
      request: await requestAs(lead, `/agents/${agent.id}`),
      params: { agentId: agent.id },
      context: context(),
    });
    const data = await response.json();
    expect(data.scoreStats).toMatchObject({ n: 4, mean: 85 });
    // t(0.975, 3) = 3.1824: ±20.5 points; ±5 needs 29 in all (2.0484 · 12.91 / √29 = 4.91; 28 give 5.006), 25 more.
    expect(data.sampleSize).toMatchObject({ status: "ok", n: 4, additionalNeeded: 25 });
    expect(data.sampleSize.status === "ok" && data.sampleSize.margin).toBeCloseTo(20.54, 2);
    expect(data.sampleSize).toEqual(computeSampleSize({ n: 4, sd: Math.sqrt(500 / 3) }));
  });
});
