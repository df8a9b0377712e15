import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { roundScore, scoreEvaluation, type Answers, type ScoreResult } from "./scoring";
import {
  ROOT_CAUSES,
  defaultPassAt,
  listCriteria,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
  type Section,
} from "./scorecard-definition";

const SCALES: Record<string, Scale> = {
  binary: {
    type: "binary",
    options: [
      { value: 0, label: "Not met" },
      { value: 1, label: "Met" },
    ],
  },
  p3: { type: "3-point", options: [1, 2, 3].map((value) => ({ value, label: `L${value}` })) },
  p4: { type: "4-point", options: [1, 2, 3, 4].map((value) => ({ value, label: `L${value}` })) },
  p5: { type: "5-point", options: [1, 2, 3, 4, 5].map((value) => ({ value, label: `L${value}` })) },
  points: { type: "points", options: [0, 5, 10].map((value) => ({ value, label: `P${value}` })) },
};

function crit(key: string, over: Partial<Criterion> = {}): Criterion {
  const scale = over.scale ?? SCALES.binary;
  return {
    key,
    label: key,
    guideline: "",
    scale,
    passAt: defaultPassAt(scale),
    weight: 1,
    naAllowed: true,
    critical: "none",
    rootCauses: [...ROOT_CAUSES],
    ...over,
  };
}
const section = (key: string, weight: number, criteria: Criterion[]): Section => ({
  key,
  label: key,
  weight,
  criteria,
});
function card(sections: Section[], over: Partial<ScorecardDefinition> = {}): ScorecardDefinition {
  return {
    scorecard: "test",
    name: "Test",
    channel: "any",
    version: 1,
    description: "",
    passThreshold: 80,
    naPolicy: "exclude",
    sections,
    ...over,
  };
}

type Case = {
  name: string;
  def: ScorecardDefinition;
  answers: Answers;
  expected: Partial<ScoreResult>;
  sectionScores?: (number | null)[];
};

const twoSections = (wa: number, wb: number) => card([section("a", wa, [crit("a1")]), section("b", wb, [crit("b1")])]);

