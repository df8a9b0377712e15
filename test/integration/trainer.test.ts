/**
 * The trainer view, DSAT root-cause tagging and coaching tasks, on a hand-built dataset (scorecard of
 * factories.ts: greeting binary 0/1 pass at 1, accuracy 5-point pass at 3).
 *
 * Vendor A (window: now)
 *   agent A  (team A,  cohort 2024-Q1): 4 × greeting missed (training gap), 1 × accuracy 2 (tooling), 1 × all met
 *   agent A2 (team A2, cohort 2025-Q2): 2 × greeting missed (process gap), 1 × accuracy 1 (no cause), 1 × all met
 *   DSAT: dA1 (agent A, CSAT 1) tagged training gap, dA2 (agent A2, CSAT 2) tagged customer-driven,
 *         dA3 (agent A, CSAT 2, 100 days ago) untagged; plus a CSAT 4 interaction (not DSAT)
 *   => greeting 6 errors of 10 answers (4 training, 2 process), accuracy 2 of 10 (1 tooling, 1 none)
 *   => errors 8 + 2 tagged = 10, training 4 + 1 = 5 (50%)
 * Vendor B: agent B 3 × accuracy 2 (product defect); DSAT dB1 untagged.
 * Vendor C (cohorts): c1 (2025-Q1) 25 evaluations, greeting missed 20, accuracy missed 5;
 *                      c2 (2024-Q3) 25 evaluations, greeting missed 5,  accuracy missed 5.
 * Agent A3 (vendor A) ~200 days ago, outside every trainer window, for the before/after view.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  agents,
  auditLog,
  coachingTasks,
  evaluationAnswers,
  interactionRootCauses,
  teams,
  type Agent,
  type Evaluation,
  type Interaction,
  type Organization,
  type User,
} from "../../db/schema";
import { periodWindow } from "~/domain/kpi-period";
import { scopeFor } from "~/domain/permissions";
import { tagDsatCase } from "~/models/root-cause-tag.server";
import { action as taskAction, loader as taskLoader } from "~/routes/coaching.$taskId";
import { action as coachingAction, loader as coachingLoader } from "~/routes/coaching._index";
import { action as dsatAction, loader as dsatLoader } from "~/routes/trainer.dsat";
import { loader as exportLoader } from "~/routes/trainer.export[.]csv";
import { loader as trainerLoader } from "~/routes/trainer._index/route";
import {
  createAgent,
  createEvaluation,
  createInteraction,
  createOrganization,
  createTeam,
  createUser,
} from "../factories";
import {
  AGENT_B_NAME,
  createWorld,
  get,
  getCsv,
  getJson,
  post,
  VENDOR_A_NAME,
  VENDOR_B_NAME,
  type World,
} from "./calibration-fixtures";
import { addToRollups, subtractFromRollups } from "~/models/kpi-rollup.server";

const DAY = 86_400_000;

let w: World;
let vendorC: Organization;
let clientTrainer: User;
let vendorATrainer: User;
let vendorBTrainer: User;
let vendorATeamLead: User;
let agentA: Agent;
let agentA2: Agent;
let agentA3: Agent;
let agentC1: Agent;
let agentB: Agent;
let scorecardId: string;
const greetingMissesOfA: Evaluation[] = [];
let evaluationOfA2: Evaluation;
let dA3: Interaction;
let teamNameOfA = "";
let dB1: Interaction;
let notDsat: Interaction;

async function withCohort(agent: Agent, trainingCohort: string) {
  await db.update(agents).set({ trainingCohort }).where(eq(agents.id, agent.id));
  return { ...agent, trainingCohort };
}

/** A submitted evaluation of a new interaction of `agent`, with root causes on the misses. */
async function evaluate(
  agent: Agent,
  answers: { greeting: number; accuracy: number },
  causes: { greeting?: string; accuracy?: string } = {},
  at?: Date,
) {
  const interaction = await createInteraction({ agent, startedAt: at });
  const evaluation = await createEvaluation({
    interaction,
    version: w.version,
    reviewer: w.facilitator,
    answers,
    submittedAt: at ? new Date(at.getTime() + 3_600_000) : undefined,
  });
  // Root causes set the way the app's write paths do it: the KPI rollups change in the same transaction.
  await db.transaction(async (tx) => {
    await subtractFromRollups(tx, { evaluationIds: [evaluation.id] });
    for (const [criterionKey, rootCause] of Object.entries(causes))
      await tx
        .update(evaluationAnswers)
        .set({ rootCause })
        .where(
          and(eq(evaluationAnswers.evaluationId, evaluation.id), eq(evaluationAnswers.criterionKey, criterionKey)),
        );
    await addToRollups(tx, { evaluationIds: [evaluation.id] });
  });
  return evaluation;
}

