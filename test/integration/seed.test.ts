import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { alias, type PgTable } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { CalibrationMetrics } from "~/domain/calibration-metrics";
import { checkDisputeProposals } from "~/domain/dispute-items";
import { disputeOutcome } from "~/domain/dispute-status";
import { ROLES_BY_ORGANIZATION_KIND } from "~/domain/permissions";
import { findCriterion, isMet, ROOT_CAUSES, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "~/domain/scoring";
import { listPendingCalibrations } from "~/models/calibration.server";
import { computeSessionMetrics } from "~/models/calibration-results.server";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { verifyPassword } from "~/utils/password.server";
import { closeDatabase, db, getDatabase } from "../../db/client.server";
import { migrateDatabase } from "../../db/migrate";
import {
  agents,
  assignments,
  calibrationConsensus,
  calibrationItems,
  calibrationNotes,
  calibrationParticipants,
  calibrationSessions,
  disputeItems,
  disputes,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  interactionRootCauses,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
} from "../../db/schema";
import { createBulkWriter } from "../../db/seed/copy";
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
    expect(summary).toMatchObject({ organizations: 4, users: DEMO_LOGINS.length, interactions: 1500 });
    // The 45 sampled, plus a few recent ones for each agent who can sign in (3 vendors x up to 6).
    expect(summary.evaluations).toBeGreaterThan(45);
    expect(summary.evaluations).toBeLessThanOrEqual(45 + 3 * 6);
    expect(await count(organizations)).toBe(4);
    expect(await count(users)).toBe(summary.users);
    expect(await count(teams)).toBe(summary.teams);
    expect(await count(agents)).toBe(summary.agents);
    expect(await count(interactions)).toBe(1500);
    expect(await count(evaluations)).toBe(summary.evaluations + summary.calibrationEvaluations);
    expect(await count(evaluationAnswers)).toBe(summary.evaluationAnswers + summary.calibrationAnswers);
    expect(summary.agents).toBeGreaterThan(70);
  });

  it("gives agents who sign in recent evaluations of their own", async () => {
    const linked = await db.select({ id: agents.id }).from(agents).where(isNotNull(agents.userId));
    expect(linked).toHaveLength(3);
    for (const agent of linked) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(evaluations)
        .where(
          and(
            eq(evaluations.agentId, agent.id),
            eq(evaluations.kind, "standard"),
            gte(evaluations.submittedAt, new Date(now.getTime() - 42 * 86_400_000)),
          ),
        );
      expect(row.n).toBeGreaterThanOrEqual(3);
    }
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
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
      .where(eq(evaluations.kind, "standard"));
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
      .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
      .where(eq(evaluations.kind, "standard"));
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
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(evaluations.kind, "standard"));
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

  describe("calibration sessions", () => {
    const byEmail = async () => new Map((await db.select().from(users)).map((u) => [u.email, u]));
    const sessions = () => db.select().from(calibrationSessions).orderBy(asc(calibrationSessions.createdAt));
    const participantEmails = async (sessionId: string) =>
      (
        await db
          .select({ email: users.email })
          .from(calibrationParticipants)
          .innerJoin(users, eq(users.id, calibrationParticipants.userId))
          .where(eq(calibrationParticipants.sessionId, sessionId))
      )
        .map((r) => r.email)
        .sort();

    it("seeds five finalized rounds, one open and one draft, counted in the summary", async () => {
      const rows = await sessions();
      expect(summary.calibrationSessions).toBe(7);
      expect(rows.map((r) => r.status)).toEqual([
        "finalized",
        "finalized",
        "finalized",
        "finalized",
        "finalized",
        "open",
        "draft",
      ]);
      const lead = (await byEmail()).get("qa-lead@northwind.example")!;
      for (const r of rows) expect(r).toMatchObject({ facilitatorId: lead.id, organizationId: await clientId() });
      expect(await count(calibrationSessions)).toBe(summary.calibrationSessions);
    });

    it("freezes results for each finalized round, in which every reviewer has a numeric alignment", async () => {
      const finalized = (await sessions()).filter((r) => r.status === "finalized");
      expect(finalized).toHaveLength(5);
      const oldest = finalized[0].finalizedAt!.getTime();
      expect(now.getTime() - oldest).toBeLessThanOrEqual(10 * 7 * 86_400_000);
      for (const [i, s] of finalized.entries()) {
        expect(s.openedAt!.getTime()).toBeLessThan(s.deadline.getTime());
        expect(s.deadline.getTime()).toBeLessThan(s.revealedAt!.getTime());
        expect(s.revealedAt!.getTime()).toBeLessThan(s.finalizedAt!.getTime());
        expect(s.finalizedAt!.getTime()).toBeLessThan(now.getTime());
        if (i > 0) expect(s.finalizedAt!.getTime() - finalized[i - 1].finalizedAt!.getTime()).toBe(14 * 86_400_000);

        const results = s.results as CalibrationMetrics;
        expect(results).not.toBeNull();
        const participants = await participantEmails(s.id);
        expect(participants.length).toBeGreaterThanOrEqual(5);
        expect(participants.length).toBeLessThanOrEqual(7);
        expect(results.reviewers).toHaveLength(participants.length);
        for (const r of results.reviewers) {
          expect(r.submitted).toBe(true);
          expect(r.alignment).toEqual(expect.any(Number));
        }
        expect(results.referenceComplete).toBe(true);
        // Frozen from the stored rows, exactly as finalize would.
        expect(await computeSessionMetrics(db, s.id)).toEqual(results);

        const items = await db
          .select({ channel: interactions.channel, vendorId: interactions.vendorId, slug: scorecards.slug })
          .from(calibrationItems)
          .innerJoin(interactions, eq(interactions.id, calibrationItems.interactionId))
          .innerJoin(calibrationSessions, eq(calibrationSessions.id, calibrationItems.sessionId))
          .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
          .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
          .where(eq(calibrationItems.sessionId, s.id));
        expect(items.length).toBeGreaterThanOrEqual(4);
        expect(items.length).toBeLessThanOrEqual(5);
        expect(new Set(items.map((it) => it.vendorId)).size).toBeGreaterThan(1);
        for (const it of items) expect(it).toMatchObject({ channel: "chat", slug: "chat-support" });

        const consensus = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(calibrationConsensus)
          .where(eq(calibrationConsensus.sessionId, s.id));
        const criteria = results.criteria.length;
        expect(Number(consensus[0].n)).toBe(items.length * criteria);
        const notes = await db.select().from(calibrationNotes).where(eq(calibrationNotes.sessionId, s.id));
        expect(notes.length).toBeGreaterThanOrEqual(2);
      }
      // Cobalt starts out lenient and converges: its party alignment improves from the first round to the last.
      const [cobalt] = await db.select().from(organizations).where(eq(organizations.slug, "cobalt"));
      const cobaltAlignment = (s: (typeof finalized)[number]) =>
        (s.results as CalibrationMetrics).parties.find((p) => p.key === cobalt.id)!.alignment!;
      expect(cobaltAlignment(finalized[4])).toBeGreaterThan(cobaltAlignment(finalized[0]));
    });

    it("stores submitted calibration evaluations scored by the engine, on interactions no queue holds", async () => {
      const rows = await db
        .select({ evaluation: evaluations, definition: scorecardVersions.definition })
        .from(evaluations)
        .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
        .where(eq(evaluations.kind, "calibration"));
      expect(rows.length).toBe(summary.calibrationEvaluations);
      expect(rows.length).toBeGreaterThan(0);
      const ids = rows.map((r) => r.evaluation.id);
      const answers = await db.select().from(evaluationAnswers).where(inArray(evaluationAnswers.evaluationId, ids));
      expect(answers.length).toBe(summary.calibrationAnswers);
      for (const { evaluation, definition } of rows) {
        expect(evaluation).toMatchObject({ status: "submitted", calibrationSessionId: expect.any(String) });
        const [session] = await db
          .select()
          .from(calibrationSessions)
          .where(eq(calibrationSessions.id, evaluation.calibrationSessionId!));
        expect(evaluation.scorecardVersionId).toBe(session.scorecardVersionId);
        const [item] = await db
          .select()
          .from(calibrationItems)
          .where(
            and(
              eq(calibrationItems.sessionId, session.id),
              eq(calibrationItems.interactionId, evaluation.interactionId),
            ),
          );
        expect(item).toBeDefined();
        expect(await participantEmails(session.id)).not.toHaveLength(0);
        const own = answers.filter((a) => a.evaluationId === evaluation.id);
        const result = scoreEvaluation(
          definition as ScorecardDefinition,
          Object.fromEntries(own.map((a) => [a.criterionKey, a.na ? "na" : a.value])) as Answers,
        );
        expect(result.complete).toBe(true);
        expect(evaluation.finalScore).toBeCloseTo(result.finalScore!, 2);
        expect(evaluation.criticalFailed).toBe(result.criticalFailures.length > 0);
        for (const a of own) {
          const criterion = findCriterion(definition as ScorecardDefinition, a.criterionKey)!;
          expect(a.met).toBe(a.na ? null : isMet(criterion, a.value!));
          if (a.met === false && criterion.rootCauses.length > 0) expect(criterion.rootCauses).toContain(a.rootCause);
        }
        expect(evaluation.submittedAt!.getTime()).toBeGreaterThan(session.openedAt!.getTime());
        expect(evaluation.submittedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      // Calibration items never touch the seeded queues or evaluations.
      const shared = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(calibrationItems)
        .where(
          sql`exists (select 1 from ${evaluations} where ${evaluations.interactionId} = ${calibrationItems.interactionId} and ${evaluations.kind} = 'standard')
            or exists (select 1 from ${assignments} where ${assignments.interactionId} = ${calibrationItems.interactionId})`,
        );
      expect(Number(shared[0].n)).toBe(0);
    });

    it("leaves an open round waiting for three participants, and a draft with two interactions", async () => {
      const rows = await sessions();
      const open = rows.find((r) => r.status === "open")!;
      expect(open.openedAt!.getTime()).toBeLessThan(now.getTime());
      expect(open.deadline.getTime()).toBeGreaterThan(now.getTime());
      expect(open.results).toBeNull();
      expect(await participantEmails(open.id)).toEqual(
        [
          "qa-specialist@northwind.example",
          "client-reviewer@northwind.example",
          "qa-specialist@acme.example",
          "qa-specialist@beacon.example",
        ].sort(),
      );
      const people = await byEmail();
      for (const email of [
        "qa-specialist@northwind.example",
        "client-reviewer@northwind.example",
        "qa-specialist@acme.example",
      ]) {
        const pending = await listPendingCalibrations(people.get(email)!.id);
        expect(pending).toEqual([expect.objectContaining({ id: open.id, title: open.title, submitted: 0 })]);
        expect(pending[0].items).toBeGreaterThan(0);
      }
      expect(await listPendingCalibrations(people.get("qa-specialist@beacon.example")!.id)).toEqual([]);
      const beaconSubmitted = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(evaluations)
        .where(
          and(
            eq(evaluations.calibrationSessionId, open.id),
            eq(evaluations.reviewerId, people.get("qa-specialist@beacon.example")!.id),
            eq(evaluations.status, "submitted"),
          ),
        );
      const openItems = await db.select().from(calibrationItems).where(eq(calibrationItems.sessionId, open.id));
      expect(Number(beaconSubmitted[0].n)).toBe(openItems.length);

      const draft = rows.find((r) => r.status === "draft")!;
      expect(draft).toMatchObject({ openedAt: null, revealedAt: null, finalizedAt: null, results: null });
      expect(await db.select().from(calibrationItems).where(eq(calibrationItems.sessionId, draft.id))).toHaveLength(2);
      expect(await participantEmails(draft.id)).toEqual([]);
    });
  });

  // Last: empties the database and seeds it again.
  it("seeds the same calibration sessions and results again from the same seed", async () => {
    const snapshot = async () =>
      (await db.select().from(calibrationSessions).orderBy(asc(calibrationSessions.createdAt))).map((s) => ({
        id: s.id,
        title: s.title,
        status: s.status,
        deadline: s.deadline,
        results: s.results,
      }));
    const first = await snapshot();
    const tables = (await db.execute<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public'`,
    )) as unknown as { tablename: string }[] | { rows: { tablename: string }[] };
    const names = (Array.isArray(tables) ? tables : tables.rows).map((t) => `"public"."${t.tablename}"`);
    await db.execute(sql.raw(`truncate table ${names.join(", ")} cascade`));
    expect(await isDatabaseEmpty()).toBe(true);
    await syncScorecards(path.resolve("scorecards"));
    const again = await seedDemoData({ interactions: 1500, seed: 5, now });
    expect(again).toEqual(summary);
    expect(await snapshot()).toEqual(first);
  });
});

