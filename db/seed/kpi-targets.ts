/**
 * Demo KPI targets (with one change, so the history shows) and context notes, so the dashboards have
 * something to colour and annotate on first start.
 */
import { contextNotes, kpiTargets } from "../schema";
import type { Database } from "../client.server";
import type { DemoWorld } from "./generate";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

const DAY = 86_400_000;
const day = (world: DemoWorld, daysAgo: number) =>
  new Date(world.now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

export async function insertKpiTargets(
  tx: Tx,
  world: DemoWorld,
): Promise<{ kpiTargets: number; contextNotes: number }> {
  const lead = world.users.find((u) => u.organizationId === world.client.id && u.role === "qa_lead")!;
  const opsManager = world.users.find((u) => u.organizationId === world.client.id && u.role === "ops_manager") ?? lead;
  const since = day(world, 180);
  const vendor = (slug: string) => world.vendors.find((v) => v.slug === slug)!.id;
  // Shares for percent KPIs, seconds for times, as the KPI values themselves.
  const targets = [
    { kpi: "qa_score", vendorId: null, threshold: 80, warningBand: 5, effectiveFrom: since },
    // Raised four weeks ago: earlier weeks are still judged against 80.
    { kpi: "qa_score", vendorId: null, threshold: 85, warningBand: 5, effectiveFrom: day(world, 28) },
    { kpi: "critical_fail_rate", vendorId: null, threshold: 0.05, warningBand: 0.03, effectiveFrom: since },
    { kpi: "pass_rate", vendorId: null, threshold: 0.7, warningBand: 0.1, effectiveFrom: since },
    { kpi: "csat", vendorId: null, threshold: 4, warningBand: 0.2, effectiveFrom: since },
    { kpi: "dsat_share", vendorId: null, threshold: 0.08, warningBand: 0.02, effectiveFrom: since },
    { kpi: "aht", vendorId: null, threshold: 600, warningBand: 60, effectiveFrom: since },
    // Cobalt's contract allows longer calls.
    { kpi: "aht", vendorId: vendor("cobalt"), threshold: 780, warningBand: 60, effectiveFrom: since },
    { kpi: "fcr_rate", vendorId: null, threshold: 0.75, warningBand: 0.05, effectiveFrom: since },
    { kpi: "escalation_rate", vendorId: null, threshold: 0.08, warningBand: 0.02, effectiveFrom: since },
    { kpi: "qa_alignment", vendorId: null, threshold: 85, warningBand: 5, effectiveFrom: since },
  ];
  await tx.insert(kpiTargets).values(targets.map((t) => ({ ...t, createdBy: lead.id })));
  const notes = [
    { onDate: day(world, 35), vendorId: null, body: "New product launch: returns portal" },
    { onDate: day(world, 16), vendorId: vendor("beacon"), body: "System outage: chat tool down 3 hours" },
  ];
  await tx.insert(contextNotes).values(notes.map((n) => ({ ...n, createdBy: opsManager.id })));
  return { kpiTargets: targets.length, contextNotes: notes.length };
}
