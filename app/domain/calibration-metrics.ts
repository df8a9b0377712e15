/**
 * Everything a calibration session's results page shows, computed from the submitted answers. Pure.
 * The result is plain JSON (no Map, no undefined, no NaN): it is frozen into the database at finalize.
 * A statistic that cannot be computed is null, with a `...Reason` string beside it.
 *
 * Conventions (shared/domain.md "Calibration"):
 * - Raters are the participants who submitted (their id is a key of `answers`), the benchmark included.
 * - An answer off the criterion's scale is treated as not answered; N/A is a category of its own in
 *   percent agreement, within-one-step and disagreements, and missing (null) in Krippendorff's alpha.
 * - A final score counts only when the answer set is complete (scoreEvaluation's `complete`), for
 *   participants and the reference alike.
 * - Values in score points (means, SDs, deviations, alignment) are rounded to 2 decimals; shares (0..1)
 *   and coefficients are not.
 *
 * @example computeCalibrationMetrics({ definition, interactionIds: ["i1", "i2"], participants, answers,
 *   consensus: {}, reference: "consensus" }).reviewers[0].alignmentReason // => "no consensus recorded yet"
 */
import { gwetAC1, icc, krippendorffAlpha, krippendorffAlphaBootstrap, type Rating } from "./agreement";
import {
  computeAlignment,
  computeCriterionWeights,
  type CalibrationAnswerValue,
  type CriterionAnswers,
} from "./calibration-alignment";
import type { Criterion, ScaleType, ScorecardDefinition, Section } from "./scorecard-definition";
import { roundScore, scoreEvaluation } from "./scoring";

export type { CalibrationAnswerValue } from "./calibration-alignment";

export type CalibrationParty = { key: string; label: string; kind: "client" | "vendor" };
export type CalibrationParticipant = { id: string; name: string; party: CalibrationParty; isBenchmark: boolean };
export type CalibrationReference = "consensus" | "benchmark";
export type CalibrationInput = {
  definition: ScorecardDefinition;
  interactionIds: string[];
  participants: CalibrationParticipant[];
  /** answers[participantId][interactionId][criterionKey]; only submitted participants' answers. */
  answers: Record<string, Record<string, Record<string, CalibrationAnswerValue>>>;
  /** consensus[interactionId][criterionKey], recorded by the facilitator; may be partial or empty. */
  consensus: Record<string, Record<string, number | "na">>;
  /** "benchmark" = the answers of the participant with isBenchmark. */
  reference: CalibrationReference;
  /** Points of total score; default DEFAULT_ALIGNMENT_TOLERANCE. */
  alignmentTolerance?: number;
};

export type AlphaLevel = "nominal" | "ordinal" | "interval";

export type CriterionMetrics = {
  key: string;
  label: string;
  sectionKey: string;
  sectionLabel: string;
  scaleType: ScaleType;
  level: AlphaLevel;
  /** Krippendorff's alpha over raters x interactions at `level`; N/A counts as missing. */
  alpha: number | null;
  alphaReason: string | null;
  /**
   * Gwet's AC1 on the same data, categories unordered. Unlike alpha it stays high when nearly everyone
   * agrees on a rarely failed criterion (the prevalence paradox), so the two together tell "rare slip"
   * from "people read the guideline differently".
   */
  ac1: number | null;
  /** Share of agreeing rater pairs per interaction, averaged over interactions with 2+ answers (N/A = N/A). */
  percentAgreement: number | null;
  /** Like percentAgreement, but pairs at most one scale option apart agree (N/A only with N/A). */
  withinOneStep: number | null;
  /** Mean over interactions (2+ scale answers) of the population SD of normalised answers 0..1 (so 0..0.5). */
  spread: number | null;
  /** Answers given, N/A included. */
  answered: number;
  naCount: number;
  /** Interaction ids where the given answers are not all equal. */
  disagreements: string[];
};

export type ParticipantScore = { participantId: string; finalScore: number | null };

export type InteractionMetrics = {
  id: string;
  /** One per submitted participant, in participant order; null when the answer set is incomplete. */
  scores: ParticipantScore[];
  mean: number | null;
  /** Sample standard deviation; null with fewer than 2 scores. */
  sd: number | null;
  min: number | null;
  max: number | null;
  range: number | null;
  /** Final score of the reference answers; null when the reference is absent or incomplete. */
  referenceScore: number | null;
};

