import type { LoaderFunctionArgs } from "@remix-run/node";
import { listKpiTargets } from "~/models/kpi-target.server";
import { requirePermission } from "~/utils/auth.server";
import { csvResponse } from "~/utils/csv.server";

// Every target row the viewer may see, history included, as stored (percent KPIs as shares).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const targets = await listKpiTargets(user.scope);
  return csvResponse(
    "kpi-targets.csv",
    ["kpi", "vendor", "threshold", "warning_band", "effective_from", "set_by", "set_at"],
    targets.map((t) => [
      t.kpi,
      t.vendorName ?? "every vendor",
      t.threshold,
      t.warningBand,
      String(t.effectiveFrom),
      t.createdByName,
      t.createdAt.toISOString(),
    ]),
  );
}
