import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  calibrationParticipants,
  calibrationSessions,
  type Organization,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import { loader } from "~/routes/calibrations.history";
import {
  context,
  createOrganization,
  createScorecardVersion,
  createUser,
  requestAs,
  thrownResponse,
} from "../factories";

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let clientLead: User;
let clientReviewer: User;
let vendorALead: User;
let vendorAReviewer: User;
let vendorBLead: User;
let vendorBReviewer: User;
let agent: User;
let version: ScorecardVersion;
let january: string;
let february: string;

const VENDOR_B_NAME = "Zephyr Outsourcing";
const VENDOR_B_REVIEWER = "Bruno Zephyrsson";

type Row = { key: string; alpha: number | null; percentAgreement: number | null };

/** A frozen results snapshot shaped like CalibrationMetrics (only the parts the history reads, plus noise). */
function snapshot(input: {
  reviewers: { user: User; partyKey: string; alignment: number | null; isBenchmark?: boolean }[];
  parties: { key: string; label: string; kind: "client" | "vendor"; alignment: number | null; gap?: number }[];
  criteria: Row[];
}) {
  return {
    reference: "consensus",
    referenceComplete: true,
    alignmentTolerance: 10,
    criteria: input.criteria.map((c) => ({
      ...c,
      label: c.key === "greeting" ? "Greeted the customer" : "Gave accurate information",
      sectionKey: "basics",
      sectionLabel: "Basics",
      scaleType: "binary",
      level: "nominal",
      alphaReason: c.alpha === null ? "no variation" : null,
      withinOneStep: null,
      spread: null,
      answered: 6,
      naCount: 0,
      disagreements: [],
    })),
    // Per-interaction scores carry every participant's id: the history must never pass them on.
    interactions: [
      { id: "i1", scores: input.reviewers.map((r) => ({ participantId: r.user.id, finalScore: 80 })), mean: 80 },
    ],
    overall: { alpha: 0.5, alphaReason: null, participantsSubmitted: input.reviewers.length },
    reviewers: input.reviewers.map((r) => ({
      id: r.user.id,
      name: r.user.name,
      partyKey: r.partyKey,
      isBenchmark: r.isBenchmark ?? false,
      submitted: true,
      alignment: r.alignment,
      alignmentReason: r.alignment === null ? "the benchmark reviewer is the reference" : null,
      meanDeviation: 1.5,
      leniency: "neutral",
      exactMatchShare: 0.8,
      withinTolerance: 1,
      compared: 4,
      meanScore: 80,
    })),
    parties: input.parties.map((p) => ({
      key: p.key,
      label: p.label,
      kind: p.kind,
      participants: 1,
      submitted: 1,
      alignment: p.alignment,
      meanScore: 80,
      gapToClient: p.kind === "vendor" ? (p.gap ?? 0) : null,
    })),
    mostDisagreed: ["accuracy"],
  };
}

async function createSession(input: {
  organization: Organization;
  facilitator: User;
  title: string;
  status?: "open" | "finalized";
  finalizedAt?: Date;
  results?: unknown;
  participants: User[];
}): Promise<string> {
  const [session] = await db
    .insert(calibrationSessions)
    .values({
      organizationId: input.organization.id,
      title: input.title,
      facilitatorId: input.facilitator.id,
      scorecardVersionId: version.id,
      status: input.status ?? "finalized",
      deadline: new Date("2025-01-01T00:00:00Z"),
      finalizedAt: input.finalizedAt ?? null,
      results: input.results ?? null,
    })
    .returning();
  await db
    .insert(calibrationParticipants)
    .values(input.participants.map((u) => ({ sessionId: session.id, userId: u.id, organizationId: u.organizationId })));
  return session.id;
}

