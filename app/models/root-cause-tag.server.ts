import { and, desc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { agents, interactionRootCauses, interactions, organizations, teams, users } from "../../db/schema";
import { isUuid } from "~/domain/ids";
import { takeKeysetPage } from "~/domain/keyset-page";
import type { Scope } from "~/domain/permissions";
import type { RootCause } from "~/domain/scorecard-definition";
import { recordAudit } from "./audit.server";
import { addToRollups, subtractFromRollups } from "./kpi-rollup.server";
import { afterInstantId, instantText } from "./keyset.server";
import { scopeFilter } from "./scope.server";

/** A DSAT case: a CSAT response of 1 or 2 (dissatisfied), as in the `dsat_share` KPI. */
export const DSAT_MAX_CSAT = 2;

const interactionScope = (scope: Scope) =>
  scopeFilter(scope, { vendorId: interactions.vendorId, agentId: interactions.agentId });

const caseColumns = {
  interactionId: interactions.id,
  startedAt: interactions.startedAt,
  channel: interactions.channel,
  queue: interactions.queue,
  contactReason: interactions.contactReason,
  subject: interactions.subject,
  csat: interactions.csat,
  escalated: interactions.escalated,
  agentId: agents.id,
  agentName: agents.name,
  teamName: teams.name,
  vendorName: organizations.name,
};

/**
 * DSAT interactions in scope since a date that no trainer has tagged yet, newest first, with how many
 * there are in all.
 */
export async function listUntaggedDsat(input: { scope: Scope; since: Date; vendorId?: string | null; limit?: number }) {
  const where = and(
    interactionScope(input.scope),
    input.vendorId ? eq(interactions.vendorId, input.vendorId) : undefined,
    lte(interactions.csat, DSAT_MAX_CSAT),
    gte(interactions.startedAt, input.since),
    isNull(interactionRootCauses.interactionId),
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(caseColumns)
      .from(interactions)
      .innerJoin(agents, eq(agents.id, interactions.agentId))
      .innerJoin(teams, eq(teams.id, interactions.teamId))
      .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
      .leftJoin(interactionRootCauses, eq(interactionRootCauses.interactionId, interactions.id))
      .where(where)
      .orderBy(desc(interactions.startedAt))
      .limit(input.limit ?? 50),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(interactions)
      .leftJoin(interactionRootCauses, eq(interactionRootCauses.interactionId, interactions.id))
      .where(where),
  ]);
  return { rows, total: Number(total) };
}

/** Rows per query when a CSV walks every DSAT case (keyset batches, never one array of all rows). */
export const DSAT_EXPORT_BATCH = 1000;

type TaggedDsatFilter = { scope: Scope; vendorId?: string | null };

/** One keyset page of tagged DSAT cases, most recently tagged first, with who tagged them and when. */
async function taggedDsatPage(input: TaggedDsatFilter, limit: number, after?: readonly [string, string]) {
  const rows = await db
    .select({
      ...caseColumns,
      rootCause: interactionRootCauses.rootCause,
      note: interactionRootCauses.note,
      taggedAt: interactionRootCauses.taggedAt,
      taggedAtText: instantText(interactionRootCauses.taggedAt),
      taggedByName: users.name,
    })
    .from(interactionRootCauses)
    .innerJoin(interactions, eq(interactions.id, interactionRootCauses.interactionId))
    .innerJoin(agents, eq(agents.id, interactions.agentId))
    .innerJoin(teams, eq(teams.id, interactions.teamId))
    .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
    .innerJoin(users, eq(users.id, interactionRootCauses.taggedBy))
    .where(
      and(
        scopeFilter(input.scope, { vendorId: interactionRootCauses.vendorId, agentId: interactions.agentId }),
        input.vendorId ? eq(interactionRootCauses.vendorId, input.vendorId) : undefined,
        afterInstantId(interactionRootCauses.taggedAt, interactionRootCauses.interactionId, after, "desc"),
      ),
    )
    .orderBy(desc(interactionRootCauses.taggedAt), desc(interactionRootCauses.interactionId))
    .limit(limit + 1);
  const page = takeKeysetPage(rows, limit, (r) => [r.taggedAtText, r.interactionId] as const);
  return { next: page.next, rows: page.rows.map(({ taggedAtText: _, ...r }) => r) };
}

/** Tagged DSAT cases in scope, most recently tagged first, with who tagged them and when. */
export async function listTaggedDsat(input: TaggedDsatFilter & { limit?: number }) {
  return (await taggedDsatPage(input, input.limit ?? 50)).rows;
}

