import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/domain/directory/roles.js';
import {
  canRecords,
  STAFF_RECORD_ACTIONS,
  type StaffRecordAction,
} from '../../../src/domain/training/access.js';

/** Every role against every action, deny by default (STYLE.md habit 5). */
const EXPECTED: Record<Role, readonly StaffRecordAction[]> = {
  pupil: [],
  teacher: ['view-own-training', 'record-own-training', 'sign-policy'],
  dsl: ['view-own-training', 'record-own-training', 'sign-policy'],
  'deputy-dsl': ['view-own-training', 'record-own-training', 'sign-policy'],
  'chair-of-governors': ['view-own-training', 'record-own-training', 'sign-policy'],
  headteacher: [
    'view-own-training',
    'record-own-training',
    'sign-policy',
    'view-leadership',
    'record-training-for-others',
    'nudge-unsigned',
    'record-parent-meeting',
    'manage-catalogue',
    'review-policy',
  ],
  leadership: [
    'view-own-training',
    'record-own-training',
    'sign-policy',
    'view-leadership',
    'record-training-for-others',
    'nudge-unsigned',
    'record-parent-meeting',
    'review-policy',
  ],
  admin: [
    'view-own-training',
    'record-own-training',
    'sign-policy',
    'view-leadership',
    'record-training-for-others',
    'nudge-unsigned',
    'record-parent-meeting',
    'manage-catalogue',
  ],
};

describe('who may do what with training, policies and the leadership view', () => {
  const someoneElsesPolicy = { ownerId: 'someone-else' };
  for (const role of ROLES)
    it(`${role}: exactly ${EXPECTED[role].length} actions`, () => {
      const actor = { personId: 'me', roles: [role] };
      const allowed = STAFF_RECORD_ACTIONS.filter((a) => canRecords(actor, a, someoneElsesPolicy));
      expect(allowed).toEqual(STAFF_RECORD_ACTIONS.filter((a) => EXPECTED[role].includes(a)));
    });

  it("lets a policy's owner review it whatever their role, and nobody review without a policy", () => {
    expect(canRecords({ personId: 'me', roles: ['teacher'] }, 'review-policy', { ownerId: 'me' })).toBe(true);
    expect(canRecords({ personId: 'me', roles: ['headteacher'] }, 'review-policy')).toBe(false);
  });

  it('never lets a pupil do anything, even with a staff role recorded by mistake', () => {
    const actor = { personId: 'me', roles: ['pupil', 'headteacher'] as Role[] };
    expect(STAFF_RECORD_ACTIONS.filter((a) => canRecords(actor, a, { ownerId: 'me' }))).toEqual([]);
  });
});
