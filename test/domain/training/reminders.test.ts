import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../src/domain/calendar/term-dates.js';
import { type Course, DEFAULT_CATALOGUE } from '../../../src/domain/training/catalogue.js';
import {
  digestRecipients,
  overdueDigestDue,
  reminderWindow,
  trainingReminderDue,
} from '../../../src/domain/training/reminders.js';
import {
  type Completion,
  type MatrixPerson,
  trainingMatrix,
  trainingStatus,
  weekdayOf,
} from '../../../src/domain/training/status.js';
import { TEST_CALENDAR as calendar, daysFrom, playJob } from './walk.js';

const course = (id: string): Course => DEFAULT_CATALOGUE.find((x) => x.id === id)!;

/** What one person is sent for one course over a stretch of days, with completions recorded on given days. */
function sendsFor(props: {
  courseId: string;
  startsOn: LocalDate;
  completions: LocalDate[];
  from: LocalDate;
  to: LocalDate;
}): string[] {
  const c = course(props.courseId);
  return playJob(props.from, props.to, (today) => {
    const completions = props.completions.filter((d) => d <= today);
    const status = trainingStatus({
      course: c,
      person: { roles: ['teacher'], startsOn: props.startsOn },
      completions,
      today,
      calendar,
    });
    return trainingReminderDue({ person: { id: 'p1', startsOn: props.startsOn }, course: c, status, today });
  }).map(
    ({ on, reminder }) => `${on} ${reminder.kind}${reminder.kind === 'overdue' ? ` w${reminder.week}` : ''}`,
  );
}

describe('reminder windows', () => {
  it.each([
    ['2027-08-03', undefined],
    ['2027-08-04', 'due-in-30-days 0'],
    ['2027-08-26', 'due-in-30-days 0'],
    ['2027-08-27', 'due-in-7-days 0'],
    ['2027-09-03', 'due-in-7-days 0'],
    ['2027-09-04', 'overdue 1'],
    ['2027-09-10', 'overdue 1'],
    ['2027-09-11', 'overdue 2'],
    ['2027-12-31', 'overdue 17'],
  ])('for a due date of 3 Sep 2027, on %s: %s', (today, expected) => {
    const w = reminderWindow('2027-09-03', today);
    expect(w && `${w.kind} ${w.week}`).toBe(expected);
  });
});

describe('training reminders', () => {
  it("a new starter's induction: first notice on day one, 7 days before, then weekly until done", () => {
    expect(
      sendsFor({
        courseId: 'online-safety-induction',
        startsOn: '2026-09-02',
        completions: ['2026-10-20'],
        from: '2026-08-20',
        to: '2027-08-31',
      }),
    ).toEqual([
      '2026-09-02 due-in-30-days',
      '2026-09-23 due-in-7-days',
      '2026-10-01 overdue w1',
      '2026-10-08 overdue w2',
      '2026-10-15 overdue w3',
    ]);
  });

  it('the annual safeguarding course: silent all year, reminded before and after expiry, then a year on again', () => {
    expect(
      sendsFor({
        courseId: 'safeguarding-child-protection',
        startsOn: '2020-09-01',
        completions: ['2026-09-03', '2027-09-15'],
        from: '2026-09-03',
        to: '2028-09-30',
      }),
    ).toEqual([
      '2027-08-04 due-in-30-days',
      '2027-08-27 due-in-7-days',
      '2027-09-04 overdue w1',
      '2027-09-11 overdue w2',
      '2028-08-16 due-in-30-days',
      '2028-09-08 due-in-7-days',
      '2028-09-16 overdue w1',
      '2028-09-23 overdue w2',
      '2028-09-30 overdue w3',
    ]);
  });

  it('weekly, never daily: at most one reminder in any 7 days while overdue, however often the job runs', () => {
    const sends = sendsFor({
      courseId: 'safeguarding-child-protection',
      startsOn: '2020-09-01',
      completions: ['2025-09-01'],
      from: '2026-09-02',
      to: '2027-08-31',
    });
    expect(sends).toHaveLength(52);
    expect(new Set(sends.map((s) => weekdayOf(s.slice(0, 10))))).toEqual(new Set([weekdayOf('2026-09-02')]));
  });

  it('catches up a window the job missed, and sends nothing twice', () => {
    const c = course('safeguarding-child-protection');
    const person = { roles: ['teacher' as const], startsOn: '2020-09-01' };
    const due = (today: LocalDate) =>
      trainingReminderDue({
        person: { id: 'p1', ...person },
        course: c,
        status: trainingStatus({ course: c, person, completions: ['2026-09-03'], today, calendar }),
        today,
      });
    // The server was down from 1 to 10 August: the 30-day reminder still goes, late, once.
    const sends = playJob('2027-08-01', '2027-08-31', (today) =>
      today < '2027-08-11' ? undefined : due(today),
    );
    expect(sends.map((s) => `${s.on} ${s.reminder.kind}`)).toEqual([
      '2027-08-11 due-in-30-days',
      '2027-08-27 due-in-7-days',
    ]);
    expect(due('2027-08-20')?.key).toBe(
      'training/p1/safeguarding-child-protection/2027-09-03/due-in-30-days/0',
    );
  });

  it('the termly update: reminded before the end of spring, quiet once done each term', () => {
    expect(
      sendsFor({
        courseId: 'online-safety-update',
        startsOn: '2020-09-01',
        completions: ['2026-12-10', '2027-03-10', '2027-06-15'],
        from: '2026-12-10',
        to: '2027-11-01',
      }),
    ).toEqual(['2027-02-23 due-in-30-days']);
    // Without the summer update, the end of the summer term brings the reminders.
    expect(
      sendsFor({
        courseId: 'online-safety-update',
        startsOn: '2020-09-01',
        completions: ['2026-12-10', '2027-03-10'],
        from: '2027-03-10',
        to: '2027-07-31',
      }),
    ).toEqual([
      '2027-06-22 due-in-30-days',
      '2027-07-15 due-in-7-days',
      '2027-07-23 overdue w1',
      '2027-07-30 overdue w2',
    ]);
  });

  it('sends nothing for a course the role does not need', () => {
    const c = course('dsl-training');
    const status = trainingStatus({
      course: c,
      person: { roles: ['teacher'], startsOn: '2010-09-01' },
      completions: [],
      today: '2026-10-01',
      calendar,
    });
    expect(
      trainingReminderDue({
        person: { id: 'p1', startsOn: '2010-09-01' },
        course: c,
        status,
        today: '2026-10-01',
      }),
    ).toBeUndefined();
  });
});

