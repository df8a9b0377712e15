import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "../../db/client.server";
import {
  agents,
  coachingTaskEvaluations,
  coachingTasks,
  evaluationAnswers,
  evaluations,
  interactions,
  organizations,
  scorecards,
  scorecardVersions,
  teams,
  users,
} from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import {
  beforeAfterWindows,
  canTransition,
  compareFailureRates,
  type CoachingFilter,
  type CoachingStatus,
  type InstantRange,
} from "~/domain/trainer-analysis";
import { recordAudit } from "./audit.server";
import { scopeFilter } from "./scope.server";
import { criterionId, getCriterionLabels } from "./trainer.server";

const taskScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: coachingTasks.vendorId, agentId: coachingTasks.agentId });
const agentScope = (scope: Scope) => scopeFilter(scope, { vendorId: agents.vendorId, agentId: agents.id });
const creators = alias(users, "creators");

/** Agents a coaching task can be assigned to: those in the caller's scope, active ones. */
export async function listCoachableAgents(scope: Scope) {
  return db
    .select({ id: agents.id, name: agents.name, teamName: teams.name, vendorName: organizations.name })
    .from(agents)
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, agents.vendorId))
    .where(and(agentScope(scope), eq(agents.active, true)))
    .orderBy(asc(organizations.name), asc(teams.name), asc(agents.name));
}

/** Every scorecard's criteria by key (labels from the newest version that has the key). */
export async function listCriterionChoices() {
  const cards = await db
    .select({ id: scorecards.id, name: scorecards.name })
    .from(scorecards)
    .orderBy(asc(scorecards.name));
  const labels = await getCriterionLabels(cards.map((c) => c.id));
  return cards
    .map((card) => ({
      scorecardId: card.id,
      scorecardName: card.name,
      criteria: [...labels.entries()]
        .filter(([id]) => id.startsWith(`${card.id}:`))
        .map(([id, info]) => ({ key: id.slice(card.id.length + 1), label: info.label })),
    }))
    .filter((c) => c.criteria.length > 0);
}

/**
 * Answers to one criterion (by key, on any version of the scorecard) in the agent's submitted standard
 * evaluations, within scope. Queries using it join evaluation_answers, evaluations and scorecard_versions.
 */
function agentCriterionAnswers(scope: Scope, on: { agentId: string; scorecardId: string; criterionKey: string }) {
  return and(
    scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
    eq(evaluations.agentId, on.agentId),
    eq(evaluations.kind, "standard"),
    eq(evaluations.status, "submitted"),
    eq(scorecardVersions.scorecardId, on.scorecardId),
    eq(evaluationAnswers.criterionKey, on.criterionKey),
  );
}

/** The agent's recent submitted standard evaluations on the scorecard where the criterion was not met. */
export async function listMissedEvaluations(
  scope: Scope,
  input: { agentId: string; scorecardId: string; criterionKey: string; limit?: number },
) {
  if (!isUuid(input.agentId) || !isUuid(input.scorecardId)) return [];
  return db
    .select({
      id: evaluations.id,
      submittedAt: evaluations.submittedAt,
      finalScore: evaluations.finalScore,
      channel: interactions.channel,
      subject: interactions.subject,
      startedAt: interactions.startedAt,
      rootCause: evaluationAnswers.rootCause,
    })
    .from(evaluations)
    .innerJoin(evaluationAnswers, eq(evaluationAnswers.evaluationId, evaluations.id))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .where(and(agentCriterionAnswers(scope, input), eq(evaluationAnswers.met, false)))
    .orderBy(desc(evaluations.submittedAt))
    .limit(input.limit ?? 20);
}

export type CreateCoachingTaskResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid"; field: string; message: string };

/**
 * A coaching task for an agent in the caller's scope ("not_found" otherwise: the route answers 404). The
 * criterion must exist in the scorecard; linked evaluations must be the agent's, on that scorecard.
 */