async function repeat(times: number, run: () => Promise<unknown>) {
  for (let i = 0; i < times; i++) await run();
}

beforeAll(async () => {
  w = await createWorld();
  scorecardId = w.version.scorecardId;
  vendorC = await createOrganization({ kind: "vendor", name: "Cobalt Cohorts" });
  clientTrainer = await createUser({ organization: w.client, role: "trainer", name: "Tess Client-Trainer" });
  vendorATrainer = await createUser({ organization: w.vendorA, role: "trainer", name: "Tom Alphaworx-Trainer" });
  vendorBTrainer = await createUser({ organization: w.vendorB, role: "trainer", name: "Tina Bravado-Trainer" });
  vendorATeamLead = await createUser({ organization: w.vendorA, role: "team_lead", name: "Tariq Alphaworx-Lead" });

  agentA = w.agentA;
  agentB = w.agentB;
  const teamA2 = await createTeam({ vendor: w.vendorA, name: "Alphaworx Team Two" });
  agentA2 = await withCohort(await createAgent({ team: teamA2, name: "Agent Ada Second" }), "2025-Q2");
  agentA3 = await createAgent({
    team: await createTeam({ vendor: w.vendorA, name: "Alphaworx Archive" }),
    name: "Agent Abe Third",
  });
  const [team] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, agentA.teamId));
  teamNameOfA = team.name;

  // Vendor A
  for (let i = 0; i < 4; i++)
    greetingMissesOfA.push(await evaluate(agentA, { greeting: 0, accuracy: 5 }, { greeting: "training_gap" }));
  await evaluate(agentA, { greeting: 1, accuracy: 2 }, { accuracy: "tooling" });
  await evaluate(agentA, { greeting: 1, accuracy: 5 });
  evaluationOfA2 = await evaluate(agentA2, { greeting: 0, accuracy: 5 }, { greeting: "process_gap" });
  await evaluate(agentA2, { greeting: 0, accuracy: 5 }, { greeting: "process_gap" });
  await evaluate(agentA2, { greeting: 1, accuracy: 1 });
  await evaluate(agentA2, { greeting: 1, accuracy: 5 });
  const dA1 = await createInteraction({ agent: agentA, csat: 1 });
  const dA2 = await createInteraction({ agent: agentA2, csat: 2 });
  dA3 = await createInteraction({ agent: agentA, csat: 2, startedAt: new Date(Date.now() - 100 * DAY) });
  notDsat = await createInteraction({ agent: agentA, csat: 4 });
  const scopeA = scopeFor({ ...vendorATrainer, organizationKind: "vendor", agentId: null });
  expect(
    await tagDsatCase({
      scope: scopeA,
      actorUserId: vendorATrainer.id,
      interactionId: dA1.id,
      rootCause: "training_gap",
      note: null,
      now: new Date(Date.now() - 120_000),
    }),
  ).toEqual({ ok: true, replaced: false });
  await tagDsatCase({
    scope: scopeA,
    actorUserId: vendorATrainer.id,
    interactionId: dA2.id,
    rootCause: "customer_driven",
    note: "Wanted a refund outside policy",
    now: new Date(Date.now() - 60_000),
  });

  // Vendor B
  await repeat(3, () => evaluate(agentB, { greeting: 1, accuracy: 2 }, { accuracy: "product_defect" }));
  dB1 = await createInteraction({ agent: agentB, csat: 1, values: { subject: "Bravado secret DSAT" } });

  // Vendor C: one cohort clearly fails greeting more than its peers.
  const teamC = await createTeam({ vendor: vendorC });
  agentC1 = await withCohort(await createAgent({ team: teamC, name: "Agent Cora Cohort" }), "2025-Q1");
  const agentC2 = await withCohort(await createAgent({ team: teamC, name: "Agent Cal Veteran" }), "2024-Q3");
  for (let i = 0; i < 25; i++) {
    await evaluate(agentC1, { greeting: i < 20 ? 0 : 1, accuracy: i < 5 ? 2 : 4 });
    await evaluate(agentC2, { greeting: i < 5 ? 0 : 1, accuracy: i < 5 ? 2 : 4 });
  }
}, 180_000);

