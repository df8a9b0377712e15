/**
 * Test data for integration tests: each helper inserts real rows through the app's `db` (the fresh
 * per-file database that test/setup-db.ts points it at) and returns the inserted row.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll } from "vitest";
import { db } from "../db/client.server";
import {
  agents,
  calibrationItems,
  calibrationParticipants,
  calibrationSessions,
  evaluationAnswers,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
  type Agent,
  type CalibrationStatus,
  type Interaction,
  type Organization,
  type OrganizationKind,
  type ScorecardVersion,
  type Team,
  type TranscriptTurn,
  type User,
  type UserRole,
} from "../db/schema";
import { isMet, listCriteria, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "~/domain/scoring";
import { addToRollups } from "~/models/kpi-rollup.server";
import { createSession } from "~/models/session.server";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { hashPassword } from "~/utils/password.server";
import { commitSessionId } from "~/utils/session.server";

// A fixed secret keeps the app from generating one in .data/ of the working copy.
process.env.SESSION_SECRET ??= "integration-test-session-secret";

export const TEST_PASSWORD = "correct horse battery staple";
export const BASE_URL = "http://localhost";

let counter = 0;
/** Unique per test file run: files share nothing, but rows within a file must not collide. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomBytes(3).toString("hex")}`;
}

// argon2 is slow on purpose: hash the shared test password once per file.
let passwordHash: Promise<string> | undefined;
export function testPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

export async function createOrganization(input: { kind: OrganizationKind; name?: string }): Promise<Organization> {
  const slug = unique(input.kind);
  const [row] = await db
    .insert(organizations)
    .values({ slug, name: input.name ?? `Org ${slug}`, kind: input.kind })
    .returning();
  return row;
}

export async function createTeam(input: { vendor: Organization; name?: string }): Promise<Team> {
  const [row] = await db
    .insert(teams)
    .values({ vendorId: input.vendor.id, name: input.name ?? unique("team") })
    .returning();
  return row;
}

export async function createUser(input: {
  organization: Organization;
  role: UserRole;
  email?: string;
  name?: string;
  active?: boolean;
  timeZone?: string;
}): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({
      organizationId: input.organization.id,
      email: input.email ?? `${unique(input.role)}@example.test`,
      name: input.name ?? unique("User"),
      role: input.role,
      passwordHash: await testPasswordHash(),
      active: input.active ?? true,
      timeZone: input.timeZone ?? "UTC",
    })
    .returning();
  return row;
}

export async function createAgent(input: { team: Team; name?: string; user?: User }): Promise<Agent> {
  const externalId = unique("AG");
  const [row] = await db
    .insert(agents)
    .values({
      vendorId: input.team.vendorId,
      teamId: input.team.id,
      externalId,
      name: input.name ?? `Agent ${externalId}`,
      email: `${externalId.toLowerCase()}@vendor.test`,
      hireDate: "2024-01-15",
      trainingCohort: "2024-Q1",
      userId: input.user?.id ?? null,
    })
    .returning();
  return row;
}

const SHORT_TRANSCRIPT: TranscriptTurn[] = [
  { speaker: "customer", atSeconds: 0, text: "Hi, my parcel has not arrived." },
  { speaker: "agent", atSeconds: 20, text: "Hello, I'm sorry to hear that. Let me check the tracking for you." },
  { speaker: "agent", atSeconds: 75, text: "It is out for delivery today; you will have it before 6 pm." },
];

export async function createInteraction(input: {
  agent: Agent;
  startedAt?: Date;
  csat?: number | null;
  escalated?: boolean;
  /** Any other column (nps, fcr, handleTimeSeconds, ...). */
  values?: Partial<typeof interactions.$inferInsert>;
}): Promise<Interaction> {
  const startedAt = input.startedAt ?? new Date(Date.now() - 60 * 60 * 1000);
  // Like every write path of the app, the KPI rollups change in the same transaction.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(interactions)
      .values({
        source: "test",
        externalId: unique("INT"),
        channel: "chat",
        vendorId: input.agent.vendorId,
        teamId: input.agent.teamId,
        agentId: input.agent.id,
        queue: "orders",
        contactReason: "where_is_my_order",
        subject: "Parcel not delivered",
        startedAt,
        endedAt: new Date(startedAt.getTime() + 90_000),
        handleTimeSeconds: 90,
        csat: input.csat === undefined ? 4 : input.csat,
        escalated: input.escalated ?? false,
        transcript: SHORT_TRANSCRIPT,
        ...input.values,
      })
      .returning();
    await addToRollups(tx, { interactionIds: [row.id] });
    return row;
  });
}

/** A small valid scorecard file in the format of scorecards/README.md. */
export function scorecardYaml(slug: string, version = 1): string {
  return `scorecard: ${slug}
name: Test scorecard ${slug}
channel: chat
version: ${version}
pass_threshold: 80
sections:
  - key: basics
    label: Basics
    weight: 1
    criteria:
      - key: greeting
        label: Greeted the customer
        guideline: Said hello and offered help.
        scale: binary
      - key: accuracy
        label: Gave accurate information
        guideline: Every fact matched the knowledge base.
        scale: { type: 5-point, labels: [Poor, Weak, Adequate, Good, Excellent] }
        weight: 2
`;
}

