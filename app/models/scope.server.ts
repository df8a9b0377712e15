import { eq, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Scope } from "~/domain/permissions";

/**
 * The filter every tenant query adds: nothing for client users, their vendor for vendor users, and their
 * own agent record for agent-role users. Returns undefined when nothing needs filtering (drizzle's `and`
 * skips undefined).
 */
export function scopeFilter(scope: Scope, columns: { vendorId: PgColumn; agentId?: PgColumn }): SQL | undefined {
  if (scope.kind === "client") return undefined;
  const vendor = eq(columns.vendorId, scope.vendorId);
  if (scope.agentId === null) return vendor;
  if (!columns.agentId) throw new Error("agent-scoped users need an agent column to filter on");
  return eq(columns.agentId, scope.agentId);
}
