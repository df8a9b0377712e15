/**
 * Writes the generated demo data through the app's `db`, in one transaction: all of it or nothing. The big
 * tables (interactions, DSAT tags, evaluations and their answers, disputes) go through a bulk writer: COPY
 * on PostgreSQL and on PGlite, multi-row inserts on request (see copy.ts); both store the same rows. Interactions stream
 * from the generator in batches, so a million-row run never holds them all in memory.
 */
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { ScorecardDefinition } from "../../app/domain/scorecard-definition";
import { rebuildKpiRollups } from "../../app/models/kpi-rollup.server";
import { hashPassword } from "../../app/utils/password.server";
import { db, type Database } from "../client.server";
import {
  agents,
  assignments,
  disputeItems,
  disputes,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  interactionRootCauses,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
} from "../schema";
import { insertCalibrations } from "./calibrations";
import { createBulkWriter, type BulkMethod, type BulkWriter } from "./copy";
import { planDisputes, type SeededEvaluation } from "./disputes";
import { createDsatTagger, type DsatTag } from "./dsat-tags";
import { insertKpiTargets } from "./kpi-targets";
import {
  chooseReviewer,
  defaultEvaluationCount,
  generateEvaluation,
  pickVersion,
  Reservoir,
  reviewerBias,
  SCORECARD_BY_CHANNEL,
  type EvaluationCandidate,
  type PublishedVersion,
  type Reviewer,
} from "./evaluations";
import { DEFAULT_SEED, DEMO_PASSWORD, generateInteractions, generateWorld, type DemoWorld } from "./generate";
import { Random } from "./random";

export type SeedOptions = {
  interactions?: number;
  seed?: number;
  now?: Date;
  evaluations?: number;
  /** Called after each interaction batch, for progress output. */
  onProgress?: (inserted: number, total: number) => void;
  /** Called as each phase ends, with its wall-clock time ("commit" is the last). */
  onPhase?: (phase: string, seconds: number) => void;
  /** How the big tables are written: COPY (the default) or multi-row inserts. */
  method?: BulkMethod;
};

export type SeedSummary = {
  seed: number;
  now: string;
  organizations: number;
  users: number;
  teams: number;
  agents: number;
  interactions: number;
  evaluations: number;
  evaluationAnswers: number;
  openAssignments: number;
  /** Calibration sessions (finalized, open and draft) and their submitted calibration evaluations. */
  calibrationSessions: number;
  calibrationEvaluations: number;
  calibrationAnswers: number;
  kpiTargets: number;
  contextNotes: number;
  /** Disputes of standard evaluations (open and decided), their items, and the revisions accepted ones made. */
  disputes: number;
  disputeItems: number;
  evaluationRevisions: number;
  /** Root causes trainers put on DSAT interactions (CSAT 1 or 2). */
  dsatTags: number;
};

const INTERACTION_BATCH = 1000;
const OWN_RECENT_DAYS = 42;
const OWN_RECENT_EVALUATIONS = 6;
const EVALUATION_BATCH = 1000;
const ANSWER_BATCH = 5000;
const TAG_BATCH = 5000;

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export async function isDatabaseEmpty(): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return Number(row.n) === 0;
}

