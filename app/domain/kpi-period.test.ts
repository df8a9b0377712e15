import { describe, expect, it } from "vitest";
import { customWindow, periodStart, periodWindow } from "./kpi-period";

describe("periodStart", () => {
  it("starts weeks on Monday and months on the 1st", () => {
    expect(periodStart("2026-11-22", "week")).toBe("2026-11-16"); // a Sunday belongs to the week before
    expect(periodStart("2026-11-23", "week")).toBe("2026-11-23");
    expect(periodStart("2026-11-23", "month")).toBe("2026-11-01");
    expect(periodStart("2026-11-23", "day")).toBe("2026-11-23");
  });
});

describe("periodWindow", () => {
  it("takes the week from the viewer's time zone, not UTC", () => {
    // Sunday 23:30 UTC is already Monday in Berlin: the current week there starts that Monday.
    const now = new Date("2026-11-22T23:30:00Z");
    expect(periodWindow(now, "UTC", "week", 1).starts).toEqual(["2026-11-16"]);
    const berlin = periodWindow(now, "Europe/Berlin", "week", 2);
    expect(berlin.starts).toEqual(["2026-11-16", "2026-11-23"]);
    expect(berlin.from.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    expect(berlin.to.toISOString()).toBe("2026-11-29T23:00:00.000Z");
  });
  it("counts months back across a year boundary", () => {
    const w = periodWindow(new Date("2026-02-10T12:00:00Z"), "UTC", "month", 3);
    expect(w.starts).toEqual(["2025-12-01", "2026-01-01", "2026-02-01"]);
    expect(w.to.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });
  it("refuses a count below 1", () => {
    expect(() => periodWindow(new Date(), "UTC", "day", 0)).toThrow(/positive/);
  });
});

describe("customWindow", () => {
  it("covers whole local days and splits them into periods", () => {
    const w = customWindow("2026-03-27", "2026-04-02", "Europe/Berlin", "week");
    expect(w.starts).toEqual(["2026-03-23", "2026-03-30"]);
    // Daylight saving starts on 29 March: +01:00 before, +02:00 after.
    expect(w.from.toISOString()).toBe("2026-03-26T23:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-04-02T22:00:00.000Z");
    expect(() => customWindow("2026-04-02", "2026-03-27", "UTC", "day")).toThrow(/ends before/);
  });
});
