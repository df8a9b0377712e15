import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KpiBoardTable } from "~/components/kpi-board-table";
import { KpiChartPanel } from "~/components/kpi-chart-panel";
import { isKpiKey, type KpiKey } from "~/domain/kpi-definitions";
import { periodWindow } from "~/domain/kpi-period";
import { can } from "~/domain/permissions";
import { getPersonalBoard, PERSONAL_KPIS, type PersonalKind } from "~/models/personal-kpis.server";
import { requireUser } from "~/utils/auth.server";
import { BOARD_WEEKS } from "~/utils/kpi-board.server";

export const meta: MetaFunction = () => [{ title: "My KPIs · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const kind: PersonalKind | null = user.role === "agent" ? "agent" : can(user, "evaluation:score") ? "reviewer" : null;
  if (!kind) {
    if (can(user, "kpi:view")) throw redirect("/dashboards/vendors");
    throw new Response("There are no personal KPIs for your role.", { status: 403 });
  }
  const url = new URL(request.url);
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const asked = url.searchParams.get("kpi") ?? "";
  const kpis = PERSONAL_KPIS[kind];
  const chartKpi: KpiKey = isKpiKey(asked) && kpis.includes(asked) ? asked : kpis[0];
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getPersonalBoard({ viewer: user, kind, window });
  return json({
    kind,
    weeks,
    weekChoices: BOARD_WEEKS,
    kpis,
    chartKpi,
    periods: window.starts,
    timeZone: user.timeZone,
    ...board,
  });
}

export default function MyKpisPage() {
  const data = useLoaderData<typeof loader>();
  const row = data.rows.find((r) => r.kpi === data.chartKpi)!;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>My KPIs</h1>
          <p className="muted">
            {data.kind === "agent"
              ? "Your own quality, customer and speed figures"
              : "Your reviewing: throughput, turnaround, how your evaluations hold up in disputes, and your calibration alignment"}
            , last {data.weeks} weeks ({data.timeZone}).
          </p>
        </div>
        <a href={`/dashboards/me.csv?weeks=${data.weeks}`} className="button secondary" download>
          CSV
        </a>
      </div>
      <nav className="tabs" aria-label="Window">
        {data.weekChoices.map((w) => (
          <Link key={w} to={`?weeks=${w}&kpi=${data.chartKpi}`} className={w === data.weeks ? "active" : undefined}>
            {w} weeks
          </Link>
        ))}
      </nav>
      <KpiBoardTable columns={data.columns} rows={data.rows} />
      <KpiChartPanel
        kpis={data.kpis}
        chartKpi={data.chartKpi}
        weeks={data.weeks}
        periods={data.periods}
        series={[{ key: "me", label: "You", values: row.cells.me.series }]}
        target={row.cells.me.target?.threshold ?? null}
        notes={data.notes}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
