import { describe, expect, it } from "vitest";
import {
  beforeAfterWindows,
  canTransition,
  compareCohorts,
  compareFailureRates,
  computePareto,
  isOverdue,
  parseTrainerWeeks,
  shareOf,
} from "./trainer-analysis";

describe("computePareto", () => {
  it("orders by errors and adds shares and cumulative shares (hand-computed: 6, 2, 2 of 10)", () => {
    const rows = computePareto([
      { key: "a", errors: 2 },
      { key: "b", errors: 6 },
      { key: "c", errors: 2 },
    ]);
    expect(rows.map((r) => [r.key, r.share, r.cumulativeShare, r.vitalFew])).toEqual([
      ["b", 0.6, 0.6, true],
      // 0.6 before it is still under 80%, so the row that crosses 80% belongs to the vital few.
      ["a", 0.2, 0.8, true],
      ["c", 0.2, 1, false],
    ]);
  });

  it("ends at exactly 1 whatever the counts (shares from whole counts, no floating drift)", () => {
    const rows = computePareto([1, 1, 1, 1, 1, 1, 1].map((errors, i) => ({ i, errors })));
    expect(rows.at(-1)!.cumulativeShare).toBe(1);
    expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6]); // ties keep their order
    // 1/7 each: the vital few are the rows starting below 80%: 0/7 .. 5/7 (71.4%), not 6/7 (85.7%).
    expect(rows.filter((r) => r.vitalFew)).toHaveLength(6);
  });

  it("copes with no errors at all", () => {
    expect(computePareto([])).toEqual([]);
    expect(computePareto([{ errors: 0 }])).toEqual([{ errors: 0, share: 0, cumulativeShare: 0, vitalFew: false }]);
  });
});

describe("compareFailureRates", () => {
  it("flags a clearly higher rate (30/50 vs 20/50: pooled 0.5, se 0.1, z = 2, p = 0.0455)", () => {
    const c = compareFailureRates({ failures: 30, answers: 50 }, { failures: 20, answers: 50 });
    expect(c.rate).toBe(0.6);
    expect(c.otherRate).toBe(0.4);
    expect(c.difference).toBeCloseTo(0.2, 12);
    expect(c.z).toBeCloseTo(2, 10);
    // 2 × (1 − Φ(2)) = 0.0455003 (R: 2 * pnorm(-2)).
    expect(c.pValue).toBeCloseTo(0.0455003, 6);
    expect(c.verdict).toBe("higher");
  });

  it("flags a clearly lower rate (10/50 vs 25/50: z = −0.3 / √(0.35 × 0.65 × 0.04) = −3.1449)", () => {
    const c = compareFailureRates({ failures: 10, answers: 50 }, { failures: 25, answers: 50 });
    expect(c.z).toBeCloseTo(-3.1449, 4);
    // R: prop.test(c(10, 25), c(50, 50), correct = FALSE)$p.value = 0.001662
    expect(c.pValue).toBeCloseTo(0.001662, 5);
    expect(c.verdict).toBe("lower");
  });

  it("calls a small difference not significant (12/40 vs 10/40: z = 0.5008, p = 0.6165)", () => {
    const c = compareFailureRates({ failures: 12, answers: 40 }, { failures: 10, answers: 40 });
    expect(c.z).toBeCloseTo(0.5008, 4);
    expect(c.pValue).toBeCloseTo(0.6165, 4);
    expect(c.verdict).toBe("not_significant");
  });

  it("says it cannot test without variation or without data", () => {
    expect(compareFailureRates({ failures: 0, answers: 30 }, { failures: 0, answers: 30 }).verdict).toBe("untestable");
    const empty = compareFailureRates({ failures: 0, answers: 0 }, { failures: 3, answers: 10 });
    expect(empty).toMatchObject({ verdict: "untestable", rate: null, otherRate: 0.3, difference: null, z: null });
  });

  it("respects alpha: p = 0.0455 is significant at 0.05 but not at 0.01", () => {
    expect(compareFailureRates({ failures: 30, answers: 50 }, { failures: 20, answers: 50 }, 0.01).verdict).toBe(
      "not_significant",
    );
  });
});

