import { describe, expect, it } from "vitest";
import {
  ambiguityList,
  historyScopeFor,
  partyAlignmentSeries,
  restrictToVendor,
  reviewerAlignmentSeries,
  summarizeAlignment,
  toHistoryResults,
  trendDirection,
  type HistoryResults,
  type SessionSnapshot,
} from "./calibration-history";

// Three finalized sessions, given out of date order. Vendor A = "va", vendor B = "vb".
// Hand-computed expectations are noted beside each assertion.
type Reviewer = HistoryResults["reviewers"][number];
type Party = HistoryResults["parties"][number];
type Criterion = HistoryResults["criteria"][number];

const reviewer = (
  id: string,
  name: string,
  partyKey: string,
  alignment: number | null,
  isBenchmark = false,
): Reviewer => ({
  id,
  name,
  partyKey,
  isBenchmark,
  alignment,
  meanDeviation: alignment === null ? null : roundedDeviation(alignment),
});
const roundedDeviation = (alignment: number) => Math.round((alignment - 85) * 10) / 10;
const party = (key: string, label: string, alignment: number | null, gapToClient: number | null = null): Party => ({
  key,
  label,
  kind: key.startsWith("client_") ? "client" : "vendor",
  alignment,
  gapToClient,
});
const criterion = (key: string, alpha: number | null, percentAgreement: number | null): Criterion => ({
  key,
  label: `Label ${key}`,
  alpha,
  percentAgreement,
});

const s1: SessionSnapshot = {
  sessionId: "s1",
  title: "January",
  finalizedAt: "2025-01-10T09:00:00.000Z",
  scorecardName: "Chat",
  results: {
    reviewers: [
      reviewer("u1", "Ann", "client_qa", 80),
      reviewer("u2", "Bo", "va", 90),
      reviewer("u3", "Cy", "vb", 70),
      reviewer("bench", "Zed", "client_qa", null, true),
    ],
    parties: [party("client_qa", "Client QA", 80), party("va", "Vendor A", 90, 2), party("vb", "Vendor B", 70, -3)],
    criteria: [
      criterion("greeting", 0.9, 0.95),
      criterion("accuracy", 0.4, 0.6),
      criterion("tone", null, 1),
      criterion("hold", null, 0.5),
    ],
  },
};
const s2: SessionSnapshot = {
  sessionId: "s2",
  title: "February",
  finalizedAt: "2025-02-10T09:00:00.000Z",
  scorecardName: "Chat",
  results: {
    reviewers: [
      reviewer("u1", "Ann", "client_qa", 85),
      reviewer("u2", "Bo", "va", null), // did not submit
      reviewer("u3", "Cy", "vb", 69.8),
      reviewer("bench", "Zed", "client_qa", null, true),
    ],
    parties: [party("client_qa", "Client QA", 85), party("va", "Vendor A", null), party("vb", "Vendor B", 69.8, -4)],
    criteria: [
      criterion("greeting", 0.7, 0.85),
      criterion("accuracy", 0.6, 0.7),
      criterion("tone", null, null),
      criterion("hold", 0.95, 0.9),
    ],
  },
};
const s3: SessionSnapshot = {
  sessionId: "s3",
  title: "March",
  finalizedAt: "2025-03-10T09:00:00.000Z",
  scorecardName: "Email",
  results: {
    reviewers: [
      reviewer("u1", "Ann", "client_qa", 90),
      reviewer("u2", "Bo Renamed", "va", 70),
      reviewer("u3", "Cy", "vb", 70.3),
      reviewer("u4", "Dee", "client_reviewer", 88),
    ],
    parties: [
      party("vb", "Vendor B Ltd", 70.3, 1),
      party("va", "Vendor A", 70, -5),
      party("client_reviewer", "Client reviewers", 88),
      party("client_qa", "Client QA", 90),
    ],
    criteria: [criterion("greeting", 0.5, 0.8), criterion("accuracy", 0.45, 0.75)],
  },
};
const snapshots = [s3, s1, s2];

