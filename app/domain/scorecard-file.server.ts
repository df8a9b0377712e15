/**
 * Scorecard version files (scorecards/<slug>/v<N>.yaml): parsing with located, human errors, and
 * serialisation back to the same format. The format is documented in scorecards/README.md.
 * Server-only because of zod's bundle size; takes text, never touches the file system.
 */
import { Document, LineCounter, isCollection, parseDocument, visit } from "yaml";
import { z } from "zod";
import {
  BINARY_LABELS,
  CHANNELS,
  CRITICALITIES,
  NA_POLICIES,
  ROOT_CAUSES,
  SCALE_TYPES,
  defaultPassAt,
  likertSize,
  type Scale,
  type ScorecardDefinition,
} from "./scorecard-definition";

export type ScorecardFileError = { file: string; path: string; message: string };
export type ParseScorecardResult =
  { ok: true; definition: ScorecardDefinition } | { ok: false; errors: ScorecardFileError[] };

type Path = (string | number)[];

// ---------------------------------------------------------------------------------------------
// Structure (zod). Rules that span several fields live in checkConsistency, which also runs when
// the structure is broken, so one pass reports every problem.

const KeySchema = z.string().regex(/^[a-z0-9_]+$/, "must use only a-z, 0-9 and _");
const TextSchema = z.string().trim().min(1, "must not be empty");
const WeightSchema = z.number().min(0, "must not be negative");

const OptionSchema = z.strictObject({ value: z.number(), label: TextSchema });

const ScaleFileSchema = z.preprocess(
  (v) => (typeof v === "string" ? { type: v } : v),
  z
    .strictObject({
      type: z.enum(SCALE_TYPES, {
        error: (iss) => `unknown scale type ${describe(iss.input)}; expected one of ${SCALE_TYPES.join(", ")}`,
      }),
      labels: z.array(TextSchema).optional(),
      options: z.array(OptionSchema).optional(),
    })
    .superRefine((scale, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (scale.type === "points") {
        if (scale.labels) issue("labels", "a points scale takes options, not labels");
        if (!scale.options || scale.options.length < 2) issue("options", "a points scale needs at least 2 options");
        else if (scale.options.some((o, i) => i > 0 && o.value <= scale.options![i - 1].value))
          issue("options", "option values must be distinct and in ascending order");
        return;
      }
      if (scale.options) issue("options", `a ${scale.type} scale takes labels, not options`);
      const expected = scale.type === "binary" ? 2 : likertSize(scale.type);
      if (scale.type !== "binary" && !scale.labels) issue("labels", `a ${scale.type} scale needs ${expected} labels`);
      else if (scale.labels && scale.labels.length !== expected)
        issue("labels", `a ${scale.type} scale needs ${expected} labels, got ${scale.labels.length}`);
    })
    .transform((scale): Scale => {
      if (scale.type === "points") return { type: "points", options: scale.options! };
      if (scale.type === "binary") {
        const labels = scale.labels ?? BINARY_LABELS;
        return { type: "binary", options: labels.map((label, value) => ({ value, label })) };
      }
      return { type: scale.type, options: scale.labels!.map((label, i) => ({ value: i + 1, label })) };
    }),
);

const CriterionFileSchema = z.strictObject({
  key: KeySchema,
  label: TextSchema,
  guideline: TextSchema,
  scale: ScaleFileSchema,
  pass_at: z.number().optional(),
  weight: WeightSchema.default(1),
  na_allowed: z.boolean().default(false),
  critical: z.enum(CRITICALITIES).default("none"),
  root_causes: z
    .array(z.enum(ROOT_CAUSES))
    // Scoring asks for a root cause on every miss, so a criterion needs at least one to be scorable.
    .min(1, "list at least one root cause: a reviewer picks one whenever the criterion is not met")
    .refine((list) => new Set(list).size === list.length, "must not list a root cause twice")
    .default([...ROOT_CAUSES]),
});

const SectionFileSchema = z.strictObject({
  key: KeySchema,
  label: TextSchema,
  weight: WeightSchema,
  criteria: z.array(CriterionFileSchema).min(1, "a section needs at least one criterion"),
});

