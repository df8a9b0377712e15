import type { LoaderFunctionArgs } from "@remix-run/node";
import { periodWindow } from "~/domain/kpi-period";
import { getBoardParent, getKpiBoard, type BoardLevel } from "~/models/kpi-board.server";
import { requirePermission } from "~/utils/auth.server";
import { BOARD_KPIS, BOARD_WEEKS, boardCsv } from "~/utils/kpi-board.server";

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
  return boardCsv(`kpis-${level}-${window.starts[0]}.csv`, level, window, board);
}