describe("seedDemoData: disputes, DSAT tags and the COPY writer", () => {
  const seedOptions = { interactions: 3000, evaluations: 300, seed: 7, now };
  let big: SeedSummary;

  async function emptyAndSync() {
    const tables = (await db.execute<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public'`,
    )) as unknown as { tablename: string }[] | { rows: { tablename: string }[] };
    const names = (Array.isArray(tables) ? tables : tables.rows).map((t) => `"public"."${t.tablename}"`);
    await db.execute(sql.raw(`truncate table ${names.join(", ")} cascade`));
    await syncScorecards(path.resolve("scorecards"));
  }

  beforeAll(async () => {
    await emptyAndSync();
    big = await seedDemoData(seedOptions);
  });

  it("counts disputes, their items, the revisions accepted ones made and the DSAT tags in the summary", async () => {
    expect(await count(disputes)).toBe(big.disputes);
    expect(await count(disputeItems)).toBe(big.disputeItems);
    expect(await count(evaluationRevisions)).toBe(big.evaluationRevisions);
    expect(await count(interactionRootCauses)).toBe(big.dsatTags);
    // About 3% of the evaluations of agents without a login.
    expect(big.disputes).toBeGreaterThanOrEqual(6);
    expect(big.disputes).toBeLessThanOrEqual(12);
    expect(big.evaluationRevisions).toBeGreaterThan(0);
    const statuses = await db.select({ status: disputes.status }).from(disputes);
    expect(statuses.filter((s) => s.status === "open")).toHaveLength(Math.floor(big.disputes * 0.15));
    expect(new Set(statuses.map((s) => s.status)).size).toBeGreaterThanOrEqual(3);
  });

  it("stores disputes the dispute rules allow: one per evaluation, in the window, decided by someone else", async () => {
    const raisers = alias(users, "raisers");
    const resolvers = alias(users, "resolvers");
    const rows = await db
      .select({
        dispute: disputes,
        evaluation: evaluations,
        definition: scorecardVersions.definition,
        agentUserId: agents.userId,
        raiser: raisers,
        resolver: resolvers,
      })
      .from(disputes)
      .innerJoin(evaluations, eq(evaluations.id, disputes.evaluationId))
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
      .innerJoin(agents, eq(agents.id, evaluations.agentId))
      .innerJoin(raisers, eq(raisers.id, disputes.raisedBy))
      .leftJoin(resolvers, eq(resolvers.id, disputes.resolverId));
    expect(rows).toHaveLength(big.disputes);
    expect(new Set(rows.map((r) => r.evaluation.id)).size).toBe(rows.length);
    const [client] = await db.select().from(organizations).where(eq(organizations.kind, "client"));
    for (const { dispute, evaluation, definition, agentUserId, raiser, resolver } of rows) {
      const def = definition as ScorecardDefinition;
      expect(evaluation).toMatchObject({ kind: "standard", status: "submitted", vendorId: dispute.vendorId });
      // Never on an agent who can sign in: their pages and the dispute e2e start undisputed.
      expect(agentUserId).toBeNull();
      expect(raiser).toMatchObject({ role: "team_lead", organizationId: dispute.vendorId });
      const submitted = evaluation.submittedAt!.getTime();
      expect(dispute.raisedAt.getTime()).toBeGreaterThan(submitted);
      expect(dispute.raisedAt.getTime()).toBeLessThanOrEqual(submitted + (def.disputeWindowDays ?? 14) * 86_400_000);
      const items = await db.select().from(disputeItems).where(eq(disputeItems.disputeId, dispute.id));
      const answers = await db
        .select()
        .from(evaluationAnswers)
        .where(eq(evaluationAnswers.evaluationId, evaluation.id));
      const stored = Object.fromEntries(answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const proposed = item.proposedNa ? ("na" as const) : item.proposedValue!;
        if (item.accepted) expect(stored[item.criterionKey]).toBe(proposed);
        else expect(checkDisputeProposals(def, [{ criterionKey: item.criterionKey, proposed }], stored)).toEqual([]);
      }
      const revisions = await db
        .select()
        .from(evaluationRevisions)
        .where(eq(evaluationRevisions.evaluationId, evaluation.id));
      if (dispute.status === "open") {
        expect(dispute).toMatchObject({ resolverId: null, resolvedAt: null, resolutionNote: null });
        for (const item of items) expect(item.accepted).toBeNull();
        expect(revisions).toEqual([]);
        continue;
      }
      expect(dispute.status).toBe(disputeOutcome(items.map((i) => i.accepted!)));
      expect(resolver!.id).not.toBe(evaluation.reviewerId);
      expect(["qa_lead", "admin"]).toContain(resolver!.role);
      expect([dispute.vendorId, client.id]).toContain(resolver!.organizationId);
      expect(dispute.resolvedAt!.getTime()).toBeGreaterThan(dispute.raisedAt.getTime());
      expect(dispute.resolvedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      const accepted = items.filter((i) => i.accepted);
      if (accepted.length === 0) {
        expect(revisions).toEqual([]);
        continue;
      }
      // Seeded as already applied: the revision holds the reviewer's original answers and score.
      expect(revisions).toHaveLength(1);
      const [revision] = revisions;
      expect(revision).toMatchObject({
        kind: "dispute_resolution",
        actorUserId: resolver!.id,
        at: dispute.resolvedAt,
        reason: dispute.resolutionNote,
        finalScoreAfter: evaluation.finalScore,
      });
      expect(revision.changes.map((c) => c.criterionKey).sort()).toEqual(accepted.map((i) => i.criterionKey).sort());
      const before: Answers = { ...stored };
      for (const change of revision.changes) {
        expect(change.after).toBe(stored[change.criterionKey]);
        expect(isMet(findCriterion(def, change.criterionKey)!, change.before as number)).toBe(false);
        before[change.criterionKey] = change.before;
      }
      expect(revision.finalScoreBefore).toBe(scoreEvaluation(def, before).finalScore);
      expect(evaluation.finalScore).toBeCloseTo(scoreEvaluation(def, stored).finalScore!, 2);
    }
  });

  it("tags about 30% of the DSAT interactions, by a trainer or QA lead of the client or the vendor", async () => {
    const rows = await db
      .select({ tag: interactionRootCauses, interaction: interactions, tagger: users })
      .from(interactionRootCauses)
      .innerJoin(interactions, eq(interactions.id, interactionRootCauses.interactionId))
      .innerJoin(users, eq(users.id, interactionRootCauses.taggedBy));
    const [{ n: dsat }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(interactions)
      .where(sql`${interactions.csat} <= 2`);
    expect(rows.length).toBe(big.dsatTags);
    expect(rows.length / Number(dsat)).toBeGreaterThan(0.2);
    expect(rows.length / Number(dsat)).toBeLessThan(0.4);
    const [client] = await db.select().from(organizations).where(eq(organizations.kind, "client"));
    for (const { tag, interaction, tagger } of rows) {
      expect(interaction.csat).toBeLessThanOrEqual(2);
      expect(tag.vendorId).toBe(interaction.vendorId);
      expect(["trainer", "qa_lead"]).toContain(tagger.role);
      expect([client.id, interaction.vendorId]).toContain(tagger.organizationId);
      expect(ROOT_CAUSES).toContain(tag.rootCause);
      expect(tag.taggedAt.getTime()).toBeGreaterThan(interaction.endedAt.getTime());
      expect(tag.taggedAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  /**
   * Every row of every table, as JSON text sorted, with what cannot repeat between two runs taken out:
   * defaults the seed leaves to the database (now(), gen_random_uuid()), argon2's salt, and the ids the
   * scorecard sync generates, which become "slug" and "slug@number".
   */
  async function snapshot(): Promise<Record<string, string[]>> {
    const execRows = async <T>(query: ReturnType<typeof sql>) => {
      const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
      return Array.isArray(result) ? result : result.rows;
    };
    const labels = await execRows<{ id: string; label: string }>(
      sql`select s.id::text, s.slug as label from scorecards s
          union all select v.id::text, s.slug || '@' || v.number from scorecard_versions v join scorecards s on s.id = v.scorecard_id`,
    );
    // Seed-written tables: exactly these columns come from database defaults.
    const fromDefaults: Record<string, string[]> = {
      interactions: ["created_at", "updated_at"],
      evaluation_answers: ["id"],
      users: ["password_hash", "created_at", "updated_at"],
      organizations: ["created_at"],
      teams: ["created_at"],
      agents: ["created_at"],
      assignments: ["id", "updated_at"],
      kpi_targets: ["id", "created_at"],
      context_notes: ["id", "created_at"],
      scorecards: ["id", "created_at"],
      scorecard_versions: ["id", "created_at", "published_at"],
    };
    const tables = await execRows<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '%drizzle%' order by 1`,
    );
    const out: Record<string, string[]> = {};
    // Timestamps as text in one time zone, whatever the server's default.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'UTC'`);
      for (const { tablename } of tables) {
        const drop = (fromDefaults[tablename] ?? []).map((c) => `'${c}'`).join(", ");
        const result = (await tx.execute(
          sql.raw(`select (to_jsonb(t) - array[${drop}]::text[])::text as j from "${tablename}" t`),
        )) as unknown as { j: string }[] | { rows: { j: string }[] };
        out[tablename] = (Array.isArray(result) ? result : result.rows)
          .map((r) => labels.reduce((text, { id, label }) => text.replaceAll(id, label), r.j))
          .sort();
      }
    });
    return out;
  }

  function expectSameRows(actual: Record<string, string[]>, expected: Record<string, string[]>) {
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const table of Object.keys(expected)) {
      expect(actual[table].length, table).toBe(expected[table].length);
      expect(actual[table], table).toEqual(expected[table]);
    }
  }

  it("fails the whole transaction with the server's error when COPY is refused after the data (no hang)", async () => {
    const before = await count(disputes);
    const [evaluation] = await db.select().from(evaluations).limit(1);
    // A foreign key is checked at the end of the COPY statement, after all data has been sent.
    const row = {
      id: "00000000-0000-4000-8000-000000000001",
      evaluationId: evaluation.id,
      vendorId: evaluation.vendorId,
      raisedBy: "00000000-0000-4000-8000-000000000002",
      reason: "no such user",
    };
    await expect(
      db.transaction(async (tx) => {
        const writer = createBulkWriter(tx);
        expect(writer.method).toBe("copy");
        await writer.write(disputes, [[row]]);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await count(disputes)).toBe(before);
    // The connection is usable afterwards.
    expect(await count(disputes)).toBe(big.disputes);
  });

  it("writes the same rows with COPY as with multi-row inserts", async () => {
    const copied = await snapshot();
    expect(copied.interactions).toHaveLength(seedOptions.interactions);
    // The defaulted timestamps are the transaction's, on every row.
    const [stamps] = await db
      .select({ n: sql<number>`count(distinct ${interactions.createdAt}) + count(distinct ${interactions.updatedAt})` })
      .from(interactions);
    expect(Number(stamps.n)).toBe(2);

    await emptyAndSync();
    const inserted = await seedDemoData({ ...seedOptions, method: "insert" });
    expect(inserted).toEqual(big);
    expectSameRows(await snapshot(), copied);
  });

  it.runIf(process.env.DATABASE_URL !== undefined)(
    "writes the same rows on PostgreSQL as on PGlite",
    async () => {
      const onPostgres = await snapshot();
      const postgresUrl = process.env.DATABASE_URL;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-seed-pglite-"));
      try {
        await closeDatabase();
        delete process.env.DATABASE_URL;
        process.env.PGLITE_DIR = dir;
        await migrateDatabase(getDatabase());
        await syncScorecards(path.resolve("scorecards"));
        expect(await seedDemoData(seedOptions)).toEqual(big);
        expectSameRows(await snapshot(), onPostgres);
      } finally {
        await closeDatabase();
        process.env.DATABASE_URL = postgresUrl;
        delete process.env.PGLITE_DIR;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
