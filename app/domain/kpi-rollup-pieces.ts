/**
 * Which rollup rows make up a window: each reporting period in the viewer's time zone is cut into whole UTC
 * days (read from the day rows) and the UTC hours at its edges (hour rows), so its sums are exact. Pure.
 */
import { nextPeriodStart, periodStart, type KpiPeriod } from "./kpi-period";
import { utcToZonedLocal, zonedLocalToUtc } from "./time-zone";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export type RollupPiece = {
  /** The period's local start date (YYYY-MM-DD), or "" when the window is not split into periods. */
  key: string;
  grain: "hour" | "day";
  from: Date;
  to: Date;
  /** -1 for hours taken back out of a day piece that reaches past the period's edge (see `complement`). */
  sign: 1 | -1;
};

function localMidnight(day: string, timeZone: string): Date {
  const at = zonedLocalToUtc(`${day}T00:00`, timeZone);
  if (!at) throw new RangeError(`not a date: ${day}`);
  return at;
}

/**
 * [from, to) as day pieces inside and hour pieces at the edges; null when an edge is not on a UTC hour.
 * With `complement`, an edge of more than 12 hours is read as its whole UTC day minus the hours outside
 * (sums and counts subtract exactly): a New York week then reads 5 hour rows at each edge, not 19.
 */
function cut(key: string, from: number, to: number, complement = false): RollupPiece[] | null {
  if (from % HOUR !== 0 || to % HOUR !== 0) return null;
  const firstDay = Math.ceil(from / DAY) * DAY;
  const lastDay = Math.floor(to / DAY) * DAY;
  const piece = (grain: RollupPiece["grain"], a: number, b: number, sign: 1 | -1 = 1): RollupPiece => ({
    key,
    grain,
    from: new Date(a),
    to: new Date(b),
    sign,
  });
  if (firstDay >= lastDay) return [piece("hour", from, to)];
  let [dayFrom, dayTo] = [firstDay, lastDay];
  const before: RollupPiece[] = [];
  const after: RollupPiece[] = [];
  if (from < firstDay) {
    if (complement && firstDay - from > DAY / 2) {
      dayFrom = firstDay - DAY;
      before.push(piece("hour", dayFrom, from, -1));
    } else before.push(piece("hour", from, firstDay));
  }
  if (lastDay < to) {
    if (complement && to - lastDay > DAY / 2) {
      dayTo = lastDay + DAY;
      after.push(piece("hour", to, dayTo, -1));
    } else after.push(piece("hour", lastDay, to));
  }
  const pieces = [...before, piece("day", dayFrom, dayTo), ...after];
  return pieces;
}

/**
 * The pieces of [from, to), keyed by the local start date of the period each instant falls in (as
 * PostgreSQL's date_trunc in that time zone labels it), or all under "" without a period. Null when some
 * boundary falls inside a UTC hour (a zone with a half- or quarter-hour offset): hour rows cannot split
 * it, and the caller reads the base tables instead.
 *
 * Example: Europe/Berlin in winter, week of 2026-11-23 -> hour 2026-11-22T23:00Z..2026-11-23T00:00Z,
 * day 2026-11-23..2026-11-29, hour 2026-11-29T00:00Z..23:00Z.
 */
export function rollupPieces(input: {
  from: Date;
  to: Date;
  timeZone: string;
  period?: KpiPeriod;
  /** Allow day-minus-hours pieces (sign -1); the reader must multiply each row by its piece's sign. */
  complement?: boolean;
}): RollupPiece[] | null {
  const from = input.from.getTime();
  const to = input.to.getTime();
  if (!(from < to)) return [];
  if (!input.period) return cut("", from, to, input.complement);
  const pieces: RollupPiece[] = [];
  let start = periodStart(utcToZonedLocal(input.from, input.timeZone).slice(0, 10), input.period);
  for (;;) {
    const next = nextPeriodStart(start, input.period);
    const s = Math.max(from, localMidnight(start, input.timeZone).getTime());
    const e = Math.min(to, localMidnight(next, input.timeZone).getTime());
    if (s >= to) break;
    if (s < e) {
      const part = cut(start, s, e, input.complement);
      if (!part) return null;
      pieces.push(...part);
    }
    start = next;
  }
  return pieces;
}
