/**
 * A scorecard draft as the browser editor holds it: the file format (scorecards/README.md) as an object,
 * possibly invalid while the author types. Validation is the file schema's, on the server
 * (validateScorecardContent); here are the shape and the pure edits the editor makes. Browser-safe.
 */
import {
  BINARY_LABELS,
  ROOT_CAUSES,
  SCALE_TYPES,
  likertSize,
  type Channel,
  type Criticality,
  type NaPolicy,
  type RootCause,
  type ScaleType,
} from "./scorecard-definition";

/** A validation error as the editor shows it: path is the field's id, e.g. sections[1].criteria[0].weight. */
export type DraftError = { path: string; message: string };

/** What a number input holds: a number once it parses, else the text typed (the schema reports it). */
export type NumberField = number | string | undefined;

export type DraftScale = {
  type: ScaleType;
  labels?: string[];
  options?: { value?: NumberField; label: string }[];
};

export type DraftCriterion = {
  key: string;
  label: string;
  guideline: string;
  scale: DraftScale;
  pass_at?: NumberField;
  weight?: NumberField;
  na_allowed: boolean;
  critical: Criticality;
  root_causes: RootCause[];
};

export type DraftSection = { key: string; label: string; weight?: NumberField; criteria: DraftCriterion[] };

export type DraftContent = {
  scorecard: string;
  name: string;
  channel: Channel;
  version: number;
  description: string;
  pass_threshold?: NumberField;
  na_policy: NaPolicy;
  dispute_window_days?: NumberField;
  sections: DraftSection[];
};

export function toNumberField(text: string): NumberField {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}

export function numberText(value: NumberField): string {
  return value === undefined ? "" : String(value);
}

const DEFAULT_LABELS: Record<ScaleType, string[]> = {
  binary: [...BINARY_LABELS],
  "3-point": ["Not met", "Partly met", "Met"],
  "4-point": ["Poor", "Fair", "Good", "Excellent"],
  "5-point": ["Very poor", "Poor", "Fair", "Good", "Excellent"],
  points: [],
};

/** A scale of another type, keeping the labels that still fit. */
export function changeScaleType(scale: DraftScale, type: ScaleType): DraftScale {
  if (type === "points") {
    const labels = scale.labels ?? [];
    return {
      type,
      options:
        scale.options ??
        (labels.length >= 2
          ? labels.map((label, i) => ({ value: i, label }))
          : [
              { value: 0, label: "No" },
              { value: 1, label: "Yes" },
            ]),
    };
  }
  const size = type === "binary" ? 2 : likertSize(type);
  const previous = scale.labels ?? scale.options?.map((o) => o.label) ?? [];
  const labels = previous.length === size ? previous : DEFAULT_LABELS[type];
  return { type, labels: [...labels] };
}

/** The file allows `scale: binary`; the editor always holds an object. */
export function normalizeDraftContent(content: unknown): DraftContent {
  const draft = structuredClone(content) as DraftContent;
  // Saved content is only known to be an object (readDraftForm): skip what is not shaped like a draft
  // instead of throwing, and leave an unknown scale type for the schema to report.
  for (const section of Array.isArray(draft.sections) ? draft.sections : []) {
    if (typeof section !== "object" || section === null || !Array.isArray(section.criteria)) continue;
    for (const criterion of section.criteria) {
      if (typeof criterion !== "object" || criterion === null) continue;
      const scale = criterion.scale as DraftScale | string;
      if (typeof scale === "string")
        criterion.scale = (SCALE_TYPES as readonly string[]).includes(scale)
          ? changeScaleType({ type: "binary" }, scale as ScaleType)
          : { type: scale as ScaleType };
      else if (scale && scale.type === "binary" && !scale.labels)
        criterion.scale = { ...scale, labels: [...BINARY_LABELS] };
    }
  }
  return draft;
}

/**
 * A scorecard file's content with the defaults it may leave out written in (see scorecards/README.md),
 * so the editor can show every field; what is missing and has no default stays for the schema to report.
 */
export function fileContentToDraft(raw: Record<string, unknown>): DraftContent {
  const draft = normalizeDraftContent({
    scorecard: "",
    name: "",
    channel: "",
    // Publishing numbers the version; the file's number only matters to the folder sync.
    version: 1,
    description: "",
    na_policy: "exclude",
    ...raw,
  });
  for (const section of Array.isArray(draft.sections) ? draft.sections : []) {
    if (typeof section !== "object" || section === null || !Array.isArray(section.criteria)) continue;
    for (const criterion of section.criteria) {
      if (typeof criterion !== "object" || criterion === null) continue;
      criterion.weight ??= 1;
      criterion.na_allowed ??= false;
      criterion.critical ??= "none";
      criterion.root_causes ??= [...ROOT_CAUSES];
    }
  }
  return draft;
}

export function blankCriterion(key: string): DraftCriterion {
  return {
    key,
    label: "",
    guideline: "",
    scale: { type: "binary", labels: [...BINARY_LABELS] },
    weight: 1,
    na_allowed: false,
    critical: "none",
    root_causes: [...ROOT_CAUSES],
  };
}

export function blankSection(key: string): DraftSection {
  return { key, label: "", weight: 1, criteria: [blankCriterion(`${key}_1`)] };
}