export type AlphaInterval = { lower: number; upper: number; confidence: number; samples: number };

export type OverallMetrics = {
  /** Krippendorff's alpha, interval level, units = (interaction, criterion), values = normalised answers. */
  alpha: number | null;
  alphaReason: string | null;
  /** Bootstrap confidence interval of `alpha` (seeded, so the frozen snapshot is reproducible). */
  alphaInterval: AlphaInterval | null;
  /** ICC(2,1) on interactions x participants who have a final score on every interaction. */
  icc21: number | null;
  iccReason: string | null;
  /** Participants the ICC used. */
  iccRaters: number;
  percentAgreement: number | null;
  withinOneStep: number | null;
  participantsSubmitted: number;
};

export type Leniency = "lenient" | "severe" | "neutral";

export type ReviewerMetrics = {
  id: string;
  name: string;
  partyKey: string;
  isBenchmark: boolean;
  submitted: boolean;
  /** 0..100 (see calibration-alignment.ts); null with `alignmentReason`. */
  alignment: number | null;
  alignmentReason: string | null;
  /** Mean of (reviewer final score - reference final score); positive = lenient. */
  meanDeviation: number | null;
  leniency: Leniency | null;
  /** Share of compared (interaction, criterion) pairs equal to the reference. */
  exactMatchShare: number | null;
  /** Share of comparable interactions whose total is within the tolerance of the reference total. */
  withinTolerance: number | null;
  /** Compared (interaction, criterion) pairs. */
  compared: number;
  /** Mean of the reviewer's final scores. */
  meanScore: number | null;
};

export type PartyMetrics = {
  key: string;
  label: string;
  kind: "client" | "vendor";
  /** Non-benchmark participants of the party, and how many of them submitted. */
  participants: number;
  submitted: number;
  /** Mean of its reviewers' alignment scores. */
  alignment: number | null;
  /** Mean of its reviewers' final scores over all interactions. */
  meanScore: number | null;
  /** Vendor parties: party mean - client participants' mean on the interactions both scored; null for clients. */
  gapToClient: number | null;
};

export type CalibrationMetrics = {
  reference: CalibrationReference;
  /** Every interaction has a complete reference answer set. */
  referenceComplete: boolean;
  alignmentTolerance: number;
  criteria: CriterionMetrics[];
  interactions: InteractionMetrics[];
  overall: OverallMetrics;
  reviewers: ReviewerMetrics[];
  parties: PartyMetrics[];
  /** Up to MOST_DISAGREED_COUNT criterion keys, lowest alpha first (ties: lower percent agreement). */
  mostDisagreed: string[];
};

export const DEFAULT_ALIGNMENT_TOLERANCE = 10;
/** |mean deviation| below this many points is "neutral". */
export const LENIENCY_THRESHOLD_POINTS = 2;
export const MOST_DISAGREED_COUNT = 5;
/**
 * 500, not the customary 1000: the bootstrap is the costliest step (about 22 ms of 43 at 1000 samples on a
 * 20 x 50 x 40 session, see test/bench/RESULTS.md); 500 keeps the page well under 50 ms, and the 2.5% and
 * 97.5% percentiles still rest on 12 samples each.
 */
export const BOOTSTRAP_SAMPLES = 500;
export const BOOTSTRAP_SEED = 1;
export const BOOTSTRAP_CONFIDENCE = 0.95;

export const REASONS = {
  noConsensus: "no consensus recorded yet",
  noBenchmark: "no benchmark reviewer in this session",
  benchmarkNotSubmitted: "the benchmark reviewer has not submitted",
  isReference: "the benchmark reviewer is the reference",
  notSubmitted: "not submitted",
  nothingCompared: "no answer to compare with the reference",
  fewIccRaters: "fewer than 2 participants have a final score on every interaction",
  fewIccTargets: "fewer than 2 interactions",
} as const;

type CriterionInfo = {
  criterion: Criterion;
  section: Section;
  level: AlphaLevel;
  /** Scale value -> option position (0-based, ascending). */
  positions: Map<number, number>;
  min: number;
  span: number;
};

