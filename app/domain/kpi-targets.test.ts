import { describe, expect, it } from "vitest";
import type { KpiValue } from "./kpi-formulas";
import {
  DEFAULT_MISS_STREAK,
  consecutiveMisses,
  effectiveTarget,
  missedTargetFlag,
  targetStatus,
  type TargetRow,
  type TargetStatus,
} from "./kpi-targets";

const ok = (value: number): KpiValue => ({ ok: true, value });
const row = (r: Partial<TargetRow> & Pick<TargetRow, "effectiveFrom" | "threshold">): TargetRow => ({
  kpi: "fcr_rate",
  vendorId: null,
  warningBand: 0.05,
  ...r,
});

describe("effectiveTarget", () => {
  const rows: TargetRow[] = [
    row({ effectiveFrom: "2024-01-01", threshold: 0.8 }),
    row({ effectiveFrom: "2024-07-01", threshold: 0.85 }),
    row({ effectiveFrom: "2024-03-01", threshold: 0.75, vendorId: "vendor-a" }),
    row({ kpi: "aht", effectiveFrom: "2023-01-01", threshold: 300, warningBand: 30 }),
  ];

  it("applies a changed target from its effective date on, and the old one before (history kept)", () => {
    expect(effectiveTarget(rows, "fcr_rate", null, "2023-12-31")).toBeNull();
    expect(effectiveTarget(rows, "fcr_rate", null, "2024-01-01")?.threshold).toBe(0.8);
    expect(effectiveTarget(rows, "fcr_rate", null, "2024-06-30")?.threshold).toBe(0.8);
    expect(effectiveTarget(rows, "fcr_rate", null, "2024-07-01")?.threshold).toBe(0.85);
    expect(effectiveTarget(rows, "fcr_rate", null, "2025-01-01")?.threshold).toBe(0.85);
  });

  it("judges each period against the target in effect then", () => {
    // Weekly FCR steady at 82%: green against 80% until the target rose to 85% on 2024-07-01, amber after.
    const weeks = ["2024-06-17", "2024-06-24", "2024-07-01", "2024-07-08"];
    const statuses = weeks.map((week) => {
      const target = effectiveTarget(rows, "fcr_rate", null, week);
      return target && targetStatus(ok(0.82), target, "higher");
    });
    expect(statuses).toEqual(["green", "green", "amber", "amber"]);
  });

  it("lets the vendor's own target in effect win over the global one, even a newer global one", () => {
    // Before vendor A's row takes effect, the global target applies.
    expect(effectiveTarget(rows, "fcr_rate", "vendor-a", "2024-02-01")?.threshold).toBe(0.8);
    expect(effectiveTarget(rows, "fcr_rate", "vendor-a", "2024-03-01")?.threshold).toBe(0.75);
    // The global target changed on 2024-07-01; vendor A's agreed 75% still stands.
    expect(effectiveTarget(rows, "fcr_rate", "vendor-a", "2024-08-01")?.threshold).toBe(0.75);
    // Vendor B has no row of its own; the client-wide view uses global rows only.
    expect(effectiveTarget(rows, "fcr_rate", "vendor-b", "2024-08-01")?.threshold).toBe(0.85);
    expect(effectiveTarget(rows, "fcr_rate", null, "2024-04-01")?.threshold).toBe(0.8);
  });

  it("uses the vendor's latest row when it has several", () => {
    const withChange = [...rows, row({ effectiveFrom: "2024-09-01", threshold: 0.78, vendorId: "vendor-a" })];
    expect(effectiveTarget(withChange, "fcr_rate", "vendor-a", "2024-08-31")?.threshold).toBe(0.75);
    expect(effectiveTarget(withChange, "fcr_rate", "vendor-a", "2024-09-01")?.threshold).toBe(0.78);
  });

  it("keeps KPIs apart, and breaks a same-date tie in favour of the later row", () => {
    expect(effectiveTarget(rows, "aht", null, "2024-01-01")?.threshold).toBe(300);
    expect(effectiveTarget(rows, "csat", null, "2024-01-01")).toBeNull();
    const tie = [
      row({ effectiveFrom: "2024-01-01", threshold: 0.8 }),
      row({ effectiveFrom: "2024-01-01", threshold: 0.9 }),
    ];
    expect(effectiveTarget(tie, "fcr_rate", null, "2024-05-01")?.threshold).toBe(0.9);
  });

  it("refuses dates that are not YYYY-MM-DD", () => {
    expect(() => effectiveTarget(rows, "fcr_rate", null, "2024-7-1")).toThrow(RangeError);
    expect(() =>
      effectiveTarget([row({ effectiveFrom: "01/07/2024", threshold: 1 })], "fcr_rate", null, "2024-07-01"),
    ).toThrow(RangeError);
  });
});

