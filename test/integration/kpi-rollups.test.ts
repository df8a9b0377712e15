/**
 * The exact KPI rollups: kept current by every write path (a random mix of submits, re-scores, disputes,
 * resolutions, DSAT tags and import upserts leaves them equal to a rebuild from scratch), and the KPI
 * sums read from them equal the sums over the base tables for every grouping, period and time zone.
 */
import crypto from "node:crypto";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { KPI_AGGREGATE_FIELDS } from "~/domain/kpi-aggregate";
import type { KpiPeriod } from "~/domain/kpi-period";
import { customWindow } from "~/domain/kpi-period";
import type { Scope } from "~/domain/permissions";
import { findCriterion, isMet, listCriteria, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { raiseDispute } from "~/models/dispute-raise.server";
import { resolveDispute } from "~/models/dispute-resolve.server";
import { reviseSubmittedEvaluation, saveAssignmentEvaluation } from "~/models/evaluation-write.server";
import { writeInteractionBatch, type NewInteraction } from "~/models/interaction-import-store.server";
import { aggregateKpisFromRollups } from "~/models/kpi-rollup-read.server";
import { rebuildKpiRollups } from "~/models/kpi-rollup.server";
import { aggregateKpisFromBaseTables, type KpiDimension, type KpiGroup, type KpiQuery } from "~/models/kpi.server";
import { getVendorSummaries, listWeakestCriteria } from "~/models/overview.server";
import { tagDsatCase } from "~/models/root-cause-tag.server";
import {
  cohortRowsFromBaseTables,
  cohortRowsFromRollups,
  errorRowsFromBaseTables,
  errorRowsFromRollups,
  missRowsFromBaseTables,
  missRowsFromRollups,
  trainingRowsFromBaseTables,
  trainingRowsFromRollups,
} from "~/models/trainer.server";
import { periodWindow } from "~/domain/kpi-period";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { db } from "../../db/client.server";
import {
  agents,
  assignments,
  disputes,
  evaluations,
  importBatches,
  interactions,
  organizations,
  scorecardVersions,
  users,
} from "../../db/schema";
import { Random } from "../../db/seed/random";
import { seedDemoData } from "../../db/seed/seed";

const now = new Date("2026-06-15T09:30:00Z");
const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

const TABLES = {
  kpi_interaction_rollups: {
    key: ["grain", "by_channel_queue", "bucket", "agent_id", "team_id", "vendor_id", "channel", "queue"],
    count: "interactions",
  },
  kpi_evaluation_rollups: {
    key: ["grain", "by_channel_queue", "bucket", "agent_id", "vendor_id", "channel", "queue"],
    count: "evaluations",
  },
  kpi_reviewer_rollups: { key: ["reviewer_id", "grain", "bucket", "vendor_id"], count: "evaluations" },
  kpi_criterion_rollups: {
    key: ["grain", "bucket", "agent_id", "vendor_id", "scorecard_id", "criterion_key", "root_cause"],
    count: "answers",
  },
  kpi_vendor_criterion_rollups: {
    key: ["grain", "bucket", "vendor_id", "scorecard_id", "criterion_key", "root_cause"],
    count: "answers",
  },
  kpi_cohort_criterion_rollups: {
    key: ["grain", "bucket", "vendor_id", "training_cohort", "scorecard_id", "criterion_key"],
    count: "answers",
  },
} as const;

/** Every rollup row with a non-zero count, keyed; numbers compared as numbers (numeric scale aside). */
async function snapshot() {
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const [table, { key, count }] of Object.entries(TABLES)) {
    const result = rows<Record<string, unknown>>(
      await db.execute(sql.raw(`select * from ${table} order by ${key.join(", ")}`)),
    );
    out[table] = {};
    for (const row of result) {
      const values = Object.fromEntries(
        Object.entries(row)
          .filter(([k]) => !(key as readonly string[]).includes(k))
          .map(([k, v]) => [k, Number(v)]),
      );
      // A row emptied by subtraction must be all zeros; it then holds nothing a rebuild would have.
      if (values[count] === 0) {
        expect(Object.values(values).every((v) => v === 0)).toBe(true);
        continue;
      }
      const id = key.map((k) => (row[k] instanceof Date ? (row[k] as Date).toISOString() : String(row[k]))).join("|");
      out[table][id] = values;
    }
  }
  return out;
}

