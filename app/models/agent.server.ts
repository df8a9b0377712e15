import { and, asc, avg, count, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, evaluations, organizations, teams } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

const agentScope = (scope: Scope) => scopeFilter(scope, { vendorId: agents.vendorId, agentId: agents.id });

/** Agents visible to the caller with their submitted standard-evaluation stats. */
export async function listAgents(scope: Scope, filters: { vendorId?: string; teamId?: string } = {}) {
  const stats = db
    .select({
      agentId: evaluations.agentId,
      evaluations: count().as("evaluations"),
      averageScore: avg(evaluations.finalScore).as("average_score"),
      passRate: sql<string>`avg(case when ${evaluations.passed} then 1.0 else 0.0 end)`.as("pass_rate"),
    })
    .from(evaluations)
    .where(and(eq(evaluations.status, "submitted"), eq(evaluations.kind, "standard")))
    .groupBy(evaluations.agentId)
    .as("stats");
  const rows = await db
    .select({
      id: agents.id,
      name: agents.name,
      externalId: agents.externalId,
      trainingCohort: agents.trainingCohort,
      hireDate: agents.hireDate,
      teamName: teams.name,
      vendorName: organizations.name,
      evaluations: stats.evaluations,
      averageScore: stats.averageScore,
      passRate: stats.passRate,
    })
    .from(agents)
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, agents.vendorId))
    .leftJoin(stats, eq(stats.agentId, agents.id))
    .where(
      and(
        agentScope(scope),
        filters.vendorId ? eq(agents.vendorId, filters.vendorId) : undefined,
        filters.teamId ? eq(agents.teamId, filters.teamId) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(teams.name), asc(agents.name));
  return rows.map((r) => ({
    ...r,
    evaluations: Number(r.evaluations ?? 0),
    averageScore: r.averageScore === null ? null : Number(r.averageScore),
    passRate: r.passRate === null ? null : Number(r.passRate),
  }));
}

/** One agent, or null when it does not exist or is outside the caller's scope (the route answers 404 either way). */
export async function getAgent(scope: Scope, agentId: string) {
  if (!isUuid(agentId)) return null;
  const [row] = await db
    .select({
      id: agents.id,
      name: agents.name,
      email: agents.email,
      externalId: agents.externalId,
      hireDate: agents.hireDate,
      trainingCohort: agents.trainingCohort,
      active: agents.active,
      vendorId: agents.vendorId,
      vendorName: organizations.name,
      teamId: teams.id,
      teamName: teams.name,
    })
    .from(agents)
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .innerJoin(organizations, eq(organizations.id, agents.vendorId))
    .where(and(eq(agents.id, agentId), agentScope(scope)))
    .limit(1);
  return row ?? null;
}
