import crypto from "node:crypto";
import { and, count, desc, eq, isNull, lt, or } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, apiTokens, organizations, users } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import { recordAudit } from "./audit.server";
import type { SessionUser } from "./session.server";

/** Active (unrevoked) tokens one user may hold at a time. */
export const MAX_ACTIVE_API_TOKENS = 10;
/** lastUsedAt is refreshed at most this often, so a busy BI tool does not cause a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const TOKEN_PREFIX = "qaw_";
// "qaw_" + 32 random bytes in base64url (43 characters, no padding).
const TOKEN_FORMAT = /^qaw_[A-Za-z0-9_-]{43}$/;
const SHOWN_PREFIX_LENGTH = 12;

/** The user behind an API token: a SessionUser without a session, plus the token's id. */
export type ApiTokenUser = Omit<SessionUser, "sessionId"> & { tokenId: string };

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export type CreateApiTokenResult =
  | { ok: true; token: string; apiToken: { id: string; name: string; prefix: string } }
  | { ok: false; reason: "limit_reached" };

/**
 * Creates a token and returns its plaintext: the only time it exists outside the caller's hands, since only
 * its sha256 is stored. Refused when the user already holds MAX_ACTIVE_API_TOKENS active tokens.
 */
export async function createApiToken(input: { userId: string; name: string }): Promise<CreateApiTokenResult> {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    // Locking the user row serialises concurrent creates, so the limit holds under double submits.
    const [owner] = await tx
      .select({ organizationId: users.organizationId })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("update");
    if (!owner) throw new Error(`createApiToken: unknown user ${input.userId}`);
    const [{ active }] = await tx
      .select({ active: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)));
    if (active >= MAX_ACTIVE_API_TOKENS) return { ok: false, reason: "limit_reached" } as const;
    const [created] = await tx
      .insert(apiTokens)
      .values({
        userId: input.userId,
        name: input.name.trim(),
        tokenHash: hashToken(token),
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      })
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
    await recordAudit(
      {
        actorUserId: input.userId,
        organizationId: owner.organizationId,
        action: "api_token.create",
        entity: "api_token",
        entityId: created.id,
        details: { name: created.name, prefix: created.prefix },
      },
      tx,
    );
    return { ok: true, token, apiToken: created } as const;
  });
}

/** A user's own tokens, newest first, revoked ones included (hashes never leave this module). */
export async function listApiTokens(userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export type RevokeApiTokenResult =
  { ok: true; name: string; alreadyRevoked: boolean } | { ok: false; reason: "not_found" };

/** Revokes one of the user's own tokens; someone else's token is "not found", a revoked one a no-op. */
export async function revokeApiToken(input: {
  userId: string;
  tokenId: string;
  now?: Date;
}): Promise<RevokeApiTokenResult> {
  if (!isUuid(input.tokenId)) return { ok: false, reason: "not_found" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select({ name: apiTokens.name, revokedAt: apiTokens.revokedAt, organizationId: users.organizationId })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.userId)))
      .for("update", { of: apiTokens });
    if (!token) return { ok: false, reason: "not_found" } as const;
    if (token.revokedAt) return { ok: true, name: token.name, alreadyRevoked: true } as const;
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, input.tokenId));
    await recordAudit(
      {
        actorUserId: input.userId,
        organizationId: token.organizationId,
        action: "api_token.revoke",
        entity: "api_token",
        entityId: input.tokenId,
        details: { name: token.name },
      },
      tx,
    );
    return { ok: true, name: token.name, alreadyRevoked: false } as const;
  });
}

/**
 * The active user behind a plaintext token, or null when the token is malformed, unknown, revoked or its
 * user is inactive. Looked up by hash through the unique index; the plaintext is never compared or stored.
 */
export async function findApiTokenUser(token: string, now = new Date()): Promise<ApiTokenUser | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
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
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(agents, eq(agents.userId, users.id))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), eq(users.active, true)))
    .limit(1);
  if (!row) return null;
  const { lastUsedAt, ...user } = row;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!lastUsedAt || lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests in the same minute write once between them.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))),
      );
  }
  return user;
}
