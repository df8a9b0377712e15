// npm run scorecards:sync [folder]: imports new scorecard versions from scorecards/ into the database.
// Exits 1 when any file was refused.
import path from "node:path";
import { formatSyncReport, syncScorecards } from "../../app/models/scorecard-sync.server";
import { withDatabase } from "./with-database";

await withDatabase("Scorecard sync", async () => {
  const report = await syncScorecards(path.resolve(process.argv[2] ?? "scorecards"));
  console.log(formatSyncReport(report));
  return report.refused.length === 0;
});
