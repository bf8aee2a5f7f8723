import { z } from 'zod';

/** A person can hold several roles (DESIGN.md, "Roles"). */
export const ROLES = [
  'pupil',
  'teacher',
  'dsl',
  'deputy-dsl',
  'headteacher',
  'leadership',
  'chair-of-governors',
  'admin',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'pupil');

/** Who handles safeguarding reports (deputies have the same access as the DSL). */
export const SAFEGUARDING_ROLES: readonly Role[] = ['dsl', 'deputy-dsl'];

export const isStaff = (roles: readonly Role[]) => roles.some((r) => r !== 'pupil');
export const hasRole = (roles: readonly Role[], ...wanted: Role[]) => wanted.some((r) => roles.includes(r));

/**
 * The one role a person is greeted as. A pupil is never also staff; among staff, the role with
 * the most responsibility leads the welcome, and the card lists what the others add.
 */
export const ROLE_PRECEDENCE: readonly Role[] = [
  'dsl',
  'deputy-dsl',
  'headteacher',
  'chair-of-governors',
  'leadership',
  'teacher',
  'admin',
  'pupil',
];

export function primaryRole(roles: readonly Role[]): Role | undefined {
  return ROLE_PRECEDENCE.find((r) => roles.includes(r));
}

/** Accepts the words a school's roster CSV uses ("Deputy DSL", "Head teacher", "student"). */
export function parseRole(text: string): Role | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const aliases: Record<string, Role> = {
    pupil: 'pupil',
    student: 'pupil',
    learner: 'pupil',
    teacher: 'teacher',
    'class teacher': 'teacher',
    dsl: 'dsl',
    'designated safeguarding lead': 'dsl',
    'deputy dsl': 'deputy-dsl',
    'deputy designated safeguarding lead': 'deputy-dsl',
    ddsl: 'deputy-dsl',
    headteacher: 'headteacher',
    'head teacher': 'headteacher',
    head: 'headteacher',
    principal: 'headteacher',
    leadership: 'leadership',
    slt: 'leadership',
    'senior leadership': 'leadership',
    'online safety lead': 'leadership',
    'deputy head': 'leadership',
    'deputy headteacher': 'leadership',
    'assistant head': 'leadership',
    'assistant headteacher': 'leadership',
    'd s l': 'dsl',
    'pshe lead': 'leadership',
    'chair of governors': 'chair-of-governors',
    chair: 'chair-of-governors',
    'trust ceo': 'chair-of-governors',
    admin: 'admin',
    'school admin': 'admin',
    administrator: 'admin',
  };
  return aliases[key];
}