type ParetoRow = {
  criterionKey: string;
  errors: number;
  answers: number;
  failureRate: number;
  share: number;
  cumulativeShare: number;
  vitalFew: boolean;
  byRootCause: Record<string, number>;
};

describe("error Pareto", () => {
  it("counts errors by criterion and root cause with shares and cumulative shares", async () => {
    const { data } = await getJson(trainerLoader, vendorATrainer, "/trainer", {});
    const rows = data.pareto as ParetoRow[];
    expect(rows.map((r) => r.criterionKey)).toEqual(["greeting", "accuracy"]);
    expect(rows[0]).toMatchObject({
      errors: 6,
      answers: 10,
      failureRate: 0.6,
      share: 0.75,
      cumulativeShare: 0.75,
      vitalFew: true,
      label: "Greeted the customer",
    });
    expect(rows[0].byRootCause).toMatchObject({ training_gap: 4, process_gap: 2, none: 0, tooling: 0 });
    expect(rows[1]).toMatchObject({ errors: 2, answers: 10, failureRate: 0.2, share: 0.25, cumulativeShare: 1 });
    expect(rows[1].byRootCause).toMatchObject({ tooling: 1, none: 1, training_gap: 0 });
    expect(data.weeks).toBe(12);
  });

  it("adds every vendor up for the client, and a vendor filter narrows it", async () => {
    const all = await getJson(trainerLoader, clientTrainer, "/trainer", {});
    const byKey = Object.fromEntries((all.data.pareto as ParetoRow[]).map((r) => [r.criterionKey, r.errors]));
    // greeting: A 6 + C 25; accuracy: A 2 + B 3 + C 10.
    expect(byKey).toEqual({ greeting: 31, accuracy: 15 });
    const onlyA = await getJson(trainerLoader, clientTrainer, `/trainer?vendor=${w.vendorA.id}`, {});
    expect((onlyA.data.pareto as ParetoRow[]).map((r) => [r.criterionKey, r.errors])).toEqual([
      ["greeting", 6],
      ["accuracy", 2],
    ]);
  });

  it("drills down to the agents with most misses on a criterion", async () => {
    const { data } = await getJson(trainerLoader, vendorATrainer, `/trainer?drill=${scorecardId}:greeting`, {});
    expect(
      data.drill.agents.map((a: { agentName: string; errors: number; answers: number }) => [
        a.agentName,
        a.errors,
        a.answers,
      ]),
    ).toEqual([
      [agentA.name, 4, 6],
      [agentA2.name, 2, 4],
    ]);
  });

  it("reports periods in the viewer's time zone", async () => {
    const kiwi = await createUser({ organization: w.client, role: "trainer", timeZone: "Pacific/Auckland" });
    const { data } = await getJson(trainerLoader, kiwi, "/trainer?weeks=4", {});
    expect(data.weeks).toBe(4);
    expect(data.from).toBe(periodWindow(new Date(), "Pacific/Auckland", "week", 4).starts[0]);
  });

  it("downloads the Pareto as CSV", async () => {
    const csv = await getCsv(exportLoader, vendorATrainer, "/trainer/export.csv?table=pareto", {});
    expect(
      csv.rows.map((r) => [r.criterion_key, r.errors, r.share, r.cumulative_share, r.root_cause_training_gap]),
    ).toEqual([
      ["greeting", "6", "0.75", "0.75", "4"],
      ["accuracy", "2", "0.25", "1", "0"],
    ]);
  });

  it("is for trainers, QA leads, ops managers and admins only", async () => {
    expect((await get(trainerLoader, vendorATeamLead, "/trainer", {})).status).toBe(403);
    expect((await get(trainerLoader, w.vendorAAgentUser, "/trainer", {})).status).toBe(403);
  });
});