export function levelForScale(type: ScaleType): AlphaLevel {
  return type === "binary" ? "nominal" : type === "points" ? "interval" : "ordinal";
}

export function computeCalibrationMetrics(input: CalibrationInput): CalibrationMetrics {
  const { definition: def, interactionIds, reference } = input;
  const tolerance = input.alignmentTolerance ?? DEFAULT_ALIGNMENT_TOLERANCE;
  const infos = describeCriteria(def);
  const raters = input.participants.filter((p) => input.answers[p.id] !== undefined);
  const cells = raters.map((p) => interactionIds.map((id) => cleanAnswers(infos, input.answers[p.id][id])));
  const records = cells.map((rows) => rows.map((row) => toAnswers(infos, row)));
  const scores = records.map((rows) => rows.map((answers) => completeScore(def, answers)));
  const benchmark = input.participants.find((p) => p.isBenchmark) ?? null;
  const { referenceAnswers, referenceReason } = resolveReference(input, infos, benchmark);
  const referenceResults = referenceAnswers?.map((answers) => scoreEvaluation(def, answers)) ?? null;
  const referenceScores = interactionIds.map((_, i) => {
    const result = referenceResults?.[i];
    return result?.complete ? result.finalScore : null;
  });

  const { criteria, overallAgreement } = computeCriteria(infos, interactionIds, cells);
  const interactions = interactionIds.map((id, i): InteractionMetrics => {
    const given = scores.map((s) => s[i]).filter((s): s is number => s !== null);
    const min = given.length > 0 ? Math.min(...given) : null;
    const max = given.length > 0 ? Math.max(...given) : null;
    return {
      id,
      scores: raters.map((p, r) => ({ participantId: p.id, finalScore: scores[r][i] })),
      mean: roundOrNull(mean(given)),
      sd: roundOrNull(sampleSd(given)),
      min,
      max,
      range: min === null || max === null ? null : roundScore(max - min),
      referenceScore: referenceScores[i],
    };
  });

  const weights = computeCriterionWeights(def);
  const reviewers = input.participants.map((p): ReviewerMetrics => {
    const r = raters.indexOf(p);
    return computeReviewer(p, r < 0 ? null : { answers: records[r], scores: scores[r] }, {
      weights,
      def,
      reference,
      referenceAnswers,
      referenceReason,
      referenceScores,
      tolerance,
    });
  });

  return {
    reference,
    referenceComplete:
      referenceResults !== null && referenceResults.length > 0 && referenceResults.every((result) => result.complete),
    alignmentTolerance: tolerance,
    criteria,
    interactions,
    overall: {
      ...computeOverallAlpha(infos, interactionIds, cells),
      ...computeIcc(scores),
      ...overallAgreement,
      participantsSubmitted: raters.length,
    },
    reviewers,
    parties: computeParties(input.participants, raters, scores, reviewers),
    mostDisagreed: criteria
      .filter((c) => c.alpha !== null && c.alpha < 1)
      .sort((a, b) => a.alpha! - b.alpha! || (a.percentAgreement ?? Infinity) - (b.percentAgreement ?? Infinity))
      .slice(0, MOST_DISAGREED_COUNT)
      .map((c) => c.key),
  };
}

function describeCriteria(def: ScorecardDefinition): CriterionInfo[] {
  return def.sections.flatMap((section) =>
    section.criteria.map((criterion) => {
      const values = criterion.scale.options.map((o) => o.value);
      const min = Math.min(...values);
      return {
        criterion,
        section,
        level: levelForScale(criterion.scale.type),
        positions: new Map([...values].sort((a, b) => a - b).map((v, i) => [v, i])),
        min,
        span: Math.max(...values) - min,
      };
    }),
  );
}

/** One participant's answers on one interaction, in criterion order; off-scale values become null. */
function cleanAnswers(
  infos: CriterionInfo[],
  answers: Record<string, CalibrationAnswerValue | undefined> | undefined,
): CalibrationAnswerValue[] {
  return infos.map((info) => {
    const value = answers?.[info.criterion.key];
    if (value === "na") return "na";
    return typeof value === "number" && info.positions.has(value) ? value : null;
  });
}

function toAnswers(infos: CriterionInfo[], row: CalibrationAnswerValue[]): CriterionAnswers {
  const answers: CriterionAnswers = {};
  infos.forEach((info, c) => (answers[info.criterion.key] = row[c]));
  return answers;
}

