/**
 * npm run bench [-- --interactions N] [--runs N]: server time of the main pages at scale, each against a
 * baseline measured in the same run on the same data: the hand-written SQL aggregate of the page's numbers
 * over the base tables (for the KPI pages: aggregateKpisFromBaseTables, the query the pages ran before the
 * rollups). Loads the dataset when the database holds fewer interactions than asked (1,000,000 by default).
 *
 * Database: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/qaw_bench (created when missing).
 * Server time is the route's loader, called with a signed-in request (session lookup, guard, queries, JSON),
 * without HTTP and rendering. Writes the table to BENCHMARKS.md with the machine and the date.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { periodWindow } from "../../app/domain/kpi-period";
import { scopeFor } from "../../app/domain/permissions";
import { aggregateKpisFromBaseTables } from "../../app/models/kpi.server";
import { rebuildKpiRollups, rollupsNeedBuilding } from "../../app/models/kpi-rollup.server";
import { createSession } from "../../app/models/session.server";
import { commitSessionId } from "../../app/utils/session.server";
import { closeDatabase, db, getDatabase } from "../../db/client.server";
import { migrateDatabase } from "../../db/migrate";
import { agents, assignments, evaluations, interactions, organizations, teams, users } from "../../db/schema";
import { defaultEvaluationCount } from "../../db/seed/evaluations";
import { scoringPageRequest, scoringPageScripts } from "./scoring-page";

const { values } = parseArgs({
  options: {
    interactions: { type: "string" },
    runs: { type: "string" },
    out: { type: "string" },
    // Only the pages whose name contains this text, printed and not written down (for working on one page).
    only: { type: "string" },
  },
});
const WANTED = Number(values.interactions ?? 1_000_000);
const RUNS = Number(values.runs ?? 20);
const BASELINE_RUNS = Math.max(3, Math.round(RUNS / 4));
const BASE = "http://bench.local";
const VIEWER_ZONE = "America/New_York"; // not UTC, so weeks cut UTC days and the edge hours are read too

async function ensureDatabase(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const server = "postgres://postgres@127.0.0.1:5432";
  const admin = postgres(`${server}/postgres`, { max: 1, onnotice: () => {} });
  const [found] = await admin`select 1 from pg_database where datname = 'qaw_bench'`;
  if (!found) await admin.unsafe("create database qaw_bench");
  await admin.end();
  process.env.DATABASE_URL = `${server}/qaw_bench`;
}

async function ensureDataset(): Promise<string> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(interactions);
  const [{ e }] = await db.select({ e: sql<number>`count(*)::int` }).from(evaluations);
  // A data set seeded before the evaluation share grew with size has the interactions but not the shape.
  if (Number(n) >= WANTED && Number(e) >= 0.9 * defaultEvaluationCount(WANTED)) {
    return `existing dataset (${Number(n).toLocaleString("en")} interactions, ${Number(e).toLocaleString("en")} evaluations)`;
  }
  const { spawnSync } = await import("node:child_process");
  const t = performance.now();
  const args = ["tsx", "db/cli/seed.ts", "--interactions", String(WANTED), ...(Number(n) > 0 ? ["--reset"] : [])];
  await closeDatabase();
  const run = spawnSync("npx", args, { stdio: "inherit", env: process.env });
  if (run.status !== 0) throw new Error("seeding failed");
  return `seeded ${WANTED.toLocaleString("en")} interactions in ${((performance.now() - t) / 1000).toFixed(0)} s`;
}

type Stats = { p50: number; p95: number };
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

async function measure(run: () => Promise<unknown>, runs: number): Promise<Stats> {
  for (let i = 0; i < 2; i++) await run(); // warm-up: plans cached, pages in memory
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function cookieFor(userId: string): Promise<string> {
  const sessionId = await createSession({ userId, ip: "127.0.0.1", userAgent: "bench" });
  return (await commitSessionId(new Request(BASE), sessionId)).split(";")[0];
}

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
const load =
  (loader: Loader, cookie: string, pathname: string, params: Record<string, string> = {}) =>
  async () => {
    const request = new Request(new URL(pathname, BASE), { headers: { Cookie: cookie } });
    const response = (await loader({ request, params, context: { clientIp: "127.0.0.1" } })) as Response;
    if (response instanceof Response) {
      if (response.status !== 200) throw new Error(`${pathname}: ${response.status}`);
      await response.text();
    }
  };

async function main() {
  await ensureDatabase();
  await migrateDatabase(getDatabase());
  const dataset = await ensureDataset();
  const handle = getDatabase();
  await migrateDatabase(handle);
  console.log(`${handle.kind} (${handle.location}): ${dataset}`);
  if (await rollupsNeedBuilding()) console.log(`rollups built in ${(await rebuildKpiRollups()).seconds.toFixed(0)} s`);

  const [client] = await db.select().from(organizations).where(eq(organizations.kind, "client"));
  const byRole = async (role: string, organizationId: string) =>
    (
      await db
        .select()
        .from(users)
        .where(sql`${users.role} = ${role} and ${users.organizationId} = ${organizationId}`)
    )[0];
  const ops = await byRole("ops_manager", client.id);
  const trainer = await byRole("trainer", client.id);
  const lead = await byRole("qa_lead", client.id);
  await db
    .update(users)
    .set({ timeZone: VIEWER_ZONE })
    .where(sql`${users.id} in (${ops.id}, ${trainer.id}, ${lead.id})`);
  const [team] = await db.select().from(teams).orderBy(teams.name).limit(1);
  const [agent] = await db
    .select()
    .from(agents)
    .where(sql`${agents.userId} is not null`)
    .limit(1);
  const cookies = {
    ops: await cookieFor(ops.id),
    trainer: await cookieFor(trainer.id),
    lead: await cookieFor(lead.id),
    agent: await cookieFor(agent.userId!),
  };

  const routes = {
    vendors: (await import("../../app/routes/dashboards.vendors._index/route")).loader as Loader,
    me: (await import("../../app/routes/dashboards.me")).loader as Loader,
    segments: (await import("../../app/routes/dashboards.segments")).loader as Loader,
    agent: (await import("../../app/routes/agents.$agentId")).loader as Loader,
    trainer: (await import("../../app/routes/trainer._index/route")).loader as Loader,
    home: (await import("../../app/routes/_index")).loader as Loader,
    disputes: (await import("../../app/routes/disputes._index")).loader as Loader,
    teamQueue: (await import("../../app/routes/queue.team")).loader as Loader,
    history: (await import("../../app/routes/calibrations.history")).loader as Loader,
  };

  const clientScope = scopeFor({
    role: "ops_manager",
    organizationId: client.id,
    organizationKind: "client",
    agentId: null,
  });
  const agentScope = scopeFor({
    role: "agent",
    organizationId: agent.vendorId,
    organizationKind: "vendor",
    agentId: agent.id,
  });
  const kpiBaseline = (weeks: number, groupBy: ("period" | "vendor" | "team" | "agent" | "channel")[], extra = {}) => {
    const w = periodWindow(new Date(), VIEWER_ZONE, "week", weeks);
    return () =>
      aggregateKpisFromBaseTables({
        scope: clientScope,
        from: w.from,
        to: w.to,
        groupBy,
        period: "week",
        timeZone: VIEWER_ZONE,
        ...extra,
      });
  };

  type Row = { page: string; ours: Stats; baseline: Stats | null; baselineName: string };
  const rows: Row[] = [];
  const bench = async (
    page: string,
    ours: () => Promise<unknown>,
    baselineName = "",
    baseline?: () => Promise<unknown>,
  ) => {
    if (values.only && !page.includes(values.only)) return;
    const o = await measure(ours, RUNS);
    const b = baseline ? await measure(baseline, BASELINE_RUNS) : null;
    rows.push({ page, ours: o, baseline: b, baselineName });
    const ratio = b
      ? `  ${(b.p50 / o.p50).toFixed(1)}x faster than the base-table aggregate (p50 ${b.p50.toFixed(0)} ms)`
      : "";
    console.log(
      `${page.padEnd(40)} p50 ${o.p50.toFixed(1).padStart(7)} ms  p95 ${o.p95.toFixed(1).padStart(7)} ms${ratio}`,
    );
  };

  console.log(
    `node ${process.version}, ${os.cpus().length} cores; ${RUNS} timed runs (baseline ${BASELINE_RUNS}) after 2 warm-ups`,
  );
  for (const weeks of [4, 8, 26])
    await bench(
      `vendor comparison, ${weeks} weeks`,
      load(routes.vendors, cookies.ops, `/dashboards/vendors?weeks=${weeks}`),
      "KPI sums by vendor and week",
      kpiBaseline(weeks, ["vendor", "period"]),
    );
  await bench(
    "vendor drill-down (teams), 8 weeks",
    load(routes.vendors, cookies.ops, `/dashboards/vendors/${team.vendorId}`, { vendorId: team.vendorId }),
    "KPI sums by team and week",
    kpiBaseline(8, ["team", "period"], { vendorId: team.vendorId }),
  );
  await bench(
    "team drill-down (agents), 8 weeks",
    load(routes.vendors, cookies.ops, `/dashboards/teams/${team.id}`, { teamId: team.id }),
    "KPI sums by agent and week",
    kpiBaseline(8, ["agent", "period"], { teamId: team.id }),
  );
  await bench(
    "My KPIs (agent), 8 weeks",
    load(routes.me, cookies.agent, "/dashboards/me"),
    "KPI sums by week, one agent",
    () =>
      aggregateKpisFromBaseTables({
        scope: agentScope,
        ...periodWindow(new Date(), "UTC", "week", 8),
        groupBy: ["period"],
        timeZone: "UTC",
      }),
  );
  await bench(
    "My KPIs (reviewer), 8 weeks",
    load(routes.me, cookies.lead, "/dashboards/me"),
    "KPI sums by week, one reviewer",
    kpiBaseline(8, ["period"], { reviewerId: lead.id }),
  );
  await bench(
    "segments by channel, 8 weeks",
    load(routes.segments, cookies.ops, "/dashboards/segments?by=channel"),
    "KPI sums by channel and week",
    kpiBaseline(8, ["channel", "period"]),
  );
  await bench("agent page", load(routes.agent, cookies.ops, `/agents/${agent.id}`, { agentId: agent.id }));
  for (const weeks of [4, 12, 26])
    await bench(`trainer view, ${weeks} weeks`, load(routes.trainer, cookies.trainer, `/trainer?weeks=${weeks}`));
  await bench("home page (QA lead)", load(routes.home, cookies.lead, "/"));
  await bench("disputes queue", load(routes.disputes, cookies.lead, "/disputes"));
  await bench("team queue", load(routes.teamQueue, cookies.lead, "/queue/team"));
  await bench("calibration history", load(routes.history, cookies.lead, "/calibrations/history"));

  // The scoring page: a whole document request through the production build, and the scripts it ships.
  const { spawnSync } = await import("node:child_process");
  if (spawnSync("npx", ["remix", "build"], { stdio: "ignore" }).status !== 0) throw new Error("remix build failed");
  const [open] = await db
    .select({ id: assignments.id, reviewerId: assignments.reviewerId })
    .from(assignments)
    .where(eq(assignments.status, "pending"))
    .orderBy(assignments.id)
    .limit(1);
  await bench(
    "scoring page (document: loader and render)",
    await scoringPageRequest(BASE, await cookieFor(open.reviewerId), open.id),
  );
  const scripts = scoringPageScripts();
  const scriptsLine = `Scoring page JavaScript: ${scripts.files} files, ${scripts.rawKb.toFixed(0)} KB, ${scripts.gzipKb.toFixed(1)} KB gzip (goal <= 150 KB gzip: ${scripts.gzipKb <= 150 ? "met" : "missed"}).`;
  console.log(scriptsLine);

  const goal = (r: Row) =>
    r.ours.p95 <= 150 ? (r.baseline && r.baseline.p50 / r.ours.p50 < 5 ? "p95 met, < 5x" : "met") : "missed";
  const table = [
    "| page (server time, loader) | p50 ms | p95 ms | baseline: same numbers from the base tables | baseline p50 ms | speed-up (p50) | goal p95 <= 150 ms |",
    "|---|---:|---:|---|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.ours.p50.toFixed(1)} | ${r.ours.p95.toFixed(1)} | ${r.baselineName || "—"} | ${r.baseline ? r.baseline.p50.toFixed(0) : "—"} | ${r.baseline ? `${(r.baseline.p50 / r.ours.p50).toFixed(1)}x` : "—"} | ${goal(r)} |`,
    ),
  ].join("\n");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const report = [
    `## Pages at scale (${new Date().toISOString().slice(0, 10)})`,
    "",
    `- Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg()[0].toFixed(1)} at the end; Node ${process.version}; ${handle.kind}.`,
    `- Data: ${dataset}. Viewer time zone ${VIEWER_ZONE} (client ops manager, trainer and QA lead); the agent views in UTC.`,
    `- Command: \`npm run bench\` (${RUNS} timed runs per page after 2 warm-ups; ${BASELINE_RUNS} for each baseline).`,
    "",
    table,
    "",
    scriptsLine,
    "",
  ].join("\n");
  if (values.only) {
    console.log(`\n${table}\n\n(--only: not written down)`);
    await closeDatabase();
    return;
  }
  const out = values.out ?? path.resolve("BENCHMARKS.md");
  const previous = fs.existsSync(out)
    ? fs.readFileSync(out, "utf8")
    : "# Benchmarks\n\nWritten by `npm run bench`; newest first.\n\n";
  const [head, ...rest] = previous.split(/\n(?=## )/);
  fs.writeFileSync(out, [head.trimEnd(), "", report, ...rest].join("\n"));
  console.log(`\n${table}\n\nWritten to ${out}`);
  await closeDatabase();
}

await main();
