/**
 * Calibration history: alignment over time per reviewer and per party, and the criteria reviewers agree on
 * least, from the results frozen at finalize. Pure: the model loads the snapshots (already scoped to the
 * viewer), these functions only arrange them.
 *
 * @example
 * partyAlignmentSeries([{ sessionId: "s1", title: "May", finalizedAt: "2025-05-02T10:00:00Z",
 *   scorecardName: "Chat", results }])[0].points // => [{ sessionId: "s1", alignment: 88.5, ... }]
 */
import { linearRegression } from "simple-statistics";
import type { CriterionMetrics, PartyMetrics, ReviewerMetrics } from "./calibration-metrics";
import type { CalibrationViewer } from "./calibration-session";
import { can } from "./permissions";
import { roundScore } from "./scoring";

/** The parts of a frozen `CalibrationMetrics` the history reads; a full `CalibrationMetrics` fits. */
export type HistoryResults = {
  reviewers: Pick<ReviewerMetrics, "id" | "name" | "partyKey" | "isBenchmark" | "alignment" | "meanDeviation">[];
  parties: Pick<PartyMetrics, "key" | "label" | "kind" | "alignment" | "gapToClient">[];
  criteria: Pick<CriterionMetrics, "key" | "label" | "alpha" | "percentAgreement">[];
};

export type SessionSnapshot = {
  sessionId: string;
  title: string;
  /** ISO timestamp. */
  finalizedAt: string;
  scorecardName: string;
  results: HistoryResults;
};

export type ReviewerPoint = {
  sessionId: string;
  title: string;
  date: string;
  alignment: number;
  meanDeviation: number | null;
};
export type ReviewerSeries = {
  id: string;
  name: string;
  partyKey: string;
  partyLabel: string;
  points: ReviewerPoint[];
};

export type PartyPoint = {
  sessionId: string;
  title: string;
  date: string;
  alignment: number;
  gapToClient: number | null;
};
export type PartySeries = { key: string; label: string; kind: "client" | "vendor"; points: PartyPoint[] };

export type AmbiguousSession = { sessionId: string; title: string; date: string; alpha: number | null };
export type AmbiguousCriterion = {
  scorecardName: string;
  key: string;
  label: string;
  /** Mean of Krippendorff's alpha over the sessions where it could be computed. */
  meanAlpha: number;
  lowestAlpha: number;
  /** Sessions with an alpha (the sample behind `meanAlpha`). */
  sessions: number;
  meanPercentAgreement: number | null;
  /** Every session that measured the criterion, oldest first; alpha null where it could not be computed. */
  sessionList: AmbiguousSession[];
};

export type TrendDirection = "improving" | "worsening" | "flat";

/** The two client parties (see `partyOf`); every other party key is a vendor organisation id. */
export const CLIENT_PARTY_KEYS: readonly string[] = ["client_qa", "client_reviewer"];
const CLIENT_PARTY_LABELS: Record<string, string> = { client_qa: "Client QA", client_reviewer: "Client reviewers" };
const UNKNOWN_PARTY_LABEL = "Vendor";
/** Alignment points per session within which a fitted slope counts as flat (half a point per session). */
export const TREND_FLAT_SLOPE = 0.5;
export const TREND_MIN_POINTS = 3;
export const AMBIGUITY_LIST_SIZE = 10;

