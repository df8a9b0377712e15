/**
 * Demo evaluations: answers drawn from the agent's hidden skill and weaknesses, scored by the real
 * scoring engine (never by hand). Pure: no database, no clock.
 */
import {
  findCriterion,
  isMet,
  type Criterion,
  type RootCause,
  type ScorecardDefinition,
} from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers, type ScoreResult } from "../../app/domain/scoring";
import type { Channel, evaluationAnswers, evaluations } from "../schema";
import type { DemoAgent, DemoInteraction, DemoUser } from "./generate";
import { unitHash, type Random } from "./random";

const DAY = 86_400_000;

export const SCORECARD_BY_CHANNEL: Record<Channel, string> = {
  chat: "chat-support",
  call: "voice-call",
  email: "email-support",
};
/** Interactions older than this are scored on the version before the newest (chat-support v1, later v2). */
export const VERSION_SWITCH_DAYS = 42;

export type PublishedVersion = { id: string; slug: string; number: number; definition: ScorecardDefinition };

/** `versions` in ascending number order. */
export function pickVersion(
  versions: readonly PublishedVersion[] | undefined,
  startedAt: Date,
  now: Date,
): PublishedVersion | null {
  if (!versions || versions.length === 0) return null;
  const older = now.getTime() - startedAt.getTime() > VERSION_SWITCH_DAYS * DAY;
  return versions[older && versions.length > 1 ? versions.length - 2 : versions.length - 1];
}

/**
 * 3% of interactions up to 10,000 (the demo), rising with the logarithm of the size to 25% at a million: the
 * shape of a large BPO client's month (about 250,000 evaluations and 3.7 million answers at 1,000,000).
 */
export function defaultEvaluationCount(interactionCount: number): number {
  const decades = Math.min(2, Math.max(0, Math.log10(Math.max(interactionCount, 1) / 10_000)));
  const share = 0.03 + 0.11 * decades;
  return Math.round(interactionCount * share);
}

/**
 * Hidden weaknesses, keyed by criterion key so they persist across scorecard versions: some criteria are
 * hard for everyone, each agent is weak on roughly one in five, and a few hire classes share a gap.
 */
export function criterionPenalty(agent: Pick<DemoAgent, "weaknessSalt" | "trainingCohort">, key: string): number {
  const hard = unitHash("difficulty", key) < 0.3 ? 0.08 + 0.1 * unitHash("difficulty-size", key) : 0.02;
  const personal =
    unitHash(agent.weaknessSalt, key) < 0.2 ? 0.18 + 0.15 * unitHash(agent.weaknessSalt, key, "size") : 0;
  const cohort = unitHash("cohort", agent.trainingCohort, key) < 0.12 ? 0.12 : 0;
  return hard + personal + cohort;
}

/** Vendor reviewers are a little lenient on their own agents; client reviewers slightly strict. Stable per email. */
export function reviewerBias(reviewer: Pick<DemoUser, "email">, isVendor: boolean): number {
  const h = unitHash("bias", reviewer.email);
  return isVendor ? 0.02 + 0.04 * h : -0.03 + 0.04 * h;
}

export type Reviewer = DemoUser & { bias: number };

/** A QA specialist or lead of the interaction's vendor most of the time, the client's sometimes. */
export function chooseReviewer(
  rng: Random,
  vendorReviewers: readonly Reviewer[],
  clientReviewers: readonly Reviewer[],
): Reviewer {
  const pool = rng.chance(0.85) && vendorReviewers.length > 0 ? vendorReviewers : clientReviewers;
  return rng.weighted(pool, (r) => (r.role === "qa_lead" ? 1 : 2));
}

const NOTES: Record<RootCause, string[]> = {
  training_gap: [
    "Didn't seem to know the current procedure; add to the next refresher.",
    "Unsure of the policy here; needs coaching on this step.",
  ],
  process_gap: ["The procedure doesn't cover this case clearly.", "Followed the macro, but the macro is out of date."],
  product_defect: [
    "Customer hit a known product issue and there was no workaround to offer.",
    "Site bug made this step impossible to complete.",
  ],
  agent_behaviour: ["Knew the step but skipped it.", "Rushed this part of the conversation."],
  tooling: ["CRM was slow and the agent lost track of the case.", "Macro inserted the wrong template."],
  customer_driven: [
    "Customer ended the conversation before this could happen.",
    "Customer refused to provide the details needed.",
  ],
};
const PRAISE = ["Nicely done.", "Good example for the team.", "Spot on."];

export type GeneratedAnswer = {
  criterionKey: string;
  value: number | null;
  na: boolean;
  comment: string | null;
  rootCause: RootCause | null;
};

type AnswerContext = { agent: DemoAgent; bias: number; hardCase: boolean; tenureYears: number };

