/**
 * Picks the interactions a sampling plan sends to review in one period. Pure: no database, no clock,
 * no Math.random. Randomness is a seeded xoroshiro128+ stream per agent (pure-rand), seeded from the
 * plan's seed, the period and the agent id, over candidates sorted by id: the same plan, period and
 * candidates always give the same picks, whatever order the candidates arrive in, and one agent's
 * candidates never shift another agent's picks.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { quantile } from "simple-statistics";

export const CHANNELS = ["call", "chat", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The same shape as `SamplingPlanRules` in db/schema.ts (the domain does not import the database layer). */
export type SamplingFilters = {
  channels?: Channel[];
  vendorIds?: string[];
  teamIds?: string[];
  queues?: string[];
  contactReasons?: string[];
  csatMin?: number;
  csatMax?: number;
  escalated?: boolean;
  fcr?: boolean;
  /** Keep only interactions whose handle time is above this percentile (1..99) of the filtered candidates. */
  handleTimeAbovePercentile?: number;
};
export type SamplingStrata = { field: "channel" | "queue"; minimums: Record<string, number> } | null;
export type MustInclude = { escalated?: boolean; csatAtMost?: number };
export type SamplingRules = {
  filters: SamplingFilters;
  strata: SamplingStrata;
  mustInclude: MustInclude;
  scorecards: Partial<Record<Channel, string>>;
};

export type SamplingCandidate = {
  id: string;
  agentId: string;
  vendorId: string;
  teamId: string;
  channel: Channel;
  queue: string;
  contactReason: string;
  csat: number | null;
  escalated: boolean;
  fcr: boolean | null;
  handleTimeSeconds: number;
  /** Has a draft or submitted standard evaluation. */
  evaluated: boolean;
  /** Has a live (not skipped) assignment. */
  assigned: boolean;
};

export type SampleInput = {
  rules: Pick<SamplingRules, "filters" | "strata" | "mustInclude">;
  quotaPerAgent: number;
  excludeEvaluated: boolean;
  seed: number;
  /** Identifies the period (its start, YYYY-MM-DD): mixed into the seed so each period draws afresh. */
  periodKey: string;
  candidates: readonly SamplingCandidate[];
  /** Agents to report even when none of their interactions is eligible (they still have a quota). */
  agents?: readonly { id: string; vendorId: string }[];
};

export type PickReason = "must_include" | "stratum" | "random";
export type SamplePick = {
  interactionId: string;
  agentId: string;
  vendorId: string;
  channel: Channel;
  stratum: string | null;
  reason: PickReason;
};
export type AgentSample = {
  agentId: string;
  vendorId: string;
  eligible: number;
  picked: number;
  /** Quota minus picks: more than zero means "not enough candidates". */
  shortfall: number;
  mustInclude: number;
  byStratum: Record<string, number>;
  /** Stratum minimums not met although the agent has eligible interactions in that stratum, and by how many. */
  stratumShortfalls: Record<string, number>;
};
export type SampleResult = {
  picks: SamplePick[];
  agents: AgentSample[];
  /** Handle time (seconds) a candidate had to exceed, when the plan filters on it and anything was left to measure. */
  handleTimeThreshold: number | null;
  excluded: { assigned: number; evaluated: number; filteredOut: number; handleTime: number };
};

const has = <T>(list: readonly T[] | undefined, value: T) => !list || list.length === 0 || list.includes(value);

/** Whether a candidate passes the plan's filters (all but the handle-time percentile, which needs the whole set). */
export function matchesFilters(c: SamplingCandidate, f: SamplingFilters): boolean {
  if (!has(f.channels, c.channel) || !has(f.vendorIds, c.vendorId) || !has(f.teamIds, c.teamId)) return false;
  if (!has(f.queues, c.queue) || !has(f.contactReasons, c.contactReason)) return false;
  // A CSAT range only admits interactions that have a CSAT.
  if (f.csatMin !== undefined && (c.csat === null || c.csat < f.csatMin)) return false;
  if (f.csatMax !== undefined && (c.csat === null || c.csat > f.csatMax)) return false;
  if (f.escalated !== undefined && c.escalated !== f.escalated) return false;
  if (f.fcr !== undefined && c.fcr !== f.fcr) return false;
  return true;
}

export function isMustInclude(c: SamplingCandidate, rule: MustInclude): boolean {
  if (rule.escalated && c.escalated) return true;
  return rule.csatAtMost !== undefined && c.csat !== null && c.csat <= rule.csatAtMost;
}

