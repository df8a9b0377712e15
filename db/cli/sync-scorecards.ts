// npm run scorecards:sync: imports new scorecard versions from scorecards/ into the database.
import path from "node:path";
import { closeDatabase, getDatabase } from "../client.server";
import { acquirePgliteLock, releasePgliteLock } from "../lock";
import { migrateDatabase } from "../migrate";
import { formatSyncReport, syncScorecards } from "../../app/models/scorecard-sync.server";

const handle = getDatabase();
let exitCode = 0;
try {
  if (handle.kind === "pglite") acquirePgliteLock(handle.location);
  await migrateDatabase(handle);
  const report = await syncScorecards(path.resolve(process.argv[2] ?? "scorecards"));
  console.log(formatSyncReport(report));
  if (report.refused.length > 0) exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  exitCode = 1;
} finally {
  await closeDatabase();
  if (handle.kind === "pglite") releasePgliteLock(handle.location);
}
process.exit(exitCode);