describe("reviewerAlignmentSeries", () => {
  const series = reviewerAlignmentSeries(snapshots);

  it("gives one series per reviewer, by name, skipping the benchmark who is the reference", () => {
    expect(series.map((s) => s.id)).toEqual(["u1", "u2", "u3", "u4"]);
    expect(series.some((s) => s.id === "bench")).toBe(false);
  });

  it("orders points by date and skips sessions without an alignment", () => {
    const ann = series[0];
    expect(ann.points).toEqual([
      { sessionId: "s1", title: "January", date: s1.finalizedAt, alignment: 80, meanDeviation: -5 },
      { sessionId: "s2", title: "February", date: s2.finalizedAt, alignment: 85, meanDeviation: 0 },
      { sessionId: "s3", title: "March", date: s3.finalizedAt, alignment: 90, meanDeviation: 5 },
    ]);
    const bo = series[1];
    expect(bo.points.map((p) => p.sessionId)).toEqual(["s1", "s3"]);
  });

  it("takes the latest name and party", () => {
    expect(series[1]).toMatchObject({ name: "Bo Renamed", partyKey: "va", partyLabel: "Vendor A" });
    expect(series[2]).toMatchObject({ partyKey: "vb", partyLabel: "Vendor B Ltd" });
    expect(series[3]).toMatchObject({ partyKey: "client_reviewer", partyLabel: "Client reviewers" });
  });

  it("labels a benchmark whose party has no party row", () => {
    // Benchmarks are not counted in party metrics; in a consensus session they still have an alignment.
    const lone: SessionSnapshot = {
      ...s1,
      results: {
        reviewers: [reviewer("b1", "Bea", "client_qa", 95, true), reviewer("b2", "Bob", "vx", 91, true)],
        parties: [],
        criteria: [],
      },
    };
    expect(reviewerAlignmentSeries([lone]).map((r) => r.partyLabel)).toEqual(["Client QA", "Vendor"]);
  });
});

describe("partyAlignmentSeries", () => {
  const series = partyAlignmentSeries(snapshots);

  it("lists client parties first, then vendors by their latest label", () => {
    expect(series.map((s) => [s.key, s.label])).toEqual([
      ["client_qa", "Client QA"],
      ["client_reviewer", "Client reviewers"],
      ["va", "Vendor A"],
      ["vb", "Vendor B Ltd"],
    ]);
  });

  it("keeps the gap to the client and skips sessions without a party alignment", () => {
    const vendorA = series[2];
    expect(vendorA.points).toEqual([
      { sessionId: "s1", title: "January", date: s1.finalizedAt, alignment: 90, gapToClient: 2 },
      { sessionId: "s3", title: "March", date: s3.finalizedAt, alignment: 70, gapToClient: -5 },
    ]);
    expect(series[3].points.map((p) => p.alignment)).toEqual([70, 69.8, 70.3]);
  });
});

describe("ambiguityList", () => {
  const list = ambiguityList(snapshots);

  it("groups by scorecard and criterion key and sorts by mean alpha, then lowest alpha", () => {
    // Email/accuracy 0.45; Chat/accuracy (0.4 + 0.6) / 2 = 0.5 with lowest 0.4 ties Email/greeting 0.5
    // (lowest 0.5) and goes first; Chat/greeting (0.9 + 0.7) / 2 = 0.8; Chat/hold 0.95 from one session.
    expect(list.map((c) => `${c.scorecardName}/${c.key}`)).toEqual([
      "Email/accuracy",
      "Chat/accuracy",
      "Email/greeting",
      "Chat/greeting",
      "Chat/hold",
    ]);
  });

  it("skips criteria whose alpha is null in every session", () => {
    expect(list.some((c) => c.key === "tone")).toBe(false);
  });

  it("reports mean and lowest alpha, the sessions behind them, mean percent agreement and the session links", () => {
    const chatAccuracy = list[1];
    expect(chatAccuracy).toMatchObject({
      scorecardName: "Chat",
      key: "accuracy",
      label: "Label accuracy",
      lowestAlpha: 0.4,
      sessions: 2,
    });
    expect(chatAccuracy.meanAlpha).toBeCloseTo(0.5, 12);
    expect(chatAccuracy.meanPercentAgreement).toBeCloseTo(0.65, 12); // (0.6 + 0.7) / 2
    expect(chatAccuracy.sessionList).toEqual([
      { sessionId: "s1", title: "January", date: s1.finalizedAt, alpha: 0.4 },
      { sessionId: "s2", title: "February", date: s2.finalizedAt, alpha: 0.6 },
    ]);
    expect(list[3].meanAlpha).toBeCloseTo(0.8, 12);
    expect(list[3].meanPercentAgreement).toBeCloseTo(0.9, 12); // (0.95 + 0.85) / 2
    // A session without an alpha is still linked, but not counted in the mean.
    const hold = list[4];
    expect(hold).toMatchObject({ meanAlpha: 0.95, lowestAlpha: 0.95, sessions: 1 });
    expect(hold.meanPercentAgreement).toBeCloseTo(0.7, 12); // (0.5 + 0.9) / 2
    expect(hold.sessionList.map((s) => [s.sessionId, s.alpha])).toEqual([
      ["s1", null],
      ["s2", 0.95],
    ]);
  });

  it("returns the top N", () => {
    expect(ambiguityList(snapshots, { limit: 2 }).map((c) => c.key)).toEqual(["accuracy", "accuracy"]);
    expect(ambiguityList([])).toEqual([]);
  });
});

