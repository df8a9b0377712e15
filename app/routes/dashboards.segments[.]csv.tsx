import type { LoaderFunctionArgs } from "@remix-run/node";
import { SEGMENTS } from "~/domain/kpi-board";
import { periodWindow } from "~/domain/kpi-period";
import { getSegmentBoard } from "~/models/kpi-board.server";
import { requirePermission } from "~/utils/auth.server";
import { BOARD_WEEKS, boardCsv, SEGMENT_KPIS } from "~/utils/kpi-board.server";

// /dashboards/segments as CSV.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const url = new URL(request.url);
  const by = SEGMENTS.find((s) => s === url.searchParams.get("by")) ?? "channel";
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getSegmentBoard({ scope: user.scope, window, by, kpis: SEGMENT_KPIS });
  return boardCsv(`kpis-by-${by}-${window.starts[0]}.csv`, by, window, board);
}