function completeScore(def: ScorecardDefinition, answers: CriterionAnswers): number | null {
  const result = scoreEvaluation(def, answers);
  return result.complete ? result.finalScore : null;
}

function resolveReference(
  input: CalibrationInput,
  infos: CriterionInfo[],
  benchmark: CalibrationParticipant | null,
): { referenceAnswers: CriterionAnswers[] | null; referenceReason: string | null } {
  if (input.reference === "benchmark") {
    if (!benchmark) return { referenceAnswers: null, referenceReason: REASONS.noBenchmark };
    const answers = input.answers[benchmark.id];
    if (!answers) return { referenceAnswers: null, referenceReason: REASONS.benchmarkNotSubmitted };
    return {
      referenceAnswers: input.interactionIds.map((id) => toAnswers(infos, cleanAnswers(infos, answers[id]))),
      referenceReason: null,
    };
  }
  const recorded = input.interactionIds.some((id) =>
    Object.values(input.consensus[id] ?? {}).some((v) => v !== null && v !== undefined),
  );
  if (!recorded) return { referenceAnswers: null, referenceReason: REASONS.noConsensus };
  return {
    referenceAnswers: input.interactionIds.map((id) => toAnswers(infos, cleanAnswers(infos, input.consensus[id]))),
    referenceReason: null,
  };
}

/** Pairwise agreement sums over units: mean over units with 2+ answers of the agreeing share of pairs. */
type PairTally = { units: number; exact: number; withinOne: number };

/**
 * Adds one unit (one interaction x criterion) to the tallies. `counts[0]` is the number of N/A answers and
 * `counts[k + 1]` the number at scale position k. Returns how many distinct answers the unit has.
 */
function tallyUnit(tallies: PairTally[], counts: Int32Array): number {
  let n = 0;
  let exact = 0;
  let adjacent = 0;
  let distinct = 0;
  for (let k = 0; k < counts.length; k += 1) {
    const here = counts[k];
    if (here === 0) continue;
    n += here;
    distinct += 1;
    exact += (here * (here - 1)) / 2;
    if (k > 0 && k + 1 < counts.length) adjacent += here * counts[k + 1];
  }
  if (n < 2) return distinct;
  const pairs = (n * (n - 1)) / 2;
  for (const tally of tallies) {
    tally.units += 1;
    tally.exact += exact / pairs;
    tally.withinOne += (exact + adjacent) / pairs;
  }
  return distinct;
}

const shareOf = (tally: PairTally, key: "exact" | "withinOne") => (tally.units > 0 ? tally[key] / tally.units : null);

function computeCriteria(
  infos: CriterionInfo[],
  interactionIds: string[],
  cells: CalibrationAnswerValue[][][],
): { criteria: CriterionMetrics[]; overallAgreement: Pick<OverallMetrics, "percentAgreement" | "withinOneStep"> } {
  const overall: PairTally = { units: 0, exact: 0, withinOne: 0 };
  const criteria = infos.map((info, c): CriterionMetrics => {
    const tally: PairTally = { units: 0, exact: 0, withinOne: 0 };
    const tallies = [tally, overall];
    const counts = new Int32Array(info.positions.size + 1);
    let answered = 0;
    let naCount = 0;
    let spreadSum = 0;
    let spreadUnits = 0;
    const disagreements: string[] = [];
    const alphaData: Rating[][] = cells.map(() => new Array<Rating>(interactionIds.length));

    for (let i = 0; i < interactionIds.length; i += 1) {
      counts.fill(0);
      let sum = 0;
      let sumSq = 0;
      let numeric = 0;
      for (let r = 0; r < cells.length; r += 1) {
        const value = cells[r][i][c];
        alphaData[r][i] = typeof value === "number" ? value : null;
        if (value === null) continue;
        answered += 1;
        if (value === "na") {
          naCount += 1;
          counts[0] += 1;
          continue;
        }
        counts[info.positions.get(value)! + 1] += 1;
        const x = info.span > 0 ? (value - info.min) / info.span : 0;
        sum += x;
        sumSq += x * x;
        numeric += 1;
      }
      if (tallyUnit(tallies, counts) > 1) disagreements.push(interactionIds[i]);
      if (numeric >= 2) {
        const m = sum / numeric;
        spreadSum += Math.sqrt(Math.max(0, sumSq / numeric - m * m));
        spreadUnits += 1;
      }
    }

    const alpha = attempt(() => krippendorffAlpha(alphaData, info.level));
    const ac1 = attempt(() => gwetAC1(alphaData));
    return {
      key: info.criterion.key,
      label: info.criterion.label,
      sectionKey: info.section.key,
      sectionLabel: info.section.label,
      scaleType: info.criterion.scale.type,
      level: info.level,
      alpha: alpha.value,
      alphaReason: alpha.reason,
      ac1: ac1.value,
      percentAgreement: shareOf(tally, "exact"),
      withinOneStep: shareOf(tally, "withinOne"),
      spread: spreadUnits > 0 ? spreadSum / spreadUnits : null,
      answered,
      naCount,
      disagreements,
    };
  });
  return {
    criteria,
    overallAgreement: { percentAgreement: shareOf(overall, "exact"), withinOneStep: shareOf(overall, "withinOne") },
  };
}

