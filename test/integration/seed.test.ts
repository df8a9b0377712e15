import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES_BY_ORGANIZATION_KIND } from "~/domain/permissions";
import { findCriterion, isMet, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "~/domain/scoring";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { verifyPassword } from "~/utils/password.server";
import { db } from "../../db/client.server";
import {
  agents,
  assignments,
  evaluationAnswers,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
} from "../../db/schema";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../../db/seed/generate";
import { isDatabaseEmpty, seedDemoData, type SeedSummary } from "../../db/seed/seed";

const now = new Date("2025-06-02T09:30:00Z");
const count = async (table: PgTable) => Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n);

let summary: SeedSummary;

describe("seedDemoData before scorecards are synced", () => {
  it("refuses with a clear message", async () => {
    await expect(seedDemoData({ interactions: 10, now })).rejects.toThrow(/scorecards:sync/);
  });
});

async function clientId() {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, "client"));
  return row.id;
}

describe("seedDemoData", () => {
  beforeAll(async () => {
    await syncScorecards(path.resolve("scorecards"));
    // The refused run above wrote nothing.
    expect(await isDatabaseEmpty()).toBe(true);
    summary = await seedDemoData({ interactions: 1500, seed: 5, now });
  });

  it("reports and stores the expected counts", async () => {
    expect(await isDatabaseEmpty()).toBe(false);
    expect(summary).toMatchObject({ organizations: 4, users: DEMO_LOGINS.length, interactions: 1500, evaluations: 45 });
    expect(await count(organizations)).toBe(4);
    expect(await count(users)).toBe(summary.users);
    expect(await count(teams)).toBe(summary.teams);
    expect(await count(agents)).toBe(summary.agents);
    expect(await count(interactions)).toBe(1500);
    expect(await count(evaluations)).toBe(summary.evaluations);
    expect(await count(evaluationAnswers)).toBe(summary.evaluationAnswers);
    expect(summary.agents).toBeGreaterThan(70);
  });

  it("creates one user of every role per organisation, in an organisation of the right kind", async () => {
    const rows = await db
      .select({
        email: users.email,
        role: users.role,
        slug: organizations.slug,
        kind: organizations.kind,
        hash: users.passwordHash,
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId));
    for (const org of await db.select().from(organizations)) {
      const roles = rows.filter((r) => r.slug === org.slug).map((r) => r.role);
      for (const role of ROLES_BY_ORGANIZATION_KIND[org.kind]) expect(roles).toContain(role);
      expect(roles.filter((r) => r === "qa_specialist")).toHaveLength(2);
    }
    for (const login of DEMO_LOGINS) {
      const row = rows.find((r) => r.email === login.email);
      expect(row).toMatchObject({ role: login.role, slug: login.organization, kind: login.organizationKind });
    }
    expect(await verifyPassword(rows[0].hash, DEMO_PASSWORD)).toBe(true);
  });

  it("links each vendor's agent user to an agent of the same vendor", async () => {
    const linked = await db
      .select({ email: users.email, userOrg: users.organizationId, agentVendor: agents.vendorId })
      .from(agents)
      .innerJoin(users, eq(users.id, agents.userId));
    expect(linked.map((l) => l.email).sort()).toEqual([
      "agent@acme.example",
      "agent@beacon.example",
      "agent@cobalt.example",
    ]);
    for (const l of linked) expect(l.agentVendor).toBe(l.userOrg);
  });

  it("stores evaluation scores equal to the scoring engine's result on the stored answers", async () => {
    const rows = await db
      .select({ evaluation: evaluations, definition: scorecardVersions.definition })
      .from(evaluations)
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId));
    const answers = await db.select().from(evaluationAnswers);
    expect(rows.length).toBe(summary.evaluations);
    for (const { evaluation, definition } of rows) {
      const own: Answers = Object.fromEntries(
        answers.filter((a) => a.evaluationId === evaluation.id).map((a) => [a.criterionKey, a.na ? "na" : a.value]),
      );
      const result = scoreEvaluation(definition as ScorecardDefinition, own);
      expect(result.complete).toBe(true);
      expect(evaluation.rawScore).toBeCloseTo(result.rawScore!, 2);
      expect(evaluation.finalScore).toBeCloseTo(result.finalScore!, 2);
      expect(evaluation.passed).toBe(result.passed);
      expect(evaluation.criticalFailed).toBe(result.criticalFailures.length > 0);
      expect(evaluation).toMatchObject({ kind: "standard", status: "submitted" });
      // `met` is stored for SQL failure rates: it must agree with the criterion's pass mark.
      for (const answer of answers.filter((a) => a.evaluationId === evaluation.id)) {
        const criterion = findCriterion(definition as ScorecardDefinition, answer.criterionKey)!;
        expect(answer.met).toBe(answer.na ? null : isMet(criterion, answer.value!));
      }
    }
  });

  it("copies vendor and agent from the interaction, uses the channel's scorecard, and submits after the contact", async () => {
    const rows = await db
      .select({
        evaluationVendor: evaluations.vendorId,
        evaluationAgent: evaluations.agentId,
        submittedAt: evaluations.submittedAt,
        interactionVendor: interactions.vendorId,
        interactionAgent: interactions.agentId,
        channel: interactions.channel,
        startedAt: interactions.startedAt,
        endedAt: interactions.endedAt,
        slug: scorecards.slug,
        version: scorecardVersions.number,
      })
      .from(evaluations)
      .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
      .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId));
    const expectedSlug = { chat: "chat-support", call: "voice-call", email: "email-support" };
    for (const r of rows) {
      expect(r.evaluationVendor).toBe(r.interactionVendor);
      expect(r.evaluationAgent).toBe(r.interactionAgent);
      expect(r.slug).toBe(expectedSlug[r.channel]);
      if (r.slug === "chat-support") {
        const older = now.getTime() - r.startedAt.getTime() > 42 * 86_400_000;
        expect(r.version).toBe(older ? 1 : 2);
      }
      expect(r.submittedAt!.getTime()).toBeGreaterThan(r.endedAt.getTime());
      expect(r.submittedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("reviews by the interaction's vendor most of the time and by the client sometimes", async () => {
    const rows = await db
      .select({
        vendorId: evaluations.vendorId,
        reviewerOrg: users.organizationId,
        role: users.role,
        kind: organizations.kind,
      })
      .from(evaluations)
      .innerJoin(users, eq(users.id, evaluations.reviewerId))
      .innerJoin(organizations, eq(organizations.id, users.organizationId));
    for (const r of rows) {
      expect(["qa_specialist", "qa_lead"]).toContain(r.role);
      if (r.kind === "vendor") expect(r.reviewerOrg).toBe(r.vendorId);
    }
    expect(rows.filter((r) => r.kind === "vendor").length).toBeGreaterThan(rows.length / 2);
  });

  it("gives each QA reviewer a few open assignments of unevaluated interactions in their scope", async () => {
    const rows = await db
      .select({ assignment: assignments, reviewerOrg: users.organizationId, interactionVendor: interactions.vendorId })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.reviewerId))
      .innerJoin(interactions, eq(interactions.id, assignments.interactionId));
    expect(rows.length).toBe(summary.openAssignments);
    expect(rows.length).toBeGreaterThan(0);
    const perReviewer = new Map<string, number>();
    for (const { assignment, reviewerOrg, interactionVendor } of rows) {
      perReviewer.set(assignment.reviewerId, (perReviewer.get(assignment.reviewerId) ?? 0) + 1);
      expect(assignment.status).toBe("pending");
      expect(assignment.vendorId).toBe(interactionVendor);
      const reviewerIsVendor = reviewerOrg !== (await clientId());
      if (reviewerIsVendor) expect(reviewerOrg).toBe(interactionVendor);
    }
    expect(Math.max(...perReviewer.values())).toBeLessThanOrEqual(6);
    const evaluated = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(assignments)
      .innerJoin(evaluations, eq(evaluations.interactionId, assignments.interactionId));
    expect(Number(evaluated[0].n)).toBe(0);
  });

  it("stores transcripts as JSON arrays of turns", async () => {
    const [row] = await db.select({ transcript: interactions.transcript }).from(interactions).limit(1);
    expect(Array.isArray(row.transcript)).toBe(true);
    expect(row.transcript[0]).toMatchObject({
      speaker: expect.any(String),
      atSeconds: expect.any(Number),
      text: expect.any(String),
    });
  });
});
