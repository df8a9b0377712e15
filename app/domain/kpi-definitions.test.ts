import { describe, expect, it } from "vitest";
import { ROLES } from "./permissions";
import { KPI_DEFINITIONS, KPI_KEYS, isKpiKey, kpiDefinition, kpisForRole, type KpiKey } from "./kpi-definitions";

describe("KPI_DEFINITIONS", () => {
  it("defines every key once, under its own key, with the fields dashboards need", () => {
    expect(Object.keys(KPI_DEFINITIONS).sort()).toEqual([...KPI_KEYS].sort());
    expect(new Set(KPI_KEYS).size).toBe(KPI_KEYS.length);
    for (const key of KPI_KEYS) {
      const d = kpiDefinition(key);
      expect(d.key).toBe(key);
      for (const text of [d.name, d.short, d.description, d.formula]) expect(text.trim(), key).not.toBe("");
      expect(d.roles.length, key).toBeGreaterThan(0);
    }
  });

  it("covers the KPIs the issue lists, in their units and better directions", () => {
    const expected: [KpiKey, string, "higher" | "lower"][] = [
      ["qa_score", "score", "higher"],
      ["qa_score_raw", "score", "higher"],
      ["critical_fail_rate", "percent", "lower"],
      ["pass_rate", "percent", "higher"],
      ["criterion_pass_rate", "percent", "higher"],
      ["evaluations_completed", "count", "higher"],
      ["csat", "csat", "higher"],
      ["dsat_share", "percent", "lower"],
      ["nps", "nps", "higher"],
      // CES is imported as agreement with "the company made it easy", 1..7 with 7 easiest.
      ["ces", "ces", "higher"],
      ["aht", "seconds", "lower"],
      ["frt", "seconds", "lower"],
      ["art", "seconds", "lower"],
      ["tat", "seconds", "lower"],
      ["fcr_rate", "percent", "higher"],
      ["escalation_rate", "percent", "lower"],
      ["csat_escalated", "csat", "higher"],
      ["interactions_handled", "count", "higher"],
      ["review_backlog", "count", "lower"],
      ["backlog_aging", "days", "lower"],
      ["dispute_rate", "percent", "lower"],
      ["overturn_rate", "percent", "lower"],
      ["qa_alignment", "score", "higher"],
      ["quality_variance", "points²", "lower"],
      ["training_error_share", "percent", "lower"],
    ];
    expect(expected.map(([k]) => k)).toEqual([...KPI_KEYS]);
    for (const [key, unit, better] of expected) expect(kpiDefinition(key), key).toMatchObject({ unit, better });
  });

  it("marks the KPIs with their own query as separate", () => {
    const separate = KPI_KEYS.filter((k) => KPI_DEFINITIONS[k].source === "separate");
    expect(separate).toEqual(["criterion_pass_rate", "review_backlog", "backlog_aging", "qa_alignment"]);
  });

  it("separates leading from lagging indicators the usual way", () => {
    for (const k of ["qa_score", "critical_fail_rate", "frt", "review_backlog", "qa_alignment", "tat"] as const) {
      expect(kpiDefinition(k).kind, k).toBe("leading");
    }
    for (const k of ["csat", "dsat_share", "nps", "ces", "fcr_rate", "escalation_rate", "aht"] as const) {
      expect(kpiDefinition(k).kind, k).toBe("lagging");
    }
  });
});

describe("isKpiKey", () => {
  it("accepts the keys and nothing else", () => {
    for (const key of KPI_KEYS) expect(isKpiKey(key)).toBe(true);
    for (const other of ["", "AHT", "qa", "toString", "constructor", "__proto__"]) expect(isKpiKey(other)).toBe(false);
  });
});

describe("kpisForRole", () => {
  it("gives oversight roles every KPI, so vendors can be compared on any of them", () => {
    for (const role of ["admin", "ops_manager", "qa_lead", "client_reviewer"] as const) {
      expect(kpisForRole(role), role).toEqual([...KPI_KEYS]);
    }
  });

  it("gives team leads throughput, quality, CSAT, TAT, TRT and AHT", () => {
    const kpis = kpisForRole("team_lead");
    for (const k of ["interactions_handled", "qa_score", "csat", "tat", "art", "aht"] as const)
      expect(kpis).toContain(k);
    expect(kpis).not.toContain("qa_alignment");
  });

  it("gives QA specialists their own throughput, alignment, variance and overturns, not agents' CSAT", () => {
    const kpis = kpisForRole("qa_specialist");
    for (const k of ["evaluations_completed", "qa_alignment", "quality_variance", "overturn_rate"] as const) {
      expect(kpis).toContain(k);
    }
    expect(kpis).not.toContain("csat");
  });

  it("gives trainers quality and the share traced to training", () => {
    const kpis = kpisForRole("trainer");
    for (const k of ["qa_score", "criterion_pass_rate", "dsat_share", "training_error_share"] as const) {
      expect(kpis).toContain(k);
    }
  });

  it("gives agents their own quality, CSAT and handling, not the QA process or vendor-level KPIs", () => {
    const kpis = kpisForRole("agent");
    for (const k of ["qa_score", "csat", "aht", "interactions_handled"] as const) expect(kpis).toContain(k);
    for (const k of ["review_backlog", "qa_alignment", "overturn_rate", "training_error_share"] as const) {
      expect(kpis).not.toContain(k);
    }
  });

  it("keeps catalogue order and gives every role something", () => {
    for (const role of ROLES) {
      const kpis = kpisForRole(role);
      expect(kpis.length, role).toBeGreaterThan(0);
      expect(kpis).toEqual(KPI_KEYS.filter((k) => kpis.includes(k)));
    }
  });
});
