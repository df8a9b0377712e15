import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { loginFailures, sessions, users, type Organization, type User } from "../../db/schema";
import { createSession, SESSION_TTL_MS } from "~/models/session.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { GENERIC_LOGIN_ERROR, getCurrentUser, safeRedirect, THROTTLED_LOGIN_ERROR } from "~/utils/auth.server";
import { commitSessionId } from "~/utils/session.server";
import {
  BASE_URL,
  context,
  cookiePair,
  createOrganization,
  createUser,
  formRequest,
  signIn,
  TEST_PASSWORD,
  thrownResponse,
} from "../factories";

let vendor: Organization;
beforeAll(async () => {
  vendor = await createOrganization({ kind: "vendor" });
});

const newUser = (overrides: { active?: boolean } = {}) =>
  createUser({ organization: vendor, role: "qa_specialist", ...overrides });

// Each test signs in from its own address so per-IP counts never leak between tests.
let ipCounter = 0;
const freshIp = () => `192.0.2.${++ipCounter}`;

function attemptLogin(email: string, password: string, ip: string, redirectTo = "/") {
  return loginAction({
    request: formRequest("/login", { email, password, redirectTo }),
    params: {},
    context: context(ip),
  });
}

async function formError(response: Response): Promise<string | null> {
  return ((await response.json()) as { formError: string | null }).formError;
}

const sessionCount = async (user: User) =>
  (await db.select().from(sessions).where(eq(sessions.userId, user.id))).length;
const withCookie = (cookie: string | null) =>
  new Request(`${BASE_URL}/`, { headers: cookie ? { Cookie: cookie } : {} });

describe("POST /login", () => {
  it("signs in with the right password: 302, a hardened cookie and a session row", async () => {
    const user = await newUser();
    const response = await attemptLogin(user.email.toUpperCase(), TEST_PASSWORD, freshIp(), "/agents?team=x");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/agents?team=x");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^qaw_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(await sessionCount(user)).toBe(1);
    // The cookie it set really authenticates the user.
    expect((await getCurrentUser(withCookie(cookiePair(setCookie))))?.id).toBe(user.id);
  });

  it("gives the same generic 401 for a wrong password, an unknown email and a deactivated user", async () => {
    const user = await newUser();
    const inactive = await newUser({ active: false });
    const ip = freshIp();
    const responses = [
      await attemptLogin(user.email, "wrong password!", ip),
      await attemptLogin("nobody-here@example.test", TEST_PASSWORD, ip),
      await attemptLogin(inactive.email, TEST_PASSWORD, ip),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.headers.get("Set-Cookie")).toBeNull();
      expect(await formError(response)).toBe(GENERIC_LOGIN_ERROR);
    }
    expect(await sessionCount(user)).toBe(0);
    expect(await sessionCount(inactive)).toBe(0);
  });

  it("throttles an account after 5 failures, even for the right password, without locking out others", async () => {
    const victim = await newUser();
    const other = await newUser();
    const attackerIp = freshIp();
    for (let i = 0; i < 5; i++)
      expect((await attemptLogin(victim.email, `guess ${i} wrong`, attackerIp)).status).toBe(401);
    const throttled = await attemptLogin(victim.email, TEST_PASSWORD, freshIp());
    expect(throttled.status).toBe(429);
    expect(await formError(throttled)).toBe(THROTTLED_LOGIN_ERROR);
    expect(await sessionCount(victim)).toBe(0);
    expect((await attemptLogin(other.email, TEST_PASSWORD, freshIp())).status).toBe(302);
  });

  it("throttles an IP after 30 failures across different emails", async () => {
    const user = await newUser();
    const ip = freshIp();
    for (let i = 0; i < 30; i++) {
      expect((await attemptLogin(`spray-${i}@example.test`, "password123", ip)).status).toBe(401);
    }
    expect((await attemptLogin(user.email, TEST_PASSWORD, ip)).status).toBe(429);
    expect((await attemptLogin(user.email, TEST_PASSWORD, freshIp())).status).toBe(302);
  }, 120_000);

  it("clears the account's failure count on a successful login", async () => {
    const user = await newUser();
    const ip = freshIp();
    const accountKey = `email:${user.email.toLowerCase()}`;
    const failures = async () =>
      (await db.select().from(loginFailures).where(eq(loginFailures.key, accountKey))).length;
    for (let i = 0; i < 4; i++) await attemptLogin(user.email, "not the password", ip);
    expect(await failures()).toBe(4);
    expect((await attemptLogin(user.email, TEST_PASSWORD, ip)).status).toBe(302);
    expect(await failures()).toBe(0);
    // Four more failures stay under the limit only because the earlier four were cleared.
    for (let i = 0; i < 4; i++) await attemptLogin(user.email, "not the password", ip);
    expect((await attemptLogin(user.email, TEST_PASSWORD, ip)).status).toBe(302);
  });

  it("stores passwords as argon2id hashes", async () => {
    const user = await newUser();
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row.hash.startsWith("$argon2id$")).toBe(true);
  });
});

