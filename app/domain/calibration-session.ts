/**
 * Calibration session rules that need no database: lifecycle, who may see and do what, blindness,
 * and which party a participant speaks for. Pure; the models enforce these on every query.
 */
import { can, type OrganizationKind, type Role } from "./permissions";

export const CALIBRATION_STATUSES = ["draft", "open", "revealed", "finalized"] as const;
export type CalibrationStatus = (typeof CALIBRATION_STATUSES)[number];

export const CALIBRATION_STATUS_LABELS: Record<CalibrationStatus, string> = {
  draft: "Draft",
  open: "Scoring",
  revealed: "Revealed",
  finalized: "Finalized",
};

export type CalibrationViewer = {
  id: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
};

export type SessionFacts = {
  organizationId: string;
  facilitatorId: string;
  status: CalibrationStatus;
};

export type CalibrationAccess = {
  /** Opens the session: setup, deadline, removal, reveal, consensus, finalize. */
  manage: boolean;
  /** Scores the session's interactions (only while open). */
  participate: boolean;
  /** Everyone's answers are visible: after reveal only, whoever is asking. */
  seesAll: boolean;
};

/**
 * Null when the viewer may not see the session at all. The facilitator and the client's calibration
 * leads manage; participants take part; nobody else learns that the session exists.
 */
export function calibrationAccess(
  viewer: CalibrationViewer,
  session: SessionFacts,
  isParticipant: boolean,
): CalibrationAccess | null {
  const manage =
    viewer.organizationId === session.organizationId &&
    (viewer.id === session.facilitatorId || can(viewer, "calibration:facilitate"));
  if (!manage && !isParticipant) return null;
  // A participant only sees a draft once it opens.
  if (!manage && session.status === "draft") return null;
  return {
    manage,
    participate: isParticipant,
    seesAll: session.status === "revealed" || session.status === "finalized",
  };
}

export type PartyKey = string;
export type Party = { key: PartyKey; label: string; kind: OrganizationKind };

/** Client QA and client reviewers are separate parties; each vendor is one party. */
export function partyOf(participant: {
  role: Role;
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
}): Party {
  if (participant.organizationKind === "vendor")
    return { key: participant.organizationId, label: participant.organizationName, kind: "vendor" };
  if (participant.role === "client_reviewer")
    return { key: "client_reviewer", label: "Client reviewers", kind: "client" };
  return { key: "client_qa", label: "Client QA", kind: "client" };
}

/**
 * What a vendor viewer sees of other vendors: the calibration is shared by the client's choice, but
 * another vendor's name and its people are not. Returns the label to show for a party.
 */
export function visiblePartyLabel(viewer: CalibrationViewer, party: Party, otherVendorIndex: number): string {
  if (viewer.organizationKind === "client" || party.kind === "client" || party.key === viewer.organizationId)
    return party.label;
  return `Other vendor ${otherVendorIndex}`;
}

/** Whether the agent's name (and vendor) of an interaction may be shown to this viewer. */
export function showsAgentName(
  viewer: CalibrationViewer,
  session: { hideAgentNames: boolean },
  interactionVendorId: string,
  access: CalibrationAccess,
): boolean {
  if (viewer.organizationKind === "vendor" && viewer.organizationId !== interactionVendorId) return false;
  return access.manage || !session.hideAgentNames;
}

export type RevealCheck = { ok: true } | { ok: false; message: string };

/** Reveal when every participant has submitted every interaction, or once the deadline has passed. */
export function checkReveal(input: {
  status: CalibrationStatus;
  deadline: Date;
  now: Date;
  participants: number;
  pendingParticipants: number;
}): RevealCheck {
  if (input.status !== "open")
    return { ok: false, message: "Only a session that is open for scoring can be revealed." };
  if (input.participants === 0) return { ok: false, message: "The session has no participants." };
  if (input.pendingParticipants > 0 && input.now < input.deadline)
    return {
      ok: false,
      message: `${input.pendingParticipants} participant(s) have not submitted every interaction and the deadline has not passed.`,
    };
  return { ok: true };
}

export function checkOpen(input: {
  status: CalibrationStatus;
  items: number;
  participants: number;
  deadline: Date;
  now: Date;
  hasBenchmark: boolean;
  needsBenchmark: boolean;
}): RevealCheck {
  if (input.status !== "draft") return { ok: false, message: "Only a draft can be opened." };
  if (input.items < 1) return { ok: false, message: "Add at least one interaction." };
  if (input.participants < 2) return { ok: false, message: "Add at least two participants." };
  if (input.needsBenchmark && !input.hasBenchmark)
    return { ok: false, message: "The benchmark reviewer must be one of the participants." };
  if (input.deadline <= input.now) return { ok: false, message: "Set a deadline in the future first." };
  return { ok: true };
}

export const CALIBRATION_TRANSITIONS: Record<string, { from: CalibrationStatus[]; to: CalibrationStatus }> = {
  open: { from: ["draft"], to: "open" },
  reveal: { from: ["open"], to: "revealed" },
  reopen: { from: ["revealed"], to: "open" },
  finalize: { from: ["revealed"], to: "finalized" },
};
