/**
 * A calibration session from creation to finalize, through the models and the routes: what the
 * facilitator may do at each step (and nobody else), consensus and benchmark adoption, the frozen
 * results, the participants' inbox, and the guarantee that calibration scores never reach agent KPIs.
 */
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  calibrationConsensus,
  calibrationItems,
  calibrationNotes,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  type CalibrationSession,
  type Interaction,
  type User,
} from "../../db/schema";
import type { CalibrationMetrics } from "~/domain/calibration-metrics";
import { scopeFor, type Scope } from "~/domain/permissions";
import {
  addCalibrationNote,
  adoptBenchmarkAnswers,
  extendCalibrationDeadline,
  finalizeCalibrationSession,
  openCalibrationSession,
  recordCalibrationConsensus,
  removeCalibrationParticipant,
  reopenCalibrationSession,
  revealCalibrationSession,
} from "~/models/calibration-lifecycle.server";
import { computeSessionMetrics } from "~/models/calibration-results.server";
import {
  addCalibrationItems,
  addCalibrationParticipants,
  addRandomCalibrationItems,
  createCalibrationSession as createSessionModel,
  updateCalibrationSettings,
} from "~/models/calibration-setup.server";
import { listEvaluations } from "~/models/evaluation.server";
import { getVendorSummaries } from "~/models/overview.server";
import { loader as homeLoader } from "~/routes/_index";
import { action as newSessionAction } from "~/routes/calibrations.new";
import { action as sessionAction } from "~/routes/calibrations.$sessionId._index/route";
import { loader as answersCsvLoader } from "~/routes/calibrations.$sessionId.answers[.]csv";
import { loader as resultsLoader } from "~/routes/calibrations.$sessionId.results";
import { loader as resultsCsvLoader } from "~/routes/calibrations.$sessionId.results[.]csv";
import { action as reviewAction, loader as reviewLoader } from "~/routes/calibrations.$sessionId.review";
import { action as scoreAction } from "~/routes/calibrations.$sessionId.score.$interactionId";
import { loader as evaluationLoader } from "~/routes/evaluations.$evaluationId";
import { createCalibrationSession, createEvaluation } from "../factories";
import {
  createWorld,
  get,
  getCsv,
  getJson,
  post,
  scorePath,
  scoringFields,
  viewerOf,
  type World,
} from "./calibration-fixtures";

let w: World;
let sessionId: string;
const since = new Date(Date.now() - 84 * 86_400_000);
let clientScope: Scope;
let vendorAScope: Scope;
let kpiBefore: { list: unknown; byReviewer: unknown; vendors: unknown; vendorA: unknown; vendorAList: unknown };
let standardEvaluationId: string;

const DAY = 86_400_000;
const sessionPath = (rest = "") => `/calibrations/${sessionId}${rest}`;
/** A `datetime-local` value in UTC (every test user's time zone). */
const local = (d: Date) => d.toISOString().slice(0, 16);

async function sessionRow(id = sessionId) {
  const [row] = await db.select().from(calibrationSessions).where(eq(calibrationSessions.id, id));
  return row;
}

async function submit(user: User, id: string, interaction: Interaction, greeting: number, accuracy: number) {
  const response = await post(
    scoreAction,
    user,
    scorePath(id, interaction.id),
    { sessionId: id, interactionId: interaction.id },
    scoringFields("submit", 0, { greeting: { value: greeting }, accuracy: { value: accuracy } }),
  );
  expect(response.status, await response.clone().text()).toBe(302);
}

const manage = (user: User, fields: [string, string][]) =>
  post(sessionAction, user, sessionPath(), { sessionId }, fields);
const review = (user: User, fields: [string, string][]) =>
  post(reviewAction, user, sessionPath("/review"), { sessionId }, fields);

async function kpis() {
  return {
    list: await listEvaluations(clientScope, { limit: 100 }),
    byReviewer: await listEvaluations(clientScope, { reviewerId: w.clientSpecialist.id, limit: 100 }),
    vendors: await getVendorSummaries(clientScope, since),
    vendorA: await getVendorSummaries(vendorAScope, since),
    vendorAList: await listEvaluations(vendorAScope, { limit: 100 }),
  };
}

beforeAll(async () => {
  w = await createWorld();
  clientScope = scopeFor({ ...w.facilitator, organizationKind: "client", agentId: null });
  vendorAScope = scopeFor({ ...w.vendorALead, organizationKind: "vendor", agentId: null });
  // One ordinary evaluation, so the KPI figures are not trivially empty.
  const standard = await createEvaluation({
    interaction: w.interactionA,
    version: w.version,
    reviewer: w.clientSpecialist,
    answers: { greeting: 1, accuracy: 5 },
  });
  standardEvaluationId = standard.id;
  kpiBefore = await kpis();
});

