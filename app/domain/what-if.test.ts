import { describe, expect, it } from "vitest";
import {
  ROOT_CAUSES,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
  type Section,
} from "./scorecard-definition";
import { WHAT_IF_BINS, whatIfRescore, type WhatIfEvaluation, type WhatIfGroup, type WhatIfResult } from "./what-if";

// Every expected number below is worked out by hand in the comment beside it.

const BINARY: Scale = {
  type: "binary",
  options: [
    { value: 0, label: "Not met" },
    { value: 1, label: "Met" },
  ],
};
const P3: Scale = { type: "3-point", options: [1, 2, 3].map((value) => ({ value, label: `L${value}` })) };

function crit(key: string, label: string, over: Partial<Criterion> = {}): Criterion {
  return {
    key,
    label,
    guideline: "",
    scale: BINARY,
    passAt: 1,
    weight: 1,
    naAllowed: true,
    critical: "none",
    rootCauses: [...ROOT_CAUSES],
    ...over,
  };
}
const section = (key: string, label: string, criteria: Criterion[], weight = 1): Section => ({
  key,
  label,
  weight,
  criteria,
});
function card(version: number, sections: Section[], over: Partial<ScorecardDefinition> = {}): ScorecardDefinition {
  return {
    scorecard: "support",
    name: "Support",
    channel: "any",
    version,
    description: "",
    passThreshold: 70,
    naPolicy: "exclude",
    sections,
    ...over,
  };
}

/**
 * Two sections of weight 1, two binary criteria of weight 1 each, pass at 70. Version 2 only relabels a2,
 * so the label of a removed a2 tells which definition it came from.
 */
type Edits = {
  a1?: Partial<Criterion>;
  b1?: Partial<Criterion>;
  b2?: Partial<Criterion>;
  withoutA2?: boolean;
  withB3?: boolean;
  card?: Partial<ScorecardDefinition>;
};
function definition(version: number, edits: Edits = {}): ScorecardDefinition {
  const a2Label = version === 1 ? "Greets by name" : "Uses the customer's name";
  const opening = [crit("a1", "Greets", edits.a1), ...(edits.withoutA2 ? [] : [crit("a2", a2Label)])];
  const resolution = [
    crit("b1", "Resolves", edits.b1),
    crit("b2", "Confirms", edits.b2),
    ...(edits.withB3 ? [crit("b3", "Offers survey")] : []),
  ];
  return card(
    version,
    [section("opening", "Opening", opening), section("resolution", "Resolution", resolution)],
    edits.card,
  );
}
const V1 = definition(1);
const V2 = definition(2);

// Vendor ids sort the other way round from their names, and Beta comes first in the input, so only a sort by
// label puts Acme first.
const BETA = { vendorId: "vendor-1", vendorName: "Beta Support" };
const ACME = { vendorId: "vendor-2", vendorName: "Acme Contact" };

// Current scores (own version, pass at 70):
// e1 Beta V1: Opening (1+1)/2 = 100, Resolution (1+1)/2 = 100 -> 100, pass
// e3 Acme V2: Opening 100, Resolution (1+0)/2 = 50 -> (100+50)/2 = 75, pass
// e4 Acme V2: Opening (1+0)/2 = 50, Resolution b1 0 only (b2 N/A excluded) = 0 -> 25, fail
// e2 Beta V1: Opening (1+0)/2 = 50, Resolution 100 -> 75, pass
// The last evaluation is on V1, so "last seen" and "newest version" give different labels for a2.
const EVALUATIONS: WhatIfEvaluation[] = [
  { id: "e1", ...BETA, definition: V1, answers: { a1: 1, a2: 1, b1: 1, b2: 1 } },
  { id: "e3", ...ACME, definition: V2, answers: { a1: 1, a2: 1, b1: 1, b2: 0 } },
  { id: "e4", ...ACME, definition: V2, answers: { a1: 1, a2: 0, b1: 0, b2: "na" } },
  { id: "e2", ...BETA, definition: V1, answers: { a1: 1, a2: 0, b1: 1, b2: 1 } },
];

const bins = (counts: Record<number, number>) => Array.from({ length: 10 }, (_, i) => counts[i] ?? 0);
const byKey = (result: WhatIfResult, key: string): WhatIfGroup => result.groups.find((g) => g.key === key)!;

