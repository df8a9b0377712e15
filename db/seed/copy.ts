/**
 * Bulk writes for the seed, through the seed's own transaction, with COPY in text format: on PostgreSQL
 * (drizzle over postgres.js) `COPY ... FROM STDIN`, streamed; on PGlite `COPY ... FROM '/dev/blob'`, a few
 * megabytes per statement. Both are several times faster than multi-row INSERTs of the same rows, which
 * remain as the fallback (and as the reference the tests compare against). All store the same values: COPY
 * is given the column values drizzle's insert would send (`mapToDriverValue`), and a column left out gets
 * its default either way.
 */
import { getTableColumns, getTableName, is, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { PgliteSession } from "drizzle-orm/pglite";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import type { Writable } from "node:stream";
import type postgres from "postgres";
import type { Database } from "../client.server";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type BulkMethod = "copy" | "insert";

type Batches<T> = Iterable<T[]> | AsyncIterable<T[]>;

export interface BulkWriter {
  readonly method: BulkMethod;
  /** Writes every batch into `table` and returns how many rows were written. Batches are consumed lazily. */
  write<TTable extends PgTable>(table: TTable, batches: Batches<TTable["$inferInsert"]>): Promise<number>;
}

/** PostgreSQL refuses statements with more than 65,535 parameters. */
const MAX_PARAMETERS = 60_000;
const MAX_INSERT_ROWS = 1000;

/** What the seed uses of a PGlite connection or transaction. */
type PgliteQueryable = { query: (sql: string, params?: unknown[], options?: { blob?: Blob }) => Promise<unknown> };

/**
 * COPY unless `method` says "insert": streamed on postgres.js, by blob on PGlite. Falls back to inserts on
 * a driver it does not know; asking for COPY there is an error rather than a silent fallback.
 */
export function createBulkWriter(tx: Tx, method?: BulkMethod): BulkWriter {
  const session = tx._.session;
  if (method !== "insert") {
    if (is(session, PostgresJsSession)) {
      const sql = (session as unknown as PostgresJsSession<postgres.Sql, Record<string, unknown>, never>).client;
      return { method: "copy", write: (table, batches) => copyInto(streamTo(sql), table, batches) };
    }
    // drizzle keeps the PGlite transaction in a (TypeScript-)private field; checked before use.
    const client = is(session, PgliteSession) ? (session as unknown as { client?: PgliteQueryable }).client : undefined;
    if (client && typeof client.query === "function") {
      return { method: "copy", write: (table, batches) => copyInto(blobTo(client), table, batches) };
    }
    if (method === "copy") throw new Error("COPY needs PostgreSQL through postgres.js or PGlite");
  }
  return { method: "insert", write: (table, batches) => insertInto(tx, table, batches) };
}

async function insertInto<TTable extends PgTable>(
  tx: Tx,
  table: TTable,
  batches: Batches<TTable["$inferInsert"]>,
): Promise<number> {
  const size = Math.max(1, Math.min(MAX_INSERT_ROWS, Math.floor(MAX_PARAMETERS / columnsOf(table).length)));
  let written = 0;
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i += size) {
      await tx.insert(table).values(batch.slice(i, i + size));
    }
    written += batch.length;
  }
  return written;
}

// ---------------------------------------------------------------------------------------------
// COPY text format (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2)

type CopyColumn = { key: string; name: string; column: Column };

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function columnsOf(table: PgTable): CopyColumn[] {
  return Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.keyAsName ? snakeCase(key) : column.name,
    column,
  }));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Backslash, newline, carriage return and tab are the characters text format needs escaped. */
export function escapeCopyText(text: string): string {
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"))
    : text;
}

/** One field: NULL is `\N`; otherwise the text drizzle would send as the parameter. */
export function encodeCopyValue(column: Column, value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const driver = column.mapToDriverValue(value);
  if (driver === null || driver === undefined) return "\\N";
  switch (typeof driver) {
    case "string":
      return escapeCopyText(driver);
    case "boolean":
      return driver ? "t" : "f";
    case "number":
      if (!Number.isFinite(driver)) return driver > 0 ? "Infinity" : driver < 0 ? "-Infinity" : "NaN";
      return String(driver);
    case "bigint":
      return driver.toString();
    default:
      if (driver instanceof Date) return driver.toISOString();
      return escapeCopyText(JSON.stringify(driver));
  }
}

/**
 * Encodes rows as COPY text lines over `columns`. A value left undefined is written as NULL only for a
 * column without a default; for one with a default COPY cannot say DEFAULT, so that is an error (an insert
 * would have used the default). Keys outside `columns` are an error too: they would be dropped silently.
 */
