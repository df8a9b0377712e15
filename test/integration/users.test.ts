import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { auditLog, sessions, users, type Organization, type User } from "../../db/schema";
import { action as editUserAction, loader as editUserLoader } from "~/routes/admin.users.$userId";
import { action as newUserAction } from "~/routes/admin.users.new";
import { getCurrentUser } from "~/utils/auth.server";
import {
  BASE_URL,
  context,
  createOrganization,
  createUser,
  formRequest,
  requestAs,
  signIn,
  thrownResponse,
} from "../factories";

// Admin user management through the real route actions: validation, organisation boundaries,
// optimistic concurrency and what deactivation does to sessions.

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let vendorAAdmin: User;
let vendorAAdminCookie: string;

beforeAll(async () => {
  client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  vendorB = await createOrganization({ kind: "vendor" });
  vendorAAdmin = await createUser({ organization: vendorA, role: "admin" });
  vendorAAdminCookie = (await signIn(vendorAAdmin)).cookie;
});

const validNewUser = (overrides: Record<string, string> = {}) => ({
  name: "Nina New",
  email: `nina-${Math.random().toString(36).slice(2)}@vendor-a.test`,
  organizationId: vendorA.id,
  role: "qa_specialist",
  timeZone: "Europe/Berlin",
  password: "a long enough password",
  ...overrides,
});

const postNewUser = (fields: Record<string, string>, cookie = vendorAAdminCookie) =>
  newUserAction({ request: formRequest("/admin/users/new", fields, cookie), params: {}, context: context() });

const editFields = (user: User, overrides: Record<string, string> = {}): Record<string, string> => ({
  name: user.name,
  email: user.email,
  role: user.role,
  timeZone: user.timeZone,
  active: "on",
  lockVersion: String(user.lockVersion),
  password: "",
  ...overrides,
});

const postEditUser = (userId: string, fields: Record<string, string>, cookie = vendorAAdminCookie) =>
  editUserAction({
    request: formRequest(`/admin/users/${userId}`, fields, cookie),
    params: { userId },
    context: context(),
  });

const userCount = async () => Number((await db.select({ n: sql<number>`count(*)::int` }).from(users))[0].n);
const fieldErrors = async (response: Response) =>
  ((await response.json()) as { fieldErrors: Record<string, string> }).fieldErrors;
const reload = async (user: User) => (await db.select().from(users).where(eq(users.id, user.id)))[0];

