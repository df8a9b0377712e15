import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { assignments, kpiTargets } from "../../db/schema";
import { periodWindow } from "~/domain/kpi-period";
import { scopeFor } from "~/domain/permissions";
import { getKpiBoard } from "~/models/kpi-board.server";
import { loader as exportLoader } from "~/routes/dashboards.export[.]csv";
import { loader as myLoader } from "~/routes/dashboards.me";
import { loader as myCsvLoader } from "~/routes/dashboards.me[.]csv";
import { loader as segmentsLoader } from "~/routes/dashboards.segments";
import { loader as segmentsCsvLoader } from "~/routes/dashboards.segments[.]csv";
import { loader as targetsCsvLoader } from "~/routes/targets[.]csv";
import { loader as teamsLoader } from "~/routes/dashboards.teams.$teamId";
import { action as boardAction, loader as boardLoader } from "~/routes/dashboards.vendors._index/route";
import { loader as vendorLoader } from "~/routes/dashboards.vendors.$vendorId";
import { action as targetsAction, loader as targetsLoader } from "~/routes/targets";
import { createEvaluation, createUser } from "../factories";
import {
  createWorld,
  get,
  getJson,
  post,
  viewerOf,
  VENDOR_A_NAME,
  VENDOR_B_NAME,
  type World,
} from "./calibration-fixtures";

let w: World;

beforeAll(async () => {
  w = await createWorld();
  await createEvaluation({ interaction: w.interactionA, version: w.version, reviewer: w.facilitator });
  await createEvaluation({ interaction: w.interactionB, version: w.version, reviewer: w.facilitator });
});

describe("vendor dashboards", () => {
  it("shows a client ops manager every vendor side by side", async () => {
    const { data } = await getJson(boardLoader, w.clientOps, "/dashboards/vendors", {});
    const labels = data.columns.map((c: { label: string }) => c.label);
    expect(labels).toEqual(expect.arrayContaining([VENDOR_A_NAME, VENDOR_B_NAME]));
    const qa = data.rows.find((r: { kpi: string }) => r.kpi === "qa_score");
    expect(qa.cells[w.vendorA.id].value).toEqual({ ok: true, value: 100 });
  });

  it("shows the open review backlog per vendor now, and its age", async () => {
    await db.insert(assignments).values({
      interactionId: w.interactionA.id,
      reviewerId: w.facilitator.id,
      scorecardVersionId: w.version.id,
      vendorId: w.vendorA.id,
      agentId: w.agentA.id,
      dueAt: new Date(Date.now() + 86_400_000),
      createdAt: new Date(Date.now() - 2 * 86_400_000),
    });
    const { data } = await getJson(boardLoader, w.clientOps, "/dashboards/vendors", {});
    const row = (kpi: string) => data.rows.find((r: { kpi: string }) => r.kpi === kpi).cells;
    expect(row("review_backlog")[w.vendorA.id].value).toEqual({ ok: true, value: 1 });
    expect(row("review_backlog")[w.vendorB.id].value).toEqual({ ok: true, value: 0 });
    expect(row("backlog_aging")[w.vendorA.id].value.value).toBeCloseTo(2, 1);
    expect(row("backlog_aging")[w.vendorB.id].value).toEqual({ ok: false, reason: "no data" });
  });

  it("never shows a vendor user another vendor, in the page, the drill-down or the CSV", async () => {
    const page = await getJson(boardLoader, w.vendorALead, "/dashboards/vendors", {});
    expect(page.data.columns.map((c: { key: string }) => c.key)).toEqual([w.vendorA.id]);
    expect(page.text).not.toContain(VENDOR_B_NAME);
    expect(page.text).not.toContain(w.vendorB.id);
    const other = await get(vendorLoader, w.vendorALead, `/dashboards/vendors/${w.vendorB.id}`, {
      vendorId: w.vendorB.id,
    });
    expect(other.status).toBe(404);
    const otherTeam = await get(teamsLoader, w.vendorALead, `/dashboards/teams/${w.agentB.teamId}`, {
      teamId: w.agentB.teamId,
    });
    expect(otherTeam.status).toBe(404);
    const csv = await get(exportLoader, w.vendorALead, "/dashboards/export.csv?level=vendor", {});
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(VENDOR_A_NAME);
    expect(text).not.toContain(VENDOR_B_NAME);
    const otherCsv = await get(
      exportLoader,
      w.vendorALead,
      `/dashboards/export.csv?level=team&parent=${w.vendorB.id}`,
      {},
    );
    expect(otherCsv.status).toBe(404);
  });

  it("drills down from vendor to teams to agents", async () => {
    const teams = await getJson(vendorLoader, w.clientOps, `/dashboards/vendors/${w.vendorA.id}`, {
      vendorId: w.vendorA.id,
    });
    expect(teams.data.columns.map((c: { key: string }) => c.key)).toEqual([w.agentA.teamId]);
    const agents = await getJson(teamsLoader, w.clientOps, `/dashboards/teams/${w.agentA.teamId}`, {
      teamId: w.agentA.teamId,
    });
    expect(agents.data.columns.map((c: { key: string }) => c.key)).toEqual([w.agentA.id]);
  });

  it("refuses dashboards to agent-role users", async () => {
    const response = await get(boardLoader, w.vendorAAgentUser, "/dashboards/vendors", {});
    expect(response.status).toBe(403);
  });

  it("keeps a vendor user's context note to their vendor", async () => {
    const vendorOps = await createUser({ organization: w.vendorA, role: "ops_manager" });
    const response = await post(boardAction, vendorOps, "/dashboards/vendors", {}, [
      ["onDate", new Date().toISOString().slice(0, 10)],
      ["vendorId", w.vendorB.id], // ignored: a vendor user's note is about their own vendor
      ["body", "Vendor A training day"],
    ]);
    expect(response.status).toBe(200);
    const own = await getJson(boardLoader, w.vendorALead, "/dashboards/vendors", {});
    expect(own.data.notes.map((n: { body: string; vendorId: string }) => [n.body, n.vendorId])).toEqual([
      ["Vendor A training day", w.vendorA.id],
    ]);
    const otherVendorUser = await createUser({ organization: w.vendorB, role: "ops_manager" });
    const other = await getJson(boardLoader, otherVendorUser, "/dashboards/vendors", {});
    expect(other.text).not.toContain("Vendor A training day");
    const bad = await post(boardAction, vendorOps, "/dashboards/vendors", {}, [
      ["onDate", "soon"],
      ["body", "x"],
    ]);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fieldErrors: { onDate: "Choose a date.", body: expect.any(String) } });
  });
});

