/**
 * Imports interactions from a CSV or JSON Lines file, streaming: rows are validated, resolved against
 * vendors, teams and agents loaded once, and written in batches, each in its own transaction.
 *
 * - A row error never stops the import: valid rows are stored, invalid ones reported (row, column, message).
 * - A file-level error (encoding, header, malformed CSV, a line over 1 MB) writes no interactions. A real
 *   import therefore reads the file twice: a structural check first, then the import.
 * - Idempotent: each row's content hash is stored; an unchanged row is neither inserted nor updated.
 * - A dry run does everything except writing interactions, and reports what would happen.
 */
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { importBatches } from "../../db/schema";
import { resolveRowRefs, type RowRefs } from "~/domain/interaction-row-refs";
import {
  computeContentHash,
  DEFAULT_SOURCE,
  parseInteractionRow,
  type InteractionRow,
  type RowIssue,
} from "~/domain/interaction-row.server";
import {
  formatFromFileName,
  ImportFileError,
  readRecords,
  type ImportFile,
  type ImportFormat,
} from "./interaction-import-read.server";
import {
  compareWithStored,
  deleteImportErrors,
  insertImportErrors,
  loadRefIndex,
  writeInteractionBatch,
  type NewInteraction,
  type StoredRowError,
} from "./interaction-import-store.server";

export const IMPORT_BATCH_SIZE = 500;
// Rows may carry transcripts of up to 1 MB: a batch is also written once this much of the file is in it.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_STORED_ERRORS = 10_000;
const PROGRESS_EVERY = 1_000;

export type ImportProgress = { phase: "checking" | "importing" | "previewing"; rows: number; bytes: number };

export type ImportOptions = {
  file: ImportFile;
  dryRun: boolean;
  /** For rows without a `source` value. */
  defaultSource?: string;
  startedBy: string | null;
  /** An import_batches row made beforehand (a queued import, see interaction-import-job.server.ts); else one is made. */
  batchId?: string;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** A queued batch's attempt number: the end result is written only while the batch is still on it. */
  attempt?: number;
};

type Totals = { rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number };

export type ImportSummary = Totals & {
  batchId: string;
  status: "completed" | "failed";
  dryRun: boolean;
  format: ImportFormat | null;
  failure: string | null;
  /** Every row problem found; only the first MAX_STORED_ERRORS are stored. */
  errorCount: number;
  firstErrors: StoredRowError[];
  seconds: number;
};

const zeroTotals = (): Totals => ({ rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });

export async function importInteractions(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const defaultSource = options.defaultSource ?? DEFAULT_SOURCE;
  const format = formatFromFileName(options.file.fileName);
  const [batch] = options.batchId
    ? [{ id: options.batchId }]
    : await db
        .insert(importBatches)
        .values({
          fileName: options.file.fileName,
          format: format ?? "unknown",
          source: defaultSource,
          dryRun: options.dryRun,
          startedBy: options.startedBy,
        })
        .returning({ id: importBatches.id });
  const errors = createErrorSink(batch.id);
  // processRows adds to these as it goes, so a failure part-way still reports what was written.
  const totals = zeroTotals();
  const summary = (status: ImportSummary["status"], failure: string | null): ImportSummary => ({
    ...totals,
    batchId: batch.id,
    status,
    dryRun: options.dryRun,
    format,
    failure,
    errorCount: errors.count(),
    firstErrors: errors.first(),
    seconds: (performance.now() - started) / 1000,
  });

  try {
    if (!format) throw new ImportFileError("Unknown file type: the file name must end in .csv or .jsonl.");
    if (!options.dryRun) await checkFile(options.file, format, options.onProgress);
    await processRows({ ...options, format, defaultSource, batchId: batch.id, errors }, totals);
    await finishBatch(batch.id, options.attempt, { status: "completed", failure: null, ...totals });
    return summary("completed", null);
  } catch (error) {
    const fileLevel = error instanceof ImportFileError;
    const failure = fileLevel ? error.message : `The import stopped: ${(error as Error).message}`;
    // A dry run's row errors and counts mean nothing once the file is refused.
    if (options.dryRun) {
      await deleteImportErrors(batch.id);
      errors.reset();
      Object.assign(totals, { ...zeroTotals(), rowsRead: totals.rowsRead });
    }
    await finishBatch(batch.id, options.attempt, { status: "failed", failure, ...totals });
    if (!fileLevel) throw error;
    return summary("failed", failure);
  }
}

async function finishBatch(
  batchId: string,
  attempt: number | undefined,
  values: Totals & { status: "completed" | "failed"; failure: string | null },
): Promise<void> {
  await db
    .update(importBatches)
    .set({ ...values, finishedAt: new Date() })
    .where(and(eq(importBatches.id, batchId), attempt === undefined ? undefined : eq(importBatches.attempts, attempt)));
}

