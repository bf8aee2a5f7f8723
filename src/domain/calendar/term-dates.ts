import type { HalfTermNumber, Term } from '../curriculum/lesson.js';
import { addDaysToLocalDate, isLocalDate, weekdayOf } from './school-time.js';

/**
 * Dates are local calendar dates in the school's time zone (Europe/London), held as `YYYY-MM-DD`
 * so that no time zone can shift a day: a school day is a day, whatever the clocks do.
 */
export type LocalDate = string;

export type HalfTerm = {
  academicYear: string;
  term: Term;
  halfTerm: HalfTermNumber;
  /** First and last day of the half-term, inclusive; INSET days inside it are closures. */
  startsOn: LocalDate;
  endsOn: LocalDate;
};

export type ClosureKind = 'inset' | 'bank-holiday' | 'closure';
export type Closure = { date: LocalDate; kind: ClosureKind; label: string };

export type Calendar = { halfTerms: readonly HalfTerm[]; closures: readonly Closure[] };

/** An instant's school-local date is `utcToSchoolTime(instant).date` (school-time.ts). */
const isWeekendDate = (d: LocalDate) => {
  const day = weekdayOf(d);
  return day === 0 || day === 6;
};

export function halfTermOn(calendar: Calendar, date: LocalDate): HalfTerm | undefined {
  return calendar.halfTerms.find((h) => h.startsOn <= date && date <= h.endsOn);
}

/** A day pupils are taught: a weekday inside a half-term that is not an INSET day or bank holiday. */
export function isSchoolDay(calendar: Calendar, date: LocalDate): boolean {
  if (isWeekendDate(date)) return false;
  if (!halfTermOn(calendar, date)) return false;
  return !calendar.closures.some((c) => c.date === date);
}

/** The school day `n` school days after `date` (n >= 1), or undefined past the calendar's end. */
export function addSchoolDays(calendar: Calendar, date: LocalDate, n: number): LocalDate | undefined {
  const last = [date, ...calendar.halfTerms.map((h) => h.endsOn)].sort().at(-1)!;
  let day = date;
  let left = n;
  while (left > 0) {
    day = addDaysToLocalDate(day, 1);
    if (day > last) return undefined;
    if (isSchoolDay(calendar, day)) left -= 1;
  }
  return day;
}

export function schoolDaysIn(calendar: Calendar, half: HalfTerm): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = half.startsOn; day <= half.endsOn; day = addDaysToLocalDate(day, 1)) {
    if (isSchoolDay(calendar, day)) days.push(day);
  }
  return days;
}

/** The academic year a date falls in, "2026-27" style: it turns on 1 September. */
export function academicYearOf(date: LocalDate): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start = m >= 9 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function validateCalendar(calendar: Calendar): string[] {
  const problems: string[] = [];
  const sorted = [...calendar.halfTerms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  sorted.forEach((h, i) => {
    const label = `${h.academicYear} ${h.term} ${h.halfTerm}`;
    if (!isLocalDate(h.startsOn) || !isLocalDate(h.endsOn)) {
      problems.push(`${label}: dates must be YYYY-MM-DD`);
    } else if (h.endsOn < h.startsOn) problems.push(`${label}: ends before it starts`);
    const next = sorted[i + 1];
    if (next && next.startsOn <= h.endsOn) problems.push(`${label}: overlaps the next half-term`);
  });
  // A closure that is not a real date, or falls where there is no school anyway, is a typo that
  // would silently turn a bank holiday into a school day.
  for (const c of calendar.closures) {
    if (!isLocalDate(c.date)) problems.push(`closure ${c.date}: dates must be YYYY-MM-DD`);
    else if (isWeekendDate(c.date)) problems.push(`closure ${c.date}: falls on a weekend`);
    else if (!halfTermOn(calendar, c.date)) problems.push(`closure ${c.date}: is not inside any half-term`);
  }
  return problems;
}
