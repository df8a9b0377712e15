/**
 * npm run bench:import -- [--rows N] [--small N]
 *
 * The interaction import (`npm run import`, the same code the upload job runs) against PostgreSQL's own limit:
 * psql `\copy` of the same CSV file into a bare table of text columns (no checks, no indexes, no upsert).
 * Both run on the same file in one run; the import runs in a child process so its peak memory (max RSS) is
 * measured alone, at two sizes (--small and --rows) to show whether memory grows with the file.
 *
 * Database: its own, postgres://postgres@127.0.0.1:5432/qaw_bench_import (dropped and created each run), with
 * the demo world's vendors, teams and agents so that rows resolve. Writes test/bench/IMPORT.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import postgres from "postgres";

const { values } = parseArgs({ options: { rows: { type: "string" }, small: { type: "string" } } });
const ROWS = Number(values.rows ?? 1_000_000);
const SMALL = Number(values.small ?? 100_000);
const SERVER = "postgres://postgres@127.0.0.1:5432";
const DB_NAME = "qaw_bench_import";
const DATABASE_URL = `${SERVER}/${DB_NAME}`;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-import-bench-"));
const COLUMNS = [
  "external_id",
  "channel",
  "agent_external_id",
  "vendor",
  "team",
  "queue",
  "contact_reason",
  "customer_name",
  "subject",
  "started_at",
  "ended_at",
  "handle_time_seconds",
  "first_response_seconds",
  "resolution_seconds",
  "csat",
  "nps",
  "ces",
  "fcr",
  "escalated",
  "transcript",
] as const;

async function resetDatabase(): Promise<void> {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
}

/** Migrates and inserts the demo world in a child process (the app's modules read DATABASE_URL once). */
function prepareWorld(): void {
  const script = `
    import { migrateDatabase } from "./db/migrate";
    import { getDatabase, closeDatabase } from "./db/client.server";
    import { insertDemoWorld } from "./test/fixtures/import/demo-world";
    await migrateDatabase(getDatabase());
    await insertDemoWorld();
    await closeDatabase();
  `;
  const file = path.join(process.cwd(), `.bench-import-world-${process.pid}.ts`);
  fs.writeFileSync(file, script);
  try {
    run("npx", ["tsx", file], { DATABASE_URL });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  if (result.status !== 0 && result.status !== 2) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The demo generator's interactions (realistic transcripts) as an import CSV of `rows` rows. */
async function writeCsv(file: string, rows: number): Promise<number> {
  const { generateWorld, generateInteractions } = await import("../../db/seed/generate");
  const world = generateWorld({ now: new Date() });
  const agentById = new Map(world.agents.map((a) => [a.id, a]));
  const teamById = new Map(world.teams.map((t) => [t.id, t]));
  const vendorById = new Map(world.vendors.map((v) => [v.id, v]));
  const out = fs.openSync(file, "w");
  fs.writeSync(out, `${COLUMNS.join(",")}\n`);
  let written = 0;
  for (const batch of generateInteractions(world, { count: rows, batchSize: 5_000 })) {
    const records = batch.map((i) => {
      const agent = agentById.get(i.agentId)!;
      const yesNo = (b: boolean | null | undefined) => (b == null ? "" : b ? "yes" : "no");
      return [
        `BENCH-${written++}`,
        i.channel,
        agent.externalId,
        vendorById.get(agent.vendorId)!.slug,
        teamById.get(agent.teamId)!.name,
        i.queue,
        i.contactReason,
        i.customerName ?? "",
        i.subject ?? "",
        i.startedAt.toISOString(),
        i.endedAt.toISOString(),
        i.handleTimeSeconds ?? "",
        i.firstResponseSeconds ?? "",
        i.resolutionSeconds ?? "",
        i.csat ?? "",
        i.nps ?? "",
        i.ces ?? "",
        yesNo(i.fcr),
        yesNo(i.escalated),
        JSON.stringify(i.transcript ?? []),
      ];
    });
    fs.writeSync(out, stringify(records));
  }
  fs.closeSync(out);
  return fs.statSync(file).size;
}

type Measured = { rows: number; seconds: number; maxRssMb: number | null };

/** `npm run import` on the file, timed, with the child's peak memory from GNU time. */
function timeImport(file: string, rows: number): Measured {
  const timeOut = path.join(WORK, "time.txt");
  const started = performance.now();
  const result = run("/usr/bin/time", ["-f", "%M", "-o", timeOut, "npx", "tsx", "db/cli/import.ts", file], {
    DATABASE_URL,
  });
  const wall = (performance.now() - started) / 1000;
  // The import's own time (the CLI reports it), without the child's start-up; the wall time as a check.
  const own = /completed in ([\d.]+) s/.exec(result.stdout);
  const seconds = own ? Number(own[1]) : wall;
  if (!/inserted:\s+[\d,]+/.test(result.stdout)) throw new Error(`unexpected import output:\n${result.stdout}`);
  const inserted = Number(/inserted:\s+([\d,]+)/.exec(result.stdout)![1].replace(/,/g, ""));
  if (inserted !== rows) throw new Error(`the import inserted ${inserted} of ${rows} rows:\n${result.stdout}`);
  const kb = Number(fs.readFileSync(timeOut, "utf8").trim().split("\n").pop());
  return { rows, seconds, maxRssMb: Number.isFinite(kb) ? kb / 1024 : null };
}

/** psql \copy of the same file into a bare table of text columns: the database's own ingest rate. */
function timeCopy(file: string, rows: number): Measured {
  const table = `bare_copy_${rows}`;
  run("psql", [DATABASE_URL, "-qc", `create table ${table} (${COLUMNS.map((c) => `${c} text`).join(", ")})`]);
  const started = performance.now();
  run("psql", [DATABASE_URL, "-qc", `\\copy ${table} from '${file}' with (format csv, header true)`]);
  const seconds = (performance.now() - started) / 1000;
  const count = run("psql", [DATABASE_URL, "-tAc", `select count(*) from ${table}`]).stdout.trim();
  if (Number(count) !== rows) throw new Error(`\\copy loaded ${count} of ${rows} rows`);
  run("psql", [DATABASE_URL, "-qc", `drop table ${table}`]);
  return { rows, seconds, maxRssMb: null };
}

async function main(): Promise<void> {
  const load = () => os.loadavg()[0].toFixed(2);
  const loadBefore = load();
  await resetDatabase();
  prepareWorld();
  const lines: string[] = [];
  const results: { size: number; mb: number; ours: Measured; copy: Measured }[] = [];
  for (const size of [SMALL, ROWS]) {
    // Each size into an empty interactions table: the small run's rows would make the large one an update.
    if (results.length > 0) {
      run("psql", [DATABASE_URL, "-qc", "truncate interactions, import_batches cascade"]);
      run("npx", ["tsx", "db/cli/rebuild-rollups.ts"], { DATABASE_URL });
    }
    const file = path.join(WORK, `interactions-${size}.csv`);
    const bytes = await writeCsv(file, size);
    console.log(`${size.toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(0)} MB: importing`);
    const ours = timeImport(file, size);
    console.log(`  import ${ours.seconds.toFixed(1)} s; \\copy`);
    const copy = timeCopy(file, size);
    results.push({ size, mb: bytes / 1e6, ours, copy });
    fs.rmSync(file, { force: true });
  }
  const rate = (m: Measured) => m.rows / m.seconds;
  lines.push(
    `node ${process.version}, ${os.cpus().length} cores, PostgreSQL on 127.0.0.1; ${new Date().toISOString().slice(0, 10)}`,
    `load average (1 min): ${loadBefore} before, ${load()} after`,
    "| rows | file MB | import s | import rows/s | \\copy s | \\copy rows/s | ratio | import peak RSS MB |",
    "| ---- | ------- | -------- | ------------- | ------- | ------------ | ----- | ----------------- |",
    ...results.map(
      (r) =>
        `| ${r.size.toLocaleString("en")} | ${r.mb.toFixed(0)} | ${r.ours.seconds.toFixed(1)} | ${Math.round(rate(r.ours)).toLocaleString("en")} | ${r.copy.seconds.toFixed(1)} | ${Math.round(rate(r.copy)).toLocaleString("en")} | ${(rate(r.ours) / rate(r.copy)).toFixed(2)} | ${r.ours.maxRssMb?.toFixed(0) ?? "?"} |`,
    ),
  );
  const big = results[results.length - 1];
  const ratio = rate(big.ours) / rate(big.copy);
  const growth = (big.ours.maxRssMb ?? 0) - (results[0].ours.maxRssMb ?? 0);
  lines.push(
    `goal >= 0.5x \\copy rows/s: ${ratio >= 0.5 ? "met" : "missed"} (${ratio.toFixed(2)}x); peak memory ${growth <= 100 ? "flat" : "grows"} (${growth.toFixed(0)} MB more at ${big.size.toLocaleString("en")} rows than at ${results[0].size.toLocaleString("en")})`,
  );
  const table = lines.join("\n");
  console.log(table);
  const out = path.resolve("test/bench/IMPORT.md");
  const header =
    "# Interaction import against psql \\copy\n\nWritten by `npm run bench:import` (test/bench/import.bench.ts).\n\n";
  fs.writeFileSync(out, `${header}\`\`\`\n${table}\n\`\`\`\n`);
  fs.rmSync(WORK, { recursive: true, force: true });
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.end();
}

await main();
