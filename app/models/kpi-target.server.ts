import { and, asc, eq, isNull, or } from "drizzle-orm";
import { db } from "../../db/client.server";
import { kpiTargets, organizations, users } from "../../db/schema";
import type { Scope } from "~/domain/permissions";
import { recordAudit } from "./audit.server";

/** Every target row (history included) the viewer may see: global ones and, for vendors, their own. */
export async function listKpiTargets(scope: Scope) {
  return db
    .select({
      id: kpiTargets.id,
      kpi: kpiTargets.kpi,
      vendorId: kpiTargets.vendorId,
      vendorName: organizations.name,
      threshold: kpiTargets.threshold,
      warningBand: kpiTargets.warningBand,
      effectiveFrom: kpiTargets.effectiveFrom,
      createdAt: kpiTargets.createdAt,
      createdByName: users.name,
    })
    .from(kpiTargets)
    .leftJoin(organizations, eq(organizations.id, kpiTargets.vendorId))
    .innerJoin(users, eq(users.id, kpiTargets.createdBy))
    .where(
      scope.kind === "client" ? undefined : or(isNull(kpiTargets.vendorId), eq(kpiTargets.vendorId, scope.vendorId)),
    )
    .orderBy(asc(kpiTargets.kpi), asc(kpiTargets.vendorId), asc(kpiTargets.effectiveFrom), asc(kpiTargets.createdAt));
}

export type NewKpiTarget = {
  actorUserId: string;
  organizationId: string;
  kpi: string;
  vendorId: string | null;
  threshold: number;
  warningBand: number;
  effectiveFrom: string;
};

/**
 * Adds a target row. Nothing is ever updated or deleted: a change is a new row from its effective date,
 * so the status of past periods is judged against the target that applied then.
 */
export async function createKpiTarget(
  input: NewKpiTarget,
): Promise<{ ok: true; id: string } | { ok: false; field: string; message: string }> {
  if (input.vendorId) {
    const [vendor] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.id, input.vendorId), eq(organizations.kind, "vendor")));
    if (!vendor)
      return { ok: false, field: "vendorId", message: "Choose a vendor, or leave it empty for a global target." };
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(kpiTargets)
      .values({
        kpi: input.kpi,
        vendorId: input.vendorId,
        threshold: input.threshold,
        warningBand: input.warningBand,
        effectiveFrom: input.effectiveFrom,
        createdBy: input.actorUserId,
      })
      .returning({ id: kpiTargets.id });
    await recordAudit(
      {
        actorUserId: input.actorUserId,
        organizationId: input.organizationId,
        action: "kpi_target.create",
        entity: "kpi_target",
        entityId: row.id,
        details: {
          kpi: input.kpi,
          vendorId: input.vendorId,
          threshold: input.threshold,
          effectiveFrom: input.effectiveFrom,
        },
      },
      tx,
    );
    return { ok: true, id: row.id } as const;
  });
}
