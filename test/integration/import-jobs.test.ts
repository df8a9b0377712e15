import fs from "node:fs";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInteractionImportJob } from "~/models/interaction-import-job.server";
import { createJobQueue, getJobQueue, startWorkers, stopJobQueue, type JobQueue } from "~/models/jobs.server";
import { loader as batchLoader } from "~/routes/imports.$batchId";
import { action as newAction } from "~/routes/imports.new";
import { db, getDatabase } from "../../db/client.server";
import {
  importBatches,
  importErrors,
  importUploadChunks,
  interactions,
  organizations,
  type ImportBatch,
  type User,
} from "../../db/schema";
import { CSV_FIXTURE, demoWorld, insertDemoWorld } from "../fixtures/import/demo-world";
import { BASE_URL, context, createUser, requestAs, signIn } from "../factories";
import { interactionCsv, useFastJobQueue, waitForBatch } from "../jobs";

// Imports as background jobs on the real queue (pg-boss on this test's PGlite or PostgreSQL database):
// the action only stores and enqueues, a worker runs the import, a crashed attempt is retried without
// storing a row twice, and two workers on one queue never take the same job.

useFastJobQueue();
const world = demoWorld();
let user: User;
// What the in-process worker should do to an attempt: tests set it to simulate a crash.
let crash: ((attempt: number, phase: string, rows: number) => boolean) | null = null;
const progressSeen: Array<Pick<ImportBatch, "status" | "phase" | "progressRows" | "progressBytes" | "attempts">> = [];

beforeAll(async () => {
  await insertDemoWorld(world);
  const [client] = await db.select().from(organizations).where(eq(organizations.slug, world.client.slug));
  user = await createUser({ organization: client, role: "qa_lead" });
});

afterAll(async () => {
  await stopJobQueue();
});

let workerStarted = false;
async function startImportWorker() {
  if (workerStarted) return;
  workerStarted = true;
  await startWorkers({
    "import-interactions": (payload, ctx) =>
      runInteractionImportJob(payload.batchId, ctx, {
        onProgress: async (progress) => {
          const [row] = await db.select().from(importBatches).where(eq(importBatches.id, payload.batchId));
          progressSeen.push(row);
          if (crash?.(ctx.attempt, progress.phase, progress.rows))
            throw new Error(`worker died at row ${progress.rows}`);
        },
      }),
  });
}

async function upload(file: File, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", file);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const { cookie } = await signIn(user);
  const request = new Request(`${BASE_URL}/imports/new`, { method: "POST", body: form, headers: { Cookie: cookie } });
  const response = await newAction({ request, params: {}, context: context() });
  expect(response.status).toBe(302);
  return response.headers.get("Location")!.replace("/imports/", "");
}

const chunkCount = async (batchId: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(importUploadChunks)
        .where(eq(importUploadChunks.batchId, batchId))
    )[0].n,
  );

/** A CSV of `rows` valid rows (external ids JOB-<prefix>-<i>) for the demo world's agents. */
function generatedCsv(prefix: string, rows: number): File {
  return new File([interactionCsv(world, `JOB-${prefix}-`, rows)], `${prefix}.csv`, { type: "text/csv" });
}

describe("an upload becomes a job", () => {
  it("the action stores the file, queues the batch and redirects at once", async () => {
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("qaw-import-"));
    const file = new File([fs.readFileSync(CSV_FIXTURE)], "interactions.csv", { type: "text/csv" });
    const batchId = await upload(file);
    // No worker runs yet: the batch waits on the queue with its file stored in the database.
    const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
    expect(batch).toMatchObject({ status: "queued", phase: "queued", totalBytes: file.size, attempts: 0, rowsRead: 0 });
    expect(await chunkCount(batchId)).toBeGreaterThan(0);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("qaw-import-"))).toEqual(tmpBefore);
    const page = await (
      await batchLoader({
        request: await requestAs(user, `/imports/${batchId}`),
        params: { batchId },
        context: context(),
      })
    ).json();
    expect(page.batch.outcome).toEqual({ label: "queued", tone: "neutral" });

    await startImportWorker();
    const done = await waitForBatch(batchId);
    expect(done).toMatchObject({ status: "completed", rowsRead: 30, inserted: 28, rejected: 2, attempts: 1 });
    expect(done).toMatchObject({ phase: "done", progressBytes: file.size });
    expect(await chunkCount(batchId)).toBe(0); // the stored upload is deleted once the batch is finished
  });

  it("writes progress into the batch row while it runs", async () => {
    progressSeen.length = 0;
    const file = generatedCsv("progress", 2500);
    await startImportWorker();
    const batchId = await upload(file);
    expect((await waitForBatch(batchId)).failure).toBeNull();
    const running = progressSeen.filter((p) => p.status === "running");
    expect(running.map((p) => p.phase)).toEqual(expect.arrayContaining(["checking", "importing"]));
    const importing = running.filter((p) => p.phase === "importing" && p.progressRows > 0);
    expect(importing.length).toBeGreaterThan(0);
    expect(importing.every((p) => p.progressBytes > 0 && p.progressBytes <= file.size)).toBe(true);
  });

  it("runs a dry run and a refused file through the queue too", async () => {
    const before = Number((await db.select({ n: sql<number>`count(*)::int` }).from(interactions))[0].n);
    await startImportWorker();
    const dry = await waitForBatch(await upload(generatedCsv("dry", 40), { dryRun: "on" }));
    expect(dry).toMatchObject({ status: "completed", dryRun: true, inserted: 40 });
    expect(Number((await db.select({ n: sql<number>`count(*)::int` }).from(interactions))[0].n)).toBe(before);
    const refused = await upload(new File(["\ufeff"], "empty.csv"));
    expect(await waitForBatch(refused)).toMatchObject({ status: "failed", failure: "The file is empty." });
    expect(await chunkCount(refused)).toBe(0);
  });
});