const ScorecardFileSchema = z
  .strictObject({
    scorecard: z.string().regex(/^[a-z0-9-]+$/, "must use only a-z, 0-9 and -"),
    name: TextSchema,
    channel: z.enum(CHANNELS),
    version: z.number().int().min(1),
    description: z.string().trim().default(""),
    pass_threshold: z.number().min(0).max(100),
    na_policy: z.enum(NA_POLICIES).default("exclude"),
    dispute_window_days: z.number().int().min(1).max(365).optional(),
    sections: z.array(SectionFileSchema).min(1, "a scorecard needs at least one section"),
  })
  .transform((f): ScorecardDefinition => ({
    scorecard: f.scorecard,
    name: f.name,
    channel: f.channel,
    version: f.version,
    description: f.description,
    passThreshold: f.pass_threshold,
    naPolicy: f.na_policy,
    ...(f.dispute_window_days === undefined ? {} : { disputeWindowDays: f.dispute_window_days }),
    sections: f.sections.map((s) => ({
      key: s.key,
      label: s.label,
      weight: s.weight,
      criteria: s.criteria.map((c) => ({
        key: c.key,
        label: c.label,
        guideline: c.guideline,
        scale: c.scale,
        passAt: c.pass_at ?? defaultPassAt(c.scale),
        weight: c.weight,
        naAllowed: c.na_allowed,
        critical: c.critical,
        rootCauses: c.root_causes,
      })),
    })),
  }));

