import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { disputes, evaluationAnswers, evaluations, interactionRootCauses } from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import { aggregateKpis } from "~/models/kpi.server";
import { rebuildKpiRollups } from "~/models/kpi-rollup.server";
import {
  createAgent,
  createEvaluation,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
} from "../factories";

let w: Awaited<ReturnType<typeof world>>;
const from = new Date("2026-11-02T00:00:00Z");
const to = new Date("2026-11-30T00:00:00Z");

async function world() {
  const client = await createOrganization({ kind: "client" });
  const vendorA = await createOrganization({ kind: "vendor" });
  const vendorB = await createOrganization({ kind: "vendor" });
  const agentA = await createAgent({ team: await createTeam({ vendor: vendorA }) });
  const agentB = await createAgent({ team: await createTeam({ vendor: vendorB }) });
  const lead = await createUser({ organization: client, role: "qa_lead" });
  const vendorLead = await createUser({ organization: vendorA, role: "qa_lead" });
  const version = await createScorecardVersion();
  const at = (iso: string) => new Date(iso);
  // Vendor A, week of 9 Nov (UTC): CSAT 5, 1 (DSAT), NPS 10, 3; handle 100 s and 300 s; one escalated; FCR yes, no.
  const a1 = await createInteraction({
    agent: agentA,
    startedAt: at("2026-11-10T10:00:00Z"),
    csat: 5,
    values: { nps: 10, handleTimeSeconds: 100, fcr: true, firstResponseSeconds: 30 },
  });
  const a2 = await createInteraction({
    agent: agentA,
    startedAt: at("2026-11-11T10:00:00Z"),
    csat: 1,
    escalated: true,
    values: { nps: 3, handleTimeSeconds: 300, fcr: false },
  });
  // Sunday 15 Nov 23:30 UTC: still week of 9 Nov in UTC, already Monday 16 Nov in Berlin.
  const a3 = await createInteraction({ agent: agentA, startedAt: at("2026-11-15T23:30:00Z"), csat: null });
  // Vendor B: one interaction, outside vendor A's scope.
  const b1 = await createInteraction({ agent: agentB, startedAt: at("2026-11-10T12:00:00Z"), csat: 2 });
  // Evaluations: a1 scored 100 (all best); a2 with one unmet training-gap answer, disputed and overturned.
  const e1 = await createEvaluation({
    interaction: a1,
    version,
    reviewer: lead,
    submittedAt: at("2026-11-12T09:00:00Z"),
  });
  const e2 = await createEvaluation({
    interaction: a2,
    version,
    reviewer: lead,
    submittedAt: at("2026-11-12T10:00:00Z"),
  });
  const [answer] = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, e2.id)).limit(1);
  await db
    .update(evaluationAnswers)
    .set({ met: false, rootCause: "training_gap" })
    .where(eq(evaluationAnswers.id, answer.id));
  await db.update(evaluations).set({ finalScore: 60, passed: false }).where(eq(evaluations.id, e2.id));
  await db.insert(disputes).values({
    evaluationId: e2.id,
    vendorId: vendorA.id,
    raisedBy: vendorLead.id,
    reason: "x",
    status: "accepted",
  });
  await createEvaluation({ interaction: b1, version, reviewer: lead, submittedAt: at("2026-11-12T11:00:00Z") });
  // A DSAT case tagged by a trainer without an evaluation.
  await db.insert(interactionRootCauses).values({
    interactionId: a3.id,
    vendorId: vendorA.id,
    rootCause: "process_gap",
    taggedBy: lead.id,
  });
  // The fixture edited base tables directly (no write path), so the rollups are rebuilt from them.
  await rebuildKpiRollups();
  return { client, vendorA, vendorB, agentA, lead, vendorLead, e1 };
}

beforeAll(async () => {
  w = await world();
});

const clientScope = () =>
  scopeFor({ role: "qa_lead", organizationId: w.client.id, organizationKind: "client", agentId: null });

describe("aggregateKpis", () => {
  it("adds up interactions, evaluations, errors and disputes per vendor in SQL", async () => {
    const groups = await aggregateKpis({ scope: clientScope(), from, to, groupBy: ["vendor"], timeZone: "UTC" });
    const a = groups.find((g) => g.keys.vendor === w.vendorA.id)!.aggregate;
    expect(a).toMatchObject({
      interactions: 3,
      csatCount: 2,
      csatSum: 6,
      dsatCount: 1,
      npsCount: 2,
      promoters: 1,
      detractors: 1,
      escalated: 1,
      escalatedCsatCount: 1,
      escalatedCsatSum: 1,
      fcrCount: 2,
      fcrYes: 1,
      firstResponseCount: 1,
      firstResponseSum: 30,
      evaluations: 2,
      finalScoreCount: 2,
      finalScoreSum: 160,
      finalScoreSumSq: 100 * 100 + 60 * 60,
      passedCount: 1,
      disputed: 1,
      disputesDecided: 1,
      disputesOverturned: 1,
      // One unmet training-gap answer, plus the tagged DSAT case (process gap).
      errors: 2,
      trainingErrors: 1,
    });
    expect(a.handleTimeSum).toBe(100 + 300 + 90);
    expect(groups.find((g) => g.keys.vendor === w.vendorB.id)!.aggregate.interactions).toBe(1);
  });

  it("never includes another vendor for a vendor user", async () => {
    const scope = scopeFor({
      role: "qa_lead",
      organizationId: w.vendorA.id,
      organizationKind: "vendor",
      agentId: null,
    });
    const groups = await aggregateKpis({ scope, from, to, groupBy: ["vendor"], timeZone: "UTC" });
    expect(groups.map((g) => g.keys.vendor)).toEqual([w.vendorA.id]);
    // Even when the vendor user asks for the other vendor explicitly.
    const asked = await aggregateKpis({
      scope,
      from,
      to,
      groupBy: ["vendor"],
      timeZone: "UTC",
      vendorId: w.vendorB.id,
    });
    expect(asked).toEqual([]);
  });

  it("puts periods in the viewer's time zone", async () => {
    const utc = await aggregateKpis({
      scope: clientScope(),
      from,
      to,
      groupBy: ["period"],
      period: "week",
      timeZone: "UTC",
      vendorId: w.vendorA.id,
    });
    const berlin = await aggregateKpis({
      scope: clientScope(),
      from,
      to,
      groupBy: ["period"],
      period: "week",
      timeZone: "Europe/Berlin",
      vendorId: w.vendorA.id,
    });
    const count = (groups: typeof utc, week: string) =>
      groups.find((g) => g.keys.period === week)?.aggregate.interactions;
    expect(count(utc, "2026-11-09")).toBe(3);
    expect(count(berlin, "2026-11-09")).toBe(2);
    expect(count(berlin, "2026-11-16")).toBe(1);
  });

  it("groups by several dimensions at once", async () => {
    const groups = await aggregateKpis({
      scope: clientScope(),
      from,
      to,
      groupBy: ["vendor", "agent", "channel"],
      timeZone: "UTC",
    });
    const mine = groups.filter((g) => g.keys.agent === w.agentA.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].keys).toEqual({ vendor: w.vendorA.id, agent: w.agentA.id, channel: "chat" });
  });
});

describe("aggregateKpis without dimensions", () => {
  it("returns one total group for the whole scope", async () => {
    const groups = await aggregateKpis({ scope: clientScope(), from, to, groupBy: [], timeZone: "UTC" });
    expect(groups).toHaveLength(1);
    expect(groups[0].keys).toEqual({});
    expect(groups[0].aggregate.interactions).toBe(4);
    expect(groups[0].aggregate.evaluations).toBe(3);
  });
});
