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
import {
  gwetAC1FromCounts,
  icc,
  krippendorffAlphaBootstrapFromCounts,
  krippendorffAlphaFromCounts,
  type ValueCounts,
} from "./agreement";
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
 * The customary 1000 (Hayes and Krippendorff), so each 2.5% tail rests on 25 samples. It used to be 500 to keep
 * the page fast; the bootstrap now takes about one xoroshiro128+ step per draw (see test/bench/RESULTS.md).
 */
export const BOOTSTRAP_SAMPLES = 1000;
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
  /**
   * By option position (0-based, ascending): the scale value, and the normalised answer (value - min) / span
   * (0 when the span is 0).
   */
  values: number[];
  normalised: number[];
  /**
   * Option position by value, -1 off the scale, for scales of small non-negative integers (every built-in
   * scale); empty otherwise, when `values.indexOf` decides.
   */
  positionOf: Int16Array;
};

/**
 * Every submitted answer as a small integer, criterion-major so that one unit's (criterion, interaction)
 * answers lie side by side: `code[(c * interactions + i) * raters + r]` is NO_ANSWER, NA_ANSWER, or 1 + the
 * answer's position on the criterion's scale (the layout of a unit's counts in tallyUnit).
 */
type AnswerGrid = { raters: number; interactions: number; code: Int16Array };
const NO_ANSWER = -1;
const NA_ANSWER = 0;

export function levelForScale(type: ScaleType): AlphaLevel {
  return type === "binary" ? "nominal" : type === "points" ? "interval" : "ordinal";
}

export function computeCalibrationMetrics(input: CalibrationInput): CalibrationMetrics {
  const { definition: def, interactionIds, reference } = input;
  const tolerance = input.alignmentTolerance ?? DEFAULT_ALIGNMENT_TOLERANCE;
  const infos = describeCriteria(def);
  const raters = input.participants.filter((p) => input.answers[p.id] !== undefined);
  // One pass over the submitted answers: the answer sets that scoring and alignment read, and the grid the
  // agreement statistics count.
  const grid: AnswerGrid = {
    raters: raters.length,
    interactions: interactionIds.length,
    code: new Int16Array(raters.length * interactionIds.length * infos.length),
  };
  const stride = raters.length * interactionIds.length;
  const records = raters.map((p, r) =>
    interactionIds.map((id, i) =>
      cleanAnswers(infos, input.answers[p.id][id], grid.code, i * raters.length + r, stride),
    ),
  );
  const scores = records.map((rows) => rows.map((answers) => completeScore(def, answers)));
  const benchmark = input.participants.find((p) => p.isBenchmark) ?? null;
  const { referenceAnswers, referenceReason } = resolveReference(input, infos, benchmark);
  const referenceResults = referenceAnswers?.map((answers) => scoreEvaluation(def, answers)) ?? null;
  const referenceScores = interactionIds.map((_, i) => {
    const result = referenceResults?.[i];
    return result?.complete ? result.finalScore : null;
  });

  const { criteria, overallAgreement } = computeCriteria(infos, interactionIds, grid);
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
      ...computeOverallAlpha(infos, grid),
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
      const values = criterion.scale.options.map((o) => o.value).sort((a, b) => a - b);
      const min = values[0];
      const span = values[values.length - 1] - min;
      return {
        criterion,
        section,
        level: levelForScale(criterion.scale.type),
        values,
        normalised: values.map((v) => (span > 0 ? (v - min) / span : 0)),
        positionOf: positionTable(values),
      };
    }),
  );
}

const POSITION_TABLE_LIMIT = 1024;

function positionTable(values: number[]): Int16Array {
  if (!values.every((v) => Number.isInteger(v) && v >= 0 && v < POSITION_TABLE_LIMIT)) return new Int16Array(0);
  const table = new Int16Array(Math.max(...values) + 1).fill(-1);
  values.forEach((v, i) => (table[v] = i));
  return table;
}

/**
 * One participant's (or the reference's) answers on one interaction as scoring and alignment read them: off-scale
 * values are not answered. Writes each answer's AnswerGrid code at `at + c * stride` of `code`. An answer set with
 * nothing off the scale and no key outside the scorecard reads the same as its cleaned copy (absent, null: not
 * answered), so it is returned as it is; otherwise a copy with every criterion, off-scale values as null.
 */
