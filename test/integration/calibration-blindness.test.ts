/**
 * Blindness on the server: while a calibration session is open nobody (not even the facilitator) can
 * read another participant's answers, by any route; agent names stay hidden when the session says so;
 * a vendor never learns another vendor's name or people; a draft does not exist for participants.
 * Every check requests the other participants' data directly, the way a curious participant would.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { evaluationAnswers, evaluations, type CalibrationSession, type Interaction, type User } from "../../db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as listLoader } from "~/routes/calibrations._index";
import { action as sessionAction, loader as sessionLoader } from "~/routes/calibrations.$sessionId._index/route";
import { loader as answersCsvLoader } from "~/routes/calibrations.$sessionId.answers[.]csv";
import { loader as resultsLoader } from "~/routes/calibrations.$sessionId.results";
import { loader as resultsCsvLoader } from "~/routes/calibrations.$sessionId.results[.]csv";
import { action as reviewAction, loader as reviewLoader } from "~/routes/calibrations.$sessionId.review";
import { action as scoreAction, loader as scoreLoader } from "~/routes/calibrations.$sessionId.score.$interactionId";
import { loader as summaryLoader } from "~/routes/calibrations.$sessionId.summary";
import { createCalibrationSession, createInteraction } from "../factories";
import {
  AGENT_A_NAME,
  AGENT_B_NAME,
  CLIENT_REVIEWER_NAME,
  CLIENT_SPECIALIST_NAME,
  createWorld,
  get,
  getCsv,
  getJson,
  post,
  scorePath,
  scoringFields,
  VENDOR_A_NAME,
  VENDOR_A_REVIEWER_NAME,
  VENDOR_B_NAME,
  VENDOR_B_REVIEWER_NAME,
  type Entry,
  type World,
} from "./calibration-fixtures";

let w: World;
/** Open, agent names hidden: X (vendor A QA) submits everything, Y (vendor B QA) keeps a draft. */
let s: CalibrationSession;
/** Another open session with an interaction that is not in `s`; Y takes part in it too. */
let other: CalibrationSession;
let otherInteraction: Interaction;
/** Open, agent names shown. */
let named: CalibrationSession;
/** Still a draft. */
let draft: CalibrationSession;
let x: User;
let y: User;

const X_SECRET = "X-SECRET-COMMENT";
const Y_DRAFT = "Y-DRAFT-COMMENT";

const sessionPath = (id: string, rest = "") => `/calibrations/${id}${rest}`;

/** The session's routes that only work after the reveal. */
const afterRevealRoutes = [
  { name: "review", handler: reviewLoader, rest: "/review" },
  { name: "results", handler: resultsLoader, rest: "/results" },
  { name: "results.csv", handler: resultsCsvLoader, rest: "/results.csv" },
  { name: "summary", handler: summaryLoader, rest: "/summary" },
] as const;

async function postScore(
  user: User,
  session: CalibrationSession,
  interaction: Interaction,
  intent: "save" | "submit",
  lockVersion: number,
  entries: Record<string, Entry>,
) {
  return post(
    scoreAction,
    user,
    scorePath(session.id, interaction.id),
    { sessionId: session.id, interactionId: interaction.id },
    scoringFields(intent, lockVersion, entries),
  );
}

async function submit(
  user: User,
  session: CalibrationSession,
  interaction: Interaction,
  greeting: number,
  accuracy: number,
  comment = "",
  lockVersion = 0,
) {
  const response = await postScore(user, session, interaction, "submit", lockVersion, {
    greeting: { value: greeting, comment },
    accuracy: { value: accuracy, comment },
  });
  expect(response.status, await response.clone().text()).toBe(302);
  expect(response.headers.get("Location")).toBe(`/calibrations/${session.id}?submitted=1`);
}

async function evaluationsOf(user: User, sessionId: string) {
  return db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.calibrationSessionId, sessionId), eq(evaluations.reviewerId, user.id)));
}

