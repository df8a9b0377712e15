import type { LoaderFunctionArgs } from "@remix-run/node";
import { periodWindow } from "~/domain/kpi-period";
import { can } from "~/domain/permissions";
import { getPersonalBoard } from "~/models/personal-kpis.server";
import { requireUser } from "~/utils/auth.server";
import { BOARD_WEEKS, boardCsv } from "~/utils/kpi-board.server";

// /dashboards/me as CSV.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const kind = user.role === "agent" ? "agent" : can(user, "evaluation:score") ? "reviewer" : null;
  if (!kind) throw new Response("There are no personal KPIs for your role.", { status: 403 });
  const url = new URL(request.url);
  const weeks = BOARD_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? 8;
  const window = periodWindow(new Date(), user.timeZone, "week", weeks);
  const board = await getPersonalBoard({ viewer: user, kind, window });
  return boardCsv(`my-kpis-${window.starts[0]}.csv`, "who", window, board);
}