describe("errors traceable to training", () => {
  it("includes tagged DSAT cases, by vendor, team and cohort", async () => {
    const { data } = await getJson(trainerLoader, vendorATrainer, "/trainer", {});
    expect(data.training.total).toMatchObject({ errors: 10, trainingErrors: 5, dsatErrors: 2, share: 0.5 });
    const pick = (rows: { label: string; errors: number; trainingErrors: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.label, [r.errors, r.trainingErrors]]));
    expect(pick(data.training.byVendor)).toEqual({ [VENDOR_A_NAME]: [10, 5] });
    expect(pick(data.training.byTeam)).toEqual({ [teamNameOfA]: [6, 5], "Alphaworx Team Two": [4, 0] });
    expect(pick(data.training.byCohort)).toEqual({ "2024-Q1": [6, 5], "2025-Q2": [4, 0] });
    const shareOfTeamA = data.training.byTeam.find((r: { label: string }) => r.label === teamNameOfA).share;
    expect(shareOfTeamA).toBeCloseTo(5 / 6, 10);
  });

  it("downloads all three tables and the total as CSV", async () => {
    const csv = await getCsv(exportLoader, vendorATrainer, "/trainer/export.csv?table=training", {});
    expect(csv.rows[0]).toMatchObject({ dimension: "total", errors: "10", training_errors: "5", share: "0.5" });
    expect(csv.rows.map((r) => r.dimension)).toEqual(["total", "vendor", "team", "team", "cohort", "cohort"]);
  });
});

describe("cohort versus peers", () => {
  it("flags the cohort that clearly fails more, with the two-proportion test, worst first", async () => {
    const { data } = await getJson(trainerLoader, clientTrainer, `/trainer?vendor=${vendorC.id}`, {});
    const rows = data.cohorts as {
      cohort: string;
      criterionKey: string;
      failures: number;
      answers: number;
      peerFailures: number;
      peerAnswers: number;
      comparison: { verdict: string; z: number; pValue: number; difference: number };
    }[];
    expect(rows.map((r) => [r.cohort, r.criterionKey, r.comparison.verdict])).toEqual([
      ["2025-Q1", "greeting", "higher"],
      ["2024-Q3", "greeting", "lower"],
      ["2024-Q3", "accuracy", "not_significant"],
      ["2025-Q1", "accuracy", "not_significant"],
    ]);
    // 20/25 vs 5/25: pooled 0.5, se √(0.25 × 2/25) = 0.14142, z = 0.6 / 0.14142 = 4.2426.
    expect(rows[0]).toMatchObject({ failures: 20, answers: 25, peerFailures: 5, peerAnswers: 25 });
    expect(rows[0].comparison.z).toBeCloseTo(4.2426, 4);
    expect(rows[0].comparison.pValue).toBeLessThan(0.001);
    expect(rows[2].comparison.z).toBe(0);
    const csv = await getCsv(exportLoader, clientTrainer, `/trainer/export.csv?table=cohorts&vendor=${vendorC.id}`, {});
    expect(csv.rows[0]).toMatchObject({ cohort: "2025-Q1", criterion_key: "greeting", significant: "true" });
    expect(csv.rows[2]).toMatchObject({ significant: "false", verdict: "not_significant" });
  });

  it("leaves out cohorts with fewer than 20 answers a side", async () => {
    const { data } = await getJson(trainerLoader, vendorATrainer, "/trainer", {});
    expect(data.cohorts).toEqual([]);
  });
});

