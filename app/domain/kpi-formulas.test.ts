import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KPI_AGGREGATE_FIELDS, emptyAggregate, type KpiAggregate } from "./kpi-aggregate";
import { KPI_DEFINITIONS, KPI_KEYS, type KpiKey } from "./kpi-definitions";
import { computeKpi, formatKpiValue, type KpiValue } from "./kpi-formulas";

const AGGREGATE_KPIS = KPI_KEYS.filter((k) => KPI_DEFINITIONS[k].source === "aggregate");
const SEPARATE_KPIS = KPI_KEYS.filter((k) => KPI_DEFINITIONS[k].source === "separate");
const ok = (value: number): KpiValue => ({ ok: true, value });
const NO_DATA: KpiValue = { ok: false, reason: "no data" };

// A hand-made group: 20 interactions, 5 evaluations scored 90, 80, 70, 60 and 0 (the last a critical fail; its
// raw score 85), pass mark 80.
const fixture: KpiAggregate = {
  ...emptyAggregate(),
  interactions: 20,
  csatCount: 10,
  csatSum: 42, // 5,5,5,5,5,5,5,3,2,2: seven 5s + 3 + 2 + 2 = 42, two of them DSAT (≤ 2)
  dsatCount: 2,
  npsCount: 8,
  promoters: 4,
  detractors: 2,
  cesCount: 4,
  cesSum: 22,
  handleTimeCount: 16,
  handleTimeSum: 4_800,
  firstResponseCount: 20,
  firstResponseSum: 1_200,
  resolutionCount: 10,
  resolutionSum: 36_000,
  fcrCount: 15,
  fcrYes: 12,
  escalated: 3,
  escalatedCsatCount: 2,
  escalatedCsatSum: 5,
  evaluations: 5,
  finalScoreCount: 5,
  finalScoreSum: 300, // 90 + 80 + 70 + 60 + 0
  finalScoreSumSq: 23_000, // 8100 + 6400 + 4900 + 3600 + 0
  rawScoreCount: 5,
  rawScoreSum: 385, // 90 + 80 + 70 + 60 + 85
  passedCount: 2, // 90 and 80
  criticalFailed: 1,
  turnaroundCount: 5,
  turnaroundSum: 432_000, // 5 days in seconds
  errors: 8,
  trainingErrors: 2,
  disputed: 2,
  disputesDecided: 2,
  disputesOverturned: 1,
};

describe("computeKpi on a hand-computed group", () => {
  const expected: Record<
    Exclude<KpiKey, "criterion_pass_rate" | "review_backlog" | "backlog_aging" | "qa_alignment">,
    number
  > = {
    qa_score: 60, // 300 / 5
    qa_score_raw: 77, // 385 / 5
    critical_fail_rate: 0.2, // 1 / 5
    pass_rate: 0.4, // 2 / 5
    evaluations_completed: 5,
    csat: 4.2, // 42 / 10
    dsat_share: 0.2, // 2 / 10
    nps: 25, // (4 - 2) / 8 × 100
    ces: 5.5, // 22 / 4
    aht: 300, // 4800 / 16
    frt: 60, // 1200 / 20
    art: 3_600, // 36000 / 10
    tat: 86_400, // 432000 / 5: one day
    fcr_rate: 0.8, // 12 / 15
    escalation_rate: 0.15, // 3 / 20
    csat_escalated: 2.5, // 5 / 2
    interactions_handled: 20,
    dispute_rate: 0.4, // 2 / 5
    overturn_rate: 0.5, // 1 / 2
    // deviations from 60: 30, 20, 10, 0, -60 → 900 + 400 + 100 + 0 + 3600 = 5000; / (5 - 1) = 1250.
    // From the sums: (23000 - 5 × 60²) / 4 = (23000 - 18000) / 4 = 1250.
    quality_variance: 1_250,
    training_error_share: 0.25, // 2 / 8
  };

  it("covers every aggregate KPI", () => {
    expect(Object.keys(expected).sort()).toEqual([...AGGREGATE_KPIS].sort());
  });

  for (const [key, value] of Object.entries(expected)) {
    it(`${key} = ${value}`, () => {
      const result = computeKpi(key as KpiKey, fixture);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value).toBeCloseTo(value, 10);
    });
  }

  it("computes a negative NPS when detractors outnumber promoters", () => {
    // (1 - 3) / 4 × 100 = -50
    expect(computeKpi("nps", { ...emptyAggregate(), npsCount: 4, promoters: 1, detractors: 3 })).toEqual(ok(-50));
  });
});