export function blankDraft(input: { scorecard: string; name: string; channel: Channel }): DraftContent {
  return {
    ...input,
    version: 1,
    description: "",
    pass_threshold: 80,
    na_policy: "exclude",
    sections: [blankSection("section_1")],
  };
}

/** A key not used yet in the draft: base, base_2, base_3, … */
export function freshKey(draft: DraftContent, base: string, kind: "section" | "criterion"): string {
  const used = new Set(
    kind === "section" ? draft.sections.map((s) => s.key) : draft.sections.flatMap((s) => s.criteria.map((c) => c.key)),
  );
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

export function moveSection(draft: DraftContent, index: number, delta: -1 | 1): DraftContent {
  return { ...draft, sections: moved(draft.sections, index, index + delta) };
}

/**
 * Moves a criterion one place up or down; past the top or bottom of its section it moves into the end of
 * the previous section or the start of the next one.
 */
export function moveCriterion(draft: DraftContent, sectionIndex: number, index: number, delta: -1 | 1): DraftContent {
  const sections = draft.sections.map((s) => ({ ...s, criteria: [...s.criteria] }));
  const section = sections[sectionIndex];
  const target = index + delta;
  if (target >= 0 && target < section.criteria.length) {
    section.criteria = moved(section.criteria, index, target);
    return { ...draft, sections };
  }
  const neighbour = sections[sectionIndex + delta];
  if (!neighbour) return draft;
  const [criterion] = section.criteria.splice(index, 1);
  if (delta < 0) neighbour.criteria.push(criterion);
  else neighbour.criteria.unshift(criterion);
  return { ...draft, sections };
}

export function updateSection(draft: DraftContent, index: number, change: Partial<DraftSection>): DraftContent {
  return { ...draft, sections: draft.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) };
}

export function updateCriterion(
  draft: DraftContent,
  sectionIndex: number,
  index: number,
  change: Partial<DraftCriterion>,
): DraftContent {
  const section = draft.sections[sectionIndex];
  const criteria = section.criteria.map((c, i) => (i === index ? { ...c, ...change } : c));
  return updateSection(draft, sectionIndex, { criteria });
}

export function addSection(draft: DraftContent): DraftContent {
  const key = freshKey(draft, `section_${draft.sections.length + 1}`, "section");
  const section = blankSection(key);
  section.criteria = [blankCriterion(freshKey(draft, `${key}_1`, "criterion"))];
  return { ...draft, sections: [...draft.sections, section] };
}

export function removeSection(draft: DraftContent, index: number): DraftContent {
  return { ...draft, sections: draft.sections.filter((_, i) => i !== index) };
}

export function addCriterion(draft: DraftContent, sectionIndex: number): DraftContent {
  const section = draft.sections[sectionIndex];
  const key = freshKey(draft, `${section.key || "criterion"}_${section.criteria.length + 1}`, "criterion");
  return updateSection(draft, sectionIndex, { criteria: [...section.criteria, blankCriterion(key)] });
}

export function removeCriterion(draft: DraftContent, sectionIndex: number, index: number): DraftContent {
  const section = draft.sections[sectionIndex];
  return updateSection(draft, sectionIndex, { criteria: section.criteria.filter((_, i) => i !== index) });
}

/**
 * Splits a criterion in two: the copy right below it gets a new key (its meaning changed, so trends must
 * not continue across it) and half of the weight, as does the original.
 */
export function splitCriterion(draft: DraftContent, sectionIndex: number, index: number): DraftContent {
  const section = draft.sections[sectionIndex];
  const original = section.criteria[index];
  // An omitted weight is the file format's default, 1.
  const weight = original.weight ?? 1;
  const half = typeof weight === "number" ? weight / 2 : weight;
  const copy: DraftCriterion = {
    ...structuredClone(original),
    key: freshKey(draft, `${original.key}_2`, "criterion"),
    label: `${original.label} (part 2)`,
    weight: half,
  };
  const criteria = [...section.criteria];
  criteria.splice(index, 1, { ...original, weight: half }, copy);
  return updateSection(draft, sectionIndex, { criteria });
}

/**
 * A file path as an author reads it: sections[1].criteria[0].weight ->
 * 'Section "Discovery" › criterion "understand_issue" › weight'.
 */
export function describeDraftPath(draft: DraftContent, path: string): string {
  if (path === "") return "Scorecard";
  const match = /^sections(?:\[(\d+)\](?:\.criteria(?:\[(\d+)\])?)?)?(?:\.(.*))?$/.exec(path);
  if (!match) return path.replaceAll("_", " ");
  const [, s, c, rest] = match;
  const parts: string[] = [];
  const section = s === undefined ? undefined : draft.sections?.[Number(s)];
  if (s === undefined) parts.push("Sections");
  else parts.push(`Section "${section?.label || section?.key || Number(s) + 1}"`);
  if (c !== undefined) {
    const criterion = section?.criteria?.[Number(c)];
    parts.push(`criterion "${criterion?.key || criterion?.label || Number(c) + 1}"`);
  } else if (path.includes(".criteria") && rest === undefined) parts.push("criteria");
  if (rest) parts.push(rest.replaceAll("_", " "));
  return parts.join(" › ");
}
