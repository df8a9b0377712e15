/**
 * npm run import -- <file> [--dry-run] [--source NAME]
 * Imports interactions from a CSV or JSON Lines file (format in README, "Importing interactions").
 * Exit codes: 0 imported, 2 imported but some rows were rejected, 1 the file was refused or the run failed.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { importFileFromPath } from "../../app/models/interaction-import-read.server";
import {
  importInteractions,
  MAX_STORED_ERRORS,
  type ImportProgress,
  type ImportSummary,
} from "../../app/models/interaction-import.server";
import { withDatabase } from "./with-database";

const USAGE = "Usage: npm run import -- <file.csv|file.jsonl> [--dry-run] [--source NAME]";
const number = (n: number) => n.toLocaleString("en");

function progressPrinter(totalBytes: number) {
  let last = performance.now();
  return (p: ImportProgress) => {
    const now = performance.now();
    if (now - last < 2000) return;
    last = now;
    const share = totalBytes > 0 ? ` (${Math.round((100 * p.bytes) / totalBytes)}%)` : "";
    console.log(`  ${p.phase}: ${number(p.rows)} rows${share}`);
  };
}

function printSummary(s: ImportSummary): void {
  const would = s.dryRun ? "would be " : "";
  if (s.status === "failed") {
    console.error(`The file was refused; nothing was ${s.dryRun ? "checked" : "imported"}.`);
    console.error(`  ${s.failure}`);
    return;
  }
  console.log(`${s.dryRun ? "Dry run" : "Import"} completed in ${s.seconds.toFixed(1)} s (batch ${s.batchId}):`);
  const line = (label: string, n: number) => console.log(`  ${`${label}:`.padEnd(22)}${number(n).padStart(10)}`);
  line("rows read", s.rowsRead);
  line(`${would}inserted`, s.inserted);
  line(`${would}updated`, s.updated);
  line("unchanged", s.unchanged);
  line("rejected", s.rejected);
  if (!s.dryRun && s.inserted + s.updated === 0 && s.unchanged > 0)
    console.log(`Nothing changed: all ${number(s.unchanged)} valid rows were already imported with the same content.`);
  if (s.errorCount > 0) {
    console.log(`Row errors (${number(s.errorCount)}; the first ${number(s.firstErrors.length)}):`);
    for (const e of s.firstErrors) console.log(`  row ${e.row}${e.column ? `, ${e.column}` : ""}: ${e.message}`);
    if (s.errorCount > MAX_STORED_ERRORS) console.log(`Only the first ${number(MAX_STORED_ERRORS)} errors are stored.`);
    console.log(`All stored errors: /imports/${s.batchId} in the app, or its errors.csv.`);
  }
  if (s.dryRun) console.log("Nothing was written. Run again without --dry-run to import.");
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      source: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (positionals.length !== 1) {
    console.error(USAGE);
    process.exitCode = 1;
    return;
  }
  const filePath = path.resolve(positionals[0]);
  if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) {
    console.error(`Import failed: no file at ${filePath}`);
    process.exitCode = 1;
    return;
  }
  const source = values.source?.trim();
  if (values.source !== undefined && (!source || source.length > 100)) {
    console.error("Import failed: --source must be 1 to 100 characters.");
    process.exitCode = 1;
    return;
  }

  await withDatabase("Import", async () => {
    const size = fs.statSync(filePath).size;
    console.log(`${values["dry-run"] ? "Checking" : "Importing"} ${path.basename(filePath)} (${number(size)} bytes)`);
    const summary = await importInteractions({
      file: importFileFromPath(filePath),
      dryRun: values["dry-run"],
      defaultSource: source,
      startedBy: null,
      onProgress: progressPrinter(size),
    });
    printSummary(summary);
    if (summary.status === "failed") return false;
    if (summary.rejected > 0) process.exitCode = 2;
  });
}

try {
  await main();
} catch (error) {
  console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
