import type { Calendar, LocalDate } from '../../../src/domain/calendar/term-dates.js';
import { addDaysTo } from '../../../src/domain/training/status.js';

/** Every date from `from` to `to`, inclusive, without going through the machine's time zone. */
export function* daysFrom(from: LocalDate, to: LocalDate): Generator<LocalDate> {
  for (let d = from; d <= to; d = addDaysTo(d, 1)) yield d;
}

/**
 * Plays the reminder job the way production runs it: `due(today)` is asked several times a day
 * (two instances, a restart), and an outbox sends each idempotency key once.
 */
export function playJob<R extends { key: string }>(
  from: LocalDate,
  to: LocalDate,
  due: (today: LocalDate) => R | undefined,
  runsPerDay = 2,
): { on: LocalDate; reminder: R }[] {
  const sentKeys = new Set<string>();
  const sent: { on: LocalDate; reminder: R }[] = [];
  for (const today of daysFrom(from, to)) {
    for (let run = 0; run < runsPerDay; run += 1) {
      const r = due(today);
      if (r && !sentKeys.has(r.key)) {
        sentKeys.add(r.key);
        sent.push({ on: today, reminder: r });
      }
    }
  }
  return sent;
}

/**
 * The school year these tests walk, fixed here so that edits to the shipped default calendar do not
 * move their dates. Spring 2027 ends on Thursday 25 March (Good Friday is the 26th).
 */
export const TEST_CALENDAR: Calendar = {
  halfTerms: [
    { academicYear: '2026-27', term: 'autumn', halfTerm: 1, startsOn: '2026-09-02', endsOn: '2026-10-23' },
    { academicYear: '2026-27', term: 'autumn', halfTerm: 2, startsOn: '2026-11-02', endsOn: '2026-12-18' },
    { academicYear: '2026-27', term: 'spring', halfTerm: 1, startsOn: '2027-01-04', endsOn: '2027-02-12' },
    { academicYear: '2026-27', term: 'spring', halfTerm: 2, startsOn: '2027-02-22', endsOn: '2027-03-25' },
    { academicYear: '2026-27', term: 'summer', halfTerm: 1, startsOn: '2027-04-12', endsOn: '2027-05-28' },
    { academicYear: '2026-27', term: 'summer', halfTerm: 2, startsOn: '2027-06-07', endsOn: '2027-07-22' },
    { academicYear: '2027-28', term: 'autumn', halfTerm: 1, startsOn: '2027-09-01', endsOn: '2027-10-22' },
    { academicYear: '2027-28', term: 'autumn', halfTerm: 2, startsOn: '2027-11-01', endsOn: '2027-12-17' },
    { academicYear: '2027-28', term: 'spring', halfTerm: 1, startsOn: '2028-01-04', endsOn: '2028-02-11' },
    { academicYear: '2027-28', term: 'spring', halfTerm: 2, startsOn: '2028-02-21', endsOn: '2028-04-07' },
    { academicYear: '2027-28', term: 'summer', halfTerm: 1, startsOn: '2028-04-24', endsOn: '2028-05-26' },
    { academicYear: '2027-28', term: 'summer', halfTerm: 2, startsOn: '2028-06-05', endsOn: '2028-07-21' },
  ],
  closures: [],
};
