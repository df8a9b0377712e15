import { closeDatabase, defaultPgliteDir, getDatabase, type DatabaseHandle } from "../client.server";
import { acquirePgliteLock, releasePgliteLock } from "../lock";
import { migrateDatabase } from "../migrate";

/**
 * For command-line scripts: locks a PGlite directory before opening it (a running app holds the lock),
 * opens and migrates the database, runs the task, then closes and unlocks. Errors print one clear line
 * and set exit code 1.
 */
export async function withDatabase(
  name: string,
  task: (handle: DatabaseHandle) => Promise<boolean | void>,
): Promise<void> {
  const pgliteDir = process.env.DATABASE_URL ? null : defaultPgliteDir();
  try {
    if (pgliteDir) acquirePgliteLock(pgliteDir);
    const handle = getDatabase();
    console.log(`Database: ${handle.kind} (${handle.location})`);
    await migrateDatabase(handle);
    if ((await task(handle)) === false) process.exitCode = 1;
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await closeDatabase();
    if (pgliteDir) releasePgliteLock(pgliteDir);
  }
}
