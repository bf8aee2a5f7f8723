import type { Role } from './directory/roles.js';
import type { ConcernsStaff, RoutedTo } from './reports/report.js';

/**
 * Who may do what with a report, as data. Deny by default: an action is allowed only when an
 * allow rule grants it and no deny rule forbids it. Policy 004 §4 and §11, DESIGN.md "Roles":
 * only the school's DSLs and deputies see reports; the headteacher sees those about staff, never
 * one about themselves; the chair of governors / trust CEO those about the headteacher; teachers,
 * leadership and admins see none; a pupil sees only their own report's status and messages.
 */

/** What a handler may do with a case (issue 5 §7, §9, §10). `add-note` covers every written entry. */
export const HANDLER_ACTIONS = [
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
] as const;

/** What the pupil who made a report may do with it: see its status in words, and write to the team. */
export const PUPIL_ACTIONS = ['view-own-status', 'message-team'] as const;

export const REPORT_ACTIONS = [...HANDLER_ACTIONS, ...PUPIL_ACTIONS] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export type Actor = { personId: string; schoolId: string; roles: readonly Role[] };

/** What access depends on; no report content. */
export type ReportAccessFacts = {
  schoolId: string;
  reporterPersonId: string;
  routedTo: RoutedTo;
  concernsStaff: ConcernsStaff;
  namedStaffPersonId: string | null;
  /** Who an unread report was escalated to (issue 5 §8); absent or null if it never was. */
  escalatedTo?: RoutedTo | null;
};

type Condition = (actor: Actor, report: ReportAccessFacts) => boolean;

export type AllowRule = {
  id: string;
  /** Any one of these roles qualifies. */
  roles: readonly Role[];
  actions: readonly ReportAction[];
  when: Condition;
  why: string;
};

export type DenyRule = { id: string; when: Condition; why: string };

/** Checked first; any match refuses every action. */
export const DENY_RULES: readonly DenyRule[] = [
  {
    id: 'other-school',
    when: (actor, report) => actor.schoolId !== report.schoolId,
    why: 'Every record belongs to one school; nobody sees another school’s reports.',
  },
  {
    id: 'named-in-report',
    when: (actor, report) =>
      report.namedStaffPersonId !== null && report.namedStaffPersonId === actor.personId,
    why: 'Policy 004 §11: a concern about a member of staff never reaches them, whatever else they are.',
  },
  {
    id: 'headteacher-about-headteacher',
    when: (actor, report) => report.concernsStaff === 'headteacher' && actor.roles.includes('headteacher'),
    why: 'Policy 004 §11: a concern about the headteacher goes past them, even when they are also the DSL.',
  },
];

export const ALLOW_RULES: readonly AllowRule[] = [
  {
    id: 'safeguarding-team',
    roles: ['dsl', 'deputy-dsl'],
    actions: HANDLER_ACTIONS,
    when: (_actor, report) => report.routedTo === 'safeguarding',
    why: 'Policy 004 §4: disclosures go to the DSL; deputies act with the same authority.',
  },
  {
    id: 'headteacher-staff-concerns',
    roles: ['headteacher'],
    actions: HANDLER_ACTIONS,
    when: (_actor, report) => report.routedTo === 'headteacher',
    why: 'Policy 004 §11: concerns about a staff member are reported to the headteacher.',
  },
  {
    id: 'chair-headteacher-concerns',
    roles: ['chair-of-governors'],
    actions: HANDLER_ACTIONS,
    when: (_actor, report) => report.routedTo === 'chair',
    why: 'Policy 004 §11: concerns about the headteacher go to the chief executive / chair.',
  },
  {
    id: 'headteacher-escalated',
    roles: ['headteacher'],
    actions: HANDLER_ACTIONS,
    when: (_actor, report) => report.escalatedTo === 'headteacher',
    why: 'Issue 5 §8: an urgent report nobody has read goes to the headteacher, who must be able to open and act on it; the deny rules still keep a report about the head from them.',
  },
  {
    id: 'chair-escalated',
    roles: ['chair-of-governors'],
    actions: HANDLER_ACTIONS,
    when: (_actor, report) => report.escalatedTo === 'chair',
    why: 'Issue 5 §8: a report the headteacher has not read goes on to the chair / trust CEO, who must be able to act on it.',
  },
  {
    id: 'pupil-own-report',
    roles: ['pupil'],
    actions: PUPIL_ACTIONS,
    when: (actor, report) => report.reporterPersonId === actor.personId,
    why: 'A pupil sees their own report’s status and messages, and nobody else’s (DESIGN.md, Roles).',
  },
];

export function can(actor: Actor, action: ReportAction, report: ReportAccessFacts): boolean {
  if (DENY_RULES.some((rule) => rule.when(actor, report))) return false;
  return ALLOW_RULES.some(
    (rule) =>
      rule.actions.includes(action) &&
      rule.roles.some((role) => actor.roles.includes(role)) &&
      rule.when(actor, report),
  );
}

/** Every action the actor may take on the report, in REPORT_ACTIONS order (for a card's buttons). */
export function allowedActions(actor: Actor, report: ReportAccessFacts): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => can(actor, action, report));
}
