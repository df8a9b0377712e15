import { createCookie } from "@remix-run/node";
import { SESSION_TTL_MS } from "~/models/session.server";
import { getSessionSecret } from "./env.server";

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

// The cookie carries only the signed session id; the session itself lives in the database.
function sessionCookie(request: Request) {
  return createCookie("qaw_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isHttps(request),
    secrets: [getSessionSecret()],
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function commitSessionId(request: Request, sessionId: string): Promise<string> {
  return sessionCookie(request).serialize(sessionId);
}

export function clearSessionCookie(request: Request): Promise<string> {
  return sessionCookie(request).serialize("", { maxAge: 0 });
}
