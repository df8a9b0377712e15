import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  auditLog,
  disputeItems,
  disputes,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  type Agent,
  type Organization,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import { raiseDispute } from "~/models/dispute-raise.server";
import { action as resolveAction, loader as disputeLoader } from "~/routes/disputes.$disputeId";
import { loader as disputesLoader } from "~/routes/disputes._index";
import { loader as evaluationLoader } from "~/routes/evaluations.$evaluationId";
import { action as raiseAction, loader as raiseLoader } from "~/routes/evaluations.$evaluationId_.dispute";
import { createAgent, createOrganization, createTeam, createUser } from "../factories";
import { createDisputeScorecard, createScoredEvaluation, get, post } from "./dispute-fixtures";

let vendorA: Organization;
let agentA1: Agent;
let agentA1User: User;
let agentA2User: User;
let teamLeadA: User;
let teamLeadB: User;
let agentBUser: User;
let reviewer: User;
let vendorALead: User;
let vendorBLead: User;
let clientLead: User;
let clientSpecialist: User;
let version: ScorecardVersion;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor", name: "Vendor A" });
  const vendorB = await createOrganization({ kind: "vendor", name: "Vendor B" });
  const teamA = await createTeam({ vendor: vendorA });
  const teamB = await createTeam({ vendor: vendorB });
  agentA1User = await createUser({ organization: vendorA, role: "agent", name: "Alice Agent" });
  agentA1 = await createAgent({ team: teamA, name: "Alice A1", user: agentA1User });
  agentA2User = await createUser({ organization: vendorA, role: "agent" });
  await createAgent({ team: teamA, user: agentA2User });
  agentBUser = await createUser({ organization: vendorB, role: "agent" });
  await createAgent({ team: teamB, user: agentBUser });
  teamLeadA = await createUser({ organization: vendorA, role: "team_lead" });
  teamLeadB = await createUser({ organization: vendorB, role: "team_lead" });
  reviewer = await createUser({ organization: vendorA, role: "qa_specialist", name: "Rita Reviewer" });
  vendorALead = await createUser({ organization: vendorA, role: "qa_lead" });
  vendorBLead = await createUser({ organization: vendorB, role: "qa_lead" });
  clientLead = await createUser({ organization: client, role: "qa_lead", name: "Carl Client-Lead" });
  clientSpecialist = await createUser({ organization: client, role: "qa_specialist" });
  version = await createDisputeScorecard();
});

afterEach(() => {
  delete process.env.DISPUTE_WINDOW_DAYS;
});

const evaluation = (over: { reviewer?: User; submittedAt?: Date; version?: ScorecardVersion } = {}) =>
  createScoredEvaluation({
    agent: agentA1,
    reviewer: over.reviewer ?? reviewer,
    version: over.version ?? version,
    submittedAt: over.submittedAt,
  });

const raise = (user: User, evaluationId: string, fields: [string, string][]) =>
  post(raiseAction, user, `/evaluations/${evaluationId}/dispute`, { evaluationId }, fields);
const resolve = (user: User, disputeId: string, fields: [string, string][]) =>
  post(resolveAction, user, `/disputes/${disputeId}`, { disputeId }, fields);
const GOOD_REASON: [string, string] = [
  "reason",
  "I greeted the customer in my first message and the facts were right.",
];

async function disputesOf(evaluationId: string) {
  return db.select().from(disputes).where(eq(disputes.evaluationId, evaluationId));
}
async function answersOf(evaluationId: string) {
  const rows = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, evaluationId));
  return Object.fromEntries(rows.map((r) => [r.criterionKey, r]));
}
async function auditFor(entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
}
async function raiseOn(evaluationId: string, proposals: [string, string][], user = agentA1User) {
  const response = await raise(user, evaluationId, [
    ...proposals.flatMap(([key, value]): [string, string][] => [
      ["criterion", key],
      [`proposed.${key}`, value],
    ]),
    GOOD_REASON,
  ]);
  expect(response.status).toBe(302);
  const [dispute] = (await disputesOf(evaluationId)).filter((d) => d.status === "open");
  return dispute;
}

