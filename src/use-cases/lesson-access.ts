import type { Person } from '../domain/directory/person.js';
import { hasRole } from '../domain/directory/roles.js';

/**
 * Who may plan, start and see results for a class's lessons. Deny by default: a class's own
 * teacher, or the school's PSHE lead (a teacher with the leadership role, who answers for every
 * class: issue 4). Never a pupil, and never across schools. Quiz results name no pupil to anyone
 * else, and reach a teacher only in their personal chat.
 */
export function isPsheLead(person: Person): boolean {
  return hasRole(person.roles, 'leadership') && hasRole(person.roles, 'teacher');
}

export function teachesClass(person: Person, classId: string): boolean {
  return person.classes.some((c) => c.id === classId && c.membership === 'teacher');
}

export function canManageClass(person: Person | undefined, cls: { id: string; schoolId: string }): boolean {
  if (!person || person.schoolId !== cls.schoolId) return false;
  if (!hasRole(person.roles, 'teacher')) return false;
  return teachesClass(person, cls.id) || isPsheLead(person);
}

export function isPupilOfClass(person: Person | undefined, cls: { id: string; schoolId: string }): boolean {
  if (!person || person.schoolId !== cls.schoolId) return false;
  return (
    hasRole(person.roles, 'pupil') && person.classes.some((c) => c.id === cls.id && c.membership === 'pupil')
  );
}
