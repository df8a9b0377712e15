/**
 * Deterministic demo data: the same seed and `now` always give the same organisations, people and
 * interactions (ids included). Interactions stream out in batches so a million never sit in memory.
 * Pure: no database, no clock.
 */
import { ROLES_BY_ORGANIZATION_KIND, type OrganizationKind, type Role } from "../../app/domain/permissions";
import type { Channel, interactions } from "../schema";
import { emailLocalPart, FIRST_NAMES, LAST_NAMES } from "./names";
import { Random } from "./random";
import { buildTranscript, CONTACT_REASONS, QUEUES, type ContactReason, type Queue } from "./transcripts";

export const DEMO_PASSWORD = "workbench-demo";
export const DEMO_SOURCE = "demo";
export const DEFAULT_SEED = 20_240_601;

const DAY = 86_400_000;
export const WINDOW_DAYS = 84; // 12 weeks of interactions before `now`

type TeamPlan = {
  name: string;
  agents: number;
  channels: Partial<Record<Channel, number>>;
  queues: Partial<Record<Queue, number>>;
};
type VendorPlan = {
  slug: string;
  name: string;
  prefix: string;
  volume: number;
  skillOffset: number;
  teams: TeamPlan[];
};

const ALL_QUEUES = { billing: 3, orders: 4, returns: 3, technical: 2, account: 2 };

export const CLIENT_PLAN = { slug: "northwind", name: "Northwind Retail" } as const;

