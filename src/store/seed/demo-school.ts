import type { Role } from '../../domain/directory/roles.js';
import type { YearGroup } from '../../domain/directory/year-groups.js';

/**
 * The demo school seeded on the first run of the embedded database, so that every role can be
 * tried in the local playground at once. The first six people are the playground's users.
 */
export const DEMO_TENANT_ID = '6f1c2b1e-0d5a-4c1e-9a57-0d3e5c0de000';

export type DemoPerson = {
  key: string;
  displayName: string;
  givenName: string;
  email: string;
  aadObjectId: string;
  roles: Role[];
  /** Class name and membership. */
  classes: { name: string; as: 'pupil' | 'teacher' }[];
};

export type DemoClass = { name: string; yearGroup: YearGroup; teamsTeamId?: string };

const aad = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_SCHOOL = {
  name: 'Oakfield Primary School',
  classes: [
    { name: 'Reception Robins', yearGroup: 0 },
    { name: 'Year 1 Wrens', yearGroup: 1 },
    { name: 'Year 2 Owls', yearGroup: 2 },
    { name: 'Year 3 Kestrels', yearGroup: 3 },
    { name: 'Year 4 Hazel', yearGroup: 4, teamsTeamId: '19:demo-year4-hazel@thread.tacv2' },
    { name: 'Year 5 Oak', yearGroup: 5 },
    { name: 'Year 6 Willow', yearGroup: 6 },
  ] satisfies DemoClass[],
};

const PUPIL_NAMES: Record<string, [string, string][]> = {
  'Reception Robins': [
    ['Ava', 'Patel'],
    ['Leo', 'Brown'],
    ['Isla', 'Nowak'],
    ['Yusuf', 'Ali'],
  ],
  'Year 1 Wrens': [
    ['Grace', 'Evans'],
    ['Oliver', 'Chen'],
    ['Zara', 'Hussain'],
    ['Theo', 'Murphy'],
  ],
  'Year 2 Owls': [
    ['Maya', 'Singh'],
    ['Harry', 'Jones'],
    ['Ella', 'Okoro'],
    ['Finn', 'Kelly'],
  ],
  'Year 3 Kestrels': [
    ['Amira', 'Rahman'],
    ['Jack', 'Wilson'],
    ['Lily', 'Kowalski'],
    ['Arlo', 'Davies'],
  ],
  'Year 4 Hazel': [
    ['Amelia', 'Khan'],
    ['Noah', 'Williams'],
    ['Freya', 'Taylor'],
    ['Kai', 'Mensah'],
  ],
  'Year 5 Oak': [
    ['Sofia', 'Rossi'],
    ['Ethan', 'Hughes'],
    ['Aisha', 'Begum'],
    ['Oscar', 'Price'],
  ],
  'Year 6 Willow': [
    ['Ruby', 'Walsh'],
    ['Musa', 'Ibrahim'],
    ['Poppy', 'Green'],
    ['Alfie', 'Roberts'],
  ],
};

const TEACHERS: Record<string, [string, string, string]> = {
  'Reception Robins': ['Miss', 'Laura', 'Bennett'],
  'Year 1 Wrens': ['Mr', 'Tom', 'Fraser'],
  'Year 2 Owls': ['Mrs', 'Joanne', 'Reid'],
  'Year 3 Kestrels': ['Mr', 'Samuel', 'Adeyemi'],
  'Year 4 Hazel': ['Ms', 'Sophie', 'Green'],
  'Year 5 Oak': ['Mrs', 'Rachel', 'Moore'],
  'Year 6 Willow': ['Mr', 'Ben', 'Clarke'],
};

const email = (given: string, family: string) => `${given}.${family}@oakfield.example.org`.toLowerCase();

function buildPeople(): DemoPerson[] {
  const people: DemoPerson[] = [];
  let n = 1;
  const add = (
    key: string,
    title: string,
    given: string,
    family: string,
    roles: Role[],
    classes: DemoPerson['classes'],
  ) =>
    people.push({
      key,
      displayName: title ? `${title} ${given} ${family}` : `${given} ${family}`,
      givenName: given,
      email: email(given, family),
      aadObjectId: aad(n++),
      roles,
      classes,
    });
  // The playground's six users first.
  add('pupil', '', 'Amelia', 'Khan', ['pupil'], [{ name: 'Year 4 Hazel', as: 'pupil' }]);
  add('pupil2', '', 'Noah', 'Williams', ['pupil'], [{ name: 'Year 4 Hazel', as: 'pupil' }]);
  add('teacher', 'Ms', 'Sophie', 'Green', ['teacher'], [{ name: 'Year 4 Hazel', as: 'teacher' }]);
  add('dsl', 'Mr', 'Daniel', 'Okafor', ['dsl', 'leadership'], []);
  add('deputy', 'Mrs', 'Priya', 'Shah', ['deputy-dsl', 'teacher'], []);
  add('head', 'Mrs', 'Helen', 'Carter', ['headteacher', 'leadership'], []);
  add('chair', 'Mr', 'Robert', 'Hughes', ['chair-of-governors'], []);
  add('admin', 'Ms', 'Karen', 'Lee', ['admin'], []);
  for (const c of DEMO_SCHOOL.classes) {
    const [title, given, family] = TEACHERS[c.name]!;
    if (c.name !== 'Year 4 Hazel') {
      // The Year 5 teacher leads PSHE across the school.
      const roles: Role[] = c.name === 'Year 5 Oak' ? ['teacher', 'leadership'] : ['teacher'];
      add(`teacher-${c.yearGroup}`, title, given, family, roles, [{ name: c.name, as: 'teacher' }]);
    }
    for (const [pg, pf] of PUPIL_NAMES[c.name]!) {
      if (people.some((p) => p.givenName === pg && p.displayName.endsWith(pf))) continue;
      add(`pupil-${pg.toLowerCase()}`, '', pg, pf, ['pupil'], [{ name: c.name, as: 'pupil' }]);
    }
  }
  return people;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = buildPeople();

/** Who the playground shows, by the name `npm run dev -- --as <key>` takes. */
export const PLAYGROUND_KEYS = ['pupil', 'pupil2', 'teacher', 'dsl', 'deputy', 'head'] as const;
export type PlaygroundKey = (typeof PLAYGROUND_KEYS)[number];
export const PLAYGROUND_TEAM = {
  id: '19:demo-year4-hazel@thread.tacv2',
  name: 'Year 4 Hazel',
  aadGroupId: aad(9000),
};

export function demoPerson(key: string): DemoPerson {
  const p = DEMO_PEOPLE.find((x) => x.key === key);
  if (!p) throw new Error(`No demo person "${key}"`);
  return p;
}
