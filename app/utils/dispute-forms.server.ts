import { z } from "zod";
import { MAX_DISPUTE_REASON_LENGTH, type DisputeProposal } from "~/domain/dispute-items";
import type { ItemDecision } from "~/models/dispute-resolve.server";
import { toFieldErrors, type FieldErrors } from "./form.server";

// Field names: dispute form `criterion` (repeated), `proposed.<key>`, `reason`; resolution form
// `decision.<key>` (accept | reject), `rootCause.<key>`, `note`, `lockVersion`; re-score `reason`, `lockVersion`.

const text = (what: string) =>
  z
    .string({ error: `Give ${what}.` })
    .trim()
    .min(3, `Give ${what} (at least 3 characters).`)
    .max(MAX_DISPUTE_REASON_LENGTH, `Keep it under ${MAX_DISPUTE_REASON_LENGTH} characters.`);

const LockVersion = z.coerce.number({ error: "The form was incomplete; reload the page." }).int().min(1);

export const IntentSchema = z.object({ intent: z.enum(["acknowledge"], { error: "Unknown action." }) });

const RaiseDisputeSchema = z.object({
  reason: text("a reason"),
  criteria: z.array(z.string()).min(1, "Pick at least one criterion to dispute."),
});

type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** The dispute form: picked criteria with a proposed answer each (a number or "na"), and the reason. */
export function readRaiseDisputeForm(form: FormData): Parsed<{ reason: string; proposals: DisputeProposal[] }> {
  const criteria = [...new Set(form.getAll("criterion").map((v) => String(v).trim()))].filter(Boolean);
  const parsed = RaiseDisputeSchema.safeParse({ reason: form.get("reason") ?? undefined, criteria });
  const fieldErrors: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error);
  const proposals: DisputeProposal[] = [];
  // Every problem at once, so one round trip fixes the form.
  for (const criterionKey of criteria) {
    const raw = String(form.get(`proposed.${criterionKey}`) ?? "").trim();
    const value = raw === "na" ? "na" : raw === "" ? NaN : Number(raw);
    if (value === "na" || Number.isFinite(value)) proposals.push({ criterionKey, proposed: value });
    else fieldErrors[`proposed.${criterionKey}`] = raw === "" ? "Choose the answer you propose." : "Not an answer.";
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, data: { reason: parsed.data.reason, proposals } };
}

const ResolveDisputeSchema = z.object({ note: text("a note explaining the decision"), lockVersion: LockVersion });

/** The resolution form for a dispute whose items are `itemKeys`: one decision per item, and the note. */
export function readResolveDisputeForm(
  form: FormData,
  itemKeys: string[],
): Parsed<{ note: string; lockVersion: number; decisions: Record<string, ItemDecision> }> {
  const parsed = ResolveDisputeSchema.safeParse({
    note: form.get("note") ?? undefined,
    lockVersion: form.get("lockVersion") ?? undefined,
  });
  const fieldErrors: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error);
  const decisions: Record<string, ItemDecision> = {};
  for (const key of itemKeys) {
    const decision = form.get(`decision.${key}`);
    const rootCause = String(form.get(`rootCause.${key}`) ?? "").trim() || null;
    if (decision === "accept" || decision === "reject") decisions[key] = { accept: decision === "accept", rootCause };
    else fieldErrors[`decision.${key}`] = "Accept or reject this item.";
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, data: { ...parsed.data, decisions } };
}

export const RescoreMetaSchema = z.object({ reason: text("a reason for the re-score"), lockVersion: LockVersion });
