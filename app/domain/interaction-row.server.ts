/**
 * One imported interaction row (a CSV line or a JSON Lines object): the columns, validation with located
 * messages, and the content hash that makes re-imports idempotent. The format is documented in README
 * ("Importing interactions"). Pure; server-only because zod stays out of browser bundles.
 */
import crypto from "node:crypto";
import { z } from "zod";

export const CHANNELS = ["call", "chat", "email"] as const;
export const SPEAKERS = ["agent", "customer", "system"] as const;
export type ImportChannel = (typeof CHANNELS)[number];
export type ImportTranscriptTurn = { speaker: (typeof SPEAKERS)[number]; atSeconds: number; text: string };

export const IMPORT_COLUMNS = [
  "external_id",
  "source",
  "channel",
  "agent_external_id",
  "agent_email",
  "vendor",
  "team",
  "queue",
  "contact_reason",
  "customer_name",
  "subject",
  "started_at",
  "ended_at",
  "handle_time_seconds",
  "first_response_seconds",
  "resolution_seconds",
  "csat",
  "nps",
  "ces",
  "fcr",
  "escalated",
  "transcript",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a file must have; besides these, at least one of AGENT_COLUMNS. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  "external_id",
  "channel",
  "vendor",
  "team",
  "queue",
  "contact_reason",
  "started_at",
  "ended_at",
  "handle_time_seconds",
];
export const AGENT_COLUMNS: readonly ImportColumn[] = ["agent_external_id", "agent_email"];
export const DEFAULT_SOURCE = "helpdesk";

export type RowIssue = { column: string | null; message: string };

export type InteractionRow = {
  source: string;
  externalId: string;
  channel: ImportChannel;
  agentExternalId: string | null;
  agentEmail: string | null;
  vendor: string;
  team: string;
  queue: string;
  contactReason: string;
  customerName: string | null;
  subject: string | null;
  startedAt: Date;
  endedAt: Date;
  handleTimeSeconds: number;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  fcr: boolean | null;
  escalated: boolean;
  transcript: ImportTranscriptTurn[];
};

/** CSV header names are matched trimmed and case-insensitively. */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * What is wrong with a header (or a JSON Lines file's first object), as one message, or null.
 * Example: `describeColumnProblems(["external_id"])` names every missing required column.
 */
export function describeColumnProblems(names: readonly string[]): string | null {
  const known = new Set<string>(IMPORT_COLUMNS);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const name of names) (seen.has(name) ? duplicated : seen).add(name);
  const missing: string[] = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (!AGENT_COLUMNS.some((c) => seen.has(c))) missing.push("agent_external_id or agent_email");
  const unknown = [...seen].filter((n) => !known.has(n));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing ${plural(missing.length, "column")}: ${missing.join(", ")}`);
  if (unknown.length > 0)
    problems.push(`unknown ${plural(unknown.length, "column")}: ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  if (duplicated.size > 0)
    problems.push(`repeated ${plural(duplicated.size, "column")}: ${[...duplicated].join(", ")}`);
  if (problems.length === 0) return null;
  return `${capitalise(problems.join("; "))}. Accepted columns: ${IMPORT_COLUMNS.join(", ")}.`;
}

// ---------------------------------------------------------------------------------------------
// Field schemas. CSV gives strings; JSON Lines may also give numbers, booleans, arrays and null.
// A blank value (empty or whitespace, or null) counts as absent; text is trimmed.

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const clean = (v: unknown) => (isBlank(v) ? undefined : typeof v === "string" ? v.trim() : v);
const required = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "is required" : expected;

const text = (max: number) =>
  z.preprocess(clean, z.string({ error: required("must be text") }).max(max, `must be at most ${max} characters`));
const optionalText = (max: number) =>
  z.preprocess(clean, z.string({ error: "must be text" }).max(max, `must be at most ${max} characters`).optional());

// Helpdesk JSON exports often carry numeric ids: a whole JSON number is taken as its decimal text.
const toIdText = (v: unknown) => {
  const c = clean(v);
  return typeof c === "number" && Number.isSafeInteger(c) ? String(c) : c;
};
const idText = (max: number) =>
  z.string({ error: required("must be text") }).max(max, `must be at most ${max} characters`);

const WHOLE = /^[+-]?\d+$/;
const toInteger = (v: unknown) => {
  const c = clean(v);
  return typeof c === "string" && WHOLE.test(c) ? Number(c) : c;
};
const INT4_MAX = 2_147_483_647;

const secondsSchema = z
  .number({ error: required("must be a whole number of seconds") })
  .int("must be a whole number of seconds")
  .min(0, "must not be negative")
  .max(INT4_MAX, "is too large");

function rating(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    toInteger,
    z.number({ error: message }).int(message).min(min, message).max(max, message).optional(),
  );
}

