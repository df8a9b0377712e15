import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  assignments,
  auditLog,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  type Agent,
  type Interaction,
  type Organization,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { reassignAssignment } from "~/models/assignment.server";
import { reviseSubmittedEvaluation } from "~/models/evaluation-write.server";
import { scopeFor } from "~/domain/permissions";
import { action as scoreAction, loader as scoreLoader } from "~/routes/queue.$assignmentId/route";
import { action as queueAction, loader as queueLoader } from "~/routes/queue._index";
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

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let reviewer: User;
let otherReviewer: User;
let vendorBReviewer: User;
let lead: User;
let version: ScorecardVersion;

async function createAssignment(input: { interaction: Interaction; reviewer: User; version: ScorecardVersion }) {
  const [row] = await db
    .insert(assignments)
    .values({
      interactionId: input.interaction.id,
      reviewerId: input.reviewer.id,
      scorecardVersionId: input.version.id,
      vendorId: input.interaction.vendorId,
      agentId: input.interaction.agentId,
      dueAt: new Date(Date.now() + 3 * 86400_000),
    })
    .returning();
  return row;
}

async function post(user: User, assignmentId: string, fields: Record<string, string>) {
  const { cookie } = await signIn(user);
  const request = formRequest(`/queue/${assignmentId}`, fields, cookie);
  try {
    return await scoreAction({ request, params: { assignmentId }, context: context() });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const complete = (lockVersion: number, intent = "submit") => ({
  intent,
  lockVersion: String(lockVersion),
  "answer.greeting": "0",
  "rootCause.greeting": "training_gap",
  "comment.greeting": "Skipped the greeting.",
  "answer.accuracy": "5",
});

beforeAll(async () => {
  client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  vendorB = await createOrganization({ kind: "vendor" });
  reviewer = await createUser({ organization: vendorA, role: "qa_specialist" });
  otherReviewer = await createUser({ organization: vendorA, role: "qa_specialist" });
  vendorBReviewer = await createUser({ organization: vendorB, role: "qa_specialist" });
  lead = await createUser({ organization: client, role: "qa_lead" });
  version = await createScorecardVersion();
  agent = await createAgent({ team: await createTeam({ vendor: vendorA }) });
});

describe("the scoring page", () => {
  it("serves the assignment only to its reviewer", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const mine = await scoreLoader({
      request: await requestAs(reviewer, `/queue/${assignment.id}`),
      params: { assignmentId: assignment.id },
      context: context(),
    });
    expect((await mine.json()).assignment.id).toBe(assignment.id);
    for (const stranger of [otherReviewer, vendorBReviewer, lead]) {
      const request = await requestAs(stranger, `/queue/${assignment.id}`);
      const refused = await thrownResponse(() =>
        scoreLoader({ request, params: { assignmentId: assignment.id }, context: context() }),
      );
      expect(refused.status).toBe(404);
    }
  });

  it("saves a draft (even a comment on an unanswered criterion), then refuses a stale save with 409", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const first = await post(reviewer, assignment.id, {
      intent: "save",
      lockVersion: "0",
      "answer.accuracy": "4",
      "comment.greeting": "Check the opening.",
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, lockVersion: 1 });
    const [draft] = await db.select().from(evaluations).where(eq(evaluations.assignmentId, assignment.id));
    expect(draft).toMatchObject({ status: "draft", lockVersion: 1 });
    const stored = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, draft.id));
    expect(stored.find((a) => a.criterionKey === "greeting")).toMatchObject({
      value: null,
      na: false,
      comment: "Check the opening.",
    });
    expect((await db.select().from(assignments).where(eq(assignments.id, assignment.id)))[0].status).toBe(
      "in_progress",
    );

    // A second tab still holding lock version 0 must not overwrite the first save.
    const stale = await post(reviewer, assignment.id, { intent: "save", lockVersion: "0", "answer.accuracy": "1" });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toMatch(/changed elsewhere/);
    const after = await db
      .select()
      .from(evaluationAnswers)
      .where(and(eq(evaluationAnswers.evaluationId, draft.id), eq(evaluationAnswers.criterionKey, "accuracy")));
    expect(after[0].value).toBe(4);
  });

  it("refuses an incomplete submission or a miss without root cause, and changes nothing", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const incomplete = await post(reviewer, assignment.id, {
      intent: "submit",
      lockVersion: "0",
      "answer.accuracy": "5",
    });
    expect(incomplete.status).toBe(400);
    const body = (await incomplete.json()) as { problems: { criterionKey: string; field: string }[] };
    expect(body.problems).toEqual([expect.objectContaining({ criterionKey: "greeting", field: "value" })]);

    const noCause = await post(reviewer, assignment.id, {
      intent: "submit",
      lockVersion: "0",
      "answer.greeting": "0",
      "answer.accuracy": "5",
    });
    expect(noCause.status).toBe(400);
    expect(((await noCause.json()) as typeof body).problems).toEqual([
      expect.objectContaining({ criterionKey: "greeting", field: "rootCause" }),
    ]);

    const badValue = await post(reviewer, assignment.id, { intent: "save", lockVersion: "0", "answer.accuracy": "9" });
    expect(badValue.status).toBe(400);
    expect(await db.select().from(evaluations).where(eq(evaluations.assignmentId, assignment.id))).toEqual([]);
  });

  it("submits with the score computed on the server, a first revision and an audit entry", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const response = await post(reviewer, assignment.id, {
      ...complete(0),
      finalScore: "100",
      rawScore: "100",
      passed: "true",
    });
    expect(response.status).toBe(302);
    const [evaluation] = await db.select().from(evaluations).where(eq(evaluations.assignmentId, assignment.id));
    expect(response.headers.get("Location")).toBe(`/evaluations/${evaluation.id}?submitted=1`);
    // greeting (weight 1) missed, accuracy (weight 2) at the top: 2/3 of 100; the posted 100 is ignored.
    expect(evaluation).toMatchObject({
      status: "submitted",
      rawScore: 66.67,
      finalScore: 66.67,
      passed: false,
      lockVersion: 1,
    });
    const [revision] = await db
      .select()
      .from(evaluationRevisions)
      .where(eq(evaluationRevisions.evaluationId, evaluation.id));
    expect(revision).toMatchObject({ number: 1, kind: "submitted", actorUserId: reviewer.id, finalScoreAfter: 66.67 });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, evaluation.id), eq(auditLog.action, "evaluation.submit")));
    expect(audit).toHaveLength(1);
    expect((await db.select().from(assignments).where(eq(assignments.id, assignment.id)))[0].status).toBe("submitted");

    // Once submitted, the scoring page is closed: the loader sends people to the evaluation.
    const again = await post(reviewer, assignment.id, complete(1, "save"));
    expect(again.status).toBe(409);
  });
});

