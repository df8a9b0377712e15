import { redirect } from "@remix-run/node";
import { can, scopeFor, type Permission, type Scope } from "~/domain/permissions";
import { clearAccountFailures, isLoginThrottled, recordLoginFailure } from "~/models/login-throttle.server";
import { createSession, getSessionUser, type SessionUser } from "~/models/session.server";
import { getUserForLogin } from "~/models/user.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { readSessionId } from "./session.server";

export type CurrentUser = SessionUser & { scope: Scope };

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const user = await getSessionUser(sessionId);
  return user ? { ...user, scope: scopeFor(user) } : null;
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, permission)) {
    throw new Response(`You do not have permission to do this (${permission}).`, { status: 403 });
  }
  return user;
}

/**
 * Only paths on this site, so a crafted link cannot send people elsewhere after sign-in. The target is
 * resolved the way a browser would (which strips tabs and newlines: "/\t/evil.com" means "//evil.com").
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  const base = "http://app.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export const GENERIC_LOGIN_ERROR = "Email or password is incorrect.";
export const THROTTLED_LOGIN_ERROR = "Too many failed sign-in attempts. Wait 15 minutes and try again.";

export type LoginResult = { ok: true; sessionId: string } | { ok: false; status: 401 | 429; message: string };

/** Checks credentials with throttling per account and per IP; the message never says which part was wrong. */
export async function login(input: {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}): Promise<LoginResult> {
  if (await isLoginThrottled(input.email, input.ip)) {
    return { ok: false, status: 429, message: THROTTLED_LOGIN_ERROR };
  }
  const user = await getUserForLogin(input.email);
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyAgainstDummy(input.password), false);
  if (!user || !valid || !user.active) {
    await recordLoginFailure(input.email, input.ip);
    return { ok: false, status: 401, message: GENERIC_LOGIN_ERROR };
  }
  await clearAccountFailures(input.email);
  const sessionId = await createSession({ userId: user.id, ip: input.ip, userAgent: input.userAgent });
  return { ok: true, sessionId };
}
