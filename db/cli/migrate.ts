// npm run db:migrate: applies committed migrations to PGLITE_DIR or DATABASE_URL.
import { closeDatabase, getDatabase } from "../client.server";
import { acquirePgliteLock, releasePgliteLock } from "../lock";
import { migrateDatabase } from "../migrate";

const handle = getDatabase();
let exitCode = 0;
try {
  if (handle.kind === "pglite") acquirePgliteLock(handle.location);
  await migrateDatabase(handle);
  console.log(`Migrated ${handle.kind} database at ${handle.location}`);
} catch (error) {
  console.error((error as Error).message);
  exitCode = 1;
} finally {
  await closeDatabase();
  if (handle.kind === "pglite") releasePgliteLock(handle.location);
}
process.exit(exitCode);