type People = Awaited<ReturnType<typeof loadPeople>>;
async function loadPeople() {
  const all = await db
    .select({ id: users.id, role: users.role, organizationId: users.organizationId, kind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId));
  const clientLeads = all.filter((u) => u.kind === "client" && (u.role === "qa_lead" || u.role === "admin"));
  const teamLead = (vendorId: string) => all.find((u) => u.organizationId === vendorId && u.role === "team_lead")!;
  const trainer = all.find((u) => u.kind === "client" && u.role === "trainer")!;
  const client = all.find((u) => u.kind === "client")!;
  const clientScope: Scope = { kind: "client", organizationId: client.organizationId };
  return { all, clientLeads, teamLead, trainer, clientScope };
}

const vendorScope = (vendorId: string): Scope => ({
  kind: "vendor",
  organizationId: vendorId,
  vendorId,
  agentId: null,
});

async function randomEvaluation(rng: Random) {
  const [row] = await db
    .select({
      id: evaluations.id,
      reviewerId: evaluations.reviewerId,
      vendorId: evaluations.vendorId,
      lockVersion: evaluations.lockVersion,
      definition: scorecardVersions.definition,
    })
    .from(evaluations)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .where(and(eq(evaluations.kind, "standard"), eq(evaluations.status, "submitted")))
    .orderBy(sql`md5(${evaluations.id}::text || ${String(rng.uint32())})`)
    .limit(1);
  return { ...row, definition: row.definition as ScorecardDefinition };
}

/** A random scale value of a random criterion, with a root cause when it is a miss. */
function randomAnswer(rng: Random, def: ScorecardDefinition) {
  const criteria = listCriteria(def);
  const criterion = criteria[rng.int(0, criteria.length - 1)];
  const value = criterion.scale.options[rng.int(0, criterion.scale.options.length - 1)].value;
  return { key: criterion.key, value, rootCause: isMet(criterion, value) ? null : criterion.rootCauses[0] };
}

