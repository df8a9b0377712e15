import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  agents,
  calibrationItems,
  calibrationParticipants,
  calibrationSessions,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  users,
} from "../../db/schema";
import {
  calibrationAccess,
  partyOf,
  showsAgentName,
  visiblePartyLabel,
  type CalibrationAccess,
  type CalibrationViewer,
  type Party,
} from "~/domain/calibration-session";
import { isUuid } from "~/domain/ids";
import { can } from "~/domain/permissions";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";

export type SessionParticipant = {
  userId: string;
  /** Display name; another vendor's people are shown as "Other vendor N · reviewer M" to vendor viewers. */
  name: string;
  party: Party;
  partyLabel: string;
  isBenchmark: boolean;
  submitted: number;
  drafts: number;
};

export type SessionItem = {
  interactionId: string;
  position: number;
  externalId: string;
  channel: string;
  subject: string | null;
  contactReason: string;
  /** Null when the viewer may not see who handled it. */
  agentName: string | null;
  vendorName: string | null;
};

export type LoadedSession = {
  session: typeof calibrationSessions.$inferSelect;
  access: CalibrationAccess;
  definition: ScorecardDefinition;
  scorecardName: string;
  scorecardSlug: string;
  versionNumber: number;
  facilitatorName: string;
  participants: SessionParticipant[];
  items: SessionItem[];
};

/**
 * A session as this viewer may see it, or null when it does not exist for them (outside their
 * organisation, not a participant, or a participant looking at a draft). Answers are loaded separately,
 * so blindness is decided in one place: `listVisibleAnswers`.
 */
export async function getCalibrationSession(
  viewer: CalibrationViewer,
  sessionId: string,
): Promise<LoadedSession | null> {
  if (!isUuid(sessionId)) return null;
  const facilitators = users;
  const [row] = await db
    .select({
      session: calibrationSessions,
      definition: scorecardVersions.definition,
      versionNumber: scorecardVersions.number,
      scorecardName: scorecards.name,
      scorecardSlug: scorecards.slug,
      facilitatorName: facilitators.name,
    })
    .from(calibrationSessions)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .innerJoin(facilitators, eq(facilitators.id, calibrationSessions.facilitatorId))
    .where(eq(calibrationSessions.id, sessionId));
  if (!row) return null;

  const participantRows = await listParticipantRows(sessionId);
  const isParticipant = participantRows.some((p) => p.userId === viewer.id);
  const access = calibrationAccess(viewer, row.session, isParticipant);
  if (!access) return null;

  const itemRows = await db
    .select({
      interactionId: calibrationItems.interactionId,
      position: calibrationItems.position,
      externalId: interactions.externalId,
      channel: interactions.channel,
      subject: interactions.subject,
      contactReason: interactions.contactReason,
      vendorId: interactions.vendorId,
      agentName: agents.name,
      vendorName: organizations.name,
    })
    .from(calibrationItems)
    .innerJoin(interactions, eq(interactions.id, calibrationItems.interactionId))
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
    .where(eq(calibrationItems.sessionId, sessionId))
    .orderBy(asc(calibrationItems.position));

  // The interaction's vendor id stays here: for a vendor viewer it may be another vendor's.
  const items = itemRows.map(({ vendorId, ...item }) => {
    const named = showsAgentName(viewer, row.session, vendorId, access);
    const ownVendor = viewer.organizationKind === "client" || viewer.organizationId === vendorId;
    return { ...item, agentName: named ? item.agentName : null, vendorName: ownVendor ? item.vendorName : null };
  });

  return {
    session: row.session,
    access,
    definition: row.definition as ScorecardDefinition,
    scorecardName: row.scorecardName,
    scorecardSlug: row.scorecardSlug,
    versionNumber: row.versionNumber,
    facilitatorName: row.facilitatorName,
    participants: presentParticipants(viewer, row.session.benchmarkUserId, participantRows),
    items,
  };
}

async function listParticipantRows(sessionId: string) {
  return db
    .select({
      userId: calibrationParticipants.userId,
      name: users.name,
      role: users.role,
      organizationId: calibrationParticipants.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      submitted: sql<number>`(select count(*)::int from ${evaluations} where ${evaluations.calibrationSessionId} = ${calibrationParticipants.sessionId} and ${evaluations.reviewerId} = ${calibrationParticipants.userId} and ${evaluations.status} = 'submitted')`,
      drafts: sql<number>`(select count(*)::int from ${evaluations} where ${evaluations.calibrationSessionId} = ${calibrationParticipants.sessionId} and ${evaluations.reviewerId} = ${calibrationParticipants.userId} and ${evaluations.status} = 'draft')`,
    })
    .from(calibrationParticipants)
    .innerJoin(users, eq(users.id, calibrationParticipants.userId))
    .innerJoin(organizations, eq(organizations.id, calibrationParticipants.organizationId))
    .where(eq(calibrationParticipants.sessionId, sessionId))
    .orderBy(asc(organizations.kind), asc(organizations.name), asc(users.name));
}