describe("the session lifecycle, driven by the facilitator", () => {
  it("only client calibration leads create a session", async () => {
    const base = {
      title: "Q3 chat calibration",
      scorecardVersionId: w.version.id,
      deadline: new Date(Date.now() + 7 * DAY),
      hideAgentNames: true,
    };
    for (const user of [w.clientSpecialist, w.vendorALead])
      expect(await createSessionModel({ ...base, viewer: viewerOf(user) })).toMatchObject({ ok: false, field: "form" });
    expect(
      await createSessionModel({ ...base, viewer: viewerOf(w.facilitator), scorecardVersionId: "nope" }),
    ).toMatchObject({ ok: false, field: "scorecardVersionId" });
    const refused = await post(newSessionAction, w.vendorALead, "/calibrations/new", {}, [
      ["title", "Vendor-run calibration"],
      ["scorecardVersionId", w.version.id],
      ["deadline", local(new Date(Date.now() + 7 * DAY))],
    ]);
    expect(refused.status).toBe(403);

    const created = await createSessionModel({ ...base, viewer: viewerOf(w.facilitator) });
    if (!created.ok) throw new Error(created.message);
    sessionId = created.id;
    expect(await sessionRow()).toMatchObject({
      status: "draft",
      facilitatorId: w.facilitator.id,
      organizationId: w.client.id,
      hideAgentNames: true,
      reference: "consensus",
    });
  });

  it("open is refused without items, and with fewer than two participants, with a clear message", async () => {
    const fac = viewerOf(w.facilitator);
    expect(await openCalibrationSession(fac, sessionId)).toEqual({
      ok: false,
      reason: "invalid",
      message: "Add at least one interaction.",
    });

    expect(await addCalibrationItems(fac, sessionId, [w.interactionA.id])).toEqual({ ok: true, value: 1 });
    // Adding it again is ignored.
    expect(await addCalibrationItems(fac, sessionId, [w.interactionA.id])).toEqual({ ok: true, value: 0 });
    expect(await addCalibrationItems(fac, sessionId, ["00000000-0000-4000-8000-000000000000"])).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await addRandomCalibrationItems(fac, sessionId, { channel: "email" }, 1)).toEqual({
      ok: false,
      reason: "invalid",
      message: "No interaction matches that filter.",
    });
    // Vendor B has exactly one interaction: the random pick is it.
    expect(await addRandomCalibrationItems(fac, sessionId, { vendorId: w.vendorB.id }, 1)).toEqual({
      ok: true,
      value: 1,
    });
    const items = await db
      .select()
      .from(calibrationItems)
      .where(eq(calibrationItems.sessionId, sessionId))
      .orderBy(calibrationItems.position);
    expect(items.map((i) => [i.interactionId, i.position])).toEqual([
      [w.interactionA.id, 1],
      [w.interactionB.id, 2],
    ]);

    expect(await openCalibrationSession(fac, sessionId)).toEqual({
      ok: false,
      reason: "invalid",
      message: "Add at least two participants.",
    });
    expect(await addCalibrationParticipants(fac, sessionId, [w.clientSpecialist.id])).toMatchObject({ ok: true });
    expect(await openCalibrationSession(fac, sessionId)).toEqual({
      ok: false,
      reason: "invalid",
      message: "Add at least two participants.",
    });
    // Agents and ops users cannot take part.
    for (const user of [w.vendorAAgentUser, w.clientOps])
      expect(await addCalibrationParticipants(fac, sessionId, [user.id])).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    expect((await sessionRow()).status).toBe("draft");
  });

  it("settings change while a draft, with the lock version", async () => {
    const row = await sessionRow();
    const fields = (lockVersion: number): [string, string][] => [
      ["intent", "settings"],
      ["lockVersion", String(lockVersion)],
      ["title", "Q3 chat calibration (renamed)"],
      ["deadline", local(row.deadline)],
      ["hideAgentNames", "on"],
      ["reference", "consensus"],
    ];
    const stale = await manage(w.facilitator, fields(row.lockVersion - 1));
    expect(stale.status).toBe(409);
    const ok = await manage(w.facilitator, fields(row.lockVersion));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true });
    expect((await sessionRow()).title).toBe("Q3 chat calibration (renamed)");
  });

  it("opens with items and two or more participants", async () => {
    const fac = viewerOf(w.facilitator);
    // vendorALead takes part too, to be removed later.
    expect(
      await addCalibrationParticipants(fac, sessionId, [
        w.clientReviewer.id,
        w.vendorASpecialist.id,
        w.vendorBSpecialist.id,
        w.vendorALead.id,
      ]),
    ).toMatchObject({ ok: true });
    const now = new Date();
    expect(await openCalibrationSession(fac, sessionId, now)).toEqual({ ok: true, value: undefined });
    expect(await sessionRow()).toMatchObject({ status: "open", openedAt: now });
    expect(await openCalibrationSession(fac, sessionId)).toMatchObject({ ok: false, reason: "conflict" });
  });

  it("a participant with pending items has the session in their inbox, with its deadline", async () => {
    const row = await sessionRow();
    for (const user of w.participants) {
      const { data } = await getJson(homeLoader, user, "/", {});
      expect(data.calibrations).toEqual([
        { id: sessionId, title: row.title, deadline: row.deadline.toISOString(), items: 2, submitted: 0 },
      ]);
    }
    // Not for people outside the session.
    const { data } = await getJson(homeLoader, w.facilitator, "/", {});
    expect(data.calibrations).toEqual([]);
  });

  it("reveal is refused while participants are pending and the deadline is in the future", async () => {
    await submit(w.clientSpecialist, sessionId, w.interactionA, 1, 5);
    await submit(w.clientSpecialist, sessionId, w.interactionB, 1, 3);
    const draft = await post(
      scoreAction,
      w.vendorALead,
      scorePath(sessionId, w.interactionA.id),
      { sessionId, interactionId: w.interactionA.id },
      scoringFields("save", 0, { greeting: { value: 0, comment: "lead's draft" } }),
    );
    expect(draft.status).toBe(200);

    const refused = await revealCalibrationSession(viewerOf(w.facilitator), sessionId, new Date());
    expect(refused).toEqual({
      ok: false,
      reason: "conflict",
      message: "4 participant(s) have not submitted every interaction and the deadline has not passed.",
    });
    const viaRoute = await manage(w.facilitator, [["intent", "reveal"]]);
    expect(viaRoute.status).toBe(409);
    expect(await viaRoute.json()).toMatchObject({ ok: false, message: expect.stringContaining("4 participant(s)") });
    expect((await sessionRow()).status).toBe("open");
    // The one who finished has it out of their inbox.
    const { data } = await getJson(homeLoader, w.clientSpecialist, "/", {});
    expect(data.calibrations).toEqual([]);
  });

  it("reveal is allowed once the deadline has passed; reopen hides the answers again", async () => {
    const fac = viewerOf(w.facilitator);
    const { deadline } = await sessionRow();
    const afterDeadline = new Date(deadline.getTime() + 60_000);
    expect(await revealCalibrationSession(fac, sessionId, afterDeadline)).toEqual({ ok: true, value: undefined });
    expect(await sessionRow()).toMatchObject({ status: "revealed", revealedAt: afterDeadline });
    expect((await get(resultsLoader, w.facilitator, sessionPath("/results"), { sessionId })).status).toBe(200);
    const seen = await getCsv(answersCsvLoader, w.clientReviewer, sessionPath("/answers.csv"), { sessionId });
    expect(seen.rows.map((r) => r.participant)).toContain(w.clientSpecialist.name);

    expect(await reopenCalibrationSession(fac, sessionId)).toEqual({ ok: true, value: undefined });
    expect(await sessionRow()).toMatchObject({ status: "open", revealedAt: null });
    for (const user of [w.facilitator, w.clientSpecialist, w.clientReviewer]) {
      expect((await get(resultsLoader, user, sessionPath("/results"), { sessionId })).status).toBe(403);
      expect((await get(reviewLoader, user, sessionPath("/review"), { sessionId })).status).toBe(403);
    }
    const hidden = await getCsv(answersCsvLoader, w.clientReviewer, sessionPath("/answers.csv"), { sessionId });
    expect(hidden.rows).toEqual([]);
  });

  it("a participant who never submitted can be removed (drafts go too); one who submitted stays", async () => {
    const fac = viewerOf(w.facilitator);
    const draftIds = (
      await db
        .select({ id: evaluations.id })
        .from(evaluations)
        .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.reviewerId, w.vendorALead.id)))
    ).map((e) => e.id);
    expect(draftIds).toHaveLength(1);

    expect(await removeCalibrationParticipant(fac, sessionId, w.clientSpecialist.id)).toEqual({
      ok: false,
      reason: "conflict",
      message: "This participant has already submitted scores; they stay in the session.",
    });
    expect(await removeCalibrationParticipant(fac, sessionId, w.clientOps.id)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    // Only the facilitator: a participant is forbidden, an outsider does not see the session.
    expect(await removeCalibrationParticipant(viewerOf(w.clientSpecialist), sessionId, w.vendorALead.id)).toMatchObject(
      { ok: false, reason: "forbidden" },
    );
    expect(await removeCalibrationParticipant(viewerOf(w.clientOps), sessionId, w.vendorALead.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });

    const removed = await manage(w.facilitator, [
      ["intent", "remove-participant"],
      ["userId", w.vendorALead.id],
    ]);
    expect(removed.status).toBe(200);
    const people = await db
      .select({ userId: calibrationParticipants.userId })
      .from(calibrationParticipants)
      .where(eq(calibrationParticipants.sessionId, sessionId));
    expect(people.map((p) => p.userId).sort()).toEqual(w.participants.map((p) => p.id).sort());
    expect(await db.select().from(evaluations).where(eq(evaluations.id, draftIds[0]))).toEqual([]);
    expect(await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, draftIds[0]))).toEqual(
      [],
    );
  });

  it("the deadline can only move later", async () => {
    const fac = viewerOf(w.facilitator);
    const { deadline } = await sessionRow();
    expect(await extendCalibrationDeadline(fac, sessionId, new Date(deadline.getTime() - DAY))).toEqual({
      ok: false,
      reason: "invalid",
      message: "The new deadline must be later than the current one.",
    });
    expect(await extendCalibrationDeadline(fac, sessionId, deadline)).toMatchObject({ ok: false, reason: "invalid" });
    const later = new Date(Math.ceil((deadline.getTime() + 7 * DAY) / 60_000) * 60_000);
    const response = await manage(w.facilitator, [
      ["intent", "deadline"],
      ["deadline", local(later)],
      ["lockVersion", String((await sessionRow()).lockVersion)],
    ]);
    expect(response.status).toBe(200);
    expect((await sessionRow()).deadline).toEqual(later);
  });

  it("non-facilitators are refused every manage action (404 outside the session, 403 for a participant)", async () => {
    const row = await sessionRow();
    const attempts: [string, string][][] = [
      [
        ["intent", "settings"],
        ["lockVersion", String(row.lockVersion)],
        ["title", "Hijacked"],
        ["deadline", local(new Date(row.deadline.getTime() + DAY))],
        ["reference", "consensus"],
      ],
      [
        ["intent", "add-items"],
        ["interactionId", w.interactionA.id],
      ],
      [
        ["intent", "add-random"],
        ["count", "1"],
      ],
      [
        ["intent", "remove-item"],
        ["interactionId", w.interactionA.id],
      ],
      [
        ["intent", "add-participants"],
        ["userId", w.vendorALead.id],
      ],
      [
        ["intent", "remove-participant"],
        ["userId", w.vendorBSpecialist.id],
      ],
      [["intent", "open"]],
      [
        ["intent", "deadline"],
        ["deadline", local(new Date(row.deadline.getTime() + DAY))],
        ["lockVersion", String(row.lockVersion)],
      ],
      [["intent", "reveal"]],
      [["intent", "reopen"]],
      [["intent", "finalize"]],
    ];
    const refusals: [User, number][] = [
      [w.vendorALead, 404],
      [w.vendorAAgentUser, 404],
      [w.clientOps, 404],
      [w.clientSpecialist, 403],
      [w.vendorBSpecialist, 403],
    ];
    for (const [user, status] of refusals)
      for (const fields of attempts) {
        const response = await manage(user, fields);
        expect(response.status, `${fields[0][1]} as ${user.name}`).toBe(status);
      }
    // Consensus and benchmark adoption are the facilitator's too (and only after reveal).
    for (const [user, status] of refusals) {
      const response = await review(user, [["intent", "adopt-benchmark"]]);
      expect(response.status).toBe(status);
    }
    expect(await sessionRow()).toEqual(row);
    expect(await reopenCalibrationSession(viewerOf(w.vendorBSpecialist), sessionId).then((r) => r.ok || r.reason)).toBe(
      "forbidden",
    );
    expect(
      await extendCalibrationDeadline(viewerOf(w.vendorALead), sessionId, new Date(Date.now() + 30 * DAY)).then(
        (r) => r.ok || r.reason,
      ),
    ).toBe("not_found");
  });

  it("consensus can only be recorded once revealed", async () => {
    expect(
      await recordCalibrationConsensus(viewerOf(w.facilitator), sessionId, {
        interactionId: w.interactionA.id,
        criterionKey: "greeting",
        value: 1,
        rationale: "",
      }),
    ).toMatchObject({ ok: false, reason: "conflict" });
    // Before the reveal the review page (and its actions) do not exist for anyone.
    const viaRoute = await review(w.facilitator, [
      ["intent", "consensus"],
      ["interactionId", w.interactionA.id],
      ["criterionKey", "greeting"],
      ["value", "1"],
      ["previousDecidedAt", "none"],
    ]);
    expect(viaRoute.status).toBe(403);
    expect(await db.select().from(calibrationConsensus)).toEqual([]);
  });

  it("the inbox empties as participants submit; reveal is allowed once everyone has", async () => {
    await submit(w.clientReviewer, sessionId, w.interactionA, 1, 4);
    let home = await getJson(homeLoader, w.clientReviewer, "/", {});
    expect(home.data.calibrations).toMatchObject([{ id: sessionId, items: 2, submitted: 1 }]);
    await submit(w.clientReviewer, sessionId, w.interactionB, 0, 2);
    home = await getJson(homeLoader, w.clientReviewer, "/", {});
    expect(home.data.calibrations).toEqual([]);

    await submit(w.vendorASpecialist, sessionId, w.interactionA, 1, 4);
    await submit(w.vendorASpecialist, sessionId, w.interactionB, 0, 2);
    await submit(w.vendorBSpecialist, sessionId, w.interactionA, 0, 3);
    await submit(w.vendorBSpecialist, sessionId, w.interactionB, 1, 4);
    for (const user of w.participants) expect((await getJson(homeLoader, user, "/", {})).data.calibrations).toEqual([]);

    // Deadline well in the future, but nobody is pending.
    expect((await sessionRow()).deadline.getTime()).toBeGreaterThan(Date.now());
    const revealed = await manage(w.facilitator, [["intent", "reveal"]]);
    expect(revealed.status).toBe(302);
    expect(revealed.headers.get("Location")).toBe(`/calibrations/${sessionId}/review`);
    expect((await sessionRow()).status).toBe("revealed");
  });
});