/**
 * Every tagged DSAT case in scope, most recently tagged first, in batches of `batchSize` rows fetched by
 * (taggedAt, interactionId) keyset, for a streamed CSV.
 */
export async function* iterateTaggedDsat(input: TaggedDsatFilter & { batchSize?: number }) {
  let after: readonly [string, string] | undefined;
  for (;;) {
    const page = await taggedDsatPage(input, input.batchSize ?? DSAT_EXPORT_BATCH, after);
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/**
 * Every untagged DSAT case in scope since a date, newest first, in batches of `batchSize` rows fetched by
 * (startedAt, id) keyset, for a streamed CSV.
 */
export async function* iterateUntaggedDsat(input: {
  scope: Scope;
  since: Date;
  vendorId?: string | null;
  batchSize?: number;
}) {
  const batchSize = input.batchSize ?? DSAT_EXPORT_BATCH;
  let after: readonly [string, string] | undefined;
  for (;;) {
    const rows = await db
      .select({ ...caseColumns, startedAtText: instantText(interactions.startedAt) })
      .from(interactions)
      .innerJoin(agents, eq(agents.id, interactions.agentId))
      .innerJoin(teams, eq(teams.id, interactions.teamId))
      .innerJoin(organizations, eq(organizations.id, interactions.vendorId))
      .leftJoin(interactionRootCauses, eq(interactionRootCauses.interactionId, interactions.id))
      .where(
        and(
          interactionScope(input.scope),
          input.vendorId ? eq(interactions.vendorId, input.vendorId) : undefined,
          lte(interactions.csat, DSAT_MAX_CSAT),
          gte(interactions.startedAt, input.since),
          isNull(interactionRootCauses.interactionId),
          afterInstantId(interactions.startedAt, interactions.id, after, "desc"),
        ),
      )
      .orderBy(desc(interactions.startedAt), desc(interactions.id))
      .limit(batchSize + 1);
    const page = takeKeysetPage(rows, batchSize, (r) => [r.startedAtText, r.interactionId] as const);
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

export type TagDsatResult = { ok: true; replaced: boolean } | { ok: false; reason: "not_found" | "not_dsat" };

/**
 * Tags a DSAT interaction in the caller's scope with a root cause, without a full evaluation. Tagging again
 * replaces the tag; the audit log keeps what it was.
 */
export async function tagDsatCase(input: {
  scope: Scope;
  actorUserId: string;
  interactionId: string;
  rootCause: RootCause;
  note: string | null;
  now?: Date;
}): Promise<TagDsatResult> {
  if (!isUuid(input.interactionId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [interaction] = await tx
      .select({ id: interactions.id, vendorId: interactions.vendorId, csat: interactions.csat })
      .from(interactions)
      .where(and(eq(interactions.id, input.interactionId), interactionScope(input.scope)));
    if (!interaction) return { ok: false, reason: "not_found" } as const;
    if (interaction.csat === null || interaction.csat > DSAT_MAX_CSAT)
      return { ok: false, reason: "not_dsat" } as const;
    const [previous] = await tx
      .select({
        rootCause: interactionRootCauses.rootCause,
        note: interactionRootCauses.note,
        taggedBy: interactionRootCauses.taggedBy,
        taggedAt: interactionRootCauses.taggedAt,
      })
      .from(interactionRootCauses)
      .where(eq(interactionRootCauses.interactionId, interaction.id))
      .for("update");
    const values = {
      rootCause: input.rootCause,
      note: input.note,
      taggedBy: input.actorUserId,
      taggedAt: input.now ?? new Date(),
    };
    // A tag counts as an error (training_gap: a training error) in the interaction's KPI sums.
    await subtractFromRollups(tx, { interactionIds: [interaction.id] });
    await tx
      .insert(interactionRootCauses)
      .values({ interactionId: interaction.id, vendorId: interaction.vendorId, ...values })
      .onConflictDoUpdate({ target: interactionRootCauses.interactionId, set: values });
    await addToRollups(tx, { interactionIds: [interaction.id] });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: interaction.vendorId,
        action: previous ? "root_cause.retag" : "root_cause.tag",
        entity: "interaction",
        entityId: interaction.id,
        details: {
          rootCause: input.rootCause,
          note: input.note,
          ...(previous
            ? {
                previous: {
                  rootCause: previous.rootCause,
                  note: previous.note,
                  taggedBy: previous.taggedBy,
                  taggedAt: previous.taggedAt.toISOString(),
                },
              }
            : {}),
        },
      },
      tx,
    );
    return { ok: true, replaced: Boolean(previous) } as const;
  });
}