const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0"]);
const toBoolean = (v: unknown) => {
  const c = clean(v);
  if (typeof c === "string") {
    const lower = c.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  if (c === 1) return true;
  if (c === 0) return false;
  return c;
};
const flag = () => z.preprocess(toBoolean, z.boolean({ error: "must be true/false, yes/no or 1/0" }).optional());

const channel = z.preprocess(
  (v) => {
    const c = clean(v);
    return typeof c === "string" ? c.toLowerCase() : c;
  },
  z.enum(CHANNELS, {
    error: (issue) =>
      issue.input === undefined ? "is required" : `must be call, chat or email, not ${JSON.stringify(issue.input)}`,
  }),
);

// ISO 8601 / RFC 3339 with a UTC offset; "T" or a space between date and time.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?$/;
const DATE_TIME_EXAMPLE = "e.g. 2026-03-02T14:05:00+01:00";

/** Parses an ISO 8601 date-time with offset; a string error message when it is not one. */
export function parseDateTime(value: string): Date | string {
  const m = DATE_TIME.exec(value);
  if (!m) {
    if (LOCAL_DATE_TIME.test(value)) return `has no UTC offset (add Z or +hh:mm, ${DATE_TIME_EXAMPLE})`;
    return `must be an ISO 8601 date-time with a UTC offset, ${DATE_TIME_EXAMPLE}`;
  }
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return `is not a real date and time (${value})`;
  }
  const zone = m[8].toUpperCase();
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (hours > 14 || minutes > 59) return `has an impossible UTC offset (${zone})`;
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  return new Date(local - offsetMinutes * 60_000);
}

const dateTime = z.preprocess(
  (v, ctx) => {
    const c = clean(v);
    if (typeof c !== "string") return c;
    const parsed = parseDateTime(c);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return parsed;
  },
  z.date({ error: required(`must be an ISO 8601 date-time with a UTC offset, ${DATE_TIME_EXAMPLE}`) }),
);

const TurnSchema = z.strictObject({
  speaker: z.enum(SPEAKERS, { error: "speaker must be agent, customer or system" }),
  atSeconds: z
    .number({ error: "atSeconds must be a number of seconds" })
    .min(0, "atSeconds must not be negative")
    .max(INT4_MAX, "atSeconds is too large"),
  text: z.string({ error: "text must be text" }),
});