describe("consensus and benchmark", () => {
  const consensus = (criterionKey: string, value: number | "na", interaction = w.interactionA) =>
    recordCalibrationConsensus(viewerOf(w.facilitator), sessionId, {
      interactionId: interaction.id,
      criterionKey,
      value,
      rationale: "",
    });

  it("refuses values that are not on the criterion's scale, N/A where not allowed, and unknown targets", async () => {
    expect(await consensus("accuracy", 7)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await consensus("accuracy", 0)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await consensus("accuracy", 2.5)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await consensus("greeting", 2)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await consensus("greeting", "na")).toEqual({
      ok: false,
      reason: "invalid",
      message: "N/A is not allowed for Greeted the customer.",
    });
    expect(await consensus("empathy", 1)).toMatchObject({ ok: false, reason: "invalid" });
    const outside = { ...w.interactionA, id: "00000000-0000-4000-8000-000000000000" };
    expect(await consensus("greeting", 1, outside)).toMatchObject({ ok: false, reason: "invalid" });
    // Through the route, a value off the scale is a 400 with the message.
    const response = await review(w.facilitator, [
      ["intent", "consensus"],
      ["interactionId", w.interactionA.id],
      ["criterionKey", "accuracy"],
      ["value", "9"],
      ["previousDecidedAt", "none"],
    ]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, message: expect.stringContaining("not a value") });
    // A participant may not decide.
    expect(
      await recordCalibrationConsensus(viewerOf(w.clientSpecialist), sessionId, {
        interactionId: w.interactionA.id,
        criterionKey: "greeting",
        value: 1,
        rationale: "",
      }),
    ).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await db.select().from(calibrationConsensus)).toEqual([]);
  });

  it("records the consensus through the review page; a stale form is a conflict", async () => {
    const decide = (interaction: Interaction, criterionKey: string, value: string, previous = "none") =>
      review(w.facilitator, [
        ["intent", "consensus"],
        ["interactionId", interaction.id],
        ["criterionKey", criterionKey],
        ["value", value],
        ["rationale", `agreed ${criterionKey}`],
        ["previousDecidedAt", previous],
      ]);
    for (const [interaction, key, value] of [
      [w.interactionA, "greeting", "1"],
      [w.interactionA, "accuracy", "4"],
      [w.interactionB, "greeting", "1"],
      [w.interactionB, "accuracy", "3"],
    ] as const) {
      const response = await decide(interaction, key, value);
      expect(response.status, await response.clone().text()).toBe(200);
    }
    // Someone else decided since this form was loaded ("none").
    const stale = await decide(w.interactionA, "greeting", "0");
    expect(stale.status).toBe(409);
    const rows = await db.select().from(calibrationConsensus).where(eq(calibrationConsensus.sessionId, sessionId));
    expect(
      Object.fromEntries(
        rows.map((r) => [`${r.interactionId === w.interactionA.id ? "A" : "B"}.${r.criterionKey}`, r.value]),
      ),
    ).toEqual({ "A.greeting": 1, "A.accuracy": 4, "B.greeting": 1, "B.accuracy": 3 });
    // No benchmark in this session.
    expect(await adoptBenchmarkAnswers(viewerOf(w.facilitator), sessionId, null)).toEqual({
      ok: false,
      reason: "invalid",
      message: "This session has no benchmark reviewer.",
    });
  });

  it("a participant adds a discussion note after the reveal", async () => {
    const response = await review(w.vendorBSpecialist, [
      ["intent", "note"],
      ["interactionId", w.interactionA.id],
      ["criterionKey", "accuracy"],
      ["body", "The delivery window was right."],
    ]);
    expect(response.status).toBe(200);
    expect(await db.select().from(calibrationNotes).where(eq(calibrationNotes.sessionId, sessionId))).toHaveLength(1);
  });

  it("adopting the benchmark copies the benchmark reviewer's submitted answers into the consensus", async () => {
    const bench = await createCalibrationSession({
      facilitator: w.facilitator,
      version: w.version,
      interactions: [w.interactionA, w.interactionB],
      participants: [w.clientSpecialist, w.vendorASpecialist],
      benchmark: w.clientSpecialist,
    });
    await submit(w.clientSpecialist, bench.id, w.interactionA, 0, 2);
    await submit(w.clientSpecialist, bench.id, w.interactionB, 1, 5);
    await submit(w.vendorASpecialist, bench.id, w.interactionA, 1, 4);
    await submit(w.vendorASpecialist, bench.id, w.interactionB, 1, 4);
    const fac = viewerOf(w.facilitator);
    // Not before the reveal, and not by a participant.
    expect(await adoptBenchmarkAnswers(fac, bench.id, null)).toMatchObject({ ok: false, reason: "conflict" });
    expect(await revealCalibrationSession(fac, bench.id)).toMatchObject({ ok: true });
    expect(await adoptBenchmarkAnswers(viewerOf(w.vendorASpecialist), bench.id, null)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });

    expect(await adoptBenchmarkAnswers(fac, bench.id, w.interactionA.id)).toEqual({ ok: true, value: 2 });
    const read = async () =>
      Object.fromEntries(
        (await db.select().from(calibrationConsensus).where(eq(calibrationConsensus.sessionId, bench.id))).map((r) => [
          `${r.interactionId === w.interactionA.id ? "A" : "B"}.${r.criterionKey}`,
          [r.value, r.na, r.decidedBy],
        ]),
      );
    expect(await read()).toEqual({
      "A.greeting": [0, false, w.facilitator.id],
      "A.accuracy": [2, false, w.facilitator.id],
    });
    const response = await post(
      reviewAction,
      w.facilitator,
      `/calibrations/${bench.id}/review`,
      { sessionId: bench.id },
      [["intent", "adopt-benchmark"]],
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, message: expect.stringContaining("4 answers") });
    expect(await read()).toEqual({
      "A.greeting": [0, false, w.facilitator.id],
      "A.accuracy": [2, false, w.facilitator.id],
      "B.greeting": [1, false, w.facilitator.id],
      "B.accuracy": [5, false, w.facilitator.id],
    });
  });
});

