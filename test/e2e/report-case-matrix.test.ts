import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { ReportSubmission } from '../../src/domain/reports/report.js';
import { DEMO_PEOPLE } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';
import { fileReport, MINUTE, personId, press, REFUSAL } from './report-case-helpers.js';

/**
 * Issue 5 §13 through the endpoint: every demo role against every case verb, on a report for the
 * safeguarding team, one about a member of staff, and one about the headteacher. Written out, not
 * derived from domain/access.ts, so a change there that lets someone new in fails here.
 */
const ROLES = [
  'pupil-sofia', // made the reports: a pupil sees their own status and messages only, never the case
  'pupil',
  'pupil-ava',
  'teacher',
  'teacher-5', // leadership / PSHE lead
  'admin',
  'dsl',
  'deputy',
  'head',
  'chair',
] as const;
type RoleKey = (typeof ROLES)[number];

const KINDS = {
  'for the safeguarding team': {
    submission: { concernsStaff: 'no' },
    handlers: ['dsl', 'deputy'],
    route: 'safeguarding',
  },
  'about a member of staff': {
    submission: { concernsStaff: 'staff' },
    handlers: ['head'],
    route: 'headteacher',
  },
  'about the headteacher': {
    submission: { concernsStaff: 'headteacher' },
    handlers: ['chair'],
    route: 'chair',
  },
} satisfies Record<string, { submission: Partial<ReportSubmission>; handlers: RoleKey[]; route: string }>;

/** Every case verb with a payload its form would send. */
function payloads(route: string, assignee: string): [string, Record<string, unknown>][] {
  return [
    ['case.open', {}],
    ['case.acknowledge', {}],
    ['case.note', { noteKind: 'note', noteText: 'A note.' }],
    ['case.message', { messageText: 'Hello, can we talk?' }],
    ['case.assign', { assignee }],
    ['case.priority', { priority: 'urgent', priorityReason: '' }],
    ['case.close', { outcome: 'no-further-action', closeNote: '' }],
    ['case.reopen', { reopenReason: 'More has come to light.' }],
    ['case.reveal', { revealReason: 'Needed for the referral.' }],
    ['case.reroute', { rerouteTo: route, rerouteReason: 'Checking where it belongs.' }],
    ['case.export', {}],
  ];
}

describe('who may do what with a case, through the endpoint', () => {
  let t: TestBot;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  beforeAll(async () => {
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' } });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('has every demo role that matters in the matrix', () => {
    const roles = new Set(
      DEMO_PEOPLE.filter((p) => (ROLES as readonly string[]).includes(p.key)).flatMap((p) => p.roles),
    );
    expect([...roles].sort()).toEqual(
      [
        'admin',
        'chair-of-governors',
        'deputy-dsl',
        'dsl',
        'headteacher',
        'leadership',
        'pupil',
        'teacher',
      ].sort(),
    );
  });

  it.each(Object.entries(KINDS))(
    'on a report %s, only its handlers may act, and every refusal is audited',
    async (_, kind) => {
      const report = await fileReport(t, clock.now(), { ...kind.submission, nameWithheld: true });
      const assignee = await personId(t, kind.handlers[0]!);
      const outcomes: string[] = [];
      let refused = 0;
      for (const [verb, payload] of payloads(kind.route, assignee)) {
        for (const role of ROLES) {
          clock.advanceMs(MINUTE);
          const card = await press(t, role, verb, { reportId: report.id, ...payload });
          const text = cardText(card);
          const allowed = (kind.handlers as readonly string[]).includes(role);
          const saw = text.includes(REFUSAL) ? 'refused' : text.includes(report.reference) ? 'case' : 'other';
          outcomes.push(`${verb} ${role}: ${saw}`);
          if (!allowed) refused += 1;
          expect(`${verb} ${role}: ${saw}`).toBe(`${verb} ${role}: ${allowed ? 'case' : 'refused'}`);
        }
      }
      expect(outcomes).toHaveLength(ROLES.length * 11);
      const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
      expect(audit.filter((a) => a.action === 'report.access-refused')).toHaveLength(refused);
      // Nobody refused ever read it: every read is by a handler.
      const handlerIds = await Promise.all(kind.handlers.map((h) => personId(t, h)));
      for (const read of audit.filter((a) => a.action === 'report.viewed'))
        expect(handlerIds).toContain(read.actorPersonId);
    },
    180_000,
  );
});
