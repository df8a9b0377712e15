import { describe, expect, it } from "vitest";
import { ROLES_BY_ORGANIZATION_KIND } from "../../app/domain/permissions";
import {
  DEMO_LOGINS,
  generateInteractions,
  generateWorld,
  WINDOW_DAYS,
  type DemoInteraction,
  type DemoWorld,
} from "./generate";

const now = new Date("2025-06-02T09:30:00Z");
const DAY = 86_400_000;

function collect(world: DemoWorld, count: number): DemoInteraction[] {
  return [...generateInteractions(world, { count, batchSize: 500 })].flat();
}

const world = generateWorld({ seed: 7, now });
const sample = collect(world, 4000);

describe("generateWorld", () => {
  it("is deterministic for a seed and now, and differs for another seed", () => {
    expect(generateWorld({ seed: 7, now })).toEqual(world);
    const other = generateWorld({ seed: 8, now });
    expect(other.agents.map((a) => a.name)).not.toEqual(world.agents.map((a) => a.name));
  });

  it("has one client, three vendors, about 12 teams and 80 agents", () => {
    expect(world.client).toMatchObject({ slug: "northwind", name: "Northwind Retail", kind: "client" });
    expect(world.vendors.map((v) => v.slug)).toEqual(["acme", "beacon", "cobalt"]);
    expect(world.teams.length).toBeGreaterThanOrEqual(10);
    expect(world.teams.length).toBeLessThanOrEqual(14);
    expect(world.agents.length).toBeGreaterThanOrEqual(70);
    expect(world.agents.length).toBeLessThanOrEqual(90);
  });

  it("gives agents unique ids and emails, hire dates over three years and cohorts by hire quarter", () => {
    const emails = new Set(world.agents.map((a) => a.email));
    expect(emails.size).toBe(world.agents.length);
    expect(new Set(world.agents.map((a) => a.externalId)).size).toBe(world.agents.length);
    for (const agent of world.agents) {
      const vendor = world.vendors.find((v) => v.id === agent.vendorId)!;
      expect(agent.email).toMatch(new RegExp(`^[a-z-]+\\.[a-z-]+@${vendor.slug}\\.example$`));
      expect(agent.externalId).toMatch(/^(AC|BB|CX)-\d{4}$/);
      const hired = Date.parse(agent.hireDate);
      expect(hired).toBeLessThan(now.getTime());
      expect(hired).toBeGreaterThan(now.getTime() - 3.1 * 365 * DAY);
      const d = new Date(hired);
      expect(agent.trainingCohort).toBe(`${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`);
      expect(world.teams.find((t) => t.id === agent.teamId)?.vendorId).toBe(agent.vendorId);
    }
    const skills = world.agents.map((a) => a.skill);
    expect(Math.max(...skills) - Math.min(...skills)).toBeGreaterThan(0.3); // some clearly weaker agents
  });

  it("seeds one user of every role per organisation, plus a second QA specialist", () => {
    for (const org of [world.client, ...world.vendors]) {
      const roles = world.users.filter((u) => u.organizationId === org.id).map((u) => u.role);
      expect([...roles].sort()).toEqual([...ROLES_BY_ORGANIZATION_KIND[org.kind], "qa_specialist"].sort());
    }
    expect(world.users.map((u) => u.email)).toEqual(DEMO_LOGINS.map((l) => l.email));
    expect(DEMO_LOGINS.map((l) => l.email)).toContain("qa-lead@northwind.example");
    expect(DEMO_LOGINS.map((l) => l.email)).toContain("team-lead@acme.example");
    expect(DEMO_LOGINS.map((l) => l.email)).toContain("qa-specialist-2@beacon.example");
  });

  it("links each vendor's agent user to one agent of that vendor", () => {
    for (const user of world.users.filter((u) => u.role === "agent")) {
      const linked = world.agents.filter((a) => a.userId === user.id);
      expect(linked).toHaveLength(1);
      expect(linked[0].vendorId).toBe(user.organizationId);
      expect(linked[0].name).toBe(user.name);
    }
  });
});

