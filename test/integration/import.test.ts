import fs from "node:fs";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { importInteractions, MAX_STORED_ERRORS, type ImportSummary } from "~/models/interaction-import.server";
import type { ImportFile } from "~/models/interaction-import-read.server";
import { db } from "../../db/client.server";
import { agents, importBatches, importErrors, interactions, organizations, teams } from "../../db/schema";
import { CSV_FIXTURE, demoWorld, insertDemoWorld, JSONL_FIXTURE } from "../fixtures/import/demo-world";

// The import end to end on a real database: counts, idempotence, updates, row errors, file-level
// errors (which write nothing) and dry runs.

const world = demoWorld();
beforeAll(async () => {
  await insertDemoWorld(world);
});

const csvFixture = fs.readFileSync(CSV_FIXTURE, "utf8");
const jsonlFixture = fs.readFileSync(JSONL_FIXTURE, "utf8");

/** An in-memory file; several chunks when given an array (to split characters across chunks). */
function memoryFile(fileName: string, content: string | Buffer | Buffer[]): ImportFile {
  const chunks = Array.isArray(content) ? content : [Buffer.from(content)];
  return { fileName, open: () => Readable.from(chunks) };
}

const run = (
  fileName: string,
  content: string | Buffer | Buffer[],
  options: { dryRun?: boolean; source?: string } = {},
) =>
  importInteractions({
    file: memoryFile(fileName, content),
    dryRun: options.dryRun ?? false,
    defaultSource: options.source,
    startedBy: null,
  });

const countOf = async (table: typeof interactions | typeof organizations | typeof teams | typeof agents) =>
  Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n);

const snapshot = (source: string) =>
  db
    .select({
      id: interactions.id,
      externalId: interactions.externalId,
      contentHash: interactions.contentHash,
      updatedAt: interactions.updatedAt,
      importBatchId: interactions.importBatchId,
    })
    .from(interactions)
    .where(eq(interactions.source, source))
    .orderBy(interactions.externalId);

const batchRow = async (summary: ImportSummary) =>
  (await db.select().from(importBatches).where(eq(importBatches.id, summary.batchId)))[0];
const storedErrors = (summary: ImportSummary) =>
  db
    .select({ row: importErrors.row, column: importErrors.column, message: importErrors.message })
    .from(importErrors)
    .where(eq(importErrors.batchId, summary.batchId))
    .orderBy(importErrors.row);

// A small CSV of rows for one demo agent; tests change single values.
const HEADER =
  "external_id,channel,agent_external_id,agent_email,vendor,team,queue,contact_reason,started_at,ended_at,handle_time_seconds,csat";
function rowFor(n: number, overrides: Partial<Record<string, string>> = {}) {
  const agent = world.agents[0];
  const team = world.teams.find((t) => t.id === agent.teamId)!;
  const vendor = world.vendors.find((v) => v.id === agent.vendorId)!;
  const values = {
    external_id: `T-${n}`,
    channel: "chat",
    agent_external_id: agent.externalId,
    agent_email: "",
    vendor: vendor.slug,
    team: team.name,
    queue: "orders",
    contact_reason: "Where is my order",
    started_at: "2026-11-10T09:00:00Z",
    ended_at: "2026-11-10T09:10:00Z",
    handle_time_seconds: "600",
    csat: "4",
    ...overrides,
  };
  return Object.values(values)
    .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(",");
}
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";