export async function createCoachingTask(input: {
  scope: Scope;
  actorUserId: string;
  agentId: string;
  scorecardId: string;
  criterionKey: string;
  dueDate: string;
  notes: string;
  evaluationIds: string[];
}): Promise<CreateCoachingTaskResult> {
  if (!isUuid(input.agentId)) return { ok: false, reason: "not_found" };
  const [agent] = await db
    .select({ id: agents.id, vendorId: agents.vendorId })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), agentScope(input.scope)));
  if (!agent) return { ok: false, reason: "not_found" };
  const labels = isUuid(input.scorecardId) ? await getCriterionLabels([input.scorecardId]) : new Map();
  if (!labels.has(criterionId(input)))
    return { ok: false, reason: "invalid", field: "criterion", message: "Choose a criterion of a scorecard." };
  const evaluationIds = [...new Set(input.evaluationIds)];
  if (evaluationIds.length > 0) {
    const found = evaluationIds.every(isUuid)
      ? await db
          .select({ id: evaluations.id })
          .from(evaluations)
          .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
          .where(
            and(
              inArray(evaluations.id, evaluationIds),
              eq(evaluations.agentId, agent.id),
              eq(evaluations.kind, "standard"),
              eq(evaluations.status, "submitted"),
              eq(scorecardVersions.scorecardId, input.scorecardId),
            ),
          )
      : [];
    if (found.length !== evaluationIds.length)
      return {
        ok: false,
        reason: "invalid",
        field: "evaluationIds",
        message: "Link only this agent's evaluations on this scorecard.",
      };
  }
  return db.transaction(async (tx) => {
    const [task] = await tx
      .insert(coachingTasks)
      .values({
        vendorId: agent.vendorId,
        agentId: agent.id,
        scorecardId: input.scorecardId,
        criterionKey: input.criterionKey,
        notes: input.notes,
        dueDate: input.dueDate,
        createdBy: input.actorUserId,
      })
      .returning({ id: coachingTasks.id });
    if (evaluationIds.length > 0)
      await tx
        .insert(coachingTaskEvaluations)
        .values(evaluationIds.map((evaluationId) => ({ taskId: task.id, evaluationId })));
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: agent.vendorId,
        action: "coaching_task.create",
        entity: "coaching_task",
        entityId: task.id,
        details: {
          agentId: agent.id,
          scorecardId: input.scorecardId,
          criterionKey: input.criterionKey,
          dueDate: input.dueDate,
          evaluationIds,
        },
      },
      tx,
    );
    return { ok: true as const, id: task.id };
  });
}

const taskColumns = {
  id: coachingTasks.id,
  vendorId: coachingTasks.vendorId,
  agentId: coachingTasks.agentId,
  agentName: agents.name,
  teamName: teams.name,
  vendorName: organizations.name,
  scorecardId: coachingTasks.scorecardId,
  scorecardName: scorecards.name,
  criterionKey: coachingTasks.criterionKey,
  notes: coachingTasks.notes,
  dueDate: coachingTasks.dueDate,
  status: coachingTasks.status,
  createdBy: coachingTasks.createdBy,
  createdByName: creators.name,
  createdAt: coachingTasks.createdAt,
  completedAt: coachingTasks.completedAt,
  updatedAt: coachingTasks.updatedAt,
  lockVersion: coachingTasks.lockVersion,
  linkedEvaluations: sql<number>`(select count(*) from coaching_task_evaluations l where l.task_id = ${coachingTasks.id})::int`,
};

function tasksQuery() {
  return db
    .select(taskColumns)
    .from(coachingTasks)
    .innerJoin(agents, eq(agents.id, coachingTasks.agentId))
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, coachingTasks.vendorId))
    .innerJoin(scorecards, eq(scorecards.id, coachingTasks.scorecardId))
    .innerJoin(creators, eq(creators.id, coachingTasks.createdBy))
    .$dynamic();
}

async function withLabels<T extends { scorecardId: string; criterionKey: string }>(rows: T[]) {
  const labels = await getCriterionLabels(rows.map((r) => r.scorecardId));
  return rows.map((r) => ({ ...r, criterionLabel: labels.get(criterionId(r))?.label ?? r.criterionKey }));
}

/** Coaching tasks in scope: to-do ones by due date (oldest first), closed ones most recently changed first. */
export async function listCoachingTasks(scope: Scope, filter: CoachingFilter = "active") {
  const status =
    filter === "all"
      ? undefined
      : filter === "active"
        ? inArray(coachingTasks.status, ["open", "in_progress"])
        : eq(coachingTasks.status, filter);
  const rows = await tasksQuery()
    .where(and(taskScope(scope), status))
    .orderBy(
      sql`case when ${coachingTasks.status} in ('open', 'in_progress') then 0 else 1 end`,
      sql`case when ${coachingTasks.status} in ('open', 'in_progress') then ${coachingTasks.dueDate} end asc`,
      desc(coachingTasks.updatedAt),
      asc(agents.name),
    )
    .limit(500);
  return withLabels(rows);
}

/** One task in the caller's scope, or null (the route answers 404). */
export async function getCoachingTask(scope: Scope, taskId: string) {
  if (!isUuid(taskId)) return null;
  const rows = await tasksQuery()
    .where(and(eq(coachingTasks.id, taskId), taskScope(scope)))
    .limit(1);
  if (rows.length === 0) return null;
  const [task] = await withLabels(rows);
  return task;
}

export type CoachingTaskDetail = NonNullable<Awaited<ReturnType<typeof getCoachingTask>>>;