beforeAll(async () => {
  client = await createOrganization({ kind: "client", name: "Northwind Test" });
  vendorA = await createOrganization({ kind: "vendor", name: "Acme Contact Centres" });
  vendorB = await createOrganization({ kind: "vendor", name: VENDOR_B_NAME });
  clientLead = await createUser({ organization: client, role: "qa_lead", name: "Carla Client" });
  clientReviewer = await createUser({ organization: client, role: "client_reviewer", name: "Rita Reviewer" });
  vendorALead = await createUser({ organization: vendorA, role: "qa_lead", name: "Lena Acme-Lead" });
  vendorAReviewer = await createUser({ organization: vendorA, role: "qa_specialist", name: "Alma Acme" });
  vendorBLead = await createUser({ organization: vendorB, role: "qa_lead", name: "Zoe Zephyr-Lead" });
  vendorBReviewer = await createUser({ organization: vendorB, role: "qa_specialist", name: VENDOR_B_REVIEWER });
  agent = await createUser({ organization: vendorA, role: "agent" });
  version = await createScorecardVersion();

  // January: client QA with both vendors. Accuracy is the ambiguous criterion.
  january = await createSession({
    organization: client,
    facilitator: clientLead,
    title: "January calibration",
    finalizedAt: new Date("2025-01-10T10:00:00Z"),
    participants: [clientLead, vendorAReviewer, vendorBReviewer],
    results: snapshot({
      reviewers: [
        { user: clientLead, partyKey: "client_qa", alignment: 92 },
        { user: vendorAReviewer, partyKey: vendorA.id, alignment: 81 },
        { user: vendorBReviewer, partyKey: vendorB.id, alignment: 74 },
      ],
      parties: [
        { key: "client_qa", label: "Client QA", kind: "client", alignment: 92 },
        { key: vendorA.id, label: vendorA.name, kind: "vendor", alignment: 81, gap: 2 },
        { key: vendorB.id, label: VENDOR_B_NAME, kind: "vendor", alignment: 74, gap: -6 },
      ],
      criteria: [
        { key: "greeting", alpha: 0.9, percentAgreement: 0.95 },
        { key: "accuracy", alpha: 0.3, percentAgreement: 0.6 },
      ],
    }),
  });
  // February: client QA, a client reviewer and vendor B only.
  february = await createSession({
    organization: client,
    facilitator: clientLead,
    title: "February calibration",
    finalizedAt: new Date("2025-02-10T10:00:00Z"),
    participants: [clientLead, clientReviewer, vendorBReviewer],
    results: snapshot({
      reviewers: [
        { user: clientLead, partyKey: "client_qa", alignment: 94 },
        { user: clientReviewer, partyKey: "client_reviewer", alignment: 88 },
        { user: vendorBReviewer, partyKey: vendorB.id, alignment: 79 },
      ],
      parties: [
        { key: "client_qa", label: "Client QA", kind: "client", alignment: 94 },
        { key: "client_reviewer", label: "Client reviewers", kind: "client", alignment: 88 },
        { key: vendorB.id, label: VENDOR_B_NAME, kind: "vendor", alignment: 79, gap: -3 },
      ],
      criteria: [
        { key: "greeting", alpha: 0.5, percentAgreement: 0.8 },
        { key: "accuracy", alpha: 0.6, percentAgreement: 0.7 },
      ],
    }),
  });
  // Not finalized: never in the history.
  await createSession({
    organization: client,
    facilitator: clientLead,
    title: "Still open",
    status: "open",
    participants: [clientLead, vendorAReviewer],
  });
  // Another client organisation's finalized session, with vendor A taking part.
  const otherClient = await createOrganization({ kind: "client", name: "Other Client" });
  const otherLead = await createUser({ organization: otherClient, role: "qa_lead" });
  await createSession({
    organization: otherClient,
    facilitator: otherLead,
    title: "Other client's session",
    finalizedAt: new Date("2025-01-20T10:00:00Z"),
    participants: [otherLead],
    results: snapshot({
      reviewers: [{ user: otherLead, partyKey: "client_qa", alignment: 50 }],
      parties: [{ key: "client_qa", label: "Client QA", kind: "client", alignment: 50 }],
      criteria: [{ key: "greeting", alpha: 0.1, percentAgreement: 0.5 }],
    }),
  });
});

type HistoryData = {
  sessions: number;
  parties: {
    key: string;
    label: string;
    points: { sessionId: string; alignment: number; gapToClient: number | null }[];
  }[];
  reviewers: { id: string; name: string; partyKey: string; summary: { sessions: number; latest: number | null } }[];
  selectedReviewerId: string | null;
  ambiguity: {
    scorecardName: string;
    key: string;
    meanAlpha: number;
    lowestAlpha: number;
    sessions: number;
    sessionList: { sessionId: string; title: string; alpha: number | null }[];
  }[];
};

async function load(user: User, path = "/calibrations/history") {
  const response = await loader({ request: await requestAs(user, path), params: {}, context: context() });
  const text = await response.text();
  return { data: JSON.parse(text) as HistoryData, text };
}

