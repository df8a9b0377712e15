import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * The exact text of a timestamptz (UTC, to the microsecond) for a page cursor: a JS Date would round to
 * milliseconds, and the next page's `(sort, id) > (cursor)` would then repeat or skip rows.
 */
export function instantText(column: PgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** `(instant, id) > (cursor)` (or `<` for newest-first lists), the keyset condition of the next page. */
export function afterInstantId(
  instant: PgColumn,
  id: PgColumn,
  cursor: readonly [string, string] | undefined,
  direction: "asc" | "desc" = "asc",
): SQL | undefined {
  if (!cursor) return undefined;
  const op = direction === "asc" ? sql.raw(">") : sql.raw("<");
  return sql`(${instant}, ${id}) ${op} (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`;
}
