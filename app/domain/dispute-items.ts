/**
 * What a dispute proposes per criterion, and the rules for it. Pure: the dispute form in the browser reads
 * the scale from here and the server checks with the same function.
 */
import { findCriterion, isScaleValue, type Criterion, type ScorecardDefinition } from "./scorecard-definition";

export type ProposedAnswer = number | "na";
export type DisputeProposal = { criterionKey: string; proposed: ProposedAnswer };
/** `field` is a form field name: "criteria" (the picked set) or `proposed.<criterion key>`. */
export type DisputeProblem = { field: string; message: string };

export const MAX_DISPUTE_REASON_LENGTH = 2000;

/**
 * Problems with a set of proposals against the version's criteria and the evaluation's current answers:
 * none picked, a criterion twice or unknown, a value off the scale, N/A where the criterion does not allow
 * it, or the answer the evaluation already has (nothing to decide).
 */
export function checkDisputeProposals(
  def: ScorecardDefinition,
  proposals: readonly DisputeProposal[],
  current: Readonly<Record<string, number | "na" | null>>,
): DisputeProblem[] {
  if (proposals.length === 0) return [{ field: "criteria", message: "Pick at least one criterion to dispute." }];
  const problems: DisputeProblem[] = [];
  const seen = new Set<string>();
  for (const { criterionKey, proposed } of proposals) {
    const field = `proposed.${criterionKey}`;
    const criterion = findCriterion(def, criterionKey);
    if (seen.has(criterionKey)) problems.push({ field, message: "Each criterion can be disputed once." });
    seen.add(criterionKey);
    if (!criterion) problems.push({ field, message: "Not a criterion of this scorecard version." });
    else if (proposed === "na" && !criterion.naAllowed)
      problems.push({ field, message: "N/A is not allowed for this criterion." });
    else if (proposed !== "na" && !isScaleValue(criterion.scale, proposed))
      problems.push({ field, message: `${proposed} is not an option of this scale.` });
    else if ((current[criterionKey] ?? null) === proposed)
      problems.push({ field, message: "That is the current answer: propose a different one." });
  }
  return problems;
}

/** How an answer reads on screen: "Good (4)", "N/A", "unanswered". */
export function answerLabel(criterion: Criterion | null, value: number | "na" | null): string {
  if (value === null) return "unanswered";
  if (value === "na") return "N/A";
  const option = criterion?.scale.options.find((o) => o.value === value);
  return option ? `${option.label} (${value})` : String(value);
}
