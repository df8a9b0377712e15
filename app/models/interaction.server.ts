import { and, desc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, interactions, organizations, teams } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import type { Scope } from "~/domain/permissions";
import { scopeFilter } from "./scope.server";

const interactionScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: interactions.vendorId, agentId: interactions.agentId });

export async function getInteraction(scope: Scope, interactionId: string) {
  if (!isUuid(interactionId)) return null;
  const [row] = await db
    .select({
      interaction: interactions,
      agentName: agents.name,
      teamName: teams.name,
      vendorName: organizations.name,
    })
    .from(interactions)
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(teams, eq(teams.id, interactions.teamId))
    .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
    .where(and(eq(interactions.id, interactionId), interactionScope(scope)))
    .limit(1);
  return row
    ? { ...row.interaction, agentName: row.agentName, teamName: row.teamName, vendorName: row.vendorName }
    : null;
}

export async function listInteractionsForAgent(scope: Scope, agentId: string, limit = 20) {
  return db
    .select({
      id: interactions.id,
      externalId: interactions.externalId,
      channel: interactions.channel,
      queue: interactions.queue,
      contactReason: interactions.contactReason,
      startedAt: interactions.startedAt,
      csat: interactions.csat,
      escalated: interactions.escalated,
    })
    .from(interactions)
    .where(and(eq(interactions.agentId, agentId), interactionScope(scope)))
    .orderBy(desc(interactions.startedAt))
    .limit(limit);
}
