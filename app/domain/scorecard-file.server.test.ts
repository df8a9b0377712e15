import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import {
  definitionToFileContent,
  formatScorecardErrors,
  parseScorecardFile,
  serializeScorecardDefinition,
  validateScorecardContent,
} from "./scorecard-file.server";
import { normalizeDraftContent } from "./scorecard-draft";
import { CHANNELS, CRITICALITIES, ROOT_CAUSES, type Scale, type ScorecardDefinition } from "./scorecard-definition";

const FILE = "scorecards/chat-support/v1.yaml";

/** A small valid file in the file format; tests break one thing at a time. */
function validFile() {
  return {
    scorecard: "chat-support",
    name: "Chat support",
    channel: "chat",
    version: 1,
    pass_threshold: 80,
    sections: [
      {
        key: "opening",
        label: "Opening",
        weight: 20,
        criteria: [
          { key: "greeting", label: "Greeted", guideline: "Said hello.", scale: "binary" },
          {
            key: "verify_identity",
            label: "Verified identity",
            guideline: "Two details checked.",
            scale: { type: "binary", labels: ["Not verified", "Verified"] },
            critical: "evaluation",
            na_allowed: true,
          },
        ],
      },
      {
        key: "resolution",
        label: "Resolution",
        weight: 80,
        criteria: [
          {
            key: "accuracy",
            label: "Accurate",
            guideline: "Facts match the knowledge base.",
            scale: { type: "5-point", labels: ["Poor", "Weak", "Adequate", "Good", "Excellent"] },
            pass_at: 4,
            weight: 3,
            critical: "section",
            root_causes: ["training_gap", "product_defect"],
          },
          {
            key: "process",
            label: "Followed process",
            guideline: "Every step done.",
            scale: {
              type: "points",
              options: [
                { value: 0, label: "No" },
                { value: 5, label: "Partly" },
                { value: 10, label: "Yes" },
              ],
            },
          },
        ],
      },
    ],
  };
}
// Tests put wrong types in on purpose.
type Loose = Record<string, any>;

function errorsFor(mutate: (f: Loose) => void, path = FILE): string {
  const file: Loose = validFile();
  mutate(file);
  const result = parseScorecardFile(path, stringify(file));
  expect(result.ok).toBe(false);
  return result.ok ? "" : formatScorecardErrors(result.errors);
}

