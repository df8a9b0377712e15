import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { apiTokens, auditLog, users, type Agent, type Evaluation, type Organization, type User } from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import { listApiEvaluations } from "~/models/api-evaluations.server";
import { createApiToken, findApiTokenUser, MAX_ACTIVE_API_TOKENS, revokeApiToken } from "~/models/api-token.server";
import { loader as evaluationsLoader } from "~/routes/api.v1.evaluations";
import { loader as kpisLoader } from "~/routes/api.v1.kpis";
import { loader as meLoader } from "~/routes/api.v1.me";
import { action as tokensAction, loader as tokensLoader } from "~/routes/settings.api-tokens";
import {
  BASE_URL,
  context,
  createAgent,
  createEvaluation,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  formRequest,
  requestAs,
  signIn,
  thrownResponse,
} from "../factories";

// The read-only JSON API: tokens are stored hashed, work only as Bearer tokens (never cookies), stop
// working when revoked or when their user is deactivated, and see exactly their user's scope.

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let clientLead: User;
let vendorALead: User;
let vendorBLead: User;
let agentUser: User;
let agentA1: Agent;
let agentA2: Agent;
let agentB1: Agent;
let evaluationsA: Evaluation[];
let evaluationsB: Evaluation[];
let ownEvaluationIds: string[];

const day = (date: string, time = "12:00:00") => new Date(`${date}T${time}Z`);

beforeAll(async () => {
  client = await createOrganization({ kind: "client", name: "Client Co" });
  vendorA = await createOrganization({ kind: "vendor", name: "Vendor A" });
  vendorB = await createOrganization({ kind: "vendor", name: "Vendor B" });
  const teamA = await createTeam({ vendor: vendorA });
  const teamB = await createTeam({ vendor: vendorB });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  vendorALead = await createUser({ organization: vendorA, role: "qa_lead" });
  vendorBLead = await createUser({ organization: vendorB, role: "qa_lead" });
  agentUser = await createUser({ organization: vendorA, role: "agent" });
  agentA1 = await createAgent({ team: teamA, user: agentUser });
  agentA2 = await createAgent({ team: teamA });
  agentB1 = await createAgent({ team: teamB });
  const version = await createScorecardVersion();
  const evaluate = async (agent: Agent, submittedAt: Date) =>
    createEvaluation({
      interaction: await createInteraction({ agent }),
      version,
      reviewer: clientLead,
      submittedAt,
    });
  // Vendor A: five evaluations on four days, two of them submitted at the same instant (a paging tie).
  evaluationsA = [
    await evaluate(agentA1, day("2026-03-01")),
    await evaluate(agentA2, day("2026-03-02")),
    await evaluate(agentA1, day("2026-03-03")),
    await evaluate(agentA2, day("2026-03-03")),
    await evaluate(agentA1, day("2026-03-04")),
  ];
  evaluationsB = [await evaluate(agentB1, day("2026-03-02")), await evaluate(agentB1, day("2026-03-03"))];
  ownEvaluationIds = evaluationsA.filter((e) => e.agentId === agentA1.id).map((e) => e.id);
});

async function newToken(user: User, name = "BI tool") {
  const result = await createApiToken({ userId: user.id, name });
  if (!result.ok) throw new Error("token not created");
  return result;
}

function apiRequest(pathname: string, token: string | null, headers: Record<string, string> = {}) {
  const h = new Headers(headers);
  if (token !== null) h.set("Authorization", `Bearer ${token}`);
  return new Request(new URL(pathname, BASE_URL), { headers: h });
}