describe("a worker that dies mid-import", () => {
  it("is retried; every row is stored once and the summary counts the file once", async () => {
    const rows = 1500;
    await startImportWorker();
    crash = (attempt, phase, read) => attempt === 1 && phase === "importing" && read >= 1000;
    const batchId = await upload(generatedCsv("crash", rows));
    const batch = await waitForBatch(batchId);
    crash = null;
    const stored = await db
      .select({ externalId: interactions.externalId, n: sql<number>`count(*)::int` })
      .from(interactions)
      .where(sql`${interactions.externalId} like 'JOB-crash-%'`)
      .groupBy(interactions.externalId);
    expect(stored).toHaveLength(rows);
    expect(stored.every((r) => Number(r.n) === 1)).toBe(true);
    // Attempt 1 stored two batches of 500 before dying; attempt 2 finds them unchanged.
    expect(batch).toMatchObject({ status: "completed", attempts: 2, rowsRead: rows, rejected: 0, failure: null });
    expect(batch.inserted + batch.updated + batch.unchanged).toBe(rows);
    expect(batch).toMatchObject({ inserted: 500, unchanged: 1000 });
    const errors = await db.select().from(importErrors).where(eq(importErrors.batchId, batchId));
    expect(errors).toEqual([]);
    expect(await chunkCount(batchId)).toBe(0);
  });
});

describe("an attempt that lost its batch to a newer one", () => {
  it("stops writing; the newest attempt alone finishes the batch", async () => {
    const rows = 1500;
    await startImportWorker();
    let tookOver = false;
    // As if attempt 1 had gone silent and another worker had started attempt 2 on the same batch.
    crash = (attempt, phase, read) => {
      if (attempt === 1 && phase === "importing" && read >= 600 && !tookOver) {
        tookOver = true;
        void db
          .update(importBatches)
          .set({ attempts: sql`${importBatches.attempts} + 1` })
          .where(sql`${importBatches.fileName} = 'superseded.csv'`)
          .execute();
      }
      return false;
    };
    const batchId = await upload(generatedCsv("superseded", rows));
    const batch = await waitForBatch(batchId);
    crash = null;
    expect(tookOver).toBe(true);
    // Attempt 1 stopped at its next progress write; the job's retry ran as attempt 3 and alone wrote the end.
    expect(batch).toMatchObject({ status: "completed", attempts: 3, rowsRead: rows, rejected: 0, failure: null });
    expect(batch.inserted + batch.updated + batch.unchanged).toBe(rows);
    const [{ n, distinct }] = await db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
      .from(interactions)
      .where(sql`${interactions.externalId} like 'JOB-superseded-%'`);
    expect([Number(n), Number(distinct)]).toEqual([rows, rows]);
  });
});

describe("several workers on one queue", () => {
  const queues: JobQueue[] = [];
  afterAll(async () => {
    for (const q of queues) await q.stop();
  });

  it("never run the same job twice", async () => {
    const runs: Array<{ worker: number; jobId: string }> = [];
    for (const worker of [1, 2]) {
      const queue = createJobQueue(getDatabase());
      queues.push(queue);
      await queue.startWorkers({
        "rebuild-rollups": async (_payload, ctx) => {
          runs.push({ worker, jobId: ctx.jobId });
          await new Promise((r) => setTimeout(r, 150));
        },
      });
    }
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await getJobQueue().enqueue("rebuild-rollups", {}));
    const deadline = Date.now() + 45_000;
    for (;;) {
      const states = await Promise.all(ids.map((id) => getJobQueue().getJob("rebuild-rollups", id)));
      if (states.every((s) => s?.state === "completed")) break;
      if (Date.now() > deadline) throw new Error(`jobs not done: ${states.map((s) => s?.state).join(",")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.map((r) => r.jobId).sort()).toEqual([...ids].sort());
    expect(new Set(runs.map((r) => r.worker)).size).toBe(2);
  });
});
