/**
 * Demo calibration sessions, so the calibration pages, the alignment history and the home inbox have
 * something to show on day one:
 * - five finalized chat rounds, one every two weeks over the last ten weeks, with submitted answers,
 *   a consensus, a few discussion notes and the metrics frozen the way finalize freezes them;
 * - one open round waiting for three participants (one vendor reviewer has already submitted);
 * - one draft with two call interactions and nobody invited yet.
 *
 * Answers start from one "true" answer set per interaction (drawn like a standard evaluation) that each
 * reviewer then misreads a little: client QA is tight, the client reviewer noisier, and Cobalt starts out
 * lenient and converges round by round, so the history shows a trend. Only interactions without any
 * evaluation or assignment are used, so the seeded queues stay as they were.
 *
 * The planning helpers are pure; `insertCalibrations` writes through the seed's transaction.
 */
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { computeCalibrationMetrics } from "../../app/domain/calibration-metrics";
import type { Role } from "../../app/domain/permissions";
import {
  isMet,
  listCriteria,
  type Criterion,
  type RootCause,
  type ScorecardDefinition,
} from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "../../app/domain/scoring";
import { buildCalibrationInput } from "../../app/models/calibration-results.server";
import type { Database } from "../client.server";
import {
  assignments,
  calibrationConsensus,
  calibrationItems,
  calibrationNotes,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  interactions,
  type Channel,
} from "../schema";
import {
  generateAnswers,
  pickVersion,
  reviewerBias,
  SCORECARD_BY_CHANNEL,
  type EvaluationCandidate,
  type GeneratedAnswer,
  type PublishedVersion,
} from "./evaluations";
import type { DemoAgent, DemoUser, DemoWorld } from "./generate";
import { unitHash, type Random } from "./random";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const FINALIZED_ROUNDS = 5;
export const ROUND_INTERVAL_DAYS = 14;
/** The vendor whose reviewers start out lenient and converge on the consensus round by round. */
export const DRIFTING_VENDOR = "cobalt";

export type CalibrationStatus = "draft" | "open" | "finalized";

