import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { loginFailures } from "../../db/schema";

// Per account: 5 failures in 15 minutes; per IP: 30 (an office behind one NAT shares an address).
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export function throttleKeys(email: string, ip: string | null) {
  return { account: `email:${email.trim().toLowerCase()}`, ip: ip ? `ip:${ip}` : null };
}

async function countRecent(key: string, now: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, new Date(now.getTime() - THROTTLE_WINDOW_MS))));
  return Number(row?.n ?? 0);
}

/** True when the account or the IP has failed too often recently. */
export async function isLoginThrottled(email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const keys = throttleKeys(email, ip);
  if ((await countRecent(keys.account, now)) >= MAX_FAILURES_PER_ACCOUNT) return true;
  return keys.ip !== null && (await countRecent(keys.ip, now)) >= MAX_FAILURES_PER_IP;
}

export async function recordLoginFailure(email: string, ip: string | null, now = new Date()): Promise<void> {
  const keys = throttleKeys(email, ip);
  const rows = [{ key: keys.account, at: now }];
  if (keys.ip) rows.push({ key: keys.ip, at: now });
  await db.insert(loginFailures).values(rows);
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - THROTTLE_WINDOW_MS)));
}

/** A successful login clears the account's failures (not the IP's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await db.delete(loginFailures).where(inArray(loginFailures.key, [throttleKeys(email, null).account]));
}
