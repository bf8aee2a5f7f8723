import { describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR } from '../../../src/domain/calendar/england-default.js';
import { AGE_BANDS } from '../../../src/domain/curriculum/lesson.js';
import {
  ESCALATION_PLAN,
  escalationDueAt,
  escalationJobKeyPrefix,
  escalationJobs,
  escalationRecipients,
  formatReference,
  priorityFor,
  REPORT_CATEGORIES,
  ReportSubmissionSchema,
  routeReport,
  type SafeguardingContacts,
  signposts,
} from '../../../src/domain/reports/report.js';

const contacts: SafeguardingContacts = {
  dsl: ['dsl'],
  deputyDsl: ['deputy-a', 'deputy-b'],
  headteacher: ['head'],
  chairOfGovernors: ['chair'],
};

describe('routeReport (policy 004 §11)', () => {
  it('sends an ordinary report to every DSL and deputy, and to nobody else', () => {
    expect(routeReport({ concernsStaff: 'no', contacts })).toEqual({
      routedTo: 'safeguarding',
      recipients: ['dsl', 'deputy-a', 'deputy-b'],
      concernsStaff: 'no',
      fallback: false,
    });
  });

  it('sends a report about staff to the headteacher, never to a named DSL or deputy', () => {
    expect(routeReport({ concernsStaff: 'staff', namedStaffPersonId: 'deputy-a', contacts })).toMatchObject({
      routedTo: 'headteacher',
      recipients: ['head'],
    });
    // Naming someone makes it a staff concern even if the pupil did not say so.
    expect(routeReport({ concernsStaff: 'no', namedStaffPersonId: 'teacher', contacts })).toMatchObject({
      routedTo: 'headteacher',
      concernsStaff: 'staff',
    });
  });

  it('sends a report about the headteacher to the chair, also when the head is named as "staff"', () => {
    expect(routeReport({ concernsStaff: 'headteacher', contacts })).toMatchObject({
      routedTo: 'chair',
      recipients: ['chair'],
      concernsStaff: 'headteacher',
    });
    expect(routeReport({ concernsStaff: 'staff', namedStaffPersonId: 'head', contacts })).toMatchObject({
      routedTo: 'chair',
      concernsStaff: 'headteacher',
    });
  });

  it('falls back to the next in line rather than nobody, still keeping out the people it is about', () => {
    const headIsDsl: SafeguardingContacts = {
      dsl: ['head'],
      deputyDsl: ['deputy-a'],
      headteacher: ['head'],
      chairOfGovernors: [],
    };
    expect(routeReport({ concernsStaff: 'headteacher', contacts: headIsDsl })).toEqual({
      routedTo: 'safeguarding',
      recipients: ['deputy-a'],
      concernsStaff: 'headteacher',
      fallback: true,
    });
    expect(
      routeReport({ concernsStaff: 'no', contacts: { ...contacts, dsl: [], deputyDsl: [] } }),
    ).toMatchObject({
      routedTo: 'headteacher',
      recipients: ['head'],
      fallback: true,
    });
    expect(routeReport({ concernsStaff: 'staff', contacts: { ...contacts, headteacher: [] } })).toMatchObject(
      {
        routedTo: 'chair',
        fallback: true,
      },
    );
    const empty = { dsl: [], deputyDsl: [], headteacher: [], chairOfGovernors: [] };
    expect(routeReport({ concernsStaff: 'no', contacts: empty })).toEqual({
      routedTo: 'safeguarding',
      recipients: [],
      concernsStaff: 'no',
      fallback: false,
    });
  });

  it('counts a person holding both DSL and deputy roles once', () => {
    expect(
      routeReport({ concernsStaff: 'no', contacts: { ...contacts, deputyDsl: ['dsl'] } }).recipients,
    ).toEqual(['dsl']);
  });
});

describe('signposts', () => {
  it('always shows Childline, and the others by what happened and age', () => {
    for (const category of REPORT_CATEGORIES) {
      for (const band of AGE_BANDS) expect(signposts(category, band)).toContain('childline');
    }
    expect(signposts('asked-for-pictures-to-meet-or-a-secret', '7-11')).toEqual(['ceop', 'childline']);
    expect(signposts('asked-for-pictures-to-meet-or-a-secret', '11-14')).toEqual([
      'ceop',
      'report-remove',
      'childline',
    ]);
    expect(signposts('stranger-contact', '4-7')).toEqual(['ceop', 'childline']);
    expect(signposts('saw-something-upsetting', '7-11')).toEqual(['childline']);
    expect(signposts('saw-something-upsetting', '11-14')).toEqual(['report-harmful-content', 'childline']);
    expect(signposts('saw-something-upsetting', '14-18')).toEqual(['report-harmful-content', 'childline']);
    expect(signposts('unkind-or-bullying', '14-18')).toEqual(['childline']);
  });
});

