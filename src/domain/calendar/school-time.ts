import { tz, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import type { LocalDate } from './term-dates.js';

/**
 * School time is wall-clock time in the school's zone. Lessons are planned as a local date and
 * "HH:mm" and only turned into an instant (a UTC `Date`) for scheduling, so that 10:30 stays
 * 10:30 on both sides of a clock change, whatever zone the server runs in (Azure runs in UTC).
 *
 * Every calculation here names the zone; none reads the machine's local time.
 */
export const SCHOOL_TIME_ZONE = 'Europe/London';

/** A wall-clock time, 24-hour "HH:mm". */
export type LocalTime = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const HALF_DAY_MS = 12 * 60 * MINUTE_MS;

function dateParts(date: string): [number, number, number] | undefined {
  const m = LOCAL_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Rejects 2027-02-30 and the like: the UTC date must read back as the same three numbers.
  const back = new Date(Date.UTC(y, mo - 1, d));
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return [y, mo, d];
}

export function isLocalDate(text: string): text is LocalDate {
  return dateParts(text) !== undefined;
}

export function isLocalTime(text: string): text is LocalTime {
  return LOCAL_TIME.test(text);
}

export const LocalDateSchema = z.string().refine(isLocalDate, 'must be a real date, YYYY-MM-DD');
export const LocalTimeSchema = z.string().refine(isLocalTime, 'must be a 24-hour time, HH:mm');

/** 0 = Sunday ... 6 = Saturday, read from the date itself (no zone can move it). */
export function weekdayOf(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Calendar arithmetic on local dates: `n` days later (or earlier, for negative `n`). */
export function addDaysToLocalDate(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The instant at which the school's clocks read `date` `time`.
 *
 * Two wall-clock times in a year are not one instant (RFC 5545 §3.3.5 rules, as Temporal's
 * "compatible" disambiguation does):
 * - Spring forward (last Sunday of March): 01:00-01:59 never happens. Such a time is read with the
 *   offset in force before the gap, so it lands as far past 02:00 BST as it was past 01:00
 *   (01:30 -> 02:30 BST = 01:30 UTC).
 * - Fall back (last Sunday of October): 01:00-01:59 happens twice. The first time is meant (BST):
 *   01:30 -> 00:30 UTC.
 * School hours never reach either, but a schedule must mean one thing.
 *
 * Throws a RangeError for a malformed date or time: those are validated at the edge
 * (`LocalDateSchema`, `LocalTimeSchema`) and reaching here malformed is a bug.
 */
export function schoolTimeToUtc(date: LocalDate, time: LocalTime): Date {
  const [y, mo, d] = parts(date);
  const t = LOCAL_TIME.exec(time);
  if (!t) throw new RangeError(`not a local time: ${time}`);
  // The wall-clock reading as if it were UTC; the real instant is this minus the zone's offset.
  const wall = Date.UTC(y, mo - 1, d, Number(t[1]), Number(t[2]));
  const offsetAt = (ms: number) => tzOffset(SCHOOL_TIME_ZONE, new Date(ms));
  // London changes its clocks at most once in any day, so the offsets half a day either side are
  // the only ones that can apply.
  const before = offsetAt(wall - HALF_DAY_MS);
  const after = offsetAt(wall + HALF_DAY_MS);
  const instants = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((ms) => wall - offsetAt(ms) * MINUTE_MS === ms);
  if (instants.length > 0) return new Date(Math.min(...instants));
  return new Date(wall - before * MINUTE_MS);
}

/** What the school's clocks read at `instant`. */
export function utcToSchoolTime(instant: Date): { date: LocalDate; time: LocalTime } {
  const inSchool = { in: tz(SCHOOL_TIME_ZONE) };
  return { date: format(instant, 'yyyy-MM-dd', inSchool), time: format(instant, 'HH:mm', inSchool) };
}

function parts(date: LocalDate): [number, number, number] {
  const p = dateParts(date);
  if (!p) throw new RangeError(`not a local date: ${date}`);
  return p;
}
