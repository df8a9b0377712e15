/**
 * Demo disputes, so the dispute queue, the per-reviewer dispute and overturn rates and the evaluation
 * history have something to show. Pure: no database, no clock.
 *
 * - About 3% of the seeded standard evaluations are disputed, never those of agents who can sign in (the
 *   agents' own pages and the dispute e2e start from "nothing disputed yet"). Evaluations that failed or
 *   missed something are the likelier ones.
 * - Raised by the vendor's team lead (the agents disputed have no login) within the dispute window.
 * - Most are decided, by a QA lead or admin of the vendor or the client who is not the original reviewer:
 *   about half rejected, the rest accepted or partially accepted. 15% of the disputes (rounded down) are
 *   open, on evaluations whose window is still open; a small demo (under about 7,000 interactions) has
 *   none, so its open queue starts empty (the dispute e2e counts on that).
 *
 * The seeded evaluations' answers and scores are left exactly as generated. A decided dispute is seeded as
 * already applied: an accepted item proposes the answer the evaluation now has, and a "dispute_resolution"
 * revision records the reviewer's original answer (one option below the pass mark) and the score before.
 * So every stored score still equals the scoring engine's result on the stored answers. Rejected and open
 * items propose a different answer than the stored one, as a real dispute must.
 */
import { DEFAULT_DISPUTE_WINDOW_DAYS } from "../../app/domain/dispute-window";
import { disputeOutcome, type DisputeStatus } from "../../app/domain/dispute-status";
import { findCriterion, listCriteria, type Criterion } from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "../../app/domain/scoring";
import type { disputeItems, disputes, evaluationRevisions, RevisionChange } from "../schema";
import type { PublishedVersion } from "./evaluations";
import type { DemoUser, DemoWorld } from "./generate";
import type { Random } from "./random";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Share of eligible evaluations disputed, and of those disputes left open. */
export const DISPUTE_SHARE = 0.03;
export const OPEN_DISPUTE_SHARE = 0.15;

/** What the planner needs of a seeded standard evaluation. */
export type SeededEvaluation = {
  id: string;
  agentId: string;
  vendorId: string;
  reviewerId: string;
  submittedAt: Date;
  passed: boolean | null;
  finalScore: number | null;
  version: PublishedVersion;
  answers: { criterionKey: string; value: number | null; na: boolean }[];
};

export type PlannedDisputes = {
  disputes: (typeof disputes.$inferInsert & { id: string; status: DisputeStatus })[];
  items: (typeof disputeItems.$inferInsert)[];
  revisions: (typeof evaluationRevisions.$inferInsert)[];
};

const REASONS = [
  "The agent did offer the alternative; it is near the end of the transcript.",
  "The customer had already been verified on the previous contact, as the notes show.",
  "The agent used the approved macro for this case at the time.",
  "This step does not apply to this kind of contact.",
  "The agent followed the process the team was briefed on that week.",
  "The recap was there, just phrased informally. Please look again.",
];
const NOTES: Record<Exclude<DisputeStatus, "open">, string[]> = {
  accepted: [
    "Confirmed in the transcript; the answers are updated.",
    "Fair point: the guideline allows this. Updated.",
  ],
  partially_accepted: [
    "One point is confirmed and updated; the rest stands as scored.",
    "Accepted where the transcript supports it; the other answers stand.",
  ],
  rejected: [
    "Re-read the transcript: the step is missing. The score stands.",
    "The guideline is explicit here; the original answers stand.",
    "Checked with the scorecard owner: scored correctly.",
  ],
};

const sortedValues = (c: Criterion) => c.scale.options.map((o) => o.value).sort((a, b) => a - b);

/** Stored answers a dispute could ask to change: a miss (or any answer below the top) moved up, or a miss to N/A. */
function proposalFor(rng: Random, criterion: Criterion, answer: SeededEvaluation["answers"][number]) {
  if (answer.na || answer.value === null) return null;
  const values = sortedValues(criterion);
  const higher = values.filter((v) => v > answer.value!);
  if (higher.length === 0) return null;
  const missed = answer.value < criterion.passAt;
  if (missed && criterion.naAllowed && rng.chance(0.1)) return { value: null, na: true };
  // A miss is argued up to the pass mark or to the top; an answer already met only to the top.
  const passing = higher.filter((v) => v >= criterion.passAt);
  const value = missed && passing.length > 1 && rng.chance(0.5) ? passing[0] : higher[higher.length - 1];
  return { value, na: false };
}

/** Stored answers an accepted item could have produced: met now, so the reviewer's original was a miss. */
function originalFor(criterion: Criterion, answer: SeededEvaluation["answers"][number]): number | null {
  if (answer.na || answer.value === null || answer.value < criterion.passAt) return null;
  const below = sortedValues(criterion).filter((v) => v < criterion.passAt);
  return below.length > 0 ? below[below.length - 1] : null;
}