beforeAll(async () => {
  w = await createWorld();
  x = w.vendorASpecialist;
  y = w.vendorBSpecialist;
  const items = [w.interactionA, w.interactionB];
  s = await createCalibrationSession({
    facilitator: w.facilitator,
    version: w.version,
    interactions: items,
    participants: w.participants,
    hideAgentNames: true,
  });
  otherInteraction = await createInteraction({ agent: w.agentA });
  other = await createCalibrationSession({
    facilitator: w.facilitator,
    version: w.version,
    interactions: [otherInteraction],
    participants: [y, w.clientSpecialist],
  });
  named = await createCalibrationSession({
    facilitator: w.facilitator,
    version: w.version,
    interactions: items,
    participants: w.participants,
    hideAgentNames: false,
  });
  draft = await createCalibrationSession({
    facilitator: w.facilitator,
    version: w.version,
    interactions: items,
    participants: w.participants,
    status: "draft",
  });

  // X submits both interactions through the scoring form; Y saves a draft of the first.
  await submit(x, s, w.interactionA, 1, 4, `${X_SECRET}-A`);
  await submit(x, s, w.interactionB, 0, 2, `${X_SECRET}-B`);
  const saved = await postScore(y, s, w.interactionA, "save", 0, {
    greeting: { value: 0, comment: Y_DRAFT },
    accuracy: { value: null },
  });
  expect(saved.status).toBe(200);
  expect(await saved.json()).toMatchObject({ ok: true, lockVersion: 1 });
});

