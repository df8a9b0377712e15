import { eq } from "drizzle-orm";
import { db } from "../db/client.server";
import { importBatches } from "../db/schema";

// Job queue settings for tests, read when a queue is created: poll often, retry at once.
export function useFastJobQueue(): void {
  process.env.JOB_POLL_SECONDS = "0.5";
  process.env.JOB_RETRY_DELAY_SECONDS = "0";
}

/** Waits until an import batch is finished (completed or failed) and returns its row. */
export async function waitForBatch(batchId: string, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
    if (batch && (batch.status === "completed" || batch.status === "failed")) return batch;
    if (Date.now() > deadline) throw new Error(`Batch ${batchId} still ${batch?.status} (${batch?.phase})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
