/**
 * Imports as background jobs. The upload action stores the file in the database (1 MB chunks in
 * import_upload_chunks, so a worker on any machine can read it), makes the import_batches row with status
 * "queued" and enqueues an "import-interactions" job; the worker runs the import for that batch, writes
 * its progress into the row, and deletes the stored file when the batch is finished.
 *
 * A retried job (the handler threw, or its worker died and the job expired) starts the batch over: its
 * counts and row errors are reset and the file is read again. Rows are idempotent by content hash, so
 * nothing is stored twice; rows the interrupted attempt had already written count as "unchanged" in the
 * final summary, and `attempts` records how many times the batch was started.
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../db/client.server";
import { importBatches, importUploadChunks } from "../../db/schema";
import { formatFromFileName, type ImportFile } from "./interaction-import-read.server";
import { deleteImportErrors } from "./interaction-import-store.server";
import type { SavedUpload } from "./interaction-import-upload.server";
import { importInteractions, type ImportProgress, type ImportSummary } from "./interaction-import.server";
import { enqueueJob, JobLost, type JobContext } from "./jobs.server";

const CHUNK_BYTES = 1024 * 1024;
const PROGRESS_WRITE_MS = 500;

export type QueueImportInput = {
  upload: SavedUpload;
  dryRun: boolean;
  defaultSource: string;
  startedBy: string | null;
};

/** Stores the upload, makes the queued batch and enqueues its job. Returns the batch id. */
export async function queueInteractionImport(input: QueueImportInput): Promise<string> {
  const format = formatFromFileName(input.upload.fileName);
  const [batch] = await db
    .insert(importBatches)
    .values({
      fileName: input.upload.fileName,
      format: format ?? "unknown",
      source: input.defaultSource,
      dryRun: input.dryRun,
      startedBy: input.startedBy,
      status: "queued",
      phase: "queued",
      totalBytes: input.upload.bytes,
    })
    .returning({ id: importBatches.id });
  try {
    await storeUpload(batch.id, input.upload.path);
    await enqueueJob("import-interactions", { batchId: batch.id });
  } catch (error) {
    await db.delete(importBatches).where(eq(importBatches.id, batch.id)); // its chunks go with it
    throw error;
  }
  return batch.id;
}

async function storeUpload(batchId: string, filePath: string): Promise<void> {
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const write = async (data: Buffer) => {
    await db.insert(importUploadChunks).values({ batchId, seq, data });
    seq += 1;
  };
  for await (const piece of fs.createReadStream(filePath, { highWaterMark: CHUNK_BYTES })) {
    pending.push(piece as Buffer);
    pendingBytes += (piece as Buffer).byteLength;
    if (pendingBytes >= CHUNK_BYTES) {
      await write(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) await write(Buffer.concat(pending));
}

/** The stored upload as an ImportFile: each open() streams the chunks in order, one query per chunk. */
export function storedUploadFile(batchId: string, fileName: string): ImportFile {
  async function* chunks() {
    let after = -1;
    for (;;) {
      const [chunk] = await db
        .select({ seq: importUploadChunks.seq, data: importUploadChunks.data })
        .from(importUploadChunks)
        .where(and(eq(importUploadChunks.batchId, batchId), gt(importUploadChunks.seq, after)))
        .orderBy(asc(importUploadChunks.seq))
        .limit(1);
      if (!chunk) return;
      after = chunk.seq;
      yield Buffer.from(chunk.data);
    }
  }
  return { fileName, open: () => Readable.from(chunks(), { objectMode: false }) };
}

async function hasStoredUpload(batchId: string): Promise<boolean> {
  const rows = await db
    .select({ seq: importUploadChunks.seq })
    .from(importUploadChunks)
    .where(eq(importUploadChunks.batchId, batchId))
    .limit(1);
  return rows.length > 0;
}

async function deleteStoredUpload(batchId: string): Promise<void> {
  await db.delete(importUploadChunks).where(eq(importUploadChunks.batchId, batchId));
}

class SupersededAttempt extends Error {
  constructor() {
    super("A newer attempt of this import took over; this one stopped.");
  }
}

export type ImportJobOptions = {
  /** Called after each progress write; tests throw here to simulate a worker dying mid-import. */
  onProgress?: (progress: ImportProgress, context: JobContext) => void | Promise<void>;
};

/** The "import-interactions" job: runs the import for a queued batch. Safe to run again (see top). */
export async function runInteractionImportJob(
  batchId: string,
  context: JobContext,
  options: ImportJobOptions = {},
): Promise<{ status: ImportSummary["status"] | "skipped" }> {
  const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, batchId)).limit(1);
  // Gone, or finished by an earlier delivery of this job (its upload is deleted when it finishes).
  if (!batch || batch.status === "completed") return { status: "skipped" };
  if (batch.status === "failed" && !(await hasStoredUpload(batchId))) return { status: "skipped" };

  const attempt = batch.attempts + 1;
  // Start over: a previous attempt's counts and errors would otherwise add to this one's.
  await deleteImportErrors(batchId);
  await db
    .update(importBatches)
    .set({
      status: "running",
      phase: batch.dryRun ? "previewing" : "checking",
      rowsRead: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      failure: null,
      finishedAt: null,
      progressRows: 0,
      progressBytes: 0,
      attempts: attempt,
    })
    .where(eq(importBatches.id, batchId));

  let lastWrite = 0;
  let lastPhase: string = "";
  const onProgress = async (progress: ImportProgress) => {
    const now = performance.now();
    if (progress.phase !== lastPhase || now - lastWrite >= PROGRESS_WRITE_MS) {
      lastWrite = now;
      lastPhase = progress.phase;
      // Only the batch's newest attempt writes: one that lost its job (it went silent past the expiry and
      // another worker started over) stops here instead of mixing its counts into the new attempt's.
      const written = await db
        .update(importBatches)
        .set({ phase: progress.phase, progressRows: progress.rows, progressBytes: progress.bytes })
        .where(and(eq(importBatches.id, batchId), eq(importBatches.attempts, attempt)))
        .returning({ id: importBatches.id });
      if (written.length === 0) throw new SupersededAttempt();
      if (!(await context.heartbeat())) throw new JobLost();
    }
    await options.onProgress?.(progress, context);
  };

  try {
    const summary = await importInteractions({
      batchId,
      file: storedUploadFile(batchId, batch.fileName),
      dryRun: batch.dryRun,
      defaultSource: batch.source,
      startedBy: batch.startedBy,
      onProgress,
      attempt,
    });
    const done = await db
      .update(importBatches)
      .set({ phase: "done", progressBytes: batch.totalBytes })
      .where(and(eq(importBatches.id, batchId), eq(importBatches.attempts, attempt)))
      .returning({ id: importBatches.id });
    if (done.length === 0) throw new SupersededAttempt();
    await deleteStoredUpload(batchId);
    return { status: summary.status };
  } catch (error) {
    // The batch belongs to the newer attempt: leave it as that one writes it.
    if (error instanceof SupersededAttempt || error instanceof JobLost) throw error;
    if (context.lastAttempt) await deleteStoredUpload(batchId);
    else {
      // importInteractions marked the batch failed; a retry is coming, so the page keeps waiting.
      await db
        .update(importBatches)
        .set({
          status: "queued",
          phase: "retrying",
          failure: `Attempt ${context.attempt} stopped (${(error as Error).message}); it will be retried.`,
        })
        .where(and(eq(importBatches.id, batchId), eq(importBatches.attempts, attempt)));
    }
    throw error;
  }
}
