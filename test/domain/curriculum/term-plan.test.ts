import { describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR as calendar } from '../../../src/domain/calendar/england-default.js';
import { utcToSchoolTime } from '../../../src/domain/calendar/school-time.js';
import type { Calendar } from '../../../src/domain/calendar/term-dates.js';
import type { AgeBand, HalfTermNumber, Term } from '../../../src/domain/curriculum/lesson.js';
import {
  type ClassToPlan,
  dueForDeliveryCheck,
  type LessonFor,
  moveLesson,
  proposeTermPlan,
  reminderAt,
  swapLesson,
  type TermPlan,
} from '../../../src/domain/curriculum/term-plan.js';

/**
 * Expectations are UTC instants written out in full, so the file means the same under any machine
 * zone; it is run under TZ=UTC and TZ=Europe/London. In the England default calendar for 2026-27:
 * autumn 1 is 2 Sep (INSET) - 23 Oct 2026, autumn 2 is 2 Nov (INSET) - 18 Dec; spring 1 is 4 Jan
 * 2027 (INSET) - 12 Feb, spring 2 is 22 Feb - 26 Mar; summer 1 is 12 Apr - 28 May with the bank
 * holiday on Mon 3 May. BST runs from 28 Mar to 31 Oct 2027 and ended on 25 Oct 2026.
 */
const year4: ClassToPlan = { id: 'c-4b', name: '4B', yearGroup: 4, psheDay: 'monday', psheTime: '10:30' };

/** One lesson per band and half-term, named after its slot. */
const library: LessonFor = (band, term, halfTerm) => ({
  id: `${band}-${term}-${halfTerm}-lesson`,
  title: `${band} ${term} ${halfTerm}`,
});

const plan = (
  term: Term,
  classes: ClassToPlan[] = [year4],
  options: { lessonFor?: LessonFor; calendar?: Calendar; academicYear?: string } = {},
) =>
  proposeTermPlan({
    calendar: options.calendar ?? calendar,
    term,
    academicYear: options.academicYear ?? '2026-27',
    classes,
    lessonFor: options.lessonFor ?? library,
  });

const slots = (p: TermPlan) =>
  p.lessons.map((l) => ({
    classId: l.classId,
    halfTerm: l.halfTerm,
    lessonId: l.lesson.id,
    localDate: l.localDate,
    localTime: l.localTime,
    startsAt: l.startsAt.toISOString(),
    placement: l.placement,
  }));

