import { spawn, type ChildProcess } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { jobHandlers } from "~/models/job-handlers.server";
import { getJobQueue, startWorkers, stopJobQueue } from "~/models/jobs.server";
import { queueInteractionImport } from "~/models/interaction-import-job.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db, getDatabase } from "../../db/client.server";
import { importBatches, interactions } from "../../db/schema";
import { demoWorld, insertDemoWorld } from "../fixtures/import/demo-world";
import { interactionCsv, useFastJobQueue, waitForBatch } from "../jobs";

// A real crash: `npm run worker` in another process takes the import and is killed with SIGKILL part-way.
// The job expires, pg-boss's maintenance fails it, and this process's worker retries it. PostgreSQL only
// (two processes cannot share a PGlite directory).

const postgres = getDatabase().kind === "postgres";
const world = demoWorld();
const ROWS = 40_000;
let child: ChildProcess | null = null;
let dir: string;

beforeAll(async () => {
  useFastJobQueue();
  process.env.IMPORT_JOB_EXPIRE_SECONDS = "4";
  process.env.JOB_MAINTENANCE_SECONDS = "1";
  if (postgres) await insertDemoWorld(world);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-kill-"));
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await stopJobQueue();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeCsv(file: string) {
  fs.writeFileSync(file, interactionCsv(world, "KILL-", ROWS));
  return fs.statSync(file).size;
}

it.skipIf(!postgres)(
  "a worker killed mid-import: the job is retried elsewhere and each row is stored once",
  { timeout: 120_000 },
  async () => {
    const file = path.join(dir, "kill.csv");
    const bytes = writeCsv(file);
    await getJobQueue().start();
    const batchId = await queueInteractionImport({
      upload: { path: file, fileName: "kill.csv", bytes },
      dryRun: false,
      defaultSource: "helpdesk",
      startedBy: null,
    });

    // node with tsx's loader, not the tsx CLI: the CLI runs the script in a child process of its own, which
    // a SIGKILL to the CLI would leave running.
    child = spawn(process.execPath, ["--import", "tsx", "db/cli/worker.ts"], {
      env: { ...process.env, JOB_POLL_SECONDS: "0.5" },
      stdio: "ignore",
    });
    // Kill it once it has committed some rows but not all.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
      if (batch.status === "running" && batch.inserted > 0) break;
      if (batch.status === "completed") throw new Error("the import finished before the worker could be killed");
      if (Date.now() > deadline) throw new Error(`the worker never started the import (${batch.status})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    const [atKill] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
    expect(atKill.inserted).toBeLessThan(ROWS);

    await startWorkers(jobHandlers);
    const batch = await waitForBatch(batchId, 90_000);
    expect(batch).toMatchObject({ status: "completed", attempts: 2, rowsRead: ROWS, rejected: 0 });
    expect(batch.inserted + batch.unchanged).toBe(ROWS);
    expect(batch.unchanged).toBeGreaterThanOrEqual(atKill.inserted);
    const [{ n, distinct }] = await db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
      .from(interactions)
      .where(sql`${interactions.externalId} like 'KILL-%'`);
    expect([Number(n), Number(distinct)]).toEqual([ROWS, ROWS]);
  },
);
