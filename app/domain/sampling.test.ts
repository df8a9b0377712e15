import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHANNELS,
  isMustInclude,
  matchesFilters,
  selectSample,
  type SampleInput,
  type SamplingCandidate,
} from "./sampling";

let counter = 0;
function candidate(over: Partial<SamplingCandidate> = {}): SamplingCandidate {
  counter += 1;
  return {
    id: `i-${String(counter).padStart(5, "0")}`,
    agentId: "agent-1",
    vendorId: "vendor-1",
    teamId: "team-1",
    channel: "chat",
    queue: "orders",
    contactReason: "where_is_my_order",
    csat: 4,
    escalated: false,
    fcr: true,
    handleTimeSeconds: 300,
    evaluated: false,
    assigned: false,
    ...over,
  };
}

const input = (over: Partial<SampleInput> = {}): SampleInput => ({
  rules: { filters: {}, strata: null, mustInclude: {} },
  quotaPerAgent: 3,
  excludeEvaluated: true,
  seed: 42,
  periodKey: "2026-11-16",
  candidates: [],
  ...over,
});

const ids = (result: ReturnType<typeof selectSample>) => result.picks.map((p) => p.interactionId);

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

describe("selectSample", () => {
  it("picks the quota per agent and reports agents with too few candidates, with the shortfall", () => {
    const a = Array.from({ length: 10 }, () => candidate({ agentId: "agent-a" }));
    const b = Array.from({ length: 2 }, () => candidate({ agentId: "agent-b" }));
    const result = selectSample(input({ candidates: [...a, ...b], agents: [{ id: "agent-c", vendorId: "vendor-1" }] }));
    const byAgent = Object.fromEntries(result.agents.map((x) => [x.agentId, x]));
    expect(byAgent["agent-a"]).toMatchObject({ eligible: 10, picked: 3, shortfall: 0 });
    expect(byAgent["agent-b"]).toMatchObject({ eligible: 2, picked: 2, shortfall: 1 });
    // An agent with no eligible interaction still has a quota to miss.
    expect(byAgent["agent-c"]).toMatchObject({ eligible: 0, picked: 0, shortfall: 3 });
    expect(result.picks).toHaveLength(5);
  });

  it("is deterministic, whatever order the candidates arrive in", () => {
    const candidates = Array.from({ length: 40 }, (_, i) =>
      candidate({ agentId: `agent-${i % 4}`, channel: CHANNELS[i % 3], escalated: i % 7 === 0 }),
    );
    const first = selectSample(input({ candidates }));
    const reversed = selectSample(input({ candidates: [...candidates].reverse() }));
    expect(ids(reversed)).toEqual(ids(first));
    // Another seed or another period draws differently.
    expect(ids(selectSample(input({ candidates, seed: 43 })))).not.toEqual(ids(first));
    expect(ids(selectSample(input({ candidates, periodKey: "2026-11-23" })))).not.toEqual(ids(first));
  });

  it("keeps one agent's picks when another agent's candidates change", () => {
    const a = Array.from({ length: 12 }, () => candidate({ agentId: "agent-a" }));
    const b = Array.from({ length: 12 }, () => candidate({ agentId: "agent-b" }));
    const before = selectSample(input({ candidates: [...a, ...b] })).picks.filter((p) => p.agentId === "agent-a");
    const after = selectSample(input({ candidates: [...a, ...b.slice(3)] })).picks.filter(
      (p) => p.agentId === "agent-a",
    );
    expect(after).toEqual(before);
  });

  it("meets channel minimums per agent when the channels are available", () => {
    // Mostly chat: a random draw of 2 would often miss the single call.
    const candidates = [
      ...Array.from({ length: 20 }, () => candidate({ channel: "chat" })),
      candidate({ channel: "call" }),
      ...Array.from({ length: 5 }, () => candidate({ channel: "email" })),
    ];
    const rules = {
      filters: {},
      strata: { field: "channel" as const, minimums: { chat: 1, call: 1 } },
      mustInclude: {},
    };
    for (let seed = 0; seed < 20; seed++) {
      const result = selectSample(input({ rules, candidates, quotaPerAgent: 2, seed }));
      expect(result.agents[0].byStratum).toEqual({ chat: 1, call: 1 });
      expect(result.agents[0].stratumShortfalls).toEqual({});
    }
  });

  it("reports a stratum minimum the agent's interactions cannot meet, and ignores strata the agent has none of", () => {
    const candidates = [
      ...Array.from({ length: 5 }, () => candidate({ channel: "chat" })),
      candidate({ channel: "call" }),
    ];
    const rules = {
      filters: {},
      strata: { field: "channel" as const, minimums: { chat: 1, call: 2, email: 1 } },
      mustInclude: {},
    };
    const [agent] = selectSample(input({ rules, candidates })).agents;
    expect(agent).toMatchObject({
      picked: 3,
      shortfall: 0,
      byStratum: { chat: 2, call: 1 },
      stratumShortfalls: { call: 1 },
    });
  });

  it("takes must-include cases (escalations, CSAT at most 2) first, within the quota", () => {
    const hard = [candidate({ escalated: true }), candidate({ csat: 1 }), candidate({ csat: 2 })];
    const easy = Array.from({ length: 30 }, () => candidate({ csat: 5 }));
    const rules = { filters: {}, strata: null, mustInclude: { escalated: true, csatAtMost: 2 } };
    for (let seed = 0; seed < 10; seed++) {
      const two = selectSample(input({ rules, candidates: [...easy, ...hard], quotaPerAgent: 2, seed }));
      expect(two.picks).toHaveLength(2);
      expect(two.picks.every((p) => p.reason === "must_include")).toBe(true);
      const five = selectSample(input({ rules, candidates: [...easy, ...hard], quotaPerAgent: 5, seed }));
      expect(five.agents[0].mustInclude).toBe(3);
      expect(ids(five)).toEqual(expect.arrayContaining(hard.map((c) => c.id)));
    }
  });

  it("prefers must-include cases that also fill a stratum minimum", () => {
    const candidates = [
      ...Array.from({ length: 4 }, () => candidate({ channel: "chat", escalated: true })),
      candidate({ channel: "call", escalated: true }),
    ];
    const rules = {
      filters: {},
      strata: { field: "channel" as const, minimums: { chat: 1, call: 1 } },
      mustInclude: { escalated: true },
    };
    const [agent] = selectSample(input({ rules, candidates, quotaPerAgent: 2 })).agents;
    expect(agent.byStratum).toEqual({ chat: 1, call: 1 });
  });

  it("excludes interactions already assigned, and already evaluated unless the plan allows them", () => {
    const assigned = candidate({ assigned: true });
    const evaluated = candidate({ evaluated: true });
    const fresh = candidate();
    const candidates = [assigned, evaluated, fresh];
    const result = selectSample(input({ candidates }));
    expect(ids(result)).toEqual([fresh.id]);
    expect(result.excluded).toMatchObject({ assigned: 1, evaluated: 1 });
    const allowing = selectSample(input({ candidates, excludeEvaluated: false }));
    expect(ids(allowing).sort()).toEqual([evaluated.id, fresh.id].sort());
  });

  it("keeps only handle times above the percentile of the filtered candidates", () => {
    // 1..10 minutes; email is filtered out first so its long handle times do not move the threshold.
    const chats = Array.from({ length: 10 }, (_, i) => candidate({ handleTimeSeconds: (i + 1) * 60 }));
    const emails = Array.from({ length: 10 }, () => candidate({ channel: "email", handleTimeSeconds: 10_000 }));
    const rules = {
      filters: { channels: ["chat" as const], handleTimeAbovePercentile: 80 },
      strata: null,
      mustInclude: {},
    };
    const result = selectSample(input({ rules, candidates: [...chats, ...emails], quotaPerAgent: 10 }));
    // Type-7 quantile of 60..600 at 0.8: 60 + 0.8 * 9 * 60 = 492 seconds.
    expect(result.handleTimeThreshold).toBeCloseTo(492);
    expect(ids(result).sort()).toEqual([chats[8].id, chats[9].id]);
    expect(result.excluded).toMatchObject({ filteredOut: 10, handleTime: 8 });
  });

  it("filters on every plan filter", () => {
    const base = candidate();
    const f = {
      channels: ["chat" as const],
      vendorIds: ["vendor-1"],
      teamIds: ["team-1"],
      queues: ["orders"],
      contactReasons: ["where_is_my_order"],
      csatMin: 3,
      csatMax: 4,
      escalated: false,
      fcr: true,
    };
    expect(matchesFilters(base, f)).toBe(true);
    const misses: Partial<SamplingCandidate>[] = [
      { channel: "call" },
      { vendorId: "vendor-2" },
      { teamId: "team-2" },
      { queue: "billing" },
      { contactReason: "refund" },
      { csat: 2 },
      { csat: 5 },
      { csat: null },
      { escalated: true },
      { fcr: false },
      { fcr: null },
    ];
    for (const miss of misses) expect(matchesFilters({ ...base, ...miss }, f), JSON.stringify(miss)).toBe(false);
    expect(matchesFilters({ ...base, csat: null }, {})).toBe(true);
  });

  it("treats CSAT must-include as 'at most', and ignores missing CSAT", () => {
    expect(isMustInclude(candidate({ csat: 2 }), { csatAtMost: 2 })).toBe(true);
    expect(isMustInclude(candidate({ csat: 3 }), { csatAtMost: 2 })).toBe(false);
    expect(isMustInclude(candidate({ csat: null }), { csatAtMost: 2 })).toBe(false);
    expect(isMustInclude(candidate({ escalated: true }), {})).toBe(false);
  });
});

