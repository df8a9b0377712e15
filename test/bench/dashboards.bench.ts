/**
 * Benchmark of the dashboard queries on demo data: the vendor comparison, a vendor's teams, a team's
 * agents and one agent's own KPIs, each over 8 weeks, against a baseline measured in the same run (one
 * raw SQL query that counts and averages the same window's interactions by vendor).
 *
 * Run: npm run bench:dashboards [-- --interactions N]   (default 10,000, the demo size)
 * Uses a fresh PGlite directory in the system temp folder, or DATABASE_URL when set (it must be empty).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { periodWindow } from "../../app/domain/kpi-period";
import { scopeFor } from "../../app/domain/permissions";
import { getKpiBoard } from "../../app/models/kpi-board.server";
import { getPersonalBoard } from "../../app/models/personal-kpis.server";
import { syncScorecards } from "../../app/models/scorecard-sync.server";
import { closeDatabase, db, getDatabase } from "../../db/client.server";
import { migrateDatabase } from "../../db/migrate";
import { agents, organizations, teams, users } from "../../db/schema";
import { seedDemoData } from "../../db/seed/seed";

const RUNS = 20;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.ceil(sorted.length * 0.95) - 1] };
}

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run(); // warm-up: plans cached, pages in memory
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  const s = stats(samples);
  console.log(
    `${label.padEnd(34)} median ${s.median.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms`,
  );
  return s;
}

async function main() {
  const { values } = parseArgs({ options: { interactions: { type: "string" } } });
  const interactions = Number(values.interactions ?? 10_000);
  if (!process.env.DATABASE_URL)
    process.env.PGLITE_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qaw-bench-")), "pglite");
  const handle = getDatabase();
  await migrateDatabase(handle);
  await syncScorecards(path.resolve("scorecards"));
  const t = performance.now();
  await seedDemoData({ interactions });
  console.log(
    `${handle.kind}: seeded ${interactions.toLocaleString("en")} interactions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const [client] = await db
    .select()
    .from(organizations)
    .where(sql`${organizations.kind} = 'client'`);
  const [ops] = await db
    .select()
    .from(users)
    .where(sql`${users.role} = 'ops_manager' and ${users.organizationId} = ${client.id}`);
  const [team] = await db.select().from(teams).limit(1);
  const [agentUser] = await db
    .select()
    .from(users)
    .where(sql`${users.role} = 'agent'`)
    .limit(1);
  const [agent] = await db
    .select()
    .from(agents)
    .where(sql`${agents.userId} = ${agentUser.id}`);
  const viewer = { id: ops.id, role: ops.role, organizationId: client.id, organizationKind: "client" as const };
  const scope = scopeFor({ ...viewer, agentId: null });
  const window = periodWindow(new Date(), "UTC", "week", 8);
  const kpis = [
    "qa_score",
    "critical_fail_rate",
    "csat",
    "dsat_share",
    "aht",
    "frt",
    "fcr_rate",
    "escalation_rate",
    "qa_alignment",
  ] as const;

  console.log(`node ${process.version}, ${os.cpus().length} cores; ${RUNS} timed runs after 3 warm-ups`);
  const baseline = await time("baseline: raw SQL by vendor", () =>
    db.execute(
      sql`select vendor_id, count(*), avg(csat), avg(handle_time_seconds) from interactions where started_at >= ${window.from.toISOString()} and started_at < ${window.to.toISOString()} group by vendor_id`,
    ),
  );
  const boards = [
    await time("vendor comparison (8 weeks)", () =>
      getKpiBoard({ viewer, scope, window, level: "vendor", parentId: null, kpis: [...kpis] }),
    ),
    await time("vendor's teams", () =>
      getKpiBoard({ viewer, scope, window, level: "team", parentId: team.vendorId, kpis: [...kpis] }),
    ),
    await time("team's agents", () =>
      getKpiBoard({ viewer, scope, window, level: "agent", parentId: team.id, kpis: [...kpis] }),
    ),
    await time("an agent's own KPIs", () =>
      getPersonalBoard({
        viewer: {
          id: agentUser.id,
          role: "agent",
          organizationId: agent.vendorId,
          organizationKind: "vendor",
          scope: scopeFor({
            role: "agent",
            organizationId: agent.vendorId,
            organizationKind: "vendor",
            agentId: agent.id,
          }),
        },
        kind: "agent",
        window,
      }),
    ),
  ];
  console.log(`ratio vendor comparison / baseline (medians): ${(boards[0].median / baseline.median).toFixed(1)}x`);
  await closeDatabase();
}

await main();
