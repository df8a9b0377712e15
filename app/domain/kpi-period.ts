/**
 * Reporting periods in the viewer's time zone: the window of the last N days, weeks (Monday to Sunday) or
 * months up to the one containing `now`, as instants for SQL and as local start dates for labels. Pure.
 */
import { utcToZonedLocal, zonedLocalToUtc } from "./time-zone";

export const KPI_PERIODS = ["day", "week", "month"] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];

export type PeriodWindow = {
  period: KpiPeriod;
  timeZone: string;
  /** Local start dates (YYYY-MM-DD) of each period, oldest first. */
  starts: string[];
  /** The first period's start and the last period's end, as instants. */
  from: Date;
  to: Date;
};

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months, 1);
  return d.toISOString().slice(0, 10);
}

/** The local start date of the period containing `day`. Weeks start on Monday (ISO 8601). */
export function periodStart(day: string, period: KpiPeriod): string {
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 8)}01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

export function nextPeriodStart(start: string, period: KpiPeriod): string {
  return period === "day" ? addDays(start, 1) : period === "week" ? addDays(start, 7) : addMonths(start, 1);
}

function startOfLocalDay(day: string, timeZone: string): Date {
  const at = zonedLocalToUtc(`${day}T00:00`, timeZone);
  if (!at) throw new RangeError(`not a date: ${day}`);
  return at;
}

/**
 * The last `count` periods up to and including the one containing `now`.
 * Example: now 2026-11-23 (a Monday) 09:00 in Europe/Berlin, week, 2 -> starts ["2026-11-16", "2026-11-23"],
 * from 2026-11-15T23:00Z, to 2026-11-29T23:00Z.
 */
export function periodWindow(now: Date, timeZone: string, period: KpiPeriod, count: number): PeriodWindow {
  if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be a positive whole number");
  const today = utcToZonedLocal(now, timeZone).slice(0, 10);
  const last = periodStart(today, period);
  const starts = [last];
  for (let i = 1; i < count; i++) {
    const prev = starts[0];
    starts.unshift(period === "day" ? addDays(prev, -1) : period === "week" ? addDays(prev, -7) : addMonths(prev, -1));
  }
  return {
    period,
    timeZone,
    starts,
    from: startOfLocalDay(starts[0], timeZone),
    to: startOfLocalDay(nextPeriodStart(last, period), timeZone),
  };
}

/** A custom range of local dates [fromDay, toDay] inclusive, split into periods. */
export function customWindow(fromDay: string, toDay: string, timeZone: string, period: KpiPeriod): PeriodWindow {
  if (fromDay > toDay) throw new RangeError("the range ends before it starts");
  const starts: string[] = [];
  for (let s = periodStart(fromDay, period); s <= toDay; s = nextPeriodStart(s, period)) starts.push(s);
  return {
    period,
    timeZone,
    starts,
    from: startOfLocalDay(fromDay, timeZone),
    to: startOfLocalDay(addDays(toDay, 1), timeZone),
  };
}
