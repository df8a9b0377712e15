import { CALIBRATION_STATUS_LABELS, type CalibrationStatus } from "~/domain/calibration-session";

const TONES: Record<CalibrationStatus, string> = {
  draft: "neutral",
  open: "warn",
  revealed: "good",
  finalized: "good",
};

export function CalibrationStatusBadge({ status }: { status: CalibrationStatus }) {
  return <span className={`badge ${TONES[status]}`}>{CALIBRATION_STATUS_LABELS[status]}</span>;
}