/** Pass 1 of a real import: reads the whole file so a file-level error surfaces before anything is written. */
async function checkFile(file: ImportFile, format: ImportFormat, onProgress: ImportOptions["onProgress"]) {
  let rows = 0;
  let bytes = 0;
  for await (const _record of readRecords(file, format, (b) => (bytes = b))) {
    rows += 1;
    if (rows % PROGRESS_EVERY === 0) await onProgress?.({ phase: "checking", rows, bytes });
  }
  await onProgress?.({ phase: "checking", rows, bytes });
}

type ProcessContext = ImportOptions & {
  format: ImportFormat;
  defaultSource: string;
  batchId: string;
  errors: ErrorSink;
};

async function processRows(ctx: ProcessContext, totals: Totals): Promise<void> {
  const refs = await loadRefIndex();
  // Duplicate detection: the one structure that grows with the file (source -> external id -> first row).
  const seen = new Map<string, Map<string, number>>();
  let pending: NewInteraction[] = [];
  let bytes = 0;
  let flushedAtBytes = 0;
  let sinceProgress = 0;
  const phase = ctx.dryRun ? "previewing" : "importing";

  const flush = async () => {
    const counts = ctx.dryRun
      ? await compareWithStored(pending)
      : await writeInteractionBatch(pending, ctx.batchId, totals);
    totals.inserted += counts.inserted;
    totals.updated += counts.updated;
    totals.unchanged += counts.unchanged;
    pending = [];
    flushedAtBytes = bytes;
    await ctx.errors.flush();
  };

  for await (const record of readRecords(ctx.file, ctx.format, (b) => (bytes = b))) {
    totals.rowsRead += 1;
    const issues: RowIssue[] = [];
    if ("issue" in record) issues.push(record.issue);
    else {
      const parsed = parseInteractionRow(record.values, { defaultSource: ctx.defaultSource });
      issues.push(...parsed.issues);
      if (parsed.identity) {
        const { source, externalId } = parsed.identity;
        const ids = seen.get(source) ?? seen.set(source, new Map()).get(source)!;
        const first = ids.get(externalId);
        if (first === undefined) ids.set(externalId, record.row);
        else issues.push({ column: "external_id", message: `repeats the external id of row ${first}` });
      }
      if (parsed.row) {
        const resolved = resolveRowRefs(refs, parsed.row);
        if (!resolved.ok) issues.push(...resolved.issues);
        else if (issues.length === 0) pending.push(toNewInteraction(parsed.row, resolved.refs, ctx.batchId));
      }
    }
    if (issues.length > 0) {
      totals.rejected += 1;
      ctx.errors.add(record.row, issues);
    }
    if (pending.length >= IMPORT_BATCH_SIZE || bytes - flushedAtBytes >= MAX_BATCH_BYTES) await flush();
    else if (ctx.errors.buffered() >= IMPORT_BATCH_SIZE) await ctx.errors.flush();
    if (++sinceProgress >= PROGRESS_EVERY) {
      sinceProgress = 0;
      await ctx.onProgress?.({ phase, rows: totals.rowsRead, bytes });
    }
  }
  await flush();
  await ctx.onProgress?.({ phase, rows: totals.rowsRead, bytes });
}

function toNewInteraction(row: InteractionRow, refs: RowRefs, batchId: string): NewInteraction {
  // Spelled out rather than rest/spread: this runs once per row.
  return {
    source: row.source,
    externalId: row.externalId,
    channel: row.channel,
    vendorId: refs.vendorId,
    teamId: refs.teamId,
    agentId: refs.agentId,
    queue: row.queue,
    contactReason: row.contactReason,
    customerName: row.customerName,
    subject: row.subject,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    handleTimeSeconds: row.handleTimeSeconds,
    firstResponseSeconds: row.firstResponseSeconds,
    resolutionSeconds: row.resolutionSeconds,
    csat: row.csat,
    nps: row.nps,
    ces: row.ces,
    fcr: row.fcr,
    escalated: row.escalated,
    transcript: row.transcript,
    contentHash: computeContentHash(row, refs),
    importBatchId: batchId,
  };
}

// ---------------------------------------------------------------------------------------------
// Row errors: buffered and stored in chunks, the first MAX_STORED_ERRORS only.

type ErrorSink = ReturnType<typeof createErrorSink>;

function createErrorSink(batchId: string) {
  let buffer: StoredRowError[] = [];
  let count = 0;
  let stored = 0;
  const first: StoredRowError[] = [];
  return {
    add(row: number, issues: RowIssue[]) {
      for (const issue of issues) {
        count += 1;
        if (first.length < 20) first.push({ row, ...issue });
        if (stored + buffer.length < MAX_STORED_ERRORS) buffer.push({ row, ...issue });
      }
    },
    async flush() {
      const chunk = buffer;
      buffer = [];
      await insertImportErrors(batchId, chunk);
      stored += chunk.length;
    },
    reset() {
      buffer = [];
      count = 0;
      first.length = 0;
    },
    buffered: () => buffer.length,
    count: () => count,
    first: () => [...first],
  };
}
