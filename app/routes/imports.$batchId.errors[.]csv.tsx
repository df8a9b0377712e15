import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImportBatch, listImportErrors } from "~/models/interaction-import-batches.server";
import { requirePermission } from "~/utils/auth.server";

// Resource route: the stored row errors of one import as CSV (row, column, message).

/** Quotes a CSV cell; a leading = + - @ is defused so spreadsheets show the text rather than run it. */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  const batch = await getImportBatch(user.scope, params.batchId ?? "");
  if (!batch) throw new Response("Not Found", { status: 404 });
  const errors = await listImportErrors(batch.id);
  const lines = ["row,column,message", ...errors.map((e) => [e.row, e.column, e.message].map(cell).join(","))];
  const base = batch.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_") || "import";
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-errors.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
