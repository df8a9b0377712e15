/**
 * Shared setup for the calibration integration tests: a client, two vendors and their people, two
 * interactions (one per vendor), a scorecard version, and helpers that call the calibration routes'
 * loaders and actions the way Remix does (a signed-in cookie, real form posts).
 *
 * The scorecard is factories.ts's `scorecardYaml`: greeting (binary 0/1, pass at 1) and accuracy
 * (5-point 1..5, pass at 3). A submission needs both answered and a root cause for each miss.
 */
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { db } from "../../db/client.server";
import {
  interactions,
  type Agent,
  type Interaction,
  type Organization,
  type ScorecardVersion,
  type TranscriptTurn,
  type User,
} from "../../db/schema";
import type { CalibrationViewer } from "~/domain/calibration-session";
import {
  BASE_URL,
  context,
  createAgent,
  createInteraction,
  createOrganization,
  createScorecardVersion,
  createTeam,
  createUser,
  requestAs,
  signIn,
} from "../factories";

export const VENDOR_A_NAME = "Alphaworx Secret Outsourcing";
export const VENDOR_B_NAME = "Bravado Support Ltd";
export const AGENT_A_NAME = "Agent Alice Unique";
export const AGENT_B_NAME = "Agent Bob Bravado";
/** Vendor A's calibration participant: vendor B must never learn this name. */
export const VENDOR_A_REVIEWER_NAME = "Valentina Alphaworx-Reviewer";
export const VENDOR_B_REVIEWER_NAME = "Bruno Bravado-Reviewer";
export const CLIENT_SPECIALIST_NAME = "Clara Client-Specialist";
export const CLIENT_REVIEWER_NAME = "Rory Client-Reviewer";
export const FACILITATOR_NAME = "Fiona Facilitator";

export type World = {
  client: Organization;
  vendorA: Organization;
  vendorB: Organization;
  /** Client qa_lead: facilitates every session of these tests. */
  facilitator: User;
  clientSpecialist: User;
  clientReviewer: User;
  /** Client ops_manager: no calibration role at all. */
  clientOps: User;
  vendorALead: User;
  vendorASpecialist: User;
  /** Vendor A agent-role user, linked to agent A. */
  vendorAAgentUser: User;
  vendorBSpecialist: User;
  agentA: Agent;
  agentB: Agent;
  /** Handled by agent A (vendor A); the agent introduces herself by name in the transcript. */
  interactionA: Interaction;
  /** Handled by agent B (vendor B). */
  interactionB: Interaction;
  version: ScorecardVersion;
  /** The four participants of the brief: client QA, client reviewer, vendor A QA, vendor B QA. */
  participants: User[];
};

const kinds = new Map<string, "client" | "vendor">();

export async function createWorld(): Promise<World> {
  const client = await createOrganization({ kind: "client", name: "Clientco Retail" });
  const vendorA = await createOrganization({ kind: "vendor", name: VENDOR_A_NAME });
  const vendorB = await createOrganization({ kind: "vendor", name: VENDOR_B_NAME });
  for (const org of [client, vendorA, vendorB]) kinds.set(org.id, org.kind);
  const teamA = await createTeam({ vendor: vendorA });
  const teamB = await createTeam({ vendor: vendorB });
  const facilitator = await createUser({ organization: client, role: "qa_lead", name: FACILITATOR_NAME });
  const clientSpecialist = await createUser({
    organization: client,
    role: "qa_specialist",
    name: CLIENT_SPECIALIST_NAME,
  });
  const clientReviewer = await createUser({
    organization: client,
    role: "client_reviewer",
    name: CLIENT_REVIEWER_NAME,
  });
  const clientOps = await createUser({ organization: client, role: "ops_manager", name: "Otto Ops" });
  const vendorALead = await createUser({ organization: vendorA, role: "qa_lead", name: "Lars Alphaworx-Lead" });
  const vendorASpecialist = await createUser({
    organization: vendorA,
    role: "qa_specialist",
    name: VENDOR_A_REVIEWER_NAME,
  });
  const vendorAAgentUser = await createUser({ organization: vendorA, role: "agent", name: "Alice Unique (login)" });
  const vendorBSpecialist = await createUser({
    organization: vendorB,
    role: "qa_specialist",
    name: VENDOR_B_REVIEWER_NAME,
  });
  const agentA = await createAgent({ team: teamA, name: AGENT_A_NAME, user: vendorAAgentUser });
  const agentB = await createAgent({ team: teamB, name: AGENT_B_NAME });
  const interactionA = await createInteraction({ agent: agentA });
  const transcript: TranscriptTurn[] = [
    { speaker: "customer", atSeconds: 0, text: "Hi, my parcel has not arrived." },
    { speaker: "agent", atSeconds: 20, text: "Hello, this is Alice Unique. Let me check the tracking for you." },
    { speaker: "agent", atSeconds: 75, text: "It is out for delivery today; you will have it before 6 pm." },
  ];
  await db.update(interactions).set({ transcript }).where(eq(interactions.id, interactionA.id));
  const interactionB = await createInteraction({ agent: agentB });
  const version = await createScorecardVersion();
  return {
    client,
    vendorA,
    vendorB,
    facilitator,
    clientSpecialist,
    clientReviewer,
    clientOps,
    vendorALead,
    vendorASpecialist,
    vendorAAgentUser,
    vendorBSpecialist,
    agentA,
    agentB,
    interactionA: { ...interactionA, transcript },
    interactionB,
    version,
    participants: [clientSpecialist, clientReviewer, vendorASpecialist, vendorBSpecialist],
  };
}

