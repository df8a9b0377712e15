import type { LoaderFunctionArgs } from "@remix-run/node";
import type { KpiKey } from "~/domain/kpi-definitions";
import { computeKpi } from "~/domain/kpi-formulas";
import { customWindow, periodWindow } from "~/domain/kpi-period";
import { aggregateKpis, type KpiDimension } from "~/models/kpi.server";
import { apiJson, parseApiQuery, requireApiUser } from "~/utils/api-auth.server";
import { KpisQuerySchema } from "~/utils/api-kpis.server";

// GET /api/v1/kpis: the same scoped KPIs as the dashboards, grouped as asked (README: "JSON API").
// Without from/to: the last 8 weeks in the token user's time zone. "no data" KPIs are null, never 0.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  const query = parseApiQuery(request, KpisQuerySchema);
  const window =
    query.from && query.to
      ? customWindow(query.from, query.to, user.timeZone, query.period)
      : periodWindow(new Date(), user.timeZone, query.period, 8);
  const groups = await aggregateKpis({
    scope: user.scope,
    from: window.from,
    to: window.to,
    groupBy: query.groupBy as KpiDimension[],
    period: query.period,
    timeZone: user.timeZone,
    vendorId: query.vendorId,
  });
  return apiJson({
    timeZone: user.timeZone,
    period: query.period,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    groupBy: query.groupBy,
    data: groups.map((g) => ({
      ...g.keys,
      ...Object.fromEntries(
        query.kpis.map((k: KpiKey) => {
          const v = computeKpi(k, g.aggregate);
          return [k, v.ok ? v.value : null];
        }),
      ),
    })),
  });
}
