/**
 * The shape of a scorecard version once its file has been parsed (see scorecards/README.md).
 * Pure types and helpers with no dependencies, so browser code can import them.
 */

export const ROOT_CAUSES = [
  "training_gap",
  "process_gap",
  "product_defect",
  "agent_behaviour",
  "tooling",
  "customer_driven",
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const SCALE_TYPES = ["binary", "3-point", "4-point", "5-point", "points"] as const;
export type ScaleType = (typeof SCALE_TYPES)[number];

export const CHANNELS = ["call", "chat", "email", "any"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CRITICALITIES = ["none", "section", "evaluation"] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const NA_POLICIES = ["exclude", "count_as_met"] as const;
export type NaPolicy = (typeof NA_POLICIES)[number];

export type ScaleOption = { value: number; label: string };

/** Options are always in ascending value order; a higher value is a better answer. */
export type Scale =
  | { type: "binary"; options: ScaleOption[] } // values 0 (not met) and 1 (met)
  | { type: "3-point" | "4-point" | "5-point"; options: ScaleOption[] } // values 1..N
  | { type: "points"; options: ScaleOption[] }; // explicit values, at least 2, distinct

export type Criterion = {
  key: string;
  label: string;
  guideline: string;
  scale: Scale;
  /** Lowest scale value that counts as met. */
  passAt: number;
  weight: number;
  naAllowed: boolean;
  critical: Criticality;
  rootCauses: RootCause[];
};

export type Section = { key: string; label: string; weight: number; criteria: Criterion[] };

export type ScorecardDefinition = {
  scorecard: string;
  name: string;
  channel: Channel;
  version: number;
  description: string;
  passThreshold: number;
  naPolicy: NaPolicy;
  /** Days after submission an evaluation on this version can be disputed; absent means the global default. */
  disputeWindowDays?: number;
  sections: Section[];
};

export const BINARY_LABELS = ["Not met", "Met"] as const;

/** Number of points of a Likert-style scale type, e.g. "4-point" -> 4. */
export function likertSize(type: "3-point" | "4-point" | "5-point"): number {
  return Number(type[0]);
}

type ScaleFacts = { values: number[]; min: number; max: number };

// Scoring asks these of the same few scales thousands of times per page (a calibration session scores about
// a thousand answer sets): computed once per options list, and recomputed if the list was edited in place.
const factsByOptions = new WeakMap<Scale["options"], ScaleFacts>();

function scaleFacts(scale: Scale): ScaleFacts {
  const options = scale.options;
  const cached = factsByOptions.get(options);
  if (cached && cached.values.length === options.length && options.every((o, i) => o.value === cached.values[i])) {
    return cached;
  }
  const values = options.map((o) => o.value);
  const facts = { values, min: Math.min(...values), max: Math.max(...values) };
  factsByOptions.set(options, facts);
  return facts;
}

export function scaleRange(scale: Scale): { min: number; max: number } {
  const { min, max } = scaleFacts(scale);
  return { min, max };
}

export function isScaleValue(scale: Scale, value: number): boolean {
  return scaleFacts(scale).values.includes(value);
}

/**
 * (value - min) / (max - min), in 0..1. Throws when value is not one of the scale's options,
 * so a stale or tampered answer never gets silently scored.
 * Example: 4-point scale, value 3 -> 0.6667.
 */
export function normaliseAnswer(scale: Scale, value: number): number {
  if (!isScaleValue(scale, value)) {
    const values = scale.options.map((o) => o.value).join(", ");
    throw new RangeError(`${value} is not a value of this ${scale.type} scale (values: ${values})`);
  }
  const { min, max } = scaleFacts(scale);
  if (max === min) throw new RangeError("a scale needs at least two distinct values");
  return (value - min) / (max - min);
}

/** Smallest option whose normalised value is at least 0.5: binary 1, 3-point 2, 4-point 3, 5-point 3. */
export function defaultPassAt(scale: Scale): number {
  const passing = scale.options.filter((o) => normaliseAnswer(scale, o.value) >= 0.5);
  return Math.min(...passing.map((o) => o.value));
}

export function listCriteria(def: ScorecardDefinition): Criterion[] {
  return def.sections.flatMap((s) => s.criteria);
}

export function findCriterion(def: ScorecardDefinition, key: string): Criterion | null {
  return listCriteria(def).find((c) => c.key === key) ?? null;
}

/** Throws like normaliseAnswer when value is not on the criterion's scale. */
export function isMet(criterion: Criterion, value: number): boolean {
  normaliseAnswer(criterion.scale, value);
  return value >= criterion.passAt;
}