function computeOverallAlpha(
  infos: CriterionInfo[],
  interactionIds: string[],
  cells: CalibrationAnswerValue[][][],
): Pick<OverallMetrics, "alpha" | "alphaReason" | "alphaInterval"> {
  const data: Rating[][] = cells.map((rows) => {
    const row = new Array<Rating>(interactionIds.length * infos.length);
    for (let i = 0; i < interactionIds.length; i += 1) {
      for (let c = 0; c < infos.length; c += 1) {
        const value = rows[i][c];
        const { min, span } = infos[c];
        row[i * infos.length + c] = typeof value === "number" ? (span > 0 ? (value - min) / span : 0) : null;
      }
    }
    return row;
  });
  // The bootstrap returns the point estimate too, and throws the same errors as krippendorffAlpha: one pass.
  try {
    const boot = krippendorffAlphaBootstrap(data, "interval", {
      samples: BOOTSTRAP_SAMPLES,
      seed: BOOTSTRAP_SEED,
      confidence: BOOTSTRAP_CONFIDENCE,
    });
    if (!Number.isFinite(boot.alpha)) return { alpha: null, alphaReason: "not a finite number", alphaInterval: null };
    const alphaInterval =
      Number.isFinite(boot.lower) && Number.isFinite(boot.upper)
        ? { lower: boot.lower, upper: boot.upper, confidence: BOOTSTRAP_CONFIDENCE, samples: boot.samples }
        : null;
    return { alpha: boot.alpha, alphaReason: null, alphaInterval };
  } catch (error) {
    return { alpha: null, alphaReason: errorMessage(error), alphaInterval: null };
  }
}

function computeIcc(scores: (number | null)[][]): Pick<OverallMetrics, "icc21" | "iccReason" | "iccRaters"> {
  const complete = scores.filter((row) => row.every((s) => s !== null)) as number[][];
  const targets = scores[0]?.length ?? 0;
  if (complete.length < 2) return { icc21: null, iccReason: REASONS.fewIccRaters, iccRaters: complete.length };
  if (targets < 2) return { icc21: null, iccReason: REASONS.fewIccTargets, iccRaters: complete.length };
  const data = Array.from({ length: targets }, (_, i) => complete.map((row) => row[i]));
  const result = attempt(() => icc(data, "ICC2"));
  return { icc21: result.value, iccReason: result.reason, iccRaters: complete.length };
}

type ReviewerContext = {
  weights: Record<string, number>;
  def: ScorecardDefinition;
  reference: CalibrationReference;
  referenceAnswers: CriterionAnswers[] | null;
  referenceReason: string | null;
  referenceScores: (number | null)[];
  tolerance: number;
};