describe("targetStatus", () => {
  const fcr = row({ effectiveFrom: "2024-01-01", threshold: 0.8, warningBand: 0.05 });
  const aht = row({ kpi: "aht", effectiveFrom: "2024-01-01", threshold: 300, warningBand: 30 });

  it("higher is better: green at or above the threshold, amber down to threshold − band, red below", () => {
    expect(targetStatus(ok(0.9), fcr, "higher")).toBe("green");
    expect(targetStatus(ok(0.8), fcr, "higher")).toBe("green");
    expect(targetStatus(ok(0.7999), fcr, "higher")).toBe("amber");
    expect(targetStatus(ok(0.75), fcr, "higher")).toBe("amber");
    expect(targetStatus(ok(0.7499), fcr, "higher")).toBe("red");
    expect(targetStatus(ok(0), fcr, "higher")).toBe("red");
  });

  it("lower is better: green at or below, amber up to threshold + band, red above", () => {
    expect(targetStatus(ok(250), aht, "lower")).toBe("green");
    expect(targetStatus(ok(300), aht, "lower")).toBe("green");
    expect(targetStatus(ok(301), aht, "lower")).toBe("amber");
    expect(targetStatus(ok(330), aht, "lower")).toBe("amber");
    expect(targetStatus(ok(331), aht, "lower")).toBe("red");
  });

  it("treats floating-point near-misses at a boundary as on it", () => {
    expect(0.7 + 0.1).not.toBe(0.8);
    expect(targetStatus(ok(0.7 + 0.1), fcr, "higher")).toBe("green");
    // Escalation rate target 10% with a 20-point band: 0.1 + 0.2 = 0.30000000000000004 sits on the amber edge;
    // without the slack its shortfall 0.20000000000000004 would exceed the band and read red.
    const escalation = row({ kpi: "escalation_rate", effectiveFrom: "2024-01-01", threshold: 0.1, warningBand: 0.2 });
    expect(targetStatus(ok(0.1 + 0.2), escalation, "lower")).toBe("amber");
    expect(targetStatus(ok(0.31), escalation, "lower")).toBe("red");
  });

  it("has no amber with a band of 0 (or a negative band)", () => {
    expect(targetStatus(ok(301), { ...aht, warningBand: 0 }, "lower")).toBe("red");
    expect(targetStatus(ok(301), { ...aht, warningBand: -10 }, "lower")).toBe("red");
    expect(targetStatus(ok(300), { ...aht, warningBand: 0 }, "lower")).toBe("green");
  });

  it("is null when there is no data", () => {
    expect(targetStatus({ ok: false, reason: "no data" }, fcr, "higher")).toBeNull();
  });
});

describe("consecutiveMisses and missedTargetFlag", () => {
  it("counts the trailing run of amber or red periods", () => {
    const cases: [(TargetStatus | null)[], number][] = [
      [[], 0],
      [["green"], 0],
      [["red"], 1],
      [["red", "green", "amber", "red"], 2],
      [["amber", "amber", "red"], 3],
      [["red", "red", "green"], 0],
      // No data is not a miss and breaks the run.
      [["red", "red", null, "red"], 1],
      [["red", "red", null], 0],
    ];
    for (const [statuses, n] of cases) expect(consecutiveMisses(statuses), JSON.stringify(statuses)).toBe(n);
  });

  it("flags a KPI that missed N periods in a row (3 by default)", () => {
    expect(DEFAULT_MISS_STREAK).toBe(3);
    expect(missedTargetFlag(["green", "amber", "red", "red"])).toBe(true);
    expect(missedTargetFlag(["amber", "red"])).toBe(false);
    expect(missedTargetFlag(["red", "red", "red", "green"])).toBe(false);
    expect(missedTargetFlag(["red", "red", null, "red"])).toBe(false);
    expect(missedTargetFlag(["green", "red", "red"], 2)).toBe(true);
    expect(() => missedTargetFlag(["red"], 0)).toThrow(RangeError);
    expect(() => missedTargetFlag(["red"], 1.5)).toThrow(RangeError);
  });
});
