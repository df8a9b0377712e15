import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "../../db/client.server";
import {
  assignments,
  interactions,
  organizations,
  sampleRuns,
  samplingPlanReviewers,
  samplingPlans,
  scorecards,
  scorecardVersions,
  teams,
  users,
  type SamplingPlanRules,
} from "../../db/schema";
import { isUuid } from "~/domain/ids";
import { can, PERMISSIONS, type Scope } from "~/domain/permissions";
import type { FieldErrors, SamplingPlanInput } from "~/domain/sampling-plan-form.server";
import { recordAudit } from "./audit.server";
import { scopeFilter } from "./scope.server";

// A plan belongs to its creator's organisation (sampling_plans has no organisation column): everyone
// else, client users included, gets "not found". Vendor plans only ever cover their own vendor.
export const planOwners = alias(users, "plan_owners");
export const planOwnedBy = (scope: Scope) => eq(planOwners.organizationId, scope.organizationId);

export async function listSamplingPlans(scope: Scope) {
  const rows = await db
    .select({
      id: samplingPlans.id,
      name: samplingPlans.name,
      period: samplingPlans.period,
      quotaPerAgent: samplingPlans.quotaPerAgent,
      active: samplingPlans.active,
      rules: samplingPlans.rules,
      updatedAt: samplingPlans.updatedAt,
      reviewers: sql<number>`(select count(*)::int from ${samplingPlanReviewers} where ${samplingPlanReviewers.planId} = ${samplingPlans.id})`,
      lastPeriodStart:
        sql<Date | null>`(select max(${sampleRuns.periodStart}) from ${sampleRuns} where ${sampleRuns.planId} = ${samplingPlans.id})`.mapWith(
          sampleRuns.periodStart,
        ),
    })
    .from(samplingPlans)
    .innerJoin(planOwners, eq(planOwners.id, samplingPlans.createdBy))
    .where(planOwnedBy(scope))
    .orderBy(desc(samplingPlans.active), asc(samplingPlans.name));
  const vendors = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.kind, "vendor"));
  const vendorName = new Map(vendors.map((v) => [v.id, v.name]));
  return rows.map(({ rules, ...r }) => ({
    ...r,
    reviewers: Number(r.reviewers),
    vendorNames: (rules.filters.vendorIds ?? []).map((id) => vendorName.get(id) ?? "unknown vendor"),
    channels: rules.filters.channels ?? [],
  }));
}

/** A plan with its reviewer ids, or null when it is missing or belongs to another organisation. */
export async function getSamplingPlan(scope: Scope, planId: string) {
  if (!isUuid(planId)) return null;
  const [plan] = await db
    .select({ plan: samplingPlans })
    .from(samplingPlans)
    .innerJoin(planOwners, eq(planOwners.id, samplingPlans.createdBy))
    .where(and(eq(samplingPlans.id, planId), planOwnedBy(scope)))
    .limit(1);
  if (!plan) return null;
  const reviewers = await db
    .select({ userId: samplingPlanReviewers.userId })
    .from(samplingPlanReviewers)
    .where(eq(samplingPlanReviewers.planId, planId));
  return { ...plan.plan, reviewerIds: reviewers.map((r) => r.userId) };
}
export type SamplingPlanWithReviewers = NonNullable<Awaited<ReturnType<typeof getSamplingPlan>>>;

