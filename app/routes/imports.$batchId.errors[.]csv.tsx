import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImportBatch, listImportErrors } from "~/models/interaction-import-batches.server";
import { requirePermission } from "~/utils/auth.server";
import { csvResponse } from "~/utils/csv.server";

// Resource route: the stored row errors of one import as CSV (row, column, message).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  const batch = await getImportBatch(user.scope, params.batchId ?? "");
  if (!batch) throw new Response("Not Found", { status: 404 });
  const errors = await listImportErrors(batch.id);
  const base = batch.fileName.replace(/\.[^.]*$/, "") || "import";
  return csvResponse(
    `${base}-errors.csv`,
    ["row", "column", "message"],
    errors.map((e) => [e.row, e.column, e.message]),
  );
}