describe("trendDirection", () => {
  const pts = (...values: number[]) => values.map((alignment) => ({ alignment }));

  it("needs three points", () => {
    expect(trendDirection(pts())).toBeNull();
    expect(trendDirection(pts(70, 90))).toBeNull();
  });

  it("reads the least-squares slope per session", () => {
    expect(trendDirection(pts(80, 85, 90))).toBe("improving"); // slope 5
    expect(trendDirection(pts(90, 85, 79))).toBe("worsening"); // slope (79 - 90) / 2 = -5.5
    // x = 0..3, mean 1.5; y mean 72; Sxy = 3 + 0 - 0.5 + 4.5 = 7; Sxx = 5; slope 1.4
    expect(trendDirection(pts(70, 72, 71, 75))).toBe("improving");
    expect(trendDirection(pts(70, 69.8, 70.3))).toBe("flat"); // slope 0.15
  });

  it("treats a slope at the threshold as flat", () => {
    expect(trendDirection(pts(70, 70.5, 71))).toBe("flat"); // slope 0.5 = TREND_FLAT_SLOPE
    expect(trendDirection(pts(70, 70.5, 71), 0.4)).toBe("improving");
  });
});

describe("summarizeAlignment", () => {
  it("gives sessions, latest, mean (2 decimals) and trend", () => {
    const [, , cy] = reviewerAlignmentSeries(snapshots);
    // (70 + 69.8 + 70.3) / 3 = 70.0333...
    expect(summarizeAlignment(cy.points)).toEqual({ sessions: 3, latest: 70.3, mean: 70.03, trend: "flat" });
    expect(summarizeAlignment([])).toEqual({ sessions: 0, latest: null, mean: null, trend: null });
  });
});

describe("restrictToVendor", () => {
  it("keeps the client parties and the viewer's vendor, never another vendor", () => {
    const visible = restrictToVendor(s3.results, "va");
    expect(visible.parties.map((p) => p.key)).toEqual(["va", "client_reviewer", "client_qa"]);
    expect(visible.reviewers.map((r) => r.name)).toEqual(["Ann", "Bo Renamed", "Dee"]);
    expect(JSON.stringify(visible)).not.toMatch(/Vendor B|"vb"|Cy/);
    expect(visible.criteria).toEqual(s3.results.criteria);
  });

  it("drops party keys it does not know", () => {
    const odd = { ...s1.results, parties: [party("client_qa", "Client QA", 80), party("other", "Other", 70)] };
    expect(restrictToVendor(odd, "va").parties.map((p) => p.key)).toEqual(["client_qa"]);
  });
});

describe("toHistoryResults", () => {
  it("keeps only the fields the history reads", () => {
    const full = {
      ...s1.results,
      reviewers: s1.results.reviewers.map((r) => ({ ...r, exactMatchShare: 0.5, alignmentReason: null })),
      criteria: s1.results.criteria.map((c) => ({ ...c, disagreements: ["interaction-1"] })),
    };
    const slim = toHistoryResults(full);
    expect(slim).toEqual(s1.results);
    expect(JSON.stringify(slim)).not.toContain("interaction-1");
  });
});

describe("historyScopeFor", () => {
  it("gives facilitators and client KPI viewers the organisation, calibrating reviewers their own sessions", () => {
    expect(historyScopeFor({ role: "qa_lead", organizationKind: "client" })).toBe("organization");
    expect(historyScopeFor({ role: "admin", organizationKind: "client" })).toBe("organization");
    expect(historyScopeFor({ role: "ops_manager", organizationKind: "client" })).toBe("organization");
    expect(historyScopeFor({ role: "client_reviewer", organizationKind: "client" })).toBe("participant");
    expect(historyScopeFor({ role: "qa_specialist", organizationKind: "client" })).toBe("participant");
  });

  it("gives vendor staff their vendor and agents nothing", () => {
    expect(historyScopeFor({ role: "qa_lead", organizationKind: "vendor" })).toBe("vendor");
    expect(historyScopeFor({ role: "team_lead", organizationKind: "vendor" })).toBe("vendor");
    expect(historyScopeFor({ role: "agent", organizationKind: "vendor" })).toBeNull();
  });
});
