import type { Person } from '../../domain/directory/person.js';
import { primaryRole, type Role } from '../../domain/directory/roles.js';
import type { CardRenderer } from '../cards.js';

/** Which block of the welcome card a person sees. */
export type WelcomeAudience =
  | 'pupil'
  | 'teacher'
  | 'safeguarding'
  | 'leadership'
  | 'governor'
  | 'admin'
  | 'unknown';

const AUDIENCE_FOR_ROLE: Record<Role, WelcomeAudience> = {
  pupil: 'pupil',
  teacher: 'teacher',
  dsl: 'safeguarding',
  'deputy-dsl': 'safeguarding',
  headteacher: 'leadership',
  leadership: 'leadership',
  'chair-of-governors': 'governor',
  admin: 'admin',
};

export type WelcomeCardData = {
  name: string;
  schoolName: string;
  roleLabel: string;
  audience: WelcomeAudience;
  /** Personal chat: a shared channel or group chat is not told a pupil's classes or private-chat things. */
  private: boolean;
  classes: { name: string; detail: string }[];
};

export function welcomeCardData(
  cards: CardRenderer,
  person: Person | undefined,
  fallbackName: string,
  isPrivate: boolean,
): WelcomeCardData {
  if (!person) {
    return {
      name: fallbackName,
      schoolName: '',
      roleLabel: cards.text('role.unknown'),
      audience: 'unknown',
      private: isPrivate,
      classes: [],
    };
  }
  const role = primaryRole(person.roles);
  return {
    name: person.givenName ?? person.displayName,
    schoolName: person.schoolName,
    roleLabel: person.roles.map((r) => cards.text(`role.${r}`)).join(', ') || cards.text('role.unknown'),
    audience: role ? AUDIENCE_FOR_ROLE[role] : 'unknown',
    private: isPrivate,
    classes: person.classes.map((c) => ({ name: c.name, detail: cards.text(`membership.${c.membership}`) })),
  };
}