describe("targets", () => {
  it("keeps history: each week is judged against the target in effect then", async () => {
    // QA score target 90 from long ago, raised to 110 (unreachable) from this week's start.
    const window = periodWindow(new Date(), "UTC", "week", 2);
    await db.insert(kpiTargets).values([
      {
        kpi: "qa_score",
        vendorId: null,
        threshold: 90,
        warningBand: 0,
        effectiveFrom: "2020-01-01",
        createdBy: w.facilitator.id,
      },
      {
        kpi: "qa_score",
        vendorId: null,
        threshold: 110,
        warningBand: 5,
        effectiveFrom: window.starts[1],
        createdBy: w.facilitator.id,
      },
    ]);
    const scope = scopeFor({
      role: "ops_manager",
      organizationId: w.client.id,
      organizationKind: "client",
      agentId: null,
    });
    const board = await getKpiBoard({
      viewer: viewerOf(w.clientOps),
      scope,
      window,
      level: "vendor",
      parentId: null,
      kpis: ["qa_score"],
    });
    const cell = board.rows[0].cells[w.vendorA.id];
    // The only evaluation (100) is this week: red against 110 (more than 5 below); the target shown is 110.
    expect(cell.target).toMatchObject({ threshold: 110 });
    expect(cell.status).toBe("red");
    const { data } = await getJson(targetsLoader, w.clientOps, "/targets", {});
    expect(
      data.targets.filter((t: { kpi: string }) => t.kpi === "qa_score").map((t: { threshold: number }) => t.threshold),
    ).toEqual([90, 110]);
  });

  it("lets client QA leads add targets, converts percentages, and refuses everyone else", async () => {
    const ok = await post(targetsAction, w.facilitator, "/targets", {}, [
      ["kpi", "fcr_rate"],
      ["vendorId", w.vendorA.id],
      ["threshold", "80"],
      ["warningBand", "5"],
      ["effectiveFrom", "2026-01-01"],
    ]);
    expect(ok.status).toBe(200);
    const { data } = await getJson(targetsLoader, w.vendorALead, "/targets", {});
    expect(data.targets.find((t: { kpi: string }) => t.kpi === "fcr_rate")).toMatchObject({
      threshold: 0.8,
      warningBand: 0.05,
    });
    const vendorTry = await post(targetsAction, w.vendorALead, "/targets", {}, [
      ["kpi", "qa_score"],
      ["threshold", "10"],
      ["effectiveFrom", "2026-01-01"],
    ]);
    expect(vendorTry.status).toBe(403);
    const bad = await post(targetsAction, w.facilitator, "/targets", {}, [
      ["kpi", "nonsense"],
      ["threshold", "abc"],
      ["warningBand", "-1"],
      ["effectiveFrom", ""],
    ]);
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toMatchObject({
      kpi: "Choose a KPI.",
      threshold: expect.any(String),
      warningBand: "The warning band cannot be negative.",
      effectiveFrom: "Choose a date.",
    });
  });

  it("shows a vendor user global targets and their own, never another vendor's", async () => {
    await post(targetsAction, w.facilitator, "/targets", {}, [
      ["kpi", "aht"],
      ["vendorId", w.vendorB.id],
      ["threshold", "700"],
      ["effectiveFrom", "2026-01-01"],
    ]);
    const { text } = await getJson(targetsLoader, w.vendorALead, "/targets", {});
    expect(text).not.toContain(VENDOR_B_NAME);
    expect(text).not.toContain(w.vendorB.id);
  });

  it("downloads the targets as CSV, without other vendors' rows for a vendor user", async () => {
    const response = await get(targetsCsvLoader, w.vendorALead, "/targets.csv", {});
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe("kpi,vendor,threshold,warning_band,effective_from,set_by,set_at");
    expect(text).toContain("qa_score,every vendor,90,");
    expect(text).not.toContain(VENDOR_B_NAME);
  });
});