/** Acme is mature and blended; Beacon is voice-heavy; Cobalt is newer and (almost) chat-only. */
export const VENDOR_PLANS: VendorPlan[] = [
  {
    slug: "acme",
    name: "Acme Contact Solutions",
    prefix: "AC",
    volume: 0.42,
    skillOffset: 0.05,
    teams: [
      {
        name: "Acme Chat Tier 1",
        agents: 9,
        channels: { chat: 1 },
        queues: { orders: 4, returns: 3, billing: 2, account: 1 },
      },
      {
        name: "Acme Chat Tier 2",
        agents: 5,
        channels: { chat: 0.8, email: 0.2 },
        queues: { technical: 4, billing: 2, account: 2 },
      },
      { name: "Acme Voice Billing", agents: 7, channels: { call: 1 }, queues: { billing: 5, account: 2 } },
      { name: "Acme Voice Orders", agents: 6, channels: { call: 0.9, chat: 0.1 }, queues: { orders: 5, returns: 2 } },
      { name: "Acme Email Care", agents: 5, channels: { email: 1 }, queues: ALL_QUEUES },
    ],
  },
  {
    slug: "beacon",
    name: "Beacon BPO",
    prefix: "BB",
    volume: 0.36,
    skillOffset: 0,
    teams: [
      { name: "Beacon Voice Tier 1", agents: 9, channels: { call: 1 }, queues: ALL_QUEUES },
      {
        name: "Beacon Voice Returns",
        agents: 7,
        channels: { call: 0.85, email: 0.15 },
        queues: { returns: 5, orders: 2 },
      },
      { name: "Beacon Email Resolutions", agents: 6, channels: { email: 1 }, queues: ALL_QUEUES },
      { name: "Beacon Blended", agents: 6, channels: { call: 0.5, chat: 0.3, email: 0.2 }, queues: ALL_QUEUES },
    ],
  },
  {
    slug: "cobalt",
    name: "Cobalt CX",
    prefix: "CX",
    volume: 0.22,
    skillOffset: -0.06,
    teams: [
      { name: "Cobalt Chat Orders", agents: 9, channels: { chat: 1 }, queues: { orders: 5, returns: 3 } },
      {
        name: "Cobalt Chat Technical",
        agents: 6,
        channels: { chat: 0.95, email: 0.05 },
        queues: { technical: 5, account: 2 },
      },
      { name: "Cobalt Chat Night Shift", agents: 5, channels: { chat: 1 }, queues: ALL_QUEUES },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Logins: fixed by the plan, independent of the seed, so README and tests can list them.

export type DemoLogin = {
  email: string;
  role: Role;
  organization: string;
  organizationName: string;
  organizationKind: OrganizationKind;
};

function loginsFor(slug: string, name: string, kind: OrganizationKind): DemoLogin[] {
  const login = (role: Role, suffix = ""): DemoLogin => ({
    email: `${role.replace(/_/g, "-")}${suffix}@${slug}.example`,
    role,
    organization: slug,
    organizationName: name,
    organizationKind: kind,
  });
  return [...ROLES_BY_ORGANIZATION_KIND[kind].map((role) => login(role)), login("qa_specialist", "-2")];
}

/** Every seeded user; all share DEMO_PASSWORD. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  ...loginsFor(CLIENT_PLAN.slug, CLIENT_PLAN.name, "client"),
  ...VENDOR_PLANS.flatMap((v) => loginsFor(v.slug, v.name, "vendor")),
];

// ---------------------------------------------------------------------------------------------
// The world: organisations, users, teams and agents (small; kept in memory).

export type DemoOrganization = { id: string; slug: string; name: string; kind: OrganizationKind };
export type DemoUser = { id: string; organizationId: string; email: string; name: string; role: Role };
export type DemoTeam = { id: string; vendorId: string; name: string; plan: TeamPlan };
export type DemoAgent = {
  id: string;
  vendorId: string;
  teamId: string;
  externalId: string;
  name: string;
  firstName: string;
  email: string;
  hireDate: string; // YYYY-MM-DD
  trainingCohort: string; // hire class, e.g. "2025-Q3"
  userId: string | null;
  /** Hidden: 0..1, drives CSAT, escalations and QA answers. Never stored. */
  skill: number;
  /** Hidden: salts the per-criterion weaknesses (see criterionPenalty in evaluations.ts). */
  weaknessSalt: number;
};
export type DemoWorld = {
  seed: number;
  now: Date;
  client: DemoOrganization;
  vendors: DemoOrganization[];
  users: DemoUser[];
  teams: DemoTeam[];
  agents: DemoAgent[];
};

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cohortOf = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
};
const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

export function generateWorld(options: { seed?: number; now: Date }): DemoWorld {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now;
  const rng = new Random(seed).fork("world");
  const usedNames = new Set<string>();
  const person = () => {
    for (;;) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      if (!usedNames.has(`${first} ${last}`) && !usedNames.has(emailLocalPart(first, last))) {
        usedNames.add(`${first} ${last}`).add(emailLocalPart(first, last));
        return { first, last, name: `${first} ${last}` };
      }
    }
  };

  const client: DemoOrganization = { id: rng.uuid(), ...CLIENT_PLAN, kind: "client" };
  const vendors: DemoOrganization[] = VENDOR_PLANS.map((v) => ({
    id: rng.uuid(),
    slug: v.slug,
    name: v.name,
    kind: "vendor",
  }));
  const orgBySlug = new Map([client, ...vendors].map((o) => [o.slug, o]));

  const teams: DemoTeam[] = [];
  const agents: DemoAgent[] = [];
  VENDOR_PLANS.forEach((plan, v) => {
    const vendor = vendors[v];
    const vendorTeams = plan.teams.map((t) => ({ id: rng.uuid(), vendorId: vendor.id, name: t.name, plan: t }));
    teams.push(...vendorTeams);
    // Hiring classes on Mondays over three years; older classes have shrunk through attrition, and one
    // class started inside the interaction window (new hires ramping up).
    const classes = Array.from({ length: 8 }, (_, i) => {
      const daysAgo = i === 0 ? rng.int(21, 56) : rng.int(100, 3 * 365);
      const ms = now.getTime() - daysAgo * DAY;
      const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
      return { ms: monday - (monday % DAY), weight: i === 0 ? 0.4 : 0.5 + (3 * 365 - daysAgo) / 365 };
    });
    const vendorAgents = vendorTeams.flatMap((team) =>
      Array.from({ length: team.plan.agents }, (_, i) => {
        // The first three of every team are veterans, so no team is ever empty early in the window.
        const hired = i < 3 ? rng.weighted(classes.slice(1), (c) => c.weight) : rng.weighted(classes, (c) => c.weight);
        const tenureYears = (now.getTime() - hired.ms) / (365 * DAY);
        let skill = 0.6 + plan.skillOffset + 0.09 * Math.min(tenureYears, 2) + rng.normal(0, 0.08);
        if (rng.chance(0.1)) skill -= 0.18; // a few clearly struggling agents
        const p = person();
        return {
          id: rng.uuid(),
          vendorId: vendor.id,
          teamId: team.id,
          externalId: "",
          name: p.name,
          firstName: p.first,
          email: `${emailLocalPart(p.first, p.last)}@${plan.slug}.example`,
          hireDate: isoDate(hired.ms),
          trainingCohort: cohortOf(hired.ms),
          userId: null,
          skill: Math.round(clamp(skill, 0.3, 0.97) * 1000) / 1000,
          weaknessSalt: rng.uint32(),
        } satisfies DemoAgent;
      }),
    );
    // Employee numbers grow with hire date, with gaps for people who left.
    let number = 1000;
    for (const agent of [...vendorAgents].sort(
      (a, b) => a.hireDate.localeCompare(b.hireDate) || a.id.localeCompare(b.id),
    )) {
      number += rng.int(1, 25);
      agent.externalId = `${plan.prefix}-${number}`;
    }
    agents.push(...vendorAgents);
  });

  const users: DemoUser[] = DEMO_LOGINS.map((login) => {
    const org = orgBySlug.get(login.organization)!;
    const user: DemoUser = { id: rng.uuid(), organizationId: org.id, email: login.email, name: "", role: login.role };
    if (login.role === "agent") {
      // Link to a tenured, middling agent of the vendor so the agent's own views have data.
      const candidates = agents
        .filter((a) => a.vendorId === org.id && now.getTime() - Date.parse(a.hireDate) > WINDOW_DAYS * DAY)
        .sort((a, b) => a.skill - b.skill || a.id.localeCompare(b.id));
      const agent = candidates[Math.floor(candidates.length / 2)];
      agent.userId = user.id;
      user.name = agent.name;
    } else {
      user.name = person().name;
    }
    return user;
  });

  return { seed, now, client, vendors, users, teams, agents };
}

