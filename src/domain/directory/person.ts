import type { AgeBand } from '../curriculum/lesson.js';
import type { Role } from './roles.js';
import type { YearGroup } from './year-groups.js';

export type ClassSummary = {
  id: string;
  name: string;
  yearGroup: YearGroup;
  ageBand: AgeBand;
  membership: 'pupil' | 'teacher';
};

/** A person as the bot knows them in one school. */
export type Person = {
  id: string;
  schoolId: string;
  schoolName: string;
  displayName: string;
  givenName: string | undefined;
  roles: Role[];
  classes: ClassSummary[];
};
