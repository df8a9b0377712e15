import path from "node:path";
import { closeDatabase, defaultPgliteDir, getDatabase } from "../../db/client.server";
import { acquirePgliteLock, releasePgliteLock } from "../../db/lock";
import { migrateDatabase } from "../../db/migrate";
import { isDatabaseEmpty, seedDemoData } from "../../db/seed/seed";
import { jobHandlers } from "~/models/job-handlers.server";
import { getJobQueue, shouldRunWorkers, startWorkers, stopJobQueue } from "~/models/jobs.server";
import { rebuildKpiRollups, rollupsNeedBuilding } from "~/models/kpi-rollup.server";
import { formatSyncReport, syncScorecards } from "~/models/scorecard-sync.server";
import { deleteExpiredSessions } from "~/models/session.server";

/** Runs once per server process before it listens: migrate, import scorecard files, seed an empty database. */
export async function bootServer(): Promise<void> {
  // Lock before opening: a second process must not even open a PGlite directory that is in use.
  if (!process.env.DATABASE_URL) acquirePgliteLock(defaultPgliteDir());
  const handle = getDatabase();
  console.log(`Database: ${handle.kind} (${handle.location})`);
  await migrateDatabase(handle);
  await deleteExpiredSessions();
  const report = await syncScorecards(path.resolve(process.cwd(), "scorecards"));
  console.log(formatSyncReport(report));
  if (process.env.SEED_DEMO_DATA !== "false" && (await isDatabaseEmpty())) {
    const size = Number(process.env.SEED_INTERACTIONS ?? 10_000);
    console.log(`First start: seeding demo data (${size} interactions)...`);
    const summary = await seedDemoData({ interactions: size });
    console.log(
      `Seeded ${summary.interactions} interactions, ${summary.evaluations} evaluations, ${summary.agents} agents, ${summary.users} users (password "workbench-demo", see README).`,
    );
  }
  // A database from before the rollups existed: build them once (the seed builds its own).
  if (await rollupsNeedBuilding()) {
    console.log("Building the KPI rollups from the existing data...");
    const { seconds } = await rebuildKpiRollups();
    console.log(`KPI rollups built in ${seconds.toFixed(1)} s.`);
  }
  // The job queue (pg-boss schema "pgboss"); this process runs the workers unless WORKERS=0 on PostgreSQL.
  await getJobQueue().start();
  if (shouldRunWorkers()) {
    await startWorkers(jobHandlers);
    console.log("Job workers: running in this process.");
  } else console.log("Job workers: not in this process (WORKERS=0); run npm run worker elsewhere.");
}

export async function shutdownServer(): Promise<void> {
  const handle = getDatabase();
  await stopJobQueue();
  await closeDatabase();
  if (handle.kind === "pglite") releasePgliteLock(handle.location);
}