describe('report values', () => {
  it('is urgent exactly when the pupil is in danger now', () => {
    expect(priorityFor({ dangerNow: true })).toBe('urgent');
    expect(priorityFor({ dangerNow: false })).toBe('normal');
  });

  it('formats references as R-0001', () => {
    expect(formatReference(1)).toBe('R-0001');
    expect(formatReference(12345)).toBe('R-12345');
  });

  it('accepts a submission with no words, and refuses an unknown field or an over-long text', () => {
    expect(
      ReportSubmissionSchema.parse({ category: 'something-else', about: 'me', dangerNow: false }),
    ).toEqual({
      category: 'something-else',
      about: 'me',
      concernsStaff: 'no',
      where: '',
      when: '',
      what: '',
      dangerNow: false,
      nameWithheld: false,
    });
    const ok = { category: 'something-else', about: 'me', dangerNow: false };
    expect(ReportSubmissionSchema.safeParse({ ...ok, picture: 'data:image/png;base64,' }).success).toBe(
      false,
    );
    expect(ReportSubmissionSchema.safeParse({ ...ok, what: 'x'.repeat(4001) }).success).toBe(false);
  });
});

describe('escalation', () => {
  const zone = 'Europe/London';
  const [urgent1, urgent2] = ESCALATION_PLAN.urgent;
  const [normal1, normal2] = ESCALATION_PLAN.normal;

  it('re-notifies an urgent report after 15 minutes and passes it on after 30', () => {
    const since = new Date('2026-11-10T10:00:00Z');
    expect(escalationDueAt(urgent1!, since, ENGLAND_DEFAULT_CALENDAR, zone).toISOString()).toBe(
      '2026-11-10T10:15:00.000Z',
    );
    expect(escalationDueAt(urgent2!, since, ENGLAND_DEFAULT_CALENDAR, zone).toISOString()).toBe(
      '2026-11-10T10:30:00.000Z',
    );
  });

  it('counts school days in the school calendar and time zone, across half-term, an INSET day and BST', () => {
    // Friday 23 Oct 2026, 15:00 BST, the last day before half-term; BST ends on the 25th, 2 Nov is INSET.
    const since = new Date('2026-10-23T14:00:00Z');
    expect(escalationDueAt(normal1!, since, ENGLAND_DEFAULT_CALENDAR, zone).toISOString()).toBe(
      '2026-11-03T15:00:00.000Z',
    );
    expect(escalationDueAt(normal2!, since, ENGLAND_DEFAULT_CALENDAR, zone).toISOString()).toBe(
      '2026-11-04T15:00:00.000Z',
    );
    // 23:30 GMT on Monday 9 Nov is still Monday in London: due Tuesday 23:30.
    expect(
      escalationDueAt(
        normal1!,
        new Date('2026-11-09T23:30:00Z'),
        ENGLAND_DEFAULT_CALENDAR,
        zone,
      ).toISOString(),
    ).toBe('2026-11-10T23:30:00.000Z');
  });

  it('uses weekdays past the end of the calendar rather than never escalating', () => {
    // Friday 21 July 2028, 10:00 BST, the calendar's last day.
    const since = new Date('2028-07-21T09:00:00Z');
    expect(escalationDueAt(normal1!, since, ENGLAND_DEFAULT_CALENDAR, zone).toISOString()).toBe(
      '2028-07-24T09:00:00.000Z',
    );
    expect(escalationDueAt(normal1!, since, { halfTerms: [], closures: [] }, zone).toISOString()).toBe(
      '2028-07-24T09:00:00.000Z',
    );
  });

  it('names jobs under one prefix per report, fresh for each start of the clock', () => {
    const props = {
      reportId: 'r1',
      priority: 'urgent' as const,
      calendar: ENGLAND_DEFAULT_CALENDAR,
      timeZone: zone,
    };
    const first = escalationJobs({ ...props, since: new Date('2026-11-10T10:00:00Z') });
    const restarted = escalationJobs({ ...props, since: new Date('2026-11-10T11:00:00Z') });
    expect(first.map((j) => j.payload)).toEqual([
      { reportId: 'r1', step: 1 },
      { reportId: 'r1', step: 2 },
    ]);
    for (const job of [...first, ...restarted])
      expect(job.idempotencyKey.startsWith(escalationJobKeyPrefix('r1'))).toBe(true);
    expect(new Set([...first, ...restarted].map((j) => j.idempotencyKey)).size).toBe(4);
    expect(escalationJobKeyPrefix('r10').startsWith(escalationJobKeyPrefix('r1'))).toBe(false);
  });

  it('tells the handlers again, then the next in line, never someone the report is about', () => {
    const base = { routedTo: 'safeguarding' as const, concernsStaff: 'no' as const, contacts };
    expect(escalationRecipients({ ...base, step: urgent1! })).toEqual(['dsl', 'deputy-a', 'deputy-b']);
    expect(escalationRecipients({ ...base, step: urgent2! })).toEqual(['head']);
    expect(
      escalationRecipients({ ...base, routedTo: 'headteacher', concernsStaff: 'staff', step: urgent2! }),
    ).toEqual(['chair']);
    // About the head but with the DSLs (no chair was on the roster): the head is skipped.
    expect(
      escalationRecipients({
        ...base,
        concernsStaff: 'headteacher',
        step: urgent2!,
        contacts: { ...contacts, chairOfGovernors: [] },
      }),
    ).toEqual([]);
    expect(
      escalationRecipients({ ...base, routedTo: 'chair', concernsStaff: 'headteacher', step: urgent2! }),
    ).toEqual([]);
  });
});