describe("results", () => {
  it("after reveal and consensus: reviewers are aligned, parties are client QA, client reviewers and both vendors", async () => {
    const { data } = await getJson(resultsLoader, w.facilitator, sessionPath("/results"), { sessionId });
    const m = data.metrics as CalibrationMetrics;
    expect(m.reference).toBe("consensus");
    expect(m.referenceComplete).toBe(true);
    expect(m.reviewers.map((r) => r.id).sort()).toEqual(w.participants.map((p) => p.id).sort());
    for (const r of m.reviewers) {
      expect(r.submitted).toBe(true);
      expect(typeof r.alignment, r.name).toBe("number");
      expect(r.alignment).toBeGreaterThanOrEqual(0);
      expect(r.alignment).toBeLessThanOrEqual(100);
      expect(r.alignmentReason).toBeNull();
    }
    expect(m.parties.map((p) => p.key).sort()).toEqual(
      ["client_qa", "client_reviewer", w.vendorA.id, w.vendorB.id].sort(),
    );
    for (const p of m.parties) {
      expect(p.submitted).toBe(1);
      if (p.kind === "vendor") expect(typeof p.gapToClient).toBe("number");
      else expect(p.gapToClient).toBeNull();
    }
    expect(m.overall.participantsSubmitted).toBe(4);
    if (m.overall.alpha === null) expect(typeof m.overall.alphaReason).toBe("string");
    else {
      expect(typeof m.overall.alpha).toBe("number");
      expect(m.overall.alphaReason).toBeNull();
    }
    expect(m.interactions.map((i) => i.id)).toEqual([w.interactionA.id, w.interactionB.id]);
    for (const i of m.interactions) expect(typeof i.referenceScore).toBe("number");
  });

  it("calibration evaluations never count in agent KPIs and have no evaluation page", async () => {
    const calibrationEvaluations = await db
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.status, "submitted")));
    expect(calibrationEvaluations).toHaveLength(8);
    expect(await kpis()).toEqual(kpiBefore);
    const listed = (kpiBefore.list as { id: string }[]).map((e) => e.id);
    expect(listed).toEqual([standardEvaluationId]);

    for (const user of [w.facilitator, w.clientSpecialist, w.vendorALead, w.vendorAAgentUser]) {
      for (const evaluation of calibrationEvaluations.filter((e) => e.interactionId === w.interactionA.id)) {
        const response = await get(evaluationLoader, user, `/evaluations/${evaluation.id}`, {
          evaluationId: evaluation.id,
        });
        expect(response.status, `${user.name} on a calibration evaluation`).toBe(404);
      }
    }
    // The ordinary evaluation of the same interaction is served.
    const standard = await get(evaluationLoader, w.facilitator, `/evaluations/${standardEvaluationId}`, {
      evaluationId: standardEvaluationId,
    });
    expect(standard.status).toBe(200);
  });
});

