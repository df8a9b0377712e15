import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KpiBoardTable } from "~/components/kpi-board-table";
import { periodWindow } from "~/domain/kpi-period";
import { SEGMENTS, type Segment } from "~/domain/kpi-board";
import { getSegmentBoard } from "~/models/kpi-board.server";
import { requirePermission } from "~/utils/auth.server";
import { BOARD_WEEKS, SEGMENT_KPIS } from "~/utils/kpi-board.server";

export const meta: MetaFunction = () => [{ title: "Segments · QA Workbench" }];

const LABELS: Record<Segment, string> = {
  channel: "Channel",
  queue: "Queue",
  hour: "Hour of day",
  cohort: "Training cohort",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const url = new URL(request.url);
  const by = SEGMENTS.find((s) => s === url.searchParams.get("by")) ?? "channel";
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getSegmentBoard({
    scope: user.scope,
    window,
    by,
    kpis: SEGMENT_KPIS,
  });
  return json({ by, weeks, timeZone: user.timeZone, ...board });
}

export default function SegmentsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to="/dashboards/vendors">Dashboards</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>KPIs by {LABELS[data.by].toLowerCase()}</h1>
          <p className="muted">
            Last {data.weeks} weeks, everything you can see{data.by === "hour" ? `, hours in ${data.timeZone}` : ""};
            coloured against the global targets.
          </p>
        </div>
      </div>
      <p>
        <a href={`/dashboards/segments.csv?by=${data.by}&weeks=${data.weeks}`} className="button secondary" download>
          CSV
        </a>
      </p>
      <nav className="tabs" aria-label="Segment">
        {SEGMENTS.map((s) => (
          <Link key={s} to={`?by=${s}&weeks=${data.weeks}`} className={s === data.by ? "active" : undefined}>
            {LABELS[s]}
          </Link>
        ))}
      </nav>
      {data.columns.length === 0 ? (
        <p className="panel muted">No data in this window.</p>
      ) : (
        <KpiBoardTable columns={data.columns} rows={data.rows} />
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
