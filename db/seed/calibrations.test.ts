import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeCalibrationMetrics, type CalibrationInput } from "../../app/domain/calibration-metrics";
import { partyOf } from "../../app/domain/calibration-session";
import { checkEntries, type AnswerEntries } from "../../app/domain/evaluation-answers";
import { parseScorecardFile } from "../../app/domain/scorecard-file.server";
import { isMet, listCriteria, type ScorecardDefinition } from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "../../app/domain/scoring";
import {
  DRIFTING_VENDOR,
  FINALIZED_ROUNDS,
  finalizedParticipantEmails,
  generateSessionContent,
  modalAnswer,
  OPEN_PENDING_EMAILS,
  OPEN_SUBMITTED_EMAILS,
  pickItems,
  planCalibrationSessions,
  reviewAnswer,
  reviewerProfile,
  type CalibrationCandidate,
  type Participant,
  type SessionPlan,
} from "./calibrations";
import { generateAnswers, type GeneratedAnswer, type PublishedVersion } from "./evaluations";
import { DEMO_LOGINS, generateInteractions, generateWorld, WINDOW_DAYS } from "./generate";
import { Random } from "./random";

const now = new Date("2025-06-02T09:30:00Z");
const DAY = 86_400_000;

function loadVersion(slug: string, number: number): PublishedVersion {
  const file = `scorecards/${slug}/v${number}.yaml`;
  const parsed = parseScorecardFile(file, fs.readFileSync(path.resolve(file), "utf8"));
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.errors)}`);
  return { id: `${slug}-v${number}`, slug, number, definition: parsed.definition };
}

const chat = loadVersion("chat-support", 2);
const call = loadVersion("voice-call", 1);

describe("planCalibrationSessions", () => {
  const plans = planCalibrationSessions(now);
  const finalized = plans.filter((p) => p.status === "finalized");

  it("plans five finalized rounds two weeks apart over the last ten weeks, then one open and one draft", () => {
    expect(plans.map((p) => p.status)).toEqual([...Array(FINALIZED_ROUNDS).fill("finalized"), "open", "draft"]);
    expect(new Set(plans.map((p) => p.title)).size).toBe(plans.length);
    for (let i = 1; i < finalized.length; i++) {
      expect(finalized[i].finalizedAt!.getTime() - finalized[i - 1].finalizedAt!.getTime()).toBe(14 * DAY);
    }
    expect(now.getTime() - finalized[0].finalizedAt!.getTime()).toBeLessThan(10 * 7 * DAY);
    expect(now.getTime() - finalized.at(-1)!.finalizedAt!.getTime()).toBeGreaterThanOrEqual(6 * DAY);
  });

  it("keeps each finalized round's milestones in order, all in the past", () => {
    for (const p of finalized) {
      const times = [p.createdAt, p.openedAt!, p.deadline, p.revealedAt!, p.finalizedAt!].map((d) => d.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times.at(-1)!).toBeLessThan(now.getTime());
    }
  });

  it("gives the open session a deadline a few days ahead, and scores interactions inside the demo window", () => {
    const open = plans.find((p) => p.status === "open")!;
    expect(open.openedAt!.getTime()).toBeLessThan(now.getTime());
    const ahead = (open.deadline.getTime() - now.getTime()) / DAY;
    expect(ahead).toBeGreaterThan(2);
    expect(ahead).toBeLessThan(5);
    const draft = plans.find((p) => p.status === "draft")!;
    expect(draft).toMatchObject({ openedAt: null, revealedAt: null, finalizedAt: null, channel: "call" });
    expect(draft.deadline.getTime()).toBeGreaterThan(now.getTime());
    for (const p of plans) {
      expect(p.itemWindow.from.getTime()).toBeGreaterThanOrEqual(now.getTime() - WINDOW_DAYS * DAY);
      expect(p.itemWindow.to.getTime()).toBeLessThanOrEqual((p.openedAt ?? p.createdAt).getTime());
    }
  });
});

describe("participants", () => {
  const logins = new Map(DEMO_LOGINS.map((l) => [l.email, l]));

  it("invites 5 to 7 demo users per finalized round: client QA, a client reviewer and every vendor's QA", () => {
    for (let round = 0; round < FINALIZED_ROUNDS; round++) {
      const emails = finalizedParticipantEmails(round);
      expect(emails.length).toBeGreaterThanOrEqual(5);
      expect(emails.length).toBeLessThanOrEqual(7);
      expect(new Set(emails).size).toBe(emails.length);
      const people = emails.map((e) => logins.get(e)!);
      expect(people.every((p) => p && ["qa_specialist", "client_reviewer"].includes(p.role))).toBe(true);
      expect(people.some((p) => p.organization === "northwind" && p.role === "qa_specialist")).toBe(true);
      expect(people.some((p) => p.role === "client_reviewer")).toBe(true);
      for (const vendor of ["acme", "beacon", "cobalt"])
        expect(people.some((p) => p.organization === vendor)).toBe(true);
    }
    for (const email of [...OPEN_PENDING_EMAILS, ...OPEN_SUBMITTED_EMAILS]) expect(logins.has(email)).toBe(true);
  });
});

describe("reviewerProfile", () => {
  const reviewer = (email: string) => {
    const login = DEMO_LOGINS.find((l) => l.email === email)!;
    return {
      email,
      role: login.role,
      organizationSlug: login.organization,
      isVendor: login.organizationKind === "vendor",
    };
  };

  it("starts the drifting vendor lenient and brings it in line by the last round", () => {
    const cobalt = reviewer(`qa-specialist@${DRIFTING_VENDOR}.example`);
    const leans = Array.from({ length: FINALIZED_ROUNDS }, (_, r) => reviewerProfile(cobalt, r).lean);
    for (let r = 1; r < leans.length; r++) expect(leans[r]).toBeLessThan(leans[r - 1]);
    expect(leans[0]).toBeGreaterThan(0.2);
    expect(leans.at(-1)!).toBeLessThan(0.05);
    expect(reviewerProfile(cobalt, FINALIZED_ROUNDS)).toEqual(reviewerProfile(cobalt, FINALIZED_ROUNDS - 1));
  });

  it("keeps the other reviewers close to neutral and stable across rounds", () => {
    for (const email of [
      "qa-specialist@northwind.example",
      "client-reviewer@northwind.example",
      "qa-specialist@acme.example",
    ]) {
      const first = reviewerProfile(reviewer(email), 0);
      expect(Math.abs(first.lean)).toBeLessThan(0.05);
      expect(reviewerProfile(reviewer(email), 3)).toEqual(first);
    }
  });
});

describe("reviewAnswer", () => {
  const world = generateWorld({ seed: 3, now });
  const agent = world.agents[0];

  function review(def: ScorecardDefinition, profile: { lean: number; noise: number }, rng: Random) {
    const truth = generateAnswers(rng, def, { agent, bias: 0, hardCase: false, tenureYears: 1 });
    const byKey = new Map(truth.map((t) => [t.criterionKey, t]));
    return { truth, answers: listCriteria(def).map((c) => reviewAnswer(rng, c, byKey.get(c.key)!, profile)) };
  }

  it("always gives a submittable answer set: scale values, N/A only where allowed, a root cause for misses", () => {
    const rng = new Random(1);
    for (const version of [chat, call]) {
      for (let n = 0; n < 200; n++) {
        const { answers } = review(version.definition, { lean: rng.between(-0.3, 0.4), noise: 0.3 }, rng);
        const entries: AnswerEntries = Object.fromEntries(
          answers.map((a) => [
            a.criterionKey,
            { value: a.na ? "na" : a.value, comment: a.comment ?? "", rootCause: a.rootCause },
          ]),
        );
        expect(checkEntries(version.definition, entries, "submit")).toEqual([]);
        const criteria = new Map(listCriteria(version.definition).map((c) => [c.key, c]));
        for (const a of answers) {
          if (a.na || isMet(criteria.get(a.criterionKey)!, a.value!)) expect(a.rootCause).toBeNull();
          else expect(a.comment).toBeTruthy();
        }
      }
    }
  });

  it("returns the truth for a reviewer with no lean and no noise", () => {
    const { truth, answers } = review(chat.definition, { lean: 0, noise: 0 }, new Random(2));
    const strip = (a: GeneratedAnswer) => [a.criterionKey, a.na, a.value];
    expect(answers.map(strip)).toEqual(truth.map(strip));
  });

  it("scores higher for a lenient reviewer than for a strict one on the same interactions", () => {
    const total = (lean: number) => {
      const rng = new Random(5);
      let sum = 0;
      for (let n = 0; n < 150; n++) {
        const { answers } = review(chat.definition, { lean, noise: 0.1 }, rng);
        const a: Answers = Object.fromEntries(answers.map((x) => [x.criterionKey, x.na ? "na" : x.value]));
        sum += scoreEvaluation(chat.definition, a).rawScore!;
      }
      return sum / 150;
    };
    expect(total(0.3)).toBeGreaterThan(total(0) + 3);
    expect(total(-0.2)).toBeLessThan(total(0));
  });
});

describe("modalAnswer", () => {
  it("takes the most common answer", () => {
    expect(modalAnswer([1, 1, 0, 1], 0)).toBe(1);
    expect(modalAnswer(["na", "na", 1], 1)).toBe("na");
  });
  it("breaks ties towards the truth, then the nearest value, and falls back to the truth when nobody answered", () => {
    expect(modalAnswer([2, 4, 2, 4], 4)).toBe(4);
    expect(modalAnswer([1, 3, 1, 3, 5], 4)).toBe(3);
    expect(modalAnswer([1, "na"], "na")).toBe("na");
    expect(modalAnswer([], 2)).toBe(2);
  });
});

describe("pickItems", () => {
  const candidate = (id: string): CalibrationCandidate => ({
    id,
    channel: "chat",
    vendorId: id[0],
    agentId: "x",
    startedAt: now,
    endedAt: now,
    csat: null,
    escalated: false,
  });
  const pools = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]].map((p) => p.map(candidate));

  it("takes vendors in turn from the given one, skipping used and exhausted pools", () => {
    const picked = pickItems(new Random(1), pools, 5, new Set(["c2"]), 1);
    expect(picked.map((p) => p.vendorId)).toEqual(["b", "c", "a", "a", "a"]);
    expect(picked.map((p) => p.id)).not.toContain("c2");
  });

  it("returns what there is when asked for more", () => {
    expect(pickItems(new Random(1), pools, 10, new Set(), 0)).toHaveLength(6);
    expect(pickItems(new Random(1), [[], []], 3, new Set(), 0)).toEqual([]);
  });
});

describe("generateSessionContent", () => {
  const world = generateWorld({ seed: 3, now });
  const agents = new Map(world.agents.map((a) => [a.id, a]));
  const orgs = new Map([world.client, ...world.vendors].map((o) => [o.id, o]));
  const chats = [...generateInteractions(world, { count: 3000 })].flat().filter((i) => i.channel === "chat");
  const participants: Participant[] = finalizedParticipantEmails(3).map((email) => {
    const u = world.users.find((x) => x.email === email)!;
    return { ...u, organizationSlug: orgs.get(u.organizationId)!.slug, isVendor: u.organizationId !== world.client.id };
  });
  const facilitatorId = world.users.find((u) => u.email === "qa-lead@northwind.example")!.id;
  const plans = planCalibrationSessions(now);

  function session(plan: SessionPlan, seed: number, items = chats.slice(seed * 5, seed * 5 + 5)) {
    return generateSessionContent(new Random(seed), {
      sessionId: `s-${seed}`,
      plan,
      version: chat,
      items,
      agents,
      submitters: participants,
      facilitatorId,
      now,
    });
  }

  /** The metrics input buildCalibrationInput would read back from these rows. */
  function metricsInput(content: ReturnType<typeof session>, items: CalibrationCandidate[]): CalibrationInput {
    const answers: CalibrationInput["answers"] = {};
    for (const e of content.evaluations) {
      for (const a of content.answers.filter((x) => x.evaluationId === e.id))
        ((answers[e.reviewerId] ??= {})[e.interactionId] ??= {})[a.criterionKey] = a.na ? "na" : a.value!;
    }
    const consensus: CalibrationInput["consensus"] = {};
    for (const c of content.consensus) (consensus[c.interactionId] ??= {})[c.criterionKey] = c.na ? "na" : c.value!;
    return {
      definition: chat.definition,
      interactionIds: items.map((i) => i.id),
      participants: participants.map((p) => {
        const org = orgs.get(p.organizationId)!;
        const party = partyOf({ ...p, organizationName: org.name, organizationKind: org.kind });
        return { id: p.id, name: p.name, party, isBenchmark: false };
      }),
      answers,
      consensus,
      reference: "consensus",
    };
  }

  it("submits one scored evaluation per participant and interaction, inside the scoring window", () => {
    const plan = plans[2];
    const content = session(plan, 1);
    expect(content.evaluations).toHaveLength(5 * participants.length);
    const criteria = listCriteria(chat.definition);
    for (const e of content.evaluations) {
      const own = content.answers.filter((a) => a.evaluationId === e.id);
      expect(own).toHaveLength(criteria.length);
      const result = scoreEvaluation(
        chat.definition,
        Object.fromEntries(own.map((a) => [a.criterionKey, a.na ? "na" : a.value])) as Answers,
      );
      expect(e).toMatchObject({
        kind: "calibration",
        status: "submitted",
        calibrationSessionId: "s-1",
        finalScore: result.finalScore,
        rawScore: result.rawScore,
      });
      expect(e.submittedAt!.getTime()).toBeGreaterThan(plan.openedAt!.getTime());
      expect(e.submittedAt!.getTime()).toBeLessThan(plan.deadline.getTime());
    }
    expect(new Set(content.evaluations.map((e) => `${e.interactionId}:${e.reviewerId}`)).size).toBe(
      content.evaluations.length,
    );
  });

  it("records a complete consensus of modal answers and two or three notes on split criteria", () => {
    const plan = plans[0];
    const content = session(plan, 2);
    const criteria = listCriteria(chat.definition);
    expect(content.consensus).toHaveLength(5 * criteria.length);
    for (const c of content.consensus) {
      expect(c.na).toBe(c.value === null);
      expect(c.decidedBy).toBe(facilitatorId);
      expect(c.decidedAt!.getTime()).toBeGreaterThan(plan.revealedAt!.getTime());
    }
    expect(content.consensus.some((c) => c.rationale)).toBe(true);
    expect(content.notes.length).toBeGreaterThanOrEqual(2);
    expect(content.notes.length).toBeLessThanOrEqual(3);
    for (const note of content.notes) {
      expect(participants.map((p) => p.id)).toContain(note.authorId);
      expect(note.createdAt!.getTime()).toBeGreaterThan(plan.revealedAt!.getTime());
      expect(note.createdAt!.getTime()).toBeLessThan(plan.finalizedAt!.getTime());
    }
  });

  it("writes no consensus or notes for an open session", () => {
    const content = session(
      plans.find((p) => p.status === "open")!,
      3,
    );
    expect(content.evaluations.length).toBeGreaterThan(0);
    expect(content.consensus).toEqual([]);
    expect(content.notes).toEqual([]);
  });

  it("is deterministic for a seed", () => {
    expect(session(plans[1], 4)).toEqual(session(plans[1], 4));
  });

  it("aligns the drifting vendor worse in the first round than in the last, with numeric alignment for all", () => {
    const cobaltId = participants.find((p) => p.organizationSlug === DRIFTING_VENDOR)!.id;
    const meanAlignment = (plan: SessionPlan) => {
      let sum = 0;
      for (let seed = 0; seed < 8; seed++) {
        const items = chats.slice(seed * 5, seed * 5 + 5);
        const metrics = computeCalibrationMetrics(metricsInput(session(plan, seed, items), items));
        for (const r of metrics.reviewers) expect(r.alignment).toEqual(expect.any(Number));
        sum += metrics.reviewers.find((r) => r.id === cobaltId)!.alignment!;
      }
      return sum / 8;
    };
    expect(meanAlignment(plans[0])).toBeLessThan(meanAlignment(plans[FINALIZED_ROUNDS - 1]) - 4);
  });
});