describe("DSAT root-cause tagging", () => {
  it("lists untagged DSAT cases in scope, newest first, within the window", async () => {
    const recent = await getJson(dsatLoader, vendorATrainer, "/trainer/dsat", {});
    expect(recent.data.untagged.rows).toEqual([]); // dA3 is 100 days old
    const { data, text } = await getJson(dsatLoader, vendorATrainer, "/trainer/dsat?weeks=26", {});
    expect(data.untagged.rows.map((r: { interactionId: string }) => r.interactionId)).toEqual([dA3.id]);
    expect(text).not.toContain(notDsat.id);
    expect(data.tagged.map((r: { rootCause: string; taggedByName: string }) => [r.rootCause, r.taggedByName])).toEqual([
      ["customer_driven", vendorATrainer.name],
      ["training_gap", vendorATrainer.name],
    ]);
  });

  it("tags a case without an evaluation, and re-tagging replaces the cause with an audit trail", async () => {
    const first = await post(dsatAction, vendorATrainer, "/trainer/dsat", {}, [
      ["interactionId", dA3.id],
      ["rootCause", "training_gap"],
      ["note", ""],
    ]);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, replaced: false });
    const again = await post(dsatAction, w.vendorALead, "/trainer/dsat", {}, [
      ["interactionId", dA3.id],
      ["rootCause", "process_gap"],
      ["note", "Refund process unclear"],
    ]);
    expect(await again.json()).toMatchObject({ ok: true, replaced: true });
    const [tag] = await db.select().from(interactionRootCauses).where(eq(interactionRootCauses.interactionId, dA3.id));
    expect(tag).toMatchObject({ rootCause: "process_gap", note: "Refund process unclear", taggedBy: w.vendorALead.id });
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, dA3.id)).orderBy(auditLog.at);
    expect(audits.map((a) => a.action)).toEqual(["root_cause.tag", "root_cause.retag"]);
    expect(audits[1].details).toMatchObject({
      rootCause: "process_gap",
      previous: { rootCause: "training_gap", taggedBy: vendorATrainer.id },
    });
  });

  it("refuses other vendors' cases (404), non-DSAT cases and unknown causes (400)", async () => {
    const other = await post(dsatAction, vendorATrainer, "/trainer/dsat", {}, [
      ["interactionId", dB1.id],
      ["rootCause", "training_gap"],
    ]);
    expect(other.status).toBe(404);
    const happy = await post(dsatAction, vendorATrainer, "/trainer/dsat", {}, [
      ["interactionId", notDsat.id],
      ["rootCause", "training_gap"],
    ]);
    expect(happy.status).toBe(400);
    const unknown = await post(dsatAction, vendorATrainer, "/trainer/dsat", {}, [
      ["interactionId", dB1.id],
      ["rootCause", "bad_luck"],
    ]);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ fieldErrors: { rootCause: "Choose a root cause." } });
    expect((await get(dsatLoader, vendorATeamLead, "/trainer/dsat", {})).status).toBe(403);
  });
});