describe('proposeTermPlan', () => {
  it('plans spring 2026-27 for a Year 4 Monday 10:30 class: past the INSET day, 10:30 GMT', () => {
    const p = plan('spring');
    expect(p.problems).toEqual([]);
    expect(slots(p)).toEqual([
      {
        classId: 'c-4b',
        halfTerm: 1,
        lessonId: '7-11-spring-1-lesson',
        // Mon 4 Jan 2027 is an INSET day: the next Monday.
        localDate: '2027-01-11',
        localTime: '10:30',
        startsAt: '2027-01-11T10:30:00.000Z',
        placement: 'usual-day',
      },
      {
        classId: 'c-4b',
        halfTerm: 2,
        lessonId: '7-11-spring-2-lesson',
        localDate: '2027-02-22',
        localTime: '10:30',
        startsAt: '2027-02-22T10:30:00.000Z',
        placement: 'usual-day',
      },
    ]);
    expect(p.lessons.map((l) => l.band)).toEqual(['7-11', '7-11']);
    expect(utcToSchoolTime(p.lessons[1]!.startsAt)).toEqual({ date: '2027-02-22', time: '10:30' });
  });

  it('plans summer 2026-27, after the 28 Mar 2027 change: 10:30 BST is 09:30 UTC', () => {
    const p = plan('summer');
    expect(p.problems).toEqual([]);
    expect(
      slots(p).map(({ localDate, localTime, startsAt }) => ({ localDate, localTime, startsAt })),
    ).toEqual([
      { localDate: '2027-04-12', localTime: '10:30', startsAt: '2027-04-12T09:30:00.000Z' },
      // Mon 7 Jun is an INSET day.
      { localDate: '2027-06-14', localTime: '10:30', startsAt: '2027-06-14T09:30:00.000Z' },
    ]);
  });

  it('plans autumn 2026 either side of the 25 Oct change and the half-term holiday', () => {
    const thursday: ClassToPlan = { ...year4, id: 'c-4t', psheDay: 'thursday', psheTime: '13:15' };
    const p = plan('autumn', [year4, thursday]);
    expect(p.problems).toEqual([]);
    expect(slots(p).map(({ classId, localDate, startsAt }) => [classId, localDate, startsAt])).toEqual([
      ['c-4b', '2026-09-07', '2026-09-07T09:30:00.000Z'], // BST
      ['c-4b', '2026-11-09', '2026-11-09T10:30:00.000Z'], // GMT; Mon 2 Nov is an INSET day
      ['c-4t', '2026-09-03', '2026-09-03T12:15:00.000Z'], // Wed 2 Sep INSET does not matter to Thursday
      ['c-4t', '2026-11-05', '2026-11-05T13:15:00.000Z'],
    ]);
  });

  it('skips a bank holiday that falls on the usual day', () => {
    // A school whose summer 1 starts on the early May bank holiday, Monday 3 May 2027.
    const late: Calendar = {
      ...calendar,
      halfTerms: calendar.halfTerms.map((h) =>
        h.academicYear === '2026-27' && h.term === 'summer' && h.halfTerm === 1
          ? { ...h, startsOn: '2027-05-03' }
          : h,
      ),
    };
    const p = plan('summer', [year4], { calendar: late });
    expect(p.lessons[0]).toMatchObject({ localDate: '2027-05-10', placement: 'usual-day' });
    expect(p.lessons[0]!.startsAt.toISOString()).toBe('2027-05-10T09:30:00.000Z');
  });

  it('falls back to the first school day when the usual weekday never falls on one', () => {
    // A short half-term, Mon 19 to Wed 21 Apr 2027, and the Monday an INSET day.
    const short: Calendar = {
      halfTerms: [
        {
          academicYear: '2026-27',
          term: 'summer',
          halfTerm: 1,
          startsOn: '2027-04-19',
          endsOn: '2027-04-21',
        },
        {
          academicYear: '2026-27',
          term: 'summer',
          halfTerm: 2,
          startsOn: '2027-06-07',
          endsOn: '2027-07-22',
        },
      ],
      closures: [{ date: '2027-04-19', kind: 'inset', label: 'INSET day' }],
    };
    const friday: ClassToPlan = { ...year4, psheDay: 'friday' };
    expect(slots(plan('summer', [friday], { calendar: short }))[0]).toMatchObject({
      localDate: '2027-04-20',
      placement: 'first-school-day',
      startsAt: '2027-04-20T09:30:00.000Z',
    });
    expect(slots(plan('summer', [year4], { calendar: short }))[0]).toMatchObject({
      localDate: '2027-04-20',
      placement: 'first-school-day',
    });
  });

  it('gives each class the lesson for its own band', () => {
    const reception: ClassToPlan = {
      id: 'c-r',
      name: 'Robins',
      yearGroup: 0,
      psheDay: 'tuesday',
      psheTime: '09:15',
    };
    const year8: ClassToPlan = {
      id: 'c-8',
      name: '8X',
      yearGroup: 8,
      psheDay: 'wednesday',
      psheTime: '14:00',
    };
    const year12: ClassToPlan = {
      id: 'c-12',
      name: '12A',
      yearGroup: 12,
      psheDay: 'friday',
      psheTime: '11:00',
    };
    const p = plan('spring', [reception, year8, year12]);
    expect(p.lessons.map((l) => [l.classId, l.halfTerm, l.lesson.id, l.localDate])).toEqual([
      ['c-r', 1, '4-7-spring-1-lesson', '2027-01-05'],
      ['c-r', 2, '4-7-spring-2-lesson', '2027-02-23'],
      ['c-8', 1, '11-14-spring-1-lesson', '2027-01-06'],
      ['c-8', 2, '11-14-spring-2-lesson', '2027-02-24'],
      ['c-12', 1, '14-18-spring-1-lesson', '2027-01-08'],
      ['c-12', 2, '14-18-spring-2-lesson', '2027-02-26'],
    ]);
  });

  it('reports a slot with no lesson, and still plans the other', () => {
    const asked: [AgeBand, Term, HalfTermNumber][] = [];
    const gap: LessonFor = (band, term, halfTerm) => {
      asked.push([band, term, halfTerm]);
      return halfTerm === 2 ? undefined : library(band, term, halfTerm);
    };
    const p = plan('spring', [year4], { lessonFor: gap });
    expect(asked).toEqual([
      ['7-11', 'spring', 1],
      ['7-11', 'spring', 2],
    ]);
    expect(p.lessons.map((l) => l.halfTerm)).toEqual([1]);
    expect(p.problems).toEqual([{ kind: 'no-lesson', classId: 'c-4b', band: '7-11', halfTerm: 2 }]);
  });

  it('reports a half-term with no school day at all, and a year the calendar does not have', () => {
    const closed: Calendar = {
      halfTerms: [
        {
          academicYear: '2026-27',
          term: 'spring',
          halfTerm: 1,
          startsOn: '2027-01-04',
          endsOn: '2027-01-05',
        },
        {
          academicYear: '2026-27',
          term: 'spring',
          halfTerm: 2,
          startsOn: '2027-02-22',
          endsOn: '2027-03-26',
        },
      ],
      closures: [
        { date: '2027-01-04', kind: 'inset', label: 'INSET day' },
        { date: '2027-01-05', kind: 'closure', label: 'Snow' },
      ],
    };
    const p = plan('spring', [year4], { calendar: closed });
    expect(p.lessons.map((l) => l.localDate)).toEqual(['2027-02-22']);
    expect(p.problems).toEqual([{ kind: 'no-school-day', classId: 'c-4b', halfTerm: 1 }]);

    const none = plan('spring', [year4], { academicYear: '2031-32' });
    expect(none.lessons).toEqual([]);
    expect(none.problems).toEqual([
      { kind: 'half-term-missing', classId: 'c-4b', halfTerm: 1 },
      { kind: 'half-term-missing', classId: 'c-4b', halfTerm: 2 },
    ]);
  });

  it('reports a class whose usual time is not a time', () => {
    const p = plan('spring', [{ ...year4, psheTime: '10.30' }]);
    expect(p.lessons).toEqual([]);
    expect(p.problems).toEqual([{ kind: 'bad-time', classId: 'c-4b', time: '10.30' }]);
  });
});

