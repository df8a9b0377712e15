import { describe, expect, it } from "vitest";
import { disputes, evaluationAnswers, interactions } from "../schema";
import { copyColumns, encodeCopyRows, encodeCopyValue, escapeCopyText } from "./copy";

describe("COPY text encoding", () => {
  it("escapes backslash, tab, newline and carriage return, and nothing else", () => {
    expect(escapeCopyText("plain, with 'quotes' and \"double\" and ü")).toBe(
      "plain, with 'quotes' and \"double\" and ü",
    );
    expect(escapeCopyText("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    // A literal "\N" must not read as NULL.
    expect(escapeCopyText("\\N")).toBe("\\\\N");
  });

  it("writes NULL, booleans, numbers, timestamps and jsonb as PostgreSQL reads them", () => {
    const c = interactions;
    expect(encodeCopyValue(c.csat, null)).toBe("\\N");
    expect(encodeCopyValue(c.fcr, true)).toBe("t");
    expect(encodeCopyValue(c.escalated, false)).toBe("f");
    expect(encodeCopyValue(c.handleTimeSeconds, 421)).toBe("421");
    expect(encodeCopyValue(evaluationAnswers.value, 0.5)).toBe("0.5");
    expect(encodeCopyValue(c.startedAt, new Date("2025-06-02T09:30:00.123Z"))).toBe("2025-06-02T09:30:00.123Z");
    // jsonb: JSON text (its own escapes doubled for COPY), a tab or newline inside a string included.
    const transcript = [{ speaker: "customer" as const, atSeconds: 3, text: 'Said "hi"\tthen\nleft \\o/' }];
    const encoded = encodeCopyValue(c.transcript, transcript);
    expect(encoded).not.toMatch(/[\t\n]/);
    const decoded = encoded.replace(/\\(.)/g, (_, ch: string) => (ch === "t" ? "\t" : ch === "n" ? "\n" : ch));
    expect(JSON.parse(decoded)).toEqual(transcript);
  });

  it("names the columns the first row sets plus those without a default, in table order", () => {
    const columns = copyColumns(evaluationAnswers, {
      evaluationId: "e",
      criterionKey: "k",
      value: 1,
      na: false,
      met: true,
      comment: null,
      rootCause: null,
    }).map((c) => c.name);
    expect(columns).toEqual(["evaluation_id", "criterion_key", "value", "na", "met", "comment", "root_cause"]);
  });

  it("encodes rows as tab-separated lines, and refuses a row that would need DEFAULT or drops a value", () => {
    const first = {
      id: "d1",
      evaluationId: "e",
      vendorId: "v",
      raisedBy: "u",
      reason: "why\tnot",
      status: "open" as const,
    };
    const columns = copyColumns(disputes, first);
    expect(encodeCopyRows("disputes", columns, [first])).toBe(
      // resolver_id, resolved_at and resolution_note have no default: named, and NULL when not set.
      ["d1", "e", "v", "u", "why\\tnot", "open", "\\N", "\\N", "\\N"].join("\t") + "\n",
    );
    const { status: _status, ...withoutStatus } = first;
    expect(() => encodeCopyRows("disputes", columns, [withoutStatus])).toThrow(/default/);
    expect(() => encodeCopyRows("disputes", columns, [{ ...first, raisedAt: new Date() }])).toThrow(/not in the first/);
  });
});
