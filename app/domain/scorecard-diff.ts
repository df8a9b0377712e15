/**
 * What changed between two versions of a scorecard. Criteria and sections are matched by key
 * (keys are stable across versions), so a renamed key shows as one removal and one addition.
 * Root causes compare as sets; everything else compares by value.
 */
import type {
  Channel,
  Criterion,
  Criticality,
  NaPolicy,
  RootCause,
  Scale,
  ScorecardDefinition,
  Section,
} from "./scorecard-definition";

type Change<Fields> = { [F in keyof Fields]: { field: F; before: Fields[F]; after: Fields[F] } }[keyof Fields];

export type VersionChange = Change<{
  name: string;
  channel: Channel;
  description: string;
  passThreshold: number;
  naPolicy: NaPolicy;
  disputeWindowDays: number | undefined;
}>;
export type SectionChange = Change<{ label: string; weight: number }>;
/** `section` is the key of the section holding the criterion: a change means it moved. */
export type CriterionChange = Change<{
  label: string;
  guideline: string;
  scale: Scale;
  passAt: number;
  weight: number;
  naAllowed: boolean;
  critical: Criticality;
  rootCauses: RootCause[];
  section: string;
}>;

export type PlacedCriterion = { section: string; criterion: Criterion };

export type ScorecardDiff = {
  fromVersion: number;
  toVersion: number;
  version: VersionChange[];
  sections: {
    added: Section[];
    removed: Section[];
    changed: { key: string; changes: SectionChange[] }[];
  };
  criteria: {
    added: PlacedCriterion[];
    removed: PlacedCriterion[];
    changed: { key: string; changes: CriterionChange[] }[];
    unchanged: string[];
  };
};

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function fieldChanges<T extends object>(before: T, after: T, fields: (keyof T)[]): Change<T>[] {
  return fields
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }) as Change<T>);
}

const CRITERION_FIELDS = [
  "label",
  "guideline",
  "scale",
  "passAt",
  "weight",
  "naAllowed",
  "critical",
  "rootCauses",
  "section",
] as const;

function compareCriteria(before: PlacedCriterion, after: PlacedCriterion): CriterionChange[] {
  const flat = (p: PlacedCriterion) => ({ ...p.criterion, section: p.section });
  return fieldChanges(flat(before), flat(after), [...CRITERION_FIELDS])
    .filter((c) => c.field !== "rootCauses" || !sameSet(before.criterion.rootCauses, after.criterion.rootCauses))
    .map((c) => c as CriterionChange);
}

function sameSet<T>(a: T[], b: T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function placeCriteria(def: ScorecardDefinition): Map<string, PlacedCriterion> {
  return new Map(
    def.sections.flatMap((s) => s.criteria.map((c) => [c.key, { section: s.key, criterion: c }] as const)),
  );
}

export function diffScorecardVersions(a: ScorecardDefinition, b: ScorecardDefinition): ScorecardDiff {
  const version = fieldChanges(a, b, [
    "name",
    "channel",
    "description",
    "passThreshold",
    "naPolicy",
    "disputeWindowDays",
  ]) as VersionChange[];

  const sectionsA = new Map(a.sections.map((s) => [s.key, s]));
  const sectionsB = new Map(b.sections.map((s) => [s.key, s]));
  const sectionChanges = b.sections
    .filter((s) => sectionsA.has(s.key))
    .map((s) => ({
      key: s.key,
      changes: fieldChanges(sectionsA.get(s.key)!, s, ["label", "weight"]) as SectionChange[],
    }))
    .filter((c) => c.changes.length > 0);

  const criteriaA = placeCriteria(a);
  const criteriaB = placeCriteria(b);
  const changed: ScorecardDiff["criteria"]["changed"] = [];
  const unchanged: string[] = [];
  for (const [key, after] of criteriaB) {
    const before = criteriaA.get(key);
    if (!before) continue;
    const changes = compareCriteria(before, after);
    if (changes.length > 0) changed.push({ key, changes });
    else unchanged.push(key);
  }

  return {
    fromVersion: a.version,
    toVersion: b.version,
    version,
    sections: {
      added: b.sections.filter((s) => !sectionsA.has(s.key)),
      removed: a.sections.filter((s) => !sectionsB.has(s.key)),
      changed: sectionChanges,
    },
    criteria: {
      added: [...criteriaB.values()].filter((p) => !criteriaA.has(p.criterion.key)),
      removed: [...criteriaA.values()].filter((p) => !criteriaB.has(p.criterion.key)),
      changed,
      unchanged,
    },
  };
}