export function encodeCopyRows(table: string, columns: readonly CopyColumn[], rows: readonly object[]): string {
  const known = new Set(columns.map((c) => c.key));
  let out = "";
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    const fields: string[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const { key, column } = columns[i];
      const value = record[key];
      if (value === undefined && column.hasDefault) {
        throw new Error(`COPY into ${table}: a row leaves "${key}" to its default, but earlier rows set it`);
      }
      fields[i] = encodeCopyValue(column, value);
    }
    for (const key of Object.keys(record)) {
      if (!known.has(key) && record[key] !== undefined) {
        throw new Error(`COPY into ${table}: "${key}" is set in a later row but not in the first`);
      }
    }
    out += fields.join("\t") + "\n";
  }
  return out;
}

/** The columns a COPY names: every column the first row sets, and every column without a default. */
export function copyColumns(table: PgTable, first: object): CopyColumn[] {
  const record = first as Record<string, unknown>;
  return columnsOf(table).filter((c) => record[c.key] !== undefined || !c.column.hasDefault);
}

/** Runs one COPY of a table's columns (`copy t (cols) from`, completed by the sink) over encoded chunks. */
type CopySink = (statementStart: string, chunks: () => AsyncIterable<string>) => Promise<void>;

const streamTo =
  (sql: postgres.Sql): CopySink =>
  (start, chunks) =>
    copyFromStdin(sql, `${start} stdin`, chunks);

/** PGlite reads COPY data from a blob: one statement per few megabytes keeps memory flat. */
const BLOB_CHARS = 8_000_000;
const blobTo =
  (client: PgliteQueryable): CopySink =>
  async (start, chunks) => {
    let parts: string[] = [];
    let size = 0;
    const flush = async () => {
      if (parts.length === 0) return;
      const blob = new Blob(parts);
      parts = [];
      size = 0;
      await client.query(`${start} '/dev/blob'`, [], { blob });
    };
    for await (const chunk of chunks()) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= BLOB_CHARS) await flush();
    }
    await flush();
  };

async function copyInto<TTable extends PgTable>(
  sink: CopySink,
  table: TTable,
  batches: Batches<TTable["$inferInsert"]>,
): Promise<number> {
  const name = getTableName(table);
  const iterator = (Symbol.asyncIterator in batches ? batches : toAsync(batches))[Symbol.asyncIterator]();
  let next = await iterator.next();
  while (!next.done && next.value.length === 0) next = await iterator.next();
  if (next.done) return 0;
  const columns = copyColumns(table, next.value[0]);
  const start = `copy ${quoteIdent(name)} (${columns.map((c) => quoteIdent(c.name)).join(", ")}) from`;
  let written = 0;
  await sink(start, async function* () {
    while (!next.done) {
      written += next.value.length;
      if (next.value.length > 0) yield encodeCopyRows(name, columns, next.value);
      next = await iterator.next();
    }
  });
  return written;
}

async function* toAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  yield* items;
}

/**
 * Runs one `COPY ... FROM STDIN` on a postgres.js connection (a transaction's), writing the chunks with
 * backpressure, and settles with the server's verdict.
 *
 * postgres.js 3.4 never settles the writable when the server rejects the COPY after the data is complete
 * (a foreign key checked at the end of the statement, or a bad row it reaches after CopyDone: porsager/postgres
 * #1173), so waiting for "finish" alone would hang the seed with its transaction open. A probe query queued
 * right behind CopyDone fails in the aborted transaction and ends the wait; the server's own error, which
 * postgres.js hands only to the COPY query's (already settled) promise, is caught there and rethrown.
 */
export async function copyFromStdin(
  sql: postgres.Sql,
  statement: string,
  chunks: () => AsyncIterable<string>,
): Promise<void> {
  const query = sql.unsafe(statement);
  let serverError: unknown = null;
  const internal = query as unknown as { reject?: (error: unknown) => void };
  const reject = internal.reject;
  if (typeof reject === "function") {
    internal.reject = (error: unknown) => {
      serverError ??= error;
      reject(error);
    };
  }
  const stream: Writable = await query.writable();

  let streamError: unknown = null;
  stream.on("error", (error) => {
    streamError ??= error;
  });
  // Resolves when CopyDone has gone out (postgres.js writes it in _final), so the probe may follow it.
  let copyDone!: () => void;
  const copyDoneSent = new Promise<void>((resolve) => (copyDone = resolve));
  const final = stream._final!.bind(stream);
  stream._final = (callback) => {
    final(callback);
    copyDone();
  };
  const finished = new Promise<void>((resolve, rejectFinished) => {
    stream.once("finish", resolve);
    stream.once("error", rejectFinished);
  });
  finished.catch(() => {}); // awaited below; an early failure must not count as unhandled meanwhile

  try {
    for await (const chunk of chunks()) {
      if (streamError) break;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("close", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("close", done);
        });
      }
    }
  } catch (error) {
    // The rows could not be produced: CopyFail (sent by destroy) makes the server abandon the COPY.
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (streamError) throw serverError ?? streamError;
  stream.end();
  const probe = copyDoneSent.then(() => sql`select 1`);
  try {
    await Promise.race([finished, probe.then(() => finished)]);
  } catch (error) {
    throw serverError ?? streamError ?? error;
  }
  await probe;
}
