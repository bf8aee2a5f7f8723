import { addDays, format, isWeekend, parseISO } from 'date-fns';
import type { HalfTermNumber, Term } from '../curriculum/lesson.js';

/**
 * Dates are local calendar dates in the school's time zone (Europe/London), held as `YYYY-MM-DD`
 * so that no time zone can shift a day: a school day is a day, whatever the clocks do.
 */
export type LocalDate = string;

export type HalfTerm = {
  academicYear: string;
  term: Term;
  halfTerm: HalfTermNumber;
  /** First and last day pupils are in, inclusive. */
  startsOn: LocalDate;
  endsOn: LocalDate;
};

export type ClosureKind = 'inset' | 'bank-holiday' | 'closure';
export type Closure = { date: LocalDate; kind: ClosureKind; label: string };

export type Calendar = { halfTerms: readonly HalfTerm[]; closures: readonly Closure[] };

export const toLocalDate = (d: Date): LocalDate => format(d, 'yyyy-MM-dd');
export const fromLocalDate = (d: LocalDate): Date => parseISO(d);

export function halfTermOn(calendar: Calendar, date: LocalDate): HalfTerm | undefined {
  return calendar.halfTerms.find((h) => h.startsOn <= date && date <= h.endsOn);
}

/** A day pupils are taught: a weekday inside a half-term that is not an INSET day or bank holiday. */
export function isSchoolDay(calendar: Calendar, date: LocalDate): boolean {
  if (isWeekend(fromLocalDate(date))) return false;
  if (!halfTermOn(calendar, date)) return false;
  return !calendar.closures.some((c) => c.date === date);
}

/** The school day `n` school days after `date` (n >= 1), or undefined past the calendar's end. */
export function addSchoolDays(calendar: Calendar, date: LocalDate, n: number): LocalDate | undefined {
  const last = [date, ...calendar.halfTerms.map((h) => h.endsOn)].sort().at(-1)!;
  let day = date;
  let left = n;
  while (left > 0) {
    day = toLocalDate(addDays(fromLocalDate(day), 1));
    if (day > last) return undefined;
    if (isSchoolDay(calendar, day)) left -= 1;
  }
  return day;
}

export function schoolDaysIn(calendar: Calendar, half: HalfTerm): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = half.startsOn; day <= half.endsOn; day = toLocalDate(addDays(fromLocalDate(day), 1))) {
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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h.startsOn) || !/^\d{4}-\d{2}-\d{2}$/.test(h.endsOn)) {
      problems.push(`${label}: dates must be YYYY-MM-DD`);
    } else if (h.endsOn < h.startsOn) problems.push(`${label}: ends before it starts`);
    const next = sorted[i + 1];
    if (next && next.startsOn <= h.endsOn) problems.push(`${label}: overlaps the next half-term`);
  });
  return problems;
}
