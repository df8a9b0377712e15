import { describe, it, expect } from "vitest";
import {
  addCriterion,
  addSection,
  blankCriterion,
  blankDraft,
  blankSection,
  changeScaleType,
  describeDraftPath,
  freshKey,
  moveCriterion,
  moveSection,
  normalizeDraftContent,
  numberText,
  removeCriterion,
  removeSection,
  splitCriterion,
  toNumberField,
  updateCriterion,
  updateSection,
  type DraftContent,
  type DraftCriterion,
  fileContentToDraft,
} from "./scorecard-draft";

function criterion(key: string, change: Partial<DraftCriterion> = {}): DraftCriterion {
  return {
    key,
    label: `Label of ${key}`,
    guideline: "",
    scale: { type: "binary", labels: ["Not met", "Met"] },
    weight: 1,
    na_allowed: false,
    critical: "none",
    root_causes: ["training_gap"],
    ...change,
  };
}

/** Three sections; tests change one thing at a time. */
function sampleDraft(): DraftContent {
  return {
    scorecard: "chat-support",
    name: "Chat support",
    channel: "chat",
    version: 2,
    description: "",
    pass_threshold: 80,
    na_policy: "exclude",
    sections: [
      { key: "opening", label: "Opening", weight: 20, criteria: [criterion("greeting"), criterion("verify_identity")] },
      {
        key: "discovery",
        label: "Discovery",
        weight: 30,
        criteria: [
          criterion("understand_issue", {
            label: "Understood the issue",
            weight: 3,
            scale: { type: "4-point", labels: ["Poor", "Fair", "Good", "Excellent"] },
            root_causes: ["training_gap", "tooling"],
          }),
          criterion("probing"),
        ],
      },
      { key: "resolution", label: "Resolution", weight: 50, criteria: [criterion("accuracy")] },
    ],
  };
}

/** Frozen all the way down, so any edit in place throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A frozen sample and an unfrozen copy to compare it with afterwards. */
function frozenSample() {
  return { draft: deepFreeze(sampleDraft()), before: sampleDraft() };
}

const sectionKeys = (d: DraftContent) => d.sections.map((s) => s.key);
const criterionKeys = (d: DraftContent) => d.sections.map((s) => s.criteria.map((c) => c.key));

describe("toNumberField / numberText", () => {
  it("parses numbers, trimmed", () => {
    expect(toNumberField("12")).toBe(12);
    expect(toNumberField(" 7.5 ")).toBe(7.5);
    expect(toNumberField("-3")).toBe(-3);
    expect(toNumberField("0")).toBe(0);
    expect(toNumberField("1e3")).toBe(1000);
  });

  it("is undefined for empty or blank input", () => {
    expect(toNumberField("")).toBeUndefined();
    expect(toNumberField("   ")).toBeUndefined();
  });

  it("keeps the text typed, untrimmed, when it is not a finite number", () => {
    expect(toNumberField("ten")).toBe("ten");
    expect(toNumberField(" 1,5 ")).toBe(" 1,5 ");
    expect(toNumberField("Infinity")).toBe("Infinity");
    expect(toNumberField("NaN")).toBe("NaN");
  });

  it("writes a field back as text", () => {
    expect(numberText(undefined)).toBe("");
    expect(numberText(0)).toBe("0");
    expect(numberText(2.5)).toBe("2.5");
    expect(numberText("ten")).toBe("ten");
    expect(numberText(toNumberField(" 1,5 "))).toBe(" 1,5 ");
  });
});

