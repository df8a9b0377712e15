import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import {
  agents,
  assignments,
  calibrationItems,
  calibrationSessions,
  evaluations,
  interactions,
  organizations,
  samplingPlanReviewers,
  scorecards,
  scorecardVersions,
  teams,
  users,
  type SamplingPlan,
} from "../../db/schema";
import { can, type Scope } from "~/domain/permissions";
import { CHANNELS, type Channel, type SamplingCandidate, type SamplingRules } from "~/domain/sampling";
import type { ReviewerConstraint } from "~/domain/sampling-balance";
import type { PeriodBounds } from "~/domain/sampling-period";
import { scopeFilter } from "./scope.server";

// What a run samples from and hands out to: candidates, the plan's reviewers, the scorecard versions.
// Each takes the executor so generation can read inside its transaction.

export type PlanForSampling = Pick<
  SamplingPlan,
  "id" | "rules" | "quotaPerAgent" | "excludeEvaluated" | "seed" | "period"
>;

/** The plan's filters and the period as SQL, inside the caller's scope (which a stored plan can never widen). */
function candidateFilters(scope: Scope, rules: SamplingRules, bounds: PeriodBounds): (SQL | undefined)[] {
  const f = rules.filters;
  const list = <T>(values: T[] | undefined, where: (values: T[]) => SQL) =>
    values && values.length > 0 ? where(values) : undefined;
  return [
    gte(interactions.startedAt, bounds.start),
    lt(interactions.startedAt, bounds.end),
    scopeFilter(scope, { vendorId: interactions.vendorId, agentId: interactions.agentId }),
    list(f.channels, (v) => inArray(interactions.channel, v)),
    list(f.vendorIds, (v) => inArray(interactions.vendorId, v)),
    list(f.teamIds, (v) => inArray(interactions.teamId, v)),
    list(f.queues, (v) => inArray(interactions.queue, v)),
    list(f.contactReasons, (v) => inArray(interactions.contactReason, v)),
    f.csatMin !== undefined ? gte(interactions.csat, f.csatMin) : undefined,
    f.csatMax !== undefined ? lte(interactions.csat, f.csatMax) : undefined,
    f.escalated !== undefined ? eq(interactions.escalated, f.escalated) : undefined,
    f.fcr !== undefined ? eq(interactions.fcr, f.fcr) : undefined,
  ];
}

// A live assignment blocks any other; an evaluation (draft or submitted, standard: calibration scores are
// separate) makes it "evaluated" for plans that exclude evaluated interactions.
// An interaction in calibration (an item of a session not yet finalized) is never sampled for review.
const notAssigned = sql`(not exists (select 1 from ${assignments} where ${assignments.interactionId} = ${interactions.id} and ${assignments.status} <> 'skipped') and not exists (select 1 from ${calibrationItems} join ${calibrationSessions} on ${calibrationSessions.id} = ${calibrationItems.sessionId} where ${calibrationItems.interactionId} = ${interactions.id} and ${calibrationSessions.status} <> 'finalized'))`;
const notEvaluated = sql`not exists (select 1 from ${evaluations} where ${evaluations.interactionId} = ${interactions.id} and ${evaluations.kind} = 'standard')`;

/**
 * Candidates for a plan and period: the plan's filters in SQL, minus interactions already assigned (and
 * evaluated, when the plan says so). Also the agents with any matching interaction in the period, so
 * agents whose interactions are all taken still show their shortfall.
 */
export async function loadSamplingCandidates(
  exec: Database,
  scope: Scope,
  plan: PlanForSampling,
  bounds: PeriodBounds,
) {
  const filters = candidateFilters(scope, plan.rules, bounds);
  const agentRows = await exec
    .select({
      id: interactions.agentId,
      vendorId: interactions.vendorId,
      name: agents.name,
      teamName: teams.name,
      vendorName: organizations.name,
      inPeriod: sql<number>`count(*)::int`,
      assigned: sql<number>`(count(*) filter (where not ${notAssigned}))::int`,
      evaluated: sql<number>`(count(*) filter (where ${notAssigned} and not ${notEvaluated}))::int`,
    })
    .from(interactions)
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
    .where(and(...filters))
    .groupBy(interactions.agentId, interactions.vendorId, agents.name, teams.name, organizations.name)
    .orderBy(asc(organizations.name), asc(agents.name));
  const rows = await exec
    .select({
      id: interactions.id,
      agentId: interactions.agentId,
      vendorId: interactions.vendorId,
      teamId: interactions.teamId,
      channel: interactions.channel,
      queue: interactions.queue,
      contactReason: interactions.contactReason,
      csat: interactions.csat,
      escalated: interactions.escalated,
      fcr: interactions.fcr,
      handleTimeSeconds: interactions.handleTimeSeconds,
    })
    .from(interactions)
    .where(and(...filters, notAssigned, plan.excludeEvaluated ? notEvaluated : undefined));
  const candidates: SamplingCandidate[] = rows.map((r) => ({ ...r, evaluated: false, assigned: false }));
  const agentList = agentRows.map((a) => ({
    ...a,
    inPeriod: Number(a.inPeriod),
    assigned: Number(a.assigned),
    evaluated: Number(a.evaluated),
  }));
  // What the SQL left out, for the page to explain (evaluated ones only count when the plan skips them).
  const sum = (pick: (a: (typeof agentList)[number]) => number) => agentList.reduce((n, a) => n + pick(a), 0);
  const excluded = { assigned: sum((a) => a.assigned), evaluated: plan.excludeEvaluated ? sum((a) => a.evaluated) : 0 };
  return { candidates, agents: agentList, excluded };
}

export type PlanReviewer = { id: string; name: string; organizationName: string; usable: boolean } & ReviewerConstraint;

/** The plan's reviewers with what limits them; inactive users or roles that no longer score are not usable. */
export async function loadPlanReviewers(exec: Database, planId: string): Promise<PlanReviewer[]> {
  const rows = await exec
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      active: users.active,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      agentId: agents.id,
    })
    .from(samplingPlanReviewers)
    .innerJoin(users, eq(users.id, samplingPlanReviewers.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(agents, eq(agents.userId, users.id))
    .where(eq(samplingPlanReviewers.planId, planId))
    .orderBy(asc(users.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organizationName: r.organizationName,
    usable: r.active && can(r, "evaluation:score"),
    vendorId: r.organizationKind === "vendor" ? r.organizationId : null,
    agentId: r.agentId,
  }));
}

/** The newest published version of each scorecard the plan names, by channel. */
export async function latestVersions(exec: Database, rules: SamplingRules) {
  const slugs = Object.values(rules.scorecards).filter((s): s is string => Boolean(s));
  if (slugs.length === 0) return new Map<Channel, string>();
  const rows = await exec
    .select({ slug: scorecards.slug, id: scorecardVersions.id, number: scorecardVersions.number })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(inArray(scorecards.slug, slugs), eq(scorecardVersions.status, "published")))
    .orderBy(desc(scorecardVersions.number));
  const bySlug = new Map<string, string>();
  for (const row of rows) if (!bySlug.has(row.slug)) bySlug.set(row.slug, row.id);
  const byChannel = new Map<Channel, string>();
  for (const channel of CHANNELS) {
    const slug = rules.scorecards[channel];
    const id = slug ? bySlug.get(slug) : undefined;
    if (id) byChannel.set(channel, id);
  }
  return byChannel;
}
