import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffScorecardVersions } from "./scorecard-diff";
import { parseScorecardFile } from "./scorecard-file.server";
import { ROOT_CAUSES, type Criterion, type ScorecardDefinition } from "./scorecard-definition";

const binary = {
  type: "binary" as const,
  options: [
    { value: 0, label: "Not met" },
    { value: 1, label: "Met" },
  ],
};
const crit = (key: string, over: Partial<Criterion> = {}): Criterion => ({
  key,
  label: key,
  guideline: `How to judge ${key}.`,
  scale: binary,
  passAt: 1,
  weight: 1,
  naAllowed: false,
  critical: "none",
  rootCauses: [...ROOT_CAUSES],
  ...over,
});

const v1: ScorecardDefinition = {
  scorecard: "chat-support",
  name: "Chat",
  channel: "chat",
  version: 1,
  description: "",
  passThreshold: 80,
  naPolicy: "exclude",
  sections: [
    { key: "opening", label: "Opening", weight: 10, criteria: [crit("greeting"), crit("verify_identity")] },
    { key: "resolution", label: "Resolution", weight: 50, criteria: [crit("accuracy"), crit("links")] },
    { key: "closing", label: "Closing", weight: 10, criteria: [crit("goodbye")] },
  ],
};

describe("diffScorecardVersions", () => {
  it("reports nothing but unchanged criteria for identical versions", () => {
    const diff = diffScorecardVersions(v1, structuredClone(v1));
    expect(diff.version).toEqual([]);
    expect(diff.sections).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.criteria).toMatchObject({ added: [], removed: [], changed: [] });
    expect(diff.criteria.unchanged).toEqual(["greeting", "verify_identity", "accuracy", "links", "goodbye"]);
  });

  it("matches criteria by key and lists changed fields with before and after", () => {
    const v2: ScorecardDefinition = {
      ...v1,
      version: 2,
      name: "Chat support",
      passThreshold: 85,
      naPolicy: "count_as_met",
      sections: [
        {
          key: "opening",
          label: "Opening and identity",
          weight: 15,
          criteria: [
            crit("greeting", { guideline: "Rewritten." }),
            crit("verify_identity", { critical: "evaluation", naAllowed: true }),
          ],
        },
        {
          key: "resolution",
          label: "Resolution",
          weight: 50,
          criteria: [
            crit("accuracy", {
              scale: { type: "3-point", options: [1, 2, 3].map((value) => ({ value, label: `L${value}` })) },
              passAt: 2,
              weight: 2,
              rootCauses: ["training_gap"],
            }),
            crit("resolved"),
            crit("goodbye", { label: "Closed politely" }),
          ],
        },
        { key: "compliance", label: "Compliance", weight: 10, criteria: [crit("data_protection")] },
      ],
    };
    const diff = diffScorecardVersions(v1, v2);

    expect(diff.fromVersion).toBe(1);
    expect(diff.toVersion).toBe(2);
    expect(diff.version).toEqual([
      { field: "name", before: "Chat", after: "Chat support" },
      { field: "passThreshold", before: 80, after: 85 },
      { field: "naPolicy", before: "exclude", after: "count_as_met" },
    ]);
    expect(diff.sections.added.map((s) => s.key)).toEqual(["compliance"]);
    expect(diff.sections.removed.map((s) => s.key)).toEqual(["closing"]);
    expect(diff.sections.changed).toEqual([
      {
        key: "opening",
        changes: [
          { field: "label", before: "Opening", after: "Opening and identity" },
          { field: "weight", before: 10, after: 15 },
        ],
      },
    ]);

    expect(diff.criteria.added.map((p) => [p.section, p.criterion.key])).toEqual([
      ["resolution", "resolved"],
      ["compliance", "data_protection"],
    ]);
    expect(diff.criteria.removed.map((p) => [p.section, p.criterion.key])).toEqual([["resolution", "links"]]);
    expect(diff.criteria.unchanged).toEqual([]);

    const changes = Object.fromEntries(diff.criteria.changed.map((c) => [c.key, c.changes]));
    expect(changes.greeting).toEqual([{ field: "guideline", before: "How to judge greeting.", after: "Rewritten." }]);
    expect(changes.verify_identity).toEqual([
      { field: "naAllowed", before: false, after: true },
      { field: "critical", before: "none", after: "evaluation" },
    ]);
    expect(changes.accuracy.map((c) => c.field)).toEqual(["scale", "passAt", "weight", "rootCauses"]);
    expect(changes.accuracy.find((c) => c.field === "rootCauses")).toMatchObject({ after: ["training_gap"] });
    expect(changes.goodbye).toEqual([
      { field: "label", before: "goodbye", after: "Closed politely" },
      { field: "section", before: "closing", after: "resolution" },
    ]);
  });

  it("treats root causes as a set", () => {
    const reordered = structuredClone(v1);
    reordered.sections[0].criteria[0].rootCauses = [...ROOT_CAUSES].reverse();
    expect(diffScorecardVersions(v1, reordered).criteria.changed).toEqual([]);
  });

  it("describes the shipped chat-support v1 -> v2 change", () => {
    const load = (file: string) => {
      const result = parseScorecardFile(file, readFileSync(join(process.cwd(), file), "utf8"));
      if (!result.ok) throw new Error(`${file} must parse`);
      return result.definition;
    };
    const diff = diffScorecardVersions(
      load("scorecards/chat-support/v1.yaml"),
      load("scorecards/chat-support/v2.yaml"),
    );

    expect(diff.criteria.added.map((p) => p.criterion.key).sort()).toEqual(["information_accurate", "issue_resolved"]);
    expect(diff.criteria.removed.map((p) => p.criterion.key).sort()).toEqual([
      "resolution_accuracy",
      "used_knowledge_base",
    ]);
    const changes = Object.fromEntries(diff.criteria.changed.map((c) => [c.key, c.changes]));
    expect(changes.verify_identity).toEqual([{ field: "critical", before: "section", after: "evaluation" }]);
    expect(changes.understand_issue.map((c) => c.field)).toEqual(["guideline"]);
    expect(diff.sections.changed.map((s) => [s.key, s.changes.map((c) => [c.field, c.before, c.after])])).toEqual([
      ["resolution", [["weight", 35, 40]]],
      ["communication", [["weight", 20, 15]]],
    ]);
  });
});