describe("computeKpi with no data", () => {
  it("says no data for every rate and mean of an empty group, never 0 or NaN", () => {
    for (const key of AGGREGATE_KPIS) {
      const result = computeKpi(key, emptyAggregate());
      if (KPI_DEFINITIONS[key].unit === "count") expect(result, key).toEqual(ok(0));
      else expect(result, key).toEqual(NO_DATA);
    }
  });

  it("counts zero as zero: a group that handled nothing has a throughput of 0", () => {
    expect(computeKpi("interactions_handled", emptyAggregate())).toEqual(ok(0));
    expect(computeKpi("evaluations_completed", emptyAggregate())).toEqual(ok(0));
  });

  it("says no data when only the denominator is missing, even if other fields have data", () => {
    const interactionsOnly = { ...emptyAggregate(), interactions: 12, escalated: 2 };
    expect(computeKpi("csat", interactionsOnly)).toEqual(NO_DATA);
    expect(computeKpi("fcr_rate", interactionsOnly)).toEqual(NO_DATA);
    expect(computeKpi("aht", interactionsOnly)).toEqual(NO_DATA);
    expect(computeKpi("qa_score", interactionsOnly)).toEqual(NO_DATA);
    expect(computeKpi("escalation_rate", interactionsOnly)).toEqual(ok(2 / 12));
    // Disputes raised but none decided yet: the overturn rate is unknown, not 0%.
    expect(computeKpi("overturn_rate", { ...fixture, disputesDecided: 0, disputesOverturned: 0 })).toEqual(NO_DATA);
    // Evaluations without unmet answers: no errors to trace.
    expect(computeKpi("training_error_share", { ...fixture, errors: 0, trainingErrors: 0 })).toEqual(NO_DATA);
  });
});

describe("computeKpi with one data point", () => {
  const one: KpiAggregate = {
    ...emptyAggregate(),
    interactions: 1,
    csatCount: 1,
    csatSum: 3,
    evaluations: 1,
    finalScoreCount: 1,
    finalScoreSum: 75,
    finalScoreSumSq: 5_625,
    rawScoreCount: 1,
    rawScoreSum: 75,
    passedCount: 0,
  };

  it("returns that point for means and rates", () => {
    expect(computeKpi("qa_score", one)).toEqual(ok(75));
    expect(computeKpi("csat", one)).toEqual(ok(3));
    expect(computeKpi("pass_rate", one)).toEqual(ok(0)); // 0 of 1 passed is data: 0%
    expect(computeKpi("dsat_share", one)).toEqual(ok(0));
  });

  it("says no data for the quality variance, which needs two scores", () => {
    expect(computeKpi("quality_variance", one)).toEqual(NO_DATA);
  });

  it("gives a variance of exactly 0 for two equal scores, never a rounding-error negative", () => {
    // 72.3 and 72.3: Σx = 144.6, Σx² = 2 × 72.3², variance 0 (rounding could give -1e-13 without the clamp).
    const same = { ...emptyAggregate(), finalScoreCount: 2, finalScoreSum: 144.6, finalScoreSumSq: 2 * 72.3 ** 2 };
    const result = computeKpi("quality_variance", same);
    expect(result.ok && result.value).toBeGreaterThanOrEqual(0);
    expect(result.ok && result.value).toBeCloseTo(0, 9);
    // 70 and 80: mean 75, (25 + 25) / 1 = 50.
    const two = { ...emptyAggregate(), finalScoreCount: 2, finalScoreSum: 150, finalScoreSumSq: 4_900 + 6_400 };
    expect(computeKpi("quality_variance", two)).toEqual(ok(50));
  });
});