describe("vendor scope", () => {
  it("never shows vendor A's trainer vendor B's counts, agents, DSAT cases or tasks", async () => {
    const page = await getJson(trainerLoader, vendorATrainer, "/trainer?weeks=26", {});
    for (const secret of [VENDOR_B_NAME, AGENT_B_NAME, w.vendorB.id, agentB.id, "Cobalt Cohorts"])
      expect(page.text).not.toContain(secret);
    const drill = await getJson(trainerLoader, vendorATrainer, `/trainer?drill=${scorecardId}:accuracy`, {});
    expect(drill.text).not.toContain(AGENT_B_NAME);
    expect(drill.data.drill.agents).toHaveLength(2);
    const dsat = await getJson(dsatLoader, vendorATrainer, "/trainer/dsat?weeks=26", {});
    expect(dsat.text).not.toContain(dB1.id);
    expect(dsat.text).not.toContain("Bravado secret DSAT");
    // B's own trainer does see it.
    const dsatB = await getJson(dsatLoader, vendorBTrainer, "/trainer/dsat", {});
    expect(dsatB.data.untagged.rows.map((r: { interactionId: string }) => r.interactionId)).toEqual([dB1.id]);
    // Asking for another vendor is a 404, on the page and in every CSV.
    expect((await get(trainerLoader, vendorATrainer, `/trainer?vendor=${w.vendorB.id}`, {})).status).toBe(404);
    for (const table of ["pareto", "training", "cohorts", "dsat"]) {
      const csv = await get(exportLoader, vendorATrainer, `/trainer/export.csv?table=${table}&weeks=26`, {});
      expect(csv.status).toBe(200);
      const text = await csv.text();
      expect(text).not.toContain(VENDOR_B_NAME);
      expect(text).not.toContain(AGENT_B_NAME);
    }
    const agentsCsv = await getCsv(
      exportLoader,
      vendorATrainer,
      `/trainer/export.csv?table=agents&drill=${scorecardId}:accuracy`,
      {},
    );
    expect(agentsCsv.text).not.toContain(AGENT_B_NAME);
  });

  it("refuses a vendor trainer a task for another vendor's agent (404) and hides other vendors' tasks", async () => {
    const response = await post(coachingAction, vendorATrainer, "/coaching", {}, [
      ["agentId", agentB.id],
      ["criterion", `${scorecardId}:accuracy`],
      ["dueDate", "2999-01-01"],
    ]);
    expect(response.status).toBe(404);
    const created = await post(coachingAction, vendorBTrainer, "/coaching", {}, [
      ["agentId", agentB.id],
      ["criterion", `${scorecardId}:accuracy`],
      ["dueDate", "2999-01-01"],
      ["notes", "Bravado coaching plan"],
    ]);
    expect(created.status).toBe(302);
    const taskId = created.headers.get("Location")!.match(/\/coaching\/([0-9a-f-]{36})/)![1];
    const list = await getJson(coachingLoader, vendorATrainer, "/coaching?status=all", {});
    expect(list.text).not.toContain(taskId);
    expect(list.text).not.toContain("Bravado coaching plan");
    expect((await get(taskLoader, vendorATrainer, `/coaching/${taskId}`, { taskId })).status).toBe(404);
    const stale = await post(taskAction, vendorATrainer, `/coaching/${taskId}`, { taskId }, [
      ["intent", "status"],
      ["status", "cancelled"],
      ["lockVersion", "1"],
    ]);
    expect(stale.status).toBe(404);
    const csv = await get(exportLoader, vendorATrainer, `/trainer/export.csv?table=before-after&task=${taskId}`, {});
    expect(csv.status).toBe(404);
    // The client trainer sees it, and vendor B's trainer does.
    expect((await getJson(coachingLoader, clientTrainer, "/coaching", {})).text).toContain(taskId);
    expect((await getJson(coachingLoader, vendorBTrainer, "/coaching", {})).text).toContain(taskId);
  });
});

