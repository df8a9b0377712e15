import { describe, expect, it } from "vitest";
import {
  computeContentHash,
  describeColumnProblems,
  IMPORT_COLUMNS,
  parseDateTime,
  parseInteractionRow,
  REQUIRED_COLUMNS,
} from "./interaction-row.server";

/** A valid row as a CSV file gives it (every value a string); tests break one thing at a time. */
function csvRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    external_id: "HD-1001",
    source: "",
    channel: "chat",
    agent_external_id: "AC-1255",
    agent_email: "",
    vendor: "acme",
    team: "Acme Chat Tier 1",
    queue: "orders",
    contact_reason: "Where is my order",
    customer_name: "Ana Silva",
    subject: "Parcel not delivered",
    started_at: "2026-03-02T14:05:00+01:00",
    ended_at: "2026-03-02T14:17:30+01:00",
    handle_time_seconds: "690",
    first_response_seconds: "35",
    resolution_seconds: "750",
    csat: "4",
    nps: "",
    ces: "6",
    fcr: "yes",
    escalated: "false",
    transcript: JSON.stringify([
      { speaker: "customer", atSeconds: 0, text: "Hi, my parcel has not arrived." },
      { speaker: "agent", atSeconds: 35, text: "Let me check that for you." },
    ]),
    ...overrides,
  };
}

const parse = (values: Record<string, unknown>) => parseInteractionRow(values, { defaultSource: "helpdesk" });
const issuesOf = (values: Record<string, unknown>) => parse(values).issues;

describe("parseInteractionRow: valid rows", () => {
  it("turns a CSV row into typed values, with the default source and UTC instants", () => {
    const { row, issues, identity } = parse(csvRow());
    expect(issues).toEqual([]);
    expect(identity).toEqual({ source: "helpdesk", externalId: "HD-1001" });
    expect(row).toMatchObject({
      source: "helpdesk",
      externalId: "HD-1001",
      channel: "chat",
      agentExternalId: "AC-1255",
      agentEmail: null,
      nps: null,
      csat: 4,
      ces: 6,
      fcr: true,
      escalated: false,
      handleTimeSeconds: 690,
    });
    expect(row!.startedAt.toISOString()).toBe("2026-03-02T13:05:00.000Z");
    expect(row!.transcript).toHaveLength(2);
  });

  it("accepts JSON Lines types: numbers, booleans, a transcript array and a numeric external id", () => {
    const { row, issues } = parse({
      ...csvRow(),
      external_id: 987654,
      handle_time_seconds: 690,
      csat: 5,
      fcr: false,
      escalated: true,
      nps: null,
      transcript: [{ speaker: "system", atSeconds: 0, text: "Chat started" }],
    });
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ externalId: "987654", csat: 5, fcr: false, escalated: true, nps: null });
  });

  it("defaults an absent or blank transcript to no turns and escalated to false; trims text", () => {
    const values = csvRow({ transcript: "  ", channel: " CALL ", queue: " billing " });
    delete (values as Partial<typeof values>).escalated;
    const { row } = parse(values);
    expect(row).toMatchObject({ transcript: [], escalated: false, channel: "call", queue: "billing" });
  });

  it("takes the row's own source over the default", () => {
    expect(parse(csvRow({ source: "zendesk" })).identity).toEqual({ source: "zendesk", externalId: "HD-1001" });
  });

  it.each(["true", "TRUE", "yes", "Yes", "1"])("reads %s as true", (v) => {
    expect(parse(csvRow({ escalated: v })).row?.escalated).toBe(true);
  });
  it.each(["false", "no", "NO", "0"])("reads %s as false", (v) => {
    expect(parse(csvRow({ fcr: v })).row?.fcr).toBe(false);
  });
});