describe("while the session is open, nobody reads another participant's answers", () => {
  it("Y's session page shows how many X submitted, but none of X's answers", async () => {
    const { data, text } = await getJson(sessionLoader, y, sessionPath(s.id), { sessionId: s.id });
    const xRow = data.participants.find((p: { userId: string }) => p.userId === x.id);
    expect(xRow).toMatchObject({ submitted: 2, drafts: 0 });
    expect(data.participants.find((p: { userId: string }) => p.userId === y.id)).toMatchObject({
      submitted: 0,
      drafts: 1,
    });
    // Only Y's own progress; nothing of X's scores or comments.
    expect(data.progress).toHaveLength(1);
    expect(data.progress[0]).toMatchObject({ interactionId: w.interactionA.id, status: "draft" });
    expect(text).not.toContain(X_SECRET);
    expect(data.access).toEqual({ manage: false, participate: true, seesAll: false });
  });

  it("review, results, results.csv and summary are 403 for every participant and for the facilitator", async () => {
    for (const user of [...w.participants, w.facilitator]) {
      for (const route of afterRevealRoutes) {
        const response = await get(route.handler, user, sessionPath(s.id, route.rest), { sessionId: s.id });
        const body = await response.text();
        expect(response.status, `${route.name} as ${user.name}`).toBe(403);
        expect(body).not.toContain(X_SECRET);
        expect(body).not.toContain(Y_DRAFT);
      }
    }
  });

  it("answers.csv holds only the caller's own rows: Y gets Y's draft, never X's answers", async () => {
    const { rows, text } = await getCsv(answersCsvLoader, y, sessionPath(s.id, "/answers.csv"), {
      sessionId: s.id,
    });
    expect(text).not.toContain(X_SECRET);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.participant))).toEqual(new Set([VENDOR_B_REVIEWER_NAME]));
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => "draft"));
    expect(rows.find((r) => r.criterion === "greeting")).toMatchObject({ answer: "0", comment: Y_DRAFT });

    // X's own export has X's rows only (not Y's draft).
    const mine = await getCsv(answersCsvLoader, x, sessionPath(s.id, "/answers.csv"), { sessionId: s.id });
    expect(mine.rows).toHaveLength(4);
    expect(new Set(mine.rows.map((r) => r.participant))).toEqual(new Set([VENDOR_A_REVIEWER_NAME]));
    expect(mine.text).not.toContain(Y_DRAFT);
  });

  it("answers.csv for the facilitator (not a participant) holds no answers at all before the reveal", async () => {
    const { header, rows, text } = await getCsv(answersCsvLoader, w.facilitator, sessionPath(s.id, "/answers.csv"), {
      sessionId: s.id,
    });
    expect(header).toContain("participant");
    expect(rows).toEqual([]);
    expect(text).not.toContain(X_SECRET);
    expect(text).not.toContain(Y_DRAFT);
  });

  it("Y opening the scoring page X used gets Y's own draft or an empty form, never X's answers", async () => {
    const first = await getJson(scoreLoader, y, scorePath(s.id, w.interactionA.id), {
      sessionId: s.id,
      interactionId: w.interactionA.id,
    });
    expect(first.text).not.toContain(X_SECRET);
    expect(first.data.lockVersion).toBe(1);
    expect(first.data.entries.greeting).toMatchObject({ value: 0, comment: Y_DRAFT });
    expect(first.data.entries.accuracy?.value ?? null).toBeNull();

    const second = await getJson(scoreLoader, y, scorePath(s.id, w.interactionB.id), {
      sessionId: s.id,
      interactionId: w.interactionB.id,
    });
    expect(second.text).not.toContain(X_SECRET);
    expect(second.data.lockVersion).toBe(0);
    expect(second.data.entries).toEqual({});
  });

  it("the facilitator cannot open a participant's scoring page (403): only participants score", async () => {
    const response = await get(scoreLoader, w.facilitator, scorePath(s.id, w.interactionA.id), {
      sessionId: s.id,
      interactionId: w.interactionA.id,
    });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(X_SECRET);
  });

  it("a non-participant vendor QA lead, an agent-role user and a client ops user get 404 everywhere", async () => {
    for (const user of [w.vendorALead, w.vendorAAgentUser, w.clientOps]) {
      const params = { sessionId: s.id };
      const pages = [
        { name: "session", handler: sessionLoader, path: sessionPath(s.id) },
        { name: "answers.csv", handler: answersCsvLoader, path: sessionPath(s.id, "/answers.csv") },
        ...afterRevealRoutes.map((r) => ({ name: r.name, handler: r.handler, path: sessionPath(s.id, r.rest) })),
      ];
      for (const page of pages) {
        const response = await get(page.handler, user, page.path, params);
        expect(response.status, `${page.name} as ${user.role}`).toBe(404);
      }
      for (const interaction of [w.interactionA, w.interactionB]) {
        const scoreParams = { sessionId: s.id, interactionId: interaction.id };
        const page = await get(scoreLoader, user, scorePath(s.id, interaction.id), scoreParams);
        expect(page.status, `score page as ${user.role}`).toBe(404);
        const posted = await post(
          scoreAction,
          user,
          scorePath(s.id, interaction.id),
          scoreParams,
          scoringFields("save", 0, { greeting: { value: 1 } }),
        );
        expect(posted.status, `score post as ${user.role}`).toBe(404);
      }
      expect(await evaluationsOf(user, s.id)).toEqual([]);
    }
  });

  it("a participant asking for an interaction that is not in the session gets 404", async () => {
    for (const interactionId of [otherInteraction.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const response = await get(scoreLoader, y, scorePath(s.id, interactionId), { sessionId: s.id, interactionId });
      expect(response.status, interactionId).toBe(404);
    }
  });
});

