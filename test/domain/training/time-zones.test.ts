import { afterAll, describe, expect, it } from 'vitest';
import { markReviewed, type Policy, reviewReminderDue } from '../../../src/domain/policies/policy.js';
import { DEFAULT_CATALOGUE } from '../../../src/domain/training/catalogue.js';
import { overdueDigestDue, trainingReminderDue } from '../../../src/domain/training/reminders.js';
import { type Completion, type MatrixPerson, trainingMatrix } from '../../../src/domain/training/status.js';
import { TEST_CALENDAR as calendar, daysFrom } from './walk.js';

/**
 * Due dates and reminders are calendar dates: they must come out the same whatever zone the server
 * runs in. Node re-reads TZ when process.env.TZ is assigned, and vitest runs each file in its own
 * process (pool: 'forks'), so switching zones here cannot leak. The zones include ones whose clocks
 * change at midnight (Santiago, Havana) and ones far from UTC.
 */
const ZONES = [
  'Europe/London',
  'UTC',
  'America/Santiago',
  'America/Havana',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const original = process.env.TZ;
afterAll(() => {
  process.env.TZ = original;
});

const people: MatrixPerson[] = [
  { id: 'new', displayName: 'Nia', roles: ['teacher'], startsOn: '2027-03-29' },
  { id: 'dsl', displayName: 'Dana', roles: ['dsl', 'headteacher'], startsOn: '2015-09-01' },
];
const completions: Completion[] = [
  { personId: 'dsl', courseId: 'safeguarding-child-protection', completedOn: '2026-10-25' },
  { personId: 'dsl', courseId: 'online-safety-update', completedOn: '2026-12-18' },
  { personId: 'dsl', courseId: 'dsl-training', completedOn: '2026-03-29' },
];
const policy: Policy = {
  id: 'online-safety',
  title: 'Online safety',
  kind: 'online-safety',
  ownerId: 'dsl',
  approvedOn: '2026-03-28',
  version: 1,
  reviewCycleYears: 1,
  nextReviewOn: '2027-03-28',
  link: 'https://school.example/os.pdf',
  signedBy: ['teacher'],
};

/** Everything the rules say over a year, as text. */
function walkTheYear(): string[] {
  const out: string[] = [];
  for (const today of daysFrom('2026-09-01', '2027-10-31')) {
    const matrix = trainingMatrix(people, DEFAULT_CATALOGUE, completions, today, calendar);
    for (const row of matrix) {
      const person = people.find((p) => p.id === row.personId)!;
      const course = DEFAULT_CATALOGUE.find((c) => c.id === row.courseId)!;
      const r = trainingReminderDue({ person, course, status: row, today });
      out.push(`${today} ${row.personId} ${row.courseId} ${row.state} ${row.dueOn} ${r?.key ?? '-'}`);
    }
    out.push(`${today} digest ${overdueDigestDue({ recipientId: 'dsl', matrix, today }).key}`);
    out.push(`${today} review ${reviewReminderDue(policy, today)?.key ?? '-'}`);
  }
  out.push(
    JSON.stringify(markReviewed({ policy, reviewedBy: 'dsl', reviewedOn: '2027-03-28', changed: true })),
  );
  return out;
}

describe('training and policy dates in any server time zone', () => {
  process.env.TZ = 'Europe/London';
  const london = walkTheYear();

  it.each(ZONES)('%s gives the same answers as Europe/London', (zone) => {
    process.env.TZ = zone;
    // The zone really changed (Kiritimati is UTC+14 all year).
    if (zone === 'Pacific/Kiritimati') expect(new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset()).toBe(-840);
    expect(walkTheYear()).toEqual(london);
  });
});