describe("coaching tasks", () => {
  let taskId = "";

  it("offers the agent's evaluations that missed the criterion on the form", async () => {
    const { data } = await getJson(
      coachingLoader,
      vendorATrainer,
      `/coaching?new=1&criterion=${scorecardId}:greeting&agentId=${agentA.id}`,
      {},
    );
    expect(data.form.criterion).toBe(`${scorecardId}:greeting`);
    expect(data.form.agentId).toBe(agentA.id);
    expect(data.form.missed.map((e: { id: string }) => e.id).sort()).toEqual(greetingMissesOfA.map((e) => e.id).sort());
    expect(data.form.agents.map((a: { name: string }) => a.name)).not.toContain(AGENT_B_NAME);
    expect(data.form.mostMisses[0]).toMatchObject({ agentName: agentA.name, errors: 4 });
  });

  it("validates the form: past due date, unknown criterion, someone else's evaluation", async () => {
    const base: [string, string][] = [
      ["agentId", agentA.id],
      ["criterion", `${scorecardId}:greeting`],
      ["dueDate", "2999-01-01"],
    ];
    const past = await post(coachingAction, vendorATrainer, "/coaching", {}, [
      ...base.slice(0, 2),
      ["dueDate", "2020-01-01"],
    ]);
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ fieldErrors: { dueDate: "The due date cannot be in the past." } });
    const unknown = await post(coachingAction, vendorATrainer, "/coaching", {}, [
      base[0],
      ["criterion", `${scorecardId}:telepathy`],
      base[2],
    ]);
    expect(unknown.status).toBe(400);
    const foreign = await post(coachingAction, vendorATrainer, "/coaching", {}, [
      ...base,
      ["evaluationId", evaluationOfA2.id],
    ]);
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ fieldErrors: { evaluationIds: expect.any(String) } });
  });

  it("creates a task with linked evaluations, and lists it", async () => {
    const response = await post(coachingAction, vendorATeamLead, "/coaching", {}, [
      ["agentId", agentA.id],
      ["criterion", `${scorecardId}:greeting`],
      ["dueDate", "2999-01-01"],
      ["notes", "Role-play the opening"],
      ["evaluationId", greetingMissesOfA[0].id],
      ["evaluationId", greetingMissesOfA[1].id],
    ]);
    expect(response.status).toBe(302);
    taskId = response.headers.get("Location")!.match(/\/coaching\/([0-9a-f-]{36})/)![1];
    const { data } = await getJson(taskLoader, vendorATrainer, `/coaching/${taskId}`, { taskId });
    expect(data.task).toMatchObject({
      agentName: agentA.name,
      criterionLabel: "Greeted the customer",
      status: "open",
      lockVersion: 1,
      notes: "Role-play the opening",
      linkedEvaluations: 2,
    });
    expect(data.evaluations.map((e: { id: string; met: boolean }) => [e.id, e.met]).sort()).toEqual(
      [
        [greetingMissesOfA[0].id, false],
        [greetingMissesOfA[1].id, false],
      ].sort(),
    );
    const list = await getJson(coachingLoader, vendorATrainer, "/coaching", {});
    expect(list.data.tasks.map((t: { id: string }) => t.id)).toContain(taskId);
    const csv = await getCsv(exportLoader, vendorATrainer, "/trainer/export.csv?table=coaching&status=all", {});
    expect(csv.rows.find((r) => r.task_id === taskId)).toMatchObject({ criterion_key: "greeting", status: "open" });
  });

  it("moves open → in progress → done; a stale form gets 409; done is final", async () => {
    const change = (user: User, fields: [string, string][]) =>
      post(taskAction, user, `/coaching/${taskId}`, { taskId }, fields);
    const start = await change(vendorATrainer, [
      ["intent", "status"],
      ["status", "in_progress"],
      ["lockVersion", "1"],
    ]);
    expect(start.status).toBe(302);
    // Another tab still holds lock version 1.
    const stale = await change(vendorATeamLead, [
      ["intent", "status"],
      ["status", "cancelled"],
      ["lockVersion", "1"],
    ]);
    expect(stale.status).toBe(409);
    expect((await stale.json()).formError).toMatch(/someone else changed this task/i);
    const staleNotes = await change(vendorATeamLead, [
      ["intent", "notes"],
      ["notes", "overwrite"],
      ["lockVersion", "1"],
    ]);
    expect(staleNotes.status).toBe(409);
    const notes = await change(vendorATrainer, [
      ["intent", "notes"],
      ["notes", "Role-played twice; listen to two calls next week"],
      ["lockVersion", "2"],
    ]);
    expect(notes.status).toBe(302);
    const done = await change(vendorATrainer, [
      ["intent", "status"],
      ["status", "done"],
      ["lockVersion", "3"],
    ]);
    expect(done.status).toBe(302);
    const [row] = await db.select().from(coachingTasks).where(eq(coachingTasks.id, taskId));
    expect(row).toMatchObject({
      status: "done",
      lockVersion: 4,
      notes: "Role-played twice; listen to two calls next week",
    });
    expect(row.completedAt).toBeInstanceOf(Date);
    const reopen = await change(vendorATrainer, [
      ["intent", "status"],
      ["status", "in_progress"],
      ["lockVersion", "4"],
    ]);
    expect(reopen.status).toBe(409);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, taskId)).orderBy(auditLog.at);
    expect(audits.map((a) => a.action)).toEqual([
      "coaching_task.create",
      "coaching_task.status",
      "coaching_task.notes",
      "coaching_task.status",
    ]);
  });

  it("lets readers read but only coaches change, and keeps agents out", async () => {
    expect((await get(coachingLoader, w.clientOps, "/coaching", {})).status).toBe(200);
    const write = await post(taskAction, w.clientOps, `/coaching/${taskId}`, { taskId }, [
      ["intent", "notes"],
      ["notes", "x"],
      ["lockVersion", "4"],
    ]);
    expect(write.status).toBe(403);
    expect((await get(coachingLoader, w.vendorAAgentUser, "/coaching", {})).status).toBe(403);
  });
});