const cases: Case[] = [
  {
    name: "everything met",
    def: twoSections(1, 1),
    answers: { a1: 1, b1: 1 },
    expected: { complete: true, rawScore: 100, finalScore: 100, passed: true, applicableWeight: 2 },
  },
  {
    name: "section weights 2:1 round to 2 decimals",
    def: twoSections(2, 1),
    answers: { a1: 1, b1: 0 },
    expected: { rawScore: 66.67, finalScore: 66.67, passed: false },
  },
  {
    name: "section weights 1:2",
    def: twoSections(1, 2),
    answers: { a1: 1, b1: 0 },
    expected: { rawScore: 33.33 },
  },
  {
    name: "criterion weights inside a section: 1 met of 1+2",
    def: card([section("a", 1, [crit("x"), crit("y", { weight: 2 })])]),
    answers: { x: 1, y: 0 },
    expected: { rawScore: 33.33 },
    sectionScores: [33.33],
  },
  {
    name: "rounding half away from zero: 1/32 = 3.125 -> 3.13",
    def: card([section("a", 1, [crit("x"), crit("y", { weight: 31 })])]),
    answers: { x: 1, y: 0 },
    expected: { rawScore: 3.13 },
  },
  {
    name: "Likert normalisation: 3-point middle, 4-point second, 5-point fourth",
    def: card([
      section("a", 1, [crit("x", { scale: SCALES.p3 })]),
      section("b", 1, [crit("y", { scale: SCALES.p4 })]),
      section("c", 1, [crit("z", { scale: SCALES.p5 })]),
    ]),
    answers: { x: 2, y: 2, z: 4 },
    expected: { rawScore: roundScore((50 + 100 / 3 + 75) / 3) },
    sectionScores: [50, 33.33, 75],
  },
  {
    name: "pass threshold compares the rounded score",
    def: card([section("a", 2, [crit("a1")]), section("b", 1, [crit("b1")])], { passThreshold: 66.67 }),
    answers: { a1: 1, b1: 0 },
    expected: { finalScore: 66.67, passed: true },
  },
  {
    name: "all N/A under exclude: null, never NaN",
    def: twoSections(1, 1),
    answers: { a1: "na", b1: "na" },
    expected: { complete: true, rawScore: null, finalScore: null, passed: null, applicableWeight: 0 },
    sectionScores: [null, null],
  },
  {
    name: "all N/A under count_as_met: 100",
    def: card(twoSections(1, 1).sections, { naPolicy: "count_as_met" }),
    answers: { a1: "na", b1: "na" },
    expected: { rawScore: 100, finalScore: 100, passed: true },
  },
  {
    name: "N/A drops out under exclude",
    def: card([section("a", 1, [crit("x"), crit("y"), crit("z")])]),
    answers: { x: 1, y: "na", z: 0 },
    expected: { rawScore: 50 },
  },
  {
    name: "N/A counts as met under count_as_met",
    def: card([section("a", 1, [crit("x"), crit("y"), crit("z")])], { naPolicy: "count_as_met" }),
    answers: { x: 1, y: "na", z: 0 },
    expected: { rawScore: 66.67 },
  },
  {
    name: "N/A where it is not allowed is invalid and not scored",
    def: card([section("a", 1, [crit("x"), crit("y", { naAllowed: false })])]),
    answers: { x: 1, y: "na" },
    expected: {
      complete: false,
      invalid: [{ key: "y", message: "N/A is not allowed for this criterion" }],
      rawScore: 100,
    },
  },
  {
    name: "a value off the scale and an unknown key are invalid",
    def: card([section("a", 1, [crit("x", { scale: SCALES.p5 }), crit("y")])]),
    answers: { x: 7, y: 1, ghost: 1 },
    expected: { complete: false, rawScore: 100 },
  },
  {
    name: "missing answers are listed and left out of the live score",
    def: card([section("a", 1, [crit("x"), crit("y"), crit("z")])]),
    answers: { x: 1, y: null },
    expected: { complete: false, missing: ["y", "z"], invalid: [], rawScore: 100 },
  },
  {
    name: "nothing answered",
    def: twoSections(1, 1),
    answers: {},
    expected: { complete: false, missing: ["a1", "b1"], rawScore: null, finalScore: null, passed: null },
  },
  {
    name: "zero-weight criterion does not count",
    def: card([section("a", 1, [crit("x", { weight: 0 }), crit("y")])]),
    answers: { x: 0, y: 1 },
    expected: { rawScore: 100, criticalFailures: [] },
    sectionScores: [100],
  },
  {
    name: "zero-weight section does not count",
    def: twoSections(0, 1),
    answers: { a1: 0, b1: 1 },
    expected: { rawScore: 100, applicableWeight: 1 },
    sectionScores: [0, 100],
  },
  {
    name: "only zero weights answered: null",
    def: card([section("a", 1, [crit("x", { weight: 0 }), crit("y")])]),
    answers: { x: 1, y: "na" },
    expected: { rawScore: null, finalScore: null, passed: null },
  },
  {
    name: "section-critical failure zeroes its section in the final score only",
    def: card([section("a", 1, [crit("gate", { critical: "section" }), crit("a2")]), section("b", 1, [crit("b1")])]),
    answers: { gate: 0, a2: 1, b1: 1 },
    expected: { rawScore: 75, finalScore: 50, passed: false, criticalFailures: [{ key: "gate", level: "section" }] },
    sectionScores: [50, 100],
  },
  {
    name: "evaluation-critical failure zeroes the final score",
    def: card([section("a", 1, [crit("gate", { critical: "evaluation" }), crit("a2")]), section("b", 1, [crit("b1")])]),
    answers: { gate: 0, a2: 1, b1: 1 },
    expected: { rawScore: 75, finalScore: 0, passed: false, criticalFailures: [{ key: "gate", level: "evaluation" }] },
  },
  {
    name: "critical uses passAt: 5-point at 3 passes, at 2 fails",
    def: card([section("a", 1, [crit("x", { scale: SCALES.p5, passAt: 3, critical: "evaluation" })])]),
    answers: { x: 3 },
    expected: { rawScore: 50, finalScore: 50, criticalFailures: [] },
  },
  {
    name: "critical below passAt on a points scale",
    def: card([section("a", 1, [crit("x", { scale: SCALES.points, passAt: 10, critical: "evaluation" })])]),
    answers: { x: 5 },
    expected: { rawScore: 50, finalScore: 0, criticalFailures: [{ key: "x", level: "evaluation" }] },
  },
  {
    name: "N/A on a critical criterion is not a failure",
    def: card([section("a", 1, [crit("gate", { critical: "evaluation" }), crit("a2")])]),
    answers: { gate: "na", a2: 1 },
    expected: { finalScore: 100, criticalFailures: [] },
  },
  {
    name: "zero-weight evaluation-critical criterion still fails the evaluation",
    def: card([section("a", 1, [crit("gate", { weight: 0, critical: "evaluation" }), crit("a2")])]),
    answers: { gate: 0, a2: 1 },
    expected: { rawScore: 100, finalScore: 0, passed: false },
  },
  {
    name: "evaluation-critical failure with nothing else applicable: final 0, raw null",
    def: card([section("a", 1, [crit("gate", { weight: 0, critical: "evaluation" }), crit("a2")])]),
    answers: { gate: 0, a2: "na" },
    expected: { rawScore: null, finalScore: 0, passed: false },
  },
  {
    name: "section-critical failure counts its section even when nothing else in it applies",
    def: card([
      section("a", 1, [crit("gate", { weight: 0, critical: "section" }), crit("a2")]),
      section("b", 1, [crit("b1")]),
    ]),
    answers: { gate: 0, a2: "na", b1: 1 },
    expected: { rawScore: 100, finalScore: 50 },
    sectionScores: [null, 100],
  },
];

