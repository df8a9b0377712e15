/**
 * Alignment score of one reviewer against a reference (consensus or benchmark), MaestroQA style. Pure.
 *
 * Per (interaction, criterion) where both the reviewer and the reference have an answer:
 *   agreement = 1 - |reviewer - reference| / (max - min) of the criterion's scale; both N/A -> 1; one N/A -> 0.
 * Each criterion weighs (section weight / total section weight) x (criterion weight / its section's criterion
 * weight). Per interaction: sum(w * agreement) / sum(w) over the compared criteria; alignment = 100 x the mean
 * of that over interactions. Deliberately not the gap between total scores: two 80s reached by different
 * answers are not aligned (shared/domain.md "Calibration").
 *
 * @example one interaction, criteria a (binary, w 0.5) and b (4-point, w 0.5); reviewer {a: 1, b: 2},
 * reference {a: 1, b: 3}: (0.5 * 1 + 0.5 * (1 - 1/3)) / 1 = 0.8333 -> alignment 83.33.
 */
import { scaleRange, type Scale, type ScorecardDefinition } from "./scorecard-definition";
import { roundScore } from "./scoring";

/** null = not answered. */
export type CalibrationAnswerValue = number | "na" | null;
/** A reviewer's (or the reference's) answers on one interaction, by criterion key; absent = not answered. */
export type CriterionAnswers = Record<string, CalibrationAnswerValue | undefined>;

/**
 * Effective weight of every criterion, by key: (section weight / sum of section weights) x (criterion weight /
 * sum of criterion weights in its section). Sums to 1 over a scorecard with any positive weight; 0 where a
 * section or its criteria weigh nothing.
 */
export function computeCriterionWeights(def: ScorecardDefinition): Record<string, number> {
  const weights: Record<string, number> = {};
  const sectionTotal = def.sections.reduce((sum, s) => sum + Math.max(0, s.weight), 0);
  for (const section of def.sections) {
    const criterionTotal = section.criteria.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
    for (const criterion of section.criteria) {
      weights[criterion.key] =
        sectionTotal > 0 && criterionTotal > 0 && section.weight > 0 && criterion.weight > 0
          ? (section.weight / sectionTotal) * (criterion.weight / criterionTotal)
          : 0;
    }
  }
  return weights;
}

/**
 * Agreement 0..1 between two answers on one scale: 1 - |a - b| / (max - min); both N/A 1; one N/A 0.
 * null when either is unanswered or a value is not on the scale (nothing to compare).
 */
export function computeAnswerAgreement(
  scale: Scale,
  answer: CalibrationAnswerValue | undefined,
  reference: CalibrationAnswerValue | undefined,
): number | null {
  const { min, max } = scaleRange(scale);
  return agreementOn(new Set(scale.options.map((o) => o.value)), max - min, answer, reference);
}

export type AlignmentResult = {
  /** 0..100, rounded to 2 decimals; null when no interaction has a compared, weighted criterion. */
  alignment: number | null;
  /** Compared (interaction, criterion) pairs, weighted or not. */
  compared: number;
  /** Compared pairs whose answer equals the reference's. */
  exactMatches: number;
  /** Interactions that count towards `alignment`. */
  interactions: number;
};

/** Alignment over several interactions: one `{ answers, reference }` pair of answer sets per interaction. */
export function computeAlignment(
  def: ScorecardDefinition,
  pairs: { answers: CriterionAnswers; reference: CriterionAnswers }[],
  weights: Record<string, number> = computeCriterionWeights(def),
): AlignmentResult {
  // Scale facts once per call, not once per answer: this runs for every reviewer of a session.
  const criteria = def.sections.flatMap((section) =>
    section.criteria.map((criterion) => {
      const { min, max } = scaleRange(criterion.scale);
      return {
        key: criterion.key,
        weight: weights[criterion.key] ?? 0,
        values: new Set(criterion.scale.options.map((o) => o.value)),
        span: max - min,
      };
    }),
  );
  let compared = 0;
  let exactMatches = 0;
  let interactionSum = 0;
  let interactions = 0;
  for (const { answers, reference } of pairs) {
    let weighted = 0;
    let weightSum = 0;
    for (const { key, weight, values, span } of criteria) {
      const agreement = agreementOn(values, span, answers[key], reference[key]);
      if (agreement === null) continue;
      compared += 1;
      if (answers[key] === reference[key]) exactMatches += 1;
      weighted += weight * agreement;
      weightSum += weight;
    }
    if (weightSum > 0) {
      interactionSum += weighted / weightSum;
      interactions += 1;
    }
  }
  return {
    alignment: interactions > 0 ? roundScore((100 * interactionSum) / interactions) : null,
    compared,
    exactMatches,
    interactions,
  };
}

function agreementOn(
  values: Set<number>,
  span: number,
  answer: CalibrationAnswerValue | undefined,
  reference: CalibrationAnswerValue | undefined,
): number | null {
  if (answer === null || answer === undefined || reference === null || reference === undefined) return null;
  if ((answer !== "na" && !values.has(answer)) || (reference !== "na" && !values.has(reference))) return null;
  if (answer === "na" || reference === "na") return answer === reference ? 1 : 0;
  return span > 0 ? 1 - Math.abs(answer - reference) / span : answer === reference ? 1 : 0;
}
