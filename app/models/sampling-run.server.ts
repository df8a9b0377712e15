import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import { assignments, organizations, sampleRuns, samplingPlans, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { selectSample, type Channel } from "~/domain/sampling";
import { balanceAssignments, type UnassignableReason } from "~/domain/sampling-balance";
import { formatPeriod, type PeriodBounds } from "~/domain/sampling-period";
import { recordAudit } from "./audit.server";
import {
  latestVersions,
  loadPlanReviewers,
  loadSamplingCandidates,
  type PlanForSampling,
} from "./sampling-candidates.server";
import { planOwnedBy, planOwners } from "./sampling.server";

// Advisory lock key for generating runs (any constant that no other advisory lock in the app uses).
const GENERATION_LOCK = 7_240_611;

export type RunUnassignableReason = UnassignableReason | "no_scorecard";

/** Everything a run would do, computed without writing: the preview shows it and generation stores it. */
async function planRun(exec: Database, scope: Scope, plan: PlanForSampling, bounds: PeriodBounds) {
  const { candidates, agents: agentRows, excluded } = await loadSamplingCandidates(exec, scope, plan, bounds);
  const sample = selectSample({
    rules: plan.rules,
    quotaPerAgent: plan.quotaPerAgent,
    excludeEvaluated: plan.excludeEvaluated,
    seed: plan.seed,
    periodKey: bounds.key,
    candidates,
    agents: agentRows,
  });
  const [reviewers, versions] = await Promise.all([loadPlanReviewers(exec, plan.id), latestVersions(exec, plan.rules)]);
  const usable = reviewers.filter((r) => r.usable);
  const withScorecard = sample.picks.filter((p) => versions.has(p.channel));
  const balance = balanceAssignments(
    withScorecard,
    usable.map((r) => r.id),
    Object.fromEntries(usable.map((r) => [r.id, r])),
  );
  const agentById = new Map(agentRows.map((a) => [a.id, a]));
  const pickById = new Map(sample.picks.map((p) => [p.interactionId, p]));
  const unassignable = [
    ...sample.picks
      .filter((p) => !versions.has(p.channel))
      .map((p) => ({ ...p, reason: "no_scorecard" as RunUnassignableReason })),
    ...balance.unassignable.map((u) => ({
      ...pickById.get(u.interactionId)!,
      reason: u.reason as RunUnassignableReason,
    })),
  ].map((u) => ({
    interactionId: u.interactionId,
    channel: u.channel,
    agentName: agentById.get(u.agentId)?.name ?? "",
    vendorName: agentById.get(u.agentId)?.vendorName ?? "",
    reason: u.reason,
  }));
  const channelCounts = new Map<string, Partial<Record<Channel, number>>>();
  for (const p of sample.picks) {
    const counts = channelCounts.get(p.agentId) ?? {};
    counts[p.channel] = (counts[p.channel] ?? 0) + 1;
    channelCounts.set(p.agentId, counts);
  }
  const agentsReport = sample.agents.map((a) => {
    const info = agentById.get(a.agentId);
    return {
      ...a,
      name: info?.name ?? a.agentId,
      teamName: info?.teamName ?? "",
      vendorName: info?.vendorName ?? "",
      inPeriod: info?.inPeriod ?? 0,
      byChannel: channelCounts.get(a.agentId) ?? {},
    };
  });
  agentsReport.sort((a, b) => a.vendorName.localeCompare(b.vendorName) || a.name.localeCompare(b.name));
  return {
    sample,
    balance,
    versions,
    summary: {
      period: {
        key: bounds.key,
        label: formatPeriod(bounds),
        start: bounds.start.toISOString(),
        end: bounds.end.toISOString(),
      },
      quotaPerAgent: plan.quotaPerAgent,
      handleTimeThreshold: sample.handleTimeThreshold,
      excluded: {
        assigned: excluded.assigned + sample.excluded.assigned,
        evaluated: excluded.evaluated + sample.excluded.evaluated,
        handleTime: sample.excluded.handleTime,
      },
      totals: {
        agents: sample.agents.length,
        eligible: sample.agents.reduce((n, a) => n + a.eligible, 0),
        picked: sample.picks.length,
        assignable: balance.assignments.length,
        shortfallAgents: sample.agents.filter((a) => a.shortfall > 0).length,
      },
      agents: agentsReport,
      reviewers: reviewers.map((r) => ({
        id: r.id,
        name: r.name,
        organizationName: r.organizationName,
        usable: r.usable,
        count: balance.countsByReviewer[r.id] ?? 0,
      })),
      unassignable,
    },
  };
}
export type RunSummary = Awaited<ReturnType<typeof planRun>>["summary"];

/** The preview: what generating would assign for the period. Writes nothing. */
export async function previewSampleRun(scope: Scope, plan: PlanForSampling, bounds: PeriodBounds): Promise<RunSummary> {
  return (await planRun(db, scope, plan, bounds)).summary;
}

export type GenerateResult =
  | { ok: true; runId: string; summary: RunSummary }
  | {
      ok: false;
      reason: "not_found" | "inactive" | "period_not_over" | "already_generated" | "nothing_to_assign" | "conflict";
      message: string;
    };

const alreadyGenerated = (bounds: PeriodBounds) => ({
  ok: false as const,
  reason: "already_generated" as const,
  message: `Assignments for this ${bounds.period} (${formatPeriod(bounds)}) were already generated for this plan: each period is generated once.`,
});

function violatedConstraint(error: unknown): string | null {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return String(e.message ?? "");
  }
  return null;
}