describe("finalize freezes the results", () => {
  let frozen: CalibrationMetrics;
  let frozenCsv: string;
  let finalized: CalibrationSession;

  async function state() {
    const evaluationRows = await db.select().from(evaluations).where(eq(evaluations.calibrationSessionId, sessionId));
    const answerRows = await db
      .select()
      .from(evaluationAnswers)
      .where(
        sql`${evaluationAnswers.evaluationId} in (select id from evaluations where calibration_session_id = ${sessionId})`,
      )
      .orderBy(evaluationAnswers.id);
    return {
      session: await sessionRow(),
      evaluations: evaluationRows.sort((a, b) => a.id.localeCompare(b.id)),
      answers: answerRows,
      consensus: await db
        .select()
        .from(calibrationConsensus)
        .where(eq(calibrationConsensus.sessionId, sessionId))
        .orderBy(calibrationConsensus.interactionId, calibrationConsensus.criterionKey),
      notes: await db.select().from(calibrationNotes).where(eq(calibrationNotes.sessionId, sessionId)),
      participants: await db
        .select()
        .from(calibrationParticipants)
        .where(eq(calibrationParticipants.sessionId, sessionId))
        .orderBy(calibrationParticipants.userId),
      items: await db
        .select()
        .from(calibrationItems)
        .where(eq(calibrationItems.sessionId, sessionId))
        .orderBy(calibrationItems.position),
    };
  }

  it("the results page shows the snapshot stored at finalize", async () => {
    const live = (await getJson(resultsLoader, w.facilitator, sessionPath("/results"), { sessionId })).data.metrics;
    const response = await manage(w.facilitator, [["intent", "finalize"]]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/calibrations/${sessionId}/results`);
    finalized = await sessionRow();
    expect(finalized.status).toBe("finalized");
    expect(finalized.finalizedAt).toBeInstanceOf(Date);
    const stored = JSON.parse(JSON.stringify(finalized.results));
    const { data } = await getJson(resultsLoader, w.facilitator, sessionPath("/results"), { sessionId });
    frozen = data.metrics;
    // The facilitator (client) sees real names, so what is shown is exactly what was stored.
    expect(frozen).toEqual(stored);
    expect(frozen).toEqual(live);
    expect(data.finalizedAt).toBe(finalized.finalizedAt!.toISOString());
    frozenCsv = (await getCsv(resultsCsvLoader, w.facilitator, sessionPath("/results.csv"), { sessionId })).text;
  });

  it("changing answers and consensus underneath does not change the frozen numbers", async () => {
    await db.execute(
      sql`update evaluation_answers set value = 1, met = false, root_cause = 'tooling' where criterion_key = 'accuracy' and evaluation_id in (select id from evaluations where calibration_session_id = ${sessionId})`,
    );
    await db.execute(
      sql`update calibration_consensus set value = 5 where session_id = ${sessionId} and criterion_key = 'accuracy'`,
    );
    await db.execute(
      sql`delete from calibration_consensus where session_id = ${sessionId} and criterion_key = 'greeting'`,
    );
    await db.execute(
      sql`insert into calibration_consensus (session_id, interaction_id, criterion_key, value, na, decided_by) values (${sessionId}, ${w.interactionA.id}, 'greeting', 0, false, ${w.facilitator.id}), (${sessionId}, ${w.interactionB.id}, 'greeting', 0, false, ${w.facilitator.id})`,
    );
    // The change is material: computed now, the numbers differ.
    const recomputed = JSON.parse(JSON.stringify(await computeSessionMetrics(db, sessionId)));
    expect(recomputed.interactions).not.toEqual(frozen.interactions);
    expect(recomputed.reviewers.map((r: { alignment: number }) => r.alignment)).not.toEqual(
      frozen.reviewers.map((r) => r.alignment),
    );

    for (const user of [w.facilitator, w.clientSpecialist]) {
      const { data } = await getJson(resultsLoader, user, sessionPath("/results"), { sessionId });
      expect(data.metrics.interactions).toEqual(frozen.interactions);
      expect(data.metrics.overall).toEqual(frozen.overall);
      expect(data.metrics.criteria).toEqual(frozen.criteria);
      expect(data.metrics.reviewers.map((r: { alignment: number }) => r.alignment)).toEqual(
        frozen.reviewers.map((r) => r.alignment),
      );
    }
    const { data } = await getJson(resultsLoader, w.facilitator, sessionPath("/results"), { sessionId });
    expect(data.metrics).toEqual(frozen);
    expect((await getCsv(resultsCsvLoader, w.facilitator, sessionPath("/results.csv"), { sessionId })).text).toBe(
      frozenCsv,
    );
  });

  it("every mutation of a finalized session is refused with 409, and nothing changes", async () => {
    const before = await state();
    const { lockVersion, deadline } = before.session;
    const later = local(new Date(deadline.getTime() + 2 * DAY));

    const scored = await post(
      scoreAction,
      w.clientReviewer,
      scorePath(sessionId, w.interactionA.id),
      { sessionId, interactionId: w.interactionA.id },
      scoringFields("save", 1, { greeting: { value: 0 }, accuracy: { value: 5 } }),
    );
    expect(scored.status).toBe(409);
    expect(await scored.json()).toMatchObject({ ok: false, kind: "closed" });

    const reviewAttempts: [string, [string, string][]][] = [
      [
        "consensus",
        [
          ["intent", "consensus"],
          ["interactionId", w.interactionA.id],
          ["criterionKey", "accuracy"],
          ["value", "2"],
          ["previousDecidedAt", "none"],
        ],
      ],
      [
        "note",
        [
          ["intent", "note"],
          ["interactionId", w.interactionA.id],
          ["criterionKey", "accuracy"],
          ["body", "Too late?"],
        ],
      ],
      ["adopt-benchmark", [["intent", "adopt-benchmark"]]],
    ];
    for (const [name, fields] of reviewAttempts) {
      const response = await review(name === "note" ? w.vendorBSpecialist : w.facilitator, fields);
      expect(response.status, name).toBe(409);
    }

    const manageAttempts: [string, string][][] = [
      [
        ["intent", "settings"],
        ["lockVersion", String(lockVersion)],
        ["title", "Rewritten after the fact"],
        ["deadline", later],
        ["reference", "consensus"],
      ],
      [["intent", "reopen"]],
      [
        ["intent", "remove-participant"],
        ["userId", w.clientReviewer.id],
      ],
      [
        ["intent", "deadline"],
        ["deadline", later],
        ["lockVersion", String(lockVersion)],
      ],
      [
        ["intent", "add-participants"],
        ["userId", w.vendorALead.id],
      ],
      [
        ["intent", "add-items"],
        ["interactionId", w.interactionB.id],
      ],
      [
        ["intent", "remove-item"],
        ["interactionId", w.interactionB.id],
      ],
      [["intent", "open"]],
      [["intent", "reveal"]],
      [["intent", "finalize"]],
    ];
    for (const fields of manageAttempts) {
      const response = await manage(w.facilitator, fields);
      expect(response.status, fields[0][1]).toBe(409);
      expect(await response.json()).toMatchObject({ ok: false });
    }

    // The models refuse too.
    const fac = viewerOf(w.facilitator);
    expect(await reopenCalibrationSession(fac, sessionId)).toMatchObject({ ok: false, reason: "conflict" });
    expect(await finalizeCalibrationSession(fac, sessionId)).toMatchObject({ ok: false, reason: "conflict" });
    expect(await removeCalibrationParticipant(fac, sessionId, w.clientReviewer.id)).toMatchObject({
      ok: false,
      reason: "conflict",
    });
    expect(
      await updateCalibrationSettings(
        fac,
        sessionId,
        { title: "x", deadline: new Date(), hideAgentNames: false, reference: "consensus", benchmarkUserId: null },
        lockVersion,
      ),
    ).toMatchObject({ ok: false, reason: "conflict" });
    expect(
      await addCalibrationNote(viewerOf(w.clientSpecialist), {
        sessionId,
        interactionId: w.interactionA.id,
        criterionKey: "greeting",
        body: "late note",
      }),
    ).toMatchObject({ ok: false, reason: "conflict" });

    expect(await state()).toEqual(before);
  });
});
