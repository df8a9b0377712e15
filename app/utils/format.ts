// Display formatting shared by server and browser code. "—" always means "no data", never zero.

export const NO_DATA = "—";

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_DATA : value.toFixed(1);
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined ? NO_DATA : `${(share * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined
    ? NO_DATA
    : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatDate(value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return NO_DATA;
  return new Date(value).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
}

export function formatDateTime(value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return NO_DATA;
  return new Date(value).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return NO_DATA;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}:${String(s).padStart(2, "0")}`;
}