/** What the models take as the caller (the signed-in user's identity and organisation kind). */
export function viewerOf(user: User): CalibrationViewer {
  const organizationKind = kinds.get(user.organizationId);
  if (!organizationKind) throw new Error("viewerOf: user of an organisation not created by createWorld");
  return { id: user.id, role: user.role, organizationId: user.organizationId, organizationKind };
}

// ---------------------------------------------------------------------------------------------
// Calling routes

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: ReturnType<typeof context>;
}) => Promise<unknown>;

/** Runs a loader or action and returns its Response, thrown (404, 403, redirect) or returned. */
export async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    throw new Error("expected a Response");
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** GETs a loader as `user`. */
export async function get(handler: Handler, user: User, pathname: string, params: Record<string, string>) {
  const request = await requestAs(user, pathname);
  return respond(() => handler({ request, params, context: context() }));
}

/** POSTs a form as `user`; fields may repeat, in order. */
export async function post(
  handler: Handler,
  user: User,
  pathname: string,
  params: Record<string, string>,
  fields: [string, string][],
): Promise<Response> {
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
    Cookie: (await signIn(user)).cookie,
  });
  const request = new Request(new URL(pathname, BASE_URL), {
    method: "POST",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  return respond(() => handler({ request, params, context: context() }));
}

/** GETs a loader expecting 200 JSON; returns the parsed body and its raw text (for "does not contain" checks). */
export async function getJson(handler: Handler, user: User, pathname: string, params: Record<string, string>) {
  const response = await get(handler, user, pathname, params);
  const text = await response.text();
  expect(response.status, `${pathname} as ${user.name}: ${text.slice(0, 200)}`).toBe(200);
  return { data: JSON.parse(text) as any, text };
}

/** GETs a CSV export expecting 200; returns rows as objects keyed by the header, and the raw text. */
export async function getCsv(handler: Handler, user: User, pathname: string, params: Record<string, string>) {
  const response = await get(handler, user, pathname, params);
  const text = await response.text();
  expect(response.status, `${pathname} as ${user.name}: ${text.slice(0, 200)}`).toBe(200);
  const [header, ...rows] = parse(text) as string[][];
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), text };
}

// ---------------------------------------------------------------------------------------------
// Scoring form

export type Entry = { value: number | "na" | null; comment?: string; rootCause?: string };

/**
 * The scoring form's fields (answer.<key>, comment.<key>, rootCause.<key>, intent, lockVersion). A miss
 * (greeting 0, accuracy below 3) gets a root cause unless one is given.
 */
export function scoringFields(
  intent: "save" | "submit",
  lockVersion: number,
  entries: Record<string, Entry>,
): [string, string][] {
  const fields: [string, string][] = [
    ["intent", intent],
    ["lockVersion", String(lockVersion)],
  ];
  for (const [key, entry] of Object.entries(entries)) {
    fields.push([`answer.${key}`, entry.value === null ? "" : String(entry.value)]);
    fields.push([`comment.${key}`, entry.comment ?? ""]);
    const miss =
      typeof entry.value === "number" &&
      ((key === "greeting" && entry.value < 1) || (key === "accuracy" && entry.value < 3));
    fields.push([`rootCause.${key}`, entry.rootCause ?? (miss ? "training_gap" : "")]);
  }
  return fields;
}

export const scorePath = (sessionId: string, interactionId: string) =>
  `/calibrations/${sessionId}/score/${interactionId}`;
