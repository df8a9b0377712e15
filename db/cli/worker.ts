/**
 * npm run worker: runs the background job handlers (imports, rollup rebuilds) and nothing else.
 * Point it at the same PostgreSQL as the web servers (DATABASE_URL); run as many as you like, on any
 * machines. On PGlite only one process may open the data directory: the web server runs the workers
 * itself, so this refuses while the app holds the directory (see README, "Background jobs").
 */
import { closeDatabase, defaultPgliteDir, getDatabase } from "../client.server";
import { acquirePgliteLock, releasePgliteLock } from "../lock";
import { migrateDatabase } from "../migrate";
import { jobHandlers } from "../../app/models/job-handlers.server";
import { startWorkers, stopJobQueue } from "../../app/models/jobs.server";

const pgliteDir = process.env.DATABASE_URL ? null : defaultPgliteDir();
try {
  if (pgliteDir) acquirePgliteLock(pgliteDir);
  const handle = getDatabase();
  console.log(`Database: ${handle.kind} (${handle.location})`);
  await migrateDatabase(handle);
  await startWorkers(jobHandlers);
  console.log(`Worker ${process.pid}: waiting for jobs (Ctrl-C or SIGTERM stops it after the running job).`);
} catch (error) {
  console.error(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await closeDatabase();
  if (pgliteDir) releasePgliteLock(pgliteDir);
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the running job, then stopping`);
    await stopJobQueue();
    await closeDatabase();
    if (pgliteDir) releasePgliteLock(pgliteDir);
    process.exit(0);
  });
}