describe("changeScaleType", () => {
  it("turns labels into points options valued 0, 1, 2, …", () => {
    expect(changeScaleType({ type: "binary", labels: ["No", "Yes"] }, "points")).toEqual({
      type: "points",
      options: [
        { value: 0, label: "No" },
        { value: 1, label: "Yes" },
      ],
    });
    expect(changeScaleType({ type: "3-point", labels: ["Low", "Mid", "High"] }, "points")).toEqual({
      type: "points",
      options: [
        { value: 0, label: "Low" },
        { value: 1, label: "Mid" },
        { value: 2, label: "High" },
      ],
    });
  });

  it("gives a points scale No/Yes when there are fewer than 2 labels", () => {
    const noYes = {
      type: "points",
      options: [
        { value: 0, label: "No" },
        { value: 1, label: "Yes" },
      ],
    };
    expect(changeScaleType({ type: "binary" }, "points")).toEqual(noYes);
    expect(changeScaleType({ type: "3-point", labels: ["Only"] }, "points")).toEqual(noYes);
  });

  it("keeps a points scale's options when it stays points", () => {
    const options = [
      { value: 0, label: "No" },
      { value: 5, label: "Partly" },
      { value: 10, label: "Yes" },
    ];
    expect(changeScaleType({ type: "points", options }, "points")).toEqual({ type: "points", options });
  });

  it("turns points options into labels when their count fits", () => {
    const scale = {
      type: "points" as const,
      options: [
        { value: 0, label: "No" },
        { value: 5, label: "Partly" },
        { value: 10, label: "Yes" },
      ],
    };
    expect(changeScaleType(scale, "3-point")).toEqual({ type: "3-point", labels: ["No", "Partly", "Yes"] });
    expect(changeScaleType(scale, "4-point")).toEqual({
      type: "4-point",
      labels: ["Poor", "Fair", "Good", "Excellent"],
    });
    expect(changeScaleType(scale, "binary")).toEqual({ type: "binary", labels: ["Not met", "Met"] });
    const two = {
      type: "points" as const,
      options: [
        { value: -1, label: "Wrong" },
        { value: 1, label: "Right" },
      ],
    };
    expect(changeScaleType(two, "binary")).toEqual({ type: "binary", labels: ["Wrong", "Right"] });
  });

  it("keeps labels that fit and uses the type's defaults otherwise", () => {
    const four = { type: "4-point" as const, labels: ["D", "C", "B", "A"] };
    expect(changeScaleType(four, "4-point")).toEqual({ type: "4-point", labels: ["D", "C", "B", "A"] });
    expect(changeScaleType(four, "5-point")).toEqual({
      type: "5-point",
      labels: ["Very poor", "Poor", "Fair", "Good", "Excellent"],
    });
    expect(changeScaleType(four, "3-point")).toEqual({ type: "3-point", labels: ["Not met", "Partly met", "Met"] });
    expect(changeScaleType(four, "binary")).toEqual({ type: "binary", labels: ["Not met", "Met"] });
    expect(changeScaleType({ type: "binary", labels: ["No", "Yes"] }, "binary")).toEqual({
      type: "binary",
      labels: ["No", "Yes"],
    });
  });

  it("returns fresh label lists", () => {
    const labels = ["D", "C", "B", "A"];
    expect(changeScaleType({ type: "4-point", labels }, "4-point").labels).not.toBe(labels);
    const first = changeScaleType({ type: "binary" }, "5-point").labels!;
    first[0] = "changed";
    expect(changeScaleType({ type: "binary" }, "5-point").labels![0]).toBe("Very poor");
  });
});

describe("fileContentToDraft", () => {
  it("writes in the defaults a file may leave out, keeps what it gives, and leaves errors for the schema", () => {
    const raw = {
      scorecard: "brand",
      version: 7,
      sections: [
        {
          key: "s",
          label: "S",
          weight: 2,
          criteria: [
            { key: "a", label: "A", guideline: "G", scale: "binary" },
            {
              key: "b",
              label: "B",
              guideline: "G",
              scale: "3-point",
              weight: "ten",
              critical: "section",
              root_causes: [],
            },
          ],
        },
      ],
    };
    const draft = fileContentToDraft(raw);
    expect(draft).toMatchObject({
      scorecard: "brand",
      name: "",
      channel: "",
      version: 7,
      description: "",
      na_policy: "exclude",
    });
    expect(draft.sections[0].criteria[0]).toEqual({
      key: "a",
      label: "A",
      guideline: "G",
      scale: { type: "binary", labels: ["Not met", "Met"] },
      weight: 1,
      na_allowed: false,
      critical: "none",
      root_causes: ["training_gap", "process_gap", "product_defect", "agent_behaviour", "tooling", "customer_driven"],
    });
    expect(draft.sections[0].criteria[1]).toMatchObject({
      scale: { type: "3-point", labels: ["Not met", "Partly met", "Met"] },
      weight: "ten",
      critical: "section",
      root_causes: [],
    });
    expect(raw.sections[0].criteria[0].scale).toBe("binary");
    expect(fileContentToDraft({}).version).toBe(1);
  });
});

