import { Readable } from "node:stream";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { importInteractions } from "~/models/interaction-import.server";
import { db } from "../../db/client.server";
import { interactions } from "../../db/schema";
import { demoWorld, insertDemoWorld } from "../fixtures/import/demo-world";

// Memory stays flat while a large file streams through a dry run: the file (about 80 MB) is
// generated on the fly and never exists whole, on disk or in memory. What does grow is the duplicate-id
// index (one entry per row, tens of bytes), which the bound below allows for.

const ROWS = 200_000;
const world = demoWorld();
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

beforeAll(async () => {
  await insertDemoWorld(world);
});

function* generateCsv(): Generator<Buffer> {
  const agents = world.agents.slice(0, 20).map((a) => ({
    externalId: a.externalId,
    team: world.teams.find((t) => t.id === a.teamId)!.name,
    vendor: world.vendors.find((v) => v.id === a.vendorId)!.slug,
  }));
  yield Buffer.from(
    "external_id,channel,agent_external_id,vendor,team,queue,contact_reason,started_at,ended_at,handle_time_seconds,csat,escalated,transcript\n",
  );
  const turns = JSON.stringify([
    {
      speaker: "customer",
      atSeconds: 0,
      text: "Hi, my parcel has not arrived and the tracking page has not moved in days.",
    },
    {
      speaker: "agent",
      atSeconds: 30,
      text: "I'm sorry about that. It is out for delivery today; you will have it before 6 pm.",
    },
  ]).replace(/"/g, '""');
  let lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const a = agents[i % agents.length];
    const minute = String(i % 60).padStart(2, "0");
    lines.push(
      `MEM-${i},chat,${a.externalId},${a.vendor},${a.team},orders,Where is my order,2026-11-10T09:${minute}:00Z,2026-11-10T10:${minute}:00Z,${600 + (i % 900)},${1 + (i % 5)},no,"${turns}"`,
    );
    if (lines.length === 1000) {
      yield Buffer.from(`${lines.join("\n")}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) yield Buffer.from(`${lines.join("\n")}\n`);
}

it(`dry-runs ${ROWS.toLocaleString("en")} generated rows with flat memory`, { timeout: 60_000 }, async () => {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let bytes = 0;
  const started = performance.now();
  const summary = await importInteractions({
    file: { fileName: "large.csv", open: () => Readable.from(generateCsv()) },
    dryRun: true,
    startedBy: null,
    onProgress: (p) => {
      bytes = p.bytes;
      if (p.rows % 20_000 !== 0) return;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${ROWS} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s; peak heap growth ${(peak / 1e6).toFixed(1)} MB`,
  );
  expect(summary).toMatchObject({ status: "completed", rowsRead: ROWS, inserted: ROWS, rejected: 0 });
  expect(bytes).toBeGreaterThan(60e6);
  expect(peak).toBeLessThan(40e6);
  const [stored] = await db.select({ n: sql<number>`count(*)::int` }).from(interactions);
  expect(Number(stored.n)).toBe(0);
});
