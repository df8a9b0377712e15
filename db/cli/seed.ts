/**
 * npm run seed -- [--interactions N] [--seed N] [--evaluations N] [--reset]
 * Migrates, imports the scorecard files, and fills an empty database with demo data.
 * --reset first empties every tenant table (scorecards stay; their versions are re-imported from files).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { formatSyncReport, syncScorecards } from "../../app/models/scorecard-sync.server";
import type { DatabaseHandle } from "../client.server";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../seed/generate";
import { isDatabaseEmpty, seedDemoData } from "../seed/seed";
import { withDatabase } from "./with-database";

const KEEP = new Set(["scorecards", "scorecard_versions"]);

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

/**
 * Empties every public table except the scorecards. TRUNCATE ... CASCADE also empties scorecard_versions
 * (it references users via published_by); TRUNCATE fires no row triggers, and the sync that follows
 * re-imports the versions from their files.
 */
async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  const result = await handle.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: { tablename: string }[] }).rows) as {
    tablename: string;
  }[];
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.replace(/"/g, '""')}"`).join(", ");
  await handle.db.execute(sql.raw(`truncate table ${list} cascade`));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      interactions: { type: "string" },
      seed: { type: "string" },
      evaluations: { type: "string" },
      reset: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("Usage: npm run seed -- [--interactions N] [--seed N] [--evaluations N] [--reset]");
    return;
  }
  const interactions = parseCount(values.interactions, "--interactions") ?? 10_000;
  const seed = parseCount(values.seed, "--seed");
  const evaluations = parseCount(values.evaluations, "--evaluations");

  const startedAll = performance.now();
  const secondsSince = (t: number) => (performance.now() - t) / 1000;
  const timings: [string, number][] = [];
  await withDatabase("Seeding", async (handle) => {
    timings.push(["open and migrate", secondsSince(startedAll)]);
    if (!(await isDatabaseEmpty())) {
      if (!values.reset) throw new Error("The database already holds data. Run with --reset to empty it first.");
      const t = performance.now();
      await resetDatabase(handle);
      timings.push(["reset", secondsSince(t)]);
      console.log(`Reset: tenant tables emptied in ${secondsSince(t).toFixed(1)} s.`);
    }
    const syncStarted = performance.now();
    const report = await syncScorecards(path.resolve("scorecards"));
    timings.push(["scorecard sync", secondsSince(syncStarted)]);
    console.log(formatSyncReport(report));

    console.log(
      `Seeding ${interactions.toLocaleString("en")} interactions (COPY for the big tables, one transaction):`,
    );
    const started = performance.now();
    let lastReport = started;
    const summary = await seedDemoData({
      interactions,
      seed,
      evaluations,
      onProgress: (done, total) => {
        if (performance.now() - lastReport < 5000 && done < total) return;
        lastReport = performance.now();
        console.log(`  interactions: ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`);
      },
      onPhase: (phase, seconds) => console.log(`  ${phase}: ${seconds.toFixed(1)} s`),
    });
    const seconds = secondsSince(started);
    timings.push(["seed", seconds]);
    console.log(`Seeded in ${seconds.toFixed(1)} s:`);
    for (const [key, value] of Object.entries(summary)) console.log(`  ${key}: ${value}`);
    console.log(
      `Total ${secondsSince(startedAll).toFixed(1)} s (${timings.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ")}).`,
    );
    console.log(
      `Sign in with any of ${DEMO_LOGINS.length} demo users (password "${DEMO_PASSWORD}"), e.g. ${DEMO_LOGINS[0].email}.`,
    );
  });
}

try {
  await main();
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
