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
});