describe("generateInteractions", () => {
  it("is deterministic, and another seed gives other interactions", () => {
    expect(collect(world, 4000)).toEqual(sample);
    const other = collect(generateWorld({ seed: 8, now }), 4000);
    expect(other.map((i) => i.customerName)).not.toEqual(sample.map((i) => i.customerName));
  });

  it("yields exactly the requested count in batches, in time order, inside the 12-week window", () => {
    const batches = [...generateInteractions(world, { count: 2345, batchSize: 1000 })];
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 345]);
    expect(sample).toHaveLength(4000);
    sample.forEach((i, n) => {
      expect(i.externalId).toBe(`DEMO-${String(n + 1).padStart(6, "0")}`);
      expect(i.source).toBe("demo");
      if (n > 0) expect(i.startedAt.getTime()).toBeGreaterThanOrEqual(sample[n - 1].startedAt.getTime());
      expect(i.startedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - WINDOW_DAYS * DAY);
      expect(i.endedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(i.endedAt.getTime()).toBeGreaterThan(i.startedAt.getTime());
    });
  });

  it("assigns every interaction to an agent of its vendor and team, hired by then", () => {
    const agents = new Map(world.agents.map((a) => [a.id, a]));
    for (const i of sample) {
      const agent = agents.get(i.agentId)!;
      expect(agent.vendorId).toBe(i.vendorId);
      expect(agent.teamId).toBe(i.teamId);
      expect(Date.parse(agent.hireDate)).toBeLessThanOrEqual(i.startedAt.getTime());
    }
  });

  it("covers all channels, with one vendor almost chat-only", () => {
    const channels = new Set(sample.map((i) => i.channel));
    expect([...channels].sort()).toEqual(["call", "chat", "email"]);
    const cobalt = world.vendors.find((v) => v.slug === "cobalt")!;
    const cobaltRows = sample.filter((i) => i.vendorId === cobalt.id);
    expect(cobaltRows.filter((i) => i.channel === "chat").length / cobaltRows.length).toBeGreaterThan(0.9);
  });

  it("has channel-typical handle times and plausible KPI fields", () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const minutes = (channel: string, pick: (i: DemoInteraction) => number | null | undefined) =>
      median(sample.filter((i) => i.channel === channel).map((i) => (pick(i) ?? 0) / 60));
    expect(minutes("call", (i) => i.handleTimeSeconds)).toBeGreaterThan(6);
    expect(minutes("call", (i) => i.handleTimeSeconds)).toBeLessThan(10);
    expect(minutes("chat", (i) => i.handleTimeSeconds)).toBeGreaterThan(8);
    expect(minutes("chat", (i) => i.handleTimeSeconds)).toBeLessThan(15);
    expect(minutes("email", (i) => i.firstResponseSeconds)).toBeGreaterThan(60);

    const share = (pred: (i: DemoInteraction) => boolean) => sample.filter(pred).length / sample.length;
    expect(share((i) => i.csat != null)).toBeGreaterThan(0.5);
    expect(share((i) => i.csat != null)).toBeLessThan(0.7);
    expect(share((i) => i.escalated === true)).toBeGreaterThan(0.05);
    expect(share((i) => i.escalated === true)).toBeLessThan(0.11);
    expect(share((i) => i.nps != null)).toBeGreaterThan(0.05);
    for (const i of sample) {
      if (i.csat != null) expect(i.csat).toBeGreaterThanOrEqual(1);
      if (i.csat != null) expect(i.csat).toBeLessThanOrEqual(5);
      if (i.nps != null) expect(i.nps).toBeGreaterThanOrEqual(0);
      if (i.nps != null) expect(i.nps).toBeLessThanOrEqual(10);
      if (i.ces != null) expect(i.ces).toBeGreaterThanOrEqual(1);
      if (i.ces != null) expect(i.ces).toBeLessThanOrEqual(7);
      if (i.escalated) expect(i.fcr).toBe(false);
      expect(["billing", "orders", "returns", "technical", "account"]).toContain(i.queue);
    }
  });

  it("gives CSAT that rises with agent skill", () => {
    const skill = new Map(world.agents.map((a) => [a.id, a.skill]));
    const rated = sample.filter((i) => i.csat != null);
    const mean = (xs: DemoInteraction[]) => xs.reduce((s, i) => s + i.csat!, 0) / xs.length;
    const strong = rated.filter((i) => skill.get(i.agentId)! >= 0.8);
    const weak = rated.filter((i) => skill.get(i.agentId)! < 0.6);
    expect(mean(strong) - mean(weak)).toBeGreaterThan(0.3);
  });

  it("writes transcripts of 6-20 alternating turns with increasing times", () => {
    for (const i of sample) {
      const turns = i.transcript!;
      expect(turns.length).toBeGreaterThanOrEqual(6);
      expect(turns.length).toBeLessThanOrEqual(20);
      const people = turns.filter((t) => t.speaker !== "system");
      expect(people.some((t) => t.speaker === "agent")).toBe(true);
      expect(people.some((t) => t.speaker === "customer")).toBe(true);
      for (let k = 1; k < people.length; k++) expect(people[k].speaker).not.toBe(people[k - 1].speaker);
      for (let k = 1; k < turns.length; k++) expect(turns[k].atSeconds).toBeGreaterThan(turns[k - 1].atSeconds);
      const firstAgent = turns.find((t) => t.speaker === "agent")!;
      expect(firstAgent.atSeconds).toBe(i.firstResponseSeconds);
      expect(turns[turns.length - 1].atSeconds).toBeLessThanOrEqual(
        (i.endedAt.getTime() - i.startedAt.getTime()) / 1000,
      );
      for (const t of turns) expect(t.text).not.toMatch(/\{\w+\}/);
    }
  });
});

describe("scaling", () => {
  it("streams 200,000 interactions with little heap growth", { timeout: 180_000 }, () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let seen = 0;
    let turns = 0;
    let peak = before;
    for (const batch of generateInteractions(world, { count: 200_000, batchSize: 1000 })) {
      seen += batch.length;
      turns += batch[0].transcript!.length;
      if (seen % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    gc?.();
    const growth = (Math.max(peak, process.memoryUsage().heapUsed) - before) / 1024 / 1024;
    expect(seen).toBe(200_000);
    expect(turns).toBeGreaterThan(0);
    // Holding 200k interactions with transcripts would take well over 500 MB.
    expect(growth).toBeLessThan(150);
  });
});
