import { describe, it, expect } from "vitest";
import {
  defaultPassAt,
  findCriterion,
  isMet,
  listCriteria,
  normaliseAnswer,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
} from "./scorecard-definition";

const likert = (n: 3 | 4 | 5): Scale => ({
  type: `${n}-point`,
  options: Array.from({ length: n }, (_, i) => ({ value: i + 1, label: `L${i + 1}` })),
});
const binary: Scale = {
  type: "binary",
  options: [
    { value: 0, label: "Not met" },
    { value: 1, label: "Met" },
  ],
};
const points: Scale = {
  type: "points",
  options: [
    { value: 0, label: "No" },
    { value: 5, label: "Partly" },
    { value: 10, label: "Yes" },
  ],
};

describe("normaliseAnswer", () => {
  // The steps Zendesk QA documents: binary 0/100, 3-point 0/50/100, 4-point thirds, 5-point quarters.
  it.each([
    [binary, 0, 0],
    [binary, 1, 1],
    [likert(3), 2, 0.5],
    [likert(4), 2, 1 / 3],
    [likert(4), 3, 2 / 3],
    [likert(5), 4, 0.75],
    [points, 5, 0.5],
  ])("%#: %o value %d -> %d", (scale, value, expected) => {
    expect(normaliseAnswer(scale, value)).toBeCloseTo(expected, 12);
  });

  it("throws on a value that is not an option", () => {
    expect(() => normaliseAnswer(likert(5), 6)).toThrow(/not a value/);
    expect(() => normaliseAnswer(points, 4)).toThrow(/values: 0, 5, 10/);
  });
});

describe("defaultPassAt", () => {
  it.each([
    [binary, 1],
    [likert(3), 2],
    [likert(4), 3],
    [likert(5), 3],
    [points, 5],
  ])("%#: %o -> %d", (scale, expected) => {
    expect(defaultPassAt(scale)).toBe(expected);
  });
});

describe("criteria helpers", () => {
  const criterion = (key: string): Criterion => ({
    key,
    label: key,
    guideline: "g",
    scale: likert(5),
    passAt: 4,
    weight: 1,
    naAllowed: false,
    critical: "none",
    rootCauses: [],
  });
  const def: ScorecardDefinition = {
    scorecard: "s",
    name: "S",
    channel: "any",
    version: 1,
    description: "",
    passThreshold: 80,
    naPolicy: "exclude",
    sections: [
      { key: "a", label: "A", weight: 1, criteria: [criterion("x"), criterion("y")] },
      { key: "b", label: "B", weight: 1, criteria: [criterion("z")] },
    ],
  };

  it("lists criteria in file order and finds them by key", () => {
    expect(listCriteria(def).map((c) => c.key)).toEqual(["x", "y", "z"]);
    expect(findCriterion(def, "z")?.key).toBe("z");
    expect(findCriterion(def, "nope")).toBeNull();
  });

  it("isMet compares with passAt and rejects values off the scale", () => {
    const c = criterion("x");
    expect(isMet(c, 3)).toBe(false);
    expect(isMet(c, 4)).toBe(true);
    expect(() => isMet(c, 7)).toThrow();
  });
});
