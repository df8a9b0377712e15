/**
 * npm run bench:submit -- [--reviewers N] [--per-reviewer N] [--interactions N] [--port N] [--profile]
 *
 * "Evaluation submit with 50 concurrent reviewers over HTTP on loopback: throughput and p50/p95/p99; goal
 * >= 300 submissions/s, p95 <= 100 ms, 0 errors, each stored once."
 *
 * 1. Its own database, postgres://postgres@127.0.0.1:5432/qaw_bench_submit (dropped with force and created),
 *    seeded small (db/cli/seed.ts --interactions 20000); `remix build`; the real server (`node server.js`,
 *    NODE_ENV=production, its default pool of DATABASE_POOL_SIZE=10 connections) on a free port.
 * 2. N client QA specialists (50), each with a server-side session (createSession + the signed cookie) and
 *    2 x per-reviewer (2 x 40) pending assignments on interactions nobody had assigned or scored.
 * 3. Each reviewer loads the scoring page's loader data once (the fields and the lock version a browser
 *    gets; warms the server), then the measured run: one worker per reviewer posts its first per-reviewer
 *    assignments one after another, as the scoring form does (answer.<key>, rootCause.<key> for a miss,
 *    intent=submit, lockVersion, Origin = the app's origin). Success is the action's redirect to the evaluation.
 * 4. Checks in the database that every assignment has exactly one submitted evaluation and that their
 *    number equals the successful requests.
 * 5. In the same run, two references on the same data, same concurrency and count:
 *    - the same model function the action calls (saveAssignmentEvaluation) in this process, no HTTP, on the
 *      second half of the assignments, a pool of the same size as the server's;
 *    - baseline: the bare SQL of the stored rows (insert one evaluation and its answers in a transaction),
 *      over 50 connections.
 * While the HTTP run goes, samples pg_stat_activity (what the server's connections wait on) and reads the
 * server's CPU time from /proc; --profile starts the server with --cpu-prof and lists where its CPU went.
 * Writes the section "## Evaluation submit, 50 concurrent reviewers" of test/bench/SUBMIT.md. Stops the
 * server and drops the database at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";

const { values } = parseArgs({
  options: {
    reviewers: { type: "string" },
    "per-reviewer": { type: "string" },
    interactions: { type: "string" },
    port: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const REVIEWERS = Number(values.reviewers ?? 50);
const PER_REVIEWER = Number(values["per-reviewer"] ?? 40);
const INTERACTIONS = Number(values.interactions ?? 20_000);
const SERVER = "postgres://postgres@127.0.0.1:5432";
const DB_NAME = "qaw_bench_submit";
const DATABASE_URL = `${SERVER}/${DB_NAME}`;
const SECTION = "## Evaluation submit, 50 concurrent reviewers";
const GOALS = { throughput: 300, p95: 100 };

// The app's modules read these when first used (db/client.server.ts opens lazily).
process.env.DATABASE_URL = DATABASE_URL;
process.env.SESSION_SECRET = crypto.randomBytes(24).toString("hex");
delete process.env.VITEST;

const { closeDatabase, db } = await import("../../db/client.server");
const { assignments, evaluations, interactions, organizations, scorecardVersions, scorecards, users } =
  await import("../../db/schema");
const { SCORECARD_BY_CHANNEL } = await import("../../db/seed/evaluations");
const { createSession } = await import("../../app/models/session.server");
const { commitSessionId } = await import("../../app/utils/session.server");
const { saveAssignmentEvaluation } = await import("../../app/models/evaluation-write.server");
const { scopeFor } = await import("../../app/domain/permissions");
const { listCriteria, scaleRange, isMet } = await import("../../app/domain/scorecard-definition");
type ScorecardDefinition = import("../../app/domain/scorecard-definition").ScorecardDefinition;
type AnswerEntries = import("../../app/domain/evaluation-answers").AnswerEntries;

const loadAvg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");
const load1 = () => os.loadavg()[0].toFixed(2);
const secondsSince = (t: number) => (performance.now() - t) / 1000;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status})`);
}

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

async function resetDatabase(drop: boolean): Promise<void> {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  if (!drop) await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
}

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];

type RunResult = {
  name: string;
  count: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  load: string;
};

/** Runs one worker per list, each doing its jobs one after another; times every job. */
async function runWorkers<J>(
  name: string,
  lists: J[][],
  job: (j: J) => Promise<string>, // returns "ok" or an error label
): Promise<RunResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    lists.map(async (list) => {
      for (const j of list) {
        const t = performance.now();
        let label: string;
        try {
          label = await job(j);
        } catch (error) {
          label = `exception: ${(error as Error).message.slice(0, 80)}`;
        }
        latencies.push(performance.now() - t);
        statuses[label] = (statuses[label] ?? 0) + 1;
        if (label.startsWith("ok")) ok++;
      }
    }),
  );
  const seconds = secondsSince(started);
  const sorted = latencies.sort((a, b) => a - b);
  const count = latencies.length;
  return {
    name,
    count,
    ok,
    errors: count - ok,
    statuses,
    seconds,
    perSecond: ok / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    load: load1(),
  };
}