function cleanAnswers(
  infos: CriterionInfo[],
  given: Record<string, CalibrationAnswerValue | undefined> | undefined,
  code: Int16Array = new Int16Array(infos.length),
  at = 0,
  stride = 1,
): CriterionAnswers {
  let clean = given !== undefined;
  let defined = 0;
  for (let c = 0; c < infos.length; c += 1) {
    const value = given?.[infos[c].criterion.key];
    let answerCode = NO_ANSWER;
    if (value === "na") {
      answerCode = NA_ANSWER;
    } else if (typeof value === "number") {
      const { positionOf } = infos[c];
      const position =
        (value | 0) === value && value >= 0 && value < positionOf.length
          ? positionOf[value]
          : infos[c].values.indexOf(value);
      if (position >= 0) answerCode = position + 1;
      else clean = false;
    } else if (value !== null && value !== undefined) {
      clean = false;
    }
    if (value !== undefined) defined += 1;
    code[at + c * stride] = answerCode;
  }
  if (clean && Object.keys(given!).length === defined) return given!;
  const answers: CriterionAnswers = {};
  for (let c = 0; c < infos.length; c += 1) {
    const answerCode = code[at + c * stride];
    answers[infos[c].criterion.key] =
      answerCode > NA_ANSWER ? infos[c].values[answerCode - 1] : answerCode === NA_ANSWER ? "na" : null;
  }
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
      referenceAnswers: input.interactionIds.map((id) => cleanAnswers(infos, answers[id])),
      referenceReason: null,
    };
  }
  const recorded = input.interactionIds.some((id) =>
    Object.values(input.consensus[id] ?? {}).some((v) => v !== null && v !== undefined),
  );
  if (!recorded) return { referenceAnswers: null, referenceReason: REASONS.noConsensus };
  return {
    referenceAnswers: input.interactionIds.map((id) => cleanAnswers(infos, input.consensus[id])),
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
  grid: AnswerGrid,
): { criteria: CriterionMetrics[]; overallAgreement: Pick<OverallMetrics, "percentAgreement" | "withinOneStep"> } {
  const { raters, interactions, code } = grid;
  const overall: PairTally = { units: 0, exact: 0, withinOne: 0 };
  const criteria = infos.map((info, c): CriterionMetrics => {
    const tally: PairTally = { units: 0, exact: 0, withinOne: 0 };
    const tallies = [tally, overall];
    const counts = new Int32Array(info.values.length + 1);
    // Interactions x scale options: the answers (N/A left out) counted per interaction, for alpha and AC1.
    const options = info.values.length;
    const perInteraction = new Int32Array(interactions * options);
    const answerCounts: ValueCounts = { values: info.values, counts: perInteraction, raters };
    let answered = 0;
    let naCount = 0;
    let spreadSum = 0;
    let spreadUnits = 0;
    const disagreements: string[] = [];

    for (let i = 0; i < interactions; i += 1) {
      counts.fill(0);
      let sum = 0;
      let sumSq = 0;
      let numeric = 0;
      const unit = (c * interactions + i) * raters;
      for (let r = 0; r < raters; r += 1) {
        const answer = code[unit + r];
        if (answer === NO_ANSWER) continue;
        answered += 1;
        counts[answer] += 1;
        if (answer === NA_ANSWER) {
          naCount += 1;
          continue;
        }
        perInteraction[i * options + answer - 1] += 1;
        const x = info.normalised[answer - 1];
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

    const alpha = attempt(() => krippendorffAlphaFromCounts(answerCounts, info.level));
    const ac1 = attempt(() => gwetAC1FromCounts(answerCounts));
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
  grid: AnswerGrid,
): Pick<OverallMetrics, "alpha" | "alphaReason" | "alphaInterval"> {
  const { raters, interactions, code } = grid;
  const criteria = infos.length;
  // Units (interaction, criterion), in that order; values: every criterion's normalised answers, once each.
  const values: number[] = [];
  const valueOf = infos.map(({ normalised }) =>
    normalised.map((x) => {
      if (!values.includes(x)) values.push(x);
      return values.indexOf(x);
    }),
  );
  const counts = new Int32Array(interactions * criteria * values.length);
  for (let c = 0; c < criteria; c += 1) {
    for (let i = 0; i < interactions; i += 1) {
      const unit = (c * interactions + i) * raters;
      const row = (i * criteria + c) * values.length;
      for (let r = 0; r < raters; r += 1) {
        const answer = code[unit + r];
        if (answer > NA_ANSWER) counts[row + valueOf[c][answer - 1]] += 1;
      }
    }
  }
  // The bootstrap returns the point estimate too, and throws the same errors as krippendorffAlpha: one pass.
  try {
    const boot = krippendorffAlphaBootstrapFromCounts({ values, counts, raters }, "interval", {
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
