import { describe, expect, it } from "vitest";
import { rollupPieces, type RollupPiece } from "./kpi-rollup-pieces";
import { customWindow } from "./kpi-period";

const show = (pieces: RollupPiece[] | null) =>
  pieces?.map((p) => `${p.key} ${p.grain} ${p.from.toISOString().slice(0, 16)}..${p.to.toISOString().slice(0, 16)}`);

describe("rollupPieces", () => {
  it("cuts a Berlin winter week into the edge hours and the whole UTC days between", () => {
    const w = customWindow("2026-11-23", "2026-11-29", "Europe/Berlin", "week");
    expect(show(rollupPieces({ ...w, period: "week" }))).toEqual([
      "2026-11-23 hour 2026-11-22T23:00..2026-11-23T00:00",
      "2026-11-23 day 2026-11-23T00:00..2026-11-29T00:00",
      "2026-11-23 hour 2026-11-29T00:00..2026-11-29T23:00",
    ]);
  });

  it("follows a daylight-saving change: the week of 2026-03-23 in Berlin loses an hour", () => {
    const w = customWindow("2026-03-23", "2026-03-29", "Europe/Berlin", "week");
    const pieces = rollupPieces({ ...w, period: "week" })!;
    const hours = pieces.reduce((sum, p) => sum + (p.to.getTime() - p.from.getTime()) / 3_600_000, 0);
    expect(hours).toBe(7 * 24 - 1);
    expect(pieces.at(-1)!.to.toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("keys each piece by its period's local start and covers the window without gaps or overlaps", () => {
    const w = customWindow("2026-10-01", "2026-11-30", "America/New_York", "day");
    const pieces = rollupPieces({ ...w, period: "day" })!;
    expect(new Set(pieces.map((p) => p.key)).size).toBe(61);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i].from).toEqual(pieces[i - 1].to);
    expect(pieces[0].from).toEqual(w.from);
    expect(pieces.at(-1)!.to).toEqual(w.to);
    // A New York day never holds a whole UTC day: hours only.
    expect(pieces.every((p) => p.grain === "hour")).toBe(true);
  });

  it("uses one key without a period and clips the first period at the window's start", () => {
    const from = new Date("2026-11-25T05:00:00Z");
    const to = new Date("2026-11-27T05:00:00Z");
    expect(show(rollupPieces({ from, to, timeZone: "UTC" }))).toEqual([
      " hour 2026-11-25T05:00..2026-11-26T00:00",
      " day 2026-11-26T00:00..2026-11-27T00:00",
      " hour 2026-11-27T00:00..2026-11-27T05:00",
    ]);
    expect(rollupPieces({ from, to, timeZone: "UTC", period: "week" })!.every((p) => p.key === "2026-11-23")).toBe(
      true,
    );
  });

  it("answers null when a boundary falls inside a UTC hour (Asia/Kolkata is UTC+5:30)", () => {
    const w = customWindow("2026-11-23", "2026-11-29", "Asia/Kolkata", "week");
    expect(rollupPieces({ ...w, period: "week" })).toBeNull();
  });

  it("answers no pieces for an empty window", () => {
    const at = new Date("2026-11-25T05:00:00Z");
    expect(rollupPieces({ from: at, to: at, timeZone: "UTC" })).toEqual([]);
  });

  it("with complement, reads a long edge as its whole UTC day minus the hours outside the period", () => {
    const w = customWindow("2026-11-23", "2026-11-29", "America/New_York", "week");
    // New York weeks start at 05:00 UTC: 19 hours of the first UTC day are inside, 5 outside (taken back
    // out of the day); the last 5 hours, past the last whole UTC day, are read as they are.
    expect(show(rollupPieces({ ...w, period: "week", complement: true }))).toEqual([
      "2026-11-23 hour 2026-11-23T00:00..2026-11-23T05:00",
      "2026-11-23 day 2026-11-23T00:00..2026-11-30T00:00",
      "2026-11-23 hour 2026-11-30T00:00..2026-11-30T05:00",
    ]);
    const signs = rollupPieces({ ...w, period: "week", complement: true })!.map((p) => p.sign);
    expect(signs).toEqual([-1, 1, 1]);
  });

  it("with complement, covers every hour of the window exactly once, counting signs", () => {
    for (const timeZone of ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Pacific/Auckland", "UTC"]) {
      const w = customWindow("2026-09-28", "2026-12-06", timeZone, "week");
      const pieces = rollupPieces({ ...w, period: "week", complement: true })!;
      const coverage = new Map<number, number>();
      for (const p of pieces) {
        const step = p.grain === "day" ? 86_400_000 : 3_600_000;
        for (let t = p.from.getTime(); t < p.to.getTime(); t += step) {
          // A day adds each of its hours; an hour piece adds or takes back one.
          const hours = p.grain === "day" ? 24 : 1;
          for (let h = 0; h < hours; h++) {
            const at = t + h * 3_600_000;
            coverage.set(at, (coverage.get(at) ?? 0) + p.sign);
          }
        }
      }
      for (const [at, n] of coverage) {
        const inside = at >= w.from.getTime() && at < w.to.getTime();
        expect([timeZone, new Date(at).toISOString(), n]).toEqual([
          timeZone,
          new Date(at).toISOString(),
          inside ? 1 : 0,
        ]);
      }
      const plain = rollupPieces({ ...w, period: "week" })!;
      const hourRows = (list: typeof pieces) =>
        list.filter((p) => p.grain === "hour").reduce((n, p) => n + (p.to.getTime() - p.from.getTime()) / 3_600_000, 0);
      expect(hourRows(pieces)).toBeLessThanOrEqual(hourRows(plain));
    }
  });
});