describe("raising and resolving a dispute", () => {
  it("the agent raises on two criteria; a client lead accepts one: answers, score, revision and audit follow", async () => {
    const e = await evaluation();
    expect(e.finalScore).toBe(37.5);
    const response = await raise(agentA1User, e.id, [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      ["criterion", "accuracy"],
      ["proposed.accuracy", "4"],
      GOOD_REASON,
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/evaluations/${e.id}?disputed=1`);
    const [dispute] = await disputesOf(e.id);
    expect(dispute).toMatchObject({
      status: "open",
      vendorId: vendorA.id,
      raisedBy: agentA1User.id,
      reason: GOOD_REASON[1],
      lockVersion: 1,
    });
    const items = await db.select().from(disputeItems).where(eq(disputeItems.disputeId, dispute.id));
    expect(items.map((i) => [i.criterionKey, i.proposedValue, i.proposedNa, i.accepted]).sort()).toEqual([
      ["accuracy", 4, false, null],
      ["greeting", 1, false, null],
    ]);
    expect((await auditFor(dispute.id)).map((a) => a.action)).toEqual(["dispute.raise"]);

    const resolved = await resolve(clientLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["decision.accuracy", "reject"],
      ["note", "The greeting is in message 1; accuracy stands: the delivery date was wrong."],
      ["lockVersion", "1"],
    ]);
    expect(resolved.status).toBe(302);
    expect(resolved.headers.get("Location")).toBe(`/disputes/${dispute.id}?resolved=1`);

    const [after] = await disputesOf(e.id);
    expect(after).toMatchObject({
      status: "partially_accepted",
      resolverId: clientLead.id,
      resolutionNote: "The greeting is in message 1; accuracy stands: the delivery date was wrong.",
      lockVersion: 2,
    });
    const decided = await db.select().from(disputeItems).where(eq(disputeItems.disputeId, dispute.id));
    expect(Object.fromEntries(decided.map((i) => [i.criterionKey, i.accepted]))).toEqual({
      greeting: true,
      accuracy: false,
    });
    const answers = await answersOf(e.id);
    expect(answers.greeting).toMatchObject({ value: 1, met: true, rootCause: null });
    expect(answers.accuracy).toMatchObject({ value: 2, met: false, rootCause: "training_gap" });
    // greeting 1, accuracy 0.25 x 2, empathy 1: 2.5 / 4.
    const [updated] = await db.select().from(evaluations).where(eq(evaluations.id, e.id));
    expect(updated).toMatchObject({ finalScore: 62.5, rawScore: 62.5, lockVersion: 2 });

    const revisions = await db.select().from(evaluationRevisions).where(eq(evaluationRevisions.evaluationId, e.id));
    expect(revisions).toEqual([
      expect.objectContaining({
        number: 1,
        kind: "dispute_resolution",
        actorUserId: clientLead.id,
        reason: "The greeting is in message 1; accuracy stands: the delivery date was wrong.",
        changes: [{ criterionKey: "greeting", before: 0, after: 1 }],
        finalScoreBefore: 37.5,
        finalScoreAfter: 62.5,
      }),
    ]);
    expect((await auditFor(e.id)).map((a) => a.action)).toEqual(["evaluation.dispute_resolution"]);
    const resolveAudit = (await auditFor(dispute.id)).find((a) => a.action === "dispute.resolve");
    expect(resolveAudit).toMatchObject({
      actorUserId: clientLead.id,
      details: expect.objectContaining({
        status: "partially_accepted",
        accepted: ["greeting"],
        rejected: ["accuracy"],
      }),
    });

    // The agent's evaluation page shows who changed what and why, and the decided dispute.
    const page = await (
      await get(evaluationLoader, agentA1User, `/evaluations/${e.id}`, { evaluationId: e.id })
    ).json();
    expect(page.evaluation.finalScore).toBe(62.5);
    expect(page.evaluation.revisions).toEqual([
      expect.objectContaining({ kind: "dispute_resolution", actorName: "Carl Client-Lead" }),
    ]);
    expect(page.disputes).toEqual([
      expect.objectContaining({ status: "partially_accepted", resolverName: "Carl Client-Lead", itemCount: 2 }),
    ]);
  });

  it("a rejection changes no answers and no score, but is audited", async () => {
    const e = await evaluation();
    const dispute = await raiseOn(e.id, [["accuracy", "4"]], teamLeadA);
    const response = await resolve(vendorALead, dispute.id, [
      ["decision.accuracy", "reject"],
      ["note", "The information given was wrong."],
      ["lockVersion", "1"],
    ]);
    expect(response.status).toBe(302);
    const [after] = await disputesOf(e.id);
    expect(after).toMatchObject({ status: "rejected", resolverId: vendorALead.id });
    const [unchanged] = await db.select().from(evaluations).where(eq(evaluations.id, e.id));
    expect(unchanged).toMatchObject({ finalScore: 37.5, lockVersion: 1 });
    expect((await answersOf(e.id)).accuracy.value).toBe(2);
    expect(await db.select().from(evaluationRevisions).where(eq(evaluationRevisions.evaluationId, e.id))).toEqual([]);
    expect((await auditFor(dispute.id)).map((a) => a.action).sort()).toEqual(["dispute.raise", "dispute.resolve"]);
  });

  it("accepting everything, N/A included, is 'accepted'; a miss accepted needs a root cause", async () => {
    const e = await createScoredEvaluation({
      agent: agentA1,
      reviewer,
      version,
      answers: { greeting: 1, accuracy: 4, empathy: 1 },
    });
    // A team lead argues empathy did not apply and accuracy was only weak (a miss).
    const dispute = await raiseOn(
      e.id,
      [
        ["empathy", "na"],
        ["accuracy", "2"],
      ],
      teamLeadA,
    );
    const fields: [string, string][] = [
      ["decision.empathy", "accept"],
      ["decision.accuracy", "accept"],
      ["note", "Agreed: a refund request, and the amount quoted was off."],
      ["lockVersion", "1"],
    ];
    const noCause = await resolve(clientLead, dispute.id, fields);
    expect(noCause.status).toBe(400);
    expect((await noCause.json()).fieldErrors).toEqual({ "rootCause.accuracy": "Choose the root cause of this miss." });
    expect((await disputesOf(e.id))[0].status).toBe("open");

    const ok = await resolve(clientLead, dispute.id, [...fields, ["rootCause.accuracy", "process_gap"]]);
    expect(ok.status).toBe(302);
    expect((await disputesOf(e.id))[0].status).toBe("accepted");
    const answers = await answersOf(e.id);
    expect(answers.empathy).toMatchObject({ value: null, na: true, met: null });
    expect(answers.accuracy).toMatchObject({ value: 2, met: false, rootCause: "process_gap" });
    // greeting 1 x 1 and accuracy 0.25 x 2 over weight 3 (empathy N/A drops out): 50.
    expect((await db.select().from(evaluations).where(eq(evaluations.id, e.id)))[0].finalScore).toBe(50);
  });
});

describe("one open dispute per evaluation", () => {
  it("refuses a second open dispute with a clear message, and allows a new one once decided", async () => {
    const e = await evaluation();
    const first = await raiseOn(e.id, [["greeting", "1"]]);
    const second = await raise(teamLeadA, e.id, [["criterion", "accuracy"], ["proposed.accuracy", "3"], GOOD_REASON]);
    expect(second.status).toBe(409);
    expect((await second.json()).formError).toMatch(/already has an open dispute/);
    expect(await disputesOf(e.id)).toHaveLength(1);

    await resolve(clientLead, first.id, [
      ["decision.greeting", "reject"],
      ["note", "Not greeted."],
      ["lockVersion", "1"],
    ]);
    await raiseOn(e.id, [["accuracy", "3"]], teamLeadA);
    expect((await disputesOf(e.id)).map((d) => d.status).sort()).toEqual(["open", "rejected"]);
  });

  it("lets the unique index decide two simultaneous raises", async () => {
    const e = await evaluation();
    const scope = scopeFor({
      role: "agent",
      organizationId: vendorA.id,
      organizationKind: "vendor",
      agentId: agentA1.id,
    });
    const attempt = () =>
      raiseDispute({
        scope,
        actorUserId: agentA1User.id,
        evaluationId: e.id,
        proposals: [{ criterionKey: "greeting", proposed: 1 }],
        reason: "Greeted in message 1.",
      });
    const results = await Promise.all([attempt(), attempt()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: "already_open" });
    expect(await disputesOf(e.id)).toHaveLength(1);
  });
});

describe("the dispute window", () => {
  const DAY = 86_400_000;

  it("refuses a dispute 15 days after submission with a clear message, and writes nothing", async () => {
    const e = await evaluation({ submittedAt: new Date(Date.now() - 15 * DAY) });
    const response = await raise(agentA1User, e.id, [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      GOOD_REASON,
    ]);
    expect(response.status).toBe(409);
    expect((await response.json()).formError).toMatch(/dispute window closed on/);
    expect(await disputesOf(e.id)).toEqual([]);
    const page = await (
      await get(raiseLoader, agentA1User, `/evaluations/${e.id}/dispute`, { evaluationId: e.id })
    ).json();
    expect(page.refusal).toMatch(/closed on .* \(14 days after it was submitted\)/);
  });

  it("uses the scorecard version's own window over the default", async () => {
    const shortWindow = await createDisputeScorecard({ disputeWindowDays: 2 });
    const e = await evaluation({ submittedAt: new Date(Date.now() - 3 * DAY), version: shortWindow });
    const response = await raise(agentA1User, e.id, [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      GOOD_REASON,
    ]);
    expect(response.status).toBe(409);
    expect(await disputesOf(e.id)).toEqual([]);
    const page = await (
      await get(raiseLoader, agentA1User, `/evaluations/${e.id}/dispute`, { evaluationId: e.id })
    ).json();
    expect(page.refusal).toMatch(/\(2 days after it was submitted\)/);
  });

  it("takes the default from DISPUTE_WINDOW_DAYS", async () => {
    process.env.DISPUTE_WINDOW_DAYS = "30";
    const e = await evaluation({ submittedAt: new Date(Date.now() - 15 * DAY) });
    await raiseOn(e.id, [["greeting", "1"]]);
    process.env.DISPUTE_WINDOW_DAYS = "3";
    const recent = await evaluation({ submittedAt: new Date(Date.now() - 4 * DAY) });
    const late = await raise(agentA1User, recent.id, [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      GOOD_REASON,
    ]);
    expect(late.status).toBe(409);
  });
});

describe("scope, by guessing ids", () => {
  it("another vendor's agent or team lead cannot view or dispute an evaluation (404)", async () => {
    const e = await evaluation();
    for (const outsider of [agentBUser, teamLeadB]) {
      expect((await get(evaluationLoader, outsider, `/evaluations/${e.id}`, { evaluationId: e.id })).status).toBe(404);
      expect((await get(raiseLoader, outsider, `/evaluations/${e.id}/dispute`, { evaluationId: e.id })).status).toBe(
        404,
      );
      const response = await raise(outsider, e.id, [
        ["criterion", "greeting"],
        ["proposed.greeting", "1"],
        GOOD_REASON,
      ]);
      expect(response.status).toBe(404);
    }
    expect(await disputesOf(e.id)).toEqual([]);
  });

  it("an agent cannot view or dispute a colleague's evaluation (404)", async () => {
    const e = await evaluation();
    expect((await get(evaluationLoader, agentA2User, `/evaluations/${e.id}`, { evaluationId: e.id })).status).toBe(404);
    const response = await raise(agentA2User, e.id, [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      GOOD_REASON,
    ]);
    expect(response.status).toBe(404);
    expect(await disputesOf(e.id)).toEqual([]);
  });

  it("QA staff and client users cannot raise disputes (403)", async () => {
    const e = await evaluation();
    for (const user of [vendorALead, reviewer, clientLead]) {
      const response = await raise(user, e.id, [["criterion", "greeting"], ["proposed.greeting", "1"], GOOD_REASON]);
      expect(response.status).toBe(403);
    }
  });

  it("the original reviewer cannot resolve, even as a QA lead (403 with a clear message)", async () => {
    const e = await evaluation({ reviewer: vendorALead });
    const dispute = await raiseOn(e.id, [["greeting", "1"]]);
    const page = await (
      await get(disputeLoader, vendorALead, `/disputes/${dispute.id}`, { disputeId: dispute.id })
    ).json();
    expect(page).toMatchObject({ canResolve: false, ownEvaluation: true });
    const response = await resolve(vendorALead, dispute.id, [
      ["decision.greeting", "accept"],
      ["note", "Fair enough."],
      ["lockVersion", "1"],
    ]);
    expect(response.status).toBe(403);
    expect((await response.json()).formError).toMatch(/You scored this evaluation/);
    expect((await disputesOf(e.id))[0]).toMatchObject({ status: "open", resolverId: null });
    expect((await answersOf(e.id)).greeting.value).toBe(0);
  });

  it("a vendor QA lead cannot view or resolve another vendor's dispute (404)", async () => {
    const e = await evaluation();
    const dispute = await raiseOn(e.id, [["greeting", "1"]]);
    expect((await get(disputeLoader, vendorBLead, `/disputes/${dispute.id}`, { disputeId: dispute.id })).status).toBe(
      404,
    );
    const response = await resolve(vendorBLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["note", "Looks fine."],
      ["lockVersion", "1"],
    ]);
    expect(response.status).toBe(404);
    expect((await disputesOf(e.id))[0].status).toBe("open");
    // Nor can another agent of the same vendor, or another vendor's team lead, open it.
    for (const outsider of [agentA2User, teamLeadB]) {
      expect((await get(disputeLoader, outsider, `/disputes/${dispute.id}`, { disputeId: dispute.id })).status).toBe(
        404,
      );
    }
    // A client QA specialist has no dispute permission at all.
    expect(
      (await get(disputeLoader, clientSpecialist, `/disputes/${dispute.id}`, { disputeId: dispute.id })).status,
    ).toBe(403);
  });

  it("lists disputes by scope: resolvers their scope, team leads their vendor's, agents their own", async () => {
    const mine = await evaluation();
    const mineDispute = await raiseOn(mine.id, [["greeting", "1"]]);
    const ids = async (user: User, status = "all") => {
      const data = await (await get(disputesLoader, user, `/disputes?status=${status}`, {})).json();
      return data.rows.map((r: { id: string }) => r.id) as string[];
    };
    expect(await ids(clientLead, "open")).toContain(mineDispute.id);
    expect(await ids(vendorALead)).toContain(mineDispute.id);
    expect(await ids(teamLeadA)).toContain(mineDispute.id);
    expect(await ids(agentA1User)).toContain(mineDispute.id);
    expect(await ids(agentA2User)).toEqual([]);
    expect(await ids(vendorBLead)).toEqual([]);
    expect(await ids(teamLeadB)).toEqual([]);
    const row = (await (await get(disputesLoader, clientLead, "/disputes?status=open", {})).json()).rows.find(
      (r: { id: string }) => r.id === mineDispute.id,
    );
    expect(row).toMatchObject({
      ageDays: 0,
      itemCount: 1,
      agentName: "Alice A1",
      vendorName: "Vendor A",
      status: "open",
    });
    expect((await get(disputesLoader, clientSpecialist, "/disputes", {})).status).toBe(403);
  });
});

describe("optimistic concurrency on the dispute", () => {
  it("refuses a stale form and a second decision with 409, changing nothing", async () => {
    const e = await evaluation();
    const dispute = await raiseOn(e.id, [["greeting", "1"]]);
    const stale = await resolve(clientLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["note", "Yes."],
      ["lockVersion", "2"],
    ]);
    expect(stale.status).toBe(409);
    expect((await stale.json()).formError).toMatch(/changed since you opened it/);
    expect((await disputesOf(e.id))[0].status).toBe("open");

    await resolve(vendorALead, dispute.id, [
      ["decision.greeting", "reject"],
      ["note", "No greeting."],
      ["lockVersion", "1"],
    ]);
    const late = await resolve(clientLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["note", "Yes."],
      ["lockVersion", "1"],
    ]);
    expect(late.status).toBe(409);
    expect((await late.json()).formError).toMatch(/already been decided/);
    expect((await disputesOf(e.id))[0]).toMatchObject({ status: "rejected", resolverId: vendorALead.id });
    expect((await answersOf(e.id)).greeting.value).toBe(0);
  });
});

describe("bad input", () => {
  it("answers 400 with field errors for the dispute form, and writes nothing", async () => {
    const e = await evaluation();
    const cases: { fields: [string, string][]; errors: Record<string, string> }[] = [
      { fields: [GOOD_REASON], errors: { criteria: "Pick at least one criterion to dispute." } },
      {
        fields: [
          ["criterion", "greeting"],
          ["proposed.greeting", "1"],
        ],
        errors: { reason: "Give a reason." },
      },
      {
        fields: [
          ["criterion", "greeting"],
          ["proposed.greeting", "1"],
          ["reason", " "],
        ],
        errors: { reason: "Give a reason (at least 3 characters)." },
      },
      {
        // Every problem at once.
        fields: [["criterion", "greeting"]],
        errors: { reason: "Give a reason.", "proposed.greeting": "Choose the answer you propose." },
      },
      {
        fields: [["criterion", "accuracy"], ["proposed.accuracy", "9"], GOOD_REASON],
        errors: { "proposed.accuracy": "9 is not an option of this scale." },
      },
      {
        fields: [["criterion", "greeting"], ["proposed.greeting", "na"], GOOD_REASON],
        errors: { "proposed.greeting": "N/A is not allowed for this criterion." },
      },
      {
        fields: [["criterion", "empathy"], ["proposed.empathy", ""], GOOD_REASON],
        errors: { "proposed.empathy": "Choose the answer you propose." },
      },
      {
        fields: [["criterion", "accuracy"], ["proposed.accuracy", "2"], GOOD_REASON],
        errors: { "proposed.accuracy": "That is the current answer: propose a different one." },
      },
      {
        fields: [["criterion", "tone"], ["proposed.tone", "1"], GOOD_REASON],
        errors: { "proposed.tone": "Not a criterion of this scorecard version." },
      },
    ];
    for (const { fields, errors } of cases) {
      const response = await raise(agentA1User, e.id, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect((await response.json()).fieldErrors).toEqual(errors);
    }
    expect(await disputesOf(e.id)).toEqual([]);
    expect(await auditFor(e.id)).toEqual([]);
  });

  it("answers 400 for a resolution without a decision per item or without a note, and writes nothing", async () => {
    const e = await evaluation();
    const dispute = await raiseOn(e.id, [
      ["greeting", "1"],
      ["accuracy", "4"],
    ]);
    const missingDecision = await resolve(clientLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["decision.accuracy", "maybe"],
      ["note", "Half right."],
      ["lockVersion", "1"],
    ]);
    expect(missingDecision.status).toBe(400);
    expect((await missingDecision.json()).fieldErrors).toEqual({ "decision.accuracy": "Accept or reject this item." });
    const missingNote = await resolve(clientLead, dispute.id, [
      ["decision.greeting", "accept"],
      ["decision.accuracy", "reject"],
      ["lockVersion", "1"],
    ]);
    expect(missingNote.status).toBe(400);
    expect((await missingNote.json()).fieldErrors).toEqual({ note: "Give a note explaining the decision." });
    expect((await disputesOf(e.id))[0]).toMatchObject({ status: "open", lockVersion: 1 });
    expect((await db.select().from(evaluations).where(eq(evaluations.id, e.id)))[0].lockVersion).toBe(1);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, dispute.id), eq(auditLog.action, "dispute.resolve"))),
    ).toEqual([]);
  });
});