describe("my queue", () => {
  it("lists only the reviewer's own open work, filtered by channel and overdue", async () => {
    const soon = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const late = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    await db
      .update(assignments)
      .set({ dueAt: new Date(Date.now() - 86_400_000) })
      .where(eq(assignments.id, late.id));
    const others = await createAssignment({ interaction: await freshInteraction(), reviewer: otherReviewer, version });
    const load = async (search: string) => {
      const response = await queueLoader({
        request: await requestAs(reviewer, `/queue${search}`),
        params: {},
        context: context(),
      });
      return ((await response.json()) as { rows: { id: string }[] }).rows.map((r) => r.id);
    };
    const all = await load("");
    expect(all).toEqual(expect.arrayContaining([soon.id, late.id]));
    expect(all).not.toContain(others.id);
    expect(await load("?overdue=1")).toContain(late.id);
    expect(await load("?overdue=1")).not.toContain(soon.id);
    expect(await load("?channel=call")).toEqual([]); // factory interactions are chats
    expect(await load("?channel=chat")).toEqual(expect.arrayContaining([soon.id, late.id]));
  });
});

describe("skipping and reassigning", () => {
  it("skips with a reason, dropping the draft", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    await post(reviewer, assignment.id, { intent: "save", lockVersion: "0", "answer.accuracy": "3" });
    const [current] = await db.select().from(assignments).where(eq(assignments.id, assignment.id));
    const short = await queueAction({
      request: formRequest(
        "/queue",
        { assignmentId: assignment.id, lockVersion: String(current.lockVersion), reason: "x" },
        (await signIn(reviewer)).cookie,
      ),
      params: {},
      context: context(),
    });
    expect(short.status).toBe(400);
    const response = await queueAction({
      request: formRequest(
        "/queue",
        {
          assignmentId: assignment.id,
          lockVersion: String(current.lockVersion),
          reason: "Customer spoke Portuguese; no reviewer here does.",
        },
        (await signIn(reviewer)).cookie,
      ),
      params: {},
      context: context(),
    });
    expect(response.status).toBe(302);
    const [skipped] = await db.select().from(assignments).where(eq(assignments.id, assignment.id));
    expect(skipped).toMatchObject({
      status: "skipped",
      skipReason: "Customer spoke Portuguese; no reviewer here does.",
    });
    expect(await db.select().from(evaluations).where(eq(evaluations.assignmentId, assignment.id))).toEqual([]);
  });

  it("another vendor's reviewer cannot skip it (404)", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const refused = await thrownResponse(async () =>
      queueAction({
        request: formRequest(
          "/queue",
          { assignmentId: assignment.id, lockVersion: "1", reason: "Not mine to skip" },
          (await signIn(vendorBReviewer)).cookie,
        ),
        params: {},
        context: context(),
      }),
    );
    expect(refused.status).toBe(404);
  });

  it("reassigns only to eligible reviewers, with optimistic concurrency", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    const scope = scopeFor({ role: "qa_lead", organizationId: client.id, organizationKind: "client", agentId: null });
    const outside = await reassignAssignment({
      scope,
      actorUserId: lead.id,
      assignmentId: assignment.id,
      reviewerId: vendorBReviewer.id,
      expectedLockVersion: 1,
    });
    expect(outside).toMatchObject({ ok: false, reason: "ineligible" });
    const moved = await reassignAssignment({
      scope,
      actorUserId: lead.id,
      assignmentId: assignment.id,
      reviewerId: otherReviewer.id,
      expectedLockVersion: 1,
    });
    expect(moved).toEqual({ ok: true });
    const stale = await reassignAssignment({
      scope,
      actorUserId: lead.id,
      assignmentId: assignment.id,
      reviewerId: reviewer.id,
      expectedLockVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, reason: "conflict" });
    const vendorBScope = scopeFor({
      role: "qa_lead",
      organizationId: vendorB.id,
      organizationKind: "vendor",
      agentId: null,
    });
    const foreign = await reassignAssignment({
      scope: vendorBScope,
      actorUserId: vendorBReviewer.id,
      assignmentId: assignment.id,
      reviewerId: vendorBReviewer.id,
      expectedLockVersion: 2,
    });
    expect(foreign).toMatchObject({ ok: false, reason: "not_found" });
  });
});

