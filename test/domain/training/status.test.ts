import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../src/domain/calendar/term-dates.js';
import type { Role } from '../../../src/domain/directory/roles.js';
import { type Course, DEFAULT_CATALOGUE } from '../../../src/domain/training/catalogue.js';
import {
  addYearsTo,
  type Completion,
  daysBetween,
  type MatrixPerson,
  termlyDueOn,
  termsOf,
  trainingMatrix,
  trainingStatus,
} from '../../../src/domain/training/status.js';
import { TEST_CALENDAR as calendar, daysFrom } from './walk.js';

const course = (id: string): Course => {
  const c = DEFAULT_CATALOGUE.find((x) => x.id === id);
  if (!c) throw new Error(`no course ${id}`);
  return c;
};
const teacher = (startsOn: LocalDate, roles: Role[] = ['teacher']) => ({ roles, startsOn });

describe('local-date arithmetic', () => {
  it('adds years without inventing 29 February', () => {
    expect(addYearsTo('2027-09-03', 1)).toBe('2028-09-03');
    expect(addYearsTo('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYearsTo('2028-02-29', 4)).toBe('2032-02-29');
  });
  it('counts days across the BST changes as whole days', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2027-09-03', '2026-09-03')).toBe(-365);
  });
});

describe('a new starter and their induction', () => {
  const induction = course('online-safety-induction');
  const person = teacher('2026-09-02');

  it('is not started until the window ends, overdue after, and done for good once done', () => {
    const stateOn = (today: LocalDate, completions: LocalDate[] = []) =>
      trainingStatus({ course: induction, person, completions, today, calendar });
    expect(stateOn('2026-09-02')).toEqual({
      state: 'not-started',
      dueOn: '2026-09-30',
      lastDoneOn: undefined,
    });
    expect(stateOn('2026-09-30').state).toBe('not-started');
    expect(stateOn('2026-10-01').state).toBe('overdue');
    expect(stateOn('2027-10-01', ['2026-10-20'])).toEqual({
      state: 'done',
      dueOn: undefined,
      lastDoneOn: '2026-10-20',
    });
  });

  it('walks the year: the state changes exactly twice', () => {
    const changes: [LocalDate, string][] = [];
    for (const today of daysFrom('2026-09-02', '2027-08-31')) {
      const completions = today >= '2026-10-20' ? ['2026-10-20'] : [];
      const { state } = trainingStatus({ course: induction, person, completions, today, calendar });
      if (changes.at(-1)?.[1] !== state) changes.push([today, state]);
    }
    expect(changes).toEqual([
      ['2026-09-02', 'not-started'],
      ['2026-10-01', 'overdue'],
      ['2026-10-20', 'done'],
    ]);
  });

  it('gives recurring courses the same window when never done', () => {
    const s = trainingStatus({
      course: course('safeguarding-child-protection'),
      person,
      completions: [],
      today: '2026-09-10',
      calendar,
    });
    expect(s).toEqual({ state: 'not-started', dueOn: '2026-09-30', lastDoneOn: undefined });
  });

  it('treats long-serving staff with no record as overdue', () => {
    const s = trainingStatus({
      course: course('safeguarding-child-protection'),
      person: teacher('2015-09-01'),
      completions: [],
      today: '2026-09-10',
      calendar,
    });
    expect(s.state).toBe('overdue');
  });
});

describe('the annual safeguarding course', () => {
  const safeguarding = course('safeguarding-child-protection');
  const person = teacher('2020-09-01');

  it('expires a year after it was done, due soon for the last 30 days', () => {
    const stateOn = (today: LocalDate, completions = ['2026-09-03']) =>
      trainingStatus({ course: safeguarding, person, completions, today, calendar });
    expect(stateOn('2026-09-03')).toEqual({ state: 'done', dueOn: '2027-09-03', lastDoneOn: '2026-09-03' });
    expect(stateOn('2027-08-03').state).toBe('done');
    expect(stateOn('2027-08-04').state).toBe('due-soon');
    expect(stateOn('2027-09-03').state).toBe('due-soon');
    expect(stateOn('2027-09-04').state).toBe('overdue');
    expect(stateOn('2027-09-20', ['2026-09-03', '2027-09-15'])).toEqual({
      state: 'done',
      dueOn: '2028-09-15',
      lastDoneOn: '2027-09-15',
    });
  });

  it('ignores a completion dated in the future and one for a course the role does not need', () => {
    expect(
      trainingStatus({
        course: safeguarding,
        person,
        completions: ['2027-01-01'],
        today: '2026-12-01',
        calendar,
      }).lastDoneOn,
    ).toBeUndefined();
    expect(
      trainingStatus({
        course: course('identifying-pupils-at-risk-online'),
        person: teacher('2020-09-01', ['admin']),
        completions: ['2026-10-01'],
        today: '2026-12-01',
        calendar,
      }),
    ).toEqual({ state: 'not-required', dueOn: undefined, lastDoneOn: '2026-10-01' });
  });
});

describe('the termly online-safety update', () => {
  const update = course('online-safety-update');
  const person = teacher('2020-09-01');

  it('reads a term as both its half-terms', () => {
    expect(termsOf(calendar).slice(0, 3)).toEqual([
      { academicYear: '2026-27', term: 'autumn', startsOn: '2026-09-02', endsOn: '2026-12-18' },
      { academicYear: '2026-27', term: 'spring', startsOn: '2027-01-04', endsOn: '2027-03-25' },
      { academicYear: '2026-27', term: 'summer', startsOn: '2027-04-12', endsOn: '2027-07-22' },
    ]);
  });

  it.each([
    ['first day of autumn', '2026-09-02', '2027-03-25'],
    ['in the autumn half-term holiday', '2026-10-28', '2027-03-25'],
    ['last day of autumn', '2026-12-18', '2027-03-25'],
    ['in the Christmas holiday: counts for spring', '2026-12-21', '2027-07-22'],
    ['in spring', '2027-02-01', '2027-07-22'],
    ['in the summer holiday: counts for autumn', '2027-08-20', '2028-04-07'],
    ['before the calendar begins: counts for its first term', '2026-07-01', '2027-03-25'],
    ['in the last term the calendar holds: four months on', '2028-05-01', '2028-09-01'],
    ['after the calendar ends: four months on', '2028-08-01', '2028-12-01'],
  ])('done %s (%s) is due by %s', (_label, doneOn, dueOn) => {
    expect(termlyDueOn(doneOn, calendar)).toBe(dueOn);
  });

  it('crosses a term boundary: done late in autumn stays done over Christmas, then falls due in spring', () => {
    const stateOn = (today: LocalDate) =>
      trainingStatus({ course: update, person, completions: ['2026-12-10'], today, calendar }).state;
    expect(stateOn('2026-12-19')).toBe('done');
    expect(stateOn('2027-01-04')).toBe('done');
    expect(stateOn('2027-02-22')).toBe('done');
    expect(stateOn('2027-02-23')).toBe('due-soon');
    expect(stateOn('2027-03-25')).toBe('due-soon');
    expect(stateOn('2027-03-26')).toBe('overdue');
  });

  it('stays done all year for someone who does it every term', () => {
    const done = ['2026-09-15', '2027-01-20', '2027-05-05', '2027-09-10'];
    for (const today of daysFrom('2026-09-15', '2027-12-31')) {
      const completions = done.filter((d) => d <= today);
      const { state } = trainingStatus({ course: update, person, completions, today, calendar });
      expect([today, state]).not.toEqual([today, 'overdue']);
    }
  });
});

describe('DSL training every two years, with a yearly refresher', () => {
  const people: MatrixPerson[] = [
    { id: 'dsl', displayName: 'Dana (DSL)', roles: ['dsl', 'teacher'], startsOn: '2018-09-01' },
    { id: 'deputy', displayName: 'Dev (deputy)', roles: ['deputy-dsl'], startsOn: '2018-09-01' },
    { id: 'teach', displayName: 'Tom (teacher)', roles: ['teacher'], startsOn: '2018-09-01' },
  ];
  const completions: Completion[] = ['dsl', 'deputy'].flatMap((personId) => [
    { personId, courseId: 'dsl-training', completedOn: '2026-09-10' },
    { personId, courseId: 'dsl-refresher', completedOn: '2026-09-10' },
  ]);
  const dslCourses = DEFAULT_CATALOGUE.filter((c) => c.id.startsWith('dsl-'));
  const cell = (today: LocalDate, extra: Completion[] = []) =>
    trainingMatrix(people, dslCourses, [...completions, ...extra], today, calendar).map(
      (r) => `${r.personId} ${r.courseId} ${r.state} ${r.dueOn ?? '-'}`,
    );

  it('asks for the refresher after one year and the full course after two', () => {
    expect(cell('2027-09-11')).toEqual([
      'dsl dsl-refresher overdue 2027-09-10',
      'deputy dsl-refresher overdue 2027-09-10',
      'dsl dsl-training done 2028-09-10',
      'deputy dsl-training done 2028-09-10',
      'teach dsl-refresher not-required -',
      'teach dsl-training not-required -',
    ]);
    const refreshed: Completion[] = ['dsl', 'deputy'].map((personId) => ({
      personId,
      courseId: 'dsl-refresher',
      completedOn: '2027-09-20',
    }));
    expect(cell('2028-08-21', refreshed)).toEqual([
      'dsl dsl-training due-soon 2028-09-10',
      'deputy dsl-training due-soon 2028-09-10',
      'dsl dsl-refresher due-soon 2028-09-20',
      'deputy dsl-refresher due-soon 2028-09-20',
      'teach dsl-refresher not-required -',
      'teach dsl-training not-required -',
    ]);
    expect(cell('2028-09-11', refreshed).slice(0, 2)).toEqual([
      'dsl dsl-training overdue 2028-09-10',
      'deputy dsl-training overdue 2028-09-10',
    ]);
  });
});

describe('the training matrix', () => {
  it('puts overdue first, then due soon, not started, done and not required', () => {
    const people: MatrixPerson[] = [
      { id: 'a', displayName: 'Ann', roles: ['teacher'], startsOn: '2026-09-20' },
      { id: 'b', displayName: 'Ben', roles: ['admin'], startsOn: '2010-09-01' },
    ];
    const completions: Completion[] = [
      { personId: 'b', courseId: 'online-safety-induction', completedOn: '2010-09-05' },
      { personId: 'b', courseId: 'safeguarding-child-protection', completedOn: '2025-10-20' },
      { personId: 'b', courseId: 'online-safety-update', completedOn: '2026-09-03' },
    ];
    const rows = trainingMatrix(people, DEFAULT_CATALOGUE, completions, '2026-10-01', calendar);
    expect(rows).toHaveLength(14);
    expect(rows.map((r) => `${r.state} ${r.personId} ${r.courseId}`)).toEqual([
      'overdue b filtering-and-monitoring',
      'due-soon b safeguarding-child-protection',
      'not-started a identifying-pupils-at-risk-online',
      'not-started a online-safety-induction',
      'not-started a online-safety-update',
      'not-started a safeguarding-child-protection',
      'done b online-safety-update',
      'done b online-safety-induction',
      'not-required a dsl-refresher',
      'not-required a dsl-training',
      'not-required a filtering-and-monitoring',
      'not-required b dsl-refresher',
      'not-required b dsl-training',
      'not-required b identifying-pupils-at-risk-online',
    ]);
  });
});