/** The evaluations linked to a task, with the task criterion's answer on each. */
export async function listTaskEvaluations(scope: Scope, task: Pick<CoachingTaskDetail, "id" | "criterionKey">) {
  return db
    .select({
      id: evaluations.id,
      submittedAt: evaluations.submittedAt,
      finalScore: evaluations.finalScore,
      channel: interactions.channel,
      subject: interactions.subject,
      met: evaluationAnswers.met,
      rootCause: evaluationAnswers.rootCause,
    })
    .from(coachingTaskEvaluations)
    .innerJoin(evaluations, eq(evaluations.id, coachingTaskEvaluations.evaluationId))
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .leftJoin(
      evaluationAnswers,
      and(eq(evaluationAnswers.evaluationId, evaluations.id), eq(evaluationAnswers.criterionKey, task.criterionKey)),
    )
    .where(
      and(
        eq(coachingTaskEvaluations.taskId, task.id),
        scopeFilter(scope, { vendorId: evaluations.vendorId, agentId: evaluations.agentId }),
      ),
    )
    .orderBy(desc(evaluations.submittedAt));
}

export type UpdateCoachingTaskResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "conflict" }
  | { ok: false; reason: "invalid_transition"; from: CoachingStatus };

/**
 * Changes a task's status and/or notes if nobody changed the task since the form was loaded (optimistic
 * concurrency on lockVersion). Completing a task stamps completedAt, which ends its "after" window.
 */
export async function updateCoachingTask(input: {
  scope: Scope;
  actorUserId: string;
  taskId: string;
  expectedLockVersion: number;
  status?: CoachingStatus;
  notes?: string;
  now?: Date;
}): Promise<UpdateCoachingTaskResult> {
  if (!isUuid(input.taskId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        status: coachingTasks.status,
        notes: coachingTasks.notes,
        lockVersion: coachingTasks.lockVersion,
        vendorId: coachingTasks.vendorId,
      })
      .from(coachingTasks)
      .where(and(eq(coachingTasks.id, input.taskId), taskScope(input.scope)))
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.lockVersion !== input.expectedLockVersion) return { ok: false, reason: "conflict" } as const;
    const status = input.status ?? current.status;
    if (status !== current.status && !canTransition(current.status, status))
      return { ok: false, reason: "invalid_transition", from: current.status } as const;
    const now = input.now ?? new Date();
    await tx
      .update(coachingTasks)
      .set({
        status,
        notes: input.notes ?? current.notes,
        completedAt: status === "done" && current.status !== "done" ? now : undefined,
        lockVersion: sql`${coachingTasks.lockVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(coachingTasks.id, input.taskId));
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: current.vendorId,
        action: status !== current.status ? "coaching_task.status" : "coaching_task.notes",
        entity: "coaching_task",
        entityId: input.taskId,
        details:
          status !== current.status
            ? { from: current.status, to: status }
            : { notesBefore: current.notes, notesAfter: input.notes ?? current.notes },
      },
      tx,
    );
    return { ok: true } as const;
  });
}

/**
 * The agent's failures and answers on the task's criterion (any version of its scorecard, N/A excluded) in
 * the before and after windows, by the interaction's start: coaching changes how the agent works from then
 * on, whenever the evaluation happens to be submitted. One grouped query.
 */
export async function getBeforeAfterCounts(
  scope: Scope,
  task: Pick<CoachingTaskDetail, "agentId" | "scorecardId" | "criterionKey">,
  windows: { before: InstantRange; after: InstantRange },
) {
  const inRange = (r: InstantRange) =>
    sql`${interactions.startedAt} >= ${r.from.toISOString()}::timestamptz and ${interactions.startedAt} < ${r.to.toISOString()}::timestamptz`;
  const count = (where: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${where}))::int`;
  const [row] = await db
    .select({
      beforeAnswers: count(inRange(windows.before)),
      beforeFailures: count(sql`${inRange(windows.before)} and ${evaluationAnswers.met} = false`),
      afterAnswers: count(inRange(windows.after)),
      afterFailures: count(sql`${inRange(windows.after)} and ${evaluationAnswers.met} = false`),
    })
    .from(evaluationAnswers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationAnswers.evaluationId))
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(interactions, eq(interactions.id, evaluations.interactionId))
    .where(
      and(
        agentCriterionAnswers(scope, task),
        isNotNull(evaluationAnswers.met),
        gte(interactions.startedAt, windows.before.from),
        lt(interactions.startedAt, windows.after.to),
      ),
    );
  return {
    before: { failures: Number(row?.beforeFailures ?? 0), answers: Number(row?.beforeAnswers ?? 0) },
    after: { failures: Number(row?.afterFailures ?? 0), answers: Number(row?.afterAnswers ?? 0) },
  };
}

/**
 * The before/after view of a task: the agent's failure rate on the criterion in the `weeks` before the task
 * was created and since then (until completion), and whether the change is significant (after vs before).
 */
export async function getCoachingBeforeAfter(
  scope: Scope,
  task: Pick<CoachingTaskDetail, "agentId" | "scorecardId" | "criterionKey" | "createdAt" | "completedAt">,
  weeks: number,
  now = new Date(),
) {
  const windows = beforeAfterWindows({
    createdAt: new Date(task.createdAt),
    completedAt: task.completedAt ? new Date(task.completedAt) : null,
    now,
    weeks,
  });
  const counts = await getBeforeAfterCounts(scope, task, windows);
  return { weeks, windows, ...counts, comparison: compareFailureRates(counts.after, counts.before) };
}