describe('the weekly overdue digest', () => {
  const people: MatrixPerson[] = [
    { id: 'head', displayName: 'Hana', roles: ['headteacher'], startsOn: '2015-09-01' },
    { id: 'lead', displayName: 'Lee', roles: ['teacher', 'leadership'], startsOn: '2015-09-01' },
    { id: 'late', displayName: 'Lou', roles: ['teacher'], startsOn: '2015-09-01' },
  ];
  const everythingDone = (personId: string, on: LocalDate): Completion[] =>
    DEFAULT_CATALOGUE.map((c) => ({ personId, courseId: c.id, completedOn: on }));

  it('goes to the headteacher and the online-safety lead', () => {
    expect(digestRecipients(people).map((p) => p.id)).toEqual(['head', 'lead']);
  });

  it('comes every Monday (a missed Monday caught up that week) and lists who is overdue', () => {
    const completions = [
      ...everythingDone('head', '2026-09-03'),
      ...everythingDone('lead', '2026-09-03'),
      ...everythingDone('late', '2026-09-03').filter((c) => c.courseId !== 'safeguarding-child-protection'),
      { personId: 'late', courseId: 'safeguarding-child-protection', completedOn: '2025-09-10' },
    ];
    const sent = playJob('2026-09-07', '2026-11-02', (today) => {
      // The server is down on Monday 28 September.
      if (today === '2026-09-28') return undefined;
      // Lou does the course on 21 October.
      const all =
        today >= '2026-10-21'
          ? [
              ...completions,
              { personId: 'late', courseId: 'safeguarding-child-protection', completedOn: '2026-10-21' },
            ]
          : completions;
      const matrix = trainingMatrix(people, DEFAULT_CATALOGUE, all, today, calendar);
      return overdueDigestDue({ recipientId: 'head', matrix, today });
    });
    expect(
      sent.map((s) => `${s.on} ${s.reminder.overdue.map((r) => `${r.personId} ${r.courseId}`).join()}`),
    ).toEqual([
      '2026-09-07 ',
      '2026-09-14 late safeguarding-child-protection',
      '2026-09-21 late safeguarding-child-protection',
      '2026-09-29 late safeguarding-child-protection',
      '2026-10-05 late safeguarding-child-protection',
      '2026-10-12 late safeguarding-child-protection',
      '2026-10-19 late safeguarding-child-protection',
      '2026-10-26 ',
      '2026-11-02 ',
    ]);
    expect(sent[3]!.reminder.weekOf).toBe('2026-09-28');
    expect(sent[1]!.reminder.key).toBe('training-digest/head/2026-09-14');
  });

  it('can be moved to another weekday', () => {
    const matrix = trainingMatrix(people, DEFAULT_CATALOGUE, [], '2026-10-01', calendar);
    const fridays = [...daysFrom('2026-10-01', '2026-10-31')].filter((d) => {
      return overdueDigestDue({ recipientId: 'head', matrix, today: d, weekday: 5 }).weekOf === d;
    });
    expect(fridays).toEqual(['2026-10-02', '2026-10-09', '2026-10-16', '2026-10-23', '2026-10-30']);
  });
});