describe("revising a submitted evaluation", () => {
  it("lets a lead who did not score it change an answer: score recomputed, revision and audit recorded", async () => {
    const assignment = await createAssignment({ interaction: await freshInteraction(), reviewer, version });
    await post(reviewer, assignment.id, complete(0));
    const [evaluation] = await db.select().from(evaluations).where(eq(evaluations.assignmentId, assignment.id));
    const reviewerScope = scopeFor({
      role: "qa_specialist",
      organizationId: vendorA.id,
      organizationKind: "vendor",
      agentId: null,
    });
    const own = await reviseSubmittedEvaluation({
      scope: reviewerScope,
      actorUserId: reviewer.id,
      evaluationId: evaluation.id,
      kind: "rescore",
      reason: "Second look",
      changes: { greeting: { value: 1, comment: "", rootCause: null } },
      expectedLockVersion: 1,
    });
    expect(own).toMatchObject({ ok: false, reason: "own_evaluation" });

    const leadScope = scopeFor({
      role: "qa_lead",
      organizationId: client.id,
      organizationKind: "client",
      agentId: null,
    });
    const revised = await reviseSubmittedEvaluation({
      scope: leadScope,
      actorUserId: lead.id,
      evaluationId: evaluation.id,
      kind: "rescore",
      reason: "The greeting was in the first message after all.",
      changes: { greeting: { value: 1, comment: "Greeting found in message 1.", rootCause: null } },
      expectedLockVersion: 1,
    });
    expect(revised).toMatchObject({ ok: true, finalScoreBefore: 66.67, finalScoreAfter: 100 });
    const [updated] = await db.select().from(evaluations).where(eq(evaluations.id, evaluation.id));
    expect(updated).toMatchObject({ finalScore: 100, passed: true, lockVersion: 2 });
    const revisions = await db
      .select()
      .from(evaluationRevisions)
      .where(eq(evaluationRevisions.evaluationId, evaluation.id));
    expect(revisions.map((r) => r.number).sort()).toEqual([1, 2]);
    expect(revisions.find((r) => r.number === 2)).toMatchObject({
      kind: "rescore",
      actorUserId: lead.id,
      changes: [{ criterionKey: "greeting", before: 0, after: 1 }],
    });
    const [greeting] = await db
      .select()
      .from(evaluationAnswers)
      .where(and(eq(evaluationAnswers.evaluationId, evaluation.id), eq(evaluationAnswers.criterionKey, "greeting")));
    expect(greeting).toMatchObject({ value: 1, met: true, rootCause: null });

    const stale = await reviseSubmittedEvaluation({
      scope: leadScope,
      actorUserId: lead.id,
      evaluationId: evaluation.id,
      kind: "rescore",
      reason: "again",
      changes: { greeting: { value: 0, comment: "", rootCause: "training_gap" } },
      expectedLockVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, reason: "conflict" });
  });
});

let agent: Agent;
function freshInteraction() {
  return createInteraction({ agent });
}
