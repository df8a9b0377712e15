/**
 * The trainer's view, pure: Pareto shares of errors, what a two-proportion test says in plain words, the
 * cohort-versus-peers comparison, the windows of a coaching task's before/after view and the coaching task
 * lifecycle. No db, React, Remix or clock (`now` is always passed in).
 */
import type { RootCause } from "./scorecard-definition";
import { isSignificant, twoProportionTest } from "./significance";

export const ROOT_CAUSE_LABELS: Record<RootCause, string> = {
  training_gap: "Training gap",
  process_gap: "Process gap",
  product_defect: "Product defect",
  agent_behaviour: "Agent behaviour",
  tooling: "Tooling",
  customer_driven: "Customer-driven",
};
/** The bucket of unmet answers that carry no root cause. */
export const NO_ROOT_CAUSE = "none";
export const NO_ROOT_CAUSE_LABEL = "Not given";

/** Windows the trainer view offers, in weeks (in the viewer's time zone); 12 unless asked. */
export const TRAINER_WEEKS = [4, 8, 12, 26] as const;
export const DEFAULT_TRAINER_WEEKS = 12;
/** A cohort and its peers each need this many answers to a criterion before they are compared. */
export const MIN_ANSWERS_PER_SIDE = 20;
export const SIGNIFICANCE_ALPHA = 0.05;

export function parseTrainerWeeks(value: string | null | undefined): number {
  return TRAINER_WEEKS.find((w) => String(w) === value) ?? DEFAULT_TRAINER_WEEKS;
}

/** part / whole, or null when there is nothing to divide by ("no data" is never shown as 0%). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export type ParetoShares = {
  /** This row's errors ÷ all errors. */
  share: number;
  /** Errors of this row and every row above it ÷ all errors. */
  cumulativeShare: number;
  /** The rows needed to reach the cutoff (80%): the one that crosses it is included. */
  vitalFew: boolean;
};

/**
 * Orders rows by errors, most first (ties keep their input order), and adds each row's share of all errors
 * and the cumulative share down to it. Shares are computed from whole counts, so the last row is exactly 1.
 *
 * @example computePareto([{ key: "a", errors: 2 }, { key: "b", errors: 6 }, { key: "c", errors: 2 }])
 * // => b 0.6 / 0.6 (vital few), a 0.2 / 0.8 (vital few: 0.6 was still below 0.8), c 0.2 / 1.0
 */
export function computePareto<T extends { errors: number }>(rows: readonly T[], cutoff = 0.8): (T & ParetoShares)[] {
  const total = rows.reduce((sum, r) => sum + r.errors, 0);
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.errors - a.row.errors || a.index - b.index);
  let running = 0;
  return sorted.map(({ row }) => {
    const before = running;
    running += row.errors;
    return {
      ...row,
      share: total === 0 ? 0 : row.errors / total,
      cumulativeShare: total === 0 ? 0 : running / total,
      vitalFew: total > 0 && before < cutoff * total,
    };
  });
}

/**
 * What a comparison of two failure rates says: the first group's rate is significantly higher or lower than
 * the second's, the difference is not significant (could be noise), or it cannot be tested (a group is empty,
 * or everyone passed or everyone failed: no variance).
 */
export type Verdict = "higher" | "lower" | "not_significant" | "untestable";

export type RateComparison = {
  failures: number;
  answers: number;
  rate: number | null;
  otherFailures: number;
  otherAnswers: number;
  otherRate: number | null;
  /** rate − otherRate; null when either is missing. */
  difference: number | null;
  z: number | null;
  pValue: number | null;
  verdict: Verdict;
};

/**
 * Two-proportion z-test (pooled, two-sided) of `group`'s failure rate against `other`'s.
 *
 * @example compareFailureRates({ failures: 94, answers: 214 }, { failures: 39, answers: 128 })
 * // => rate 0.4393, otherRate 0.3047, z 2.4703, pValue 0.0135, verdict "higher"
 */
export function compareFailureRates(
  group: { failures: number; answers: number },
  other: { failures: number; answers: number },
  alpha = SIGNIFICANCE_ALPHA,
): RateComparison {
  const rate = shareOf(group.failures, group.answers);
  const otherRate = shareOf(other.failures, other.answers);
  const test = twoProportionTest(group.failures, group.answers, other.failures, other.answers);
  const verdict: Verdict =
    test === null ? "untestable" : !isSignificant(test, alpha) ? "not_significant" : test.z > 0 ? "higher" : "lower";
  return {
    failures: group.failures,
    answers: group.answers,
    rate,
    otherFailures: other.failures,
    otherAnswers: other.answers,
    otherRate,
    difference: rate !== null && otherRate !== null ? rate - otherRate : null,
    z: test?.z ?? null,
    pValue: test?.pValue ?? null,
    verdict,
  };
}