describe('moveLesson', () => {
  const spring = plan('spring');
  const summer = plan('summer');

  it('moves a lesson to another school day and time of its half-term, leaving the plan it came from', () => {
    const moved = moveLesson(spring, 'c-4b', 1, '2027-01-13', '14:15', calendar);
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.plan.lessons[0]).toMatchObject({
      localDate: '2027-01-13',
      localTime: '14:15',
      placement: 'moved',
    });
    expect(moved.plan.lessons[0]!.startsAt.toISOString()).toBe('2027-01-13T14:15:00.000Z');
    expect(moved.plan.lessons[1]).toBe(spring.lessons[1]);
    expect(spring.lessons[0]!.localDate).toBe('2027-01-11');
  });

  it('moves into BST with the right instant', () => {
    const moved = moveLesson(summer, 'c-4b', 1, '2027-04-14', '10:30', calendar);
    expect(moved.ok && moved.plan.lessons[0]!.startsAt.toISOString()).toBe('2027-04-14T09:30:00.000Z');
  });

  it.each([
    [
      'outside its half-term',
      spring,
      1,
      '2027-02-22',
      '10:30',
      { kind: 'outside-half-term', date: '2027-02-22', startsOn: '2027-01-04', endsOn: '2027-02-12' },
    ],
    [
      'into the half-term holiday',
      spring,
      2,
      '2027-02-15',
      '10:30',
      { kind: 'outside-half-term', date: '2027-02-15', startsOn: '2027-02-22', endsOn: '2027-03-25' },
    ],
    [
      'onto a weekend',
      spring,
      1,
      '2027-01-16',
      '10:30',
      { kind: 'not-school-day', date: '2027-01-16', reason: 'weekend' },
    ],
    [
      'onto an INSET day',
      spring,
      1,
      '2027-01-04',
      '10:30',
      { kind: 'not-school-day', date: '2027-01-04', reason: 'inset' },
    ],
    [
      'onto the bank holiday',
      summer,
      1,
      '2027-05-03',
      '10:30',
      { kind: 'not-school-day', date: '2027-05-03', reason: 'bank-holiday' },
    ],
    [
      'to a date that does not exist',
      spring,
      2,
      '2027-02-30',
      '10:30',
      { kind: 'bad-date', date: '2027-02-30' },
    ],
    ['to a time that is not a time', spring, 2, '2027-02-24', '25:00', { kind: 'bad-time', time: '25:00' }],
  ] as const)('refuses a move %s', (_what, from, halfTerm, date, time, problem) => {
    expect(moveLesson(from, 'c-4b', halfTerm, date, time, calendar)).toEqual({ ok: false, problem });
  });

  it('refuses to move a lesson that is not in the plan', () => {
    expect(moveLesson(spring, 'c-other', 1, '2027-01-13', '10:30', calendar)).toEqual({
      ok: false,
      problem: { kind: 'not-planned', classId: 'c-other', halfTerm: 1 },
    });
  });
});

