// npm run rollups:rebuild: recomputes every KPI rollup from the base tables, in one transaction.
// With --queue it enqueues a "rebuild-rollups" job for a worker instead (see README, "Background jobs").
import { rebuildKpiRollups } from "../../app/models/kpi-rollup.server";
import { enqueueJob, stopJobQueue } from "../../app/models/jobs.server";
import { withDatabase } from "./with-database";

const queue = process.argv.slice(2).includes("--queue");

await withDatabase("Rollup rebuild", async () => {
  if (queue) {
    try {
      const id = await enqueueJob("rebuild-rollups", {});
      console.log(`Rollup rebuild queued (job ${id}); a worker runs it.`);
    } finally {
      await stopJobQueue();
    }
    return;
  }
  const { seconds } = await rebuildKpiRollups();
  console.log(`KPI rollups rebuilt in ${seconds.toFixed(1)} s.`);
});