describe("creating a user", () => {
  it("creates a valid user with an argon2id hash and a lower-cased email", async () => {
    const fields = validNewUser({ email: "Mixed.Case@Vendor-A.test" });
    const response = await postNewUser(fields);
    expect(response.status).toBe(302);
    const [created] = await db.select().from(users).where(eq(users.email, "mixed.case@vendor-a.test"));
    expect(response.headers.get("Location")).toBe(`/admin/users/${created.id}?created=1`);
    expect(created).toMatchObject({
      organizationId: vendorA.id,
      role: "qa_specialist",
      timeZone: "Europe/Berlin",
      active: true,
    });
    expect(created.passwordHash.startsWith("$argon2id$")).toBe(true);
  });

  it.each([
    ["email", { email: "not-an-email" }],
    ["password", { password: "short" }],
    ["role", { role: "overlord" }],
    ["role", { role: "client_reviewer" }], // a client-only role in a vendor organisation
    ["timeZone", { timeZone: "Mars/Olympus_Mons" }],
    ["name", { name: "   " }],
  ])("refuses a bad %s with 400 naming the field, and creates nothing", async (field, overrides) => {
    const before = await userCount();
    const response = await postNewUser(validNewUser(overrides));
    expect(response.status).toBe(400);
    const errors = await fieldErrors(response);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(/\S/);
    expect(await userCount()).toBe(before);
  });

  it("echoes what was typed, except the password, so a rejected form loses nothing", async () => {
    const response = await postNewUser(validNewUser({ email: "not-an-email", name: "Ada Typed" }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { values: Record<string, string> };
    expect(body.values).toMatchObject({
      name: "Ada Typed",
      email: "not-an-email",
      timeZone: "Europe/Berlin",
      password: "",
    });
  });

  it("refuses an email that exists with different case", async () => {
    const existing = await createUser({ organization: vendorB, role: "agent", email: "taken@example.test" });
    const before = await userCount();
    const response = await postNewUser(validNewUser({ email: existing.email.toUpperCase() }));
    expect(response.status).toBe(400);
    expect(await fieldErrors(response)).toEqual({ email: expect.stringMatching(/already exists/) });
    expect(await userCount()).toBe(before);
  });

  it("does not let a vendor admin create a user in another organisation", async () => {
    const before = await userCount();
    for (const organization of [vendorB, client]) {
      const response = await postNewUser(validNewUser({ organizationId: organization.id }));
      expect(response.status).toBe(400);
      expect(Object.keys(await fieldErrors(response))).toEqual(["organizationId"]);
    }
    expect(await userCount()).toBe(before);
  });
});

describe("editing a user", () => {
  it("answers 404 when a vendor admin loads or edits another organisation's user", async () => {
    const outsider = await createUser({ organization: vendorB, role: "qa_specialist" });
    const request = await requestAs(vendorAAdmin, `/admin/users/${outsider.id}`);
    const loaded = await thrownResponse(() =>
      editUserLoader({ request, params: { userId: outsider.id }, context: context() }),
    );
    expect(loaded.status).toBe(404);
    const edited = await thrownResponse(() =>
      postEditUser(outsider.id, editFields(outsider, { name: "Hijacked", active: "" })),
    );
    expect(edited.status).toBe(404);
    expect(await reload(outsider)).toMatchObject({
      name: outsider.name,
      active: true,
      lockVersion: outsider.lockVersion,
    });
  });

  it("serves the form for a user in the admin's own organisation", async () => {
    const colleague = await createUser({ organization: vendorA, role: "trainer" });
    const request = await requestAs(vendorAAdmin, `/admin/users/${colleague.id}`);
    const data = await (await editUserLoader({ request, params: { userId: colleague.id }, context: context() })).json();
    expect(data.user).toMatchObject({ id: colleague.id, role: "trainer", lockVersion: 1 });
  });

  it("deactivating a user ends all their sessions and writes an audit entry", async () => {
    const target = await createUser({ organization: vendorA, role: "qa_specialist" });
    const first = await signIn(target);
    await signIn(target);
    const asTarget = new Request(`${BASE_URL}/`, { headers: { Cookie: first.cookie } });
    expect((await getCurrentUser(asTarget))?.id).toBe(target.id);

    const fields = editFields(target);
    delete fields.active; // an unchecked checkbox is not sent
    const response = await postEditUser(target.id, fields);
    expect(response.status).toBe(302);

    expect(await reload(target)).toMatchObject({ active: false, lockVersion: target.lockVersion + 1 });
    expect(await db.select().from(sessions).where(eq(sessions.userId, target.id))).toEqual([]);
    expect(await getCurrentUser(asTarget)).toBeNull();
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, target.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "user.deactivate",
      actorUserId: vendorAAdmin.id,
      organizationId: vendorA.id,
    });
  });

  it("signs a user out everywhere without changing the account, and lists live sessions", async () => {
    const target = await createUser({ organization: vendorA, role: "trainer" });
    const first = await signIn(target);
    await signIn(target);
    const request = await requestAs(vendorAAdmin, `/admin/users/${target.id}`);
    const before = await (await editUserLoader({ request, params: { userId: target.id }, context: context() })).json();
    expect(before.sessions).toHaveLength(2);
    expect(JSON.stringify(before.sessions)).not.toContain(first.sessionId); // ids never leave the server

    const response = await postEditUser(target.id, { intent: "revoke-sessions" });
    expect(response.status).toBe(302);
    expect(await db.select().from(sessions).where(eq(sessions.userId, target.id))).toEqual([]);
    expect(await getCurrentUser(new Request(`${BASE_URL}/`, { headers: { Cookie: first.cookie } }))).toBeNull();
    expect(await reload(target)).toMatchObject({ active: true, lockVersion: target.lockVersion });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.sessions.revoke"), eq(auditLog.entityId, target.id)));
    expect(audit).toHaveLength(1);
  });

  it("does not let a vendor admin sign out another organisation's user", async () => {
    const outsider = await createUser({ organization: vendorB, role: "qa_specialist" });
    await signIn(outsider);
    const refused = await thrownResponse(() => postEditUser(outsider.id, { intent: "revoke-sessions" }));
    expect(refused.status).toBe(404);
    expect(await db.select().from(sessions).where(eq(sessions.userId, outsider.id))).toHaveLength(1);
  });

  it("refuses a stale lockVersion with 409 and keeps the first edit", async () => {
    const target = await createUser({ organization: vendorA, role: "qa_specialist" });
    const first = await postEditUser(target.id, editFields(target, { name: "First Editor" }));
    expect(first.status).toBe(302);
    const second = await postEditUser(target.id, editFields(target, { name: "Second Editor" }));
    expect(second.status).toBe(409);
    expect(((await second.json()) as { formError: string }).formError).toMatch(/someone else changed/i);
    expect(await reload(target)).toMatchObject({ name: "First Editor", lockVersion: target.lockVersion + 1 });
  });

  it("refuses bad input with 400 naming the field", async () => {
    const target = await createUser({ organization: vendorA, role: "qa_specialist" });
    const other = await createUser({ organization: vendorA, role: "trainer" });
    const cases: [string, Record<string, string>][] = [
      ["role", { role: "client_reviewer" }],
      ["timeZone", { timeZone: "Nowhere/Special" }],
      ["password", { password: "short" }],
      ["email", { email: other.email.toUpperCase() }],
    ];
    for (const [field, overrides] of cases) {
      const response = await postEditUser(target.id, editFields(target, overrides));
      expect(response.status, field).toBe(400);
      expect(Object.keys(await fieldErrors(response)), field).toEqual([field]);
    }
    expect(await reload(target)).toMatchObject({
      role: "qa_specialist",
      email: target.email,
      lockVersion: target.lockVersion,
    });
  });

  it("does not let an admin deactivate themself", async () => {
    const admin = await createUser({ organization: vendorA, role: "admin" });
    const { cookie, sessionId } = await signIn(admin);
    const fields = editFields(admin);
    delete fields.active;
    const response = await postEditUser(admin.id, fields, cookie);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { formError: string }).formError).toMatch(/cannot deactivate yourself/i);
    expect(await reload(admin)).toMatchObject({ active: true, lockVersion: admin.lockVersion });
    expect(await db.select().from(sessions).where(eq(sessions.id, sessionId))).toHaveLength(1);
  });
});