describe("before and after coaching", () => {
  it("counts the agent's failures on the criterion before the task and since", async () => {
    const created = new Date(Date.now() - 200 * DAY);
    // Before, within 4 weeks: 8 misses of 10. Before, 5 weeks back: 1 miss. After: 1 miss of 10.
    for (let i = 0; i < 10; i++)
      await evaluate(agentA3, { greeting: i < 8 ? 0 : 1, accuracy: 5 }, {}, new Date(created.getTime() - 10 * DAY));
    await evaluate(agentA3, { greeting: 0, accuracy: 5 }, {}, new Date(created.getTime() - 35 * DAY));
    for (let i = 0; i < 10; i++)
      await evaluate(agentA3, { greeting: i < 1 ? 0 : 1, accuracy: 5 }, {}, new Date(created.getTime() + 5 * DAY));
    const response = await post(coachingAction, clientTrainer, "/coaching", {}, [
      ["agentId", agentA3.id],
      ["criterion", `${scorecardId}:greeting`],
      ["dueDate", "2999-01-01"],
    ]);
    expect(response.status).toBe(302);
    const taskId = response.headers.get("Location")!.match(/\/coaching\/([0-9a-f-]{36})/)![1];
    await db.update(coachingTasks).set({ createdAt: created }).where(eq(coachingTasks.id, taskId));

    const { data } = await getJson(taskLoader, vendorATrainer, `/coaching/${taskId}`, { taskId });
    const c = data.beforeAfter.comparison;
    expect([c.otherFailures, c.otherAnswers, c.failures, c.answers]).toEqual([8, 10, 1, 10]);
    expect(c.otherRate).toBe(0.8);
    expect(c.rate).toBe(0.1);
    // 1/10 vs 8/10: pooled 0.45, z = −0.7 / √(0.45 × 0.55 × 0.2) = −3.1463.
    expect(c.z).toBeCloseTo(-3.1463, 4);
    expect(c.verdict).toBe("lower");
    expect(new Date(data.beforeAfter.windows.before.from).getTime()).toBe(created.getTime() - 28 * DAY);

    const wider = await getJson(taskLoader, vendorATrainer, `/coaching/${taskId}?weeks=8`, { taskId });
    expect([wider.data.beforeAfter.comparison.otherFailures, wider.data.beforeAfter.comparison.otherAnswers]).toEqual([
      9, 11,
    ]);
    const csv = await getCsv(exportLoader, vendorATrainer, `/trainer/export.csv?table=before-after&task=${taskId}`, {});
    expect(csv.rows.map((r) => [r.window, r.answers, r.failures])).toEqual([
      ["before", "10", "8"],
      ["after", "10", "1"],
    ]);
    // Outside every trainer window: the Pareto of vendor A is unchanged.
    const pareto = await getJson(trainerLoader, vendorATrainer, "/trainer?weeks=26", {});
    expect((pareto.data.pareto as ParetoRow[])[0]).toMatchObject({ criterionKey: "greeting", errors: 6 });
  });
});
