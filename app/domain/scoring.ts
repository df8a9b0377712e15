/**
 * Scoring engine for one evaluation against one scorecard version. Pure.
 *
 * Rules (shared/domain.md "Scorecards"):
 * - An answer is normalised to (selected - min) / (max - min), so 0..1.
 * - Section score = weighted mean of normalised answers over its applicable criteria. N/A is left out
 *   of numerator and denominator under naPolicy "exclude", and counts as 1 under "count_as_met".
 * - Not applicable: N/A (under "exclude"), unanswered (listed in `missing`), invalid answers (listed in
 *   `invalid`: N/A where naAllowed is false, a value off the scale, an unknown criterion key), and
 *   criteria with weight 0. `complete` means nothing is missing and nothing is invalid.
 * - A section is applicable when its section weight > 0 and its applicable criterion weight > 0.
 *   Raw score = 100 * sum(sectionWeight * sectionScore) / sum(sectionWeight) over applicable sections.
 * - Critical: a critical criterion answered below its passAt (weight 0 included) fails. Level "section"
 *   counts its section as 0 in the final score, even when nothing else in it was applicable (provided the
 *   section weight > 0); level "evaluation" makes the final score 0. The raw score ignores both.
 * - No applicable weight: rawScore, finalScore and passed are null, never NaN; an evaluation-level
 *   critical failure still gives finalScore 0 and passed false.
 * - Scores are rounded to 2 decimals, half away from zero; passed = rounded finalScore >= passThreshold.
 * - SectionScore.score is the section's score before critical rules; criticalFailed marks a section
 *   that a section-level critical failure counts as 0.
 *
 * Example: two sections weighted 2 and 1 scoring 100 and 0 -> rawScore 66.67.
 */
import { isScaleValue, normaliseAnswer, type ScorecardDefinition } from "./scorecard-definition";

export type AnswerValue = number | "na" | null | undefined;
export type Answers = Record<string, AnswerValue>;

export type SectionScore = {
  key: string;
  label: string;
  /** 0..100 before critical rules; null when nothing in the section is applicable. */
  score: number | null;
  applicableWeight: number;
  criticalFailed: boolean;
};

export type CriticalFailure = { key: string; level: "section" | "evaluation" };

export type ScoreResult = {
  complete: boolean;
  missing: string[];
  invalid: { key: string; message: string }[];
  rawScore: number | null;
  finalScore: number | null;
  sections: SectionScore[];
  criticalFailures: CriticalFailure[];
  /** Sum of section weights over applicable sections. */
  applicableWeight: number;
  passed: boolean | null;
};

/** Round to 2 decimals, half away from zero, ignoring binary floating-point noise (87.345 -> 87.35). */
export function roundScore(x: number): number {
  const cents = Number((Math.abs(x) * 100).toPrecision(12));
  return (Math.sign(x) * Math.round(cents)) / 100 || 0;
}

export function scoreEvaluation(def: ScorecardDefinition, answers: Answers): ScoreResult {
  const missing: string[] = [];
  const invalid: { key: string; message: string }[] = [];
  const criticalFailures: CriticalFailure[] = [];
  const sections: SectionScore[] = [];
  const known = new Set<string>();

  let rawSum = 0;
  let rawWeight = 0;
  let finalSum = 0;
  let finalWeight = 0;

  for (const section of def.sections) {
    let earned = 0;
    let applicableWeight = 0;
    let criticalFailed = false;

    for (const criterion of section.criteria) {
      known.add(criterion.key);
      const answer = answers[criterion.key];
      let normalised: number | null = null;

      if (answer === null || answer === undefined) {
        missing.push(criterion.key);
      } else if (answer === "na") {
        if (!criterion.naAllowed)
          invalid.push({ key: criterion.key, message: "N/A is not allowed for this criterion" });
        else if (def.naPolicy === "count_as_met") normalised = 1;
      } else if (typeof answer !== "number" || !isScaleValue(criterion.scale, answer)) {
        const values = criterion.scale.options.map((o) => o.value).join(", ");
        invalid.push({
          key: criterion.key,
          message: `${String(answer)} is not a value of the scale (values: ${values})`,
        });
      } else {
        normalised = normaliseAnswer(criterion.scale, answer);
        if (criterion.critical !== "none" && answer < criterion.passAt) {
          criticalFailures.push({ key: criterion.key, level: criterion.critical });
          if (criterion.critical === "section") criticalFailed = true;
        }
      }

      if (normalised !== null && criterion.weight > 0) {
        earned += criterion.weight * normalised;
        applicableWeight += criterion.weight;
      }
    }

    const score = applicableWeight > 0 ? earned / applicableWeight : null;
    sections.push({
      key: section.key,
      label: section.label,
      score: score === null ? null : roundScore(score * 100),
      applicableWeight,
      criticalFailed,
    });

    if (section.weight > 0 && score !== null) {
      rawSum += section.weight * score;
      rawWeight += section.weight;
    }
    if (section.weight > 0 && (score !== null || criticalFailed)) {
      finalSum += criticalFailed ? 0 : section.weight * (score ?? 0);
      finalWeight += section.weight;
    }
  }

  for (const key of Object.keys(answers)) {
    if (!known.has(key) && answers[key] !== undefined) {
      invalid.push({ key, message: "not a criterion of this scorecard version" });
    }
  }

  const evaluationFailed = criticalFailures.some((f) => f.level === "evaluation");
  const rawScore = rawWeight > 0 ? roundScore((100 * rawSum) / rawWeight) : null;
  const finalScore = evaluationFailed ? 0 : finalWeight > 0 ? roundScore((100 * finalSum) / finalWeight) : null;

  return {
    complete: missing.length === 0 && invalid.length === 0,
    missing,
    invalid,
    rawScore,
    finalScore,
    sections,
    criticalFailures,
    applicableWeight: rawWeight,
    passed: finalScore === null ? null : finalScore >= def.passThreshold,
  };
}
