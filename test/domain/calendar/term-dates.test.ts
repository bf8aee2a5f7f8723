import { describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR } from '../../../src/domain/calendar/england-default.js';
import {
  academicYearOf,
  addSchoolDays,
  type Calendar,
  type HalfTerm,
  halfTermOn,
  isSchoolDay,
  type LocalDate,
  schoolDaysIn,
  validateCalendar,
} from '../../../src/domain/calendar/term-dates.js';

/**
 * The school year as the bot counts it: which days pupils are in, so that lessons, quizzes and
 * reminders land on days somebody is there to see them. The dates below are checked against a
 * printed 2026-27 calendar (1 Sep 2026 is a Tuesday).
 */
const calendar = ENGLAND_DEFAULT_CALENDAR;

/** The day of the week from the date alone (0 = Sunday), independent of the process time zone. */
const weekdayOf = (date: LocalDate) => new Date(`${date}T12:00:00Z`).getUTCDay();

function half(academicYear: string, term: HalfTerm['term'], halfTerm: HalfTerm['halfTerm']): HalfTerm {
  const found = calendar.halfTerms.find(
    (h) => h.academicYear === academicYear && h.term === term && h.halfTerm === halfTerm,
  );
  if (!found) throw new Error(`no ${academicYear} ${term} ${halfTerm} in the default calendar`);
  return found;
}

describe('the default England calendar', () => {
  it('validates', () => {
    expect(validateCalendar(calendar)).toEqual([]);
  });

  it.each(['2026-27', '2027-28'])('has six half-terms in %s, in teaching order and in date order', (year) => {
    const halves = calendar.halfTerms.filter((h) => h.academicYear === year);
    expect(halves.map((h) => `${h.term} ${h.halfTerm}`)).toEqual([
      'autumn 1',
      'autumn 2',
      'spring 1',
      'spring 2',
      'summer 1',
      'summer 2',
    ]);
    halves.forEach((h, i) => {
      expect(h.startsOn < h.endsOn, `${h.term} ${h.halfTerm} starts before it ends`).toBe(true);
      const next = halves[i + 1];
      if (next) expect(h.endsOn < next.startsOn, `${h.term} ${h.halfTerm} ends before the next`).toBe(true);
    });
  });

  it('puts every half-term in the academic year its dates fall in', () => {
    for (const h of calendar.halfTerms) {
      expect(academicYearOf(h.startsOn), `${h.academicYear} ${h.term} ${h.halfTerm}`).toBe(h.academicYear);
      expect(academicYearOf(h.endsOn), `${h.academicYear} ${h.term} ${h.halfTerm}`).toBe(h.academicYear);
    }
  });

  it('starts and ends every half-term on a weekday', () => {
    for (const h of calendar.halfTerms) {
      expect([0, 6], `${h.startsOn} is a weekend`).not.toContain(weekdayOf(h.startsOn));
      expect([0, 6], `${h.endsOn} is a weekend`).not.toContain(weekdayOf(h.endsOn));
    }
  });

  it('lists only closures that fall on a weekday inside a half-term (others would change nothing)', () => {
    for (const c of calendar.closures) {
      expect(c.date, c.label).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect([0, 6], `${c.date} is a weekend`).not.toContain(weekdayOf(c.date));
      expect(halfTermOn(calendar, c.date), `${c.date} is in a holiday`).toBeDefined();
    }
  });
});

describe('halfTermOn', () => {
  it.each([
    [
      '2026-09-02',
      '2026-27',
      'autumn',
      1,
      'the first day of the year (an INSET day, still in the half-term)',
    ],
    ['2026-10-23', '2026-27', 'autumn', 1, 'the last day before October half-term'],
    ['2026-11-03', '2026-27', 'autumn', 2, 'a day after October half-term'],
    ['2027-03-01', '2026-27', 'spring', 2, 'an ordinary day in spring'],
    ['2027-07-22', '2026-27', 'summer', 2, 'the last day of the year'],
    ['2027-09-01', '2027-28', 'autumn', 1, 'the first day of the next year'],
  ] as const)('finds %s (%s %s %s): %s', (date, academicYear, term, halfTerm, _why) => {
    expect(halfTermOn(calendar, date)).toMatchObject({ academicYear, term, halfTerm });
  });

  it.each([
    ['2026-10-28', 'October half-term week'],
    ['2026-10-24', 'the Saturday after autumn 1 ends'],
    ['2026-12-25', 'Christmas Day'],
    ['2027-04-01', 'the Easter holidays'],
    ['2027-08-15', 'the summer holidays'],
    ['2026-08-31', 'before the calendar starts'],
    ['2028-07-22', 'after the calendar ends'],
  ])('finds nothing on %s (%s)', (date) => {
    expect(halfTermOn(calendar, date)).toBeUndefined();
  });
});

