/**
 * npm run bench:start -- [--reuse-node-modules] [--port N]
 *
 * "PGlite: first start of a fresh clone to the login page < 30 s (install time apart)."
 * Clones the committed main branch (git clone of this repository, so only what is committed) into a temporary
 * folder, installs (timed apart: `npm install --no-audit --no-fund`, or hard links of this work tree's
 * node_modules with --reuse-node-modules), then runs the README's start command, `npm start`
 * (`remix build && node server.js`), with no DATABASE_URL (PGlite under .data/pglite) and times it until
 * GET /login answers 200. Phases are read from the server's log lines as they arrive (build, open and
 * migrate, scorecard sync, demo seed, job queue, listen). Stops it with SIGTERM and times a second start
 * (reopen, no seed) the same way. Removes the clone at the end. Writes test/bench/START.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { "reuse-node-modules": { type: "boolean", default: false }, port: { type: "string" } },
});
const SOURCE = path.resolve(".");
const CLONE = path.join(os.tmpdir(), `qaw-start-${process.pid}`);
const GOAL_S = 30;
const TIMEOUT_MS = 240_000;

const load = () => os.loadavg()[0].toFixed(2);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function freePort(): Promise<number> {
  if (values.port) return Number(values.port);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The environment of someone who just cloned: none of this machine's app settings. */
function cleanEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  for (const key of [
    "DATABASE_URL",
    "PGLITE_DIR",
    "SESSION_SECRET",
    "SEED_DEMO_DATA",
    "SEED_INTERACTIONS",
    "NODE_ENV",
    "WORKERS",
    "npm_lifecycle_event",
    "npm_lifecycle_script",
  ])
    delete env[key];
  return env;
}

type Mark = { at: number; what: string };
type StartRun = { total: number; marks: Mark[]; load: string; log: string[] };

/** Log lines that end a phase, in boot order (app/utils/boot.server.ts, server.js, remix build). */
const MARKERS: [RegExp, string][] = [
  [/\[info\] built/, "remix build (npm, remix CLI start-up included)"],
  [/^Database: /, "node server.js: import the build, open the database"],
  [/^Scorecards: /, "open, migrate, scorecard sync"],
  [/^First start: seeding/, "(sync report)"],
  [/^Seeded /, "demo seed"],
  [/^KPI rollups built/, "KPI rollups"],
  [/^Job workers/, "job queue start"],
  [/listening on/, "listen"],
];