describe("computeKpi for KPIs with their own query", () => {
  it("throws, so nobody shows a made-up value for them", () => {
    for (const key of SEPARATE_KPIS) expect(() => computeKpi(key, fixture), key).toThrow(/own query/);
  });
});

describe("computeKpi never returns NaN or Infinity", () => {
  const anyNumber = fc.oneof(
    fc.nat(),
    fc.double({ noNaN: true }),
    fc.constantFrom(0, -0, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity),
  );
  const anyAggregate = fc.record(
    Object.fromEntries(KPI_AGGREGATE_FIELDS.map((f) => [f, anyNumber])) as Record<keyof KpiAggregate, typeof anyNumber>,
  );

  it("for any aggregate, however odd: a finite value or no data", () => {
    fc.assert(
      fc.property(anyAggregate, (a) => {
        for (const key of AGGREGATE_KPIS) {
          const result = computeKpi(key, a);
          if (result.ok) expect(Number.isFinite(result.value), key).toBe(true);
          const text = formatKpiValue(key, result);
          expect(text).not.toMatch(/NaN|Infinity|∞/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("for realistic aggregates: data exactly when the denominator is positive", () => {
    const scores = fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 });
    fc.assert(
      fc.property(scores, fc.nat({ max: 1000 }), (list, interactions) => {
        const a: KpiAggregate = {
          ...emptyAggregate(),
          interactions,
          evaluations: list.length,
          finalScoreCount: list.length,
          finalScoreSum: list.reduce((s, x) => s + x, 0),
          finalScoreSumSq: list.reduce((s, x) => s + x * x, 0),
        };
        const qa = computeKpi("qa_score", a);
        const variance = computeKpi("quality_variance", a);
        expect(qa.ok).toBe(list.length > 0);
        expect(variance.ok).toBe(list.length >= 2);
        if (qa.ok) expect(qa.value).toBeGreaterThanOrEqual(0);
        if (qa.ok) expect(qa.value).toBeLessThanOrEqual(100 + 1e-9);
        if (variance.ok) expect(variance.value).toBeGreaterThanOrEqual(0);
        expect(computeKpi("interactions_handled", a)).toEqual(ok(interactions));
      }),
    );
  });
});

describe("formatKpiValue", () => {
  it("shows each unit the way dashboards print it", () => {
    const cases: [KpiKey, number, string][] = [
      ["qa_score", 87.36, "87.4"],
      ["qa_score", 100, "100.0"],
      ["dsat_share", 0.125, "12.5%"],
      ["fcr_rate", 0.8, "80.0%"],
      ["pass_rate", 0, "0.0%"],
      ["aht", 312, "5m 12s"],
      ["frt", 45.4, "45s"],
      ["frt", 0, "0s"],
      ["art", 3_600, "1h 00m"],
      ["tat", 7_530, "2h 05m"],
      ["tat", 273_600, "3d 4h"], // 3 × 86400 + 4 × 3600
      ["nps", 32, "+32"],
      ["nps", -5, "-5"],
      ["nps", 0, "0"],
      ["nps", -0.4, "0"],
      ["nps", 0.4, "0"],
      ["csat", 4.2083, "4.21"],
      ["ces", 5.5, "5.50"],
      ["interactions_handled", 1_234, "1,234"],
      ["review_backlog", 7, "7"],
      ["backlog_aging", 3.24, "3.2 days"],
      ["backlog_aging", 1, "1.0 day"],
      ["quality_variance", 1_250, "1,250.0"],
      ["qa_alignment", 83.333, "83.3"],
    ];
    for (const [key, value, text] of cases) expect(formatKpiValue(key, ok(value)), `${key} ${value}`).toBe(text);
  });

  it('shows "no data" for no data, in every unit', () => {
    for (const key of KPI_KEYS) expect(formatKpiValue(key, NO_DATA)).toBe("no data");
  });

  it("never prints a negative zero", () => {
    expect(formatKpiValue("qa_score", ok(-0.01))).toBe("0.0");
    expect(formatKpiValue("dsat_share", ok(-0.0001))).toBe("0.0%");
    expect(formatKpiValue("aht", ok(-0.2))).toBe("0s");
  });
});