describe("normalizeDraftContent", () => {
  const withScales = (...scales: unknown[]) => ({
    scorecard: "chat-support",
    sections: [{ key: "opening", criteria: scales.map((scale, i) => ({ key: `c_${i}`, scale })) }],
  });
  const scalesOf = (d: DraftContent) => d.sections[0].criteria.map((c) => c.scale);

  it("turns the file's `scale: binary` into an object with labels", () => {
    expect(scalesOf(normalizeDraftContent(withScales("binary")))).toEqual([
      { type: "binary", labels: ["Not met", "Met"] },
    ]);
  });

  it("gives a binary object without labels the default labels, keeping other scales as they are", () => {
    const result = normalizeDraftContent(
      withScales(
        { type: "binary" },
        { type: "binary", labels: ["No", "Yes"] },
        { type: "3-point", labels: ["Low", "Mid", "High"] },
        {
          type: "points",
          options: [
            { value: 0, label: "No" },
            { value: 2, label: "Yes" },
          ],
        },
      ),
    );
    expect(scalesOf(result)).toEqual([
      { type: "binary", labels: ["Not met", "Met"] },
      { type: "binary", labels: ["No", "Yes"] },
      { type: "3-point", labels: ["Low", "Mid", "High"] },
      {
        type: "points",
        options: [
          { value: 0, label: "No" },
          { value: 2, label: "Yes" },
        ],
      },
    ]);
  });

  it("turns other scale strings into objects, leaving an unknown type for the schema to report", () => {
    expect(scalesOf(normalizeDraftContent(withScales("3-point", "6-point")))).toEqual([
      { type: "3-point", labels: ["Not met", "Partly met", "Met"] },
      { type: "6-point" },
    ]);
  });

  it("does not mutate its input", () => {
    const input = deepFreeze(withScales("binary", { type: "binary" }));
    const result = normalizeDraftContent(input);
    expect(input).toEqual(withScales("binary", { type: "binary" }));
    expect(result).not.toBe(input);
    expect(result.sections[0]).not.toBe(input.sections[0]);
  });

  it("tolerates content that is not shaped like a draft", () => {
    expect(normalizeDraftContent({ scorecard: "x" })).toEqual({ scorecard: "x" });
    const odd = {
      sections: [null, 3, { key: "a", criteria: { not: "a list" } }, { key: "b", criteria: [null, "x", {}] }],
    };
    expect(normalizeDraftContent(odd)).toEqual(odd);
  });
});

describe("blank drafts", () => {
  const everyRootCause = [
    "training_gap",
    "process_gap",
    "product_defect",
    "agent_behaviour",
    "tooling",
    "customer_driven",
  ];

  it("blankCriterion: an empty binary criterion of weight 1 with every root cause", () => {
    expect(blankCriterion("greeting")).toEqual({
      key: "greeting",
      label: "",
      guideline: "",
      scale: { type: "binary", labels: ["Not met", "Met"] },
      weight: 1,
      na_allowed: false,
      critical: "none",
      root_causes: everyRootCause,
    });
    const a = blankCriterion("a");
    const b = blankCriterion("a");
    expect(a.root_causes).not.toBe(b.root_causes);
    expect(a.scale.labels).not.toBe(b.scale.labels);
  });

  it("blankSection: weight 1 and one criterion keyed after the section", () => {
    expect(blankSection("opening")).toEqual({
      key: "opening",
      label: "",
      weight: 1,
      criteria: [
        {
          key: "opening_1",
          label: "",
          guideline: "",
          scale: { type: "binary", labels: ["Not met", "Met"] },
          weight: 1,
          na_allowed: false,
          critical: "none",
          root_causes: everyRootCause,
        },
      ],
    });
  });

  it("blankDraft: version 1, threshold 80, one section", () => {
    expect(blankDraft({ scorecard: "email-support", name: "Email support", channel: "email" })).toEqual({
      scorecard: "email-support",
      name: "Email support",
      channel: "email",
      version: 1,
      description: "",
      pass_threshold: 80,
      na_policy: "exclude",
      sections: [
        {
          key: "section_1",
          label: "",
          weight: 1,
          criteria: [
            {
              key: "section_1_1",
              label: "",
              guideline: "",
              scale: { type: "binary", labels: ["Not met", "Met"] },
              weight: 1,
              na_allowed: false,
              critical: "none",
              root_causes: everyRootCause,
            },
          ],
        },
      ],
    });
  });
});

