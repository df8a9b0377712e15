import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DatabaseHandle } from "./client.server";

export const migrationsFolder = path.resolve(process.cwd(), "db", "migrations");

// Several app servers may start at once against one PostgreSQL: serialise them with an advisory lock.
const MIGRATION_LOCK = 727_001;

/** Applies the committed SQL migrations in db/migrations (the same files on PGlite and PostgreSQL). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await migratePostgres(handle.db as never, { migrationsFolder });
  } finally {
    await handle.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}