function pickSome<T>(rng: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(rng.float() * pool.length), 1)[0]);
  return out;
}

const weightedSample = <T>(rng: Random, items: readonly T[], count: number, weightOf: (item: T) => number): T[] =>
  // Efraimidis-Spirakis: the `count` smallest -ln(u)/w are a weighted sample without replacement.
  items
    .map((item, i) => ({ item, i, key: -Math.log(1 - rng.float()) / weightOf(item) }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.item);

export function planDisputes(
  rng: Random,
  input: { world: DemoWorld; evaluations: readonly SeededEvaluation[] },
): PlannedDisputes {
  const { world } = input;
  const now = world.now.getTime();
  const out: PlannedDisputes = { disputes: [], items: [], revisions: [] };
  const withLogin = new Set(world.agents.filter((a) => a.userId).map((a) => a.id));
  const windowOf = (e: SeededEvaluation) =>
    (e.version.definition.disputeWindowDays ?? DEFAULT_DISPUTE_WINDOW_DAYS) * DAY;
  const teamLeadOf = new Map<string, DemoUser>();
  for (const u of world.users) if (u.role === "team_lead") teamLeadOf.set(u.organizationId, u);

  const criterionOf = (e: SeededEvaluation, key: string) => findCriterion(e.version.definition, key);
  // Something to argue: an answer below the top of its scale (rejected or open), or a met one with a miss
  // below it (accepted).
  const canArgue = (e: SeededEvaluation) =>
    e.answers.some((a) => {
      const c = criterionOf(e, a.criterionKey);
      return c && !a.na && a.value !== null && sortedValues(c).some((v) => v > a.value!);
    });
  const canOverturn = (e: SeededEvaluation) =>
    e.answers.some((a) => {
      const c = criterionOf(e, a.criterionKey);
      return c && originalFor(c, a) !== null;
    });
  const eligible = input.evaluations.filter(
    (e) =>
      !withLogin.has(e.agentId) &&
      teamLeadOf.has(e.vendorId) &&
      now - e.submittedAt.getTime() >= 2 * HOUR &&
      (canArgue(e) || canOverturn(e)),
  );
  const count = Math.round(eligible.length * DISPUTE_SHARE);
  const openCount = Math.floor(count * OPEN_DISPUTE_SHARE);
  const missCount = (e: SeededEvaluation) =>
    e.answers.filter((a) => {
      const c = criterionOf(e, a.criterionKey);
      return c && !a.na && a.value !== null && a.value < c.passAt;
    }).length;
  const weight = (e: SeededEvaluation) => (e.passed === false ? 4 : missCount(e) > 0 ? 2 : 0.6);
  // Open ones are recent (their window is still open); the decided ones come from everything else.
  const openChosen = weightedSample(
    rng,
    eligible.filter((e) => e.submittedAt.getTime() + windowOf(e) > now && canArgue(e)),
    openCount,
    weight,
  );
  const open = new Set(openChosen.map((e) => e.id));
  const decidedChosen = new Set(
    weightedSample(
      rng,
      eligible.filter((e) => !open.has(e.id)),
      count - openChosen.length,
      weight,
    ).map((e) => e.id),
  );
  const chosen = eligible.filter((e) => open.has(e.id) || decidedChosen.has(e.id));

  for (const evaluation of chosen) {
    const def = evaluation.version.definition;
    const submitted = evaluation.submittedAt.getTime();
    const closes = Math.min(now, submitted + windowOf(evaluation));
    const isOpen = open.has(evaluation.id);
    const answerOf = new Map(evaluation.answers.map((a) => [a.criterionKey, a]));

    // Which criteria could take which kind of item, in scorecard order.
    const criteria = listCriteria(def).filter((c) => answerOf.has(c.key));
    const up = criteria
      .map((c) => ({ criterion: c, proposal: proposalFor(rng, c, answerOf.get(c.key)!) }))
      .filter((x): x is { criterion: Criterion; proposal: { value: number | null; na: boolean } } => !!x.proposal);
    const upMissed = up.filter((x) => answerOf.get(x.criterion.key)!.value! < x.criterion.passAt);
    const overturnable = criteria
      .map((c) => ({ criterion: c, original: originalFor(c, answerOf.get(c.key)!) }))
      .filter((x): x is { criterion: Criterion; original: number } => x.original !== null);

    const itemCount = rng.weighted([1, 2, 3], (n) => [0.55, 0.3, 0.15][n - 1]);
    let outcome: DisputeStatus;
    if (isOpen) outcome = "open";
    else {
      const feasible: [DisputeStatus, number][] = [];
      if (up.length > 0) feasible.push(["rejected", 0.5]);
      if (overturnable.length > 0) feasible.push(["accepted", 0.3]);
      if (up.length > 0 && overturnable.length > 0) feasible.push(["partially_accepted", 0.2]);
      if (feasible.length === 0) continue;
      outcome = rng.weighted(feasible, ([, w]) => w)[0];
    }
    if (outcome === "open" && up.length === 0) continue;

    // Rejected and open items ask for a change the evaluation does not have: misses first.
    const upPool = upMissed.length > 0 && rng.chance(0.85) ? upMissed : up;
    let rejectedItems: typeof up = [];
    let acceptedItems: typeof overturnable = [];
    if (outcome === "open" || outcome === "rejected") rejectedItems = pickSome(rng, upPool, itemCount);
    else if (outcome === "accepted") acceptedItems = pickSome(rng, overturnable, itemCount);
    else {
      const accepted = Math.max(1, Math.min(itemCount - 1, overturnable.length));
      acceptedItems = pickSome(rng, overturnable, accepted);
      const taken = new Set(acceptedItems.map((x) => x.criterion.key));
      rejectedItems = pickSome(
        rng,
        upPool.filter((x) => !taken.has(x.criterion.key)),
        Math.max(1, itemCount - accepted),
      );
      if (rejectedItems.length === 0) outcome = "accepted";
    }
    const decisions = [...acceptedItems.map(() => true), ...rejectedItems.map(() => false)];
    if (outcome !== "open") outcome = disputeOutcome(decisions);

    // Raised a day or two after submission, within the window; decided a couple of days later.
    const span = Math.max(HOUR, closes - submitted);
    const raisedAt = submitted + Math.min(rng.logNormal(30 * HOUR, 0.8, 30 * 60_000, 10 * DAY), span * 0.6);
    const resolvedAt =
      outcome === "open"
        ? null
        : raisedAt + Math.min(rng.logNormal(2 * DAY, 0.7, 2 * HOUR, 12 * DAY), (now - raisedAt) * 0.9);
    const resolver =
      outcome === "open"
        ? null
        : rng.weighted(
            world.users.filter(
              (u) =>
                (u.role === "qa_lead" || u.role === "admin") &&
                u.id !== evaluation.reviewerId &&
                (u.organizationId === evaluation.vendorId || u.organizationId === world.client.id),
            ),
            (u) => (u.role === "qa_lead" ? (u.organizationId === evaluation.vendorId ? 3 : 2) : 0.5),
          );
    const note = outcome === "open" ? null : rng.pick(NOTES[outcome]);
    const disputeId = rng.uuid();
    out.disputes.push({
      id: disputeId,
      evaluationId: evaluation.id,
      vendorId: evaluation.vendorId,
      raisedBy: teamLeadOf.get(evaluation.vendorId)!.id,
      raisedAt: new Date(raisedAt),
      reason: rng.pick(REASONS),
      status: outcome,
      resolverId: resolver?.id ?? null,
      resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
      resolutionNote: note,
      // resolveDispute bumps it once.
      lockVersion: outcome === "open" ? 1 : 2,
    });
    const order = new Map(criteria.map((c, i) => [c.key, i]));
    const items = [
      ...acceptedItems.map((x) => {
        const a = answerOf.get(x.criterion.key)!;
        return { criterionKey: x.criterion.key, proposedValue: a.value, proposedNa: false, accepted: true };
      }),
      ...rejectedItems.map((x) => ({
        criterionKey: x.criterion.key,
        proposedValue: x.proposal.value,
        proposedNa: x.proposal.na,
        accepted: outcome === "open" ? null : false,
      })),
    ].sort((a, b) => order.get(a.criterionKey)! - order.get(b.criterionKey)!);
    for (const item of items) out.items.push({ id: rng.uuid(), disputeId, ...item });

    if (acceptedItems.length > 0) {
      // The resolution already applied: the reviewer's original answers and score, before the change.
      const stored: Answers = Object.fromEntries(
        evaluation.answers.map((a) => [a.criterionKey, a.na ? "na" : a.value]),
      );
      const before: Answers = { ...stored };
      const changes: RevisionChange[] = acceptedItems.map((x) => {
        before[x.criterion.key] = x.original;
        return { criterionKey: x.criterion.key, before: x.original, after: stored[x.criterion.key] ?? null };
      });
      changes.sort((a, b) => order.get(a.criterionKey)! - order.get(b.criterionKey)!);
      out.revisions.push({
        id: rng.uuid(),
        evaluationId: evaluation.id,
        number: 1,
        kind: "dispute_resolution",
        actorUserId: resolver!.id,
        at: new Date(resolvedAt!),
        reason: note,
        changes,
        finalScoreBefore: scoreEvaluation(def, before).finalScore,
        finalScoreAfter: evaluation.finalScore,
      });
    }
  }
  return out;
}
