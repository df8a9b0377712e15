/**
 * Resolves an imported row's vendor, team and agent references to ids, from lookups loaded once per
 * import. Unknown references are row errors, never created; the agent must belong to the named vendor
 * and team. Matching is case-insensitive; a name that matches several records is an error, not a guess.
 */
import type { InteractionRow, RowIssue } from "./interaction-row.server";

export type RefVendor = { id: string; slug: string; name: string };
export type RefTeam = { id: string; vendorId: string; name: string };
export type RefAgent = { id: string; vendorId: string; teamId: string; externalId: string; email: string };
export type RowRefs = { vendorId: string; teamId: string; agentId: string };

const AMBIGUOUS = Symbol("ambiguous");
type Lookup<T> = Map<string, T | typeof AMBIGUOUS>;

export type RefIndex = {
  vendors: Lookup<RefVendor>;
  vendorsById: Map<string, RefVendor>;
  teams: Map<string, Lookup<RefTeam>>;
  teamsById: Map<string, RefTeam>;
  agentsByExternalId: Lookup<RefAgent>;
  agentsByEmail: Lookup<RefAgent>;
};

function add<T>(map: Lookup<T>, key: string, value: T) {
  const k = key.trim().toLowerCase();
  const existing = map.get(k);
  map.set(k, existing === undefined || existing === value ? value : AMBIGUOUS);
}

export function buildRefIndex(input: { vendors: RefVendor[]; teams: RefTeam[]; agents: RefAgent[] }): RefIndex {
  const index: RefIndex = {
    vendors: new Map(),
    vendorsById: new Map(input.vendors.map((v) => [v.id, v])),
    teams: new Map(),
    teamsById: new Map(input.teams.map((t) => [t.id, t])),
    agentsByExternalId: new Map(),
    agentsByEmail: new Map(),
  };
  for (const vendor of input.vendors) {
    add(index.vendors, vendor.slug, vendor);
    add(index.vendors, vendor.name, vendor);
  }
  for (const team of input.teams) {
    const byName = index.teams.get(team.vendorId) ?? new Map();
    add(byName, team.name, team);
    index.teams.set(team.vendorId, byName);
  }
  for (const agent of input.agents) {
    add(index.agentsByExternalId, agent.externalId, agent);
    add(index.agentsByEmail, agent.email, agent);
  }
  return index;
}

type RefInput = Pick<InteractionRow, "vendor" | "team" | "agentExternalId" | "agentEmail">;

/** Example: resolveRowRefs(index, { vendor: "acme", team: "Acme Chat Tier 1", agentEmail: "x@acme.example", ... }). */
export function resolveRowRefs(
  index: RefIndex,
  row: RefInput,
): { ok: true; refs: RowRefs } | { ok: false; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const vendor = index.vendors.get(row.vendor.toLowerCase());
  if (vendor === undefined) issues.push({ column: "vendor", message: `unknown vendor ${quote(row.vendor)}` });
  if (vendor === AMBIGUOUS)
    issues.push({ column: "vendor", message: `${quote(row.vendor)} names several vendors; use the vendor's slug` });
  const knownVendor = vendor !== undefined && vendor !== AMBIGUOUS ? vendor : null;

  let team: RefTeam | null = null;
  if (knownVendor) {
    const found = index.teams.get(knownVendor.id)?.get(row.team.toLowerCase());
    if (found === undefined)
      issues.push({ column: "team", message: `no team ${quote(row.team)} at ${knownVendor.name}` });
    else if (found === AMBIGUOUS)
      issues.push({ column: "team", message: `${quote(row.team)} names several teams at ${knownVendor.name}` });
    else team = found;
  }

  const agent = findAgent(index, row, issues);
  if (agent && knownVendor && agent.vendorId !== knownVendor.id) {
    const actual = index.vendorsById.get(agent.vendorId)?.name ?? "another vendor";
    issues.push({
      column: row.agentExternalId ? "agent_external_id" : "agent_email",
      message: `agent ${agent.externalId} works for ${actual}, not ${knownVendor.name}`,
    });
  } else if (agent && team && agent.teamId !== team.id) {
    const actual = index.teamsById.get(agent.teamId)?.name ?? "another team";
    issues.push({
      column: "team",
      message: `agent ${agent.externalId} is in team ${quote(actual)}, not ${quote(team.name)}`,
    });
  }

  if (issues.length > 0 || !knownVendor || !team || !agent) return { ok: false, issues };
  return { ok: true, refs: { vendorId: knownVendor.id, teamId: team.id, agentId: agent.id } };
}

function findAgent(index: RefIndex, row: RefInput, issues: RowIssue[]): RefAgent | null {
  let byId: RefAgent | null = null;
  if (row.agentExternalId) {
    const found = index.agentsByExternalId.get(row.agentExternalId.toLowerCase());
    if (found === undefined)
      issues.push({ column: "agent_external_id", message: `no agent with external id ${quote(row.agentExternalId)}` });
    else if (found === AMBIGUOUS)
      issues.push({ column: "agent_external_id", message: `${quote(row.agentExternalId)} matches several agents` });
    else byId = found;
  }
  let byEmail: RefAgent | null = null;
  if (row.agentEmail) {
    const found = index.agentsByEmail.get(row.agentEmail.toLowerCase());
    if (found === undefined)
      issues.push({ column: "agent_email", message: `no agent with email ${quote(row.agentEmail)}` });
    else if (found === AMBIGUOUS)
      issues.push({
        column: "agent_email",
        message: `several agents have email ${quote(row.agentEmail)}; use agent_external_id`,
      });
    else byEmail = found;
  }
  if (byId && byEmail && byId !== byEmail) {
    issues.push({
      column: "agent_email",
      message: `belongs to agent ${byEmail.externalId}, not ${byId.externalId} (agent_external_id)`,
    });
    return null;
  }
  if (row.agentExternalId && !byId) return null;
  if (row.agentEmail && !byEmail) return null;
  return byId ?? byEmail;
}

const quote = (s: string) => JSON.stringify(s);