/** What the plan form offers in the caller's scope: vendors, teams, queues, contact reasons, scorecards, reviewers. */
export async function getSamplingPlanFormOptions(scope: Scope) {
  const vendorScope = scope.kind === "vendor" ? scope.vendorId : undefined;
  const interactionScope = scopeFilter(scope, { vendorId: interactions.vendorId, agentId: interactions.agentId });
  const [vendors, teamRows, queues, reasons, cards, reviewers] = await Promise.all([
    db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.kind, "vendor"), vendorScope ? eq(organizations.id, vendorScope) : undefined))
      .orderBy(asc(organizations.name)),
    db
      .select({ id: teams.id, name: teams.name, vendorId: teams.vendorId })
      .from(teams)
      .where(vendorScope ? eq(teams.vendorId, vendorScope) : undefined)
      .orderBy(asc(teams.name)),
    db
      .selectDistinct({ value: interactions.queue })
      .from(interactions)
      .where(interactionScope)
      .orderBy(asc(interactions.queue)),
    db
      .selectDistinct({ value: interactions.contactReason })
      .from(interactions)
      .where(interactionScope)
      .orderBy(asc(interactions.contactReason)),
    db
      .select({ slug: scorecards.slug, name: scorecards.name, channel: scorecards.channel })
      .from(scorecards)
      .where(
        sql`exists (select 1 from ${scorecardVersions} where ${scorecardVersions.scorecardId} = ${scorecards.id} and ${scorecardVersions.status} = 'published')`,
      )
      .orderBy(asc(scorecards.name)),
    listEligibleReviewers(scope),
  ]);
  return {
    vendors,
    teams: teamRows,
    queues: queues.map((q) => q.value),
    contactReasons: reasons.map((r) => r.value),
    scorecards: cards,
    reviewers,
  };
}
export type SamplingPlanFormOptions = Awaited<ReturnType<typeof getSamplingPlanFormOptions>>;

/**
 * Users who may review for a plan of the caller's organisation: active scorers (admins, QA leads and
 * specialists) of the same organisation; a client plan may also use vendor scorers, who then only get
 * their own vendor's interactions.
 */
async function listEligibleReviewers(scope: Scope) {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(users.active, true),
        inArray(users.role, [...PERMISSIONS["evaluation:score"].roles]),
        scope.kind === "vendor" ? eq(users.organizationId, scope.organizationId) : undefined,
      ),
    )
    .orderBy(asc(organizations.kind), asc(organizations.name), asc(users.name));
  return rows.filter((r) => can(r, "evaluation:score"));
}

/**
 * Checks a parsed plan against what exists in the caller's scope, and forces a vendor user's plan onto
 * their own vendor. Returns the input to store, or field errors.
 */
export function checkSamplingPlanReferences(
  scope: Scope,
  input: SamplingPlanInput,
  options: SamplingPlanFormOptions,
): { ok: true; input: SamplingPlanInput } | { ok: false; fieldErrors: FieldErrors } {
  const errors: FieldErrors = {};
  const filters = { ...input.rules.filters };
  if (scope.kind === "vendor") filters.vendorIds = [scope.vendorId];
  const vendorIds = filters.vendorIds ?? [];
  if (vendorIds.some((id) => !options.vendors.some((v) => v.id === id)))
    errors.vendorIds = "Choose vendors from the list.";
  const covers = (vendorId: string) => vendorIds.length === 0 || vendorIds.includes(vendorId);
  for (const id of filters.teamIds ?? []) {
    const team = options.teams.find((t) => t.id === id);
    if (!team) errors.teamIds ??= "Choose teams from the list.";
    else if (!covers(team.vendorId)) errors.teamIds ??= `${team.name} belongs to a vendor this plan does not cover.`;
  }
  if ((filters.queues ?? []).some((q) => !options.queues.includes(q))) errors.queues = "Choose queues from the list.";
  if ((filters.contactReasons ?? []).some((r) => !options.contactReasons.includes(r))) {
    errors.contactReasons = "Choose contact reasons from the list.";
  }
  for (const [channel, slug] of Object.entries(input.rules.scorecards)) {
    const card = options.scorecards.find((c) => c.slug === slug);
    const field = `scorecard${channel[0].toUpperCase()}${channel.slice(1)}`;
    if (!card) errors[field] = "Choose a scorecard with a published version.";
    else if (card.channel !== channel) errors[field] = `${card.name} is a ${card.channel} scorecard.`;
  }
  for (const id of input.reviewerIds) {
    const reviewer = options.reviewers.find((r) => r.id === id);
    if (!reviewer) errors.reviewerIds ??= "Choose reviewers from the list.";
    else if (reviewer.organizationKind === "vendor" && !covers(reviewer.organizationId)) {
      errors.reviewerIds ??= `${reviewer.name} works for ${reviewer.organizationName}, which this plan does not cover.`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, input: { ...input, rules: { ...input.rules, filters } } };
}

const planValues = (input: SamplingPlanInput) => ({
  name: input.name,
  description: input.description,
  rules: input.rules satisfies SamplingPlanRules,
  quotaPerAgent: input.quotaPerAgent,
  period: input.period,
  excludeEvaluated: input.excludeEvaluated,
  seed: input.seed,
  dueDays: input.dueDays,
  active: input.active,
});

export async function createSamplingPlan(args: { scope: Scope; actorUserId: string; input: SamplingPlanInput }) {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(samplingPlans)
      .values({ ...planValues(args.input), createdBy: args.actorUserId })
      .returning({ id: samplingPlans.id });
    await tx
      .insert(samplingPlanReviewers)
      .values(args.input.reviewerIds.map((userId) => ({ planId: created.id, userId })));
    await recordAudit(
      {
        actorUserId: args.actorUserId,
        organizationId: args.scope.organizationId,
        action: "sampling_plan.create",
        entity: "sampling_plan",
        entityId: created.id,
        details: { name: args.input.name },
      },
      tx,
    );
    return created;
  });
}

