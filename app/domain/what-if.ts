/**
 * What-if re-score: how a draft scorecard would have scored evaluations already done on published versions.
 * Pure.
 *
 * Criteria are matched by key. Under the draft, a stored answer carries over only when the draft can take it
 * as it was meant: "na" where the draft allows N/A, or a value on the draft's scale when that scale is the one
 * the evaluation's own version used for the key (same type and option values; labels may differ). A value on a
 * changed scale does not carry over even when the number exists on the new scale: binary "Met" (1) is the
 * lowest option of a 3-point scale, and scoring it that way would invent a failure. Answers that do not carry
 * over are left out, so scoreEvaluation counts them as missing, not invalid.
 *
 * @example two evaluations scoring 100 and 75 under their versions, and 100 and 62.5 under a draft that
 * triples one criterion's weight: current.meanScore 87.5, draft.meanScore 81.25.
 */
import {
  listCriteria,
  isScaleValue,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
} from "./scorecard-definition";
import { roundScore, scoreEvaluation, type Answers, type ScoreResult } from "./scoring";

export type WhatIfEvaluation = {
  id: string;
  vendorId: string;
  vendorName: string;
  /** The definition of the version the evaluation was scored on. */
  definition: ScorecardDefinition;
  /** Stored answers by criterion key: a scale value or "na". */
  answers: Answers;
};

export type ScoreSummary = {
  scored: number; // evaluations with a non-null finalScore
  meanScore: number | null; // mean finalScore over scored, rounded with roundScore; null when scored = 0
  passRate: number | null; // share (0..1) of scored evaluations that passed; null when scored = 0
  criticalFailRate: number | null; // share (0..1) of evaluations (all, not only scored) with any critical failure; null when there are none
  distribution: number[]; // 10 bins of finalScore: [0,10), [10,20), ..., [90,100] (100 goes in the last bin); counts
};

export type WhatIfGroup = {
  key: string; // "all" for overall, else vendorId
  label: string; // "All vendors" for overall, else vendorName
  evaluations: number;
  current: ScoreSummary; // each evaluation scored with its own version's definition
  draft: ScoreSummary; // each evaluation's answers scored with the draft definition
  toFail: number; // passed under current, failed under draft
  toPass: number; // failed under current, passed under draft
};

export type WhatIfCriterion = {
  key: string;
  label: string;
  sectionLabel: string;
  /** new: no evaluation's version has this key; matched: some version has it. */
  status: "new" | "matched";
  /**
   * Evaluations whose stored answer is usable under the draft: a value on the draft's scale (when the
   * evaluation's version used that same scale for the key), or "na" where the draft allows N/A.
   */
  answered: number;
  /** The rest: no answer, or an answer the draft's scale or N/A rule cannot take. */
  unanswered: number;
};

export type WhatIfResult = {
  groups: WhatIfGroup[]; // overall first, then one per vendor sorted by label
  criteria: WhatIfCriterion[]; // in draft order
  removed: { key: string; label: string }[]; // criterion keys present in some evaluation's version but not in the draft (label from the highest version seen), sorted by key
};

const BIN_COUNT = 10;

export const WHAT_IF_BINS: readonly string[] = Array.from({ length: BIN_COUNT }, (_, i) => `${i * 10}–${(i + 1) * 10}`);

type Scored = { vendorId: string; vendorName: string; current: ScoreResult; draft: ScoreResult };

function sameScale(a: Scale, b: Scale): boolean {
  return (
    a.type === b.type &&
    a.options.length === b.options.length &&
    a.options.every((o, i) => o.value === b.options[i].value)
  );
}

/** The stored answer for `criterion` if the draft can take it, else undefined (scored as missing). */
function carryOver(criterion: Criterion, answer: Answers[string], own: Criterion | undefined) {
  if (answer === "na") return criterion.naAllowed ? answer : undefined;
  if (typeof answer !== "number" || !own) return undefined;
  return sameScale(own.scale, criterion.scale) && isScaleValue(criterion.scale, answer) ? answer : undefined;
}

function binOf(score: number): number {
  // Scores are 0..100; the clamp keeps 100 in the last bin and guards against anything outside.
  return Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(score / 10)));
}