describe("freshKey", () => {
  it("returns the base when it is free, else base_2, base_3, …", () => {
    const d = sampleDraft();
    expect(freshKey(d, "closing", "section")).toBe("closing");
    expect(freshKey(d, "opening", "section")).toBe("opening_2");
    expect(freshKey(d, "greeting", "criterion")).toBe("greeting_2");
    d.sections[2].criteria.push(criterion("greeting_2"));
    expect(freshKey(d, "greeting", "criterion")).toBe("greeting_3");
  });

  it("looks only at keys of the same kind", () => {
    const d = sampleDraft();
    expect(freshKey(d, "greeting", "section")).toBe("greeting");
    expect(freshKey(d, "opening", "criterion")).toBe("opening");
  });
});

describe("moveSection", () => {
  it("moves a section one place down or up", () => {
    const { draft, before } = frozenSample();
    expect(sectionKeys(moveSection(draft, 0, 1))).toEqual(["discovery", "opening", "resolution"]);
    expect(sectionKeys(moveSection(draft, 2, -1))).toEqual(["opening", "resolution", "discovery"]);
    expect(draft).toEqual(before);
  });

  it("does nothing past the top or the bottom", () => {
    const { draft, before } = frozenSample();
    expect(moveSection(draft, 0, -1)).toEqual(before);
    expect(moveSection(draft, 2, 1)).toEqual(before);
  });
});

describe("moveCriterion", () => {
  it("moves a criterion within its section", () => {
    const { draft, before } = frozenSample();
    expect(criterionKeys(moveCriterion(draft, 0, 0, 1))).toEqual([
      ["verify_identity", "greeting"],
      ["understand_issue", "probing"],
      ["accuracy"],
    ]);
    expect(criterionKeys(moveCriterion(draft, 1, 1, -1))).toEqual([
      ["greeting", "verify_identity"],
      ["probing", "understand_issue"],
      ["accuracy"],
    ]);
    expect(draft).toEqual(before);
  });

  it("moves up from the top of a section to the end of the previous one", () => {
    const { draft, before } = frozenSample();
    expect(criterionKeys(moveCriterion(draft, 1, 0, -1))).toEqual([
      ["greeting", "verify_identity", "understand_issue"],
      ["probing"],
      ["accuracy"],
    ]);
    expect(draft).toEqual(before);
  });

  it("moves down from the bottom of a section to the start of the next one", () => {
    const { draft, before } = frozenSample();
    expect(criterionKeys(moveCriterion(draft, 0, 1, 1))).toEqual([
      ["greeting"],
      ["verify_identity", "understand_issue", "probing"],
      ["accuracy"],
    ]);
    expect(draft).toEqual(before);
  });

  it("moves into an empty section", () => {
    const d = sampleDraft();
    d.sections[1].criteria = [];
    deepFreeze(d);
    expect(criterionKeys(moveCriterion(d, 0, 1, 1))).toEqual([["greeting"], ["verify_identity"], ["accuracy"]]);
    expect(criterionKeys(moveCriterion(d, 2, 0, -1))).toEqual([["greeting", "verify_identity"], ["accuracy"], []]);
  });

  it("does nothing at the very top or the very bottom", () => {
    const { draft, before } = frozenSample();
    expect(moveCriterion(draft, 0, 0, -1)).toEqual(before);
    expect(moveCriterion(draft, 2, 0, 1)).toEqual(before);
  });
});

describe("updateSection / updateCriterion", () => {
  it("changes one section and leaves the input as it was", () => {
    const { draft, before } = frozenSample();
    const result = updateSection(draft, 1, { label: "Discovery & triage", weight: "thirty" });
    expect(result.sections[1]).toEqual({
      key: "discovery",
      label: "Discovery & triage",
      weight: "thirty",
      criteria: before.sections[1].criteria,
    });
    expect(result.sections[0]).toEqual(before.sections[0]);
    expect(result.sections[2]).toEqual(before.sections[2]);
    expect(draft).toEqual(before);
  });

  it("changes one criterion and leaves the input as it was", () => {
    const { draft, before } = frozenSample();
    const result = updateCriterion(draft, 1, 1, { weight: "ten", critical: "section" });
    expect(result.sections[1].criteria[1]).toEqual({
      key: "probing",
      label: "Label of probing",
      guideline: "",
      scale: { type: "binary", labels: ["Not met", "Met"] },
      weight: "ten",
      na_allowed: false,
      critical: "section",
      root_causes: ["training_gap"],
    });
    expect(result.sections[1].criteria[0]).toEqual(before.sections[1].criteria[0]);
    expect(result.sections[0]).toEqual(before.sections[0]);
    expect(draft).toEqual(before);
  });
});

