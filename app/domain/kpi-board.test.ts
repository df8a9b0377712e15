import { describe, expect, it } from "vitest";
import { alignmentByPeriod, meanByPeriod } from "./kpi-board";

const week = (iso: string) => (iso < "2026-11-09" ? "2026-11-02" : "2026-11-09");

describe("meanByPeriod", () => {
  it("averages the points that fall in each period", () => {
    // Week of 2 Nov: (80 + 90) / 2 = 85; week of 9 Nov: 70.
    expect(
      meanByPeriod(
        [
          { date: "2026-11-03T10:00:00Z", value: 80 },
          { date: "2026-11-05T10:00:00Z", value: 90 },
          { date: "2026-11-10T10:00:00Z", value: 70 },
        ],
        week,
      ),
    ).toEqual({ "2026-11-02": 85, "2026-11-09": 70 });
  });
});

describe("alignmentByPeriod", () => {
  it("gives each party its mean alignment per period, skipping sessions without one", () => {
    const sessions = [
      { finalizedAt: "2026-11-03T10:00:00Z", results: { parties: [{ key: "acme", alignment: 90 }] } },
      {
        finalizedAt: "2026-11-04T10:00:00Z",
        results: {
          parties: [
            { key: "acme", alignment: 80 },
            { key: "beacon", alignment: null },
          ],
        },
      },
      { finalizedAt: "2026-11-10T10:00:00Z", results: { parties: [{ key: "beacon", alignment: 60 }] } },
    ];
    expect(alignmentByPeriod(sessions, week)).toEqual({
      acme: { "2026-11-02": 85 },
      beacon: { "2026-11-09": 60 },
    });
  });
});