/**
 * Generates a plan's assignments for a period in one transaction: the sample_runs row (one per plan and
 * period start) and an assignment per assignable pick, pinned to the newest published version of the
 * channel's scorecard, due `dueDays` after `now`.
 */
export async function generateSampleRun(args: {
  scope: Scope;
  actorUserId: string;
  planId: string;
  bounds: PeriodBounds;
  now?: Date;
}): Promise<GenerateResult> {
  const now = args.now ?? new Date();
  try {
    return await db.transaction(async (tx): Promise<GenerateResult> => {
      // One generation at a time across all plans, so two plans never hand out the same interaction (the
      // second one's candidate query sees the first one's assignments); the plan row is locked against
      // edits meanwhile. The unique indexes remain the last guard.
      await tx.execute(sql`select pg_advisory_xact_lock(${GENERATION_LOCK})`);
      const [plan] = await tx
        .select({ plan: samplingPlans })
        .from(samplingPlans)
        .innerJoin(planOwners, eq(planOwners.id, samplingPlans.createdBy))
        .where(and(eq(samplingPlans.id, args.planId), planOwnedBy(args.scope)))
        .for("update", { of: samplingPlans });
      if (!plan) return { ok: false, reason: "not_found", message: "Not found." };
      // A period is generated once: sampling one still running would leave the rest of it unsampled for good.
      if (args.bounds.end > now) {
        return {
          ok: false,
          reason: "period_not_over",
          message: `This ${args.bounds.period} is not over yet: generate it once it has ended, so all of it can be sampled.`,
        };
      }
      if (!plan.plan.active) {
        return {
          ok: false,
          reason: "inactive",
          message: "This plan is paused: mark it active to generate assignments.",
        };
      }
      const [existing] = await tx
        .select({ id: sampleRuns.id })
        .from(sampleRuns)
        .where(and(eq(sampleRuns.planId, plan.plan.id), eq(sampleRuns.periodStart, args.bounds.start)));
      if (existing) return alreadyGenerated(args.bounds);
      const { balance, versions, sample, summary } = await planRun(tx, args.scope, plan.plan, args.bounds);
      // An empty run would block the period for good: refuse, so a fixed plan can still generate it.
      if (balance.assignments.length === 0) {
        return {
          ok: false,
          reason: "nothing_to_assign",
          message: "Nothing to assign for this period: no eligible interactions, or no reviewer may take them.",
        };
      }
      const [run] = await tx
        .insert(sampleRuns)
        .values({
          planId: plan.plan.id,
          periodStart: args.bounds.start,
          periodEnd: args.bounds.end,
          seed: plan.plan.seed,
          createdBy: args.actorUserId,
          summary,
        })
        .returning({ id: sampleRuns.id });
      const pickById = new Map(sample.picks.map((p) => [p.interactionId, p]));
      const dueAt = new Date(now.getTime() + plan.plan.dueDays * 86_400_000);
      const rows = balance.assignments.map((a) => {
        const pick = pickById.get(a.interactionId)!;
        return {
          sampleRunId: run.id,
          interactionId: a.interactionId,
          reviewerId: a.reviewerId,
          scorecardVersionId: versions.get(pick.channel)!,
          vendorId: pick.vendorId,
          agentId: pick.agentId,
          dueAt,
        };
      });
      for (let i = 0; i < rows.length; i += 500) await tx.insert(assignments).values(rows.slice(i, i + 500));
      await recordAudit(
        {
          actorUserId: args.actorUserId,
          organizationId: args.scope.organizationId,
          action: "sample_run.generate",
          entity: "sample_run",
          entityId: run.id,
          details: { planId: plan.plan.id, period: args.bounds.key, assignments: rows.length },
        },
        tx,
      );
      return { ok: true, runId: run.id, summary };
    });
  } catch (error) {
    const violated = violatedConstraint(error);
    if (violated?.includes("sample_runs_plan_period_unique")) return alreadyGenerated(args.bounds);
    if (violated !== null) {
      return {
        ok: false,
        reason: "conflict",
        message: "Some of these interactions were assigned elsewhere meanwhile. Nothing was saved: try again.",
      };
    }
    throw error;
  }
}

/** A generated run of the plan for the period starting at `periodStart`, with live counts per reviewer. */
export async function getSampleRun(scope: Scope, planId: string, periodStart: Date) {
  const [run] = await db
    .select({
      id: sampleRuns.id,
      periodStart: sampleRuns.periodStart,
      periodEnd: sampleRuns.periodEnd,
      createdAt: sampleRuns.createdAt,
      createdByName: users.name,
      summary: sampleRuns.summary,
    })
    .from(sampleRuns)
    .innerJoin(users, eq(users.id, sampleRuns.createdBy))
    .innerJoin(samplingPlans, eq(samplingPlans.id, sampleRuns.planId))
    .innerJoin(planOwners, eq(planOwners.id, samplingPlans.createdBy))
    .where(and(eq(sampleRuns.planId, planId), eq(sampleRuns.periodStart, periodStart), planOwnedBy(scope)))
    .limit(1);
  if (!run) return null;
  const reviewers = await db
    .select({
      reviewerId: assignments.reviewerId,
      name: users.name,
      organizationName: organizations.name,
      assignments: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${assignments.status} in ('pending', 'in_progress'))::int`,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.reviewerId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(assignments.sampleRunId, run.id))
    .groupBy(assignments.reviewerId, users.name, organizations.name)
    .orderBy(asc(users.name));
  return {
    ...run,
    summary: run.summary as RunSummary,
    reviewers: reviewers.map((r) => ({ ...r, assignments: Number(r.assignments), open: Number(r.open) })),
  };
}