// Current summary, all vendors: scores 100, 75, 25, 75.
// mean (100+75+25+75)/4 = 275/4 = 68.75; pass 3 of 4 = 0.75; no critical criterion = 0;
// bins: 25 -> [20,30) bin 2, 75 -> bin 7 twice, 100 -> bin 9.
const CURRENT_ALL = {
  scored: 4,
  meanScore: 68.75,
  passRate: 0.75,
  criticalFailRate: 0,
  distribution: bins({ 2: 1, 7: 2, 9: 1 }),
};

describe("whatIfRescore", () => {
  it("labels ten bins of width ten", () => {
    expect(WHAT_IF_BINS).toEqual([
      "0–10",
      "10–20",
      "20–30",
      "30–40",
      "40–50",
      "50–60",
      "60–70",
      "70–80",
      "80–90",
      "90–100",
    ]);
  });

  it("leaves scores alone under an unchanged draft", () => {
    const result = whatIfRescore(EVALUATIONS, definition(3));
    expect(result.groups[0]).toEqual({
      key: "all",
      label: "All vendors",
      evaluations: 4,
      current: CURRENT_ALL,
      draft: CURRENT_ALL,
      toFail: 0,
      toPass: 0,
    });
    expect(result.removed).toEqual([]);
    // Every key exists in V1 and V2; every stored answer is on the same scale (e4's b2 "na" is allowed).
    expect(result.criteria).toEqual([
      { key: "a1", label: "Greets", sectionLabel: "Opening", status: "matched", answered: 4, unanswered: 0 },
      {
        key: "a2",
        label: "Uses the customer's name",
        sectionLabel: "Opening",
        status: "matched",
        answered: 4,
        unanswered: 0,
      },
      { key: "b1", label: "Resolves", sectionLabel: "Resolution", status: "matched", answered: 4, unanswered: 0 },
      { key: "b2", label: "Confirms", sectionLabel: "Resolution", status: "matched", answered: 4, unanswered: 0 },
    ]);
  });

  it("groups by vendor, overall first, vendors sorted by name", () => {
    const result = whatIfRescore(EVALUATIONS, definition(3));
    expect(result.groups.map((g) => [g.key, g.label, g.evaluations])).toEqual([
      ["all", "All vendors", 4],
      ["vendor-2", "Acme Contact", 2],
      ["vendor-1", "Beta Support", 2],
    ]);
    // Acme: e3 75 (pass), e4 25 (fail) -> mean 50, pass 1/2; bins 2 and 7.
    expect(byKey(result, "vendor-2").current).toEqual({
      scored: 2,
      meanScore: 50,
      passRate: 0.5,
      criticalFailRate: 0,
      distribution: bins({ 2: 1, 7: 1 }),
    });
    // Beta: e1 100, e2 75, both pass -> mean 87.5, pass 1; bins 7 and 9.
    expect(byKey(result, "vendor-1").current).toEqual({
      scored: 2,
      meanScore: 87.5,
      passRate: 1,
      criticalFailRate: 0,
      distribution: bins({ 7: 1, 9: 1 }),
    });
  });

  it("shifts the mean when a weight changes", () => {
    // b2 weight 1 -> 3. Resolution = (b1 + 3·b2) / 4 where both are answered.
    // e1: 100. e3: Resolution (1 + 0)/4 = 25 -> (100+25)/2 = 62.5 (fail at 70).
    // e4: b2 N/A, Resolution = b1 = 0 -> 25 (unchanged). e2: Resolution (1+3)/4 = 100 -> 75.
    // Mean (100+62.5+25+75)/4 = 262.5/4 = 65.625 -> 65.63 (half away from zero); shift 65.625 - 68.75 = -3.125.
    const result = whatIfRescore(EVALUATIONS, definition(3, { b2: { weight: 3 } }));
    const all = result.groups[0];
    expect(all.draft.meanScore).toBe(65.63);
    expect(all.draft.passRate).toBe(0.5); // 100 and 75 pass
    expect(all.draft.distribution).toEqual(bins({ 2: 1, 6: 1, 7: 1, 9: 1 }));
    expect([all.toFail, all.toPass]).toEqual([1, 0]); // e3: 75 pass -> 62.5 fail
    // Acme: (62.5 + 25)/2 = 43.75, no pass; Beta unchanged at 87.5.
    expect(byKey(result, "vendor-2").draft.meanScore).toBe(43.75);
    expect(byKey(result, "vendor-2").toFail).toBe(1);
    expect(byKey(result, "vendor-1").draft.meanScore).toBe(87.5);
    expect(byKey(result, "vendor-1").toFail).toBe(0);
  });

  it("marks a new criterion unanswered and leaves it out of the score", () => {
    const result = whatIfRescore(EVALUATIONS, definition(3, { withB3: true }));
    expect(result.criteria.map((c) => c.key)).toEqual(["a1", "a2", "b1", "b2", "b3"]);
    expect(result.criteria[4]).toEqual({
      key: "b3",
      label: "Offers survey",
      sectionLabel: "Resolution",
      status: "new",
      answered: 0,
      unanswered: 4,
    });
    // b3 is missing everywhere, so every score is as before.
    expect(result.groups[0].draft).toEqual(CURRENT_ALL);
    expect(result.removed).toEqual([]);
  });

  it("lists a removed criterion with its label from the newest version", () => {
    // a2 is in V1 ("Greets by name") and V2 ("Uses the customer's name"); V2 is newer though V1 is seen last.
    // Without a2, Opening = a1 = 100 for everyone: e1 100, e3 (100+50)/2 = 75, e4 (100+0)/2 = 50, e2 100.
    // Mean (100+75+50+100)/4 = 325/4 = 81.25; pass 3 of 4 (50 fails); e4 was failing already, e2 passing.
    const result = whatIfRescore(EVALUATIONS, definition(3, { withoutA2: true }));
    expect(result.removed).toEqual([{ key: "a2", label: "Uses the customer's name" }]);
    expect(result.criteria.map((c) => c.key)).toEqual(["a1", "b1", "b2"]);
    expect(result.groups[0].draft).toEqual({
      scored: 4,
      meanScore: 81.25,
      passRate: 0.75,
      criticalFailRate: 0,
      distribution: bins({ 5: 1, 7: 1, 9: 2 }),
    });
    expect([result.groups[0].toFail, result.groups[0].toPass]).toEqual([0, 0]);
  });

  it("does not carry binary answers over to a 3-point scale", () => {
    // a1 binary -> 3-point (1..3). All four stored a1 answers are 1 ("Met"). 1 is a value of the 3-point
    // scale, but there it is the worst option; the scale changed, so none carries over: answered 0, unanswered 4.
    // (A stored 0 would be off the new scale anyway.)
    // Opening is then a2 alone: e1 100 -> (100+100)/2 = 100; e3 100 -> (100+50)/2 = 75;
    // e4 0 -> (0+0)/2 = 0; e2 0 -> (0+100)/2 = 50.
    // Mean (100+75+0+50)/4 = 225/4 = 56.25; pass 100 and 75 = 2/4 = 0.5; e2 flips 75 pass -> 50 fail.
    const result = whatIfRescore(EVALUATIONS, definition(3, { a1: { scale: P3, passAt: 2 } }));
    expect(result.criteria[0]).toMatchObject({ key: "a1", status: "matched", answered: 0, unanswered: 4 });
    const all = result.groups[0];
    expect(all.draft).toEqual({
      scored: 4,
      meanScore: 56.25,
      passRate: 0.5,
      criticalFailRate: 0,
      distribution: bins({ 0: 1, 5: 1, 7: 1, 9: 1 }),
    });
    expect([all.toFail, all.toPass]).toEqual([1, 0]);
  });

  it("drops a value off the draft's scale and N/A where the draft forbids it", () => {
    // A stale 0 under an unchanged 3-point scale is off the scale (1..3): unanswered, not scored, no throw.
    // Both versions here use the 3-point scale, so only the value decides.
    const own = card(1, [section("s", "S", [crit("x", "X", { scale: P3, passAt: 2 }), crit("y", "Y")])]);
    const draft = card(2, [
      section("s", "S", [crit("x", "X", { scale: P3, passAt: 2 }), crit("y", "Y", { naAllowed: false })]),
    ]);
    const evaluations: WhatIfEvaluation[] = [
      // Current: x invalid (left out), y N/A excluded -> nothing applicable -> no score.
      { id: "s1", ...ACME, definition: own, answers: { x: 0, y: "na" } },
      // Current: x 3 -> 1, y 0 -> 0 -> 50. Draft: same.
      { id: "s2", ...ACME, definition: own, answers: { x: 3, y: 0 } },
    ];
    const result = whatIfRescore(evaluations, draft);
    expect(result.criteria.map((c) => [c.key, c.answered, c.unanswered])).toEqual([
      ["x", 1, 1],
      ["y", 1, 1],
    ]);
    // s1 has no score under either; s2 scores 50 under both.
    expect(result.groups[0].current).toMatchObject({ scored: 1, meanScore: 50, passRate: 0 });
    expect(result.groups[0].draft).toMatchObject({ scored: 1, meanScore: 50, passRate: 0 });
  });

  it("counts N/A that the draft no longer allows as unanswered", () => {
    // b2 N/A no longer allowed: e4's "na" is unanswered (3 of 4 answered). Under V2 it was excluded; now it is
    // missing, also left out, so e4 stays at 25 and every score is unchanged.
    const result = whatIfRescore(EVALUATIONS, definition(3, { b2: { naAllowed: false } }));
    expect(result.criteria[3]).toMatchObject({ key: "b2", answered: 3, unanswered: 1 });
    expect(result.groups[0].draft).toEqual(CURRENT_ALL);
  });

  it("counts evaluations that would fail under a higher pass threshold", () => {
    // 70 -> 80: scores unchanged (100, 75, 25, 75); only 100 passes: pass rate 1/4 = 0.25.
    // e3 (Acme) and e2 (Beta) flip from pass to fail.
    const result = whatIfRescore(EVALUATIONS, definition(3, { card: { passThreshold: 80 } }));
    expect(result.groups.map((g) => [g.key, g.draft.meanScore, g.draft.passRate, g.toFail, g.toPass])).toEqual([
      ["all", 68.75, 0.25, 2, 0],
      ["vendor-2", 50, 0, 1, 0], // Acme: 75 -> fail; 25 failed already
      ["vendor-1", 87.5, 0.5, 1, 0], // Beta: 100 passes, 75 -> fail
    ]);
  });

  it("counts evaluations that would pass under a lower pass threshold", () => {
    // 70 -> 20: e4's 25 now passes; the rest passed already.
    const result = whatIfRescore(EVALUATIONS, definition(3, { card: { passThreshold: 20 } }));
    expect([result.groups[0].toFail, result.groups[0].toPass, result.groups[0].draft.passRate]).toEqual([0, 1, 1]);
  });

  it("zeroes an evaluation that fails a criterion made critical", () => {
    // b1 critical at evaluation level (pass at 1): only e4 answered b1 = 0 -> final score 0.
    // Draft scores 100, 75, 0, 75 -> mean 250/4 = 62.5; pass 3/4 (e4 failed already); critical 1/4 = 0.25.
    const result = whatIfRescore(EVALUATIONS, definition(3, { b1: { critical: "evaluation" } }));
    const all = result.groups[0];
    expect(all.current.criticalFailRate).toBe(0);
    expect(all.draft).toEqual({
      scored: 4,
      meanScore: 62.5,
      passRate: 0.75,
      criticalFailRate: 0.25,
      distribution: bins({ 0: 1, 7: 2, 9: 1 }),
    });
    expect([all.toFail, all.toPass]).toEqual([0, 0]);
    // Acme: e4 of 2 -> 0.5; Beta: none -> 0.
    expect(byKey(result, "vendor-2").draft.criticalFailRate).toBe(0.5);
    expect(byKey(result, "vendor-1").draft.criticalFailRate).toBe(0);
  });

  it("applies every kind of change at once", () => {
    // Opening: a1 on 3-point (nothing carries over), a2 removed -> Opening has nothing applicable and drops out.
    // Resolution: b1 critical (evaluation), b2 weight 3, new b3 (missing). Pass at 80.
    // e1: (1 + 3)/4 = 100. e3: (1 + 0)/4 = 25. e4: b1 = 0 -> critical -> 0. e2: (1 + 3)/4 = 100.
    // Mean (100+25+0+100)/4 = 56.25; pass 2/4 = 0.5; critical 1/4; e3 flips 75 pass -> 25 fail.
    const draft = definition(3, {
      a1: { scale: P3, passAt: 2 },
      withoutA2: true,
      b1: { critical: "evaluation" },
      b2: { weight: 3 },
      withB3: true,
      card: { passThreshold: 80 },
    });
    const result = whatIfRescore(EVALUATIONS, draft);
    expect(result.groups[0]).toEqual({
      key: "all",
      label: "All vendors",
      evaluations: 4,
      current: CURRENT_ALL,
      draft: {
        scored: 4,
        meanScore: 56.25,
        passRate: 0.5,
        criticalFailRate: 0.25,
        distribution: bins({ 0: 1, 2: 1, 9: 2 }),
      },
      toFail: 1,
      toPass: 0,
    });
    expect(result.criteria.map((c) => [c.key, c.status, c.answered, c.unanswered])).toEqual([
      ["a1", "matched", 0, 4],
      ["b1", "matched", 4, 0],
      ["b2", "matched", 4, 0],
      ["b3", "new", 0, 4],
    ]);
    expect(result.removed).toEqual([{ key: "a2", label: "Uses the customer's name" }]);
  });

  it("bins 10 in the second bin and 100 in the last", () => {
    // One section: x weight 1, y weight 9 (binary), pass at 80.
    // x1 y0 = 1/10 -> 10 (bin 1); x0 y0 -> 0 (bin 0); x0 y1 = 9/10 -> 90 (bin 9); x1 y1 -> 100 (bin 9);
    // both N/A -> no score. Scored 4 of 5; mean (10+0+90+100)/4 = 50; pass 90 and 100 = 2/4 = 0.5.
    const def = card(1, [section("s", "S", [crit("x", "X"), crit("y", "Y", { weight: 9 })])], {
      passThreshold: 80,
    });
    const answers = [
      { x: 1, y: 0 },
      { x: 0, y: 0 },
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: "na" as const, y: "na" as const },
    ];
    const evaluations = answers.map((a, i) => ({ id: `d${i}`, ...ACME, definition: def, answers: a }));
    const summary = {
      scored: 4,
      meanScore: 50,
      passRate: 0.5,
      criticalFailRate: 0, // 0 of 5
      distribution: [1, 1, 0, 0, 0, 0, 0, 0, 0, 2],
    };
    const result = whatIfRescore(evaluations, def);
    expect(result.groups[0].current).toEqual(summary);
    expect(result.groups[0].draft).toEqual(summary);
    expect(result.groups[0].evaluations).toBe(5);
  });

  it("returns one empty overall group for no evaluations", () => {
    const empty = { scored: 0, meanScore: null, passRate: null, criticalFailRate: null, distribution: bins({}) };
    const result = whatIfRescore([], definition(3, { withB3: true }));
    expect(result.groups).toEqual([
      { key: "all", label: "All vendors", evaluations: 0, current: empty, draft: empty, toFail: 0, toPass: 0 },
    ]);
    // No evaluation, so no version has any key: every draft criterion is new.
    expect(result.criteria.map((c) => [c.key, c.status, c.answered, c.unanswered])).toEqual([
      ["a1", "new", 0, 0],
      ["a2", "new", 0, 0],
      ["b1", "new", 0, 0],
      ["b2", "new", 0, 0],
      ["b3", "new", 0, 0],
    ]);
    expect(result.removed).toEqual([]);
  });

  it("never produces NaN and ignores stale or unknown stored keys", () => {
    const stale: WhatIfEvaluation[] = [
      // a1 = 7 is off the binary scale and zz is no criterion: left out under both, no throw.
      // Current: Opening a2 = 100, Resolution 100 -> 100.
      { id: "x1", ...BETA, definition: V2, answers: { a1: 7, a2: 1, b1: 1, b2: 1, zz: 1 } },
      // All N/A: no score anywhere.
      { id: "x2", ...BETA, definition: V2, answers: { a1: "na", a2: "na", b1: "na", b2: "na" } },
    ];
    const result = whatIfRescore(stale, definition(3, { withB3: true }));
    expect(result.groups[0].current).toMatchObject({ scored: 1, meanScore: 100, passRate: 1, criticalFailRate: 0 });
    expect(result.groups[0].draft).toMatchObject({ scored: 1, meanScore: 100, passRate: 1, criticalFailRate: 0 });
    expect(result.criteria[0]).toMatchObject({ key: "a1", answered: 1, unanswered: 1 }); // x2's "na" only
    const numbers: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "number") numbers.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(result);
    expect(numbers.every(Number.isFinite)).toBe(true);
  });
});
