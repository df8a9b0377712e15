/**
 * What a reviewer enters per criterion, and the rules for a draft versus a submission. Pure: used by the
 * scoring page in the browser (live feedback) and by the server (the only check that counts).
 */
import { isMet, isScaleValue, listCriteria, type ScorecardDefinition } from "./scorecard-definition";
import type { Answers } from "./scoring";

export type AnswerEntry = {
  value: number | "na" | null;
  comment: string;
  rootCause: string | null;
};

export type AnswerEntries = Record<string, AnswerEntry>;

export type AnswerProblem = { criterionKey: string; field: "value" | "rootCause" | "comment"; message: string };

export const MAX_COMMENT_LENGTH = 2000;

export function emptyEntry(): AnswerEntry {
  return { value: null, comment: "", rootCause: null };
}

/** The answers part, in the shape the scoring engine takes. */
export function toAnswers(entries: AnswerEntries): Answers {
  return Object.fromEntries(Object.entries(entries).map(([key, entry]) => [key, entry.value]));
}

/** Trims comments and drops root causes from met and N/A answers (a root cause explains a miss). */
export function normaliseEntries(def: ScorecardDefinition, entries: AnswerEntries): AnswerEntries {
  const out: AnswerEntries = {};
  for (const [key, entry] of Object.entries(entries)) {
    const criterion = listCriteria(def).find((c) => c.key === key);
    const { value } = entry;
    const miss =
      criterion && typeof value === "number" && isScaleValue(criterion.scale, value) && !isMet(criterion, value);
    out[key] = { value, comment: entry.comment.trim(), rootCause: miss ? entry.rootCause || null : null };
  }
  return out;
}

/**
 * Problems with the entries. A draft may be incomplete but never invalid; a submission must answer every
 * criterion and give an allowed root cause for each criterion that is not met.
 */
export function checkEntries(
  def: ScorecardDefinition,
  entries: AnswerEntries,
  mode: "draft" | "submit",
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const criteria = listCriteria(def);
  const known = new Set(criteria.map((c) => c.key));
  for (const key of Object.keys(entries)) {
    if (!known.has(key))
      problems.push({ criterionKey: key, field: "value", message: "Not a criterion of this scorecard version." });
  }
  for (const criterion of criteria) {
    const entry = entries[criterion.key] ?? emptyEntry();
    const { value } = entry;
    if (entry.comment.length > MAX_COMMENT_LENGTH) {
      problems.push({
        criterionKey: criterion.key,
        field: "comment",
        message: `Keep comments under ${MAX_COMMENT_LENGTH} characters.`,
      });
    }
    if (value === null) {
      if (mode === "submit")
        problems.push({ criterionKey: criterion.key, field: "value", message: "Answer this criterion." });
      continue;
    }
    if (value === "na") {
      if (!criterion.naAllowed)
        problems.push({ criterionKey: criterion.key, field: "value", message: "N/A is not allowed here." });
      continue;
    }
    if (!isScaleValue(criterion.scale, value)) {
      problems.push({
        criterionKey: criterion.key,
        field: "value",
        message: `${value} is not an option of this scale.`,
      });
      continue;
    }
    const met = isMet(criterion, value);
    if (!met && entry.rootCause && !criterion.rootCauses.includes(entry.rootCause as never)) {
      problems.push({ criterionKey: criterion.key, field: "rootCause", message: "Choose a root cause from the list." });
    } else if (!met && !entry.rootCause && mode === "submit" && criterion.rootCauses.length > 0) {
      problems.push({
        criterionKey: criterion.key,
        field: "rootCause",
        message: "Choose the root cause of this miss.",
      });
    }
  }
  return problems;
}