function presentParticipants(
  viewer: CalibrationViewer,
  benchmarkUserId: string | null,
  rows: Awaited<ReturnType<typeof listParticipantRows>>,
): SessionParticipant[] {
  const otherVendors = new Map<string, number>();
  const reviewerNumbers = new Map<string, number>();
  return rows.map((row) => {
    const party = partyOf(row);
    if (party.kind === "vendor" && party.key !== viewer.organizationId && !otherVendors.has(party.key))
      otherVendors.set(party.key, otherVendors.size + 1);
    const partyLabel = visiblePartyLabel(viewer, party, otherVendors.get(party.key) ?? 0);
    let name = row.name;
    if (partyLabel !== party.label) {
      const n = (reviewerNumbers.get(party.key) ?? 0) + 1;
      reviewerNumbers.set(party.key, n);
      name = `${partyLabel} · reviewer ${n}`;
    }
    return {
      userId: row.userId,
      name,
      party,
      partyLabel,
      isBenchmark: row.userId === benchmarkUserId,
      submitted: row.submitted,
      drafts: row.drafts,
    };
  });
}

export type CalibrationListRow = {
  id: string;
  title: string;
  status: (typeof calibrationSessions.status.enumValues)[number];
  deadline: Date;
  scorecardName: string;
  versionNumber: number;
  facilitatorName: string;
  items: number;
  participants: number;
  createdAt: Date;
};

/** Sessions the viewer manages (client calibration leads: all of their organisation's) or takes part in. */
export async function listCalibrationSessions(viewer: CalibrationViewer, limit = 200): Promise<CalibrationListRow[]> {
  const participates = sql`exists (select 1 from ${calibrationParticipants} where ${calibrationParticipants.sessionId} = ${calibrationSessions.id} and ${calibrationParticipants.userId} = ${viewer.id})`;
  const manages = can(viewer, "calibration:facilitate")
    ? eq(calibrationSessions.organizationId, viewer.organizationId)
    : and(
        eq(calibrationSessions.organizationId, viewer.organizationId),
        eq(calibrationSessions.facilitatorId, viewer.id),
      );
  return db
    .select({
      id: calibrationSessions.id,
      title: calibrationSessions.title,
      status: calibrationSessions.status,
      deadline: calibrationSessions.deadline,
      scorecardName: scorecards.name,
      versionNumber: scorecardVersions.number,
      facilitatorName: users.name,
      items: sql<number>`(select count(*)::int from ${calibrationItems} where ${calibrationItems.sessionId} = ${calibrationSessions.id})`,
      participants: sql<number>`(select count(*)::int from ${calibrationParticipants} where ${calibrationParticipants.sessionId} = ${calibrationSessions.id})`,
      createdAt: calibrationSessions.createdAt,
    })
    .from(calibrationSessions)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, calibrationSessions.scorecardVersionId))
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .innerJoin(users, eq(users.id, calibrationSessions.facilitatorId))
    .where(or(manages, and(participates, sql`${calibrationSessions.status} <> 'draft'`)))
    .orderBy(desc(calibrationSessions.createdAt))
    .limit(limit);
}

export type PendingCalibration = {
  id: string;
  title: string;
  deadline: Date;
  items: number;
  submitted: number;
};

/** The viewer's inbox: open sessions where they still have interactions to submit, soonest deadline first. */
export async function listPendingCalibrations(userId: string): Promise<PendingCalibration[]> {
  const submitted = sql<number>`(select count(*)::int from ${evaluations} where ${evaluations.calibrationSessionId} = ${calibrationSessions.id} and ${evaluations.reviewerId} = ${userId} and ${evaluations.status} = 'submitted')`;
  const items = sql<number>`(select count(*)::int from ${calibrationItems} where ${calibrationItems.sessionId} = ${calibrationSessions.id})`;
  const rows = await db
    .select({
      id: calibrationSessions.id,
      title: calibrationSessions.title,
      deadline: calibrationSessions.deadline,
      items,
      submitted,
    })
    .from(calibrationParticipants)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, calibrationParticipants.sessionId))
    .where(and(eq(calibrationParticipants.userId, userId), eq(calibrationSessions.status, "open")))
    .orderBy(asc(calibrationSessions.deadline));
  return rows.filter((r) => r.submitted < r.items);
}

/** Client users who may take part, with vendors' QA teams: the facilitator's pick list. */
export async function listEligibleParticipants() {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.active, true), inArray(users.role, ["qa_lead", "qa_specialist", "client_reviewer"])))
    .orderBy(asc(organizations.kind), asc(organizations.name), asc(users.name));
  return rows.filter((u) => can(u, "calibration:participate"));
}