describe("addSection / addCriterion", () => {
  it("adds a section section_<N+1> with one criterion", () => {
    const { draft, before } = frozenSample();
    const result = addSection(draft);
    expect(sectionKeys(result)).toEqual(["opening", "discovery", "resolution", "section_4"]);
    expect(result.sections[3]).toEqual(blankSection("section_4"));
    expect(draft).toEqual(before);
  });

  it("gives the new section and its criterion keys not used yet", () => {
    const d = sampleDraft();
    d.sections[2].key = "section_4";
    d.sections[0].criteria.push(criterion("section_4_2_1"));
    const result = addSection(d);
    expect(sectionKeys(result)).toEqual(["opening", "discovery", "section_4", "section_4_2"]);
    expect(criterionKeys(result)[3]).toEqual(["section_4_2_1_2"]);
  });

  it("keys sections of a blank draft in sequence", () => {
    const result = addSection(addSection(blankDraft({ scorecard: "x", name: "X", channel: "any" })));
    expect(sectionKeys(result)).toEqual(["section_1", "section_2", "section_3"]);
    expect(criterionKeys(result)).toEqual([["section_1_1"], ["section_2_1"], ["section_3_1"]]);
  });

  it("adds a criterion <section key>_<N+1> at the end of the section", () => {
    const { draft, before } = frozenSample();
    const result = addCriterion(draft, 1);
    expect(criterionKeys(result)).toEqual([
      ["greeting", "verify_identity"],
      ["understand_issue", "probing", "discovery_3"],
      ["accuracy"],
    ]);
    expect(result.sections[1].criteria[2]).toEqual(blankCriterion("discovery_3"));
    expect(draft).toEqual(before);
  });

  it("gives the new criterion a key not used in any section", () => {
    const d = sampleDraft();
    d.sections[0].criteria.push(criterion("discovery_3"));
    expect(criterionKeys(addCriterion(d, 1))[1]).toEqual(["understand_issue", "probing", "discovery_3_2"]);
  });

  it("falls back to criterion_<N+1> when the section has no key yet", () => {
    const d = sampleDraft();
    d.sections[1].key = "";
    expect(criterionKeys(addCriterion(d, 1))[1]).toEqual(["understand_issue", "probing", "criterion_3"]);
  });
});

describe("removeSection / removeCriterion", () => {
  it("removes one section", () => {
    const { draft, before } = frozenSample();
    expect(sectionKeys(removeSection(draft, 1))).toEqual(["opening", "resolution"]);
    expect(draft).toEqual(before);
  });

  it("removes one criterion", () => {
    const { draft, before } = frozenSample();
    expect(criterionKeys(removeCriterion(draft, 0, 0))).toEqual([
      ["verify_identity"],
      ["understand_issue", "probing"],
      ["accuracy"],
    ]);
    expect(criterionKeys(removeCriterion(draft, 2, 0))).toEqual([
      ["greeting", "verify_identity"],
      ["understand_issue", "probing"],
      [],
    ]);
    expect(draft).toEqual(before);
  });
});

