/**
 * Past imports and their stored row errors. Imports span every vendor, so only client users see them
 * (the routes also require "interaction:import"); a vendor scope gets nothing.
 */
import { asc, desc, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { importBatches, importErrors, users } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";

const batchColumns = {
  id: importBatches.id,
  fileName: importBatches.fileName,
  format: importBatches.format,
  source: importBatches.source,
  dryRun: importBatches.dryRun,
  status: importBatches.status,
  startedAt: importBatches.startedAt,
  finishedAt: importBatches.finishedAt,
  rowsRead: importBatches.rowsRead,
  inserted: importBatches.inserted,
  updated: importBatches.updated,
  unchanged: importBatches.unchanged,
  rejected: importBatches.rejected,
  failure: importBatches.failure,
  phase: importBatches.phase,
  progressRows: importBatches.progressRows,
  progressBytes: importBatches.progressBytes,
  totalBytes: importBatches.totalBytes,
  attempts: importBatches.attempts,
  startedByName: users.name,
};

export async function listImportBatches(scope: Scope, limit = 100) {
  if (scope.kind !== "client") return [];
  return db
    .select(batchColumns)
    .from(importBatches)
    .leftJoin(users, eq(users.id, importBatches.startedBy))
    .orderBy(desc(importBatches.startedAt))
    .limit(limit);
}

export async function getImportBatch(scope: Scope, batchId: string) {
  if (scope.kind !== "client" || !isUuid(batchId)) return null;
  const [row] = await db
    .select({
      ...batchColumns,
      storedErrors: sql<number>`(select count(*)::int from ${importErrors} where ${importErrors.batchId} = ${importBatches.id})`,
    })
    .from(importBatches)
    .leftJoin(users, eq(users.id, importBatches.startedBy))
    .where(eq(importBatches.id, batchId))
    .limit(1);
  return row ? { ...row, storedErrors: Number(row.storedErrors) } : null;
}

/** Row errors in file order; `limit` for the page, none for the CSV report (at most MAX_STORED_ERRORS rows). */
export async function listImportErrors(batchId: string, limit?: number) {
  const query = db
    .select({ row: importErrors.row, column: importErrors.column, message: importErrors.message })
    .from(importErrors)
    .where(eq(importErrors.batchId, batchId))
    .orderBy(asc(importErrors.row), sql`${importErrors.column} nulls first`, asc(importErrors.message));
  return limit === undefined ? query : query.limit(limit);
}

/** How a batch's outcome reads in lists and badges: the label and the badge tone (CSS class). */
export function describeImportOutcome(batch: {
  status: "queued" | "running" | "completed" | "failed";
  rejected: number;
}): {
  label: string;
  tone: "good" | "warn" | "bad" | "neutral";
} {
  if (batch.status === "failed") return { label: "failed", tone: "bad" };
  if (batch.status === "running") return { label: "running", tone: "neutral" };
  if (batch.status === "queued") return { label: "queued", tone: "neutral" };
  return batch.rejected > 0 ? { label: "completed with errors", tone: "warn" } : { label: "completed", tone: "good" };
}