/** A deterministic mix of answers: mostly met, some misses (with a root cause), some N/A where allowed. */
function makeEntries(def: ScorecardDefinition, seed: number): AnswerEntries {
  let s = seed >>> 0 || 1;
  const random = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const entries: AnswerEntries = {};
  for (const criterion of listCriteria(def)) {
    const { min, max } = scaleRange(criterion.scale);
    const r = random();
    if (r < 0.85) entries[criterion.key] = { value: max, comment: "", rootCause: null };
    else if (r < 0.9 && criterion.naAllowed) entries[criterion.key] = { value: "na", comment: "", rootCause: null };
    else {
      const miss = !isMet(criterion, min);
      entries[criterion.key] = {
        value: min,
        comment: miss ? "Missed in the bench." : "",
        rootCause: miss ? (criterion.rootCauses[0] ?? null) : null,
      };
    }
  }
  return entries;
}

/** The scoring form's fields for these entries (app/utils/evaluation-form.server.ts reads them). */
function formBody(entries: AnswerEntries, lockVersion: number): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, e] of Object.entries(entries)) {
    body.set(`answer.${key}`, e.value === null ? "" : String(e.value));
    if (e.comment) body.set(`comment.${key}`, e.comment);
    if (e.rootCause) body.set(`rootCause.${key}`, e.rootCause);
  }
  body.set("lockVersion", String(lockVersion));
  body.set("intent", "submit");
  return body;
}

function cpuSecondsOf(pid: number): number {
  // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startServer(port: number, profileDir: string | null): Promise<{ child: ChildProcess; log: string[] }> {
  const log: string[] = [];
  const args = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "server.js"];
  const child = spawn("node", args, {
    env: {
      ...process.env,
      DATABASE_URL,
      NODE_ENV: "production",
      PORT: String(port),
      SEED_DEMO_DATA: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => log.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.join("\n")}`);
    if (secondsSince(started) > 120) throw new Error(`server not answering after 120 s:\n${log.join("\n")}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/login`);
      await response.arrayBuffer();
      if (response.status === 200) return { child, log };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Self time per package (node_modules/<name>, the app's build, node internals) and per function. */
function summariseProfile(dir: string): {
  byArea: [string, number][];
  byFunction: [string, number][];
  totalMs: number;
} {
  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return { byArea: [], byFunction: [], totalMs: 0 };
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
    nodes: Node[];
    startTime: number;
    endTime: number;
    samples: number[];
  };
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / Math.max(1, profile.samples.length);
  const area = (url: string, fn: string) => {
    if (!url) return fn.startsWith("(") ? fn : "(native/V8)";
    const nm = url.lastIndexOf("node_modules/");
    if (nm >= 0) {
      const rest = url.slice(nm + 13).split("/");
      return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    if (url.startsWith("node:")) return "node internals";
    if (url.includes("/build/")) return "app (build/index.js)";
    return path.basename(url);
  };
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerSample;
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const a = area(url, functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
    const f = `${functionName || "(anonymous)"} ${a}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, n);
  return { byArea: top(byArea, 12), byFunction: top(byFunction, 15), totalMs };
}