/** A fresh temporary folder named `scorecards` (sync reports paths relative to its parent). */
export function makeScorecardsDir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-cards-"));
  tempDirs.push(parent);
  const dir = path.join(parent, "scorecards");
  fs.mkdirSync(dir);
  return dir;
}
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function writeScorecardFile(dir: string, slug: string, version: number, text: string): string {
  fs.mkdirSync(path.join(dir, slug), { recursive: true });
  const file = path.join(dir, slug, `v${version}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

/** Imports a published scorecard version through the real sync (parser, hash, transaction). */
export async function createScorecardVersion(input: { slug?: string } = {}): Promise<ScorecardVersion> {
  const slug = input.slug ?? unique("card");
  const dir = makeScorecardsDir();
  writeScorecardFile(dir, slug, 1, scorecardYaml(slug));
  const report = await syncScorecards(dir);
  if (report.refused.length > 0) throw new Error(`test scorecard refused: ${JSON.stringify(report.refused)}`);
  const [row] = await db
    .select({ version: scorecardVersions })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(eq(scorecards.slug, slug), eq(scorecardVersions.number, 1)));
  return row.version;
}

/**
 * A submitted standard evaluation with one answer per criterion, scored by the domain's scoring rules.
 * Answers default to every criterion's best value.
 */
export async function createEvaluation(input: {
  interaction: Interaction;
  version: ScorecardVersion;
  reviewer: User;
  answers?: Answers;
  submittedAt?: Date;
}) {
  const definition = input.version.definition as ScorecardDefinition;
  const criteria = listCriteria(definition);
  const answers: Answers =
    input.answers ?? Object.fromEntries(criteria.map((c) => [c.key, Math.max(...c.scale.options.map((o) => o.value))]));
  const score = scoreEvaluation(definition, answers);
  if (!score.complete)
    throw new Error(`incomplete test answers: ${JSON.stringify({ missing: score.missing, invalid: score.invalid })}`);
  return db.transaction(async (tx) => {
    const [evaluation] = await tx
      .insert(evaluations)
      .values({
        interactionId: input.interaction.id,
        scorecardVersionId: input.version.id,
        reviewerId: input.reviewer.id,
        vendorId: input.interaction.vendorId,
        agentId: input.interaction.agentId,
        kind: "standard",
        status: "submitted",
        rawScore: score.rawScore,
        finalScore: score.finalScore,
        passed: score.passed,
        criticalFailed: score.criticalFailures.length > 0,
        submittedAt: input.submittedAt ?? new Date(),
      })
      .returning();
    await tx.insert(evaluationAnswers).values(
      criteria.map((c) => {
        const value = answers[c.key];
        return value === "na"
          ? { evaluationId: evaluation.id, criterionKey: c.key, value: null, na: true, met: null }
          : {
              evaluationId: evaluation.id,
              criterionKey: c.key,
              value: value as number,
              na: false,
              met: isMet(c, value as number),
            };
      }),
    );
    await addToRollups(tx, { evaluationIds: [evaluation.id] });
    return evaluation;
  });
}

/**
 * A calibration session with its interactions and participants, inserted directly in the given status
 * (the lifecycle itself is tested through the models).
 */
export async function createCalibrationSession(input: {
  facilitator: User;
  version: ScorecardVersion;
  interactions: Interaction[];
  participants: User[];
  status?: CalibrationStatus;
  deadline?: Date;
  hideAgentNames?: boolean;
  benchmark?: User;
}) {
  const [session] = await db
    .insert(calibrationSessions)
    .values({
      organizationId: input.facilitator.organizationId,
      title: unique("Calibration"),
      facilitatorId: input.facilitator.id,
      scorecardVersionId: input.version.id,
      status: input.status ?? "open",
      deadline: input.deadline ?? new Date(Date.now() + 7 * 86_400_000),
      hideAgentNames: input.hideAgentNames ?? true,
      reference: input.benchmark ? "benchmark" : "consensus",
      benchmarkUserId: input.benchmark?.id ?? null,
    })
    .returning();
  if (input.interactions.length > 0)
    await db
      .insert(calibrationItems)
      .values(input.interactions.map((i, n) => ({ sessionId: session.id, interactionId: i.id, position: n + 1 })));
  if (input.participants.length > 0)
    await db
      .insert(calibrationParticipants)
      .values(
        input.participants.map((u) => ({ sessionId: session.id, userId: u.id, organizationId: u.organizationId })),
      );
  return session;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** The `name=value` part of a Set-Cookie header, ready for a Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0];
}

/** A signed-in session for the user and the Cookie header value that carries it. */
export async function signIn(user: User): Promise<{ sessionId: string; cookie: string }> {
  const sessionId = await createSession({ userId: user.id, ip: "10.0.0.1", userAgent: "vitest" });
  const cookie = cookiePair(await commitSessionId(new Request(BASE_URL), sessionId));
  return { sessionId, cookie };
}

/** A GET request (or any init) carrying the user's session cookie; `user: null` sends no cookie. */
export async function requestAs(user: User | null, pathname: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (user) headers.set("Cookie", (await signIn(user)).cookie);
  return new Request(new URL(pathname, BASE_URL), { ...init, headers });
}

/** A form POST like the browser sends, optionally with a cookie. */
export function formRequest(pathname: string, fields: Record<string, string>, cookie?: string): Request {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(new URL(pathname, BASE_URL), {
    method: "POST",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
}

/** What the server passes to loaders and actions (see server.js / app/load-context.ts). */
export const context = (clientIp: string | null = "10.0.0.1") => ({ clientIp });

/** Runs a loader/action that is expected to throw a Response (404, 403, redirect) and returns it. */
export async function thrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response, but the call returned normally");
}