describe("participants only ever write their own evaluation, while the session is open", () => {
  it("a save for another session's interaction is 404 and writes nothing", async () => {
    // The other session's interaction under this session's URL, and this session's interaction under the other's.
    const wrongItem = await post(
      scoreAction,
      y,
      scorePath(s.id, otherInteraction.id),
      { sessionId: s.id, interactionId: otherInteraction.id },
      scoringFields("save", 0, { greeting: { value: 1 } }),
    );
    expect(wrongItem.status).toBe(404);
    const wrongSession = await post(
      scoreAction,
      y,
      scorePath(other.id, w.interactionA.id),
      { sessionId: other.id, interactionId: w.interactionA.id },
      scoringFields("save", 0, { greeting: { value: 1 } }),
    );
    expect(wrongSession.status).toBe(404);
    // X is not a participant of the other session at all.
    const notInvited = await post(
      scoreAction,
      x,
      scorePath(other.id, otherInteraction.id),
      { sessionId: other.id, interactionId: otherInteraction.id },
      scoringFields("save", 0, { greeting: { value: 1 } }),
    );
    expect(notInvited.status).toBe(404);
    expect(await evaluationsOf(y, other.id)).toEqual([]);
    expect(await evaluationsOf(x, other.id)).toEqual([]);
    expect((await evaluationsOf(y, s.id)).map((e) => e.interactionId)).toEqual([w.interactionA.id]);
  });

  it("a submitted evaluation cannot be submitted (or saved) again: 409 closed, nothing changes", async () => {
    const [before] = (await evaluationsOf(x, s.id)).filter((e) => e.interactionId === w.interactionA.id);
    expect(before).toMatchObject({ status: "submitted", lockVersion: 1 });
    for (const intent of ["submit", "save"] as const) {
      const response = await postScore(x, s, w.interactionA, intent, 1, {
        greeting: { value: 0, comment: "changed my mind" },
        accuracy: { value: 1 },
      });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ ok: false, kind: "closed" });
    }
    const [after] = (await evaluationsOf(x, s.id)).filter((e) => e.interactionId === w.interactionA.id);
    expect(after).toEqual(before);
    const answers = await db.select().from(evaluationAnswers).where(eq(evaluationAnswers.evaluationId, before.id));
    expect(Object.fromEntries(answers.map((a) => [a.criterionKey, [a.value, a.comment]]))).toEqual({
      greeting: [1, `${X_SECRET}-A`],
      accuracy: [4, `${X_SECRET}-A`],
    });
  });

  it("a save with a stale lock version is a 409 conflict", async () => {
    const response = await postScore(y, s, w.interactionA, "save", 0, { greeting: { value: 1 } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, kind: "conflict" });
  });

  it("after the reveal (and after finalize) a save is refused with 409 closed", async () => {
    for (const status of ["revealed", "finalized"] as const) {
      const closed = await createCalibrationSession({
        facilitator: w.facilitator,
        version: w.version,
        interactions: [w.interactionA],
        participants: [y, w.clientSpecialist],
        status,
      });
      for (const intent of ["save", "submit"] as const) {
        const response = await postScore(y, closed, w.interactionA, intent, 0, {
          greeting: { value: 1 },
          accuracy: { value: 5 },
        });
        expect(response.status, `${intent} when ${status}`).toBe(409);
        expect(await response.json()).toMatchObject({ ok: false, kind: "closed" });
      }
      expect(await evaluationsOf(y, closed.id)).toEqual([]);
    }
  });
});

