import { describe, expect, it } from 'vitest';
import {
  type Actor,
  ALLOW_RULES,
  allowedActions,
  can,
  DENY_RULES,
  REPORT_ACTIONS,
  type ReportAccessFacts,
  type ReportAction,
} from '../../src/domain/access.js';
import { ROLES, type Role } from '../../src/domain/directory/roles.js';

/**
 * The whole matrix: every kind of person against every action on every kind of report. The lists
 * are written out here, not imported, so that a new action, role or rule fails this test until
 * someone decides what it means for a child's report.
 */
const HANDLER: readonly ReportAction[] = [
  'view',
  'acknowledge',
  'add-note',
  'reveal-identity',
  'export',
  'close',
  'reopen',
  'assign',
  'change-priority',
  'message-pupil',
  'reroute',
];
const PUPIL: readonly ReportAction[] = ['view-own-status', 'message-team'];
const NOTHING: readonly ReportAction[] = [];

const SCHOOL = 'school-a';
const OTHER_SCHOOL = 'school-b';

const PERSONAS = {
  'reporting pupil': { id: 'p-reporter', roles: ['pupil'] },
  'another pupil': { id: 'p-other', roles: ['pupil'] },
  teacher: { id: 't-1', roles: ['teacher'] },
  'named teacher': { id: 't-named', roles: ['teacher'] },
  dsl: { id: 'dsl-1', roles: ['dsl'] },
  'deputy dsl': { id: 'ddsl-1', roles: ['deputy-dsl'] },
  'named deputy dsl who also teaches': { id: 'ddsl-named', roles: ['deputy-dsl', 'teacher'] },
  headteacher: { id: 'head-1', roles: ['headteacher'] },
  'headteacher who is also the dsl': { id: 'head-dsl', roles: ['headteacher', 'dsl'] },
  leadership: { id: 'lead-1', roles: ['leadership'] },
  'chair of governors': { id: 'chair-1', roles: ['chair-of-governors'] },
  admin: { id: 'admin-1', roles: ['admin'] },
  'teacher with leadership and admin': { id: 'tla-1', roles: ['teacher', 'leadership', 'admin'] },
  'person with no roles': { id: 'nobody-1', roles: [] },
} satisfies Record<string, { id: string; roles: Role[] }>;
type PersonaName = keyof typeof PERSONAS;

const base = { schoolId: SCHOOL, reporterPersonId: 'p-reporter' };
const REPORTS = {
  'ordinary report': { ...base, routedTo: 'safeguarding', concernsStaff: 'no', namedStaffPersonId: null },
  'about a teacher': {
    ...base,
    routedTo: 'headteacher',
    concernsStaff: 'staff',
    namedStaffPersonId: 't-named',
  },
  'about a deputy dsl': {
    ...base,
    routedTo: 'headteacher',
    concernsStaff: 'staff',
    namedStaffPersonId: 'ddsl-named',
  },
  'about a member of staff, not named': {
    ...base,
    routedTo: 'headteacher',
    concernsStaff: 'staff',
    namedStaffPersonId: null,
  },
  'about the headteacher, not named': {
    ...base,
    routedTo: 'chair',
    concernsStaff: 'headteacher',
    namedStaffPersonId: null,
  },
  'about the headteacher, named': {
    ...base,
    routedTo: 'chair',
    concernsStaff: 'headteacher',
    namedStaffPersonId: 'head-1',
  },
  // No chair of governors on the roster: routeReport falls back to the safeguarding team.
  'about the headteacher, with the dsls': {
    ...base,
    routedTo: 'safeguarding',
    concernsStaff: 'headteacher',
    namedStaffPersonId: null,
  },
  // Issue 5 §8: unread, so escalated to the next in line, who may then act on it.
  'ordinary report, escalated to the headteacher': {
    ...base,
    routedTo: 'safeguarding',
    concernsStaff: 'no',
    namedStaffPersonId: null,
    escalatedTo: 'headteacher',
  },
  'about a teacher, escalated to the chair': {
    ...base,
    routedTo: 'headteacher',
    concernsStaff: 'staff',
    namedStaffPersonId: 't-named',
    escalatedTo: 'chair',
  },
  'about the headteacher, with the dsls, escalated to the chair': {
    ...base,
    routedTo: 'safeguarding',
    concernsStaff: 'headteacher',
    namedStaffPersonId: null,
    escalatedTo: 'chair',
  },
  // Never made by escalationRecipients; if it were, the deny rule still keeps the head out.
  'about the headteacher, with the dsls, escalated to the headteacher': {
    ...base,
    routedTo: 'safeguarding',
    concernsStaff: 'headteacher',
    namedStaffPersonId: null,
    escalatedTo: 'headteacher',
  },
  'about a deputy dsl, escalated to the chair': {
    ...base,
    routedTo: 'headteacher',
    concernsStaff: 'staff',
    namedStaffPersonId: 'ddsl-named',
    escalatedTo: 'chair',
  },
} satisfies Record<string, ReportAccessFacts>;
type ReportName = keyof typeof REPORTS;

