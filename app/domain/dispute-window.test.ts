import { describe, expect, it } from "vitest";
import {
  computeDisputeWindow,
  daysBetween,
  DEFAULT_DISPUTE_WINDOW_DAYS,
  parseDisputeWindowDays,
} from "./dispute-window";

const submittedAt = new Date("2025-03-01T10:00:00Z");
const at = (iso: string) => new Date(iso);

describe("computeDisputeWindow", () => {
  it("closes the default number of days after submission, open up to and including that instant", () => {
    const window = computeDisputeWindow({ submittedAt, now: at("2025-03-15T10:00:00Z"), defaultDays: 14 });
    expect(window).toEqual({ days: 14, closesAt: at("2025-03-15T10:00:00Z"), open: true });
    expect(computeDisputeWindow({ submittedAt, now: at("2025-03-15T10:00:00.001Z"), defaultDays: 14 }).open).toBe(
      false,
    );
    expect(computeDisputeWindow({ submittedAt, now: submittedAt, defaultDays: 14 }).open).toBe(true);
  });

  it("lets a per-version value win over the default, and ignores a missing one", () => {
    const now = at("2025-03-10T00:00:00Z");
    expect(computeDisputeWindow({ submittedAt, now, defaultDays: 14, versionDays: 5 })).toMatchObject({
      days: 5,
      open: false,
    });
    expect(computeDisputeWindow({ submittedAt, now, defaultDays: 14, versionDays: null }).days).toBe(14);
    expect(computeDisputeWindow({ submittedAt, now, defaultDays: 3, versionDays: 30 }).open).toBe(true);
  });
});

describe("parseDisputeWindowDays", () => {
  it("defaults to 14 days when unset or blank", () => {
    expect(parseDisputeWindowDays(undefined)).toBe(DEFAULT_DISPUTE_WINDOW_DAYS);
    expect(parseDisputeWindowDays("  ")).toBe(14);
    expect(parseDisputeWindowDays(" 30 ")).toBe(30);
  });

  it.each(["0", "-3", "2.5", "two weeks", "366"])("refuses %j with a message naming the variable", (raw) => {
    expect(() => parseDisputeWindowDays(raw)).toThrow(/DISPUTE_WINDOW_DAYS must be a whole number/);
  });
});

describe("daysBetween", () => {
  it("counts whole days, rounding down and never below zero", () => {
    expect(daysBetween(submittedAt, at("2025-03-03T09:59:59Z"))).toBe(1);
    expect(daysBetween(submittedAt, at("2025-03-03T10:00:00Z"))).toBe(2);
    expect(daysBetween(submittedAt, at("2025-02-01T00:00:00Z"))).toBe(0);
  });
});
