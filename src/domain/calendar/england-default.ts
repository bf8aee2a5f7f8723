import type { Calendar } from './term-dates.js';

/**
 * A typical English local-authority calendar, shipped so that a school can start at once; each
 * school edits its own (dates differ by school and local authority). Pupil days only: INSET days
 * inside a half-term are listed as closures.
 */
export const ENGLAND_DEFAULT_CALENDAR: Calendar = {
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
  closures: [
    { date: '2026-09-02', kind: 'inset', label: 'INSET day' },
    { date: '2026-11-02', kind: 'inset', label: 'INSET day' },
    { date: '2027-01-04', kind: 'inset', label: 'INSET day' },
    { date: '2027-05-03', kind: 'bank-holiday', label: 'Early May bank holiday' },
    { date: '2027-06-07', kind: 'inset', label: 'INSET day' },
    { date: '2027-07-22', kind: 'inset', label: 'INSET day' },
    { date: '2027-09-01', kind: 'inset', label: 'INSET day' },
    { date: '2027-11-01', kind: 'inset', label: 'INSET day' },
    { date: '2028-01-04', kind: 'inset', label: 'INSET day' },
    { date: '2028-05-01', kind: 'bank-holiday', label: 'Early May bank holiday' },
    { date: '2028-06-05', kind: 'inset', label: 'INSET day' },
    { date: '2028-07-21', kind: 'inset', label: 'INSET day' },
  ],
};