// ---------------------------------------------------------------------------------------------
// Messages

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "is required";
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}, got ${describe(iss.input)}`;
    case "invalid_value":
      return `expected one of ${iss.values.map(String).join(", ")}, got ${describe(iss.input)}`;
    case "too_small":
      return `must be at least ${String(iss.minimum)}, got ${describe(iss.input)}`;
    case "too_big":
      return `must be at most ${String(iss.maximum)}, got ${describe(iss.input)}`;
    case "unrecognized_keys": {
      const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape ?? {};
      return `unknown key; allowed keys are ${Object.keys(shape).join(", ")}`;
    }
    default:
      return undefined;
  }
};

export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    "",
  );
}

/** "scorecards/chat/v2.yaml: sections[1].criteria[0].weight: expected a number, got \"ten\"", one per line. */
export function formatScorecardErrors(errors: ScorecardFileError[]): string {
  return errors.map((e) => [e.file, e.path, e.message].filter(Boolean).join(": ")).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** checkLocation: the path must be scorecards/<slug>/v<N>.yaml matching the content (off for uploads). */
export function parseScorecardFile(
  path: string,
  text: string,
  options = { checkLocation: true },
): ParseScorecardResult {
  const yaml = readScorecardYaml(path, text);
  if (!yaml.ok) return yaml;
  return validateScorecardContent(yaml.raw, { file: path, checkLocation: options.checkLocation });
}

/** The YAML of a scorecard file as plain data, or its syntax errors with line and column. */
export function readScorecardYaml(
  path: string,
  text: string,
): { ok: true; raw: unknown } | { ok: false; errors: ScorecardFileError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length === 0) return { ok: true, raw: doc.toJS() };
  return {
    ok: false,
    errors: doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { file: path, path: "", message: `invalid YAML at line ${line}, column ${col}: ${e.message}` };
    }),
  };
}

/**
 * The one validation of a scorecard: the file schema plus the rules across fields. Files run it on their
 * parsed YAML (checkLocation: the folder and file name must match); the browser editor's drafts run it on
 * their content, which has the file's shape.
 */
export function validateScorecardContent(
  raw: unknown,
  options: { file: string; checkLocation: boolean },
): ParseScorecardResult {
  const error = (at: Path | string, message: string): ScorecardFileError => ({
    file: options.file,
    path: typeof at === "string" ? at : formatPath(at),
    message,
  });
  const parsed = ScorecardFileSchema.safeParse(raw, { error: errorMap });
  const errors: ScorecardFileError[] = [];
  for (const issue of parsed.error?.issues ?? []) {
    const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors.push(error([...at, key], issue.message));
    } else {
      errors.push(error(at, issue.message));
    }
  }
  if (options.checkLocation) errors.push(...checkLocation(raw, options.file).map((e) => error(e.path, e.message)));
  errors.push(...checkConsistency(raw).map((e) => error(e.path, e.message)));

  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, definition: parsed.data };
}

type Problem = { path: Path | string; message: string };
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The folder must be the slug and the file name v<version>.yaml. */
function checkLocation(raw: unknown, filePath: string): Problem[] {
  const problems: Problem[] = [];
  const parts = filePath.split(/[\\/]/);
  const fileName = parts[parts.length - 1];
  const folder = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const fileVersion = /^v([1-9][0-9]*)\.yaml$/.exec(fileName)?.[1];
  if (!fileVersion) problems.push({ path: "", message: `file name must be v<N>.yaml, got "${fileName}"` });
  else if (isObj(raw) && typeof raw.version === "number" && raw.version !== Number(fileVersion))
    problems.push({ path: ["version"], message: `${raw.version} does not match the file name ${fileName}` });
  if (!folder) problems.push({ path: "", message: "file must live at scorecards/<slug>/v<N>.yaml" });
  else if (isObj(raw) && typeof raw.scorecard === "string" && raw.scorecard !== folder)
    problems.push({ path: ["scorecard"], message: `"${raw.scorecard}" does not match its folder "${folder}"` });
  return problems;
}

/** Rules across fields; tolerant of a broken structure (the schema reports that). */
function checkConsistency(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isObj(raw)) return problems;

  const sectionKeys = new Map<string, string>();
  const criterionKeys = new Map<string, string>();
  const claim = (seen: Map<string, string>, key: unknown, at: Path, what: string) => {
    if (typeof key !== "string") return;
    const first = seen.get(key);
    if (first) problems.push({ path: at, message: `duplicate ${what} key "${key}": also used at ${first}` });
    else seen.set(key, formatPath(at));
  };

  let totalWeight = 0;
  let weightsKnown = true;
  list(raw.sections).forEach((section, i) => {
    if (!isObj(section)) return;
    claim(sectionKeys, section.key, ["sections", i, "key"], "section");
    let criteriaWeight = 0;
    list(section.criteria).forEach((criterion, j) => {
      if (!isObj(criterion)) return;
      const at: Path = ["sections", i, "criteria", j];
      claim(criterionKeys, criterion.key, [...at, "key"], "criterion");
      const weight = criterion.weight ?? 1;
      if (typeof weight === "number") criteriaWeight += Math.max(weight, 0);
      else weightsKnown = false;
      problems.push(...checkPassAt(criterion, at));
    });
    if (typeof section.weight === "number") totalWeight += criteriaWeight > 0 ? Math.max(section.weight, 0) : 0;
    else weightsKnown = false;
  });
  if (weightsKnown && list(raw.sections).length > 0 && totalWeight === 0)
    problems.push({
      path: ["sections"],
      message:
        "total weight is 0: no section with weight > 0 has a criterion with weight > 0, so nothing can be scored",
    });
  return problems;
}

function checkPassAt(criterion: Obj, at: Path): Problem[] {
  const scale = ScaleFileSchema.safeParse(criterion.scale);
  if (!scale.success) return [];
  const values = scale.data.options.map((o) => o.value);
  const passAt = criterion.pass_at;
  if (typeof passAt === "number" && !values.includes(passAt))
    return [
      { path: [...at, "pass_at"], message: `${passAt} is not a value of the scale (values: ${values.join(", ")})` },
    ];
  const effective = typeof passAt === "number" ? passAt : defaultPassAt(scale.data);
  const critical = criterion.critical;
  if ((critical === "section" || critical === "evaluation") && effective <= Math.min(...values))
    return [
      {
        path: [...at, "pass_at"],
        message: `a critical criterion must be able to fail, but pass_at ${effective} is the lowest value of the scale`,
      },
    ];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Serialisation

function scaleToFile(scale: Scale): unknown {
  if (scale.type === "points")
    return { type: "points", options: scale.options.map((o) => ({ value: o.value, label: o.label })) };
  const labels = scale.options.map((o) => o.label);
  if (scale.type === "binary" && labels.join("\n") === BINARY_LABELS.join("\n")) return "binary";
  return { type: scale.type, labels };
}

/** The file format as a plain object, snake_case keys in a fixed order, every default written out. */
export function definitionToFileContent(def: ScorecardDefinition) {
  return {
    scorecard: def.scorecard,
    name: def.name,
    channel: def.channel,
    version: def.version,
    description: def.description,
    pass_threshold: def.passThreshold,
    na_policy: def.naPolicy,
    ...(def.disputeWindowDays === undefined ? {} : { dispute_window_days: def.disputeWindowDays }),
    sections: def.sections.map((s) => ({
      key: s.key,
      label: s.label,
      weight: s.weight,
      criteria: s.criteria.map((c) => ({
        key: c.key,
        label: c.label,
        guideline: c.guideline,
        scale: scaleToFile(c.scale),
        pass_at: c.passAt,
        weight: c.weight,
        na_allowed: c.naAllowed,
        critical: c.critical,
        root_causes: [...c.rootCauses],
      })),
    })),
  };
}

/** YAML in the file format (see definitionToFileContent). */
export function serializeScorecardDefinition(def: ScorecardDefinition): string {
  const doc = new Document(definitionToFileContent(def));
  // Short collections on one line keep a criterion readable at a glance. Inside them, any string that
  // is not plainly safe is double-quoted: the yaml library mis-writes some plain scalars in flow style.
  def.sections.forEach((s, i) =>
    s.criteria.forEach((_, j) => {
      for (const key of ["scale", "root_causes"]) {
        const node = doc.getIn(["sections", i, "criteria", j, key], true);
        if (!isCollection(node)) continue;
        node.flow = true;
        visit(node, {
          Scalar(_key, scalar) {
            if (typeof scalar.value === "string" && !/^[A-Za-z0-9][\w .()'/-]*$/.test(scalar.value))
              scalar.type = "QUOTE_DOUBLE";
          },
        });
      }
    }),
  );
  return doc.toString({ lineWidth: 100, blockQuote: "literal", flowCollectionPadding: false });
}
