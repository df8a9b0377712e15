import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  assignments,
  disputes,
  evaluations,
  interactionRootCauses,
  interactions,
  type Agent,
  type Interaction,
} from "../../db/schema";
import { DSAT_EXPORT_BATCH } from "~/models/root-cause-tag.server";
import { loader as agentLoader } from "~/routes/agents.$agentId";
import { loader as disputesLoader } from "~/routes/disputes._index";
import { loader as queueLoader } from "~/routes/queue._index";
import { loader as teamQueueLoader } from "~/routes/queue.team";
import { loader as exportLoader } from "~/routes/trainer.export[.]csv";
import { encodePageCursor } from "~/utils/page-cursor.server";
import { unique } from "../factories";
import { createWorld, get, getJson, type World } from "./calibration-fixtures";

// Keyset-paged lists (queue, team queue, disputes, the agent page's evaluations) and the streamed DSAT CSV.

let w: World;
const HOUR = 3_600_000;

/** `count` interactions of `agent` in one statement, started `minutesApart` apart going back from now. */
async function insertInteractions(agent: Agent, count: number, values: Partial<typeof interactions.$inferInsert> = {}) {
  const now = Date.now();
  return db
    .insert(interactions)
    .values(
      Array.from({ length: count }, (_, i) => {
        const startedAt = new Date(now - (i + 1) * 60_000);
        return {
          source: "test",
          externalId: unique("PG"),
          channel: "chat" as const,
          vendorId: agent.vendorId,
          teamId: agent.teamId,
          agentId: agent.id,
          queue: "orders",
          contactReason: "where_is_my_order",
          startedAt,
          endedAt: new Date(startedAt.getTime() + 60_000),
          handleTimeSeconds: 60,
          ...values,
        };
      }),
    )
    .returning();
}

/** Follows "Next page" from `path` to the end; returns every page's row ids. */
async function walk(loader: Parameters<typeof getJson>[0], path: string, params: Record<string, string>, key: string) {
  const pages: string[][] = [];
  let next: string | null = path;
  let first: string | null = null;
  while (next) {
    const { data } = await getJson(loader, w.facilitator, next, params);
    pages.push(data[key].map((r: { id: string }) => r.id));
    if (pages.length === 2) first = data.firstHref;
    next = data.nextHref;
    if (pages.length === 1) expect(data.firstHref).toBeNull();
  }
  return { pages, first };
}

let queueIds: string[];

beforeAll(async () => {
  w = await createWorld();
  // 120 open assignments for the facilitator, due in groups of 4 at the same instant (ties broken by id).
  const toScore = await insertInteractions(w.agentA, 120);
  const base = Date.now() + 10 * 86_400_000;
  const rows = await db
    .insert(assignments)
    .values(
      toScore.map((interaction: Interaction, i) => ({
        interactionId: interaction.id,
        reviewerId: w.facilitator.id,
        scorecardVersionId: w.version.id,
        vendorId: interaction.vendorId,
        agentId: interaction.agentId,
        // A handful overdue, for the filter.
        dueAt: new Date(base - Math.floor(i / 4) * HOUR - (i < 6 ? 20 * 86_400_000 : 0)),
      })),
    )
    .returning();
  queueIds = [...rows].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1)).map((r) => r.id);
});

describe("my queue pages by (due, id)", () => {
  it("shows every open assignment once, in due order, across pages", async () => {
    const { pages, first } = await walk(queueLoader, "/queue", {}, "rows");
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(queueIds);
    expect(first).toBe("/queue");
  });

  it("keeps the tab and filters in the next page's link", async () => {
    const { data } = await getJson(queueLoader, w.facilitator, "/queue?status=open&channel=chat", {});
    expect(data.nextHref).toMatch(/^\/queue\?status=open&channel=chat&after=[\w-]+$/);
    const overdue = await getJson(queueLoader, w.facilitator, "/queue?overdue=1", {});
    expect(overdue.data.rows).toHaveLength(6);
    expect(overdue.data.nextHref).toBeNull();
    const email = await getJson(queueLoader, w.facilitator, "/queue?channel=email", {});
    expect(email.data.rows).toEqual([]);
  });

  it("answers 400 with a message for a cursor it did not hand out", async () => {
    for (const bad of ["nonsense", encodePageCursor(["yesterday", "x"]), encodePageCursor([1, 2, 3])]) {
      const response = await get(queueLoader, w.facilitator, `/queue?after=${bad}`, {});
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Invalid page cursor/);
    }
  });
});