/** FNV-1a: a stable 32-bit seed from text (the seed, the period and the agent id). */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = xoroshiro128plus(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One agent's picks from their shuffled eligible interactions, in the precedence order of selectSample. */
function pickForAgent(order: SamplingCandidate[], quota: number, rules: SampleInput["rules"]) {
  const strata = rules.strata;
  const stratumOf = (c: SamplingCandidate) => (strata ? (strata.field === "channel" ? c.channel : c.queue) : null);
  const need = new Map(Object.entries(strata?.minimums ?? {}).filter(([, minimum]) => minimum > 0));
  const fillsNeed = (c: SamplingCandidate) => (need.get(stratumOf(c) ?? "") ?? 0) > 0;
  const must = (c: SamplingCandidate) => isMustInclude(c, rules.mustInclude);
  const taken = new Set<string>();
  const agentPicks: SamplePick[] = [];
  const phases: [(c: SamplingCandidate) => boolean, PickReason][] = [
    [(c) => must(c) && fillsNeed(c), "must_include"],
    [must, "must_include"],
    [fillsNeed, "stratum"],
    [() => true, "random"],
  ];
  for (const [wanted, reason] of phases) {
    for (const c of order) {
      if (agentPicks.length >= quota) break;
      if (taken.has(c.id) || !wanted(c)) continue;
      const stratum = stratumOf(c);
      if (stratum !== null && fillsNeed(c)) need.set(stratum, need.get(stratum)! - 1);
      taken.add(c.id);
      agentPicks.push({
        interactionId: c.id,
        agentId: c.agentId,
        vendorId: c.vendorId,
        channel: c.channel,
        stratum,
        reason,
      });
    }
  }
  // A minimum applies where the agent has that stratum at all: a voice-only agent is not "short" of chats.
  const available = new Set(order.map(stratumOf));
  const unmet = [...need].filter(([stratum, n]) => n > 0 && available.has(stratum));
  return { agentPicks, unmet };
}

/**
 * Selects up to `quotaPerAgent` interactions per agent. Within the quota, in this order: must-include
 * cases (escalations, low CSAT; those that also fill an unmet stratum minimum first), then stratum
 * minimums, then a random draw. Agents with too few eligible interactions are reported with their shortfall.
 */
export function selectSample(input: SampleInput): SampleResult {
  const { rules, quotaPerAgent: quota } = input;
  const excluded = { assigned: 0, evaluated: 0, filteredOut: 0, handleTime: 0 };
  let pool: SamplingCandidate[] = [];
  for (const c of [...input.candidates].sort(byId)) {
    if (c.assigned) excluded.assigned++;
    else if (input.excludeEvaluated && c.evaluated) excluded.evaluated++;
    else if (!matchesFilters(c, rules.filters)) excluded.filteredOut++;
    else pool.push(c);
  }

  let handleTimeThreshold: number | null = null;
  const percentile = rules.filters.handleTimeAbovePercentile;
  if (percentile !== undefined && pool.length > 0) {
    const threshold = quantile(
      pool.map((c) => c.handleTimeSeconds),
      percentile / 100,
    );
    handleTimeThreshold = threshold;
    const kept = pool.filter((c) => c.handleTimeSeconds > threshold);
    excluded.handleTime = pool.length - kept.length;
    pool = kept;
  }

  const byAgent = new Map<string, SamplingCandidate[]>();
  const vendorOf = new Map<string, string>();
  for (const a of input.agents ?? []) {
    byAgent.set(a.id, []);
    vendorOf.set(a.id, a.vendorId);
  }
  for (const c of pool) {
    const list = byAgent.get(c.agentId) ?? [];
    list.push(c);
    byAgent.set(c.agentId, list);
    vendorOf.set(c.agentId, c.vendorId);
  }

  const picks: SamplePick[] = [];
  const agents: AgentSample[] = [];
  for (const agentId of [...byAgent.keys()].sort()) {
    const order = shuffled(byAgent.get(agentId)!, hashSeed(`${input.seed}|${input.periodKey}|${agentId}`));
    const { agentPicks, unmet } = pickForAgent(order, quota, rules);
    const byStratum: Record<string, number> = {};
    for (const p of agentPicks) if (p.stratum !== null) byStratum[p.stratum] = (byStratum[p.stratum] ?? 0) + 1;
    picks.push(...agentPicks);
    agents.push({
      agentId,
      vendorId: vendorOf.get(agentId)!,
      eligible: order.length,
      picked: agentPicks.length,
      shortfall: Math.max(0, quota - agentPicks.length),
      mustInclude: agentPicks.filter((p) => p.reason === "must_include").length,
      byStratum,
      stratumShortfalls: Object.fromEntries(unmet),
    });
  }
  return { picks, agents, handleTimeThreshold, excluded };
}