/** Anything not listed is nothing. */
const EXPECTED: Partial<Record<PersonaName, Partial<Record<ReportName, readonly ReportAction[]>>>> = {
  'reporting pupil': {
    'ordinary report': PUPIL,
    'about a teacher': PUPIL,
    'about a deputy dsl': PUPIL,
    'about a member of staff, not named': PUPIL,
    'about the headteacher, not named': PUPIL,
    'about the headteacher, named': PUPIL,
    'about the headteacher, with the dsls': PUPIL,
    'ordinary report, escalated to the headteacher': PUPIL,
    'about a teacher, escalated to the chair': PUPIL,
    'about the headteacher, with the dsls, escalated to the chair': PUPIL,
    'about the headteacher, with the dsls, escalated to the headteacher': PUPIL,
    'about a deputy dsl, escalated to the chair': PUPIL,
  },
  dsl: {
    'ordinary report': HANDLER,
    'about the headteacher, with the dsls': HANDLER,
    'ordinary report, escalated to the headteacher': HANDLER,
    'about the headteacher, with the dsls, escalated to the chair': HANDLER,
    'about the headteacher, with the dsls, escalated to the headteacher': HANDLER,
  },
  'deputy dsl': {
    'ordinary report': HANDLER,
    'about the headteacher, with the dsls': HANDLER,
    'ordinary report, escalated to the headteacher': HANDLER,
    'about the headteacher, with the dsls, escalated to the chair': HANDLER,
    'about the headteacher, with the dsls, escalated to the headteacher': HANDLER,
  },
  'named deputy dsl who also teaches': {
    'ordinary report': HANDLER,
    'about the headteacher, with the dsls': HANDLER,
    'ordinary report, escalated to the headteacher': HANDLER,
    'about the headteacher, with the dsls, escalated to the chair': HANDLER,
    'about the headteacher, with the dsls, escalated to the headteacher': HANDLER,
  },
  headteacher: {
    'about a teacher': HANDLER,
    'about a deputy dsl': HANDLER,
    'about a member of staff, not named': HANDLER,
    'ordinary report, escalated to the headteacher': HANDLER,
    'about a teacher, escalated to the chair': HANDLER,
    'about a deputy dsl, escalated to the chair': HANDLER,
  },
  'headteacher who is also the dsl': {
    'ordinary report': HANDLER,
    'about a teacher': HANDLER,
    'about a deputy dsl': HANDLER,
    'about a member of staff, not named': HANDLER,
    'ordinary report, escalated to the headteacher': HANDLER,
    'about a teacher, escalated to the chair': HANDLER,
    'about a deputy dsl, escalated to the chair': HANDLER,
  },
  'chair of governors': {
    'about the headteacher, not named': HANDLER,
    'about the headteacher, named': HANDLER,
    'about a teacher, escalated to the chair': HANDLER,
    'about the headteacher, with the dsls, escalated to the chair': HANDLER,
    'about a deputy dsl, escalated to the chair': HANDLER,
  },
};

function actorFor(name: PersonaName, schoolId = SCHOOL): Actor {
  const p = PERSONAS[name];
  return { personId: p.id, schoolId, roles: p.roles };
}

const personaNames = Object.keys(PERSONAS) as PersonaName[];
const reportNames = Object.keys(REPORTS) as ReportName[];

describe('report access', () => {
  it('knows exactly these actions and roles (a new one must be added to this matrix)', () => {
    expect([...REPORT_ACTIONS]).toEqual([...HANDLER, ...PUPIL]);
    expect([...ROLES].sort()).toEqual(
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
    expect(ALLOW_RULES.map((r) => r.id)).toEqual([
      'safeguarding-team',
      'headteacher-staff-concerns',
      'chair-headteacher-concerns',
      'headteacher-escalated',
      'chair-escalated',
      'pupil-own-report',
    ]);
    expect(DENY_RULES.map((r) => r.id)).toEqual([
      'other-school',
      'named-in-report',
      'headteacher-about-headteacher',
    ]);
  });

  it('has a persona holding each role on its own, and one with none', () => {
    for (const role of ROLES) {
      expect(personaNames.some((n) => PERSONAS[n].roles.length === 1 && PERSONAS[n].roles[0] === role)).toBe(
        true,
      );
    }
    expect(personaNames.some((n) => PERSONAS[n].roles.length === 0)).toBe(true);
  });

  describe.each(personaNames)('%s', (persona) => {
    it.each(reportNames)('on a report %s may do exactly what is expected', (reportName) => {
      const actor = actorFor(persona);
      const report = REPORTS[reportName];
      const expected = EXPECTED[persona]?.[reportName] ?? NOTHING;
      for (const action of REPORT_ACTIONS) {
        expect({ action, allowed: can(actor, action, report) }).toEqual({
          action,
          allowed: expected.includes(action),
        });
      }
      expect(allowedActions(actor, report)).toEqual(REPORT_ACTIONS.filter((a) => expected.includes(a)));
    });

    it.each(reportNames)('from another school may do nothing on a report %s', (reportName) => {
      const actor = actorFor(persona, OTHER_SCHOOL);
      for (const action of REPORT_ACTIONS) expect(can(actor, action, REPORTS[reportName])).toBe(false);
    });
  });

  it('gives someone holding every role in another school nothing, even with the same person id', () => {
    const everything: Actor = { personId: 'p-reporter', schoolId: OTHER_SCHOOL, roles: [...ROLES] };
    for (const reportName of reportNames) expect(allowedActions(everything, REPORTS[reportName])).toEqual([]);
  });

  it('never lets a named person act on the report about them, whatever roles they hold', () => {
    const named: Actor = { personId: 't-named', schoolId: SCHOOL, roles: [...ROLES] };
    expect(allowedActions(named, REPORTS['about a teacher'])).toEqual([]);
    expect(allowedActions({ ...named, personId: 'head-1' }, REPORTS['about the headteacher, named'])).toEqual(
      [],
    );
  });

  it('gives a staff member who made a report no pupil actions on it (those are for pupils)', () => {
    const teacher: Actor = { personId: 'p-reporter', schoolId: SCHOOL, roles: ['teacher'] };
    expect(allowedActions(teacher, REPORTS['ordinary report'])).toEqual([]);
  });
});