describe("parseScorecardFile: a valid file", () => {
  it("fills in defaults and converts to the definition", () => {
    const result = parseScorecardFile(FILE, stringify(validFile()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const def = result.definition;
    expect(def).toMatchObject({ description: "", naPolicy: "exclude", passThreshold: 80, version: 1 });
    const [greeting, verify] = def.sections[0].criteria;
    expect(greeting).toMatchObject({
      weight: 1,
      passAt: 1,
      naAllowed: false,
      critical: "none",
      rootCauses: [...ROOT_CAUSES],
      scale: {
        type: "binary",
        options: [
          { value: 0, label: "Not met" },
          { value: 1, label: "Met" },
        ],
      },
    });
    expect(verify.scale.options.map((o) => o.label)).toEqual(["Not verified", "Verified"]);
    const [accuracy, process] = def.sections[1].criteria;
    expect(accuracy.scale.options.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
    expect(accuracy.passAt).toBe(4);
    expect(process.passAt).toBe(5);
  });

  it("accepts Windows-style and absolute paths", () => {
    expect(parseScorecardFile("C:\\repo\\scorecards\\chat-support\\v1.yaml", stringify(validFile())).ok).toBe(true);
    expect(parseScorecardFile("/srv/app/scorecards/chat-support/v1.yaml", stringify(validFile())).ok).toBe(true);
  });
});

describe("parseScorecardFile: located, human errors", () => {
  const cases: { name: string; mutate: (f: Loose) => void; expected: string | RegExp; path?: string }[] = [
    {
      name: "weight that is not a number",
      mutate: (f) => (f.sections[1].criteria[0].weight = "ten"),
      expected: `${FILE}: sections[1].criteria[0].weight: expected a number, got "ten"`,
    },
    {
      name: "negative weight",
      mutate: (f) => (f.sections[0].weight = -5),
      expected: `${FILE}: sections[0].weight: must not be negative`,
    },
    {
      name: "unknown scale type",
      mutate: (f) => (f.sections[0].criteria[0].scale = "6-point"),
      expected: `${FILE}: sections[0].criteria[0].scale.type: unknown scale type "6-point"`,
    },
    {
      name: "labels count mismatch",
      mutate: (f) => (f.sections[1].criteria[0].scale.labels = ["Poor", "Good"]),
      expected: `${FILE}: sections[1].criteria[0].scale.labels: a 5-point scale needs 5 labels, got 2`,
    },
    {
      name: "Likert scale without labels",
      mutate: (f) => (f.sections[0].criteria[0].scale = "3-point"),
      expected: `${FILE}: sections[0].criteria[0].scale.labels: a 3-point scale needs 3 labels`,
    },
    {
      name: "points scale with one option",
      mutate: (f) => (f.sections[1].criteria[1].scale.options = [{ value: 1, label: "Yes" }]),
      expected: `${FILE}: sections[1].criteria[1].scale.options: a points scale needs at least 2 options`,
    },
    {
      name: "points scale with repeated values",
      mutate: (f) => (f.sections[1].criteria[1].scale.options[1].value = 0),
      expected: `${FILE}: sections[1].criteria[1].scale.options: option values must be distinct and in ascending order`,
    },
    {
      name: "duplicate criterion keys, both locations named",
      mutate: (f) => (f.sections[1].criteria[1].key = "greeting"),
      expected: `${FILE}: sections[1].criteria[1].key: duplicate criterion key "greeting": also used at sections[0].criteria[0].key`,
    },
    {
      name: "duplicate section keys",
      mutate: (f) => (f.sections[1].key = "opening"),
      expected: `${FILE}: sections[1].key: duplicate section key "opening": also used at sections[0].key`,
    },
    {
      name: "zero total weight",
      mutate: (f) => {
        f.sections[0].weight = 0;
        f.sections[1].criteria.forEach((c: Loose) => (c.weight = 0));
      },
      expected: `${FILE}: sections: total weight is 0`,
    },
    {
      name: "empty section",
      mutate: (f) => (f.sections[0].criteria = []),
      expected: `${FILE}: sections[0].criteria: a section needs at least one criterion`,
    },
    {
      name: "pass_at not among the scale values",
      mutate: (f) => (f.sections[1].criteria[0].pass_at = 6),
      expected: `${FILE}: sections[1].criteria[0].pass_at: 6 is not a value of the scale (values: 1, 2, 3, 4, 5)`,
    },
    {
      name: "critical criterion that can never fail",
      mutate: (f) => (f.sections[1].criteria[0].pass_at = 1),
      expected: `${FILE}: sections[1].criteria[0].pass_at: a critical criterion must be able to fail, but pass_at 1 is the lowest value of the scale`,
    },
    {
      name: "root cause not in the list",
      mutate: (f) => (f.sections[1].criteria[0].root_causes = ["training_gap", "bad_luck"]),
      expected: `${FILE}: sections[1].criteria[0].root_causes[1]: expected one of ${ROOT_CAUSES.join(", ")}, got "bad_luck"`,
    },
    {
      name: "root cause listed twice",
      mutate: (f) => (f.sections[1].criteria[0].root_causes = ["tooling", "tooling"]),
      expected: `${FILE}: sections[1].criteria[0].root_causes: must not list a root cause twice`,
    },
    {
      name: "folder and slug mismatch",
      mutate: (f) => (f.scorecard = "chat"),
      expected: `${FILE}: scorecard: "chat" does not match its folder "chat-support"`,
    },
    {
      name: "version and file name mismatch",
      mutate: (f) => (f.version = 2),
      expected: `${FILE}: version: 2 does not match the file name v1.yaml`,
    },
    {
      name: "file name not v<N>.yaml",
      mutate: () => {},
      path: "scorecards/chat-support/version1.yaml",
      expected: `scorecards/chat-support/version1.yaml: file name must be v<N>.yaml`,
    },
    {
      name: "unknown key in a criterion",
      mutate: (f) => (f.sections[0].criteria[0].wieght = 2),
      expected:
        /chat-support\/v1\.yaml: sections\[0\]\.criteria\[0\]\.wieght: unknown key; allowed keys are key, label, guideline, scale, pass_at, weight/,
    },
    {
      name: "unknown key at the top level",
      mutate: (f) => (f.owner = "qa"),
      expected: `${FILE}: owner: unknown key`,
    },
    {
      name: "unknown key in a scale",
      mutate: (f) => (f.sections[1].criteria[0].scale.colour = "red"),
      expected: `${FILE}: sections[1].criteria[0].scale.colour: unknown key`,
    },
    {
      name: "missing required field",
      mutate: (f) => delete f.sections[0].criteria[0].label,
      expected: `${FILE}: sections[0].criteria[0].label: is required`,
    },
    {
      name: "unknown channel",
      mutate: (f) => (f.channel = "phone"),
      expected: `${FILE}: channel: expected one of ${CHANNELS.join(", ")}, got "phone"`,
    },
    {
      name: "unknown criticality",
      mutate: (f) => (f.sections[0].criteria[0].critical = "yes"),
      expected: `${FILE}: sections[0].criteria[0].critical: expected one of ${CRITICALITIES.join(", ")}, got "yes"`,
    },
    {
      name: "pass threshold above 100",
      mutate: (f) => (f.pass_threshold = 120),
      expected: `${FILE}: pass_threshold: must be at most 100, got 120`,
    },
    {
      name: "criterion key with capitals",
      mutate: (f) => (f.sections[0].criteria[0].key = "Greeting"),
      expected: `${FILE}: sections[0].criteria[0].key: must use only a-z, 0-9 and _`,
    },
  ];

  it.each(cases)("$name", ({ mutate, expected, path }) => {
    const message = errorsFor(mutate, path);
    if (typeof expected === "string") expect(message).toContain(expected);
    else expect(message).toMatch(expected);
  });

  it("reports bad YAML with its line number", () => {
    const result = parseScorecardFile(FILE, "scorecard: chat-support\nname: [unclosed\nchannel: chat\n");
    expect(result.ok).toBe(false);
    expect(formatScorecardErrors(result.ok ? [] : result.errors)).toMatch(
      /^scorecards\/chat-support\/v1\.yaml: invalid YAML at line \d+, column \d+: /,
    );
  });

  it("reports a key written twice in YAML with its line", () => {
    const text = "scorecard: chat-support\nname: A\nname: B\n";
    const result = parseScorecardFile(FILE, text);
    const message = formatScorecardErrors(result.ok ? [] : result.errors);
    expect(message).toContain(`${FILE}: invalid YAML at line 3`);
  });

  it("reports an empty file", () => {
    const result = parseScorecardFile(FILE, "");
    expect(formatScorecardErrors(result.ok ? [] : result.errors)).toBe(
      `${FILE}: expected a mapping, got an empty value`,
    );
  });

  it("collects every error instead of stopping at the first", () => {
    const message = errorsFor((f) => {
      f.version = 3;
      f.sections[1].criteria[0].weight = "ten";
      f.sections[1].criteria[1].key = "greeting";
      f.sections[0].criteria[1].root_causes = ["bad_luck"];
    });
    expect(message.split("\n")).toHaveLength(4);
    expect(message).toContain("version: 3 does not match");
    expect(message).toContain("sections[1].criteria[0].weight: expected a number");
    expect(message).toContain('duplicate criterion key "greeting"');
    expect(message).toContain("sections[0].criteria[1].root_causes[0]");
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip

const text = fc
  .array(
    fc.constantFrom(
      "a",
      "Z",
      " ",
      ":",
      "# ",
      "-",
      "'",
      '"',
      "\n",
      "é",
      "1",
      "{",
      "[",
      "&",
      "*",
      "|",
      ">",
      "%",
      "@",
      "`",
      "\\",
      "null",
      "true",
      "0x1F",
      "~",
      "yes",
    ),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((parts) => parts.join("").trim())
  .filter((s) => s.length > 0);

const scaleArb: fc.Arbitrary<Scale> = fc.oneof(
  fc.record({ labels: fc.option(fc.tuple(text, text), { nil: undefined }) }).map(({ labels }) => ({
    type: "binary" as const,
    options: (labels ?? ["Not met", "Met"]).map((label, value) => ({ value, label })),
  })),
  fc.constantFrom(3, 4, 5).chain((n) =>
    fc.array(text, { minLength: n, maxLength: n }).map((labels) => ({
      type: `${n}-point` as "3-point",
      options: labels.map((label, i) => ({ value: i + 1, label })),
    })),
  ),
  fc
    .uniqueArray(
      fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
      { minLength: 2, maxLength: 5 },
    )
    .chain((values) =>
      fc.array(text, { minLength: values.length, maxLength: values.length }).map((labels) => ({
        type: "points" as const,
        options: [...values].sort((x, y) => x - y).map((value, i) => ({ value, label: labels[i] })),
      })),
    ),
);

const defArb: fc.Arbitrary<ScorecardDefinition> = fc
  .record({
    name: text,
    channel: fc.constantFrom(...CHANNELS),
    version: fc.integer({ min: 1, max: 99 }),
    description: fc.oneof(fc.constant(""), text),
    passThreshold: fc.double({ min: 0, max: 100, noNaN: true }).filter((v) => !Object.is(v, -0)),
    naPolicy: fc.constantFrom("exclude", "count_as_met"),
    sections: fc.array(
      fc.record({
        label: text,
        weight: fc.constantFrom(1, 2.5, 10, 0),
        criteria: fc.array(
          fc.record({
            label: text,
            guideline: text,
            scale: scaleArb,
            passAtIndex: fc.nat(),
            weight: fc.constantFrom(0, 0.5, 1, 3),
            naAllowed: fc.boolean(),
            critical: fc.constantFrom(...CRITICALITIES),
            rootCauses: fc.subarray([...ROOT_CAUSES], { minLength: 1 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((d) => ({
    ...d,
    scorecard: "generated-card",
    sections: d.sections.map((s, i) => ({
      key: `section_${i}`,
      label: s.label,
      // The first section and criterion carry weight so the total is never zero.
      weight: i === 0 ? 1 : s.weight,
      criteria: s.criteria.map(({ passAtIndex, ...c }, j) => ({
        key: `c_${i}_${j}`,
        ...c,
        weight: i === 0 && j === 0 ? 1 : c.weight,
        // A critical criterion needs a failing answer: never pass at the lowest option.
        passAt: c.scale.options[1 + (passAtIndex % (c.scale.options.length - 1))].value,
      })),
    })),
  }));

describe("serializeScorecardDefinition", () => {
  it("round-trips generated definitions through parse", () => {
    fc.assert(
      fc.property(defArb, (def) => {
        const path = `scorecards/${def.scorecard}/v${def.version}.yaml`;
        const result = parseScorecardFile(path, serializeScorecardDefinition(def));
        if (!result.ok) throw new Error(formatScorecardErrors(result.errors));
        expect(result.definition).toEqual(def);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it("writes snake_case keys in a stable order", () => {
    const result = parseScorecardFile(FILE, stringify(validFile()));
    if (!result.ok) throw new Error("fixture must parse");
    const yaml = serializeScorecardDefinition(result.definition);
    expect(yaml.split("\n").slice(0, 7)).toEqual([
      "scorecard: chat-support",
      "name: Chat support",
      "channel: chat",
      "version: 1",
      'description: ""',
      "pass_threshold: 80",
      "na_policy: exclude",
    ]);
    expect(yaml).toContain("scale: binary\n");
    expect(yaml).toContain("root_causes: [training_gap, product_defect]");
    expect(serializeScorecardDefinition(result.definition)).toBe(yaml);
  });
});

// ---------------------------------------------------------------------------------------------
// The scorecard files shipped in scorecards/

const root = join(process.cwd(), "scorecards");
const shipped = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(root, d.name))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => `scorecards/${d.name}/${f}`),
  );

describe("scorecard files in scorecards/", () => {
  it("includes the four shipped versions", () => {
    expect(shipped).toEqual(
      expect.arrayContaining([
        "scorecards/chat-support/v1.yaml",
        "scorecards/chat-support/v2.yaml",
        "scorecards/voice-call/v1.yaml",
        "scorecards/email-support/v1.yaml",
      ]),
    );
  });

  it.each(shipped)("%s parses cleanly and round-trips", (file) => {
    const result = parseScorecardFile(file, readFileSync(join(process.cwd(), file), "utf8"));
    if (!result.ok) throw new Error(formatScorecardErrors(result.errors));
    const def = result.definition;
    const criteria = def.sections.flatMap((s) => s.criteria);
    expect(criteria.length).toBeGreaterThanOrEqual(10);
    expect(criteria.length).toBeLessThanOrEqual(16);
    expect(criteria.some((c) => c.critical === "section")).toBe(true);
    expect(criteria.some((c) => c.critical === "evaluation")).toBe(true);
    const reparsed = parseScorecardFile(file, serializeScorecardDefinition(def));
    expect(reparsed).toEqual({ ok: true, definition: def });
  });
});

describe("dispute_window_days", () => {
  it("is optional, and when given becomes the version's dispute window", () => {
    const without = parseScorecardFile(FILE, stringify(validFile()));
    expect(without.ok && "disputeWindowDays" in without.definition).toBe(false);
    const file: Loose = validFile();
    file.dispute_window_days = 7;
    const result = parseScorecardFile(FILE, stringify(file));
    expect(result.ok && result.definition.disputeWindowDays).toBe(7);
    if (!result.ok) return;
    const again = parseScorecardFile(FILE, serializeScorecardDefinition(result.definition));
    expect(again.ok && again.definition).toEqual(result.definition);
  });

  it("must be a whole number of days from 1 to 365", () => {
    for (const bad of [0, 400, 2.5, "a week"]) {
      expect(errorsFor((f) => (f.dispute_window_days = bad))).toMatch(
        /scorecards\/chat-support\/v1\.yaml: dispute_window_days: /,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Drafts: the browser editor sends the file format as an object, validated without a file location.

const DRAFT = { file: "draft", checkLocation: false };

function validDefinition(): ScorecardDefinition {
  const result = parseScorecardFile(FILE, stringify(validFile()));
  if (!result.ok) throw new Error("fixture must parse");
  return result.definition;
}

/** What the editor holds for validFile(): every default written out, scales as objects. */
function validDraft(): Loose {
  return normalizeDraftContent(definitionToFileContent(validDefinition()));
}

function draftErrors(mutate: (d: Loose) => void) {
  const draft = validDraft();
  mutate(draft);
  const result = validateScorecardContent(draft, DRAFT);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe("validateScorecardContent (drafts)", () => {
  it("accepts a valid draft and gives the same definition as parsing its YAML", () => {
    const draft = validDraft();
    expect(draft.sections[0].criteria[0].scale).toEqual({ type: "binary", labels: ["Not met", "Met"] });
    const result = validateScorecardContent(draft, DRAFT);
    expect(result).toEqual({ ok: true, definition: validDefinition() });
    expect(result).toEqual(parseScorecardFile(FILE, stringify(draft)));
    expect(validateScorecardContent(definitionToFileContent(validDefinition()), DRAFT)).toEqual(result);
  });

  it("reports no location errors without checkLocation, whatever the file name", () => {
    const draft = validDraft();
    draft.scorecard = "chat-support";
    draft.version = 7;
    for (const file of ["draft", "scorecards/voice-call/v2.yaml", "uploads/My scorecard.yml", ""]) {
      expect(validateScorecardContent(draft, { file, checkLocation: false }).ok).toBe(true);
    }
    expect(validateScorecardContent(draft, { file: "scorecards/voice-call/v2.yaml", checkLocation: true })).toEqual({
      ok: false,
      errors: [
        { file: "scorecards/voice-call/v2.yaml", path: "version", message: "7 does not match the file name v2.yaml" },
        {
          file: "scorecards/voice-call/v2.yaml",
          path: "scorecard",
          message: '"chat-support" does not match its folder "voice-call"',
        },
      ],
    });
  });

  it("refuses a criterion without any root cause: a miss could never be submitted", () => {
    const draft = validDraft();
    draft.sections[0].criteria[0].root_causes = [];
    expect(validateScorecardContent(draft, DRAFT)).toEqual({
      ok: false,
      errors: [
        {
          file: "draft",
          path: "sections[0].criteria[0].root_causes",
          message: "list at least one root cause: a reviewer picks one whenever the criterion is not met",
        },
      ],
    });
  });

  it("names both places of a criterion key used in two sections", () => {
    expect(draftErrors((d) => (d.sections[1].criteria[1].key = "greeting"))).toEqual([
      {
        file: "draft",
        path: "sections[1].criteria[1].key",
        message: 'duplicate criterion key "greeting": also used at sections[0].criteria[0].key',
      },
    ]);
  });

  it("reports a duplicate section key", () => {
    expect(draftErrors((d) => (d.sections[1].key = "opening"))).toEqual([
      {
        file: "draft",
        path: "sections[1].key",
        message: 'duplicate section key "opening": also used at sections[0].key',
      },
    ]);
  });

  it("reports an empty section", () => {
    expect(draftErrors((d) => (d.sections[0].criteria = []))).toEqual([
      { file: "draft", path: "sections[0].criteria", message: "a section needs at least one criterion" },
    ]);
  });

  it("reports a total weight of zero", () => {
    const errors = draftErrors((d) => {
      d.sections[0].weight = 0;
      d.sections[1].criteria[0].weight = 0;
      d.sections[1].criteria[1].weight = 0;
    });
    expect(errors).toEqual([
      {
        file: "draft",
        path: "sections",
        message:
          "total weight is 0: no section with weight > 0 has a criterion with weight > 0, so nothing can be scored",
      },
    ]);
  });

  it("reports a critical criterion whose pass_at is the lowest value of its scale", () => {
    // verify_identity: binary, critical "evaluation".
    expect(draftErrors((d) => (d.sections[0].criteria[1].pass_at = 0))).toEqual([
      {
        file: "draft",
        path: "sections[0].criteria[1].pass_at",
        message: "a critical criterion must be able to fail, but pass_at 0 is the lowest value of the scale",
      },
    ]);
    // process: points 0 / 5 / 10, made critical.
    expect(
      draftErrors((d) => {
        d.sections[1].criteria[1].critical = "section";
        d.sections[1].criteria[1].pass_at = 0;
      }),
    ).toEqual([
      {
        file: "draft",
        path: "sections[1].criteria[1].pass_at",
        message: "a critical criterion must be able to fail, but pass_at 0 is the lowest value of the scale",
      },
    ]);
  });

  it("lets a critical criterion without pass_at pass: the default is never the lowest value", () => {
    // Default pass_at: the smallest value at least halfway up the scale, so 5 of 0 / 5 / 10, 1 of binary.
    const draft = validDraft();
    draft.sections[1].criteria[1].critical = "evaluation";
    delete draft.sections[1].criteria[1].pass_at;
    draft.sections[0].criteria[1].pass_at = undefined;
    const result = validateScorecardContent(draft, DRAFT);
    if (!result.ok) throw new Error(formatScorecardErrors(result.errors));
    expect(result.definition.sections[1].criteria[1]).toMatchObject({ critical: "evaluation", passAt: 5 });
    expect(result.definition.sections[0].criteria[1]).toMatchObject({ critical: "evaluation", passAt: 1 });

    // A two-option points scale with a negative low end: the default is the top value.
    draft.sections[1].criteria[1].scale = {
      type: "points",
      options: [
        { value: -2, label: "Wrong" },
        { value: 3, label: "Right" },
      ],
    };
    const two = validateScorecardContent(draft, DRAFT);
    expect(two.ok && two.definition.sections[1].criteria[1].passAt).toBe(3);
    draft.sections[1].criteria[1].pass_at = -2;
    expect(validateScorecardContent(draft, DRAFT)).toEqual({
      ok: false,
      errors: [
        {
          file: "draft",
          path: "sections[1].criteria[1].pass_at",
          message: "a critical criterion must be able to fail, but pass_at -2 is the lowest value of the scale",
        },
      ],
    });
  });

  it('reports a weight typed as "ten"', () => {
    expect(draftErrors((d) => (d.sections[1].criteria[0].weight = "ten"))).toEqual([
      { file: "draft", path: "sections[1].criteria[0].weight", message: 'expected a number, got "ten"' },
    ]);
  });

  it("reports every problem in one pass", () => {
    const errors = draftErrors((d) => {
      d.name = " ";
      d.sections[0].criteria[1].pass_at = 0;
      d.sections[1].key = "opening";
      d.sections[1].criteria[0].weight = "ten";
      d.sections[1].criteria[1].key = "greeting";
      d.sections.push({ key: "closing", label: "Closing", weight: 5, criteria: [] });
    });
    expect(errors).toEqual([
      { file: "draft", path: "name", message: "must not be empty" },
      { file: "draft", path: "sections[1].criteria[0].weight", message: 'expected a number, got "ten"' },
      { file: "draft", path: "sections[2].criteria", message: "a section needs at least one criterion" },
      {
        file: "draft",
        path: "sections[0].criteria[1].pass_at",
        message: "a critical criterion must be able to fail, but pass_at 0 is the lowest value of the scale",
      },
      {
        file: "draft",
        path: "sections[1].key",
        message: 'duplicate section key "opening": also used at sections[0].key',
      },
      {
        file: "draft",
        path: "sections[1].criteria[1].key",
        message: 'duplicate criterion key "greeting": also used at sections[0].criteria[0].key',
      },
    ]);
  });
});

describe("parseScorecardFile with checkLocation: false", () => {
  it('accepts a file name like "chat-support-v3.yaml" that the default call refuses', () => {
    const file: Loose = validFile();
    file.version = 3;
    const yaml = stringify(file);
    expect(parseScorecardFile("chat-support-v3.yaml", yaml)).toEqual({
      ok: false,
      errors: [
        { file: "chat-support-v3.yaml", path: "", message: 'file name must be v<N>.yaml, got "chat-support-v3.yaml"' },
        { file: "chat-support-v3.yaml", path: "", message: "file must live at scorecards/<slug>/v<N>.yaml" },
      ],
    });
    const result = parseScorecardFile("chat-support-v3.yaml", yaml, { checkLocation: false });
    if (!result.ok) throw new Error(formatScorecardErrors(result.errors));
    expect(result.definition).toMatchObject({ scorecard: "chat-support", version: 3 });
  });
});