describe("the session cookie", () => {
  it("treats a cookie with a changed signature as signed out", async () => {
    const { cookie } = await signIn(await newUser());
    expect(await getCurrentUser(withCookie(cookie))).not.toBeNull();
    // The cookie value is "<payload>.<signature>"; change the signature's first character.
    const [name, encoded] = cookie.split("=");
    const value = decodeURIComponent(encoded);
    const at = value.lastIndexOf(".") + 1;
    const tampered = `${name}=${encodeURIComponent(value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1))}`;
    expect(tampered).not.toBe(cookie);
    expect(await getCurrentUser(withCookie(tampered))).toBeNull();
    // /login shows the form again rather than redirecting a signed-in user home.
    expect(await loginLoader({ request: withCookie(tampered), params: {}, context: context() })).toBeNull();
    const signedIn = await thrownResponse(() =>
      loginLoader({ request: withCookie(cookie), params: {}, context: context() }),
    );
    expect(signedIn.headers.get("Location")).toBe("/");
  });

  it("treats an expired session as signed out", async () => {
    const user = await newUser();
    const sessionId = await createSession({
      userId: user.id,
      ip: null,
      userAgent: null,
      now: new Date(Date.now() - SESSION_TTL_MS - 60_000),
    });
    const cookie = cookiePair(await commitSessionId(new Request(BASE_URL), sessionId));
    expect(await getCurrentUser(withCookie(cookie))).toBeNull();
  });

  it("POST /logout deletes the session row and clears the cookie", async () => {
    const user = await newUser();
    const { sessionId, cookie } = await signIn(user);
    const response = await logoutAction({
      request: formRequest("/logout", {}, cookie),
      params: {},
      context: context(),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Set-Cookie")).toMatch(/^qaw_session=;.*Max-Age=0/i);
    expect(await db.select().from(sessions).where(eq(sessions.id, sessionId))).toEqual([]);
    expect(await getCurrentUser(withCookie(cookie))).toBeNull();
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/agents?vendor=1")).toBe("/agents?vendor=1");
  });

  it("refuses other hosts", () => {
    expect(safeRedirect("//evil.com")).toBe("/");
    expect(safeRedirect("https://evil.com")).toBe("/");
    expect(safeRedirect("/\\evil.com")).toBe("/");
    expect(safeRedirect(null, "/home")).toBe("/home");
  });

  it("refuses paths a browser reads as another host once it strips tabs and newlines", () => {
    // The URL parser removes ASCII tab/newline: "/\t/evil.com" resolves to https://evil.com/.
    expect(new URL("/\t/evil.com", "https://qa.example").host).toBe("evil.com");
    expect(safeRedirect("/\t/evil.com")).toBe("/");
  });
});
