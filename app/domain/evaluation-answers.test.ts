import { describe, expect, it } from "vitest";
import { checkEntries, emptyEntry, normaliseEntries, toAnswers, type AnswerEntries } from "./evaluation-answers";
import type { ScorecardDefinition } from "./scorecard-definition";

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
          guideline: "g",
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
          rootCauses: ["training_gap", "process_gap"],
        },
        {
          key: "hold",
          label: "Hold",
          guideline: "h",
          scale: {
            type: "3-point",
            options: [
              { value: 1, label: "Poor" },
              { value: 2, label: "Ok" },
              { value: 3, label: "Good" },
            ],
          },
          passAt: 2,
          weight: 1,
          naAllowed: true,
          critical: "none",
          rootCauses: ["tooling"],
        },
      ],
    },
  ],
};

const entry = (value: number | "na" | null, rootCause: string | null = null, comment = "") => ({
  value,
  rootCause,
  comment,
});

describe("checkEntries", () => {
  it("lets a draft be incomplete but not invalid", () => {
    expect(checkEntries(def, { greeting: emptyEntry(), hold: entry(2) }, "draft")).toEqual([]);
    expect(checkEntries(def, { greeting: entry(5), hold: emptyEntry() }, "draft")).toEqual([
      { criterionKey: "greeting", field: "value", message: "5 is not an option of this scale." },
    ]);
    expect(checkEntries(def, { greeting: entry("na") }, "draft")).toEqual([
      { criterionKey: "greeting", field: "value", message: "N/A is not allowed here." },
    ]);
  });

  it("requires every answer and a listed root cause for each miss on submit", () => {
    const problems = checkEntries(def, { greeting: entry(0), hold: emptyEntry() }, "submit");
    expect(problems).toEqual([
      { criterionKey: "greeting", field: "rootCause", message: "Choose the root cause of this miss." },
      { criterionKey: "hold", field: "value", message: "Answer this criterion." },
    ]);
    expect(checkEntries(def, { greeting: entry(0, "tooling"), hold: entry("na") }, "submit")).toEqual([
      { criterionKey: "greeting", field: "rootCause", message: "Choose a root cause from the list." },
    ]);
    expect(checkEntries(def, { greeting: entry(0, "process_gap"), hold: entry("na") }, "submit")).toEqual([]);
  });

  it("names criteria that are not in the version and over-long comments", () => {
    const problems = checkEntries(
      def,
      { greeting: entry(1, null, "x".repeat(2001)), hold: entry(3), ghost: entry(1) },
      "submit",
    );
    expect(problems.map((p) => [p.criterionKey, p.field])).toEqual([
      ["ghost", "value"],
      ["greeting", "comment"],
    ]);
  });
});

describe("normaliseEntries", () => {
  it("drops root causes from met and N/A answers and trims comments", () => {
    const entries: AnswerEntries = { greeting: entry(1, "training_gap", "  fine  "), hold: entry("na", "tooling") };
    expect(normaliseEntries(def, entries)).toEqual({ greeting: entry(1, null, "fine"), hold: entry("na", null) });
    expect(normaliseEntries(def, { hold: entry(1, "tooling") }).hold.rootCause).toBe("tooling");
  });
});

describe("toAnswers", () => {
  it("keeps only the values, in the scoring engine's shape", () => {
    expect(toAnswers({ greeting: entry(1, null, "c"), hold: entry("na") })).toEqual({ greeting: 1, hold: "na" });
  });
});
