import type { LoaderFunctionArgs } from "@remix-run/node";
import { periodWindow } from "~/domain/kpi-period";
import { getBoardParent, getKpiBoard, type BoardLevel } from "~/models/kpi-board.server";
import { requirePermission } from "~/utils/auth.server";
import { csvResponse } from "~/utils/csv.server";
import { BOARD_KPIS, BOARD_WEEKS } from "~/utils/kpi-board.server";

// The KPI board of /dashboards/... as CSV: one row per KPI and column, with the weekly series.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const url = new URL(request.url);
  const level = (["vendor", "team", "agent"] as const).find((l) => l === url.searchParams.get("level")) ?? "vendor";
  const parentId = level === "vendor" ? null : (url.searchParams.get("parent") ?? "");
  if (parentId !== null && !(await getBoardParent(user.scope, level as BoardLevel, parentId)))
    throw new Response("Not Found", { status: 404 });
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getKpiBoard({
    viewer: user,
    scope: user.scope,
    window,
    level,
    parentId,
    kpis: BOARD_KPIS[level],
  });
  return csvResponse(
    `kpis-${level}-${window.starts[0]}.csv`,
    ["kpi", level, "window_value", "status", "target", "trend", "weeks_missed_in_a_row", ...window.starts],
    board.rows.flatMap((row) =>
      board.columns.map((c) => {
        const cell = row.cells[c.key];
        return [
          row.kpi,
          c.label,
          cell.value.ok ? cell.value.value : null,
          cell.status,
          cell.target?.threshold,
          cell.trend,
          cell.misses,
          ...cell.series,
        ];
      }),
    ),
  );
}