describe("importing the CSV fixture", () => {
  let first: ImportSummary;
  beforeAll(async () => {
    first = await run("interactions.csv", csvFixture);
  });

  it("stores the valid rows and reports the invalid ones by row and column", async () => {
    expect(first).toMatchObject({
      status: "completed",
      format: "csv",
      rowsRead: 30,
      inserted: 28,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      failure: null,
    });
    expect(await storedErrors(first)).toEqual([
      { row: 13, column: "agent_external_id", message: 'no agent with external id "AC-9999"' },
      { row: 26, column: "csat", message: "must be a whole number from 1 to 5" },
    ]);
    expect(await batchRow(first)).toMatchObject({
      status: "completed",
      dryRun: false,
      source: "helpdesk",
      rowsRead: 30,
      inserted: 28,
      rejected: 2,
      failure: null,
      finishedAt: expect.any(Date),
    });
    expect(await snapshot("helpdesk")).toHaveLength(28);
  });

  it("stores each row's values, resolved references and hash", async () => {
    const [stored] = await db.select().from(interactions).where(eq(interactions.externalId, "HD-48211"));
    const agent = world.agents.find((a) => a.externalId === "CX-1110")!;
    expect(stored).toMatchObject({
      source: "helpdesk",
      channel: "chat",
      agentId: agent.id,
      teamId: agent.teamId,
      vendorId: agent.vendorId,
      customerName: "Siddharth Castillo",
      startedAt: new Date("2026-11-09T13:00:00Z"),
      endedAt: new Date("2026-11-09T13:16:55Z"),
      handleTimeSeconds: 1004,
      csat: null,
      fcr: false,
      escalated: true,
      importBatchId: first.batchId,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(stored.transcript[0]).toEqual({
      speaker: "system",
      atSeconds: 0,
      text: "Chat started from the Help Centre (queue: orders)",
    });
  });

  it("inserts and updates nothing when the same file comes again", async () => {
    const before = await snapshot("helpdesk");
    const again = await run("interactions.csv", csvFixture);
    expect(again).toMatchObject({ status: "completed", inserted: 0, updated: 0, unchanged: 28, rejected: 2 });
    expect(await snapshot("helpdesk")).toEqual(before);
  });

  it("updates only the row whose content changed, with a new updated_at", async () => {
    expect(csvFixture.split("Siddharth Castillo,")).toHaveLength(2);
    const changed = csvFixture.replace("Siddharth Castillo,", "Siddharth C. Castillo,");
    const before = await snapshot("helpdesk");
    const summary = await run("interactions.csv", changed);
    expect(summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 27, rejected: 2 });
    const after = await snapshot("helpdesk");
    const changedIndex = before.findIndex((r) => r.externalId === "HD-48211");
    expect(after[changedIndex]).toMatchObject({ id: before[changedIndex].id, importBatchId: summary.batchId });
    expect(after[changedIndex].updatedAt.getTime()).toBeGreaterThan(before[changedIndex].updatedAt.getTime());
    expect(after[changedIndex].contentHash).not.toBe(before[changedIndex].contentHash);
    expect(after.filter((_, i) => i !== changedIndex)).toEqual(before.filter((_, i) => i !== changedIndex));
    const [row] = await db.select().from(interactions).where(eq(interactions.externalId, "HD-48211"));
    expect(row.customerName).toBe("Siddharth C. Castillo");
  });

  it("a dry run reports what would change and writes no interaction", async () => {
    const before = await snapshot("helpdesk");
    const total = await countOf(interactions);
    const withNewRow = `${csvFixture}${csvFixture.split("\n")[1].replace("HD-48211", "HD-99999")}\n`;
    const summary = await run("interactions.csv", withNewRow, { dryRun: true });
    // HD-48211 is stored with the edited name, so the original file would update it back.
    expect(summary).toMatchObject({
      status: "completed",
      dryRun: true,
      rowsRead: 31,
      inserted: 1,
      updated: 1,
      unchanged: 27,
      rejected: 2,
    });
    expect(await batchRow(summary)).toMatchObject({ dryRun: true, status: "completed", inserted: 1, updated: 1 });
    expect(await storedErrors(summary)).toHaveLength(2);
    expect(await snapshot("helpdesk")).toEqual(before);
    expect(await countOf(interactions)).toBe(total);
  });
});

describe("importing the JSON Lines fixture", () => {
  it("stores all 30 rows under the file's own source, then leaves them unchanged", async () => {
    expect(await run("interactions.jsonl", jsonlFixture)).toMatchObject({
      status: "completed",
      format: "jsonl",
      rowsRead: 30,
      inserted: 30,
      rejected: 0,
    });
    expect(await snapshot("livechat")).toHaveLength(30);
    expect(await run("interactions.jsonl", jsonlFixture)).toMatchObject({ inserted: 0, updated: 0, unchanged: 30 });
  });

  it("reports bad lines by line number and skips blank ones", async () => {
    const lines = jsonlFixture.trim().split("\n");
    const objectWithUnknownKey = JSON.stringify({ ...JSON.parse(lines[2]), external_id: "LC-X3", priority: "high" });
    const text = [lines[0], "", "{not json", "[1, 2]", objectWithUnknownKey].join("\n");
    const summary = await run("bad.jsonl", text, { source: "jsonl-bad-lines" });
    expect(summary).toMatchObject({ status: "completed", rowsRead: 4, unchanged: 1, rejected: 3 });
    expect(await storedErrors(summary)).toEqual([
      { row: 3, column: null, message: expect.stringMatching(/^is not valid JSON \(/) },
      { row: 4, column: null, message: "must be a JSON object" },
      { row: 5, column: "priority", message: "is not a known column" },
    ]);
  });
});

describe("references", () => {
  it("reports unknown vendors, teams and agents and wrong memberships as row errors, creating nothing", async () => {
    const other = world.agents.find((a) => a.vendorId !== world.agents[0].vendorId)!;
    const counts = [await countOf(organizations), await countOf(teams), await countOf(agents)];
    const summary = await run(
      "refs.csv",
      csv(
        rowFor(1),
        rowFor(2, { vendor: "zenith" }),
        rowFor(3, { team: "Night Owls" }),
        rowFor(4, { agent_external_id: "AC-0000" }),
        rowFor(5, { agent_external_id: other.externalId }),
        rowFor(1, { csat: "5" }),
        rowFor(6, { agent_external_id: "", agent_email: world.agents[0].email.toUpperCase() }),
      ),
      { source: "refs" },
    );
    expect(summary).toMatchObject({ status: "completed", rowsRead: 7, inserted: 2, rejected: 5 });
    const errors = await storedErrors(summary);
    expect(errors).toEqual([
      { row: 3, column: "vendor", message: 'unknown vendor "zenith"' },
      { row: 4, column: "team", message: expect.stringMatching(/^no team "Night Owls" at /) },
      { row: 5, column: "agent_external_id", message: 'no agent with external id "AC-0000"' },
      {
        row: 6,
        column: "agent_external_id",
        message: expect.stringMatching(new RegExp(`^agent ${other.externalId} works for `)),
      },
      { row: 7, column: "external_id", message: "repeats the external id of row 2" },
    ]);
    expect([await countOf(organizations), await countOf(teams), await countOf(agents)]).toEqual(counts);
    expect((await snapshot("refs")).map((r) => r.externalId)).toEqual(["T-1", "T-6"]);
  });
});

describe("file-level errors write nothing", () => {
  const validRows = Array.from({ length: 600 }, (_, i) => rowFor(1000 + i));
  const fixtureHeader = jsonlFixture.split("\n")[0];
  const cases: [string, string, string | Buffer | Buffer[], RegExp][] = [
    ["an empty file", "empty.csv", "", /^The file is empty\.$/],
    ["a file of blank lines", "blank.csv", "\n\n\n", /^The file is empty\.$/],
    ["an empty JSON Lines file", "empty.jsonl", "\n \n", /^The file is empty/],
    [
      "a missing column",
      "missing.csv",
      csv(rowFor(1)).replace(",started_at", ""),
      /^Line 1: Missing column: started_at\./,
    ],
    [
      "an unknown extra column",
      "extra.csv",
      csv(rowFor(1))
        .replace("csat\n", "csat,priority\n")
        .replace(/\n(T-1.*)\n/, "\n$1,high\n"),
      /^Line 1: Unknown column: "priority"\./,
    ],
    [
      "UTF-16 with a byte-order mark",
      "utf16.csv",
      Buffer.from(`\ufeff${csv(rowFor(1))}`, "utf16le"),
      /UTF-16; save it as UTF-8/,
    ],
    [
      "UTF-16 without a byte-order mark",
      "utf16.csv",
      Buffer.from(csv(rowFor(1)), "utf16le"),
      /^Line 1: .*NUL bytes.*UTF-16/,
    ],
    [
      "invalid UTF-8 after 600 valid rows",
      "latin1.csv",
      Buffer.concat([
        Buffer.from(csv(...validRows)),
        Buffer.from(rowFor(2000, { contact_reason: "Caf\xe9" }), "latin1"),
      ]),
      /^Line 602: the file is not valid UTF-8/,
    ],
    [
      "a CSV row over 1 MB",
      "huge.csv",
      csv(...validRows, rowFor(2001, { contact_reason: "x".repeat(1_100_000) })),
      /^Line 602: a row is longer than 1 MB/,
    ],
    [
      "a JSON Lines line over 1 MB",
      "huge.jsonl",
      `${fixtureHeader}\n{"external_id": "${"x".repeat(1_100_000)}"}\n`,
      /^Line 2: the line is longer than 1 MB/,
    ],
    [
      "a quote that is never closed",
      "quote.csv",
      csv(rowFor(1), rowFor(2, { queue: "x" }).replace(",x,", ',"x,')),
      /^Line 3: a quoted field is never closed/,
    ],
    [
      "a row with too many fields",
      "fields.csv",
      csv(rowFor(1), `${rowFor(2)},extra`),
      /^Line 3: this row has 13 fields/,
    ],
    [
      "camelCase JSON Lines",
      "camel.jsonl",
      `${JSON.stringify({ externalId: "1", channel: "chat" })}\n`,
      /^Line 1: Missing fields: external_id.*unknown field: "externalId"/,
    ],
    [
      "a spreadsheet instead of CSV",
      "book.csv",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      /ZIP or Excel file/,
    ],
    ["an unknown file type", "interactions.xlsx", csv(rowFor(1)), /must end in \.csv or \.jsonl/],
  ];

  it.each(cases)("refuses %s", async (_name, fileName, content, failure) => {
    for (const dryRun of [false, true]) {
      const before = await countOf(interactions);
      const summary = await run(fileName, content, { dryRun, source: "refused" });
      expect(summary.status).toBe("failed");
      expect(summary.failure).toMatch(failure);
      expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, rejected: 0 });
      expect(await countOf(interactions)).toBe(before);
      expect(await batchRow(summary)).toMatchObject({ status: "failed", failure: summary.failure, dryRun });
      expect(await storedErrors(summary)).toEqual([]);
    }
    expect(await snapshot("refused")).toEqual([]);
  });

  it("reports what was stored when the file changes between the check and the import", async () => {
    // Streams are read lazily: by the time the spoiled tail arrives, earlier batches are committed.
    const chunks = Array.from({ length: 12 }, (_, c) =>
      Buffer.from(
        `${c === 0 ? `${HEADER}\n` : ""}${Array.from({ length: 100 }, (_, i) => rowFor(3000 + c * 100 + i)).join("\n")}\n`,
      ),
    );
    const spoiled = Buffer.from(`${rowFor(4999)}\xff\n`, "latin1");
    let opened = 0;
    const summary = await importInteractions({
      file: { fileName: "moving.csv", open: () => Readable.from((opened += 1) === 1 ? chunks : [...chunks, spoiled]) },
      dryRun: false,
      defaultSource: "moving",
      startedBy: null,
    });
    expect(summary).toMatchObject({
      status: "failed",
      failure: expect.stringMatching(/^Line 1202: .*not valid UTF-8/),
    });
    expect(summary.inserted).toBeGreaterThanOrEqual(500);
    expect(await batchRow(summary)).toMatchObject({ status: "failed", inserted: summary.inserted });
    expect(await snapshot("moving")).toHaveLength(summary.inserted);
  });

  it("reads UTF-8 split across chunks, a byte-order mark and Windows line ends", async () => {
    const text = csv(rowFor(1, { contact_reason: "Café déjà vu 😀" })).replace(/\n/g, "\r\n");
    const bytes = Buffer.from(`\ufeff${text}`);
    const at = bytes.indexOf(Buffer.from("😀")) + 2; // inside the 4-byte emoji
    const summary = await run("split.csv", [bytes.subarray(0, at), bytes.subarray(at)], { source: "split" });
    expect(summary).toMatchObject({ status: "completed", inserted: 1, rejected: 0 });
    const [row] = await db.select().from(interactions).where(eq(interactions.source, "split"));
    expect(row.contactReason).toBe("Café déjà vu 😀");
  });
});

describe("error storage", () => {
  it(`stores the first ${MAX_STORED_ERRORS.toLocaleString("en")} errors and counts every rejected row`, async () => {
    const rows = Array.from({ length: MAX_STORED_ERRORS + 50 }, (_, i) => rowFor(i, { vendor: "nowhere" }));
    const summary = await run("many-errors.csv", csv(...rows), { source: "many-errors" });
    expect(summary).toMatchObject({
      status: "completed",
      rejected: MAX_STORED_ERRORS + 50,
      errorCount: MAX_STORED_ERRORS + 50,
    });
    expect(await storedErrors(summary)).toHaveLength(MAX_STORED_ERRORS);
    expect(await batchRow(summary)).toMatchObject({ rejected: MAX_STORED_ERRORS + 50, inserted: 0 });
  });
});