export function generateAnswers(rng: Random, def: ScorecardDefinition, ctx: AnswerContext): GeneratedAnswer[] {
  // One form factor per evaluation: a good or bad day moves every answer together.
  const form = rng.normal(0, 0.05);
  return def.sections.flatMap((section) =>
    section.criteria.map((criterion) => {
      if (criterion.naAllowed && rng.chance(0.06 + 0.2 * unitHash("na", criterion.key))) {
        return { criterionKey: criterion.key, value: null, na: true, comment: null, rootCause: null };
      }
      let pMet =
        ctx.agent.skill +
        0.2 +
        ctx.bias +
        form -
        criterionPenalty(ctx.agent, criterion.key) -
        (ctx.hardCase ? 0.06 : 0);
      pMet = Math.min(0.995, Math.max(0.03, pMet));
      // Critical criteria (identity, payment data) are drilled hard: they fail rarely.
      if (criterion.critical !== "none") pMet = 1 - (1 - pMet) * 0.15;
      const value = chooseValue(rng, criterion, pMet);
      if (value >= criterion.passAt) {
        const top = value === criterion.scale.options[criterion.scale.options.length - 1].value;
        return {
          criterionKey: criterion.key,
          value,
          na: false,
          comment: top && rng.chance(0.04) ? rng.pick(PRAISE) : null,
          rootCause: null,
        };
      }
      const rootCause = chooseRootCause(rng, criterion, ctx);
      const note = rootCause ? rng.pick(NOTES[rootCause]) : "Missed.";
      return { criterionKey: criterion.key, value, na: false, comment: note, rootCause };
    }),
  );
}

function chooseValue(rng: Random, criterion: Criterion, pMet: number): number {
  const options = [...criterion.scale.options].sort((a, b) => a.value - b.value);
  const passIndex = Math.max(
    0,
    options.findIndex((o) => o.value >= criterion.passAt),
  );
  const spread = (sd: number) => Math.min(0.999, Math.max(0, rng.normal(pMet - 0.1, sd)));
  if (passIndex === 0 || rng.chance(pMet)) {
    return options[passIndex + Math.floor(spread(0.2) * (options.length - passIndex))].value;
  }
  return options[Math.floor(spread(0.25) * passIndex)].value;
}

function chooseRootCause(rng: Random, criterion: Criterion, ctx: AnswerContext): RootCause | null {
  if (criterion.rootCauses.length === 0) return null;
  const weights: Record<RootCause, number> = {
    training_gap: ctx.tenureYears < 0.5 ? 4 : 1.5,
    process_gap: 1.2,
    product_defect: 0.5,
    agent_behaviour: ctx.agent.skill < 0.6 ? 3 : 1.5,
    tooling: 0.6,
    customer_driven: ctx.hardCase ? 1.5 : 0.5,
  };
  return rng.weighted(criterion.rootCauses, (c) => weights[c]);
}

export type EvaluationCandidate = Pick<
  DemoInteraction,
  "id" | "channel" | "vendorId" | "agentId" | "startedAt" | "endedAt" | "csat" | "escalated"
>;
export type GeneratedEvaluation = {
  evaluation: typeof evaluations.$inferInsert & { id: string };
  answers: (typeof evaluationAnswers.$inferInsert)[];
  result: ScoreResult;
};

export function generateEvaluation(
  rng: Random,
  input: {
    interaction: EvaluationCandidate;
    version: PublishedVersion;
    agent: DemoAgent;
    reviewer: Reviewer;
    now: Date;
  },
): GeneratedEvaluation {
  const { interaction, version, agent, reviewer, now } = input;
  const id = rng.uuid();
  const generated = generateAnswers(rng, version.definition, {
    agent,
    bias: reviewer.bias,
    hardCase: interaction.escalated === true || (interaction.csat ?? 5) <= 2,
    tenureYears: (interaction.startedAt.getTime() - Date.parse(agent.hireDate)) / (365 * DAY),
  });
  const answers: Answers = Object.fromEntries(generated.map((a) => [a.criterionKey, a.na ? "na" : a.value]));
  const result = scoreEvaluation(version.definition, answers);
  if (!result.complete) {
    throw new Error(
      `Generated answers do not fit ${version.slug} v${version.number}: ${JSON.stringify(result.invalid)}`,
    );
  }
  // Reviewed a day or so after the contact, never after `now`.
  const ended = interaction.endedAt.getTime();
  const room = Math.max(60_000, now.getTime() - ended);
  const submittedAt = new Date(
    ended + Math.min(rng.logNormal(30 * 3_600_000, 0.9, 20 * 60_000, 10 * DAY), room * rng.between(0.3, 0.95)),
  );
  const startedWork = new Date(submittedAt.getTime() - rng.int(4, 25) * 60_000);
  return {
    evaluation: {
      id,
      interactionId: interaction.id,
      scorecardVersionId: version.id,
      reviewerId: reviewer.id,
      vendorId: interaction.vendorId,
      agentId: interaction.agentId,
      kind: "standard",
      status: "submitted",
      rawScore: result.rawScore,
      finalScore: result.finalScore,
      passed: result.passed,
      criticalFailed: result.criticalFailures.length > 0,
      submittedAt,
      createdAt: startedWork,
      updatedAt: submittedAt,
    },
    answers: generated.map((a) => ({ evaluationId: id, ...a, met: metOf(version.definition, a) })),
    result,
  };
}

function metOf(def: ScorecardDefinition, answer: GeneratedAnswer): boolean | null {
  if (answer.na || answer.value === null) return null;
  return isMet(findCriterion(def, answer.criterionKey)!, answer.value);
}

/** Reservoir sampling (Algorithm R): a uniform, exact-size sample from a stream of unknown length. */
export class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;

  constructor(
    private readonly size: number,
    private readonly rng: Random,
  ) {}

  offer(item: T): void {
    this.seen += 1;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = Math.floor(this.rng.float() * this.seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}
