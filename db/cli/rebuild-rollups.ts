// npm run rollups:rebuild: recomputes every KPI rollup from the base tables, in one transaction.
import { rebuildKpiRollups } from "../../app/models/kpi-rollup.server";
import { withDatabase } from "./with-database";

await withDatabase("Rollup rebuild", async () => {
  const { seconds } = await rebuildKpiRollups();
  console.log(`KPI rollups rebuilt in ${seconds.toFixed(1)} s.`);
});