export type SessionPlan = {
  key: string;
  title: string;
  status: CalibrationStatus;
  channel: Channel;
  /** 0..FINALIZED_ROUNDS - 1 for the finalized rounds (oldest first), FINALIZED_ROUNDS for the open one. */
  round: number;
  items: { min: number; max: number };
  /** Interactions are picked from those that started in [from, to). */
  itemWindow: { from: Date; to: Date };
  createdAt: Date;
  openedAt: Date | null;
  deadline: Date;
  revealedAt: Date | null;
  finalizedAt: Date | null;
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const shortDate = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
/** Midnight UTC `days` days before `now`, plus `hours`. */
const dayAt = (now: Date, days: number, hours: number) =>
  new Date(Math.floor(now.getTime() / DAY) * DAY - days * DAY + hours * HOUR);

/**
 * When each demo session happened. A finalized round opens on day D at 09:00 UTC, closes on D+4, is revealed
 * on D+5 and finalized on D+6; rounds are two weeks apart and the last was finalized a week ago. Each round
 * scores interactions from the two weeks before it opened.
 */
export function planCalibrationSessions(now: Date): SessionPlan[] {
  const plans: SessionPlan[] = [];
  for (let round = 0; round < FINALIZED_ROUNDS; round += 1) {
    const openDaysAgo = 13 + ROUND_INTERVAL_DAYS * (FINALIZED_ROUNDS - 1 - round);
    const openedAt = dayAt(now, openDaysAgo, 9);
    plans.push({
      key: `round-${round + 1}`,
      title: `Chat calibration · round ${round + 1} (${shortDate(openedAt)})`,
      status: "finalized",
      channel: "chat",
      round,
      items: { min: 4, max: 5 },
      itemWindow: { from: new Date(openedAt.getTime() - 14 * DAY), to: new Date(openedAt.getTime() - DAY) },
      createdAt: new Date(openedAt.getTime() - 17 * HOUR),
      openedAt,
      deadline: new Date(openedAt.getTime() + 4 * DAY + 8 * HOUR),
      revealedAt: new Date(openedAt.getTime() + 5 * DAY + 30 * 60_000),
      finalizedAt: new Date(openedAt.getTime() + 6 * DAY + 6 * HOUR),
    });
  }
  const openedAt = dayAt(now, 2, 9);
  plans.push({
    key: "open",
    title: `Chat calibration · round ${FINALIZED_ROUNDS + 1} (${shortDate(openedAt)})`,
    status: "open",
    channel: "chat",
    round: FINALIZED_ROUNDS,
    items: { min: 4, max: 4 },
    itemWindow: { from: new Date(openedAt.getTime() - 14 * DAY), to: new Date(openedAt.getTime() - DAY) },
    createdAt: new Date(openedAt.getTime() - 17 * HOUR),
    openedAt,
    deadline: dayAt(now, -3, 17),
    revealedAt: null,
    finalizedAt: null,
  });
  const createdAt = dayAt(now, 1, 15);
  plans.push({
    key: "draft",
    title: `Voice calibration · draft (${shortDate(createdAt)})`,
    status: "draft",
    channel: "call",
    round: FINALIZED_ROUNDS + 1,
    items: { min: 2, max: 2 },
    itemWindow: { from: new Date(createdAt.getTime() - 10 * DAY), to: new Date(createdAt.getTime() - DAY) },
    createdAt,
    openedAt: null,
    deadline: dayAt(now, -12, 17),
    revealedAt: null,
    finalizedAt: null,
  });
  return plans;
}

/** Who takes part in a finalized round, by demo login: a core of five plus a varying one or two. */
export function finalizedParticipantEmails(round: number): string[] {
  const core = [
    "qa-specialist@northwind.example",
    "client-reviewer@northwind.example",
    "qa-specialist@acme.example",
    "qa-specialist@beacon.example",
    "qa-specialist@cobalt.example",
  ];
  const extras: string[][] = [
    [],
    ["qa-specialist-2@northwind.example"],
    ["qa-specialist-2@beacon.example"],
    ["qa-specialist-2@northwind.example", "qa-specialist-2@acme.example"],
    ["qa-specialist-2@northwind.example"],
  ];
  return [...core, ...(extras[round % extras.length] ?? [])];
}

export const OPEN_PENDING_EMAILS = [
  "qa-specialist@northwind.example",
  "client-reviewer@northwind.example",
  "qa-specialist@acme.example",
];
export const OPEN_SUBMITTED_EMAILS = ["qa-specialist@beacon.example"];
export const FACILITATOR_EMAIL = "qa-lead@northwind.example";

/**
 * How a reviewer misreads the true answers. `lean` > 0 moves answers up a step (lenient), < 0 down;
 * `noise` is the chance of a step either way. Stable per email; the drifting vendor's lean fades by round.
 */
export type ReviewerProfile = { lean: number; noise: number };

export function reviewerProfile(
  reviewer: { email: string; role: Role; organizationSlug: string; isVendor: boolean },
  round: number,
): ReviewerProfile {
  // Halved: reviewerBias is tuned for whole evaluations; here it nudges single answers.
  const stable = reviewerBias(reviewer, reviewer.isVendor) / 2;
  if (!reviewer.isVendor) return { lean: stable, noise: reviewer.role === "client_reviewer" ? 0.16 : 0.08 };
  if (reviewer.organizationSlug === DRIFTING_VENDOR) {
    const left = Math.max(0, 1 - round / (FINALIZED_ROUNDS - 1));
    return { lean: stable + 0.35 * left, noise: 0.1 + 0.14 * left };
  }
  return { lean: stable, noise: reviewer.organizationSlug === "beacon" ? 0.13 : 0.09 };
}

/** Criteria whose guideline leaves room for reading: everyone is noisier there (the history's "ambiguous"). */
export function isAmbiguousCriterion(key: string): boolean {
  return unitHash("calibration-ambiguity", key) < 0.3;
}

const MISS_COMMENTS: Record<RootCause, string> = {
  training_gap: "Not sure the agent knows the current procedure here.",
  process_gap: "The procedure doesn't really cover this case.",
  product_defect: "A product issue got in the way.",
  agent_behaviour: "The agent skipped this step.",
  tooling: "Looks like the tools slowed the agent down.",
  customer_driven: "The customer cut this short.",
};

/** One reviewer's answer to one criterion, given the true answer and how the reviewer reads. */
export function reviewAnswer(
  rng: Random,
  criterion: Criterion,
  truth: GeneratedAnswer,
  profile: ReviewerProfile,
): GeneratedAnswer {
  const values = criterion.scale.options.map((o) => o.value).sort((a, b) => a - b);
  const noise = profile.noise * (isAmbiguousCriterion(criterion.key) ? 2 : 1);
  let value: number | "na";
  if (truth.na || truth.value === null) {
    value = rng.chance(noise * 0.5) ? values[values.length - 1] : "na";
  } else if (criterion.naAllowed && rng.chance(noise * 0.15)) {
    value = "na";
  } else {
    let i = values.indexOf(truth.value);
    // A lenient reviewer gives the benefit of the doubt: more steps up, fewer down (and the other way round).
    const lenient = Math.max(0, profile.lean);
    const severe = Math.max(0, -profile.lean);
    const up = noise / 2 + lenient;
    // Critical criteria are drilled hard: nobody fails one by accident (a failed one zeroes the score).
    const down =
      (noise / (lenient > 0 ? 4 : 2) + severe) * { none: 1, section: 0.3, evaluation: 0.05 }[criterion.critical];
    const u = rng.float();
    if (u < up) i = Math.min(values.length - 1, i + 1);
    else if (u < up + down) i = Math.max(0, i - 1);
    // ...and a clearly lenient one passes a miss outright now and then.
    const passIndex = values.findIndex((v) => v >= criterion.passAt);
    if (i < passIndex && rng.chance(lenient)) i = passIndex;
    value = values[i];
  }
  if (value === "na") return { criterionKey: criterion.key, value: null, na: true, comment: null, rootCause: null };
  if (isMet(criterion, value)) return { criterionKey: criterion.key, value, na: false, comment: null, rootCause: null };
  // A miss needs a root cause: mostly the one the truth points to, when it is a miss too.
  const sameCause = truth.rootCause !== null && criterion.rootCauses.includes(truth.rootCause) && rng.chance(0.7);
  const rootCause =
    criterion.rootCauses.length === 0 ? null : sameCause ? truth.rootCause : rng.pick(criterion.rootCauses);
  return {
    criterionKey: criterion.key,
    value,
    na: false,
    comment: rootCause ? MISS_COMMENTS[rootCause] : "Missed.",
    rootCause,
  };
}

export type AnswerValue = number | "na";

/** The most common answer; a tie goes to the answer nearest the truth (the discussion settles on it). */
export function modalAnswer(answers: readonly AnswerValue[], truth: AnswerValue): AnswerValue {
  if (answers.length === 0) return truth;
  const counts = new Map<AnswerValue, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const distance = (a: AnswerValue) =>
    a === truth ? 0 : a === "na" || truth === "na" ? Number.POSITIVE_INFINITY : Math.abs(a - truth);
  const key = (a: AnswerValue) => (a === "na" ? Number.NEGATIVE_INFINITY : a);
  return [...counts.entries()]
    .filter(([, n]) => n === top)
    .map(([a]) => a)
    .sort((a, b) => distance(a) - distance(b) || key(a) - key(b))[0];
}

const RATIONALES = [
  "Agreed after re-reading the transcript together.",
  "The guideline is explicit here; partial counts as a miss.",
  "The step was done, just late in the conversation: it counts.",
  "Went with the majority; the scorecard owner will clarify the guideline.",
];
const NOTES = [
  "I read the guideline differently on this one; worth a line of clarification in the scorecard.",
  "Scored it higher because the customer seemed satisfied, but the transcript doesn't support that.",
  "Re-read it after the reveal: the step is there, just phrased informally.",
  "We keep splitting on this criterion; can we add an example to the guideline?",
];

export type CalibrationCandidate = EvaluationCandidate;

export type Participant = DemoUser & { organizationSlug: string; isVendor: boolean };

export type GeneratedSession = {
  evaluations: (typeof evaluations.$inferInsert & { id: string })[];
  answers: (typeof evaluationAnswers.$inferInsert)[];
  consensus: (typeof calibrationConsensus.$inferInsert)[];
  notes: (typeof calibrationNotes.$inferInsert)[];
};

/**
 * Everything a session holds besides its own row, items and participants: the submitted evaluations of
 * `submitters`, and for a finalized session the consensus (modal answers) and a couple of notes. Pure.
 */
export function generateSessionContent(
  rng: Random,
  input: {
    sessionId: string;
    plan: SessionPlan;
    version: PublishedVersion;
    items: readonly CalibrationCandidate[];
    agents: ReadonlyMap<string, DemoAgent>;
    submitters: readonly Participant[];
    facilitatorId: string;
    now: Date;
  },
): GeneratedSession {
  const { sessionId, plan, version, items, submitters } = input;
  const def: ScorecardDefinition = version.definition;
  const criteria = listCriteria(def);
  const opened = plan.openedAt!.getTime();
  const closes = Math.min(plan.deadline.getTime(), input.now.getTime()) - HOUR;
  const out: GeneratedSession = { evaluations: [], answers: [], consensus: [], notes: [] };
  const given = new Map<string, AnswerValue[]>(); // `${interactionId}:${criterionKey}`, in submitter order
  const givenBy = new Map<string, string[]>();

  for (const interaction of items) {
    const agent = input.agents.get(interaction.agentId);
    if (!agent) throw new Error(`No demo agent ${interaction.agentId} for interaction ${interaction.id}`);
    const truth = generateAnswers(rng, def, {
      agent,
      bias: 0,
      hardCase: interaction.escalated === true || (interaction.csat ?? 5) <= 2,
      tenureYears: (interaction.startedAt.getTime() - Date.parse(agent.hireDate)) / (365 * DAY),
    });
    const truthByKey = new Map(truth.map((t) => [t.criterionKey, t]));

    for (const reviewer of submitters) {
      const profile = reviewerProfile(reviewer, plan.round);
      const generated = criteria.map((c) => reviewAnswer(rng, c, truthByKey.get(c.key)!, profile));
      const answers: Answers = Object.fromEntries(generated.map((a) => [a.criterionKey, a.na ? "na" : a.value]));
      const result = scoreEvaluation(def, answers);
      if (!result.complete) {
        throw new Error(`Calibration answers do not fit ${version.slug} v${version.number}: ${JSON.stringify(result)}`);
      }
      const id = rng.uuid();
      const submittedAt = new Date(opened + rng.between(0.05, 0.95) * Math.max(HOUR, closes - opened));
      out.evaluations.push({
        id,
        interactionId: interaction.id,
        scorecardVersionId: version.id,
        reviewerId: reviewer.id,
        vendorId: interaction.vendorId,
        agentId: interaction.agentId,
        kind: "calibration",
        status: "submitted",
        calibrationSessionId: sessionId,
        rawScore: result.rawScore,
        finalScore: result.finalScore,
        passed: result.passed,
        criticalFailed: result.criticalFailures.length > 0,
        submittedAt,
        createdAt: new Date(submittedAt.getTime() - rng.int(6, 30) * 60_000),
        updatedAt: submittedAt,
      });
      for (const a of generated) {
        const criterion = criteria.find((c) => c.key === a.criterionKey)!;
        out.answers.push({
          evaluationId: id,
          ...a,
          met: a.na || a.value === null ? null : isMet(criterion, a.value),
        });
        const cell = `${interaction.id}:${a.criterionKey}`;
        given.set(cell, [...(given.get(cell) ?? []), a.na ? "na" : a.value!]);
        givenBy.set(cell, [...(givenBy.get(cell) ?? []), reviewer.id]);
      }
    }

    if (plan.status !== "finalized") continue;
    const revealed = plan.revealedAt!.getTime();
    for (const c of criteria) {
      const cell = `${interaction.id}:${c.key}`;
      const t = truthByKey.get(c.key)!;
      const answers = given.get(cell) ?? [];
      const value = modalAnswer(answers, t.na ? "na" : t.value!);
      const disputed = new Set(answers).size > 1;
      out.consensus.push({
        sessionId,
        interactionId: interaction.id,
        criterionKey: c.key,
        value: value === "na" ? null : value,
        na: value === "na",
        rationale: disputed && rng.chance(0.4) ? rng.pick(RATIONALES) : null,
        decidedBy: input.facilitatorId,
        decidedAt: new Date(revealed + rng.int(20, 180) * 60_000),
      });
    }
  }

  if (plan.status === "finalized") {
    // A couple of discussion notes on cells where reviewers split, written between reveal and finalize.
    const disputed = [...given.entries()].filter(([, answers]) => new Set(answers).size > 1).map(([cell]) => cell);
    const noteCount = Math.min(disputed.length, rng.int(2, 3));
    const revealed = plan.revealedAt!.getTime();
    const finalized = plan.finalizedAt!.getTime();
    const picked = new Set<string>();
    while (picked.size < noteCount) picked.add(rng.pick(disputed));
    for (const cell of [...picked].sort()) {
      const [interactionId, criterionKey] = cell.split(":");
      out.notes.push({
        id: rng.uuid(),
        sessionId,
        interactionId,
        criterionKey,
        authorId: rng.pick(givenBy.get(cell)!),
        body: rng.pick(NOTES),
        createdAt: new Date(revealed + rng.between(0.1, 0.8) * (finalized - revealed)),
      });
    }
    out.notes.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing through the seed's transaction.

export type CalibrationSeedCounts = {
  calibrationSessions: number;
  calibrationEvaluations: number;
  calibrationAnswers: number;
};

const CANDIDATES_PER_VENDOR = 12;

async function findCandidates(
  tx: Tx,
  vendorId: string,
  channel: Channel,
  window: { from: Date; to: Date },
): Promise<CalibrationCandidate[]> {
  return tx
    .select({
      id: interactions.id,
      channel: interactions.channel,
      vendorId: interactions.vendorId,
      agentId: interactions.agentId,
      startedAt: interactions.startedAt,
      endedAt: interactions.endedAt,
      csat: interactions.csat,
      escalated: interactions.escalated,
    })
    .from(interactions)
    .where(
      and(
        eq(interactions.vendorId, vendorId),
        eq(interactions.channel, channel),
        gte(interactions.startedAt, window.from),
        lt(interactions.startedAt, window.to),
        sql`not exists (select 1 from ${evaluations} where ${evaluations.interactionId} = ${interactions.id})`,
        sql`not exists (select 1 from ${assignments} where ${assignments.interactionId} = ${interactions.id})`,
      ),
    )
    .orderBy(desc(interactions.startedAt), asc(interactions.id))
    .limit(CANDIDATES_PER_VENDOR);
}

/** Up to `count` interactions, taking vendors in turn (starting at a different one per session). */
export function pickItems(
  rng: Random,
  byVendor: readonly (readonly CalibrationCandidate[])[],
  count: number,
  used: ReadonlySet<string>,
  firstVendor: number,
): CalibrationCandidate[] {
  const pools = byVendor.map((pool) => pool.filter((c) => !used.has(c.id)));
  const picked: CalibrationCandidate[] = [];
  for (let turn = 0; picked.length < count && pools.some((p) => p.length > 0); turn += 1) {
    const pool = pools[(firstVendor + turn) % pools.length];
    if (pool.length === 0) continue;
    picked.push(pool.splice(Math.floor(rng.float() * pool.length), 1)[0]);
  }
  return picked;
}

/**
 * Inserts the demo calibration sessions. Runs after the standard evaluations and open assignments, and
 * uses only interactions that have neither, so those stay exactly as they were.
 */
export async function insertCalibrations(
  tx: Tx,
  world: DemoWorld,
  versions: Map<string, PublishedVersion[]>,
  rng: Random,
): Promise<CalibrationSeedCounts> {
  const counts: CalibrationSeedCounts = { calibrationSessions: 0, calibrationEvaluations: 0, calibrationAnswers: 0 };
  const slugOf = new Map([world.client, ...world.vendors].map((o) => [o.id, o.slug]));
  const byEmail = new Map(
    world.users.map((u): [string, Participant] => [
      u.email,
      { ...u, organizationSlug: slugOf.get(u.organizationId)!, isVendor: u.organizationId !== world.client.id },
    ]),
  );
  const person = (email: string) => {
    const found = byEmail.get(email);
    if (!found) throw new Error(`Demo user ${email} is missing`);
    return found;
  };
  const facilitator = person(FACILITATOR_EMAIL);
  const agents = new Map(world.agents.map((a) => [a.id, a]));
  const used = new Set<string>();

  for (const [index, plan] of planCalibrationSessions(world.now).entries()) {
    const sessionRng = rng.fork(plan.key);
    const version = pickVersion(versions.get(SCORECARD_BY_CHANNEL[plan.channel]), plan.createdAt, world.now);
    if (!version) continue;
    const byVendor = [];
    for (const vendor of world.vendors)
      byVendor.push(await findCandidates(tx, vendor.id, plan.channel, plan.itemWindow));
    const items = pickItems(
      sessionRng,
      byVendor,
      sessionRng.int(plan.items.min, plan.items.max),
      used,
      index % world.vendors.length,
    );
    // A tiny demo database may not have enough unreviewed interactions of the channel: skip the session.
    if (items.length < plan.items.min) continue;
    for (const item of items) used.add(item.id);

    const participants =
      plan.status === "finalized"
        ? finalizedParticipantEmails(plan.round).map(person)
        : plan.status === "open"
          ? [...OPEN_PENDING_EMAILS, ...OPEN_SUBMITTED_EMAILS].map(person)
          : [];
    const submitters =
      plan.status === "finalized" ? participants : plan.status === "open" ? OPEN_SUBMITTED_EMAILS.map(person) : [];

    const sessionId = sessionRng.uuid();
    await tx.insert(calibrationSessions).values({
      id: sessionId,
      organizationId: world.client.id,
      title: plan.title,
      facilitatorId: facilitator.id,
      scorecardVersionId: version.id,
      status: plan.status,
      deadline: plan.deadline,
      hideAgentNames: true,
      reference: "consensus",
      openedAt: plan.openedAt,
      revealedAt: plan.revealedAt,
      finalizedAt: plan.finalizedAt,
      createdAt: plan.createdAt,
      updatedAt: plan.finalizedAt ?? plan.openedAt ?? plan.createdAt,
    });
    await tx
      .insert(calibrationItems)
      .values(items.map((item, i) => ({ sessionId, interactionId: item.id, position: i + 1 })));
    if (participants.length > 0) {
      await tx.insert(calibrationParticipants).values(
        participants.map((p, i) => ({
          sessionId,
          userId: p.id,
          organizationId: p.organizationId,
          addedAt: new Date(plan.createdAt.getTime() + (i + 1) * 60_000),
        })),
      );
    }
    counts.calibrationSessions += 1;
    if (submitters.length === 0) continue;

    const content = generateSessionContent(sessionRng, {
      sessionId,
      plan,
      version,
      items,
      agents,
      submitters,
      facilitatorId: facilitator.id,
      now: world.now,
    });
    await tx.insert(evaluations).values(content.evaluations);
    await tx.insert(evaluationAnswers).values(content.answers);
    if (content.consensus.length > 0) await tx.insert(calibrationConsensus).values(content.consensus);
    if (content.notes.length > 0) await tx.insert(calibrationNotes).values(content.notes);
    counts.calibrationEvaluations += content.evaluations.length;
    counts.calibrationAnswers += content.answers.length;

    if (plan.status === "finalized") {
      // Frozen exactly as finalize freezes them: from the stored rows, not from what was generated.
      const results = computeCalibrationMetrics(await buildCalibrationInput(tx, sessionId));
      await tx.update(calibrationSessions).set({ results }).where(eq(calibrationSessions.id, sessionId));
    }
  }
  return counts;
}