/** Plain words for a cohort compared with its peers. */
export const COHORT_VERDICT_LABELS: Record<Verdict, string> = {
  higher: "Significantly worse than peers",
  lower: "Significantly better than peers",
  not_significant: "Not significant",
  untestable: "Cannot be tested (no variation)",
};

/** Plain words for "after coaching" compared with "before". */
export const COACHING_VERDICT_LABELS: Record<Verdict, string> = {
  higher: "Significantly worse since the task",
  lower: "Significantly better since the task",
  not_significant: "Not significant: the change could be noise",
  untestable: "Cannot be tested yet",
};

export type CohortCounts = {
  cohort: string;
  failures: number;
  answers: number;
  peerFailures: number;
  peerAnswers: number;
};

const VERDICT_RANK: Record<Verdict, number> = { higher: 0, lower: 1, not_significant: 2, untestable: 3 };

/**
 * Compares each cohort × criterion with everyone else in the same rows' scope, keeping only rows where both
 * sides have at least `minAnswers` answers. Significantly worse rows come first (smallest p first), then
 * significantly better ones, then the rest by how much worse the cohort is.
 */
export function compareCohorts<T extends CohortCounts>(
  rows: readonly T[],
  options: { minAnswers?: number; alpha?: number } = {},
): (T & { comparison: RateComparison })[] {
  const minAnswers = options.minAnswers ?? MIN_ANSWERS_PER_SIDE;
  return rows
    .filter((r) => r.answers >= minAnswers && r.peerAnswers >= minAnswers)
    .map((r) => ({
      ...r,
      comparison: compareFailureRates(
        { failures: r.failures, answers: r.answers },
        { failures: r.peerFailures, answers: r.peerAnswers },
        options.alpha,
      ),
    }))
    .sort((a, b) => {
      const rank = VERDICT_RANK[a.comparison.verdict] - VERDICT_RANK[b.comparison.verdict];
      if (rank !== 0) return rank;
      if (a.comparison.verdict === "higher" || a.comparison.verdict === "lower")
        return (a.comparison.pValue ?? 1) - (b.comparison.pValue ?? 1);
      return (b.comparison.difference ?? -Infinity) - (a.comparison.difference ?? -Infinity);
    });
}

// ---------------------------------------------------------------------------------------------
// Coaching tasks

export const COACHING_STATUSES = ["open", "in_progress", "done", "cancelled"] as const;
export type CoachingStatus = (typeof COACHING_STATUSES)[number];

/** The coaching list's filters: "active" is open or in progress. */
export const COACHING_FILTERS = ["active", "open", "in_progress", "done", "cancelled", "all"] as const;
export type CoachingFilter = (typeof COACHING_FILTERS)[number];

export const MAX_COACHING_NOTES = 2000;
export const MAX_DSAT_NOTE = 500;

export const COACHING_STATUS_LABELS: Record<CoachingStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
};

/** open → in progress → done; an open or in-progress task can be cancelled; done and cancelled are final. */
export const COACHING_TRANSITIONS: Record<CoachingStatus, readonly CoachingStatus[]> = {
  open: ["in_progress", "cancelled"],
  in_progress: ["done", "cancelled"],
  done: [],
  cancelled: [],
};

export function canTransition(from: CoachingStatus, to: CoachingStatus): boolean {
  return COACHING_TRANSITIONS[from].includes(to);
}

/** Still to do and due before `today` (YYYY-MM-DD in the viewer's time zone). Due today is not overdue. */
export function isOverdue(task: { dueDate: string; status: CoachingStatus }, today: string): boolean {
  return (task.status === "open" || task.status === "in_progress") && task.dueDate < today;
}

export const BEFORE_AFTER_WEEKS = [2, 4, 8, 12] as const;
export const DEFAULT_BEFORE_AFTER_WEEKS = 4;

export type InstantRange = { from: Date; to: Date };

const WEEK_MS = 7 * 86_400_000;

/**
 * The before/after windows of a coaching task: `weeks` whole weeks up to the task's creation, and from the
 * creation until it was completed (or until now while it is not). Both are half-open [from, to).
 *
 * @example beforeAfterWindows({ createdAt: 2026-03-01T10:00Z, completedAt: null, now: 2026-03-15T10:00Z, weeks: 4 })
 * // => before 2026-02-01T10:00Z..2026-03-01T10:00Z, after 2026-03-01T10:00Z..2026-03-15T10:00Z
 */
export function beforeAfterWindows(input: { createdAt: Date; completedAt: Date | null; now: Date; weeks: number }): {
  before: InstantRange;
  after: InstantRange;
} {
  if (!Number.isInteger(input.weeks) || input.weeks < 1) throw new RangeError("weeks must be a positive whole number");
  const created = input.createdAt.getTime();
  const end = Math.min(input.completedAt?.getTime() ?? Infinity, input.now.getTime());
  return {
    before: { from: new Date(created - input.weeks * WEEK_MS), to: new Date(created) },
    after: { from: new Date(created), to: new Date(Math.max(created, end)) },
  };
}