const OPERATIONS = {
  async rescore(rng: Random, people: People) {
    const e = await randomEvaluation(rng);
    const actor = people.clientLeads.find((u) => u.id !== e.reviewerId)!;
    const answer = randomAnswer(rng, e.definition);
    const result = await reviseSubmittedEvaluation({
      scope: people.clientScope,
      actorUserId: actor.id,
      evaluationId: e.id,
      kind: "rescore",
      reason: "rollup test",
      changes: { [answer.key]: { value: answer.value, comment: "", rootCause: answer.rootCause } },
      expectedLockVersion: e.lockVersion,
      now,
    });
    return result.ok;
  },
  async raise(rng: Random, people: People) {
    const e = await randomEvaluation(rng);
    const answer = randomAnswer(rng, e.definition);
    const result = await raiseDispute({
      scope: vendorScope(e.vendorId),
      actorUserId: people.teamLead(e.vendorId).id,
      evaluationId: e.id,
      proposals: [{ criterionKey: answer.key, proposed: answer.value }],
      reason: "rollup test",
      now,
      windowDays: 365,
    });
    return result.ok;
  },
  async resolve(rng: Random, people: People) {
    const open = await db
      .select({ id: disputes.id, lockVersion: disputes.lockVersion, evaluationId: disputes.evaluationId })
      .from(disputes)
      .where(eq(disputes.status, "open"));
    if (open.length === 0) return false;
    const d = open[rng.int(0, open.length - 1)];
    const [e] = await db
      .select({ reviewerId: evaluations.reviewerId, definition: scorecardVersions.definition })
      .from(evaluations)
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
      .where(eq(evaluations.id, d.evaluationId));
    const items = rows<{ criterion_key: string; proposed_value: number | null }>(
      await db.execute(sql`select criterion_key, proposed_value from dispute_items where dispute_id = ${d.id}`),
    );
    const def = e.definition as ScorecardDefinition;
    const decisions = Object.fromEntries(
      items.map((item) => {
        const criterion = findCriterion(def, item.criterion_key)!;
        const miss = item.proposed_value !== null && !isMet(criterion, item.proposed_value);
        return [item.criterion_key, { accept: rng.chance(0.6), rootCause: miss ? criterion.rootCauses[0] : null }];
      }),
    );
    const result = await resolveDispute({
      scope: people.clientScope,
      actorUserId: people.clientLeads.find((u) => u.id !== e.reviewerId)!.id,
      disputeId: d.id,
      decisions,
      note: "rollup test",
      expectedLockVersion: d.lockVersion,
      now,
    });
    return result.ok;
  },
  async tag(rng: Random, people: People) {
    const dsat = await db
      .select({ id: interactions.id })
      .from(interactions)
      .where(sql`${interactions.csat} <= 2`)
      .orderBy(sql`md5(${interactions.id}::text || ${String(rng.uint32())})`)
      .limit(1);
    if (dsat.length === 0) return false;
    const result = await tagDsatCase({
      scope: people.clientScope,
      actorUserId: people.trainer.id,
      interactionId: dsat[0].id,
      rootCause: rng.chance(0.5) ? "training_gap" : "process_gap",
      note: null,
      now,
    });
    return result.ok;
  },
  async submit(rng: Random, people: People) {
    const open = await db
      .select({ id: assignments.id, reviewerId: assignments.reviewerId, definition: scorecardVersions.definition })
      .from(assignments)
      .innerJoin(scorecardVersions, eq(scorecardVersions.id, assignments.scorecardVersionId))
      .where(eq(assignments.status, "pending"));
    if (open.length === 0) return false;
    const a = open[rng.int(0, open.length - 1)];
    const reviewer = people.all.find((u) => u.id === a.reviewerId)!;
    const def = a.definition as ScorecardDefinition;
    const entries = Object.fromEntries(
      listCriteria(def).map((c) => {
        const value = c.scale.options[rng.int(0, c.scale.options.length - 1)].value;
        return [c.key, { value, comment: "", rootCause: isMet(c, value) ? null : c.rootCauses[0] }];
      }),
    );
    const scope = reviewer.kind === "client" ? people.clientScope : vendorScope(reviewer.organizationId);
    const result = await saveAssignmentEvaluation({
      scope,
      reviewerId: reviewer.id,
      assignmentId: a.id,
      entries,
      expectedLockVersion: 0,
      submit: true,
      now,
    });
    return result.ok;
  },
  async importUpsert(rng: Random) {
    // Changes stored interactions (CSAT, queue, channel, start hour) and adds new ones, as a re-import does.
    const stored = await db
      .select()
      .from(interactions)
      .orderBy(sql`md5(${interactions.id}::text || ${String(rng.uint32())})`)
      .limit(4);
    const [batch] = await db
      .insert(importBatches)
      .values({ fileName: "mix.csv", format: "csv", source: stored[0].source })
      .returning({ id: importBatches.id });
    const hash = () => crypto.randomBytes(8).toString("hex");
    const changed: NewInteraction[] = stored.map(({ id: _id, createdAt: _c, updatedAt: _u, ...row }) => ({
      ...row,
      csat: rng.int(1, 5),
      queue: rng.chance(0.5) ? "billing" : row.queue,
      channel: rng.chance(0.3) ? "email" : row.channel,
      startedAt: new Date(row.startedAt.getTime() + rng.int(-30, 30) * 3_600_000),
      contentHash: hash(),
    }));
    const fresh: NewInteraction = { ...changed[0], externalId: `mix-${hash()}`, contentHash: hash() };
    const counts = await writeInteractionBatch([...changed, fresh], batch.id, {
      rowsRead: 5,
      rejected: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
    });
    return counts.updated + counts.inserted > 0;
  },
};