describe("hidden agent names", () => {
  const hidden = (text: string) => {
    expect(text).not.toContain(AGENT_A_NAME);
    expect(text).not.toContain(AGENT_B_NAME);
    expect(text).not.toMatch(/Alice|Unique/);
  };

  it("with hideAgentNames, no participant's session page or scoring page carries an agent name", async () => {
    for (const user of w.participants) {
      const { data, text } = await getJson(sessionLoader, user, sessionPath(s.id), { sessionId: s.id });
      hidden(text);
      expect(data.items.map((i: { agentName: string | null }) => i.agentName)).toEqual([null, null]);
    }
    // X has submitted everything (the scoring page redirects); the others still have the pages open.
    for (const user of [w.clientSpecialist, w.clientReviewer, y]) {
      for (const interaction of [w.interactionA, w.interactionB]) {
        const { data, text } = await getJson(scoreLoader, user, scorePath(s.id, interaction.id), {
          sessionId: s.id,
          interactionId: interaction.id,
        });
        expect(data.agentName).toBeNull();
        hidden(text);
      }
    }
    // The agent introduced herself: the transcript is redacted.
    const { data } = await getJson(scoreLoader, w.clientReviewer, scorePath(s.id, w.interactionA.id), {
      sessionId: s.id,
      interactionId: w.interactionA.id,
    });
    expect(data.interaction.transcript[1].text).toBe(
      "Hello, this is [agent] [agent]. Let me check the tracking for you.",
    );
  });

  it("the facilitator sees the agent names", async () => {
    const { data } = await getJson(sessionLoader, w.facilitator, sessionPath(s.id), { sessionId: s.id });
    expect(data.items.map((i: { agentName: string | null }) => i.agentName)).toEqual([AGENT_A_NAME, AGENT_B_NAME]);
  });

  it("without hideAgentNames, vendor B still never sees vendor A's agent; the client participant does", async () => {
    const params = { sessionId: named.id };
    const vendorB = await getJson(sessionLoader, y, sessionPath(named.id), params);
    expect(vendorB.text).not.toContain(AGENT_A_NAME);
    expect(vendorB.data.items.map((i: { agentName: string | null }) => i.agentName)).toEqual([null, AGENT_B_NAME]);
    expect(vendorB.data.items.map((i: { vendorName: string | null }) => i.vendorName)).toEqual([null, VENDOR_B_NAME]);
    const vendorBScore = await getJson(scoreLoader, y, scorePath(named.id, w.interactionA.id), {
      ...params,
      interactionId: w.interactionA.id,
    });
    expect(vendorBScore.data.agentName).toBeNull();
    expect(vendorBScore.text).not.toMatch(/Alice|Unique/);
    // No id that would tell which vendor, team or agent handled it either.
    for (const id of [w.vendorA.id, w.interactionA.agentId, w.interactionA.teamId]) {
      expect(vendorBScore.text).not.toContain(id);
      expect(vendorB.text).not.toContain(id);
    }

    // And the other way round: vendor A never sees vendor B's agent.
    const vendorA = await getJson(sessionLoader, x, sessionPath(named.id), params);
    expect(vendorA.text).not.toContain(AGENT_B_NAME);
    expect(vendorA.data.items.map((i: { agentName: string | null }) => i.agentName)).toEqual([AGENT_A_NAME, null]);

    const client = await getJson(sessionLoader, w.clientSpecialist, sessionPath(named.id), params);
    expect(client.data.items.map((i: { agentName: string | null }) => i.agentName)).toEqual([
      AGENT_A_NAME,
      AGENT_B_NAME,
    ]);
    const clientScore = await getJson(scoreLoader, w.clientSpecialist, scorePath(named.id, w.interactionA.id), {
      ...params,
      interactionId: w.interactionA.id,
    });
    expect(clientScore.data.agentName).toBe(AGENT_A_NAME);
    expect(clientScore.data.interaction.transcript[1].text).toContain("Alice Unique");
  });
});

