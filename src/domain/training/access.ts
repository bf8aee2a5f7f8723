import { hasRole, isStaff, type Role } from '../directory/roles.js';

/**
 * Who may do what with training, policies and the leadership view, as data. Deny by default: an
 * action is allowed only when a rule grants it. DESIGN.md, Roles: leadership and the headteacher
 * keep the training matrix and the policy register; the school admin configures the catalogue and
 * policies; every member of staff sees and records their own training and signs declarations;
 * pupils see none of it. Governors' training is arranged by the board (catalogue.ts), so the
 * chair is staff here but leads nothing.
 */
export const STAFF_RECORD_ACTIONS = [
  'view-own-training',
  'record-own-training',
  'sign-policy',
  'view-leadership',
  'record-training-for-others',
  'nudge-unsigned',
  'record-parent-meeting',
  'manage-catalogue',
  'review-policy',
] as const;
export type StaffRecordAction = (typeof STAFF_RECORD_ACTIONS)[number];

export type RecordsActor = { personId: string; roles: readonly Role[] };
/** What a policy decision depends on: its owner may review it even without a leadership role. */
export type PolicyFacts = { ownerId: string };

type Rule = {
  id: string;
  actions: readonly StaffRecordAction[];
  when: (actor: RecordsActor, policy: PolicyFacts | undefined) => boolean;
  why: string;
};

/** Leadership for this purpose: the online-safety lead is a leadership role (roles.ts parseRole). */
export const LEADERSHIP_VIEW_ROLES: readonly Role[] = ['headteacher', 'leadership', 'admin'];

export const RECORDS_RULES: readonly Rule[] = [
  {
    id: 'own-records',
    actions: ['view-own-training', 'record-own-training', 'sign-policy'],
    when: (actor) => isStaff(actor.roles),
    why: 'Every member of staff keeps their own training and signs the declaration (003 §8.1).',
  },
  {
    id: 'leadership',
    actions: ['view-leadership', 'record-training-for-others', 'nudge-unsigned', 'record-parent-meeting'],
    when: (actor) => hasRole(actor.roles, ...LEADERSHIP_VIEW_ROLES),
    why: 'DESIGN.md: leadership tracks training and policies; the admin records for others.',
  },
  {
    id: 'catalogue',
    actions: ['manage-catalogue'],
    when: (actor) => hasRole(actor.roles, 'admin', 'headteacher'),
    why: 'DESIGN.md: the school admin configures the training catalogue; the headteacher is accountable.',
  },
  {
    id: 'policy-owner-or-leadership',
    actions: ['review-policy'],
    when: (actor, policy) =>
      policy !== undefined &&
      (policy.ownerId === actor.personId || hasRole(actor.roles, 'headteacher', 'leadership')),
    why: '000 §10.1: the headteacher (the usual owner) reviews the policy; leadership may act for them.',
  },
];

export function canRecords(actor: RecordsActor, action: StaffRecordAction, policy?: PolicyFacts): boolean {
  if (actor.roles.includes('pupil')) return false;
  return RECORDS_RULES.some((r) => r.actions.includes(action) && r.when(actor, policy));
}