/** What the API answers: the returned Response, or the one the guard threw (401/403/400). */
async function call(
  loader: typeof meLoader | typeof evaluationsLoader | typeof kpisLoader,
  request: Request,
): Promise<Response> {
  try {
    return await loader({ request, params: {}, context: context() });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

type Page = {
  data: { id: string; vendorId: string; agentId: string; submittedAt: string }[];
  nextCursor: string | null;
};
const getEvaluations = async (token: string, query = "") => {
  const response = await call(evaluationsLoader, apiRequest(`/api/v1/evaluations${query}`, token));
  return { response, body: (await response.json()) as Page & { error?: string; fields?: Record<string, string> } };
};
const ids = (page: Page) => page.data.map((e) => e.id);

describe("creating and storing tokens", () => {
  it("returns a qaw_ token once and stores only its sha256 and a short prefix", async () => {
    const { token, apiToken } = await newToken(vendorALead, "Power BI");
    expect(token).toMatch(/^qaw_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(row.prefix).toBe(token.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(token.slice(12));
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, apiToken.id));
    expect(audits).toMatchObject([{ action: "api_token.create", actorUserId: vendorALead.id }]);
    expect(JSON.stringify(audits)).not.toContain(token.slice(12));
  });

  it(`allows at most ${MAX_ACTIVE_API_TOKENS} active tokens per user; revoking one makes room`, async () => {
    const user = await createUser({ organization: vendorA, role: "ops_manager" });
    const created = [];
    for (let n = 0; n < MAX_ACTIVE_API_TOKENS; n++) created.push(await newToken(user, `t${n}`));
    expect(await createApiToken({ userId: user.id, name: "one too many" })).toEqual({
      ok: false,
      reason: "limit_reached",
    });
    await revokeApiToken({ userId: user.id, tokenId: created[0].apiToken.id });
    expect((await createApiToken({ userId: user.id, name: "replacement" })).ok).toBe(true);
  });

  it("refreshes lastUsedAt at most once a minute", async () => {
    const { token, apiToken } = await newToken(vendorALead);
    const lastUsed = async () =>
      (await db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id)))[0].lastUsedAt?.getTime() ?? null;
    expect(await lastUsed()).toBeNull();
    const t0 = new Date("2030-01-01T10:00:00Z");
    await findApiTokenUser(token, t0);
    expect(await lastUsed()).toBe(t0.getTime());
    await findApiTokenUser(token, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.getTime());
    const later = new Date(t0.getTime() + 61_000);
    await findApiTokenUser(token, later);
    expect(await lastUsed()).toBe(later.getTime());
  });
});

describe("GET /api/v1/me", () => {
  it("answers the token's user and scope as uncached JSON without cookies", async () => {
    const { token, apiToken } = await newToken(vendorALead);
    const response = await call(meLoader, apiRequest("/api/v1/me", token));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await response.json()).toEqual({
      id: vendorALead.id,
      name: vendorALead.name,
      email: vendorALead.email,
      role: "qa_lead",
      timeZone: "UTC",
      organization: { id: vendorA.id, name: "Vendor A", kind: "vendor" },
      scope: { kind: "vendor", vendorId: vendorA.id },
      token: { id: apiToken.id },
    });
  });

  it("shows a client user's scope as client", async () => {
    const { token } = await newToken(clientLead);
    const response = await call(meLoader, apiRequest("/api/v1/me", token));
    expect(await response.json()).toMatchObject({ scope: { kind: "client" }, organization: { kind: "client" } });
  });
});

describe("refusals", () => {
  const expect401 = async (request: Request) => {
    const response = await call(meLoader, request);
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await response.json()).toEqual({ error: expect.stringMatching(/\S/) });
  };

  it("401s without a token, with a malformed header or an unknown token", async () => {
    await expect401(apiRequest("/api/v1/me", null));
    await expect401(apiRequest("/api/v1/me", null, { Authorization: "Basic dXNlcjpwYXNz" }));
    await expect401(apiRequest("/api/v1/me", ""));
    await expect401(apiRequest("/api/v1/me", `qaw_${crypto.randomBytes(32).toString("base64url")}`));
  });

  it("does not accept a signed-in session cookie instead of a token", async () => {
    const request = await requestAs(vendorALead, "/api/v1/me");
    expect(request.headers.get("Cookie")).toBeTruthy();
    await expect401(request);
    await expect401(await requestAs(vendorALead, "/api/v1/evaluations"));
  });

  it("401s a revoked token on every endpoint", async () => {
    const { token, apiToken } = await newToken(vendorALead);
    expect((await call(meLoader, apiRequest("/api/v1/me", token))).status).toBe(200);
    expect(await revokeApiToken({ userId: vendorALead.id, tokenId: apiToken.id })).toMatchObject({
      ok: true,
      alreadyRevoked: false,
    });
    await expect401(apiRequest("/api/v1/me", token));
    expect((await getEvaluations(token)).response.status).toBe(401);
  });

  it("401s the token of a deactivated user", async () => {
    const user = await createUser({ organization: vendorA, role: "qa_specialist" });
    const { token } = await newToken(user);
    expect((await call(meLoader, apiRequest("/api/v1/me", token))).status).toBe(200);
    await db.update(users).set({ active: false }).where(eq(users.id, user.id));
    await expect401(apiRequest("/api/v1/me", token));
  });

  it("403s a token whose user's role may not use the API (agents)", async () => {
    const { token } = await newToken(agentUser);
    const response = await call(meLoader, apiRequest("/api/v1/me", token));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: expect.stringContaining("api:use") });
  });
});