// A CSV cell holds the transcript as JSON text; JSON Lines may give the array itself (or JSON text).
const transcript = z.preprocess(
  (v, ctx) => {
    const c = clean(v);
    if (typeof c !== "string") return c ?? [];
    try {
      return JSON.parse(c);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `is not valid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  },
  z.array(TurnSchema, { error: "must be a JSON array of turns ({ speaker, atSeconds, text })" }),
);

const FIELDS = {
  external_id: z.preprocess(toIdText, idText(200)),
  source: optionalText(100),
  channel,
  agent_external_id: z.preprocess(toIdText, idText(200).optional()),
  agent_email: z.preprocess(clean, z.email({ error: "must be an email address" }).max(320).optional()),
  vendor: text(200),
  team: text(200),
  queue: text(200),
  contact_reason: text(500),
  customer_name: optionalText(500),
  subject: optionalText(1000),
  started_at: dateTime,
  ended_at: dateTime,
  handle_time_seconds: z.preprocess(toInteger, secondsSchema),
  first_response_seconds: z.preprocess(toInteger, secondsSchema.optional()),
  resolution_seconds: z.preprocess(toInteger, secondsSchema.optional()),
  csat: rating(1, 5),
  nps: rating(0, 10),
  ces: rating(1, 7),
  fcr: flag(),
  escalated: flag(),
  transcript,
} satisfies Record<ImportColumn, z.ZodType>;

const RowSchema = z.strictObject(FIELDS);
type ParsedFields = z.output<typeof RowSchema>;

// ---------------------------------------------------------------------------------------------

export type ParseRowResult = {
  /** The row when it is valid; null when `issues` is not empty. */
  row: InteractionRow | null;
  issues: RowIssue[];
  /** (source, external id) whenever both could be read, also for invalid rows: duplicates are found by it. */
  identity: { source: string; externalId: string } | null;
};

/**
 * Validates one row given as column name (normalised) to value. Every problem is reported, each with
 * its column, in one pass. Example:
 *   parseInteractionRow({ ..., csat: "6" }, { defaultSource: "helpdesk" }).issues
 *   // [{ column: "csat", message: "must be a whole number from 1 to 5" }]
 */
export function parseInteractionRow(
  values: Record<string, unknown>,
  options: { defaultSource: string },
): ParseRowResult {
  const result = RowSchema.safeParse(values);
  if (result.success) {
    const data = result.data;
    const issues = crossFieldIssues(data);
    const row = issues.length === 0 ? toRow(data, options.defaultSource) : null;
    return { row, issues, identity: { source: data.source ?? options.defaultSource, externalId: data.external_id } };
  }
  const issues = result.error.issues.flatMap(toRowIssues);
  // Cross-field rules for the fields that did parse, so one pass reports everything.
  const failed = new Set(issues.map((i) => i.column));
  const partial = Object.fromEntries(
    (["started_at", "ended_at", "agent_external_id", "agent_email"] as const)
      .filter((c) => !failed.has(c))
      .map((c) => [c, FIELDS[c].safeParse(values[c]).data]),
  ) as Partial<ParsedFields>;
  issues.push(...crossFieldIssues(partial, !failed.has("agent_external_id") && !failed.has("agent_email")));
  const externalId = FIELDS.external_id.safeParse(values.external_id);
  const source = FIELDS.source.safeParse(values.source);
  const identity =
    externalId.success && source.success
      ? { source: source.data ?? options.defaultSource, externalId: externalId.data }
      : null;
  return { row: null, issues: sortIssues(issues), identity };
}

/** Rules across fields; `agentsParsed` is false when an agent column itself is invalid (reported already). */
function crossFieldIssues(data: Partial<ParsedFields>, agentsParsed = true): RowIssue[] {
  const issues: RowIssue[] = [];
  if (agentsParsed && !data.agent_external_id && !data.agent_email) {
    issues.push({ column: "agent_external_id", message: "agent_external_id or agent_email is required" });
  }
  if (data.started_at instanceof Date && data.ended_at instanceof Date && data.ended_at < data.started_at) {
    issues.push({ column: "ended_at", message: "is before started_at" });
  }
  return issues;
}

function toRowIssues(issue: z.core.$ZodIssue): RowIssue[] {
  if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
    return issue.keys.map((key) => ({ column: key, message: "is not a known column" }));
  }
  const [column, turn, field] = issue.path;
  if (column === "transcript" && typeof turn === "number") {
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown ${plural(issue.keys.length, "field")} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
        : field === undefined
          ? "must be an object { speaker, atSeconds, text }"
          : issue.message;
    return [{ column, message: `turn ${turn + 1}: ${message}` }];
  }
  return [{ column: typeof column === "string" ? column : null, message: issue.message }];
}

const COLUMN_ORDER = new Map<string, number>(IMPORT_COLUMNS.map((c, i) => [c, i]));
function sortIssues(issues: RowIssue[]): RowIssue[] {
  const rank = (i: RowIssue) => (i.column === null ? -1 : (COLUMN_ORDER.get(i.column) ?? IMPORT_COLUMNS.length));
  return issues.sort((a, b) => rank(a) - rank(b));
}

function toRow(d: ParsedFields, defaultSource: string): InteractionRow {
  return {
    source: d.source ?? defaultSource,
    externalId: d.external_id,
    channel: d.channel,
    agentExternalId: d.agent_external_id ?? null,
    agentEmail: d.agent_email ?? null,
    vendor: d.vendor,
    team: d.team,
    queue: d.queue,
    contactReason: d.contact_reason,
    customerName: d.customer_name ?? null,
    subject: d.subject ?? null,
    startedAt: d.started_at,
    endedAt: d.ended_at,
    handleTimeSeconds: d.handle_time_seconds,
    firstResponseSeconds: d.first_response_seconds ?? null,
    resolutionSeconds: d.resolution_seconds ?? null,
    csat: d.csat ?? null,
    nps: d.nps ?? null,
    ces: d.ces ?? null,
    fcr: d.fcr ?? null,
    escalated: d.escalated ?? false,
    transcript: d.transcript,
  };
}

/**
 * sha256 of the row's normalised content: what would be stored (resolved ids, UTC timestamps), not how
 * the file spelled it, so naming an agent by email instead of external id, or another offset for the
 * same instant, is still "unchanged".
 */
export function computeContentHash(
  row: InteractionRow,
  refs: { vendorId: string; teamId: string; agentId: string },
): string {
  const content = [
    "v1",
    row.source,
    row.externalId,
    row.channel,
    refs.vendorId,
    refs.teamId,
    refs.agentId,
    row.queue,
    row.contactReason,
    row.customerName,
    row.subject,
    row.startedAt.toISOString(),
    row.endedAt.toISOString(),
    row.handleTimeSeconds,
    row.firstResponseSeconds,
    row.resolutionSeconds,
    row.csat,
    row.nps,
    row.ces,
    row.fcr,
    row.escalated,
    row.transcript.map((t) => [t.speaker, t.atSeconds, t.text]),
  ];
  return crypto.hash("sha256", JSON.stringify(content), "hex");
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