async function main() {
  const started = new Date();
  const loadStart = loadAvg();
  console.log(`node ${process.version}, ${os.cpus().length} cores, load ${loadStart}`);
  const phase = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const result = await work();
    console.log(`${label}: ${secondsSince(t).toFixed(1)} s (load ${load1()})`);
    return result;
  };

  await phase("database dropped and created", () => resetDatabase(false));
  await phase(`seed (${INTERACTIONS.toLocaleString("en")} interactions)`, () =>
    run("npx", ["tsx", "db/cli/seed.ts", "--interactions", String(INTERACTIONS)], { ...process.env, DATABASE_URL }),
  );
  await phase("remix build", () => run("npx", ["remix", "build"]));

  // Reviewers: client QA specialists (they may score every vendor), one session each.
  const { reviewerIds, cookies, httpJobs, modelJobs, definitions } = await phase(
    "reviewers and assignments",
    async () => {
      const [client] = await db.select().from(organizations).where(eq(organizations.kind, "client"));
      const tag = crypto.randomBytes(3).toString("hex");
      const created = await db
        .insert(users)
        .values(
          Array.from({ length: REVIEWERS }, (_, i) => ({
            organizationId: client.id,
            email: `bench-reviewer-${tag}-${i + 1}@${client.slug}.example`,
            name: `Bench Reviewer ${i + 1}`,
            role: "qa_specialist" as const,
            // Never signs in with a password: sessions are made directly, so no argon2 hash is needed.
            passwordHash: "bench-no-login",
          })),
        )
        .returning({ id: users.id });
      const reviewerIds = created.map((u) => u.id);
      const cookies: string[] = [];
      for (const userId of reviewerIds) {
        const sessionId = await createSession({ userId, ip: "127.0.0.1", userAgent: "bench" });
        cookies.push((await commitSessionId(new Request("http://127.0.0.1/"), sessionId)).split(";")[0]);
      }

      const versions = await db
        .select({
          id: scorecardVersions.id,
          slug: scorecards.slug,
          number: scorecardVersions.number,
          definition: scorecardVersions.definition,
        })
        .from(scorecardVersions)
        .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
        .where(eq(scorecardVersions.status, "published"));
      const latest = new Map<string, { id: string; definition: ScorecardDefinition; number: number }>();
      for (const v of versions)
        if ((latest.get(v.slug)?.number ?? 0) < v.number)
          latest.set(v.slug, { id: v.id, number: v.number, definition: v.definition as ScorecardDefinition });
      const definitions = new Map([...latest.values()].map((v) => [v.id, v.definition]));

      const needed = 2 * REVIEWERS * PER_REVIEWER;
      const free = await db
        .select({
          id: interactions.id,
          channel: interactions.channel,
          vendorId: interactions.vendorId,
          agentId: interactions.agentId,
        })
        .from(interactions)
        .where(
          sql`not exists (select 1 from ${assignments} a where a.interaction_id = ${interactions.id})
          and not exists (select 1 from ${evaluations} e where e.interaction_id = ${interactions.id})`,
        )
        .orderBy(interactions.id)
        .limit(needed);
      if (free.length < needed) throw new Error(`only ${free.length} free interactions, need ${needed}`);
      const rows = free.map((i, n) => ({
        interactionId: i.id,
        reviewerId: reviewerIds[n % REVIEWERS],
        scorecardVersionId: latest.get(SCORECARD_BY_CHANNEL[i.channel])!.id,
        vendorId: i.vendorId,
        agentId: i.agentId,
        dueAt: new Date(Date.now() + 3 * 86_400_000),
      }));
      const inserted: { id: string; reviewerId: string; scorecardVersionId: string }[] = [];
      for (let k = 0; k < rows.length; k += 1000)
        inserted.push(
          ...(await db
            .insert(assignments)
            .values(rows.slice(k, k + 1000))
            .returning({
              id: assignments.id,
              reviewerId: assignments.reviewerId,
              scorecardVersionId: assignments.scorecardVersionId,
            })),
        );
      type Job = { reviewer: number; assignmentId: string; versionId: string; seed: number };
      const httpJobs: Job[][] = reviewerIds.map(() => []);
      const modelJobs: Job[][] = reviewerIds.map(() => []);
      inserted.forEach((a, n) => {
        const reviewer = reviewerIds.indexOf(a.reviewerId);
        const job = { reviewer, assignmentId: a.id, versionId: a.scorecardVersionId, seed: n + 1 };
        (httpJobs[reviewer].length < PER_REVIEWER ? httpJobs[reviewer] : modelJobs[reviewer]).push(job);
      });
      return { reviewerIds, cookies, httpJobs, modelJobs, definitions };
    },
  );
  const criteriaPerVersion = [...definitions.values()].map((d) => listCriteria(d).length);

  // This process's own pool closes so that only the server's connections show in pg_stat_activity.
  await closeDatabase();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const profileDir = values.profile ? fs.mkdtempSync(path.join(os.tmpdir(), "qaw-submit-prof-")) : null;
  const { child, log } = await phase(`server up on ${origin}${profileDir ? " (--cpu-prof)" : ""}`, () =>
    startServer(port, profileDir),
  );

  const watcher = postgres(DATABASE_URL, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: "bench-watcher" },
  });
  let result: RunResult;
  let modelResult: RunResult;
  let baseline: RunResult;
  const waits = new Map<string, number>();
  let samples = 0;
  let serverCpu = 0;
  let dbStats: Record<string, number> = {};
  let benchCpuMs = 0;
  let verify = { submittedEvaluations: 0, assignmentsSubmitted: 0, duplicates: 0, missing: 0 };
  try {
    // Each reviewer opens its first assignment's scoring page data once: the fields and lock version the
    // form posts come from here (and the server gets warm).
    await phase("scoring page data loaded once per reviewer (warm-up)", () =>
      Promise.all(
        httpJobs.map(async (jobs, r) => {
          const first = jobs[0];
          const response = await fetch(`${origin}/queue/${first.assignmentId}?_data=routes%2Fqueue.%24assignmentId`, {
            headers: { Cookie: cookies[r] },
          });
          if (response.status !== 200)
            throw new Error(`scoring page data: ${response.status} ${await response.text()}`);
          const data = (await response.json()) as {
            definition: ScorecardDefinition;
            evaluation: { lockVersion: number } | null;
          };
          const fromPage = listCriteria(data.definition)
            .map((c) => c.key)
            .join();
          const ours = listCriteria(definitions.get(first.versionId)!)
            .map((c) => c.key)
            .join();
          if (fromPage !== ours || (data.evaluation?.lockVersion ?? 0) !== 0)
            throw new Error("the scoring page's criteria or lock version differ from what the bench would post");
        }),
      ),
    );

    // What the server's database connections are doing, sampled every 50 ms during the HTTP run.
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await watcher<{ app: string; state: string; wait: string }[]>`
          select application_name as app, state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') as wait
          from pg_stat_activity
          where datname = ${DB_NAME} and application_name <> 'bench-watcher' and pid <> pg_backend_pid()
            and backend_type = 'client backend'`;
        samples++;
        for (const row of rows) {
          const key = `${row.app || "?"} ${row.state === "active" ? `active, ${row.wait}` : row.state}`;
          waits.set(key, (waits.get(key) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const readDbStats = async () => {
      const [row] = await watcher<Record<string, string>[]>`
        select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched, deadlocks
        from pg_stat_database where datname = ${DB_NAME}`;
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
    };
    await new Promise((r) => setTimeout(r, 1200));
    const statsBefore = await readDbStats();
    const cpuBefore = cpuSecondsOf(child.pid!);
    const benchCpuBefore = process.cpuUsage();

    result = await phase(`HTTP: ${REVIEWERS} reviewers x ${PER_REVIEWER} submissions`, () =>
      runWorkers("HTTP POST /queue/:assignmentId (server.js)", httpJobs, async (job) => {
        const entries = makeEntries(definitions.get(job.versionId)!, job.seed);
        const response = await fetch(`${origin}/queue/${job.assignmentId}`, {
          method: "POST",
          body: formBody(entries, 0),
          headers: { Cookie: cookies[job.reviewer], Origin: origin },
          redirect: "manual",
        });
        await response.arrayBuffer();
        const location = response.headers.get("location") ?? "";
        if ((response.status === 302 || response.status === 303) && location.startsWith("/evaluations/"))
          return `ok: ${response.status} to /evaluations/:id`;
        return `${response.status}${location ? ` to ${location}` : ""}`;
      }),
    );
    serverCpu = cpuSecondsOf(child.pid!) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
    sampling = false;
    await sampler;
    await new Promise((r) => setTimeout(r, 1200)); // statistics are flushed at most once a second
    const statsAfter = await readDbStats();
    dbStats = Object.fromEntries(Object.keys(statsAfter).map((k) => [k, statsAfter[k] - statsBefore[k]]));

    const httpIds = httpJobs.flat().map((j) => j.assignmentId);
    const counted = await watcher<{ submitted: number; assignments: number; duplicates: number; missing: number }[]>`
      with per as (
        select a.id, a.status, count(e.id) filter (where e.status = 'submitted') as n
        from assignments a left join evaluations e on e.assignment_id = a.id
        where a.id = any(${httpIds}::uuid[]) group by a.id, a.status
      )
      select coalesce(sum(n), 0)::int as submitted,
        (count(*) filter (where status = 'submitted'))::int as assignments,
        (count(*) filter (where n > 1))::int as duplicates,
        (count(*) filter (where n = 0))::int as missing
      from per`;
    verify = {
      submittedEvaluations: counted[0].submitted,
      assignmentsSubmitted: counted[0].assignments,
      duplicates: counted[0].duplicates,
      missing: counted[0].missing,
    };
  } finally {
    await stopServer(child);
  }
  const profile = profileDir ? summariseProfile(profileDir) : null;
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });

  // Reference: the action's model function in this process, same concurrency, no HTTP, no Remix.
  const reviewerRows = await db.select().from(users).where(inArray(users.id, reviewerIds));
  const clientKind = await db.select({ id: organizations.id, kind: organizations.kind }).from(organizations);
  const kindOf = new Map(clientKind.map((o) => [o.id, o.kind]));
  const scopes = new Map(
    reviewerRows.map((u) => [
      u.id,
      scopeFor({
        role: u.role,
        organizationId: u.organizationId,
        organizationKind: kindOf.get(u.organizationId)!,
        agentId: null,
      }),
    ]),
  );
  modelResult = await phase("model function in process", () =>
    runWorkers("saveAssignmentEvaluation in process (pool of 10)", modelJobs, async (job) => {
      const reviewerId = reviewerIds[job.reviewer];
      const saved = await saveAssignmentEvaluation({
        scope: scopes.get(reviewerId)!,
        reviewerId,
        assignmentId: job.assignmentId,
        entries: makeEntries(definitions.get(job.versionId)!, job.seed),
        expectedLockVersion: 0,
        submit: true,
      });
      return saved.ok && saved.status === "submitted" ? "ok" : `refused: ${saved.ok ? saved.status : saved.reason}`;
    }),
  );

  // Baseline: the bare writes (one evaluation and its answers in a transaction), 50 connections.
  const jobsInfo = await db
    .select({
      id: assignments.id,
      interactionId: assignments.interactionId,
      vendorId: assignments.vendorId,
      agentId: assignments.agentId,
    })
    .from(assignments)
    .where(and(inArray(assignments.reviewerId, reviewerIds), eq(assignments.status, "submitted")));
  const info = new Map(jobsInfo.map((j) => [j.id, j]));
  const raw = postgres(DATABASE_URL, { max: REVIEWERS, onnotice: () => {} });
  await raw`select 1`;
  baseline = await phase("baseline: bare SQL inserts", () =>
    runWorkers("baseline: insert evaluation + answers, one transaction (50 connections)", httpJobs, async (job) => {
      const a = info.get(job.assignmentId)!;
      const entries = makeEntries(definitions.get(job.versionId)!, job.seed);
      const def = definitions.get(job.versionId)!;
      await raw.begin(async (tx) => {
        const now = new Date();
        const [e] = await tx`
          insert into evaluations (interaction_id, scorecard_version_id, reviewer_id, vendor_id, agent_id, kind, status,
            raw_score, final_score, passed, critical_failed, lock_version, submitted_at, created_at, updated_at)
          values (${a.interactionId}, ${job.versionId}, ${reviewerIds[job.reviewer]}, ${a.vendorId}, ${a.agentId},
            'standard', 'submitted', 90, 90, true, false, 1, ${now}, ${now}, ${now})
          returning id`;
        const answers = listCriteria(def).map((c) => {
          const v = entries[c.key].value;
          return {
            evaluation_id: e.id as string,
            criterion_key: c.key,
            value: typeof v === "number" ? v : null,
            na: v === "na",
            met: typeof v === "number" ? isMet(c, v) : null,
            comment: entries[c.key].comment || null,
            root_cause: entries[c.key].rootCause,
          };
        });
        await tx`insert into evaluation_answers ${tx(answers)}`;
      });
      return "ok";
    }),
  );
  await raw.end();
  await watcher.end();
  await closeDatabase();
  await phase("database dropped", () => resetDatabase(true));

  // Report.
  const r = result!;
  const ms = (n: number) => n.toFixed(1);
  const stored = verify.duplicates === 0 && verify.missing === r.count - r.ok && verify.submittedEvaluations === r.ok;
  const goal = (met: boolean) => (met ? "met" : "missed");
  const line = (x: RunResult) =>
    `| ${x.name} | ${x.count.toLocaleString("en")} | ${x.seconds.toFixed(1)} | ${x.perSecond.toFixed(0)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${ms(x.max)} | ${x.errors} | ${x.load} |`;
  const table = [
    "| run | submissions | seconds | submissions/s | p50 ms | p95 ms | p99 ms | max ms | errors | load (1 min) after |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    line(r),
    line(modelResult!),
    line(baseline!),
  ].join("\n");
  const ratio = (b: RunResult) => `${(b.perSecond / r.perSecond).toFixed(1)}x`;
  const perSubmit = (k: string) => ((dbStats[k] ?? 0) / Math.max(1, r.ok)).toFixed(1);
  const totalSamples = [...waits.values()].reduce((a, b) => a + b, 0);
  const waitLine = [...waits.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / Math.max(1, samples)).toFixed(1)}`)
    .join("; ");
  const statusLine = Object.entries(r.statuses)
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");
  const heading = values.profile ? `${SECTION} (server under --cpu-prof)` : SECTION;
  const report = [
    heading,
    "",
    `- Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${started.toISOString()}; load average (1/5/15 min) ${loadStart} at the start, ${loadAvg()} at the end. Other work was running on the machine.`,
    `- Data: own database ${DB_NAME} (PostgreSQL, dropped afterwards), seeded with ${INTERACTIONS.toLocaleString("en")} interactions; ${REVIEWERS} client QA specialists with ${PER_REVIEWER} pending assignments each per run (scorecards of ${criteriaPerVersion.join("/")} criteria); server \`node server.js\`, NODE_ENV=production, pool of ${process.env.DATABASE_POOL_SIZE ?? 10} connections${values.profile ? ", **with --cpu-prof (slower)**" : ""}.`,
    `- Command: \`npm run bench:submit${values.profile ? " -- --profile" : ""}\`. One worker per reviewer posts the scoring form (intent=submit) for its assignments one after another over loopback (fetch, keep-alive); success is the action's redirect to the evaluation.`,
    "",
    table,
    "",
    `Goals (HTTP run): >= ${GOALS.throughput} submissions/s ${goal(r.perSecond >= GOALS.throughput)} (${r.perSecond.toFixed(0)}); p95 <= ${GOALS.p95} ms ${goal(r.p95 <= GOALS.p95)} (${ms(r.p95)}); 0 errors ${goal(r.errors === 0)} (${r.errors}); each stored once ${goal(stored)}.`,
    "",
    `- Responses: ${statusLine}.`,
    `- Stored: ${verify.submittedEvaluations} submitted evaluations on ${r.count} assignments (${verify.assignmentsSubmitted} assignments submitted, ${verify.duplicates} with more than one evaluation, ${verify.missing} without), ${r.ok} successful requests.`,
    `- Ratios: the bare SQL baseline stores ${ratio(baseline!)} as many per second as the HTTP path; the model function alone (same transaction, no HTTP/Remix/session lookup) ${ratio(modelResult!)}.`,
    `- Server CPU during the HTTP run: ${serverCpu.toFixed(1)} s in ${r.seconds.toFixed(1)} s (${((100 * serverCpu) / r.seconds).toFixed(0)}% of one core; ${((1000 * serverCpu) / Math.max(1, r.ok)).toFixed(1)} ms per submission); the load generator ${(benchCpuMs / 1000).toFixed(1)} s.`,
    `- Database per submission (pg_stat_database): ${perSubmit("xact_commit")} commits, ${perSubmit("tup_inserted")} rows inserted, ${perSubmit("tup_updated")} updated, ${perSubmit("tup_fetched")} fetched; ${dbStats.xact_rollback ?? 0} rollbacks, ${dbStats.deadlocks ?? 0} deadlocks.`,
    `- The server's connections, on average over ${samples} samples (of ${process.env.DATABASE_POOL_SIZE ?? 10}): ${waitLine || "none"} (${totalSamples} observations).`,
    ...(profile && profile.totalMs > 0
      ? [
          "",
          `Server CPU profile (--cpu-prof, whole server life ${(profile.totalMs / 1000).toFixed(1)} s, self time):`,
          "",
          "| area | self ms |",
          "|---|---:|",
          ...profile.byArea.map(([k, v]) => `| ${k} | ${v.toFixed(0)} |`),
          "",
          "| function | self ms |",
          "|---|---:|",
          ...profile.byFunction.map(([k, v]) => `| \`${k.replace(/\|/g, "/")}\` | ${v.toFixed(0)} |`),
        ]
      : []),
    "",
  ].join("\n");

  const out = path.resolve("test/bench/SUBMIT.md");
  const previous = fs.existsSync(out)
    ? fs.readFileSync(out, "utf8")
    : "# Evaluation submit under load\n\nWritten by `npm run bench:submit` (test/bench/submit.bench.ts).\n\n";
  const [top, ...rest] = previous.split(/\n(?=## )/);
  const kept = rest.filter((s) => s.split("\n")[0].trim() !== heading);
  fs.writeFileSync(out, [top.trimEnd(), "", report, ...kept].join("\n"));
  console.log(`\n${report}\nWritten to ${out}`);
  if (log.some((l) => /error/i.test(l)))
    console.log(
      `server log (errors):\n${log
        .filter((l) => /error/i.test(l))
        .slice(0, 10)
        .join("\n")}`,
    );
}

await main();
