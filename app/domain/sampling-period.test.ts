import { describe, expect, it } from "vitest";
import { formatPeriod, parseDay, periodContaining, previousCompletePeriod, shiftPeriod } from "./sampling-period";

const at = (iso: string) => new Date(iso);
const range = (b: { start: Date; end: Date }) => [b.start.toISOString(), b.end.toISOString()];

describe("sampling periods (UTC)", () => {
  it("a week is the ISO week, Monday 00:00 UTC to the next Monday", () => {
    // 16 Nov 2026 is a Monday; the Sunday 22nd at 23:59 still belongs to its week.
    for (const moment of ["2026-11-16T00:00:00Z", "2026-11-18T12:00:00Z", "2026-11-22T23:59:59Z"]) {
      const week = periodContaining("week", at(moment));
      expect(range(week)).toEqual(["2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
      expect(week.key).toBe("2026-11-16");
    }
    // Across a year boundary: Thursday 1 Jan 2026 is in the week starting Monday 29 Dec 2025.
    expect(periodContaining("week", at("2026-01-01T10:00:00Z")).key).toBe("2025-12-29");
  });

  it("days and months start at 00:00 UTC", () => {
    expect(range(periodContaining("day", at("2026-11-18T23:30:00Z")))).toEqual([
      "2026-11-18T00:00:00.000Z",
      "2026-11-19T00:00:00.000Z",
    ]);
    expect(range(periodContaining("month", at("2026-12-31T23:00:00Z")))).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
    expect(range(periodContaining("month", at("2028-02-10T00:00:00Z")))[1]).toBe("2028-03-01T00:00:00.000Z");
  });

  it("steps to neighbouring periods and finds the last complete one", () => {
    const week = periodContaining("week", at("2026-11-18T00:00:00Z"));
    expect(shiftPeriod(week, -1).key).toBe("2026-11-09");
    expect(shiftPeriod(week, 2).key).toBe("2026-11-30");
    expect(shiftPeriod(periodContaining("month", at("2026-01-15T00:00:00Z")), -1).key).toBe("2025-12-01");
    expect(previousCompletePeriod("week", at("2026-11-18T09:00:00Z")).key).toBe("2026-11-09");
    expect(previousCompletePeriod("day", at("2026-11-18T09:00:00Z")).key).toBe("2026-11-17");
  });

  it("parses real calendar days only", () => {
    expect(parseDay("2026-11-16")?.toISOString()).toBe("2026-11-16T00:00:00.000Z");
    for (const bad of ["2026-02-30", "2026-13-01", "16/11/2026", "2026-11-16T00:00", ""])
      expect(parseDay(bad)).toBeNull();
  });

  it("labels periods for people", () => {
    expect(formatPeriod(periodContaining("week", at("2026-11-18T00:00:00Z")))).toBe("Week of 16 Nov 2026");
    expect(formatPeriod(periodContaining("day", at("2026-11-18T00:00:00Z")))).toBe("18 Nov 2026");
    expect(formatPeriod(periodContaining("month", at("2026-11-18T00:00:00Z")))).toBe("November 2026");
  });
});
