import { and, asc, desc, eq, gte, inArray, lt, notExists, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  agents,
  calibrationItems,
  calibrationParticipants,
  calibrationSessions,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import type { CalibrationViewer } from "~/domain/calibration-session";
import { isUuid } from "~/domain/ids";
import { can } from "~/domain/permissions";
import { recordAudit } from "./audit.server";
import { abort, withManagedSession } from "./calibration-manage.server";

export const MAX_CALIBRATION_ITEMS = 50;
export const MAX_CALIBRATION_PARTICIPANTS = 40;

export type CreateSessionInput = {
  viewer: CalibrationViewer;
  title: string;
  scorecardVersionId: string;
  deadline: Date;
  hideAgentNames: boolean;
};

export async function createCalibrationSession(
  input: CreateSessionInput,
): Promise<{ ok: true; id: string } | { ok: false; field: string; message: string }> {
  if (!can(input.viewer, "calibration:facilitate"))
    return { ok: false, field: "form", message: "Only client QA leads and admins facilitate calibration." };
  if (!isUuid(input.scorecardVersionId))
    return { ok: false, field: "scorecardVersionId", message: "Choose a scorecard version." };
  const [version] = await db
    .select({ id: scorecardVersions.id, status: scorecardVersions.status })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.id, input.scorecardVersionId));
  if (!version || version.status !== "published")
    return { ok: false, field: "scorecardVersionId", message: "Choose a published scorecard version." };
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(calibrationSessions)
      .values({
        organizationId: input.viewer.organizationId,
        title: input.title,
        facilitatorId: input.viewer.id,
        scorecardVersionId: version.id,
        deadline: input.deadline,
        hideAgentNames: input.hideAgentNames,
      })
      .returning({ id: calibrationSessions.id });
    await recordAudit(
      {
        actorUserId: input.viewer.id,
        organizationId: input.viewer.organizationId,
        action: "calibration.create",
        entity: "calibration_session",
        entityId: created.id,
      },
      tx,
    );
    return { ok: true, id: created.id } as const;
  });
}

/** Published versions a session can use, newest first per scorecard. */
export async function listCalibrationVersions() {
  return db
    .select({
      id: scorecardVersions.id,
      number: scorecardVersions.number,
      scorecardName: scorecards.name,
      channel: scorecards.channel,
    })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(eq(scorecardVersions.status, "published"))
    .orderBy(asc(scorecards.name), desc(scorecardVersions.number));
}

export type CandidateFilter = {
  vendorId?: string | null;
  channel?: "call" | "chat" | "email" | null;
  from?: Date | null;
  to?: Date | null;
};

function candidateWhere(sessionId: string, filter: CandidateFilter) {
  return and(
    filter.vendorId && isUuid(filter.vendorId) ? eq(interactions.vendorId, filter.vendorId) : undefined,
    filter.channel ? eq(interactions.channel, filter.channel) : undefined,
    filter.from ? gte(interactions.startedAt, filter.from) : undefined,
    filter.to ? lt(interactions.startedAt, filter.to) : undefined,
    notExists(
      db
        .select({ one: sql`1` })
        .from(calibrationItems)
        .where(and(eq(calibrationItems.sessionId, sessionId), eq(calibrationItems.interactionId, interactions.id))),
    ),
  );
}

/** Interactions matching the filter that are not in the session yet, newest first (the hand-pick list). */
export async function listCandidateInteractions(sessionId: string, filter: CandidateFilter, limit = 25) {
  if (!isUuid(sessionId)) return [];
  return db
    .select({
      id: interactions.id,
      externalId: interactions.externalId,
      channel: interactions.channel,
      subject: interactions.subject,
      contactReason: interactions.contactReason,
      startedAt: interactions.startedAt,
      agentName: agents.name,
      vendorName: organizations.name,
    })
    .from(interactions)
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
    .where(candidateWhere(sessionId, filter))
    .orderBy(desc(interactions.startedAt))
    .limit(limit);
}