describe("KPI rollups", () => {
  beforeAll(async () => {
    await syncScorecards(path.resolve("scorecards"));
    await seedDemoData({ interactions: 2500, seed: 11, now });
  });

  it("are built by the seed exactly as a rebuild builds them", async () => {
    const seeded = await snapshot();
    expect(Object.keys(seeded.kpi_interaction_rollups).length).toBeGreaterThan(100);
    expect(Object.keys(seeded.kpi_evaluation_rollups).length).toBeGreaterThan(10);
    await rebuildKpiRollups();
    expect(await snapshot()).toEqual(seeded);
  });

  it("after a random mix of writes through the app's write paths, equal a rebuild from scratch", async () => {
    const people = await loadPeople();
    const rng = new Random(20261206);
    const names = Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[];
    const done: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const name = names[rng.int(0, names.length - 1)];
      if (await OPERATIONS[name](rng, people)) done[name] = (done[name] ?? 0) + 1;
    }
    // Every kind of write happened at least once (the mix is seeded, so this is stable).
    for (const name of names) expect(done[name] ?? 0, name).toBeGreaterThan(0);
    const incremental = await snapshot();
    await rebuildKpiRollups();
    expect(await snapshot()).toEqual(incremental);
  });

  describe("read in place of the base tables", () => {
    const windows: [string, string, KpiPeriod][] = [
      ["2026-03-20", "2026-06-15", "week"],
      ["2026-05-01", "2026-06-15", "day"],
      ["2026-02-01", "2026-06-30", "month"],
    ];
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"];
    const groupings: KpiDimension[][] = [
      ["vendor"],
      ["period", "vendor"],
      ["team"],
      ["period", "agent"],
      ["channel", "queue"],
      ["cohort", "period"],
      [],
    ];

    function compare(actual: KpiGroup[], expected: KpiGroup[]) {
      const index = (groups: KpiGroup[]) =>
        new Map(groups.map((g) => [JSON.stringify(Object.entries(g.keys).sort()), g.aggregate]));
      const a = index(actual);
      const e = index(expected);
      expect([...a.keys()].sort()).toEqual([...e.keys()].sort());
      for (const [key, aggregate] of e) {
        for (const field of KPI_AGGREGATE_FIELDS) {
          const got = a.get(key)![field];
          const want = aggregate[field];
          // Sums of float8 in the base query against exact numeric sums: equal to rounding.
          expect(Math.abs(got - want), `${key} ${field}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        }
      }
    }

    it("give the same sums for every grouping, period and whole-hour time zone, in every scope", async () => {
      const people = await loadPeople();
      const [vendor] = await db.select().from(organizations).where(eq(organizations.kind, "vendor")).limit(1);
      const [agent] = await db.select().from(agents).where(eq(agents.vendorId, vendor.id)).limit(1);
      const scopes: Scope[] = [
        people.clientScope,
        vendorScope(vendor.id),
        { kind: "vendor", organizationId: vendor.id, vendorId: vendor.id, agentId: agent.id },
      ];
      let compared = 0;
      for (const [fromDay, toDay, period] of windows)
        for (const timeZone of zones)
          for (const groupBy of groupings)
            for (const scope of scopes) {
              const w = customWindow(fromDay, toDay, timeZone, period);
              const q: KpiQuery = { scope, from: w.from, to: w.to, groupBy, period, timeZone };
              const fromRollups = await aggregateKpisFromRollups(q);
              expect(fromRollups, `${timeZone} ${groupBy.join(",")}`).not.toBeNull();
              compare(fromRollups!, await aggregateKpisFromBaseTables(q));
              compared++;
            }
      expect(compared).toBe(windows.length * zones.length * groupings.length * scopes.length);
      // 252 pairs of queries: generous room for a busy CI machine (this is not a speed check).
    }, 300_000);

    it("give the same sums with filters and for one reviewer's evaluations", async () => {
      const people = await loadPeople();
      const [agent] = await db.select().from(agents).limit(1);
      const [reviewer] = await db
        .select({ id: evaluations.reviewerId, vendorId: users.organizationId })
        .from(evaluations)
        .innerJoin(users, eq(users.id, evaluations.reviewerId))
        .where(eq(evaluations.status, "submitted"))
        .limit(1);
      const w = customWindow("2026-03-01", "2026-06-15", "Europe/Berlin", "week");
      const base = { from: w.from, to: w.to, period: "week" as const, timeZone: "Europe/Berlin" };
      const queries: KpiQuery[] = [
        { ...base, scope: people.clientScope, groupBy: ["period"], teamId: agent.teamId },
        { ...base, scope: people.clientScope, groupBy: ["agent"], vendorId: agent.vendorId },
        { ...base, scope: people.clientScope, groupBy: ["period", "queue"], channel: "chat" },
        { ...base, scope: people.clientScope, groupBy: ["period"], agentId: agent.id },
        { ...base, scope: people.clientScope, groupBy: ["period"], reviewerId: reviewer.id },
      ];
      for (const q of queries) {
        const fromRollups = await aggregateKpisFromRollups(q);
        expect(fromRollups).not.toBeNull();
        compare(fromRollups!, await aggregateKpisFromBaseTables(q));
      }
    });

    it("give the trainer view the same error, cohort and training counts", async () => {
      const people = await loadPeople();
      const [vendor] = await db.select().from(organizations).where(eq(organizations.kind, "vendor")).limit(1);
      const sortRows = <T>(r: T[]) => r.map((x) => JSON.stringify(x)).sort();
      let compared = 0;
      for (const weeks of [4, 12, 26])
        for (const timeZone of ["UTC", "America/New_York"])
          for (const [scope, vendorId] of [
            [people.clientScope, null],
            [people.clientScope, vendor.id],
            [vendorScope(vendor.id), null],
          ] as const) {
            const w = periodWindow(now, timeZone, "week", weeks);
            const f = { scope, from: w.from, to: w.to, vendorId };
            const errors = await errorRowsFromRollups(f);
            expect(errors!.length).toBeGreaterThan(0);
            expect(sortRows(errors!)).toEqual(sortRows(await errorRowsFromBaseTables(f)));
            expect(sortRows((await cohortRowsFromRollups(f))!)).toEqual(sortRows(await cohortRowsFromBaseTables(f)));
            const worst = [...errors!].sort((a, b) => b.errors - a.errors)[0];
            const drill = { ...f, scorecardId: worst.scorecardId, criterionKey: worst.criterionKey, limit: 5 };
            const misses = (await missRowsFromRollups(drill))!;
            expect(misses.length).toBeGreaterThan(0);
            // Same agents in the same order (ties broken by name, as the page shows them).
            expect(misses).toEqual(await missRowsFromBaseTables(drill));
            const training = (await trainingRowsFromRollups(f))!;
            const base = await trainingRowsFromBaseTables(f);
            for (const k of ["byVendor", "byTeam", "byCohort"] as const)
              expect(sortRows(training[k].map((r) => ({ ...r })))).toEqual(
                sortRows(base[k].map((r) => ({ ...r, errors: Number(r.errors) }))),
              );
            compared++;
          }
      expect(compared).toBe(18);
      // One agent's scope cannot read the vendor sums: the per-agent rollup answers, with the same rows.
      const [agent] = await db.select({ id: evaluations.agentId }).from(evaluations).limit(1);
      const w = periodWindow(now, "UTC", "week", 26);
      const agentFilter = { scope: { ...vendorScope(vendor.id), agentId: agent.id }, from: w.from, to: w.to };
      const own = (await errorRowsFromRollups(agentFilter))!;
      expect(own.length).toBeGreaterThan(0);
      expect(sortRows(own)).toEqual(sortRows(await errorRowsFromBaseTables(agentFilter)));
      expect(sortRows((await cohortRowsFromRollups(agentFilter))!)).toEqual(
        sortRows(await cohortRowsFromBaseTables(agentFilter)),
      );
    });

    it("give the home page the same vendor summaries and weakest criteria as the base tables", async () => {
      const people = await loadPeople();
      const since = new Date("2026-04-01T00:00:00Z");
      const summaries = await getVendorSummaries(people.clientScope, since, now);
      const expected = rows<Record<string, unknown>>(
        await db.execute(sql`
          select o.id, count(i.*)::int as interactions, avg(i.csat)::float8 as "averageCsat",
            avg(case when i.escalated then 1.0 else 0.0 end)::float8 as "escalationRate"
          from organizations o join interactions i on i.vendor_id = o.id and i.started_at >= ${since.toISOString()}
          group by o.id`),
      );
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) {
        const got = summaries.find((v) => v.id === e.id)!;
        expect(got.interactions).toBe(e.interactions);
        expect(got.averageCsat).toBeCloseTo(Number(e.averageCsat), 9);
        expect(got.escalationRate).toBeCloseTo(Number(e.escalationRate), 9);
      }
      const weakest = await listWeakestCriteria(people.clientScope, since, 8, 10, now);
      const reference = rows<{ scorecard_id: string; criterion_key: string; answers: number; fail_rate: number }>(
        await db.execute(sql`
          select v.scorecard_id, x.criterion_key, count(*)::int as answers,
            avg(case when x.met then 0.0 else 1.0 end)::float8 as fail_rate
          from evaluation_answers x join evaluations e on e.id = x.evaluation_id
          join scorecard_versions v on v.id = e.scorecard_version_id
          where e.status = 'submitted' and e.kind = 'standard' and e.submitted_at >= ${since.toISOString()} and not x.na
          group by 1, 2 having count(*) >= 10 order by 4 desc, 1, 2 limit 8`),
      );
      expect(weakest.length).toBe(reference.length);
      weakest.forEach((w, i) => {
        expect(w.answers).toBe(reference[i].answers);
        expect(w.failRate).toBeCloseTo(Number(reference[i].fail_rate), 9);
      });
    });

    it("leave the hour of day and half-hour time zones to the base tables", async () => {
      const people = await loadPeople();
      const kolkata = customWindow("2026-05-01", "2026-06-15", "Asia/Kolkata", "week");
      expect(
        await aggregateKpisFromRollups({
          scope: people.clientScope,
          from: kolkata.from,
          to: kolkata.to,
          groupBy: ["period", "vendor"],
          period: "week",
          timeZone: "Asia/Kolkata",
        }),
      ).toBeNull();
      const utc = customWindow("2026-05-01", "2026-06-15", "UTC", "week");
      expect(
        await aggregateKpisFromRollups({
          scope: people.clientScope,
          from: utc.from,
          to: utc.to,
          groupBy: ["hour"],
          timeZone: "UTC",
        }),
      ).toBeNull();
    });
  });
});
