/** What each background job does: the handlers every worker process runs (web server or `npm run worker`). */
import { runInteractionImportJob } from "./interaction-import-job.server";
import { rebuildKpiRollups } from "./kpi-rollup.server";
import type { JobHandlers } from "./jobs.server";

export const jobHandlers: JobHandlers = {
  "import-interactions": (payload, context) => runInteractionImportJob(payload.batchId, context),
  "rebuild-rollups": () => rebuildKpiRollups(),
};
