// npm run db:migrate: applies the committed migrations to PGLITE_DIR or DATABASE_URL.
import { withDatabase } from "./with-database";

await withDatabase("Migration", async (handle) => {
  console.log(`Migrated ${handle.kind} database at ${handle.location}`);
});
