import { describe, expect, it } from 'vitest';
import {
  hasRole,
  isStaff,
  parseRole,
  primaryRole,
  ROLE_PRECEDENCE,
  ROLES,
  type Role,
  RoleSchema,
  SAFEGUARDING_ROLES,
  STAFF_ROLES,
} from '../../../src/domain/directory/roles.js';

describe('parseRole', () => {
  it.each([
    ['Pupil', 'pupil'],
    ['student', 'pupil'],
    ['Learner', 'pupil'],
    ['Teacher', 'teacher'],
    ['Class Teacher', 'teacher'],
    ['DSL', 'dsl'],
    ['Designated Safeguarding Lead', 'dsl'],
    ['Deputy DSL', 'deputy-dsl'],
    ['Deputy Designated Safeguarding Lead', 'deputy-dsl'],
    ['DDSL', 'deputy-dsl'],
    ['Headteacher', 'headteacher'],
    ['Head teacher', 'headteacher'],
    ['Head', 'headteacher'],
    ['Principal', 'headteacher'],
    ['Leadership', 'leadership'],
    ['SLT', 'leadership'],
    ['Senior Leadership', 'leadership'],
    ['Online Safety Lead', 'leadership'],
    ['PSHE Lead', 'leadership'],
    ['Chair of Governors', 'chair-of-governors'],
    ['Chair', 'chair-of-governors'],
    ['Trust CEO', 'chair-of-governors'],
    ['Admin', 'admin'],
    ['School Admin', 'admin'],
    ['Administrator', 'admin'],
  ] as const)('reads "%s" as %s', (text, role) => {
    expect(parseRole(text)).toBe(role);
  });

  it.each([
    ['  Deputy DSL  ', 'deputy-dsl', 'surrounding spaces'],
    ['HEAD TEACHER', 'headteacher', 'capitals'],
    ['Head-teacher', 'headteacher', 'a hyphen'],
    ['Deputy  DSL', 'deputy-dsl', 'two spaces'],
    ['Chair-of-Governors', 'chair-of-governors', 'hyphens'],
    ['pshe_lead', 'leadership', 'an underscore'],
    ['Teacher.', 'teacher', 'a full stop'],
  ] as const)('reads "%s" as %s, whatever the %s', (text, role, _variation) => {
    expect(parseRole(text)).toBe(role);
  });

  it('reads every role by its own id, so an export from this app reads back', () => {
    for (const role of ROLES) expect(parseRole(role), role).toBe(role);
  });

  it.each(['', '   ', 'Caretaker', 'Parent', 'teachers and pupils', 'dsl deputy', '42'])(
    'knows no role called "%s"',
    (text) => {
      expect(parseRole(text)).toBeUndefined();
    },
  );

  it('returns only roles the schema accepts', () => {
    for (const text of ['student', 'Head teacher', 'Deputy DSL', 'Trust CEO']) {
      expect(RoleSchema.safeParse(parseRole(text)).success, text).toBe(true);
    }
  });
});

describe('primaryRole', () => {
  it('ranks every role exactly once', () => {
    expect([...ROLE_PRECEDENCE].sort()).toEqual([...ROLES].sort());
  });

  it('puts the most responsibility first: DSL, deputy, head, chair, leadership, teacher, admin, pupil', () => {
    expect(ROLE_PRECEDENCE).toEqual([
      'dsl',
      'deputy-dsl',
      'headteacher',
      'chair-of-governors',
      'leadership',
      'teacher',
      'admin',
      'pupil',
    ]);
  });

  it.each([
    [['teacher', 'dsl'], 'dsl', 'a teacher who is the DSL is greeted as the DSL'],
    [['headteacher', 'deputy-dsl'], 'deputy-dsl', 'a head who is a deputy DSL hears about reports'],
    [['leadership', 'chair-of-governors'], 'chair-of-governors', 'the chair outranks leadership'],
    [['admin', 'teacher'], 'teacher', 'a teacher who also does admin'],
    [['admin'], 'admin', 'admin alone'],
    [['pupil'], 'pupil', 'a pupil'],
  ] as const)('picks %j -> %s (%s)', (roles, expected, _why) => {
    expect(primaryRole(roles)).toBe(expected);
    expect(primaryRole([...roles].reverse())).toBe(expected);
  });

  it('picks the higher of any two roles, in either order', () => {
    ROLE_PRECEDENCE.forEach((higher, i) => {
      for (const lower of ROLE_PRECEDENCE.slice(i + 1)) {
        expect(primaryRole([lower, higher]), `${lower} + ${higher}`).toBe(higher);
        expect(primaryRole([higher, lower]), `${higher} + ${lower}`).toBe(higher);
      }
    });
  });

  it('is undefined for no roles', () => {
    expect(primaryRole([])).toBeUndefined();
  });
});

describe('role groups', () => {
  it('counts every role but pupil as staff', () => {
    expect(STAFF_ROLES).not.toContain('pupil');
    expect(STAFF_ROLES).toHaveLength(ROLES.length - 1);
    for (const role of ROLES) expect(isStaff([role]), role).toBe(role !== 'pupil');
    expect(isStaff([])).toBe(false);
  });

  it('gives safeguarding reports to the DSL and deputies only', () => {
    expect([...SAFEGUARDING_ROLES].sort()).toEqual(['deputy-dsl', 'dsl']);
  });

  it('hasRole is true when any wanted role is held', () => {
    const roles: Role[] = ['teacher', 'deputy-dsl'];
    expect(hasRole(roles, ...SAFEGUARDING_ROLES)).toBe(true);
    expect(hasRole(roles, 'teacher')).toBe(true);
    expect(hasRole(roles, 'dsl', 'headteacher')).toBe(false);
    expect(hasRole(roles)).toBe(false);
  });
});

describe('parseRole: senior leaders as MIS exports name them', () => {
  it.each(['Deputy Head', 'Assistant Headteacher', 'deputy headteacher'])(
    'reads "%s" as leadership',
    (text) => {
      expect(parseRole(text)).toBe('leadership');
    },
  );

  it('reads "D.S.L." as the DSL', () => {
    expect(parseRole('D.S.L.')).toBe('dsl');
  });
});