describe("GET /api/v1/evaluations", () => {
  // One token per user for this block (each user may hold only a few active tokens).
  let clientToken: string;
  let vendorAToken: string;
  beforeAll(async () => {
    clientToken = (await newToken(clientLead)).token;
    vendorAToken = (await newToken(vendorALead)).token;
  });

  it("gives a client token every vendor's submitted evaluations, newest first", async () => {
    const token = clientToken;
    const { response, body } = await getEvaluations(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(new Set(ids(body))).toEqual(new Set([...evaluationsA, ...evaluationsB].map((e) => e.id)));
    const times = body.data.map((e) => Date.parse(e.submittedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(body.nextCursor).toBeNull();
    expect(body.data[0]).toMatchObject({
      vendorName: expect.any(String),
      agentName: expect.any(String),
      finalScore: expect.any(Number),
      passed: expect.any(Boolean),
      scorecardSlug: expect.any(String),
    });
  });

  it("never shows vendor A's token vendor B's evaluations, even when asked by vendorId", async () => {
    const token = vendorAToken;
    const all = (await getEvaluations(token)).body;
    expect(new Set(ids(all))).toEqual(new Set(evaluationsA.map((e) => e.id)));
    expect(all.data.every((e) => e.vendorId === vendorA.id)).toBe(true);
    const asked = await getEvaluations(token, `?vendorId=${vendorB.id}`);
    expect(asked.response.status).toBe(200);
    expect(asked.body.data).toEqual([]);
    const byAgent = await getEvaluations(token, `?agentId=${agentB1.id}`);
    expect(byAgent.body.data).toEqual([]);
    const { token: tokenB } = await newToken(vendorBLead);
    expect(new Set(ids((await getEvaluations(tokenB)).body))).toEqual(new Set(evaluationsB.map((e) => e.id)));
  });

  it("filters by agent and by calendar days (inclusive)", async () => {
    const token = clientToken;
    expect(new Set(ids((await getEvaluations(token, `?agentId=${agentA2.id}`)).body))).toEqual(
      new Set(evaluationsA.filter((e) => e.agentId === agentA2.id).map((e) => e.id)),
    );
    const range = (await getEvaluations(token, "?from=2026-03-02&to=2026-03-03")).body;
    expect(new Set(ids(range))).toEqual(
      new Set([evaluationsA[1], evaluationsA[2], evaluationsA[3], ...evaluationsB].map((e) => e.id)),
    );
    expect(ids((await getEvaluations(token, `?from=2026-03-04&vendorId=${vendorA.id}`)).body)).toEqual([
      evaluationsA[4].id,
    ]);
  });

  it("reads days in the token user's time zone", async () => {
    // 2026-03-04T12:00Z is already 5 March in Auckland (UTC+13).
    const user = await createUser({ organization: vendorA, role: "qa_specialist", timeZone: "Pacific/Auckland" });
    const { token } = await newToken(user);
    expect(ids((await getEvaluations(token, "?from=2026-03-05&to=2026-03-05")).body)).toEqual([evaluationsA[4].id]);
  });

  it("limits an agent-scoped user to their own evaluations (model level; agents cannot hold API access)", async () => {
    const agentScope = scopeFor({ ...agentUser, organizationKind: "vendor", agentId: agentA1.id });
    const page = await listApiEvaluations(agentScope, { limit: 100 });
    expect(new Set(page.data.map((e) => e.id))).toEqual(new Set(ownEvaluationIds));
    const other = await listApiEvaluations(agentScope, { limit: 100, agentId: agentA2.id });
    expect(other.data).toEqual([]);
  });

  it("pages with limit and cursor without skipping or repeating rows, ties included", async () => {
    const token = vendorAToken;
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const { response, body } = await getEvaluations(token, query);
      expect(response.status).toBe(200);
      sizes.push(body.data.length);
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids((await getEvaluations(token, "?limit=1000")).body));
    expect(new Set(seen).size).toBe(evaluationsA.length);
    // An exact page: no cursor when nothing is left.
    expect((await getEvaluations(token, `?limit=${evaluationsA.length}`)).body.nextCursor).toBeNull();
  });

  it.each([
    ["limit", "?limit=0"],
    ["limit", "?limit=1001"],
    ["limit", "?limit=ten"],
    ["limit", "?limit=2.5"],
    ["from", "?from=2026-13-01"],
    ["to", "?to=yesterday"],
    ["to", "?from=2026-03-04&to=2026-03-01"],
    ["vendorId", "?vendorId=42"],
    ["agentId", "?agentId=not-a-uuid"],
    ["cursor", "?cursor=bm90LWEtY3Vyc29y"],
    ["vendor_id", `?vendor_id=${crypto.randomUUID()}`],
  ])("400s a bad %s (%s) naming the field", async (field, query) => {
    const token = clientToken;
    const { response, body } = await getEvaluations(token, query);
    expect(response.status).toBe(400);
    expect(body.error).toBe("Invalid query parameters.");
    expect(Object.keys(body.fields ?? {})).toEqual([field]);
    expect(body.fields?.[field]).toMatch(/\S/);
  });
});

describe("the settings page", () => {
  const post = async (user: User, fields: Record<string, string>) =>
    tokensAction({
      request: formRequest("/settings/api-tokens", fields, (await signIn(user)).cookie),
      params: {},
      context: context(),
    });

  it("creates a token, shows its plaintext once and lists it by prefix only", async () => {
    const user = await createUser({ organization: client, role: "trainer" });
    const response = await post(user, { intent: "create", name: "  Looker  " });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { created } = (await response.json()) as { created: { name: string; token: string } };
    expect(created.name).toBe("Looker");
    expect((await call(meLoader, apiRequest("/api/v1/me", created.token))).status).toBe(200);
    const page = await tokensLoader({
      request: await requestAs(user, "/settings/api-tokens"),
      params: {},
      context: context(),
    });
    const text = await page.text();
    expect(text).toContain(created.token.slice(0, 12));
    expect(text).not.toContain(created.token.slice(12));
    expect(text).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it.each([
    ["an empty name", ""],
    ["a blank name", "   "],
    ["a 61-character name", "x".repeat(61)],
  ])("refuses %s with 400 and a message for the name field", async (_, name) => {
    const user = await createUser({ organization: client, role: "trainer" });
    const response = await post(user, { intent: "create", name });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; created: unknown };
    expect(Object.keys(body.fieldErrors)).toEqual(["name"]);
    expect(body.created).toBeNull();
    expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toEqual([]);
  });

  it("revokes the user's own token once; repeating it is a no-op", async () => {
    const { token, apiToken } = await newToken(vendorALead);
    const response = await post(vendorALead, { intent: "revoke", tokenId: apiToken.id });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/api-tokens?revoked=1");
    expect((await call(meLoader, apiRequest("/api/v1/me", token))).status).toBe(401);
    expect((await post(vendorALead, { intent: "revoke", tokenId: apiToken.id })).status).toBe(302);
    expect(await revokeApiToken({ userId: vendorALead.id, tokenId: apiToken.id })).toMatchObject({
      ok: true,
      alreadyRevoked: true,
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, apiToken.id), eq(auditLog.action, "api_token.revoke")));
    expect(audits).toHaveLength(1);
  });

  it("cannot revoke another user's token (404), which keeps working", async () => {
    const { token, apiToken } = await newToken(vendorBLead);
    for (const me of [vendorALead, clientLead]) {
      const response = await thrownResponse(() => post(me, { intent: "revoke", tokenId: apiToken.id }));
      expect(response.status).toBe(404);
      expect(await revokeApiToken({ userId: me.id, tokenId: apiToken.id })).toEqual({
        ok: false,
        reason: "not_found",
      });
    }
    expect((await call(meLoader, apiRequest("/api/v1/me", token))).status).toBe(200);
  });

  it("is closed to roles without api:use", async () => {
    const request = await requestAs(agentUser, "/settings/api-tokens");
    const response = await thrownResponse(() => tokensLoader({ request, params: {}, context: context() }));
    expect(response.status).toBe(403);
  });
});

describe("GET /api/v1/kpis", () => {
  const range = "from=2026-03-01&to=2026-03-04";
  it("returns the scoped KPIs per group, null for no data", async () => {
    const { token } = await newToken(clientLead, "KPI client");
    const response = await call(
      kpisLoader,
      apiRequest(`/api/v1/kpis?groupBy=vendor&kpis=qa_score,evaluations_completed,nps&${range}`, token),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { vendor: string; evaluations_completed: number; nps: number | null }[];
    };
    const byVendor = Object.fromEntries(body.data.map((g) => [g.vendor, g]));
    expect(byVendor[vendorA.id].evaluations_completed).toBe(5);
    expect(byVendor[vendorB.id].evaluations_completed).toBe(2);
    // No NPS responses in the test data: null, never 0.
    expect(byVendor[vendorA.id].nps).toBeNull();
  });

  it("never gives a vendor token another vendor's KPIs", async () => {
    const { token } = await newToken(vendorALead, "KPI vendor");
    const response = await call(kpisLoader, apiRequest(`/api/v1/kpis?groupBy=vendor,agent&${range}`, token));
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain(vendorA.id);
    expect(text).not.toContain(vendorB.id);
    expect(text).not.toContain(agentB1.id);
  });

  it("names bad parameters and refuses a revoked token", async () => {
    const created = await newToken(clientLead, "KPI bad");
    const bad = await call(
      kpisLoader,
      apiRequest("/api/v1/kpis?groupBy=planet&kpis=happiness&from=2026-03-01", created.token),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      fields: {
        groupBy: expect.stringMatching(/vendor/),
        kpis: expect.stringMatching(/qa_score/),
        to: expect.any(String),
      },
    });
    await revokeApiToken({ userId: clientLead.id, tokenId: created.apiToken.id });
    expect((await call(kpisLoader, apiRequest("/api/v1/kpis", created.token))).status).toBe(401);
  });
});