function summarise(results: ScoreResult[]): ScoreSummary {
  const distribution = new Array<number>(BIN_COUNT).fill(0);
  let scored = 0;
  let sum = 0;
  let passed = 0;
  let criticalFailed = 0;
  for (const r of results) {
    if (r.criticalFailures.length > 0) criticalFailed++;
    if (r.finalScore === null) continue;
    scored++;
    sum += r.finalScore;
    if (r.passed) passed++;
    distribution[binOf(r.finalScore)]++;
  }
  return {
    scored,
    meanScore: scored > 0 ? roundScore(sum / scored) : null,
    passRate: scored > 0 ? passed / scored : null,
    criticalFailRate: results.length > 0 ? criticalFailed / results.length : null,
    distribution,
  };
}

function group(key: string, label: string, rows: Scored[]): WhatIfGroup {
  // Only a definite pass/fail on both sides is a flip; an evaluation with no score on one side is neither.
  const toFail = rows.filter((r) => r.current.passed === true && r.draft.passed === false).length;
  const toPass = rows.filter((r) => r.current.passed === false && r.draft.passed === true).length;
  return {
    key,
    label,
    evaluations: rows.length,
    current: summarise(rows.map((r) => r.current)),
    draft: summarise(rows.map((r) => r.draft)),
    toFail,
    toPass,
  };
}

export function whatIfRescore(evaluations: readonly WhatIfEvaluation[], draft: ScorecardDefinition): WhatIfResult {
  const draftCriteria = draft.sections.flatMap((s) => s.criteria.map((c) => ({ criterion: c, section: s })));
  const answered = new Map<string, number>(draftCriteria.map(({ criterion }) => [criterion.key, 0]));
  // Evaluations usually share a handful of definition objects; index each one once.
  const indexed = new Map<ScorecardDefinition, Map<string, Criterion>>();
  // For removed keys: the label from the highest version seen (a later evaluation wins a tie).
  const seen = new Map<string, { label: string; version: number }>();

  const rows: Scored[] = evaluations.map((ev) => {
    let own = indexed.get(ev.definition);
    if (!own) {
      own = new Map(listCriteria(ev.definition).map((c) => [c.key, c]));
      indexed.set(ev.definition, own);
    }
    for (const c of own.values()) {
      const prior = seen.get(c.key);
      if (!prior || ev.definition.version >= prior.version)
        seen.set(c.key, { label: c.label, version: ev.definition.version });
    }

    const draftAnswers: Answers = {};
    for (const { criterion } of draftCriteria) {
      const value = carryOver(criterion, ev.answers[criterion.key], own.get(criterion.key));
      if (value === undefined) continue;
      draftAnswers[criterion.key] = value;
      answered.set(criterion.key, (answered.get(criterion.key) ?? 0) + 1);
    }

    return {
      vendorId: ev.vendorId,
      vendorName: ev.vendorName,
      current: scoreEvaluation(ev.definition, ev.answers),
      draft: scoreEvaluation(draft, draftAnswers),
    };
  });

  const byVendor = new Map<string, { label: string; rows: Scored[] }>();
  for (const row of rows) {
    const entry = byVendor.get(row.vendorId);
    if (entry) entry.rows.push(row);
    else byVendor.set(row.vendorId, { label: row.vendorName, rows: [row] });
  }
  const vendorGroups = [...byVendor.entries()]
    .map(([id, v]) => group(id, v.label, v.rows))
    .sort((a, b) => a.label.localeCompare(b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const draftKeys = new Set(draftCriteria.map(({ criterion }) => criterion.key));
  const criteria: WhatIfCriterion[] = draftCriteria.map(({ criterion, section }) => {
    const count = answered.get(criterion.key) ?? 0;
    return {
      key: criterion.key,
      label: criterion.label,
      sectionLabel: section.label,
      status: seen.has(criterion.key) ? "matched" : "new",
      answered: count,
      unanswered: evaluations.length - count,
    };
  });

  const removed = [...seen.entries()]
    .filter(([key]) => !draftKeys.has(key))
    .map(([key, s]) => ({ key, label: s.label }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  return { groups: [group("all", "All vendors", rows), ...vendorGroups], criteria, removed };
}