// ---------------------------------------------------------------------------------------------
// Interactions: hour by hour through the window, so they come out in time order.

export type DemoInteraction = typeof interactions.$inferInsert & { id: string; startedAt: Date; endedAt: Date };

const HOUR_WEIGHTS = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 1, 1.2, 1.3, 1.3, 1.25, 1.2, 1.2, 1.15, 1.1, 1, 0.9, 0.8, 0.7, 0.55, 0.4,
  0.25,
];
const WEEKDAY_WEIGHTS = [0.55, 1.15, 1.05, 1, 1, 0.95, 0.65]; // Sunday first
const LOCAL_OFFSET_HOURS = -5; // Northwind's customers are mostly on US Eastern time
// A checkout outage five weeks ago: more volume, mostly technical. Context for dashboards' anomaly notes.
const INCIDENT_DAYS_AGO = [36, 34] as const;

function isIncident(ms: number, now: number) {
  const daysAgo = (now - ms) / DAY;
  return daysAgo <= INCIDENT_DAYS_AGO[0] && daysAgo > INCIDENT_DAYS_AGO[1];
}

function slotWeight(ms: number, now: number, start: number) {
  const local = new Date(ms + LOCAL_OFFSET_HOURS * 3_600_000);
  const trend = 0.9 + (0.2 * (ms - start)) / (now - start);
  return (
    HOUR_WEIGHTS[local.getUTCHours()] * WEEKDAY_WEIGHTS[local.getUTCDay()] * trend * (isIncident(ms, now) ? 1.6 : 1)
  );
}

