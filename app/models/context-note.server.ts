import { and, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import { db } from "../../db/client.server";
import { contextNotes, organizations, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";

/** Notes between two local dates (inclusive): global notes and, for vendor users, only their vendor's. */
export async function listContextNotes(scope: Scope, fromDay: string, toDay: string) {
  return db
    .select({
      id: contextNotes.id,
      onDate: contextNotes.onDate,
      vendorId: contextNotes.vendorId,
      vendorName: organizations.name,
      body: contextNotes.body,
      createdByName: users.name,
    })
    .from(contextNotes)
    .leftJoin(organizations, eq(organizations.id, contextNotes.vendorId))
    .innerJoin(users, eq(users.id, contextNotes.createdBy))
    .where(
      and(
        gte(contextNotes.onDate, fromDay),
        lte(contextNotes.onDate, toDay),
        scope.kind === "client"
          ? undefined
          : or(isNull(contextNotes.vendorId), eq(contextNotes.vendorId, scope.vendorId)),
      ),
    )
    .orderBy(asc(contextNotes.onDate), asc(contextNotes.createdAt));
}

/** A vendor user's note is always about their own vendor; a client user's may be global or for one vendor. */
export async function addContextNote(input: {
  scope: Scope;
  actorUserId: string;
  onDate: string;
  vendorId: string | null;
  body: string;
}): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const vendorId = input.scope.kind === "vendor" ? input.scope.vendorId : input.vendorId;
  if (vendorId && input.scope.kind === "client") {
    const [vendor] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.id, vendorId), eq(organizations.kind, "vendor")));
    if (!vendor) return { ok: false, field: "vendorId", message: "Choose a vendor, or none for every vendor." };
  }
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contextNotes)
      .values({ onDate: input.onDate, vendorId, body: input.body, createdBy: input.actorUserId })
      .returning({ id: contextNotes.id });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: input.scope.organizationId,
        action: "context_note.add",
        entity: "context_note",
        entityId: row.id,
      },
      tx,
    );
  });
  return { ok: true };
}