export type UpdateSamplingPlanResult = { ok: true } | { ok: false; reason: "not_found" | "conflict" };

/** Saves a plan if nobody changed it since the form was loaded (optimistic concurrency on lock_version). */
export async function updateSamplingPlan(args: {
  scope: Scope;
  actorUserId: string;
  planId: string;
  expectedLockVersion: number;
  input: SamplingPlanInput;
}): Promise<UpdateSamplingPlanResult> {
  if (!isUuid(args.planId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ lockVersion: samplingPlans.lockVersion })
      .from(samplingPlans)
      .innerJoin(planOwners, eq(planOwners.id, samplingPlans.createdBy))
      .where(and(eq(samplingPlans.id, args.planId), planOwnedBy(args.scope)))
      .for("update", { of: samplingPlans });
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.lockVersion !== args.expectedLockVersion) return { ok: false, reason: "conflict" } as const;
    await tx
      .update(samplingPlans)
      .set({ ...planValues(args.input), lockVersion: sql`${samplingPlans.lockVersion} + 1`, updatedAt: new Date() })
      .where(eq(samplingPlans.id, args.planId));
    await tx.delete(samplingPlanReviewers).where(eq(samplingPlanReviewers.planId, args.planId));
    await tx
      .insert(samplingPlanReviewers)
      .values(args.input.reviewerIds.map((userId) => ({ planId: args.planId, userId })));
    await recordAudit(
      {
        actorUserId: args.actorUserId,
        organizationId: args.scope.organizationId,
        action: "sampling_plan.update",
        entity: "sampling_plan",
        entityId: args.planId,
        details: { name: args.input.name, active: args.input.active },
      },
      tx,
    );
    return { ok: true } as const;
  });
}

/** Form defaults for a new plan; the seed is random so two new plans do not draw alike. */
export function newSamplingPlanDefaults() {
  return { seed: crypto.randomInt(0, 2_147_483_647) };
}

/** A plan's runs, newest period first, with how many assignments each made. */
export async function listSampleRuns(scope: Scope, planId: string, limit = 10) {
  const plan = await getSamplingPlan(scope, planId);
  if (!plan) return [];
  const rows = await db
    .select({
      id: sampleRuns.id,
      periodStart: sampleRuns.periodStart,
      periodEnd: sampleRuns.periodEnd,
      createdAt: sampleRuns.createdAt,
      createdByName: users.name,
      assignments: sql<number>`(select count(*)::int from ${assignments} where ${assignments.sampleRunId} = ${sampleRuns.id})`,
    })
    .from(sampleRuns)
    .innerJoin(users, eq(users.id, sampleRuns.createdBy))
    .where(eq(sampleRuns.planId, planId))
    .orderBy(desc(sampleRuns.periodStart))
    .limit(limit);
  return rows.map((r) => ({ ...r, assignments: Number(r.assignments) }));
}