describe('isSchoolDay', () => {
  it.each([
    ['2026-09-05', 'a Saturday in term'],
    ['2026-09-06', 'a Sunday in term'],
    ['2026-10-28', 'a Wednesday in October half-term'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-09-02', 'the INSET day that opens the year'],
    ['2026-11-02', 'the INSET day after October half-term'],
    ['2027-05-03', 'the early May bank holiday'],
    ['2027-08-02', 'a Monday in the summer holidays'],
  ])('is false on %s (%s)', (date) => {
    expect(isSchoolDay(calendar, date)).toBe(false);
  });

  it.each([
    ['2026-09-03', 'the first day pupils are in'],
    ['2026-10-14', 'an ordinary Wednesday in October'],
    ['2026-10-23', 'the last Friday before half-term'],
    ['2027-05-04', 'the Tuesday after the bank holiday'],
    ['2028-03-27', 'the Monday after the clocks go forward in 2028'],
  ])('is true on %s (%s)', (date) => {
    expect(isSchoolDay(calendar, date)).toBe(true);
  });
});

describe('addSchoolDays', () => {
  it.each([
    ['2026-09-03', 1, '2026-09-04', 'the next day, mid-week'],
    ['2026-09-04', 1, '2026-09-07', 'a Friday to the Monday, over the weekend'],
    ['2026-09-07', 5, '2026-09-14', 'a school week'],
    ['2026-09-01', 1, '2026-09-03', 'over the INSET day that opens the year'],
    ['2026-10-23', 1, '2026-11-03', 'over half-term week and the INSET day after it'],
    ['2026-10-24', 1, '2026-11-03', 'from a Saturday in the holiday'],
    ['2026-10-22', 3, '2026-11-04', 'counting only school days across half-term'],
    ['2027-04-30', 1, '2027-05-04', 'over the early May bank holiday'],
    ['2026-12-18', 1, '2027-01-05', 'over Christmas and the January INSET day'],
    ['2027-07-21', 1, '2027-09-02', 'over the end-of-year INSET day, the summer and the September INSET day'],
    ['2028-07-19', 1, '2028-07-20', 'to the last day pupils are in'],
  ] as const)('from %s, %i school day(s) on is %s (%s)', (from, n, expected, _why) => {
    const result = addSchoolDays(calendar, from, n);
    expect(result).toBe(expected);
    expect(isSchoolDay(calendar, result!)).toBe(true);
  });

  it('is undefined past the end of the calendar', () => {
    // 21 July 2028 is an INSET day, the calendar's last day: no school day follows.
    expect(addSchoolDays(calendar, '2028-07-20', 1)).toBeUndefined();
    expect(addSchoolDays(calendar, '2028-07-10', 30)).toBeUndefined();
    expect(addSchoolDays(calendar, '2028-09-04', 1)).toBeUndefined();
  });

  it('is undefined for any calendar without a school day ahead', () => {
    expect(addSchoolDays({ halfTerms: [], closures: [] }, '2026-09-03', 1)).toBeUndefined();
  });

  it('agrees with counting school days one at a time', () => {
    let day: LocalDate = '2026-09-01';
    for (let n = 1; n <= 191; n++) {
      const next = addSchoolDays(calendar, day, 1)!;
      expect(addSchoolDays(calendar, '2026-09-01', n), `school day ${n}`).toBe(next);
      day = next;
    }
  });
});

describe('schoolDaysIn', () => {
  it('lists the school days of autumn 1 2026: weekdays from 3 Sep to 23 Oct, without the INSET day', () => {
    const days = schoolDaysIn(calendar, half('2026-27', 'autumn', 1));
    expect(days).toHaveLength(37);
    expect(days[0]).toBe('2026-09-03');
    expect(days.at(-1)).toBe('2026-10-23');
    expect(days).not.toContain('2026-09-02');
    expect(days).not.toContain('2026-09-05');
    expect(days.slice(0, 4)).toEqual(['2026-09-03', '2026-09-04', '2026-09-07', '2026-09-08']);
  });

  it('leaves out a bank holiday inside a half-term', () => {
    const days = schoolDaysIn(calendar, half('2026-27', 'summer', 1));
    expect(days).toHaveLength(34);
    expect(days).not.toContain('2027-05-03');
    expect(days).toContain('2027-05-04');
  });

  it('lists, for every half-term, exactly the days isSchoolDay accepts, in order', () => {
    for (const h of calendar.halfTerms) {
      const days = schoolDaysIn(calendar, h);
      expect(days.length, `${h.academicYear} ${h.term} ${h.halfTerm}`).toBeGreaterThan(20);
      expect([...days].sort()).toEqual(days);
      expect(new Set(days).size).toBe(days.length);
      for (const d of days) {
        expect(isSchoolDay(calendar, d), d).toBe(true);
        expect(halfTermOn(calendar, d)).toBe(h);
      }
      // Each day is the school day after the one before it: nothing is skipped.
      days.slice(1).forEach((d, i) => {
        expect(addSchoolDays(calendar, days[i]!, 1)).toBe(d);
      });
    }
  });
});

describe('academicYearOf', () => {
  it.each([
    ['2026-08-31', '2025-26', 'the last day of August is still the old year'],
    ['2026-09-01', '2026-27', 'the year turns on 1 September'],
    ['2026-12-31', '2026-27', 'the year does not turn in January'],
    ['2027-01-01', '2026-27', 'the year does not turn in January'],
    ['2027-08-31', '2026-27', 'the end of the year'],
    ['2027-09-01', '2027-28', 'the next year'],
    ['2099-09-01', '2099-00', 'a century turning'],
  ])('puts %s in %s (%s)', (date, year) => {
    expect(academicYearOf(date)).toBe(year);
  });
});

describe('Good Friday and closures', () => {
  it('keeps Good Friday 2027 out of term', () => {
    expect(isSchoolDay(ENGLAND_DEFAULT_CALENDAR, '2027-03-26')).toBe(false);
  });

  it('reports a closure that is not a date, falls on a weekend or outside every half-term', () => {
    const calendar = {
      halfTerms: ENGLAND_DEFAULT_CALENDAR.halfTerms,
      closures: [
        { date: '2027-5-3', kind: 'bank-holiday' as const, label: 'typo' },
        { date: '2027-05-01', kind: 'closure' as const, label: 'a Saturday' },
        { date: '2026-12-25', kind: 'closure' as const, label: 'in the holidays' },
      ],
    };
    expect(validateCalendar(calendar)).toEqual([
      'closure 2027-5-3: dates must be YYYY-MM-DD',
      'closure 2027-05-01: falls on a weekend',
      'closure 2026-12-25: is not inside any half-term',
    ]);
  });
});

describe('validateCalendar', () => {
  const autumn1: HalfTerm = {
    academicYear: '2026-27',
    term: 'autumn',
    halfTerm: 1,
    startsOn: '2026-09-02',
    endsOn: '2026-10-23',
  };
  const autumn2: HalfTerm = { ...autumn1, halfTerm: 2, startsOn: '2026-11-02', endsOn: '2026-12-18' };
  const calendarOf = (...halfTerms: HalfTerm[]): Calendar => ({ halfTerms, closures: [] });

  it('accepts two half-terms with a holiday between them', () => {
    expect(validateCalendar(calendarOf(autumn1, autumn2))).toEqual([]);
  });

  it('catches a half-term that overlaps the next, whatever order they are listed in', () => {
    const overlapping = { ...autumn2, startsOn: '2026-10-19' };
    expect(validateCalendar(calendarOf(overlapping, autumn1))).toEqual([
      '2026-27 autumn 1: overlaps the next half-term',
    ]);
  });

  it('counts sharing a single day as an overlap', () => {
    expect(validateCalendar(calendarOf(autumn1, { ...autumn2, startsOn: '2026-10-23' }))).toEqual([
      '2026-27 autumn 1: overlaps the next half-term',
    ]);
  });

  it('catches a half-term that ends before it starts', () => {
    expect(validateCalendar(calendarOf(autumn1, { ...autumn2, endsOn: '2026-11-01' }))).toEqual([
      '2026-27 autumn 2: ends before it starts',
    ]);
  });

  it('catches a date not written YYYY-MM-DD', () => {
    expect(validateCalendar(calendarOf({ ...autumn1, startsOn: '2026-9-2' }))).toEqual([
      '2026-27 autumn 1: dates must be YYYY-MM-DD',
    ]);
  });

  it('reports every problem at once', () => {
    const problems = validateCalendar(
      calendarOf(
        autumn1,
        { ...autumn2, startsOn: '2026-10-01', endsOn: '2026-09-30' },
        { ...autumn2, term: 'spring', startsOn: '2027-1-4', endsOn: '2027-02-12' },
      ),
    );
    expect(problems).toEqual([
      '2026-27 autumn 1: overlaps the next half-term',
      '2026-27 autumn 2: ends before it starts',
      '2026-27 spring 2: dates must be YYYY-MM-DD',
    ]);
  });
});