describe("after the reveal", () => {
  beforeAll(async () => {
    await submit(w.clientSpecialist, s, w.interactionA, 1, 5, "client QA on A");
    await submit(w.clientSpecialist, s, w.interactionB, 1, 3, "client QA on B");
    await submit(w.clientReviewer, s, w.interactionA, 1, 4);
    await submit(w.clientReviewer, s, w.interactionB, 0, 2);
    await submit(y, s, w.interactionA, 0, 3, "vendor B on A", 1);
    await submit(y, s, w.interactionB, 1, 4, "vendor B on B");
    const revealed = await post(sessionAction, w.facilitator, sessionPath(s.id), { sessionId: s.id }, [
      ["intent", "reveal"],
    ]);
    expect(revealed.status, await revealed.clone().text()).toBe(302);
    expect(revealed.headers.get("Location")).toBe(`/calibrations/${s.id}/review`);
  });

  it("every participant (and the facilitator) sees everyone's answers in the review", async () => {
    for (const user of [...w.participants, w.facilitator]) {
      for (const interaction of [w.interactionA, w.interactionB]) {
        const { data } = await getJson(reviewLoader, user, sessionPath(s.id, `/review?item=${interaction.id}`), {
          sessionId: s.id,
        });
        expect(data.current.interactionId).toBe(interaction.id);
        const reviewers = new Set(data.answers.map((a: { reviewerId: string }) => a.reviewerId));
        expect(reviewers).toEqual(new Set(w.participants.map((p) => p.id)));
        expect(data.answers).toHaveLength(8);
      }
      const { text } = await getJson(reviewLoader, user, sessionPath(s.id, "/review"), { sessionId: s.id });
      expect(text).toContain(`${X_SECRET}-A`);
    }
  });

  it("a save after the reveal is refused with 409 closed", async () => {
    const response = await postScore(w.clientReviewer, s, w.interactionA, "save", 1, { greeting: { value: 0 } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ ok: false, kind: "closed" });
  });

  /** Nothing identifying vendor A or its people, or the hidden agent. */
  const expectNoVendorA = (text: string, where: string) => {
    expect(text, where).not.toContain(VENDOR_A_NAME);
    expect(text, where).not.toContain(VENDOR_A_REVIEWER_NAME);
    expect(text, where).not.toContain("Alphaworx");
    expect(text, where).not.toContain(AGENT_A_NAME);
  };

  it("vendor B sees vendor A's reviewer only as 'Other vendor 1 · reviewer 1' in review, results and answers.csv", async () => {
    const params = { sessionId: s.id };
    // X joins the discussion: the note's author is shown the same way.
    const note = await post(reviewAction, x, sessionPath(s.id, "/review"), params, [
      ["intent", "note"],
      ["interactionId", w.interactionA.id],
      ["criterionKey", "accuracy"],
      ["body", "X-NOTE: the tracking link was correct."],
    ]);
    expect(note.status).toBe(200);
    const review = await getJson(reviewLoader, y, sessionPath(s.id, "/review"), params);
    expectNoVendorA(review.text, "review");
    const xInReview = review.data.participants.find((p: { userId: string }) => p.userId === x.id);
    expect(xInReview).toMatchObject({ name: "Other vendor 1 · reviewer 1", partyLabel: "Other vendor 1" });
    expect(review.data.notes).toMatchObject([
      { body: "X-NOTE: the tracking link was correct.", authorName: "Other vendor 1 · reviewer 1" },
    ]);
    expect(review.data.participants.find((p: { userId: string }) => p.userId === y.id)).toMatchObject({
      name: VENDOR_B_REVIEWER_NAME,
      partyLabel: VENDOR_B_NAME,
    });

    const results = await getJson(resultsLoader, y, sessionPath(s.id, "/results"), params);
    expectNoVendorA(results.text, "results");
    expect(results.data.metrics.reviewers.find((r: { id: string }) => r.id === x.id).name).toBe(
      "Other vendor 1 · reviewer 1",
    );
    // Not even vendor A's organisation id: its party key is a pseudonym too.
    expect(results.text).not.toContain(w.vendorA.id);
    expect(results.data.metrics.parties.find((p: { key: string }) => p.key === "other-vendor-1").label).toBe(
      "Other vendor 1",
    );

    const csv = await getCsv(answersCsvLoader, y, sessionPath(s.id, "/answers.csv"), params);
    expectNoVendorA(csv.text, "answers.csv");
    expect(csv.rows).toHaveLength(16);
    const xRows = csv.rows.filter((r) => r.comment.startsWith(X_SECRET));
    expect(xRows).toHaveLength(4);
    for (const row of xRows)
      expect(row).toMatchObject({ participant: "Other vendor 1 · reviewer 1", party: "Other vendor 1" });
  });

  it("vendor B does not see vendor A's names in results.csv or the summary either", async () => {
    const params = { sessionId: s.id };
    const csv = await getCsv(resultsCsvLoader, y, sessionPath(s.id, "/results.csv"), params);
    expectNoVendorA(csv.text, "results.csv");
    expect(csv.text).toContain("Other vendor 1 · reviewer 1");
    const summary = await getJson(summaryLoader, y, sessionPath(s.id, "/summary"), params);
    expectNoVendorA(summary.text, "summary");
    expect(summary.data.participants).toContain("Other vendor 1 · reviewer 1 (Other vendor 1)");
  });

  it("vendor B's session page (participants table) does not carry vendor A's name either, revealed or open", async () => {
    for (const [session, status] of [
      [named, "open"],
      [s, "revealed"],
    ] as const) {
      const { data, text } = await getJson(sessionLoader, y, sessionPath(session.id), { sessionId: session.id });
      expect(data.participants.find((p: { userId: string }) => p.userId === x.id)).toMatchObject({
        name: "Other vendor 1 · reviewer 1",
        partyLabel: "Other vendor 1",
      });
      expectNoVendorA(text, `session page (${status})`);
    }
  });

  it("vendor A sees vendor B as 'Other vendor 1' in the same way", async () => {
    const results = await getJson(resultsLoader, x, sessionPath(s.id, "/results"), { sessionId: s.id });
    expect(results.text).not.toContain(VENDOR_B_NAME);
    expect(results.text).not.toContain(VENDOR_B_REVIEWER_NAME);
    expect(results.data.metrics.reviewers.find((r: { id: string }) => r.id === y.id).name).toBe(
      "Other vendor 1 · reviewer 1",
    );
    expect(results.data.metrics.reviewers.find((r: { id: string }) => r.id === x.id).name).toBe(VENDOR_A_REVIEWER_NAME);
  });

  it("the client participant sees everyone's real names and vendors", async () => {
    const params = { sessionId: s.id };
    const review = await getJson(reviewLoader, w.clientSpecialist, sessionPath(s.id, "/review"), params);
    const names = review.data.participants.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(
      [CLIENT_SPECIALIST_NAME, CLIENT_REVIEWER_NAME, VENDOR_A_REVIEWER_NAME, VENDOR_B_REVIEWER_NAME].sort(),
    );
    expect(review.text).not.toContain("Other vendor");

    const results = await getJson(resultsLoader, w.clientSpecialist, sessionPath(s.id, "/results"), params);
    expect(results.data.metrics.parties.find((p: { key: string }) => p.key === w.vendorA.id).label).toBe(VENDOR_A_NAME);
    expect(results.data.metrics.reviewers.find((r: { id: string }) => r.id === x.id).name).toBe(VENDOR_A_REVIEWER_NAME);

    const csv = await getCsv(answersCsvLoader, w.clientSpecialist, sessionPath(s.id, "/answers.csv"), params);
    expect(new Set(csv.rows.map((r) => r.participant))).toEqual(
      new Set([CLIENT_SPECIALIST_NAME, CLIENT_REVIEWER_NAME, VENDOR_A_REVIEWER_NAME, VENDOR_B_REVIEWER_NAME]),
    );
    expect(csv.rows.find((r) => r.participant === VENDOR_A_REVIEWER_NAME)?.party).toBe(VENDOR_A_NAME);
    // The session still hides agent names from participants after the reveal.
    expect(review.text).not.toContain(AGENT_A_NAME);
  });
});