describe("team queue", () => {
  it("pages the open assignments in scope", async () => {
    const { pages } = await walk(teamQueueLoader, "/queue/team", {}, "rows");
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(queueIds);
    const overdue = await getJson(teamQueueLoader, w.facilitator, "/queue/team?overdue=1", {});
    expect(overdue.data.rows).toHaveLength(6);
  });
});

describe("disputes and the agent page", () => {
  let evaluationIds: string[];
  beforeAll(async () => {
    const scored = await insertInteractions(w.agentB, 110);
    const now = Date.now();
    const rows = await db
      .insert(evaluations)
      .values(
        scored.map((interaction, i) => ({
          interactionId: interaction.id,
          scorecardVersionId: w.version.id,
          reviewerId: w.facilitator.id,
          vendorId: interaction.vendorId,
          agentId: interaction.agentId,
          kind: "standard" as const,
          status: "submitted" as const,
          rawScore: 80,
          finalScore: 80,
          passed: true,
          // Pairs submitted at the same instant.
          submittedAt: new Date(now - Math.floor(i / 2) * HOUR),
        })),
      )
      .returning();
    evaluationIds = [...rows]
      .sort((a, b) => b.submittedAt!.getTime() - a.submittedAt!.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    await db.insert(disputes).values(
      rows.map((e, i) => ({
        evaluationId: e.id,
        vendorId: e.vendorId,
        raisedBy: w.vendorBSpecialist.id,
        reason: "Please look again",
        raisedAt: new Date(now - Math.floor(i / 3) * HOUR),
      })),
    );
  });

  it("pages the open disputes oldest first and all of them newest first", async () => {
    const open = await walk(disputesLoader, "/disputes?status=open", {}, "rows");
    expect(open.pages.map((p) => p.length)).toEqual([50, 50, 10]);
    const all = await walk(disputesLoader, "/disputes?status=all", {}, "rows");
    expect(all.pages.flat()).toEqual([...open.pages.flat()].reverse());
    expect(new Set(all.pages.flat()).size).toBe(110);
  });

  it("pages the agent's evaluations newest first", async () => {
    const path = `/agents/${w.agentB.id}`;
    const { pages } = await walk(agentLoader, path, { agentId: w.agentB.id }, "evaluations");
    expect(pages.map((p) => p.length)).toEqual([50, 50, 10]);
    expect(pages.flat()).toEqual(evaluationIds);
  });
});

describe("DSAT cases CSV", () => {
  it("streams more rows than one batch, complete and in order", async () => {
    const untagged = await insertInteractions(w.agentA, DSAT_EXPORT_BATCH + 150, { csat: 1 });
    const tagged = await insertInteractions(w.agentA, DSAT_EXPORT_BATCH + 20, { csat: 2 });
    const now = Date.now();
    await db.insert(interactionRootCauses).values(
      tagged.map((interaction, i) => ({
        interactionId: interaction.id,
        vendorId: interaction.vendorId,
        rootCause: "training_gap",
        taggedBy: w.facilitator.id,
        // Tagged in threes at the same instant.
        taggedAt: new Date(now - Math.floor(i / 3) * 60_000),
      })),
    );
    const response = await get(exportLoader, w.facilitator, "/trainer/export.csv?table=dsat", {});
    expect(response.status).toBe(200);
    expect(response.body).toBeInstanceOf(ReadableStream);
    const records: string[][] = parse(await response.text());
    const [header, ...rows] = records;
    expect(header[0]).toBe("interaction_id");
    const ids = rows.map((r) => r[0]);
    const byTag = (a: Interaction, b: Interaction) => {
      const ia = tagged.indexOf(a);
      const ib = tagged.indexOf(b);
      return Math.floor(ia / 3) - Math.floor(ib / 3) || (a.id < b.id ? 1 : -1);
    };
    const byStart = (a: Interaction, b: Interaction) =>
      b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1);
    const expected = [
      ...[...tagged].sort(byTag).map((i) => i.id),
      // The world's own interactions have CSAT 4: not DSAT.
      ...[...untagged].sort(byStart).map((i) => i.id),
    ];
    expect(ids).toHaveLength(expected.length);
    expect(ids).toEqual(expected);
  });
});
