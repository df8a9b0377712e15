/**
 * The database side of an interaction import: reference lookups (loaded once per import), batched
 * upserts that count inserted/updated/unchanged rows, the dry run's comparison with stored hashes, and
 * stored row errors.
 */
import { and, eq, sql } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import { agents, importBatches, importErrors, interactions, organizations, teams } from "../../db/schema";
import { buildRefIndex, type RefIndex } from "~/domain/interaction-row-refs";
import type { RowIssue } from "~/domain/interaction-row.server";
import { addToRollups, subtractFromRollups } from "./kpi-rollup.server";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type NewInteraction = typeof interactions.$inferInsert & { contentHash: string };
export type BatchCounts = { inserted: number; updated: number; unchanged: number };

export async function loadRefIndex(): Promise<RefIndex> {
  const [vendors, teamRows, agentRows] = await Promise.all([
    db
      .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.kind, "vendor")),
    db.select({ id: teams.id, vendorId: teams.vendorId, name: teams.name }).from(teams),
    db
      .select({
        id: agents.id,
        vendorId: agents.vendorId,
        teamId: agents.teamId,
        externalId: agents.externalId,
        email: agents.email,
      })
      .from(agents),
  ]);
  return buildRefIndex({ vendors, teams: teamRows, agents: agentRows });
}

// Everything an import may change; id and created_at stay as first stored.
const UPDATED_FIELDS = [
  "channel",
  "vendorId",
  "teamId",
  "agentId",
  "queue",
  "contactReason",
  "customerName",
  "subject",
  "startedAt",
  "endedAt",
  "handleTimeSeconds",
  "firstResponseSeconds",
  "resolutionSeconds",
  "csat",
  "nps",
  "ces",
  "fcr",
  "escalated",
  "transcript",
  "contentHash",
  "importBatchId",
] as const;
const updateSet = {
  ...Object.fromEntries(UPDATED_FIELDS.map((f) => [f, sql.raw(`excluded."${interactions[f].name}"`)])),
  updatedAt: sql`now()`,
};

/**
 * Upserts one batch and the import's running counters in one transaction. Rows whose stored hash equals
 * the new one are not touched (the conflict update's WHERE skips them, so they are not returned);
 * `xmax = 0` tells a fresh insert from an update on PostgreSQL and PGlite alike.
 */
export async function writeInteractionBatch(
  rows: NewInteraction[],
  batchId: string,
  totals: { rowsRead: number; rejected: number } & BatchCounts,
): Promise<BatchCounts> {
  return db.transaction(async (tx) => {
    // Stored rows this batch changes leave the KPI rollups first; what was written goes back in after.
    const changing = await listChangingInteractionIds(tx, rows);
    if (changing.length > 0) await subtractFromRollups(tx, { interactionIds: changing });
    const written =
      rows.length === 0
        ? []
        : await tx
            .insert(interactions)
            .values(rows)
            .onConflictDoUpdate({
              target: [interactions.source, interactions.externalId],
              set: updateSet as Record<string, unknown>,
              setWhere: sql`${interactions.contentHash} is distinct from excluded.content_hash`,
            })
            .returning({ id: interactions.id, inserted: sql<boolean>`(xmax = 0)` });
    if (written.length > 0) await addToRollups(tx, { interactionIds: written.map((r) => r.id) });
    const inserted = written.filter((r) => r.inserted).length;
    const counts = { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
    await tx
      .update(importBatches)
      .set({
        rowsRead: totals.rowsRead,
        rejected: totals.rejected,
        inserted: totals.inserted + counts.inserted,
        updated: totals.updated + counts.updated,
        unchanged: totals.unchanged + counts.unchanged,
      })
      .where(eq(importBatches.id, batchId));
    return counts;
  });
}

/** Ids of stored interactions that the batch's rows would change (same source and external id, other hash). */
async function listChangingInteractionIds(tx: Tx, rows: NewInteraction[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const keys = sql.join(
    rows.map((r) => sql`(${r.source}, ${r.externalId}, ${r.contentHash ?? null})`),
    sql`, `,
  );
  const found = await tx.execute<{ id: string }>(sql`
    select i.id from interactions i
    join (values ${keys}) k(source, external_id, content_hash)
      on i.source = k.source and i.external_id = k.external_id
    where i.content_hash is distinct from k.content_hash`);
  return (Array.isArray(found) ? found : (found as { rows: { id: string }[] }).rows).map((r) => r.id);
}

/** For a dry run: what writing the batch would do, from the stored hashes (one query per source). */
export async function compareWithStored(rows: NewInteraction[]): Promise<BatchCounts> {
  const stored = new Map<string, string | null>();
  const bySource = new Map<string, NewInteraction[]>();
  for (const row of rows) {
    const group = bySource.get(row.source);
    if (group) group.push(row);
    else bySource.set(row.source, [row]);
  }
  for (const [source, group] of bySource) {
    const found = await db
      .select({ externalId: interactions.externalId, contentHash: interactions.contentHash })
      .from(interactions)
      // One array parameter rather than 500 (much less query building per batch).
      .where(
        and(
          eq(interactions.source, source),
          sql`${interactions.externalId} = any(${sql.param(group.map((r) => r.externalId))}::text[])`,
        ),
      );
    for (const f of found) stored.set(`${source}\u0000${f.externalId}`, f.contentHash);
  }
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const row of rows) {
    const key = `${row.source}\u0000${row.externalId}`;
    if (!stored.has(key)) counts.inserted += 1;
    else if (stored.get(key) === row.contentHash) counts.unchanged += 1;
    else counts.updated += 1;
  }
  return counts;
}

export type StoredRowError = { row: number } & RowIssue;

export async function insertImportErrors(batchId: string, errors: StoredRowError[]): Promise<void> {
  if (errors.length === 0) return;
  await db.insert(importErrors).values(errors.map((e) => ({ batchId, ...e })));
}

export async function deleteImportErrors(batchId: string): Promise<void> {
  await db.delete(importErrors).where(eq(importErrors.batchId, batchId));
}