describe("compareCohorts", () => {
  const row = (cohort: string, failures: number, answers: number, peerFailures: number, peerAnswers: number) => ({
    cohort,
    failures,
    answers,
    peerFailures,
    peerAnswers,
  });

  it("drops thin rows, then puts significantly worse first, better next, the rest by difference", () => {
    const out = compareCohorts([
      row("noise", 12, 40, 10, 40), // +0.05, not significant
      row("thin", 19, 19, 0, 100), // under 20 answers: not compared at all
      row("better", 10, 50, 25, 50), // significantly lower
      row("worse-p0.0455", 30, 50, 20, 50),
      row("worse-strong", 40, 50, 10, 50),
      row("noise-negative", 10, 40, 12, 40), // −0.05
      row("flat", 0, 30, 0, 30), // untestable
    ]);
    expect(out.map((r) => r.cohort)).toEqual([
      "worse-strong",
      "worse-p0.0455",
      "better",
      "noise",
      "noise-negative",
      "flat",
    ]);
    expect(out[0].comparison.verdict).toBe("higher");
  });

  it("honours a custom minimum", () => {
    expect(compareCohorts([row("thin", 19, 19, 0, 100)], { minAnswers: 10 })).toHaveLength(1);
  });
});

describe("beforeAfterWindows", () => {
  const createdAt = new Date("2026-03-01T10:00:00Z");

  it("takes whole weeks before the task and until now while it is open", () => {
    const w = beforeAfterWindows({ createdAt, completedAt: null, now: new Date("2026-03-15T10:00:00Z"), weeks: 4 });
    expect(w.before).toEqual({ from: new Date("2026-02-01T10:00:00Z"), to: createdAt });
    expect(w.after).toEqual({ from: createdAt, to: new Date("2026-03-15T10:00:00Z") });
  });

  it("stops the after window at completion", () => {
    const w = beforeAfterWindows({
      createdAt,
      completedAt: new Date("2026-03-08T09:00:00Z"),
      now: new Date("2026-04-01T00:00:00Z"),
      weeks: 2,
    });
    expect(w.before.from).toEqual(new Date("2026-02-15T10:00:00Z"));
    expect(w.after.to).toEqual(new Date("2026-03-08T09:00:00Z"));
  });

  it("never lets the after window run backwards, and wants whole weeks", () => {
    const w = beforeAfterWindows({ createdAt, completedAt: null, now: new Date("2026-02-01T00:00:00Z"), weeks: 1 });
    expect(w.after).toEqual({ from: createdAt, to: createdAt });
    expect(() => beforeAfterWindows({ createdAt, completedAt: null, now: createdAt, weeks: 0 })).toThrow(RangeError);
  });
});

describe("coaching lifecycle and helpers", () => {
  it("moves open → in progress → done, cancels from either, and never leaves done or cancelled", () => {
    expect(canTransition("open", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "done")).toBe(true);
    expect(canTransition("open", "cancelled")).toBe(true);
    expect(canTransition("in_progress", "cancelled")).toBe(true);
    expect(canTransition("open", "done")).toBe(false);
    expect(canTransition("done", "open")).toBe(false);
    expect(canTransition("cancelled", "in_progress")).toBe(false);
  });

  it("is overdue only when still to do and due before today", () => {
    expect(isOverdue({ dueDate: "2026-03-01", status: "open" }, "2026-03-02")).toBe(true);
    expect(isOverdue({ dueDate: "2026-03-01", status: "in_progress" }, "2026-03-02")).toBe(true);
    expect(isOverdue({ dueDate: "2026-03-02", status: "open" }, "2026-03-02")).toBe(false);
    expect(isOverdue({ dueDate: "2026-03-01", status: "done" }, "2026-03-02")).toBe(false);
  });

  it("parses the window and divides safely", () => {
    expect(parseTrainerWeeks("8")).toBe(8);
    expect(parseTrainerWeeks("9")).toBe(12);
    expect(parseTrainerWeeks(null)).toBe(12);
    expect(shareOf(1, 4)).toBe(0.25);
    expect(shareOf(0, 0)).toBeNull();
  });
});
