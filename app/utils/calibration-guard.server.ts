import { getCalibrationSession, type LoadedSession } from "~/models/calibration.server";
import { requireUser } from "./auth.server";

/** The signed-in user and the session as they may see it; 404 when it does not exist for them. */
export async function requireCalibrationSession(request: Request, sessionId: string | undefined) {
  const user = await requireUser(request);
  const loaded = await getCalibrationSession(user, sessionId ?? "");
  if (!loaded) throw new Response("Not Found", { status: 404 });
  return { user, loaded };
}

/** Maps a refused facilitator action to its HTTP status. */
export function manageStatus(reason: "not_found" | "forbidden" | "conflict" | "invalid"): number {
  return { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 }[reason];
}

export const HIDDEN_RESULTS = "Results are hidden until the facilitator reveals the answers.";

/** "#2 chat: Refund for order" per interaction id, for tables and links. */
export function itemLabels(loaded: LoadedSession): Record<string, string> {
  return Object.fromEntries(
    loaded.items.map((i) => [i.interactionId, `#${i.position} ${i.channel}: ${i.subject ?? i.contactReason}`]),
  );
}
