/**
 * Sampling periods, in UTC: a "week" is the ISO week (Monday 00:00 UTC to the next Monday), a "day" runs
 * from 00:00 UTC, a "month" from the 1st at 00:00 UTC. Per-user time zones come with a later issue.
 * Pure: `now` is always passed in.
 */

export const SAMPLING_PERIODS = ["day", "week", "month"] as const;
export type SamplingPeriod = (typeof SAMPLING_PERIODS)[number];

/** [start, end) of one period; `key` is the start as YYYY-MM-DD (the `?period=` value). */
export type PeriodBounds = { period: SamplingPeriod; start: Date; end: Date; key: string };

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day "YYYY-MM-DD" as midnight UTC, or null when it is not a real date. */
export function parseDay(text: string): Date | null {
  const match = DAY_PATTERN.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March: a round trip rejects it.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The period of the given kind that contains `moment`, e.g. periodContaining("week", 2026-11-18) = Mon 16 to Mon 23 Nov. */
export function periodContaining(period: SamplingPeriod, moment: Date): PeriodBounds {
  const day = new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()));
  let start: Date;
  let end: Date;
  if (period === "day") {
    start = day;
    end = new Date(day.getTime() + DAY_MS);
  } else if (period === "week") {
    const sinceMonday = (day.getUTCDay() + 6) % 7; // getUTCDay: Sunday = 0
    start = new Date(day.getTime() - sinceMonday * DAY_MS);
    end = new Date(start.getTime() + 7 * DAY_MS);
  } else {
    start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
    end = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
  }
  return { period, start, end, key: dayKey(start) };
}

/** The period `steps` periods before (negative) or after (positive) the given one. */
export function shiftPeriod(bounds: PeriodBounds, steps: number): PeriodBounds {
  const { period, start } = bounds;
  if (period === "month") {
    return periodContaining(period, new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + steps, 1)));
  }
  const length = period === "week" ? 7 : 1;
  return periodContaining(period, new Date(start.getTime() + steps * length * DAY_MS));
}

/** The last period that has fully ended at `now`: the usual one to sample (last week, yesterday, last month). */
export function previousCompletePeriod(period: SamplingPeriod, now: Date): PeriodBounds {
  return shiftPeriod(periodContaining(period, now), -1);
}

/** "Week of 16 Nov 2026", "16 Nov 2026" or "November 2026". */
export function formatPeriod(bounds: PeriodBounds): string {
  const date = (options: Intl.DateTimeFormatOptions) =>
    bounds.start.toLocaleDateString("en-GB", { ...options, timeZone: "UTC" });
  if (bounds.period === "month") return date({ month: "long", year: "numeric" });
  const day = date({ day: "numeric", month: "short", year: "numeric" });
  return bounds.period === "week" ? `Week of ${day}` : day;
}
