import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { db, getDatabase } from "../../db/client.server";

// The postgres.js client prepares every statement (db/client.server.ts, preparing) so that statements
// pipeline in one round trip each; inside transactions too, which is where the submit pipelines. PGlite
// has no wire protocol to save, so this runs on PostgreSQL only (the CI's PostgreSQL pass).
it.runIf(getDatabase().kind === "postgres")(
  "prepares drizzle's statements on PostgreSQL, inside transactions, with custom plans",
  async () => {
    const marker = `prepared-${Date.now()}`;
    const seen = await db.transaction(async (tx) => {
      await tx.execute(sql`select ${marker}::text as marker`);
      return tx.execute<{ statement: string }>(
        sql`select statement from pg_prepared_statements where statement like ${"%::text as marker%"}`,
      );
    });
    const rows = (Array.isArray(seen) ? seen : (seen as { rows: { statement: string }[] }).rows) as {
      statement: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const [mode] = (await db.execute<{ plan_cache_mode: string }>(sql`show plan_cache_mode`)) as unknown as {
      plan_cache_mode: string;
    }[];
    expect(mode.plan_cache_mode).toBe("force_custom_plan");
  },
);