describe("scoreEvaluation", () => {
  it.each(cases)("$name", ({ def, answers, expected, sectionScores }) => {
    const result = scoreEvaluation(def, answers);
    expect(result).toMatchObject(expected);
    if (sectionScores) expect(result.sections.map((s) => s.score)).toEqual(sectionScores);
  });

  it("marks the failed section and reports invalid keys", () => {
    const def = card([
      section("a", 1, [crit("gate", { critical: "section" })]),
      section("b", 1, [crit("b1", { naAllowed: false })]),
    ]);
    const result = scoreEvaluation(def, { gate: 0, b1: "na", ghost: 1 });
    expect(result.sections.map((s) => s.criticalFailed)).toEqual([true, false]);
    expect(result.invalid.map((i) => i.key)).toEqual(["b1", "ghost"]);
  });
});

describe("roundScore", () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [-1.005, -1.01],
    [66.66666666, 66.67],
    [0.004, 0],
    [100, 100],
  ])("%d -> %d", (x, expected) => {
    expect(roundScore(x)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated scorecards

const criterionArb = (key: string) =>
  fc
    .record({
      scale: fc.constantFrom(...Object.values(SCALES)),
      weight: fc.constantFrom(0, 0.5, 1, 2, 3),
      naAllowed: fc.boolean(),
      critical: fc.constantFrom("none", "section", "evaluation"),
    } as const)
    .map((over) => crit(key, over));

const defArb = fc
  .array(fc.tuple(fc.constantFrom(0, 1, 2, 5, 20), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      sections: fc.tuple(
        ...shape.map(([weight, n], i) =>
          fc
            .tuple(...Array.from({ length: n }, (_, j) => criterionArb(`c${i}_${j}`)))
            .map((cs) => section(`s${i}`, weight, cs)),
        ),
      ),
      naPolicy: fc.constantFrom("exclude", "count_as_met"),
    } as const),
  )
  .map(({ sections, naPolicy }) => card(sections, { naPolicy }));

const answerArb = (c: Criterion) =>
  fc.oneof(
    fc.constantFrom(...c.scale.options.map((o) => o.value)),
    fc.constant(c.naAllowed ? ("na" as const) : null),
    fc.constant(null),
  );

const withAnswers = defArb.chain((def) =>
  fc
    .record(Object.fromEntries(listCriteria(def).map((c) => [c.key, answerArb(c)])))
    .map((answers) => ({ def, answers: answers as Answers })),
);

const inRange = (x: number | null) => x === null || (Number.isFinite(x) && x >= 0 && x <= 100);

describe("scoreEvaluation properties", () => {
  it("scores are within 0..100 or null, never NaN", () => {
    fc.assert(
      fc.property(withAnswers, ({ def, answers }) => {
        const r = scoreEvaluation(def, answers);
        expect(inRange(r.rawScore) && inRange(r.finalScore)).toBe(true);
        r.sections.forEach((s) => expect(inRange(s.score)).toBe(true));
        expect(r.passed === null).toBe(r.finalScore === null);
        expect(r.complete).toBe(r.missing.length === 0 && r.invalid.length === 0);
      }),
    );
  });

  it("raising one answer never lowers the raw score (nor a non-null final score)", () => {
    fc.assert(
      fc.property(withAnswers, fc.nat(), ({ def, answers }, pick) => {
        const raisable = listCriteria(def).filter((c) => {
          const v = answers[c.key];
          return typeof v === "number" && v < c.scale.options[c.scale.options.length - 1].value;
        });
        fc.pre(raisable.length > 0);
        const c = raisable[pick % raisable.length];
        const higher = c.scale.options.filter((o) => o.value > (answers[c.key] as number));
        const before = scoreEvaluation(def, answers);
        const after = scoreEvaluation(def, { ...answers, [c.key]: higher[pick % higher.length].value });
        if (before.rawScore !== null) expect(after.rawScore!).toBeGreaterThanOrEqual(before.rawScore);
        if (before.finalScore !== null && after.finalScore !== null)
          expect(after.finalScore).toBeGreaterThanOrEqual(before.finalScore);
      }),
    );
  });

  it("N/A on every criterion gives null under exclude and 100 (or null) under count_as_met", () => {
    fc.assert(
      fc.property(defArb, (generated) => {
        const def = card(
          generated.sections.map((s) => ({ ...s, criteria: s.criteria.map((c) => ({ ...c, naAllowed: true })) })),
          { naPolicy: generated.naPolicy },
        );
        const answers = Object.fromEntries(listCriteria(def).map((c) => [c.key, "na" as const]));
        const r = scoreEvaluation(def, answers);
        expect(r.criticalFailures).toEqual([]);
        if (def.naPolicy === "exclude") {
          expect([r.rawScore, r.finalScore, r.passed]).toEqual([null, null, null]);
        } else {
          expect([null, 100]).toContain(r.rawScore);
          expect(r.finalScore).toBe(r.rawScore);
        }
      }),
    );
  });
});
