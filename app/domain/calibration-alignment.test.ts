import { describe, expect, it } from "vitest";
import { computeAlignment, computeAnswerAgreement, computeCriterionWeights } from "./calibration-alignment";
import {
  ROOT_CAUSES,
  defaultPassAt,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
} from "./scorecard-definition";

const binary: Scale = {
  type: "binary",
  options: [
    { value: 0, label: "Not met" },
    { value: 1, label: "Met" },
  ],
};
const p4: Scale = { type: "4-point", options: [1, 2, 3, 4].map((value) => ({ value, label: `L${value}` })) };
const points: Scale = { type: "points", options: [0, 5, 10].map((value) => ({ value, label: `P${value}` })) };

function crit(key: string, scale: Scale, weight = 1): Criterion {
  return {
    key,
    label: key,
    guideline: "",
    scale,
    passAt: defaultPassAt(scale),
    weight,
    naAllowed: true,
    critical: "none",
    rootCauses: [...ROOT_CAUSES],
  };
}
function card(sections: [weight: number, criteria: Criterion[]][]): ScorecardDefinition {
  return {
    scorecard: "test",
    name: "Test",
    channel: "any",
    version: 1,
    description: "",
    passThreshold: 80,
    naPolicy: "exclude",
    sections: sections.map(([weight, criteria], i) => ({ key: `s${i}`, label: `S${i}`, weight, criteria })),
  };
}

describe("computeCriterionWeights", () => {
  it("multiplies the section share by the criterion share within its section", () => {
    // Sections 3 and 1 -> 3/4 and 1/4. Section 1: criteria 1 and 2 -> 1/3 and 2/3.
    const def = card([
      [3, [crit("a", binary), crit("b", binary, 2)]],
      [1, [crit("c", p4)]],
    ]);
    const w = computeCriterionWeights(def);
    expect(w.a).toBeCloseTo(3 / 4 / 3, 12);
    expect(w.b).toBeCloseTo((3 / 4) * (2 / 3), 12);
    expect(w.c).toBeCloseTo(1 / 4, 12);
  });

  it("gives 0 to criteria of a weightless section or with weight 0", () => {
    const w = computeCriterionWeights(
      card([
        [0, [crit("a", binary)]],
        [1, [crit("b", binary), crit("c", binary, 0)]],
      ]),
    );
    expect(w).toEqual({ a: 0, b: 1, c: 0 });
  });
});

describe("computeAnswerAgreement", () => {
  it("is 1 - |a - b| / (max - min), N/A against N/A 1, N/A against a value 0", () => {
    expect(computeAnswerAgreement(p4, 2, 3)).toBeCloseTo(2 / 3, 12);
    expect(computeAnswerAgreement(p4, 1, 4)).toBe(0);
    expect(computeAnswerAgreement(points, 5, 10)).toBe(0.5);
    expect(computeAnswerAgreement(binary, 1, 1)).toBe(1);
    expect(computeAnswerAgreement(p4, "na", "na")).toBe(1);
    expect(computeAnswerAgreement(p4, "na", 4)).toBe(0);
    expect(computeAnswerAgreement(p4, 4, "na")).toBe(0);
  });

  it("has nothing to compare when either side is unanswered or off the scale", () => {
    expect(computeAnswerAgreement(p4, null, 3)).toBeNull();
    expect(computeAnswerAgreement(p4, 3, undefined)).toBeNull();
    expect(computeAnswerAgreement(p4, 7, 3)).toBeNull();
  });
});

describe("computeAlignment", () => {
  const def = card([
    [1, [crit("a", binary)]],
    [1, [crit("b", p4)]],
  ]);

  it("matches the documented example", () => {
    // (0.5 x 1 + 0.5 x (1 - 1/3)) / 1 = 5/6 -> 83.33
    expect(computeAlignment(def, [{ answers: { a: 1, b: 2 }, reference: { a: 1, b: 3 } }])).toEqual({
      alignment: 83.33,
      compared: 2,
      exactMatches: 1,
      interactions: 1,
    });
  });

  it("renormalises the weights over the compared criteria of each interaction, then averages interactions", () => {
    // i1: only a compared (b unanswered) -> 0 / 0.5 = 0. i2: both agree -> 1. Mean 0.5 -> 50.
    const result = computeAlignment(def, [
      { answers: { a: 0, b: null }, reference: { a: 1, b: 3 } },
      { answers: { a: 1, b: "na" }, reference: { a: 1, b: "na" } },
    ]);
    expect(result).toEqual({ alignment: 50, compared: 3, exactMatches: 2, interactions: 2 });
  });

  it("is null when nothing can be compared", () => {
    expect(computeAlignment(def, [{ answers: { a: 1 }, reference: {} }])).toEqual({
      alignment: null,
      compared: 0,
      exactMatches: 0,
      interactions: 0,
    });
  });
});
