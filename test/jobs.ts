import { eq } from "drizzle-orm";
import type { DemoWorld } from "../db/seed/generate";
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

/** CSV text of `rows` chat interactions `<idPrefix>0..`, spread over the world's first ten agents. */
export function interactionCsv(world: DemoWorld, idPrefix: string, rows: number): string {
  const agents = world.agents.slice(0, 10).map((a) => ({
    externalId: a.externalId,
    team: world.teams.find((t) => t.id === a.teamId)!.name,
    vendor: world.vendors.find((v) => v.id === a.vendorId)!.slug,
  }));
  const lines = [
    "external_id,channel,agent_external_id,vendor,team,queue,contact_reason,started_at,ended_at,handle_time_seconds,csat",
  ];
  for (let i = 0; i < rows; i++) {
    const a = agents[i % agents.length];
    const minute = String(i % 60).padStart(2, "0");
    lines.push(
      `${idPrefix}${i},chat,${a.externalId},${a.vendor},${a.team},orders,Where is my order,2026-11-10T09:${minute}:00Z,2026-11-10T10:${minute}:00Z,${600 + (i % 900)},${1 + (i % 5)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
