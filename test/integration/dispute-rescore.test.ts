// Re-score: a lead's own correction of a submitted evaluation, the sibling of a dispute resolution
// (same revision machinery, same "never the original reviewer" rule).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  type Agent,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { loader as evaluationLoader } from "~/routes/evaluations.$evaluationId";
import { action as rescoreAction, loader as rescoreLoader } from "~/routes/evaluations.$evaluationId_.rescore";
import { createAgent, createOrganization, createTeam, createUser } from "../factories";
import { createDisputeScorecard, createScoredEvaluation, get, post } from "./dispute-fixtures";

let agent: Agent;
let reviewerLead: User;
let clientLead: User;
let vendorBLead: User;
let specialist: User;
let version: ScorecardVersion;

beforeAll(async () => {
  const client = await createOrganization({ kind: "client" });
  const vendorA = await createOrganization({ kind: "vendor" });
  const vendorB = await createOrganization({ kind: "vendor" });
  agent = await createAgent({ team: await createTeam({ vendor: vendorA }) });
  reviewerLead = await createUser({ organization: vendorA, role: "qa_lead" });
  clientLead = await createUser({ organization: client, role: "qa_lead", name: "Carl" });
  vendorBLead = await createUser({ organization: vendorB, role: "qa_lead" });
  specialist = await createUser({ organization: client, role: "qa_specialist" });
  version = await createDisputeScorecard();
});

const rescore = (user: User, evaluationId: string, fields: [string, string][]) =>
  post(rescoreAction, user, `/evaluations/${evaluationId}/rescore`, { evaluationId }, fields);
const answers = (over: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    "answer.greeting": "0",
    "rootCause.greeting": "training_gap",
    "answer.accuracy": "2",
    "rootCause.accuracy": "training_gap",
    "answer.empathy": "3",
    ...over,
  });

describe("re-scoring a submitted evaluation", () => {
  it("a lead who did not score it changes answers with a reason: score, revision and history follow", async () => {
    const e = await createScoredEvaluation({ agent, reviewer: reviewerLead, version });
    const page = await (
      await get(rescoreLoader, clientLead, `/evaluations/${e.id}/rescore`, { evaluationId: e.id })
    ).json();
    expect(page.ownEvaluation).toBe(false);
    const response = await rescore(clientLead, e.id, [
      ...answers({ "answer.accuracy": "4", "comment.accuracy": "Dates were right after all." }),
      ["reason", "Calibration showed accuracy was good."],
      ["lockVersion", "1"],
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/evaluations/${e.id}?rescored=1`);
    const [updated] = await db.select().from(evaluations).where(eq(evaluations.id, e.id));
    // greeting 0, accuracy 0.75 x 2, empathy 1: 2.5 / 4.
    expect(updated).toMatchObject({ finalScore: 62.5, lockVersion: 2 });
    const [revision] = await db.select().from(evaluationRevisions).where(eq(evaluationRevisions.evaluationId, e.id));
    expect(revision).toMatchObject({
      kind: "rescore",
      actorUserId: clientLead.id,
      reason: "Calibration showed accuracy was good.",
      changes: [{ criterionKey: "accuracy", before: 2, after: 4 }],
    });
    const stored = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, e.id));
    expect(stored.find((a) => a.criterionKey === "accuracy")).toMatchObject({
      value: 4,
      met: true,
      rootCause: null,
      comment: "Dates were right after all.",
    });
    const view = await (await get(evaluationLoader, clientLead, `/evaluations/${e.id}`, { evaluationId: e.id })).json();
    expect(view.evaluation.revisions).toEqual([expect.objectContaining({ kind: "rescore", actorName: "Carl" })]);
  });

  it("refuses a stale form with 409 and a clear message, changing nothing", async () => {
    const e = await createScoredEvaluation({ agent, reviewer: reviewerLead, version });
    const first = await rescore(clientLead, e.id, [
      ...answers({ "answer.greeting": "1" }),
      ["reason", "Greeted."],
      ["lockVersion", "1"],
    ]);
    expect(first.status).toBe(302);
    const stale = await rescore(clientLead, e.id, [
      ...answers({ "answer.empathy": "1", "rootCause.empathy": "agent_behaviour" }),
      ["reason", "Cold."],
      ["lockVersion", "1"],
    ]);
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.message).toMatch(/changed since you opened it/);
    expect(body.lockVersion).toBe("1");
    const [row] = await db.select().from(evaluations).where(eq(evaluations.id, e.id));
    expect(row).toMatchObject({ lockVersion: 2, finalScore: 62.5 });
  });

  it("refuses the original reviewer (403), other vendors (404) and specialists (403)", async () => {
    const e = await createScoredEvaluation({ agent, reviewer: reviewerLead, version });
    const fields: [string, string][] = [
      ...answers({ "answer.greeting": "1" }),
      ["reason", "Mine."],
      ["lockVersion", "1"],
    ];
    const own = await rescore(reviewerLead, e.id, fields);
    expect(own.status).toBe(403);
    expect((await own.json()).message).toMatch(/You scored this evaluation/);
    expect((await rescore(vendorBLead, e.id, fields)).status).toBe(404);
    expect((await rescore(specialist, e.id, fields)).status).toBe(403);
    expect((await db.select().from(evaluations).where(eq(evaluations.id, e.id)))[0].lockVersion).toBe(1);
  });

  it("answers 400 without a reason, without a change, or with a miss lacking its root cause", async () => {
    const e = await createScoredEvaluation({ agent, reviewer: reviewerLead, version });
    const noReason = await rescore(clientLead, e.id, [...answers({ "answer.greeting": "1" }), ["lockVersion", "1"]]);
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).fieldErrors).toEqual({ reason: "Give a reason for the re-score." });
    const noChange = await rescore(clientLead, e.id, [...answers(), ["reason", "Looked again."], ["lockVersion", "1"]]);
    expect(noChange.status).toBe(400);
    expect((await noChange.json()).message).toMatch(/Nothing to re-score/);
    const noCause = await rescore(clientLead, e.id, [
      ...answers({ "answer.empathy": "1" }),
      ["reason", "Cold tone."],
      ["lockVersion", "1"],
    ]);
    expect(noCause.status).toBe(400);
    expect((await noCause.json()).problems).toEqual([
      expect.objectContaining({ criterionKey: "empathy", field: "rootCause" }),
    ]);
    expect((await db.select().from(evaluations).where(eq(evaluations.id, e.id)))[0].lockVersion).toBe(1);
  });
});
