import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { organizations, sessions, users } from "../../db/schema";
import type { Role, Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";

export type UserListItem = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  organizationId: string;
  organizationName: string;
  organizationKind: "client" | "vendor";
};

const listColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  organizationId: users.organizationId,
  organizationName: organizations.name,
  organizationKind: organizations.kind,
};

/** Client admins manage every organisation's users; vendor admins only their own organisation's. */
function userScopeFilter(scope: Scope) {
  return scope.kind === "client" ? undefined : eq(users.organizationId, scope.organizationId);
}

export async function listUsers(scope: Scope): Promise<UserListItem[]> {
  return db
    .select(listColumns)
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(userScopeFilter(scope))
    .orderBy(asc(organizations.kind), asc(organizations.name), asc(users.name));
}

export async function getUser(scope: Scope, userId: string) {
  const [row] = await db
    .select({ ...listColumns, timeZone: users.timeZone, lockVersion: users.lockVersion })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.id, userId), userScopeFilter(scope)))
    .limit(1);
  return row ?? null;
}

/** For sign-in only: looks a user up by email across organisations. */
export async function getUserForLogin(email: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function isEmailTaken(email: string, exceptUserId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return Boolean(row && row.id !== exceptUserId);
}

export async function createUser(input: {
  actorUserId: string;
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  timeZone?: string;
}) {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        organizationId: input.organizationId,
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        role: input.role,
        passwordHash: input.passwordHash,
        timeZone: input.timeZone ?? "UTC",
      })
      .returning({ id: users.id });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: input.organizationId,
        action: "user.create",
        entity: "user",
        entityId: created.id,
        details: { email: input.email, role: input.role },
      },
      tx,
    );
    return created;
  });
}

export type UpdateUserResult = { ok: true } | { ok: false; reason: "not_found" | "conflict" };

/**
 * Updates a user if nobody else changed it since the form was loaded (optimistic concurrency).
 * Deactivating ends all of the user's sessions in the same transaction.
 */
export async function updateUser(input: {
  scope: Scope;
  actorUserId: string;
  userId: string;
  expectedLockVersion: number;
  changes: { name: string; email: string; role: Role; active: boolean; timeZone: string; passwordHash?: string };
}): Promise<UpdateUserResult> {
  return db.transaction(async (tx) => {
    const scopeFilter = userScopeFilter(input.scope);
    const [current] = await tx
      .select({
        lockVersion: users.lockVersion,
        organizationId: users.organizationId,
        active: users.active,
        role: users.role,
      })
      .from(users)
      .where(and(eq(users.id, input.userId), scopeFilter))
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;
    const { passwordHash, ...rest } = input.changes;
    await tx
      .update(users)
      .set({
        ...rest,
        email: rest.email.trim().toLowerCase(),
        name: rest.name.trim(),
        ...(passwordHash ? { passwordHash } : {}),
        lockVersion: sql`${users.lockVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, input.userId));
    // Deactivation, a role change or a new password ends existing sessions.
    if (!rest.active || rest.role !== current.role || passwordHash) {
      await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    }
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: current.organizationId,
        action: current.active && !rest.active ? "user.deactivate" : "user.update",
        entity: "user",
        entityId: input.userId,
        details: { role: rest.role, active: rest.active, passwordChanged: Boolean(passwordHash) },
      },
      tx,
    );
    return { ok: true } as const;
  });
}

export async function listOrganizations(scope: Scope) {
  return db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(scope.kind === "client" ? undefined : eq(organizations.id, scope.organizationId))
    .orderBy(asc(organizations.kind), asc(organizations.name));
}

/** Ends every session of a user in the admin's scope ("sign out everywhere"); false when out of scope. */
export async function revokeUserSessions(input: {
  scope: Scope;
  actorUserId: string;
  userId: string;
}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ organizationId: users.organizationId })
      .from(users)
      .where(and(eq(users.id, input.userId), userScopeFilter(input.scope)));
    if (!target) return false;
    const ended = await tx.delete(sessions).where(eq(sessions.userId, input.userId)).returning({ id: sessions.id });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: target.organizationId,
        action: "user.sessions.revoke",
        entity: "user",
        entityId: input.userId,
        details: { sessions: ended.length },
      },
      tx,
    );
    return true;
  });
}