function computeReviewer(
  p: CalibrationParticipant,
  own: { answers: CriterionAnswers[]; scores: (number | null)[] } | null,
  ctx: ReviewerContext,
): ReviewerMetrics {
  const base = { id: p.id, name: p.name, partyKey: p.party.key, isBenchmark: p.isBenchmark, submitted: own !== null };
  const empty = {
    alignment: null,
    meanDeviation: null,
    leniency: null,
    exactMatchShare: null,
    withinTolerance: null,
    compared: 0,
  };
  if (own === null) return { ...base, ...empty, alignmentReason: REASONS.notSubmitted, meanScore: null };
  const meanScore = roundOrNull(mean(own.scores.filter((s): s is number => s !== null)));
  const reason = p.isBenchmark && ctx.reference === "benchmark" ? REASONS.isReference : ctx.referenceReason;
  if (reason !== null || ctx.referenceAnswers === null) {
    return { ...base, ...empty, alignmentReason: reason, meanScore };
  }

  const referenceAnswers = ctx.referenceAnswers;
  const alignment = computeAlignment(
    ctx.def,
    own.answers.map((answers, i) => ({ answers, reference: referenceAnswers[i] })),
    ctx.weights,
  );
  const deviations: number[] = [];
  own.scores.forEach((score, i) => {
    const ref = ctx.referenceScores[i];
    if (score !== null && ref !== null) deviations.push(score - ref);
  });
  const meanDeviation = roundOrNull(mean(deviations));
  return {
    ...base,
    alignment: alignment.alignment,
    alignmentReason: alignment.alignment === null ? REASONS.nothingCompared : null,
    meanDeviation,
    leniency:
      meanDeviation === null
        ? null
        : Math.abs(meanDeviation) < LENIENCY_THRESHOLD_POINTS
          ? "neutral"
          : meanDeviation > 0
            ? "lenient"
            : "severe",
    exactMatchShare: alignment.compared > 0 ? alignment.exactMatches / alignment.compared : null,
    withinTolerance:
      deviations.length > 0
        ? deviations.filter((d) => Math.abs(roundScore(d)) <= ctx.tolerance).length / deviations.length
        : null,
    compared: alignment.compared,
    meanScore,
  };
}

function computeParties(
  participants: CalibrationParticipant[],
  raters: CalibrationParticipant[],
  scores: (number | null)[][],
  reviewers: ReviewerMetrics[],
): PartyMetrics[] {
  const peers = participants.filter((p) => !p.isBenchmark);
  const scoresOf = (members: CalibrationParticipant[]) =>
    members.map((p) => raters.indexOf(p)).flatMap((r) => (r < 0 ? [] : [scores[r]]));
  const clientRows = scoresOf(peers.filter((p) => p.party.kind === "client"));
  const parties = new Map<string, CalibrationParty>();
  for (const p of peers) if (!parties.has(p.party.key)) parties.set(p.party.key, p.party);

  return [...parties.values()].map((party): PartyMetrics => {
    const members = peers.filter((p) => p.party.key === party.key);
    const rows = scoresOf(members);
    const alignments = reviewers
      .filter((r) => r.partyKey === party.key && !r.isBenchmark && r.alignment !== null)
      .map((r) => r.alignment!);
    let gapToClient: number | null = null;
    if (party.kind === "vendor") {
      const own: number[] = [];
      const client: number[] = [];
      const interactions = rows[0]?.length ?? 0;
      for (let i = 0; i < interactions; i += 1) {
        const ownHere = nonNull(rows.map((row) => row[i]));
        const clientHere = nonNull(clientRows.map((row) => row[i]));
        if (ownHere.length === 0 || clientHere.length === 0) continue;
        own.push(...ownHere);
        client.push(...clientHere);
      }
      const gap = own.length > 0 ? mean(own)! - mean(client)! : null;
      gapToClient = roundOrNull(gap);
    }
    return {
      key: party.key,
      label: party.label,
      kind: party.kind,
      participants: members.length,
      submitted: rows.length,
      alignment: roundOrNull(mean(alignments)),
      meanScore: roundOrNull(mean(nonNull(rows.flat()))),
      gapToClient,
    };
  });
}

/** Runs a statistic that throws on degenerate input; a non-finite result also counts as undefined. */
function attempt(fn: () => number): { value: number | null; reason: string | null } {
  try {
    const value = fn();
    return Number.isFinite(value) ? { value, reason: null } : { value: null, reason: "not a finite number" };
  } catch (error) {
    return { value: null, reason: errorMessage(error) };
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

const nonNull = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

function mean(xs: number[]): number | null {
  if (xs.length === 0) return null;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

function sampleSd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

const roundOrNull = (x: number | null) => (x === null ? null : roundScore(x));