describe('swapLesson', () => {
  const spring = plan('spring');

  it('puts another lesson for the band in the slot, on the same date', () => {
    const swapped = swapLesson(spring, 'c-4b', 1, { id: 'extra', title: 'Extra', band: '7-11' });
    expect(swapped.ok).toBe(true);
    if (!swapped.ok) return;
    expect(swapped.plan.lessons[0]).toMatchObject({
      lesson: { id: 'extra', title: 'Extra' },
      localDate: '2027-01-11',
    });
    expect(spring.lessons[0]!.lesson.id).toBe('7-11-spring-1-lesson');
  });

  it('refuses a lesson written for another age band', () => {
    expect(swapLesson(spring, 'c-4b', 1, { id: 'older', title: 'Older', band: '14-18' })).toEqual({
      ok: false,
      problem: { kind: 'wrong-band', lessonId: 'older', band: '14-18', classBand: '7-11' },
    });
  });

  it('refuses the lesson already planned for the other half-term', () => {
    expect(
      swapLesson(spring, 'c-4b', 1, { id: '7-11-spring-2-lesson', title: 'Spring 2', band: '7-11' }),
    ).toEqual({
      ok: false,
      problem: { kind: 'already-planned', lessonId: '7-11-spring-2-lesson', halfTerm: 2 },
    });
  });

  it('refuses a slot that is not in the plan', () => {
    expect(swapLesson(spring, 'c-other', 2, { id: 'extra', title: 'Extra', band: '7-11' })).toEqual({
      ok: false,
      problem: { kind: 'not-planned', classId: 'c-other', halfTerm: 2 },
    });
  });
});

describe('dueForDeliveryCheck', () => {
  it.each([
    ['2027-01-12', '2027-01-14', 'midweek'],
    ['2027-01-14', '2027-01-18', 'over a weekend'],
    ['2027-02-12', '2027-02-23', 'over the February half-term'],
    ['2026-10-22', '2026-11-03', 'over the October half-term and the INSET day after it'],
    ['2027-04-29', '2027-05-04', 'over a weekend and the bank holiday'],
  ])('a lesson planned for %s is checked on %s (%s)', (planned, due) => {
    expect(dueForDeliveryCheck(planned, calendar)).toBe(due);
  });

  it('has no day when the calendar ends first', () => {
    expect(dueForDeliveryCheck('2028-07-20', calendar)).toBeUndefined();
  });
});

describe('reminderAt', () => {
  it.each([
    ['an ordinary Monday', '2027-02-22T10:30:00.000Z', '2027-02-21T10:30:00.000Z'],
    [
      'Monday after spring forward (Sunday already BST)',
      '2027-03-29T09:30:00.000Z',
      '2027-03-28T09:30:00.000Z',
    ],
    ['the spring-forward Sunday: 23 hours before', '2027-03-28T09:30:00.000Z', '2027-03-27T10:30:00.000Z'],
    ['the fall-back Sunday: 25 hours before', '2026-10-25T10:30:00.000Z', '2026-10-24T09:30:00.000Z'],
    ['the Monday after fall back', '2026-10-26T10:30:00.000Z', '2026-10-25T10:30:00.000Z'],
    [
      'a time the day before does not have: read past the gap',
      '2027-03-29T00:30:00.000Z',
      '2027-03-28T01:30:00.000Z',
    ],
  ])('%s', (_what, startsAt, expected) => {
    const reminder = reminderAt(new Date(startsAt));
    expect(reminder.toISOString()).toBe(expected);
  });

  it('is the same school-local time the day before, for every planned lesson of the year', () => {
    for (const term of ['autumn', 'spring', 'summer'] as const) {
      for (const lesson of plan(term).lessons) {
        const reminder = utcToSchoolTime(reminderAt(lesson.startsAt));
        expect(reminder.time).toBe('10:30');
        expect(reminder.date < lesson.localDate).toBe(true);
      }
    }
  });
});
