import { describe, expect, it } from "vitest";
import { answerLabel, checkDisputeProposals } from "./dispute-items";
import { findCriterion, type ScorecardDefinition } from "./scorecard-definition";

const def: ScorecardDefinition = {
  scorecard: "t",
  name: "T",
  channel: "chat",
  version: 1,
  description: "",
  passThreshold: 80,
  naPolicy: "exclude",
  sections: [
    {
      key: "s",
      label: "S",
      weight: 1,
      criteria: [
        {
          key: "greeting",
          label: "Greeting",
          guideline: "",
          scale: {
            type: "binary",
            options: [
              { value: 0, label: "Not met" },
              { value: 1, label: "Met" },
            ],
          },
          passAt: 1,
          weight: 1,
          naAllowed: false,
          critical: "none",
          rootCauses: ["training_gap"],
        },
        {
          key: "empathy",
          label: "Empathy",
          guideline: "",
          scale: {
            type: "3-point",
            options: [
              { value: 1, label: "Poor" },
              { value: 2, label: "Fair" },
              { value: 3, label: "Good" },
            ],
          },
          passAt: 2,
          weight: 1,
          naAllowed: true,
          critical: "none",
          rootCauses: [],
        },
      ],
    },
  ],
};
const current = { greeting: 0, empathy: 1 } as const;

describe("checkDisputeProposals", () => {
  it("accepts scale values and N/A where allowed", () => {
    expect(
      checkDisputeProposals(
        def,
        [
          { criterionKey: "greeting", proposed: 1 },
          { criterionKey: "empathy", proposed: "na" },
        ],
        current,
      ),
    ).toEqual([]);
  });

  it("needs at least one criterion", () => {
    expect(checkDisputeProposals(def, [], current)).toEqual([
      { field: "criteria", message: "Pick at least one criterion to dispute." },
    ]);
  });

  it("locates each problem on its criterion's field", () => {
    const problems = checkDisputeProposals(
      def,
      [
        { criterionKey: "greeting", proposed: "na" },
        { criterionKey: "empathy", proposed: 7 },
        { criterionKey: "nope", proposed: 1 },
      ],
      current,
    );
    expect(problems).toEqual([
      { field: "proposed.greeting", message: "N/A is not allowed for this criterion." },
      { field: "proposed.empathy", message: "7 is not an option of this scale." },
      { field: "proposed.nope", message: "Not a criterion of this scorecard version." },
    ]);
  });

  it("refuses proposing the current answer or the same criterion twice", () => {
    expect(checkDisputeProposals(def, [{ criterionKey: "empathy", proposed: 1 }], current)).toEqual([
      { field: "proposed.empathy", message: "That is the current answer: propose a different one." },
    ]);
    const twice = checkDisputeProposals(
      def,
      [
        { criterionKey: "greeting", proposed: 1 },
        { criterionKey: "greeting", proposed: 1 },
      ],
      current,
    );
    expect(twice).toEqual([{ field: "proposed.greeting", message: "Each criterion can be disputed once." }]);
  });
});

describe("answerLabel", () => {
  it("reads option label and value, N/A, or unanswered", () => {
    const empathy = findCriterion(def, "empathy");
    expect(answerLabel(empathy, 3)).toBe("Good (3)");
    expect(answerLabel(empathy, "na")).toBe("N/A");
    expect(answerLabel(empathy, null)).toBe("unanswered");
    expect(answerLabel(null, 4)).toBe("4");
  });
});
