import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { KpiChartPanel } from "~/components/kpi-chart-panel";
import { isKpiKey, type KpiKey } from "~/domain/kpi-definitions";
import { periodWindow } from "~/domain/kpi-period";
import { can } from "~/domain/permissions";
import { addContextNote } from "~/models/context-note.server";
import { getBoardParent, getKpiBoard, type BoardLevel } from "~/models/kpi-board.server";
import { requirePermission } from "~/utils/auth.server";
import { ContextNoteSchema } from "~/utils/kpi-form.server";
import { toFieldErrors } from "~/utils/form.server";
import { BOARD_KPIS, BOARD_WEEKS } from "~/utils/kpi-board.server";
import { KpiBoardTable } from "~/components/kpi-board-table";

// One module for the three levels of the drill-down (the other route files re-export it):
// /dashboards/vendors (vendors), /dashboards/vendors/:vendorId (its teams), /dashboards/teams/:teamId (agents).

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "Dashboards"} · QA Workbench` },
];

function levelOf(params: LoaderFunctionArgs["params"]): { level: BoardLevel; parentId: string | null } {
  if (params.teamId !== undefined) return { level: "agent", parentId: params.teamId };
  if (params.vendorId !== undefined) return { level: "team", parentId: params.vendorId };
  return { level: "vendor", parentId: null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const { level, parentId } = levelOf(params);
  const parent = parentId ? await getBoardParent(user.scope, level, parentId) : null;
  if (parentId && !parent) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const kpis = BOARD_KPIS[level];
  const asked = url.searchParams.get("kpi") ?? "";
  const chartKpi: KpiKey = isKpiKey(asked) && kpis.includes(asked) ? asked : kpis[0];
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getKpiBoard({ viewer: user, scope: user.scope, window, level, parentId, kpis });
  const title =
    level === "vendor"
      ? user.scope.kind === "vendor"
        ? `${user.organizationName}: KPIs`
        : "Vendor comparison"
      : level === "team"
        ? `${parent!.name}: teams`
        : `${parent!.name}: agents`;
  return json({
    title,
    level,
    parent,
    weeks,
    weekChoices: BOARD_WEEKS,
    kpis,
    chartKpi,
    periods: window.starts,
    timeZone: user.timeZone,
    ...board,
    canAddNote: can(user, "context_note:add"),
    canEditTargets: can(user, "target:edit"),
    vendorUser: user.scope.kind === "vendor",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "context_note:add");
  const { level, parentId } = levelOf(params);
  if (parentId && !(await getBoardParent(user.scope, level, parentId)))
    throw new Response("Not Found", { status: 404 });
  const parsed = ContextNoteSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false as const, fieldErrors: toFieldErrors(parsed.error) }, { status: 400 });
  const result = await addContextNote({ scope: user.scope, actorUserId: user.id, ...parsed.data });
  if (!result.ok) return json({ ok: false as const, fieldErrors: { [result.field]: result.message } }, { status: 400 });
  return json({ ok: true as const, fieldErrors: {} as Record<string, string> });
}

export default function KpiBoardPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const chartRow = data.rows.find((r) => r.kpi === data.chartKpi)!;
  const targets = data.columns
    .map((c) => chartRow.cells[c.key].target?.threshold)
    .filter((t): t is number => t !== undefined);
  const sharedTarget = targets.length > 0 && targets.every((t) => t === targets[0]) ? targets[0] : null;
  const suffix = searchParams.toString() ? `?${searchParams}` : "";
  const query = (change: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(change)) next.set(k, v);
    return `?${next}`;
  };
  return (
    <>
      <p className="small">
        <Link to="/dashboards/vendors">Dashboards</Link>
        {data.parent && data.level === "agent" ? (
          <>
            {" "}
            / <Link to={`/dashboards/vendors/${data.parent.vendorId}`}>{data.parent.vendorName}</Link>
          </>
        ) : null}{" "}
        /
      </p>
      <div className="page-head">
        <div>
          <h1>{data.title}</h1>
          <p className="muted">
            Last {data.weeks} weeks in your time zone ({data.timeZone}). Colours compare each number with its target;
            arrows show the trend over the whole window (a regression, not the last two weeks).
          </p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <Link to="/dashboards/segments" className="button secondary">
            Segments
          </Link>
          <Link to="/targets" className="button secondary">
            {data.canEditTargets ? "Targets" : "View targets"}
          </Link>
          <a
            href={`/dashboards/export.csv?${new URLSearchParams({ level: data.level, parent: data.parent?.id ?? "", weeks: String(data.weeks) })}`}
            className="button secondary"
            download
          >
            CSV
          </a>
        </div>
      </div>
      <nav className="tabs" aria-label="Window">
        {data.weekChoices.map((w) => (
          <Link key={w} to={query({ weeks: String(w) })} className={w === data.weeks ? "active" : undefined}>
            {w} weeks
          </Link>
        ))}
      </nav>
      {data.columns.length === 0 ? (
        <p className="panel muted">Nothing to show here.</p>
      ) : (
        <KpiBoardTable
          columns={data.columns}
          rows={data.rows}
          drill={(key) =>
            data.level === "vendor"
              ? `/dashboards/vendors/${key}${suffix}`
              : data.level === "team"
                ? `/dashboards/teams/${key}${suffix}`
                : `/agents/${key}`
          }
        />
      )}

      <KpiChartPanel
        kpis={data.kpis}
        chartKpi={data.chartKpi}
        weeks={data.weeks}
        periods={data.periods}
        series={data.columns.map((c) => ({ key: c.key, label: c.label, values: chartRow.cells[c.key].series }))}
        target={sharedTarget}
        notes={data.notes}
      />

      {data.canAddNote ? (
        <section className="panel" aria-labelledby="note-heading">
          <h2 id="note-heading" style={{ marginTop: 0 }}>
            Add a context note
          </h2>
          <p className="small muted">
            A note on a date appears on every chart covering that date, e.g. &quot;new product launch&quot; or
            &quot;system outage&quot;.
          </p>
          <Form method="post" className="form-actions" style={{ justifyContent: "flex-start", alignItems: "end" }}>
            <div className="field">
              <label htmlFor="note-date">Date</label>
              <input id="note-date" type="date" name="onDate" defaultValue={data.periods.at(-1)} />
              {actionData?.fieldErrors.onDate ? <span className="error">{actionData.fieldErrors.onDate}</span> : null}
            </div>
            {!data.vendorUser ? (
              <div className="field">
                <label htmlFor="note-vendor">Vendor</label>
                <select id="note-vendor" name="vendorId" defaultValue="">
                  <option value="">All vendors</option>
                  {data.level === "vendor"
                    ? data.columns.map((c) => (
                        <option key={c.key} value={c.key}>
                          {c.label}
                        </option>
                      ))
                    : null}
                </select>
              </div>
            ) : null}
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="note-body">Note</label>
              <input id="note-body" name="body" maxLength={200} />
              {actionData?.fieldErrors.body ? <span className="error">{actionData.fieldErrors.body}</span> : null}
            </div>
            <button type="submit" className="button" disabled={busy}>
              Add note
            </button>
          </Form>
          {actionData?.ok ? (
            <p className="form-ok" role="status">
              Note added.
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
