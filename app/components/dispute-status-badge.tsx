import { DISPUTE_STATUS_LABELS, type DisputeStatus } from "~/domain/dispute-status";

const TONES: Record<DisputeStatus, string> = {
  open: "warn",
  accepted: "good",
  partially_accepted: "good",
  rejected: "neutral",
};

export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  return <span className={`badge ${TONES[status]}`}>{DISPUTE_STATUS_LABELS[status]}</span>;
}
