import { describe, expect, it } from "vitest";
import { utcToZonedLocal, zonedLocalToUtc } from "./time-zone";

describe("zonedLocalToUtc", () => {
  it("converts a wall time in winter and in summer (CET +1, CEST +2)", () => {
    expect(zonedLocalToUtc("2026-12-01T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-01T16:00:00.000Z");
    expect(zonedLocalToUtc("2026-07-01T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T15:00:00.000Z");
  });
  it("handles zones west of UTC and UTC itself", () => {
    expect(zonedLocalToUtc("2026-01-15T09:30", "America/New_York")?.toISOString()).toBe("2026-01-15T14:30:00.000Z");
    expect(zonedLocalToUtc("2026-01-15T09:30", "UTC")?.toISOString()).toBe("2026-01-15T09:30:00.000Z");
  });
  it("refuses text that is not a datetime-local value", () => {
    expect(zonedLocalToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("tomorrow", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-01-15T24:00", "UTC")).toBeNull();
  });
});

describe("utcToZonedLocal", () => {
  it("round-trips with zonedLocalToUtc", () => {
    for (const tz of ["Europe/Berlin", "Asia/Kolkata", "America/Los_Angeles"]) {
      const instant = zonedLocalToUtc("2026-03-10T08:15", tz)!;
      expect(utcToZonedLocal(instant, tz)).toBe("2026-03-10T08:15");
    }
  });
});