/** Published versions by scorecard slug, in version order. */
async function listPublishedVersions(tx: Tx): Promise<Map<string, PublishedVersion[]>> {
  const rows = await tx
    .select({
      id: scorecardVersions.id,
      slug: scorecards.slug,
      number: scorecardVersions.number,
      definition: scorecardVersions.definition,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(eq(scorecardVersions.status, "published"))
    .orderBy(asc(scorecards.slug), asc(scorecardVersions.number));
  const bySlug = new Map<string, PublishedVersion[]>();
  for (const row of rows) {
    const list = bySlug.get(row.slug) ?? [];
    list.push({ ...row, definition: row.definition as ScorecardDefinition });
    bySlug.set(row.slug, list);
  }
  return bySlug;
}

async function insertWorld(tx: Tx, world: DemoWorld, passwordHash: string): Promise<void> {
  await tx
    .insert(organizations)
    .values([world.client, ...world.vendors].map(({ id, slug, name, kind }) => ({ id, slug, name, kind })));
  await tx.insert(users).values(world.users.map((u) => ({ ...u, passwordHash })));
  await tx.insert(teams).values(world.teams.map(({ id, vendorId, name }) => ({ id, vendorId, name })));
  await tx.insert(agents).values(
    world.agents.map(({ id, vendorId, teamId, externalId, name, email, hireDate, trainingCohort, userId }) => ({
      id,
      vendorId,
      teamId,
      externalId,
      name,
      email,
      hireDate,
      trainingCohort,
      userId,
    })),
  );
}

function* chunk<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Wall-clock time per phase: `next` ends the running phase and starts another. */
class Phases {
  private current: { name: string; started: number } | null = null;
  constructor(private readonly report?: (phase: string, seconds: number) => void) {}
  next(name: string | null): void {
    const at = performance.now();
    if (this.current) this.report?.(this.current.name, (at - this.current.started) / 1000);
    this.current = name === null ? null : { name, started: at };
  }
}

/**
 * Seeds demo data in one transaction: if anything fails, nothing is left behind and the next start
 * seeds again from an empty database.
 */
export async function seedDemoData(options: SeedOptions = {}): Promise<SeedSummary> {
  const phases = new Phases(options.onPhase);
  phases.next("password hash");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  try {
    return await db.transaction(async (tx) => {
      const summary = await seedInTransaction(tx, options, passwordHash, phases);
      phases.next("commit");
      return summary;
    });
  } finally {
    phases.next(null);
  }
}

async function seedInTransaction(
  tx: Tx,
  options: SeedOptions,
  passwordHash: string,
  phases: Phases,
): Promise<SeedSummary> {
  const count = options.interactions ?? 10_000;
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? new Date();
  const wanted = options.evaluations ?? defaultEvaluationCount(count);

  phases.next("world");
  const writer = createBulkWriter(tx, options.method);
  const versions = await listPublishedVersions(tx);
  if (versions.size === 0) {
    throw new Error(
      "No published scorecard versions in the database: run scorecards:sync first (npm run scorecards:sync).",
    );
  }

  const world = generateWorld({ seed, now });
  // argon2 is slow on purpose: one hash, shared by every demo user.
  await insertWorld(tx, world, passwordHash);

  // Interactions stream in; a uniform sample of the scoreable ones is kept for evaluations, and the DSAT
  // ones trainers have tagged are collected (a small share: a few tens of thousands at a million).
  phases.next("interactions");
  const root = new Random(seed);
  const sample = new Reservoir<EvaluationCandidate>(wanted, root.fork("evaluation-sample"));
  // Agents who can sign in get a few recent evaluations of their own, so their pages are not empty.
  const ownRecent = new Map<string, Reservoir<EvaluationCandidate>>();
  const recentSince = now.getTime() - OWN_RECENT_DAYS * 86_400_000;
  for (const agent of world.agents)
    if (agent.userId) ownRecent.set(agent.id, new Reservoir(OWN_RECENT_EVALUATIONS, root.fork(`own-${agent.id}`)));
  const tagDsat = createDsatTagger(root.fork("dsat-tags"), world);
  const tags: DsatTag[] = [];
  let inserted = 0;
  function* interactionBatches() {
    for (const batch of generateInteractions(world, { count, batchSize: INTERACTION_BATCH })) {
      for (const i of batch) {
        const tag = tagDsat(i);
        if (tag) tags.push(tag);
        if (!versions.has(SCORECARD_BY_CHANNEL[i.channel])) continue;
        const { id, channel, vendorId, agentId, startedAt, endedAt, csat, escalated } = i;
        const candidate = { id, channel, vendorId, agentId, startedAt, endedAt, csat, escalated };
        sample.offer(candidate);
        if (startedAt.getTime() >= recentSince) ownRecent.get(agentId)?.offer(candidate);
      }
      yield batch;
      // Back here once the writer has taken the batch.
      inserted += batch.length;
      options.onProgress?.(inserted, count);
    }
  }
  await writer.write(interactions, interactionBatches());

  phases.next("dsat tags");
  const dsatTags = await writer.write(interactionRootCauses, chunk(tags, TAG_BATCH));

  phases.next("evaluations");
  const sampled = new Set(sample.items.map((c) => c.id));
  const extra = [...ownRecent.values()].flatMap((r) => r.items).filter((c) => !sampled.has(c.id));
  const { seeded, ...evaluationCounts } = await insertEvaluations(
    writer,
    world,
    versions,
    [...sample.items, ...extra],
    root.fork("evaluations"),
  );

  phases.next("disputes");
  const planned = planDisputes(root.fork("disputes"), { world, evaluations: seeded });
  const disputeCounts = {
    disputes: await writer.write(disputes, chunk(planned.disputes, TAG_BATCH)),
    disputeItems: await writer.write(disputeItems, chunk(planned.items, TAG_BATCH)),
    evaluationRevisions: await writer.write(evaluationRevisions, chunk(planned.revisions, TAG_BATCH)),
  };

  // Fresh planner statistics for the queries below and anything that runs after the seed.
  phases.next("analyze");
  await tx.execute(sql`analyze interactions, evaluations, evaluation_answers, interaction_root_causes`);

  phases.next("assignments");
  const openAssignments = await insertOpenAssignments(tx, world, versions, root.fork("assignments"));
  // Last: calibrations use only interactions with no evaluation or assignment, so the above stay as they are.
  phases.next("calibrations");
  const calibrationCounts = await insertCalibrations(tx, world, versions, root.fork("calibrations"));
  phases.next("kpi targets");
  const kpiCounts = await insertKpiTargets(tx, world);

  // Every row the seed writes is in by now. Work derived from them goes here, still inside the
  // transaction, each as a phase of its own. Last: the KPI rollups are built from everything above.
  phases.next("kpi rollups");
  await rebuildKpiRollups(tx);
  return {
    seed,
    now: now.toISOString(),
    organizations: 1 + world.vendors.length,
    users: world.users.length,
    teams: world.teams.length,
    agents: world.agents.length,
    interactions: inserted,
    ...evaluationCounts,
    openAssignments,
    ...calibrationCounts,
    ...kpiCounts,
    ...disputeCounts,
    dsatTags,
  };
}

const OPEN_ASSIGNMENTS_PER_REVIEWER = 6;

/**
 * A few open assignments per QA reviewer from the last week's unevaluated interactions, so every
 * reviewer's queue has work on day one (vendor reviewers get their own vendor's, client reviewers any).
 */
async function insertOpenAssignments(tx: Tx, world: DemoWorld, versions: Map<string, PublishedVersion[]>, rng: Random) {
  const recent = await tx
    .select({
      id: interactions.id,
      channel: interactions.channel,
      vendorId: interactions.vendorId,
      agentId: interactions.agentId,
    })
    .from(interactions)
    .where(
      and(
        gte(interactions.startedAt, new Date(world.now.getTime() - 7 * 86_400_000)),
        sql`not exists (select 1 from ${evaluations} where ${evaluations.interactionId} = ${interactions.id})`,
      ),
    )
    .orderBy(desc(interactions.startedAt), asc(interactions.id))
    .limit(1000);
  const taken = new Set<string>();
  const rows: (typeof assignments.$inferInsert)[] = [];
  const reviewersInOrder = world.users.filter((u) => u.role === "qa_specialist" || u.role === "qa_lead");
  for (const reviewer of reviewersInOrder) {
    const isClient = reviewer.organizationId === world.client.id;
    const mine = recent.filter((i) => !taken.has(i.id) && (isClient || i.vendorId === reviewer.organizationId));
    for (const interaction of mine.slice(0, OPEN_ASSIGNMENTS_PER_REVIEWER)) {
      const pinned = versions.get(SCORECARD_BY_CHANNEL[interaction.channel])?.at(-1);
      if (!pinned) continue;
      taken.add(interaction.id);
      rows.push({
        interactionId: interaction.id,
        reviewerId: reviewer.id,
        scorecardVersionId: pinned.id,
        vendorId: interaction.vendorId,
        agentId: interaction.agentId,
        // Some already overdue, so leads see backlog aging on day one.
        dueAt: new Date(world.now.getTime() + rng.int(-2, 5) * 86_400_000),
        createdAt: new Date(world.now.getTime() - rng.int(0, 4) * 86_400_000),
      });
    }
  }
  if (rows.length > 0) await tx.insert(assignments).values(rows);
  return rows.length;
}

async function insertEvaluations(
  writer: BulkWriter,
  world: DemoWorld,
  versions: Map<string, PublishedVersion[]>,
  candidates: EvaluationCandidate[],
  rng: Random,
): Promise<{ evaluations: number; evaluationAnswers: number; seeded: SeededEvaluation[] }> {
  const agentsById = new Map(world.agents.map((a) => [a.id, a]));
  const reviewersOf = (organizationId: string, isVendor: boolean): Reviewer[] =>
    world.users
      .filter((u) => u.organizationId === organizationId && (u.role === "qa_specialist" || u.role === "qa_lead"))
      .map((u) => ({ ...u, bias: reviewerBias(u, isVendor) }));
  const clientReviewers = reviewersOf(world.client.id, false);
  const vendorReviewers = new Map(world.vendors.map((v) => [v.id, reviewersOf(v.id, true)]));

  // Reservoir order depends on replacement history; time order reads better and is just as deterministic.
  const ordered = [...candidates].sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id),
  );
  // A few thousand evaluations even at a million interactions: generated up front, then written in bulk.
  const seeded: SeededEvaluation[] = [];
  const generated = ordered.map((interaction) => {
    const version = pickVersion(
      versions.get(SCORECARD_BY_CHANNEL[interaction.channel]),
      interaction.startedAt,
      world.now,
    )!;
    const reviewer = chooseReviewer(rng, vendorReviewers.get(interaction.vendorId) ?? [], clientReviewers);
    const g = generateEvaluation(rng, {
      interaction,
      version,
      agent: agentsById.get(interaction.agentId)!,
      reviewer,
      now: world.now,
    });
    seeded.push({
      id: g.evaluation.id,
      agentId: g.evaluation.agentId,
      vendorId: g.evaluation.vendorId,
      reviewerId: g.evaluation.reviewerId,
      submittedAt: g.evaluation.submittedAt!,
      passed: g.evaluation.passed ?? null,
      finalScore: g.evaluation.finalScore ?? null,
      version,
      answers: g.answers.map((a) => ({ criterionKey: a.criterionKey, value: a.value ?? null, na: a.na ?? false })),
    });
    return g;
  });
  const evaluationCount = await writer.write(
    evaluations,
    chunk(
      generated.map((g) => g.evaluation),
      EVALUATION_BATCH,
    ),
  );
  const answerCount = await writer.write(
    evaluationAnswers,
    chunk(
      generated.flatMap((g) => g.answers),
      ANSWER_BATCH,
    ),
  );
  return { evaluations: evaluationCount, evaluationAnswers: answerCount, seeded };
}