describe("selectSample properties", () => {
  const candidateArb = fc.record({
    agentId: fc.constantFrom("a1", "a2", "a3", "a4"),
    channel: fc.constantFrom(...CHANNELS),
    queue: fc.constantFrom("orders", "billing", "returns"),
    csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    escalated: fc.boolean(),
    fcr: fc.option(fc.boolean(), { nil: null }),
    handleTimeSeconds: fc.integer({ min: 0, max: 3600 }),
    evaluated: fc.boolean(),
    assigned: fc.boolean(),
  });
  const candidatesArb = fc
    .array(candidateArb, { maxLength: 60 })
    .map((rows) => rows.map((row, i) => candidate({ ...row, id: `c-${String(i).padStart(3, "0")}` })));
  const inputArb = fc.record({
    candidates: candidatesArb,
    quotaPerAgent: fc.integer({ min: 1, max: 8 }),
    excludeEvaluated: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    channels: fc.subarray([...CHANNELS]),
    csatMin: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    percentile: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    minimums: fc.record({ call: fc.integer({ min: 0, max: 2 }), chat: fc.integer({ min: 0, max: 2 }) }),
    mustEscalated: fc.boolean(),
    csatAtMost: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  });
  const toInput = (v: Value<typeof inputArb>) =>
    input({
      candidates: v.candidates,
      quotaPerAgent: v.quotaPerAgent,
      excludeEvaluated: v.excludeEvaluated,
      seed: v.seed,
      rules: {
        filters: { channels: v.channels, csatMin: v.csatMin, handleTimeAbovePercentile: v.percentile },
        strata: { field: "channel", minimums: v.minimums },
        mustInclude: { escalated: v.mustEscalated, csatAtMost: v.csatAtMost },
      },
    });

  it("never exceeds the quota, and picks as many as it can", () => {
    fc.assert(
      fc.property(inputArb, (v) => {
        const result = selectSample(toInput(v));
        for (const agent of result.agents) {
          const picked = result.picks.filter((p) => p.agentId === agent.agentId).length;
          expect(picked).toBe(agent.picked);
          expect(picked).toBeLessThanOrEqual(v.quotaPerAgent);
          expect(picked).toBe(Math.min(v.quotaPerAgent, agent.eligible));
          expect(agent.shortfall).toBe(v.quotaPerAgent - picked);
        }
        expect(new Set(ids(result)).size).toBe(result.picks.length);
      }),
    );
  });

  it("never picks an excluded or filtered-out interaction", () => {
    fc.assert(
      fc.property(inputArb, (v) => {
        const sample = toInput(v);
        const result = selectSample(sample);
        const byId = new Map(v.candidates.map((c) => [c.id, c]));
        for (const pick of result.picks) {
          const c = byId.get(pick.interactionId)!;
          expect(c.assigned).toBe(false);
          if (v.excludeEvaluated) expect(c.evaluated).toBe(false);
          expect(matchesFilters(c, sample.rules.filters)).toBe(true);
          if (result.handleTimeThreshold !== null)
            expect(c.handleTimeSeconds).toBeGreaterThan(result.handleTimeThreshold);
        }
      }),
    );
  });

  it("is deterministic under any reordering of the candidates", () => {
    const withReordering = inputArb.chain((v) =>
      fc
        .shuffledSubarray(v.candidates, { minLength: v.candidates.length, maxLength: v.candidates.length })
        .map((reordered) => ({ v, reordered })),
    );
    fc.assert(
      fc.property(withReordering, ({ v, reordered }) => {
        expect(selectSample(toInput({ ...v, candidates: reordered }))).toEqual(selectSample(toInput(v)));
      }),
    );
  });

  /** The candidates the sampler may pick from, worked out independently of it. */
  function eligibleOf(sample: SampleInput, threshold: number | null) {
    return sample.candidates.filter(
      (c) =>
        !c.assigned &&
        !(sample.excludeEvaluated && c.evaluated) &&
        matchesFilters(c, sample.rules.filters) &&
        (threshold === null || c.handleTimeSeconds > threshold),
    );
  }

  it("includes every must-include case the quota has room for", () => {
    fc.assert(
      fc.property(inputArb, (v) => {
        const sample = toInput(v);
        const result = selectSample(sample);
        const eligible = eligibleOf(sample, result.handleTimeThreshold);
        for (const agent of result.agents) {
          const must = eligible.filter(
            (c) => c.agentId === agent.agentId && isMustInclude(c, sample.rules.mustInclude),
          );
          const picked = new Set(result.picks.filter((p) => p.agentId === agent.agentId).map((p) => p.interactionId));
          const mustPicked = must.filter((c) => picked.has(c.id)).length;
          expect(mustPicked).toBe(Math.min(must.length, v.quotaPerAgent));
          expect(agent.mustInclude).toBe(mustPicked);
        }
      }),
    );
  });

  it("meets stratum minimums as far as candidates allow when nothing takes precedence", () => {
    fc.assert(
      fc.property(inputArb, (v) => {
        fc.pre(v.minimums.call + v.minimums.chat <= v.quotaPerAgent);
        const sample = toInput({ ...v, mustEscalated: false, csatAtMost: undefined });
        const result = selectSample(sample);
        const eligible = eligibleOf(sample, result.handleTimeThreshold);
        for (const agent of result.agents) {
          for (const channel of ["call", "chat"] as const) {
            const available = eligible.filter((c) => c.agentId === agent.agentId && c.channel === channel).length;
            const got = agent.byStratum[channel] ?? 0;
            expect(got).toBeGreaterThanOrEqual(Math.min(v.minimums[channel], available));
            const unmet = available === 0 ? 0 : Math.max(0, v.minimums[channel] - got);
            expect(agent.stratumShortfalls[channel] ?? 0).toBe(unmet);
          }
        }
      }),
    );
  });
});
