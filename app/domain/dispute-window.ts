/**
 * How long after submission an evaluation can be disputed. Pure: the caller passes the clock and the
 * configured default. Today one global default applies (env DISPUTE_WINDOW_DAYS, 14 days); a per-version
 * value is planned in the scorecard file format and, when given, wins over the default.
 */

export const DEFAULT_DISPUTE_WINDOW_DAYS = 14;
export const MAX_DISPUTE_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

export type DisputeWindow = { days: number; closesAt: Date; open: boolean };

/**
 * The window of one evaluation. Open up to and including `submittedAt + days`.
 * Example: submitted 1 March 10:00 UTC, 14 days -> closes 15 March 10:00 UTC; open at that instant, closed after.
 */
export function computeDisputeWindow(input: {
  submittedAt: Date;
  now: Date;
  defaultDays: number;
  versionDays?: number | null;
}): DisputeWindow {
  const days = input.versionDays ?? input.defaultDays;
  const closesAt = new Date(input.submittedAt.getTime() + days * DAY_MS);
  return { days, closesAt, open: input.now.getTime() <= closesAt.getTime() };
}

/**
 * The configured default from its raw text (e.g. an environment variable): unset or blank means the built-in
 * 14 days; anything but a whole number from 1 to 365 is a configuration error, reported in words.
 */
export function parseDisputeWindowDays(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_DISPUTE_WINDOW_DAYS;
  const days = Number(raw.trim());
  if (!Number.isInteger(days) || days < 1 || days > MAX_DISPUTE_WINDOW_DAYS) {
    throw new Error(
      `DISPUTE_WINDOW_DAYS must be a whole number of days from 1 to ${MAX_DISPUTE_WINDOW_DAYS}, got "${raw}"`,
    );
  }
  return days;
}

/** Whole days from `from` to `to` (rounded down, never negative): "days open" of a dispute. */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}