async function waitForLogin(port: number, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before /login answered`);
    if (performance.now() - started > TIMEOUT_MS) throw new Error("no /login after 240 s");
    try {
      const response = await fetch(`http://127.0.0.1:${port}/login`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<number> {
  const t = performance.now();
  process.kill(-child.pid!, "SIGTERM");
  while (groupAlive(child.pid!)) {
    if (performance.now() - t > 30_000) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error("the server did not stop within 30 s of SIGTERM");
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - t;
}

async function timeStart(port: number): Promise<StartRun & { stopMs: number }> {
  const marks: Mark[] = [];
  const log: string[] = [];
  const started = performance.now();
  // Its own process group, so SIGTERM reaches npm, sh and node together (as Ctrl-C does in a terminal).
  const child = spawn("npm", ["start"], { cwd: CLONE, env: cleanEnv(port), detached: true, stdio: "pipe" });
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      const at = performance.now() - started;
      log.push(`${seconds(at).padStart(6)} s  ${line}`);
      const marker = MARKERS.find(([re]) => re.test(line.trim()));
      if (marker && !marks.some((m) => m.what === marker[1])) marks.push({ at, what: marker[1] });
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const ready = await waitForLogin(port, child, started).catch((error) => {
    console.error(log.join("\n"));
    process.kill(-child.pid!, "SIGKILL");
    throw error;
  });
  const total = ready - started;
  const runLoad = load();
  const stopMs = await stop(child);
  return { total, marks, load: runLoad, log, stopMs };
}

function phaseRows(run: StartRun): string[] {
  const rows: string[] = [];
  let previous = 0;
  for (const mark of [...run.marks].sort((a, b) => a.at - b.at)) {
    if (mark.what === "(sync report)") continue;
    rows.push(`| ${mark.what} | ${seconds(mark.at - previous)} | ${seconds(mark.at)} |`);
    previous = mark.at;
  }
  rows.push(`| first GET /login 200 | ${seconds(run.total - previous)} | ${seconds(run.total)} |`);
  return rows;
}

async function main() {
  const loadBefore = load();
  const port = await freePort();
  const head = spawnSync("git", ["-C", SOURCE, "log", "-1", "--format=%h %s"], { encoding: "utf8" }).stdout.trim();
  fs.rmSync(CLONE, { recursive: true, force: true });
  const cloneStarted = performance.now();
  if (spawnSync("git", ["clone", "-q", SOURCE, CLONE], { stdio: "inherit" }).status !== 0)
    throw new Error("clone failed");
  const cloneMs = performance.now() - cloneStarted;
  console.log(`cloned ${head} into ${CLONE} in ${seconds(cloneMs)} s`);

  try {
    const installStarted = performance.now();
    let installHow: string;
    if (values["reuse-node-modules"]) {
      const cp = spawnSync("cp", ["-al", path.join(SOURCE, "node_modules"), path.join(CLONE, "node_modules")]);
      if (cp.status !== 0) throw new Error(`cp -al failed: ${cp.stderr}`);
      installHow = "node_modules hard-linked from the work tree (cp -al), not npm install";
    } else {
      const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
        cwd: CLONE,
        stdio: "inherit",
        env: cleanEnv(port),
      });
      if (install.status !== 0) throw new Error("npm install failed");
      installHow = "npm install --no-audit --no-fund (with the committed lockfile)";
    }
    const installMs = performance.now() - installStarted;
    console.log(`install: ${seconds(installMs)} s (${installHow}), load ${load()}`);

    const first = await timeStart(port);
    console.log(`first start: ${seconds(first.total)} s to /login 200, load ${first.load}`);
    console.log(first.log.join("\n"));
    const second = await timeStart(port);
    console.log(`second start: ${seconds(second.total)} s to /login 200, load ${second.load}`);
    console.log(second.log.join("\n"));
    const dataMb =
      Number(
        spawnSync("du", ["-sm", path.join(CLONE, ".data", "pglite")], { encoding: "utf8" }).stdout.split("\t")[0],
      ) || 0;

    const verdict = (ms: number) => (ms / 1000 < GOAL_S ? "met" : "missed");
    const table = [
      "| run | seconds to GET /login 200 | goal < 30 s | load average (1 min) at ready |",
      "|---|---:|---|---:|",
      `| install (apart from the goal) | ${seconds(installMs)} | — | — |`,
      `| first start (build, initdb, migrate, sync, seed) | ${seconds(first.total)} | ${verdict(first.total)} | ${first.load} |`,
      `| second start (build, reopen, no seed) | ${seconds(second.total)} | ${verdict(second.total)} | ${second.load} |`,
      `| ratio second / first | ${(second.total / first.total).toFixed(2)} | — | — |`,
    ].join("\n");
    const phases = (run: StartRun) =>
      ["| phase (ends at the log line) | seconds | at s |", "|---|---:|---:|", ...phaseRows(run)].join("\n");
    const report = [
      `## PGlite: fresh clone to the login page`,
      "",
      `- Machine: ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}; load average (1 min) ${loadBefore} before, ${load()} after.`,
      `- Clone of committed \`${head}\`; ${installHow}; then \`npm start\` with no DATABASE_URL (PGlite, ${dataMb} MB on disk after the runs), PORT ${port}.`,
      `- Stop on SIGTERM: ${seconds(first.stopMs)} s after the first start, ${seconds(second.stopMs)} s after the second.`,
      "",
      table,
      "",
      "First start, phases:",
      "",
      phases(first),
      "",
      "Second start, phases:",
      "",
      phases(second),
      "",
    ].join("\n");
    const out = path.resolve("test/bench/START.md");
    const previous = fs.existsSync(out)
      ? fs.readFileSync(out, "utf8")
      : "# Start-up time\n\nWritten by `npm run bench:start` (test/bench/pglite-start.bench.ts); newest first.\n\n";
    const [top, ...rest] = previous.split(/\n(?=## )/);
    const kept = rest.filter((s) => !s.startsWith("## PGlite: fresh clone to the login page"));
    fs.writeFileSync(out, [top.trimEnd(), "", report, ...kept].join("\n"));
    console.log(`\n${report}\nWritten to ${out}`);
  } finally {
    fs.rmSync(CLONE, { recursive: true, force: true });
  }
}

await main();