describe("calibration history", () => {
  it("shows a client QA lead every finalized session of the organisation, all parties", async () => {
    const { data, text } = await load(clientLead);
    expect(data.sessions).toBe(2);
    expect(data.parties.map((p) => p.key)).toEqual(["client_qa", "client_reviewer", vendorA.id, vendorB.id]);
    expect(data.parties.find((p) => p.key === vendorB.id)).toMatchObject({
      label: VENDOR_B_NAME,
      points: [
        { sessionId: january, alignment: 74, gapToClient: -6 },
        { sessionId: february, alignment: 79, gapToClient: -3 },
      ],
    });
    expect(data.reviewers.map((r) => r.name)).toEqual([
      "Alma Acme",
      VENDOR_B_REVIEWER,
      "Carla Client",
      "Rita Reviewer",
    ]);
    expect(data.reviewers.find((r) => r.id === clientLead.id)?.summary).toMatchObject({ sessions: 2, latest: 94 });
    expect(text).not.toContain("Still open");
    expect(text).not.toContain("Other client");
  });

  it("lists the least-agreed criteria first, with links to their sessions", async () => {
    const { data } = await load(clientLead);
    expect(data.ambiguity.map((c) => c.key)).toEqual(["accuracy", "greeting"]);
    const [accuracy, greeting] = data.ambiguity;
    expect(accuracy.scorecardName).toMatch(/^Test scorecard /);
    expect(accuracy.meanAlpha).toBeCloseTo(0.45, 12); // (0.3 + 0.6) / 2
    expect(accuracy).toMatchObject({ lowestAlpha: 0.3, sessions: 2 });
    expect(accuracy.sessionList).toEqual([
      { sessionId: january, title: "January calibration", date: "2025-01-10T10:00:00.000Z", alpha: 0.3 },
      { sessionId: february, title: "February calibration", date: "2025-02-10T10:00:00.000Z", alpha: 0.6 },
    ]);
    expect(greeting.meanAlpha).toBeCloseTo(0.7, 12); // (0.9 + 0.5) / 2
  });

  it("shows a vendor QA lead their vendor and the client, never the other vendor", async () => {
    const { data, text } = await load(vendorALead);
    // Only January had someone from vendor A.
    expect(data.sessions).toBe(1);
    expect(data.parties.map((p) => p.key)).toEqual(["client_qa", vendorA.id]);
    expect(data.reviewers.map((r) => r.name)).toEqual(["Alma Acme", "Carla Client"]);
    expect(text).not.toContain(VENDOR_B_NAME);
    expect(text).not.toContain(VENDOR_B_REVIEWER);
    expect(text).not.toContain(vendorB.id);
    expect(text).not.toContain(vendorBReviewer.id);
    expect(text).not.toContain("February calibration");
    // Criteria statistics are aggregates over all raters and stay.
    expect(data.ambiguity.map((c) => c.key)).toEqual(["accuracy", "greeting"]);
  });

  it("does not let a vendor viewer pick another vendor's reviewer", async () => {
    const { data } = await load(vendorALead, `/calibrations/history?reviewer=${vendorBReviewer.id}`);
    expect(data.selectedReviewerId).toBeNull();
    const own = await load(vendorALead, `/calibrations/history?reviewer=${vendorAReviewer.id}`);
    expect(own.data.selectedReviewerId).toBe(vendorAReviewer.id);
  });

  it("shows the other vendor its own side only", async () => {
    const { data, text } = await load(vendorBLead);
    expect(data.sessions).toBe(2);
    expect(data.parties.map((p) => p.key)).toEqual(["client_qa", "client_reviewer", vendorB.id]);
    expect(text).not.toContain(vendorA.name);
    expect(text).not.toContain("Alma Acme");
  });

  it("shows a client reviewer only the sessions they took part in", async () => {
    const { data } = await load(clientReviewer);
    expect(data.sessions).toBe(1);
    expect(data.parties.flatMap((p) => p.points.map((pt) => pt.sessionId))).not.toContain(january);
  });

  it("refuses agents", async () => {
    const request = await requestAs(agent, "/calibrations/history");
    const response = await thrownResponse(() => loader({ request, params: {}, context: context() }));
    expect(response.status).toBe(403);
  });
});
