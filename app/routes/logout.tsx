import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { deleteSession } from "~/models/session.server";
import { clearSessionCookie, readSessionId } from "~/utils/session.server";

// POST only: a GET to /logout (a prefetch, an image tag) must not sign anyone out.
export async function action({ request }: ActionFunctionArgs) {
  const sessionId = await readSessionId(request);
  if (sessionId) await deleteSession(sessionId);
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
}

export async function loader() {
  return redirect("/");
}