async function nextPosition(tx: Parameters<Parameters<typeof withManagedSession>[4]>[0], sessionId: string) {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${calibrationItems.position}), 0)::int` })
    .from(calibrationItems)
    .where(eq(calibrationItems.sessionId, sessionId));
  return row.max + 1;
}

async function countItems(tx: Parameters<Parameters<typeof withManagedSession>[4]>[0], sessionId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(calibrationItems)
    .where(eq(calibrationItems.sessionId, sessionId));
  return row.n;
}

/** Adds hand-picked interactions (draft only). Unknown ids are refused, already-added ones ignored. */
export function addCalibrationItems(viewer: CalibrationViewer, sessionId: string, interactionIds: string[]) {
  return withManagedSession(viewer, sessionId, ["draft"], "calibration.items_add", async (tx) => {
    const ids = [...new Set(interactionIds)];
    if (ids.length === 0 || ids.some((id) => !isUuid(id))) abort("invalid", "Pick at least one interaction.");
    const found = await tx.select({ id: interactions.id }).from(interactions).where(inArray(interactions.id, ids));
    if (found.length !== ids.length) abort("invalid", "Some of the picked interactions do not exist.");
    const existing = await tx
      .select({ id: calibrationItems.interactionId })
      .from(calibrationItems)
      .where(and(eq(calibrationItems.sessionId, sessionId), inArray(calibrationItems.interactionId, ids)));
    const fresh = ids.filter((id) => !existing.some((e) => e.id === id));
    if ((await countItems(tx, sessionId)) + fresh.length > MAX_CALIBRATION_ITEMS)
      abort("invalid", `A session holds at most ${MAX_CALIBRATION_ITEMS} interactions.`);
    let position = await nextPosition(tx, sessionId);
    if (fresh.length > 0)
      await tx
        .insert(calibrationItems)
        .values(fresh.map((interactionId) => ({ sessionId, interactionId, position: position++ })));
    return fresh.length;
  });
}

/** Adds `count` interactions picked at random from those matching the filter (draft only). */
export function addRandomCalibrationItems(
  viewer: CalibrationViewer,
  sessionId: string,
  filter: CandidateFilter,
  count: number,
) {
  return withManagedSession(viewer, sessionId, ["draft"], "calibration.items_random", async (tx) => {
    if (!Number.isInteger(count) || count < 1) abort("invalid", "Pick at least one interaction.");
    if ((await countItems(tx, sessionId)) + count > MAX_CALIBRATION_ITEMS)
      abort("invalid", `A session holds at most ${MAX_CALIBRATION_ITEMS} interactions.`);
    const picked = await tx
      .select({ id: interactions.id })
      .from(interactions)
      .where(candidateWhere(sessionId, filter))
      .orderBy(sql`random()`)
      .limit(count);
    if (picked.length === 0) abort("invalid", "No interaction matches that filter.");
    let position = await nextPosition(tx, sessionId);
    await tx
      .insert(calibrationItems)
      .values(picked.map((p) => ({ sessionId, interactionId: p.id, position: position++ })));
    return picked.length;
  });
}

export function removeCalibrationItem(viewer: CalibrationViewer, sessionId: string, interactionId: string) {
  return withManagedSession(viewer, sessionId, ["draft"], "calibration.item_remove", async (tx) => {
    if (!isUuid(interactionId)) abort("invalid", "No such interaction in this session.");
    await tx
      .delete(calibrationItems)
      .where(and(eq(calibrationItems.sessionId, sessionId), eq(calibrationItems.interactionId, interactionId)));
  });
}

/** Adds participants (draft or open: a late joiner scores blind like everyone else). */
export function addCalibrationParticipants(viewer: CalibrationViewer, sessionId: string, userIds: string[]) {
  return withManagedSession(viewer, sessionId, ["draft", "open"], "calibration.participants_add", async (tx) => {
    const ids = [...new Set(userIds)];
    if (ids.length === 0 || ids.some((id) => !isUuid(id))) abort("invalid", "Pick at least one person.");
    const people = await tx
      .select({
        id: users.id,
        role: users.role,
        active: users.active,
        organizationId: users.organizationId,
        organizationKind: organizations.kind,
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(inArray(users.id, ids));
    if (people.length !== ids.length || people.some((p) => !p.active || !can(p, "calibration:participate")))
      abort("invalid", "Only active QA leads, QA specialists and client reviewers can take part.");
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(calibrationParticipants)
      .where(eq(calibrationParticipants.sessionId, sessionId));
    if (n + ids.length > MAX_CALIBRATION_PARTICIPANTS)
      abort("invalid", `A session holds at most ${MAX_CALIBRATION_PARTICIPANTS} participants.`);
    await tx
      .insert(calibrationParticipants)
      .values(people.map((p) => ({ sessionId, userId: p.id, organizationId: p.organizationId })))
      .onConflictDoNothing();
  });
}

export type SessionSettings = {
  title: string;
  deadline: Date;
  hideAgentNames: boolean;
  reference: "consensus" | "benchmark";
  benchmarkUserId: string | null;
};

/** Title, deadline, agent names and reference, while the session is a draft. */
export function updateCalibrationSettings(
  viewer: CalibrationViewer,
  sessionId: string,
  settings: SessionSettings,
  expectedLockVersion: number,
) {
  return withManagedSession(
    viewer,
    sessionId,
    ["draft"],
    "calibration.settings",
    async (tx) => {
      if (settings.reference === "benchmark" && !settings.benchmarkUserId)
        abort("invalid", "Choose the benchmark reviewer, or use the consensus as the reference.");
      await tx
        .update(calibrationSessions)
        .set({
          title: settings.title,
          deadline: settings.deadline,
          hideAgentNames: settings.hideAgentNames,
          reference: settings.reference,
          benchmarkUserId: settings.reference === "benchmark" ? settings.benchmarkUserId : null,
        })
        .where(eq(calibrationSessions.id, sessionId));
    },
    expectedLockVersion,
  );
}

/** Vendors for the facilitator's interaction filter (facilitators are client users and see every vendor). */
export async function listVendorOptions() {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.kind, "vendor"))
    .orderBy(asc(organizations.name));
}