describe("a draft session does not exist for its participants", () => {
  it("participants get 404 on its pages and exports", async () => {
    const params = { sessionId: draft.id };
    for (const user of w.participants) {
      expect((await get(sessionLoader, user, sessionPath(draft.id), params)).status).toBe(404);
      expect((await get(answersCsvLoader, user, sessionPath(draft.id, "/answers.csv"), params)).status).toBe(404);
      for (const route of afterRevealRoutes)
        expect((await get(route.handler, user, sessionPath(draft.id, route.rest), params)).status).toBe(404);
      const scoreParams = { ...params, interactionId: w.interactionA.id };
      expect((await get(scoreLoader, user, scorePath(draft.id, w.interactionA.id), scoreParams)).status).toBe(404);
      const posted = await post(
        scoreAction,
        user,
        scorePath(draft.id, w.interactionA.id),
        scoreParams,
        scoringFields("save", 0, { greeting: { value: 1 } }),
      );
      expect(posted.status).toBe(404);
      expect(await evaluationsOf(user, draft.id)).toEqual([]);
    }
    // The facilitator sets it up.
    expect((await get(sessionLoader, w.facilitator, sessionPath(draft.id), params)).status).toBe(200);
  });

  it("it is in neither their session list nor their inbox", async () => {
    for (const user of w.participants) {
      const list = await getJson(listLoader, user, "/calibrations", {});
      const ids = list.data.sessions.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(draft.id);
      expect(ids).toContain(named.id);
      const home = await getJson(homeLoader, user, "/", {});
      const inbox = home.data.calibrations.map((r: { id: string }) => r.id);
      expect(inbox).not.toContain(draft.id);
      // The named session is open and nobody has scored it: it is in everyone's inbox.
      expect(inbox).toContain(named.id);
      expect(list.text).not.toContain(draft.title);
      expect(home.text).not.toContain(draft.title);
    }
    const facilitator = await getJson(listLoader, w.facilitator, "/calibrations", {});
    expect(facilitator.data.sessions.map((r: { id: string }) => r.id)).toContain(draft.id);
  });
});
