import { db, type Database } from "../../db/client.server";
import { auditLog } from "../../db/schema";

export type AuditEntry = {
  actorUserId: string | null;
  organizationId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details?: Record<string, unknown>;
};

/** Appends to the audit log; pass the transaction when the audited change runs in one. */
export async function recordAudit(entry: AuditEntry, tx: Pick<Database, "insert"> = db): Promise<void> {
  await auditInsert(entry, tx);
}

/** The same append, unsent until awaited: for writes that pipeline their statements. */
export function auditInsert(entry: AuditEntry, tx: Pick<Database, "insert">) {
  return tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
