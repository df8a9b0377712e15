import crypto from "node:crypto";
import { and, desc, eq, gt, lt } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, organizations, sessions, users } from "../../db/schema";
import type { OrganizationKind, Role } from "~/domain/permissions";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  agentId: string | null;
  sessionId: string;
};

export async function createSession(input: {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const id = crypto.randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    id,
    userId: input.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return id;
}

/** The signed-in user behind a session id, or null when the session is unknown, expired or the user is inactive. */
export async function getSessionUser(sessionId: string, now = new Date()): Promise<SessionUser | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      timeZone: users.timeZone,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      agentId: agents.id,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(agents, eq(agents.userId, users.id))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return row ? { ...row, sessionId } : null;
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** A user's live sessions, newest first, for the admin page (ids stay on the server). */
export async function listSessionsForUser(userId: string, now = new Date()) {
  return db
    .select({
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
}

export async function deleteExpiredSessions(now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