describe("my KPIs", () => {
  const cell = (data: { rows: { kpi: string; cells: { me: { value: unknown } } }[] }, kpi: string) =>
    data.rows.find((r) => r.kpi === kpi)!.cells.me.value;

  it("shows an agent only their own figures", async () => {
    const { data } = await getJson(myLoader, w.vendorAAgentUser, "/dashboards/me", {});
    expect(data.kind).toBe("agent");
    // Agent A handled interaction A (CSAT 4) and has its one evaluation (100); agent B's do not count.
    expect(cell(data, "interactions_handled")).toEqual({ ok: true, value: 1 });
    expect(cell(data, "qa_score")).toEqual({ ok: true, value: 100 });
  });

  it("shows a reviewer the evaluations they submitted, not their vendor's or anyone else's", async () => {
    const mine = await getJson(myLoader, w.facilitator, "/dashboards/me", {});
    expect(mine.data.kind).toBe("reviewer");
    expect(cell(mine.data, "evaluations_completed")).toEqual({ ok: true, value: 2 });
    const other = await getJson(myLoader, w.vendorASpecialist, "/dashboards/me", {});
    expect(cell(other.data, "evaluations_completed")).toEqual({ ok: true, value: 0 });
  });

  it("downloads my KPIs as CSV", async () => {
    const response = await get(myCsvLoader, w.vendorAAgentUser, "/dashboards/me.csv", {});
    expect(response.status).toBe(200);
    expect((await response.text()).split("\r\n").find((l) => l.startsWith("qa_score,"))).toMatch(/^qa_score,You,100,/);
  });

  it("sends people without personal KPIs to the dashboards", async () => {
    const response = await get(myLoader, w.clientOps, "/dashboards/me", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboards/vendors");
  });
});

describe("segments", () => {
  const handled = (data: {
    rows: { kpi: string; cells: Record<string, { value: { ok: boolean; value?: number } }> }[];
  }) =>
    Object.fromEntries(
      Object.entries(data.rows.find((r) => r.kpi === "interactions_handled")!.cells).map(([k, c]) => [
        k,
        c.value.value,
      ]),
    );

  it("splits everything in scope by channel, queue, hour and cohort", async () => {
    const channel = await getJson(segmentsLoader, w.clientOps, "/dashboards/segments?by=channel", {});
    expect(handled(channel.data)).toEqual({ chat: 2 });
    const hour = await getJson(segmentsLoader, w.clientOps, "/dashboards/segments?by=hour", {});
    expect(Object.values(handled(hour.data)).reduce((a, b) => a! + b!, 0)).toBe(2);
    const cohort = await getJson(segmentsLoader, w.clientOps, "/dashboards/segments?by=cohort", {});
    expect(cohort.data.columns.length).toBeGreaterThan(0);
  });

  it("downloads as CSV, scoped like the page", async () => {
    const response = await get(segmentsCsvLoader, w.vendorALead, "/dashboards/segments.csv?by=queue", {});
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^kpi,queue,window_value,status,target,trend,weeks_missed_in_a_row,\d{4}-/);
    expect(lines.find((l) => l.startsWith("interactions_handled,"))).toMatch(/^interactions_handled,orders,1,/);
  });

  it("counts only the vendor's own interactions for a vendor user", async () => {
    const { data } = await getJson(segmentsLoader, w.vendorALead, "/dashboards/segments?by=queue", {});
    expect(handled(data)).toEqual({ orders: 1 });
  });
});