describe("splitCriterion", () => {
  it("puts a copy right below with a new key, a '(part 2)' label and half the weight on both", () => {
    const { draft, before } = frozenSample();
    const result = splitCriterion(draft, 1, 0);
    expect(criterionKeys(result)).toEqual([
      ["greeting", "verify_identity"],
      ["understand_issue", "understand_issue_2", "probing"],
      ["accuracy"],
    ]);
    const [original, copy] = result.sections[1].criteria;
    expect(original).toEqual({
      key: "understand_issue",
      label: "Understood the issue",
      guideline: "",
      scale: { type: "4-point", labels: ["Poor", "Fair", "Good", "Excellent"] },
      weight: 1.5,
      na_allowed: false,
      critical: "none",
      root_causes: ["training_gap", "tooling"],
    });
    expect(copy).toEqual({
      key: "understand_issue_2",
      label: "Understood the issue (part 2)",
      guideline: "",
      scale: { type: "4-point", labels: ["Poor", "Fair", "Good", "Excellent"] },
      weight: 1.5,
      na_allowed: false,
      critical: "none",
      root_causes: ["training_gap", "tooling"],
    });
    expect(copy.scale).not.toBe(original.scale);
    expect(copy.root_causes).not.toBe(original.root_causes);
    expect(draft).toEqual(before);
  });

  it("splits the last criterion of a section", () => {
    const result = splitCriterion(sampleDraft(), 2, 0);
    expect(criterionKeys(result)[2]).toEqual(["accuracy", "accuracy_2"]);
    expect(result.sections[2].criteria.map((c) => c.weight)).toEqual([0.5, 0.5]);
  });

  it("gives the copy a key not used in any section", () => {
    const d = sampleDraft();
    d.sections[0].criteria.push(criterion("understand_issue_2"));
    expect(criterionKeys(splitCriterion(d, 1, 0))[1]).toEqual(["understand_issue", "understand_issue_2_2", "probing"]);
  });

  it("keeps a weight that is not a number as it is, and halves an omitted weight (the default 1)", () => {
    const d = sampleDraft();
    d.sections[1].criteria[0].weight = "ten";
    d.sections[1].criteria[1].weight = undefined;
    expect(splitCriterion(d, 1, 0).sections[1].criteria.map((c) => c.weight)).toEqual(["ten", "ten", undefined]);
    expect(splitCriterion(d, 1, 1).sections[1].criteria.map((c) => c.weight)).toEqual(["ten", 0.5, 0.5]);
  });
});

describe("describeDraftPath", () => {
  const d = sampleDraft();

  it("names sections by label and criteria by key", () => {
    expect(describeDraftPath(d, "sections[1].criteria[0].weight")).toBe(
      'Section "Discovery" › criterion "understand_issue" › weight',
    );
    expect(describeDraftPath(d, "sections[1].criteria[0]")).toBe('Section "Discovery" › criterion "understand_issue"');
    expect(describeDraftPath(d, "sections[0].criteria[1].root_causes")).toBe(
      'Section "Opening" › criterion "verify_identity" › root causes',
    );
    expect(describeDraftPath(d, "sections[1].criteria[0].scale.labels")).toBe(
      'Section "Discovery" › criterion "understand_issue" › scale.labels',
    );
    expect(describeDraftPath(d, "sections[2].key")).toBe('Section "Resolution" › key');
    expect(describeDraftPath(d, "sections[2]")).toBe('Section "Resolution"');
  });

  it("describes the lists themselves", () => {
    expect(describeDraftPath(d, "sections")).toBe("Sections");
    expect(describeDraftPath(d, "sections[0].criteria")).toBe('Section "Opening" › criteria');
  });

  it("describes top-level fields and the scorecard as a whole", () => {
    expect(describeDraftPath(d, "pass_threshold")).toBe("pass threshold");
    expect(describeDraftPath(d, "dispute_window_days")).toBe("dispute window days");
    expect(describeDraftPath(d, "name")).toBe("name");
    expect(describeDraftPath(d, "")).toBe("Scorecard");
  });

  it("falls back to the section key, the criterion label, then the 1-based number", () => {
    const unnamed = sampleDraft();
    unnamed.sections[1].label = "";
    unnamed.sections[1].criteria[0].key = "";
    unnamed.sections[2].label = "";
    unnamed.sections[2].key = "";
    unnamed.sections[2].criteria[0].key = "";
    unnamed.sections[2].criteria[0].label = "";
    expect(describeDraftPath(unnamed, "sections[1].criteria[0].weight")).toBe(
      'Section "discovery" › criterion "Understood the issue" › weight',
    );
    expect(describeDraftPath(unnamed, "sections[2].criteria[0].key")).toBe('Section "3" › criterion "1" › key');
  });

  it("falls back to numbers for indexes out of range", () => {
    expect(describeDraftPath(d, "sections[7].weight")).toBe('Section "8" › weight');
    expect(describeDraftPath(d, "sections[1].criteria[5].key")).toBe('Section "Discovery" › criterion "6" › key');
    expect(describeDraftPath(d, "sections[7].criteria[0].label")).toBe('Section "8" › criterion "1" › label');
  });
});