describe("parseInteractionRow: located errors", () => {
  it.each(REQUIRED_COLUMNS.map((c) => [c]))("requires %s", (column) => {
    expect(issuesOf(csvRow({ [column]: "" }))).toEqual([{ column, message: "is required" }]);
  });

  it("requires agent_external_id or agent_email, and accepts either", () => {
    expect(issuesOf(csvRow({ agent_external_id: "" }))).toEqual([
      { column: "agent_external_id", message: "agent_external_id or agent_email is required" },
    ]);
    expect(issuesOf(csvRow({ agent_external_id: "", agent_email: "Someone@Acme.example" }))).toEqual([]);
    expect(issuesOf(csvRow({ agent_email: "not-an-email" }))).toEqual([
      { column: "agent_email", message: "must be an email address" },
    ]);
  });

  it.each([
    ["2026-03-02 14:05:00", /has no UTC offset/],
    ["2026-03-02", /has no UTC offset/],
    ["yesterday", /must be an ISO 8601 date-time with a UTC offset/],
    ["02/03/2026 14:05", /must be an ISO 8601 date-time/],
    ["2026-02-30T10:00:00Z", /is not a real date and time/],
    ["2026-03-02T24:30:00Z", /is not a real date and time/],
    ["2026-03-02T10:00:00+25:00", /impossible UTC offset/],
  ])("refuses started_at %s", (value, message) => {
    const issues = issuesOf(csvRow({ started_at: value }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ column: "started_at", message: expect.stringMatching(message) });
  });

  it("refuses an end before the start, comparing instants across offsets", () => {
    expect(issuesOf(csvRow({ ended_at: "2026-03-02T14:04:59+01:00" }))).toEqual([
      { column: "ended_at", message: "is before started_at" },
    ]);
    // 13:30Z is after 14:05+01:00 (13:05Z).
    expect(issuesOf(csvRow({ ended_at: "2026-03-02T13:30:00Z" }))).toEqual([]);
  });

  it.each([
    ["handle_time_seconds", "-5", "must not be negative"],
    ["first_response_seconds", "-1", "must not be negative"],
    ["resolution_seconds", "-60", "must not be negative"],
    ["handle_time_seconds", "12.5", "must be a whole number of seconds"],
    ["handle_time_seconds", "abc", "must be a whole number of seconds"],
    ["handle_time_seconds", "99999999999", "is too large"],
  ])("refuses %s = %s", (column, value, message) => {
    expect(issuesOf(csvRow({ [column]: value }))).toEqual([{ column, message }]);
  });

  it.each([
    ["csat", "0", "1 to 5"],
    ["csat", "6", "1 to 5"],
    ["csat", "4.5", "1 to 5"],
    ["csat", "good", "1 to 5"],
    ["nps", "11", "0 to 10"],
    ["nps", "-1", "0 to 10"],
    ["ces", "8", "1 to 7"],
    ["ces", "0", "1 to 7"],
  ])("refuses %s = %s", (column, value, range) => {
    expect(issuesOf(csvRow({ [column]: value }))).toEqual([
      { column, message: `must be a whole number from ${range}` },
    ]);
  });

  it("refuses an unknown channel, naming the value", () => {
    expect(issuesOf(csvRow({ channel: "sms" }))).toEqual([
      { column: "channel", message: 'must be call, chat or email, not "sms"' },
    ]);
  });

  it.each(["maybe", "2", "y"])("refuses the boolean %s", (value) => {
    expect(issuesOf(csvRow({ escalated: value, fcr: value }))).toEqual([
      { column: "fcr", message: "must be true/false, yes/no or 1/0" },
      { column: "escalated", message: "must be true/false, yes/no or 1/0" },
    ]);
  });

  it.each([
    ['[{"speaker": "agent"', /^is not valid JSON \(/],
    ['{"speaker": "agent", "atSeconds": 0, "text": "hi"}', /^must be a JSON array of turns/],
    ['[{"speaker": "bot", "atSeconds": 0, "text": "hi"}]', /^turn 1: speaker must be agent, customer or system$/],
    [
      '[{"speaker": "agent", "atSeconds": 0, "text": "a"}, {"speaker": "agent", "atSeconds": -3, "text": "b"}]',
      /^turn 2: atSeconds must not be negative$/,
    ],
    ['[{"speaker": "agent", "at": 0, "text": "hi", "atSeconds": 1}]', /^turn 1: unknown field "at"$/],
    ['[{"speaker": "agent", "text": "hi"}]', /^turn 1: atSeconds must be a number of seconds$/],
    ['["hello"]', /^turn 1: must be an object/],
  ])("refuses the transcript %s", (value, message) => {
    const issues = issuesOf(csvRow({ transcript: value }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ column: "transcript", message: expect.stringMatching(message) });
  });

  it("refuses an unknown key (JSON Lines objects after the first)", () => {
    expect(issuesOf({ ...csvRow(), agentId: "AC-1" })).toEqual([
      { column: "agentId", message: "is not a known column" },
    ]);
  });

  it("refuses text that is too long", () => {
    expect(issuesOf(csvRow({ external_id: "x".repeat(201) }))).toEqual([
      { column: "external_id", message: "must be at most 200 characters" },
    ]);
  });

  it("reports every problem of a row in one pass, in column order, and still gives its identity", () => {
    const result = parse(
      csvRow({ csat: "9", channel: "fax", ended_at: "2026-03-02T12:00:00+01:00", handle_time_seconds: "-1" }),
    );
    expect(result.row).toBeNull();
    expect(result.issues.map((i) => i.column)).toEqual(["channel", "ended_at", "handle_time_seconds", "csat"]);
    expect(result.identity).toEqual({ source: "helpdesk", externalId: "HD-1001" });
  });
});

describe("describeColumnProblems", () => {
  it("accepts every known column, and the required ones with either agent column", () => {
    expect(describeColumnProblems([...IMPORT_COLUMNS])).toBeNull();
    expect(describeColumnProblems([...REQUIRED_COLUMNS, "agent_email"])).toBeNull();
  });

  it("names missing, unknown and repeated columns in one message", () => {
    const message = describeColumnProblems([
      ...REQUIRED_COLUMNS.filter((c) => c !== "started_at"),
      "agent_external_id",
      "agentEmail",
      "queue",
    ]);
    expect(message).toMatch(
      /^Missing column: started_at; unknown column: "agentEmail"; repeated column: queue\. Accepted columns: external_id, source, channel, /,
    );
  });

  it("asks for an agent column when neither is there", () => {
    expect(describeColumnProblems([...REQUIRED_COLUMNS])).toMatch(/missing column: agent_external_id or agent_email/i);
  });
});

describe("parseDateTime", () => {
  it.each([
    ["2026-03-02T14:05:00Z", "2026-03-02T14:05:00.000Z"],
    ["2026-03-02T14:05:00.25+05:30", "2026-03-02T08:35:00.250Z"],
    ["2026-03-02 14:05-0800", "2026-03-02T22:05:00.000Z"],
    ["2026-03-02t14:05:00z", "2026-03-02T14:05:00.000Z"],
    ["2024-02-29T00:00:00+00", "2024-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (input, iso) => {
    expect((parseDateTime(input) as Date).toISOString()).toBe(iso);
  });
});

describe("computeContentHash", () => {
  const refs = { vendorId: "v", teamId: "t", agentId: "a" };
  const hashOf = (overrides: Record<string, string>, r = refs) => computeContentHash(parse(csvRow(overrides)).row!, r);

  it("is the same for the same content however the file spells it", () => {
    const base = hashOf({});
    expect(hashOf({ started_at: "2026-03-02T13:05:00Z", escalated: "no", fcr: "1" })).toBe(base);
    expect(hashOf({ agent_external_id: "", agent_email: "bongani.pham@acme.example" })).toBe(base);
  });

  it("changes with any stored value", () => {
    const base = hashOf({});
    expect(hashOf({ csat: "5" })).not.toBe(base);
    expect(hashOf({ subject: "Other" })).not.toBe(base);
    expect(hashOf({ transcript: "" })).not.toBe(base);
    expect(hashOf({}, { ...refs, agentId: "b" })).not.toBe(base);
  });
});
