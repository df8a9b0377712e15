/** A dispute's outcome from the resolver's per-item decisions (true = accepted). Pure. */

export type DisputeOutcome = "accepted" | "partially_accepted" | "rejected";
export type DisputeStatus = "open" | DisputeOutcome;

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  open: "Open",
  accepted: "Accepted",
  partially_accepted: "Partially accepted",
  rejected: "Rejected",
};

/** Every item accepted -> "accepted", some -> "partially_accepted", none -> "rejected". A dispute has at least one item. */
export function disputeOutcome(decisions: readonly boolean[]): DisputeOutcome {
  if (decisions.length === 0) throw new RangeError("a dispute outcome needs at least one item decision");
  const accepted = decisions.filter(Boolean).length;
  if (accepted === decisions.length) return "accepted";
  return accepted === 0 ? "rejected" : "partially_accepted";
}

/** Overturned means the reviewer's answers were changed: accepted in full or in part. */
export function isOverturned(status: DisputeStatus): boolean {
  return status === "accepted" || status === "partially_accepted";
}