/** Oldest first; ties broken by session id so the order never depends on the input's. */
function chronological(snapshots: readonly SessionSnapshot[]): SessionSnapshot[] {
  return [...snapshots].sort(
    (a, b) =>
      Date.parse(a.finalizedAt) - Date.parse(b.finalizedAt) ||
      (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0),
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * One series per reviewer (by user id), points oldest first. Sessions where the reviewer has no alignment
 * (not submitted, no reference, or the benchmark who is the reference) are left out. Name and party are
 * the latest session's (a benchmark's party may have no party row: client labels are known, a vendor's
 * falls back to "Vendor"). Series are ordered by name.
 */
export function reviewerAlignmentSeries(snapshots: readonly SessionSnapshot[]): ReviewerSeries[] {
  const byId = new Map<string, ReviewerSeries>();
  for (const s of chronological(snapshots)) {
    for (const r of s.results.reviewers) {
      if (r.alignment === null) continue;
      const partyLabel =
        s.results.parties.find((p) => p.key === r.partyKey)?.label ??
        CLIENT_PARTY_LABELS[r.partyKey] ??
        UNKNOWN_PARTY_LABEL;
      const series = byId.get(r.id) ?? { id: r.id, name: r.name, partyKey: r.partyKey, partyLabel, points: [] };
      series.name = r.name;
      series.partyKey = r.partyKey;
      series.partyLabel = partyLabel;
      series.points.push({
        sessionId: s.sessionId,
        title: s.title,
        date: s.finalizedAt,
        alignment: r.alignment,
        meanDeviation: r.meanDeviation,
      });
      byId.set(r.id, series);
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * One series per party key (client QA, client reviewers, each vendor), points oldest first, sessions
 * without a party alignment left out. Label is the latest session's. Client parties first, then vendors
 * by label.
 */
export function partyAlignmentSeries(snapshots: readonly SessionSnapshot[]): PartySeries[] {
  const byKey = new Map<string, PartySeries>();
  for (const s of chronological(snapshots)) {
    for (const p of s.results.parties) {
      if (p.alignment === null) continue;
      const series = byKey.get(p.key) ?? { key: p.key, label: p.label, kind: p.kind, points: [] };
      series.label = p.label;
      series.points.push({
        sessionId: s.sessionId,
        title: s.title,
        date: s.finalizedAt,
        alignment: p.alignment,
        gapToClient: p.gapToClient,
      });
      byKey.set(p.key, series);
    }
  }
  const rank = (p: PartySeries) => {
    const client = CLIENT_PARTY_KEYS.indexOf(p.key);
    return client >= 0 ? client : CLIENT_PARTY_KEYS.length;
  };
  return [...byKey.values()].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

/**
 * Criteria with the lowest agreement across sessions, grouped by scorecard name and criterion key (keys
 * are stable across versions). Ordered by mean alpha ascending, then lowest alpha, then mean percent
 * agreement; criteria without any alpha are left out. Returns at most `limit`.
 */
export function ambiguityList(
  snapshots: readonly SessionSnapshot[],
  options: { limit?: number } = {},
): AmbiguousCriterion[] {
  const groups = new Map<
    string,
    {
      item: Omit<AmbiguousCriterion, "meanAlpha" | "lowestAlpha" | "sessions" | "meanPercentAgreement">;
      alphas: number[];
      agreements: number[];
    }
  >();
  for (const s of chronological(snapshots)) {
    for (const c of s.results.criteria) {
      const id = JSON.stringify([s.scorecardName, c.key]);
      const group = groups.get(id) ?? {
        item: { scorecardName: s.scorecardName, key: c.key, label: c.label, sessionList: [] },
        alphas: [],
        agreements: [],
      };
      group.item.label = c.label;
      group.item.sessionList.push({ sessionId: s.sessionId, title: s.title, date: s.finalizedAt, alpha: c.alpha });
      if (c.alpha !== null) group.alphas.push(c.alpha);
      if (c.percentAgreement !== null) group.agreements.push(c.percentAgreement);
      groups.set(id, group);
    }
  }
  const list: AmbiguousCriterion[] = [];
  for (const { item, alphas, agreements } of groups.values()) {
    if (alphas.length === 0) continue;
    list.push({
      ...item,
      meanAlpha: mean(alphas),
      lowestAlpha: Math.min(...alphas),
      sessions: alphas.length,
      meanPercentAgreement: agreements.length > 0 ? mean(agreements) : null,
    });
  }
  list.sort(
    (a, b) =>
      a.meanAlpha - b.meanAlpha ||
      a.lowestAlpha - b.lowestAlpha ||
      (a.meanPercentAgreement ?? Infinity) - (b.meanPercentAgreement ?? Infinity) ||
      a.scorecardName.localeCompare(b.scorecardName) ||
      a.key.localeCompare(b.key),
  );
  return list.slice(0, options.limit ?? AMBIGUITY_LIST_SIZE);
}

/**
 * Direction of the least-squares line through the alignment scores in session order (x = 0, 1, 2, ...):
 * a slope above `threshold` points per session is improving, below minus it worsening, else flat. Null
 * with fewer than TREND_MIN_POINTS points: two sessions are a difference, not a trend.
 *
 * @example trendDirection([{ alignment: 70 }, { alignment: 75 }, { alignment: 80 }]) // => "improving" (slope 5)
 */
export function trendDirection(
  points: readonly { alignment: number }[],
  threshold = TREND_FLAT_SLOPE,
): TrendDirection | null {
  if (points.length < TREND_MIN_POINTS) return null;
  const { m } = linearRegression(points.map((p, i) => [i, p.alignment]));
  if (m > threshold) return "improving";
  if (m < -threshold) return "worsening";
  return "flat";
}

export type AlignmentSummary = {
  sessions: number;
  latest: number | null;
  mean: number | null;
  trend: TrendDirection | null;
};

/** Table row figures for a series: sessions, latest and mean alignment (2 decimals), trend. */
export function summarizeAlignment(points: readonly { alignment: number }[]): AlignmentSummary {
  if (points.length === 0) return { sessions: 0, latest: null, mean: null, trend: null };
  return {
    sessions: points.length,
    latest: points[points.length - 1].alignment,
    mean: roundScore(mean(points.map((p) => p.alignment))),
    trend: trendDirection(points),
  };
}

/**
 * What a vendor viewer may see of a snapshot: the client parties and their own vendor, never another
 * vendor's party or reviewers (not even under a placeholder label). Criteria statistics are aggregates
 * over all raters and stay. Unknown party keys are dropped too.
 */
export function restrictToVendor(results: HistoryResults, vendorId: string): HistoryResults {
  const visible = (key: string) => key === vendorId || CLIENT_PARTY_KEYS.includes(key);
  return {
    reviewers: results.reviewers.filter((r) => visible(r.partyKey)),
    parties: results.parties.filter((p) => visible(p.key)),
    criteria: results.criteria,
  };
}

/**
 * Which finalized sessions a viewer's history covers, or null when the page is not for them:
 * - "organization": every session of the client organisation (facilitators; client KPI viewers such as
 *   ops managers and trainers);
 * - "participant": the sessions they took part in (client reviewers and client QA specialists: they
 *   calibrate but do not run calibration);
 * - "vendor": sessions in which someone from their vendor took part, shown without other vendors.
 */
export type HistoryScope = "organization" | "participant" | "vendor";

export function historyScopeFor(viewer: Pick<CalibrationViewer, "role" | "organizationKind">): HistoryScope | null {
  const participates = can(viewer, "calibration:participate");
  const facilitates = can(viewer, "calibration:facilitate");
  if (!participates && !facilitates && !can(viewer, "kpi:view")) return null;
  if (viewer.organizationKind === "vendor") return "vendor";
  if (facilitates) return "organization";
  return participates ? "participant" : "organization";
}

/** Keeps only the fields the history reads (no interaction ids, per-interaction scores or reasons). */
export function toHistoryResults(metrics: HistoryResults): HistoryResults {
  return {
    reviewers: metrics.reviewers.map(({ id, name, partyKey, isBenchmark, alignment, meanDeviation }) => ({
      id,
      name,
      partyKey,
      isBenchmark,
      alignment,
      meanDeviation,
    })),
    parties: metrics.parties.map(({ key, label, kind, alignment, gapToClient }) => ({
      key,
      label,
      kind,
      alignment,
      gapToClient,
    })),
    criteria: metrics.criteria.map(({ key, label, alpha, percentAgreement }) => ({
      key,
      label,
      alpha,
      percentAgreement,
    })),
  };
}