export type InteractionOptions = { count: number; batchSize?: number };

export function* generateInteractions(world: DemoWorld, options: InteractionOptions): Generator<DemoInteraction[]> {
  const { count } = options;
  const batchSize = options.batchSize ?? 1000;
  const rng = new Random(world.seed).fork(`interactions:${count}`);
  const now = world.now.getTime();
  const start = now - WINDOW_DAYS * DAY;
  const end = now - 15 * 60_000;
  const slots = Math.ceil((end - start) / 3_600_000);
  const weights = Array.from({ length: slots }, (_, k) => slotWeight(start + k * 3_600_000, now, start));
  const total = weights.reduce((a, b) => a + b, 0);

  const pickers = buildPickers(world);
  let batch: DemoInteraction[] = [];
  let cumulative = 0;
  let made = 0;
  for (let k = 0; k < slots; k++) {
    // Cumulative rounding: slot counts sum to exactly `count`.
    cumulative += weights[k];
    const upTo = k === slots - 1 ? count : Math.round((count * cumulative) / total);
    const slotStart = start + k * 3_600_000;
    const slotLength = Math.min(3_600_000, end - slotStart);
    const offsets = Array.from({ length: upTo - made }, () => Math.floor(rng.float() * slotLength)).sort(
      (a, b) => a - b,
    );
    for (const offset of offsets) {
      made += 1;
      batch.push(makeInteraction(rng, pickers, made, slotStart + offset, now));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

type Pickers = ReturnType<typeof buildPickers>;

function buildPickers(world: DemoWorld) {
  const vendors = world.vendors.map((vendor, i) => ({
    vendor,
    plan: VENDOR_PLANS[i],
    teams: world.teams
      .filter((t) => t.vendorId === vendor.id)
      .map((team) => ({
        team,
        // Earliest hire first: the eligible agents on a date are a prefix of this list.
        agents: world.agents
          .filter((a) => a.teamId === team.id)
          .map((agent) => ({ agent, hiredMs: Date.parse(agent.hireDate) }))
          .sort((a, b) => a.hiredMs - b.hiredMs),
      })),
  }));
  const reasonsByQueue = new Map<Queue, ContactReason[]>(
    QUEUES.map((q) => [q, CONTACT_REASONS.filter((r) => r.queue === q)]),
  );
  return { vendors, reasonsByQueue };
}

const CHANNEL_ORDER: Channel[] = ["call", "chat", "email"];

function makeInteraction(rng: Random, pickers: Pickers, n: number, startedMs: number, now: number): DemoInteraction {
  const incident = isIncident(startedMs, now);
  const { vendor, teams } = rng.weighted(pickers.vendors, (v) => v.plan.volume);
  const { team, agents } = rng.weighted(teams, (t) => t.team.plan.agents);
  const channel = rng.weighted(CHANNEL_ORDER, (c) => team.plan.channels[c] ?? 0);
  const queue = rng.weighted(QUEUES, (q) => (team.plan.queues[q] ?? 0) * (incident && q === "technical" ? 4 : 1));
  const reason = rng.weighted(pickers.reasonsByQueue.get(queue)!, (r) =>
    incident && r.label === "App crashes at checkout" ? r.weight * 6 : r.weight,
  );
  let eligible = 0;
  while (eligible < agents.length && agents[eligible].hiredMs <= startedMs) eligible++;
  const agent = agents[rng.int(0, Math.max(eligible, 1) - 1)].agent;
  const skill = agent.skill;

  const escalated = rng.chance(0.1 * reason.escalation * ((1.45 - skill) / 0.75) * (incident ? 1.5 : 1));
  const fcr = !escalated && rng.chance(0.6 + 0.32 * skill - (channel === "email" ? 0.1 : 0));

  // Channel-typical times. Calls: queue wait then ~8 min; chats: ~11 min; emails: hours to first reply.
  let firstResponse: number;
  let handle: number;
  let duration: number;
  if (channel === "email") {
    firstResponse = rng.logNormal(5 * 3600, 0.8, 600, 3 * 86_400);
    handle = rng.logNormal(420 * (1.3 - 0.4 * skill), 0.45, 90, 2400);
    duration =
      firstResponse +
      (fcr ? rng.logNormal(3 * 3600, 1, 600, 86_400) : rng.logNormal(30 * 3600, 0.7, 3 * 3600, 10 * 86_400));
  } else {
    firstResponse = channel === "call" ? rng.logNormal(45, 0.7, 5, 900) : rng.logNormal(35, 0.6, 3, 600);
    const median = (channel === "call" ? 480 : 660) * (1.35 - 0.45 * skill) * (escalated ? 1.3 : 1);
    handle = rng.logNormal(median, channel === "call" ? 0.35 : 0.4, 120, 3600);
    duration = firstResponse + handle;
  }
  // Nothing ends after `now`: recent contacts get squeezed into the time that has passed.
  const available = (now - startedMs) / 1000 - 60;
  firstResponse = Math.round(Math.min(firstResponse, available * 0.4));
  duration = Math.round(Math.max(firstResponse + 60, Math.min(duration, available)));
  handle = Math.round(channel === "email" ? handle : Math.min(handle, duration - firstResponse));
  // Not solved on first contact: resolved later, or still open if that is after `now`.
  let resolution: number | null = duration;
  if (!fcr && channel !== "email")
    resolution = duration + Math.round(rng.logNormal(26 * 3600, 0.8, 2 * 3600, 7 * 86_400));
  if (resolution !== null && startedMs + resolution * 1000 > now) resolution = null;

  const csatPresent = rng.chance(channel === "chat" ? 0.66 : channel === "call" ? 0.6 : 0.52);
  const csat = csatPresent
    ? Math.round(clamp(1.9 + 2.7 * skill + (fcr ? 0.5 : -0.5) - (escalated ? 0.7 : 0) + rng.normal(0, 0.8), 1, 5))
    : null;
  const nps = rng.chance(0.15)
    ? Math.round(clamp((csat ?? 1 + 4 * skill) * 2 - 0.5 + rng.normal(0, 1.3), 0, 10))
    : null;
  // CES as agreement with "the company made it easy to handle my issue": 7 is easiest.
  const ces = rng.chance(0.12) ? Math.round(clamp(2 + 4 * skill * (fcr ? 1 : 0.7) + rng.normal(0, 1), 1, 7)) : null;

  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const { subject, transcript } = buildTranscript(rng, {
    channel,
    reason,
    customerFirstName: first,
    customerEmail: `${emailLocalPart(first, last)}${rng.int(1, 99)}@mail.example`,
    agentFirstName: agent.firstName,
    orderNumber: `NW-${rng.int(100_000, 999_999)}`,
    skill,
    resolved: fcr,
    escalated,
    firstResponseSeconds: firstResponse,
    durationSeconds: duration,
  });

  return {
    id: rng.uuid(),
    source: DEMO_SOURCE,
    externalId: `DEMO-${String(n).padStart(6, "0")}`,
    channel,
    vendorId: vendor.id,
    teamId: team.id,
    agentId: agent.id,
    queue,
    contactReason: reason.label,
    customerName: `${first} ${last}`,
    subject,
    startedAt: new Date(startedMs),
    endedAt: new Date(startedMs + duration * 1000),
    handleTimeSeconds: handle,
    firstResponseSeconds: firstResponse,
    resolutionSeconds: resolution,
    csat,
    nps,
    ces,
    fcr,
    escalated,
    transcript,
  };
}
