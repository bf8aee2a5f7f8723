import type { Person } from '../../domain/directory/person.js';
import { isStaff, type Role } from '../../domain/directory/roles.js';
import type { CardRenderer } from '../cards.js';

export type HelpCardData = {
  title: string;
  intro: string;
  commands: { say: string; does: string }[];
  showGetHelp: boolean;
};

/** The words the bot answers to; each feature adds its own as it lands. */
const COMMANDS: { say: string; key: string; staffOnly?: boolean; roles?: readonly Role[] }[] = [
  { say: 'hello', key: 'help.command.hello' },
  { say: 'help', key: 'help.command.help' },
  // Issue 5: anyone may report; pupils follow their own reports (staff hand theirs over).
  { say: 'tell someone', key: 'help.command.tell-someone' },
  { say: 'my reports', key: 'help.command.my-reports', roles: ['pupil'] },
  // Only those who can ever handle a report (domain/access.ts) are told of the case list.
  {
    say: 'cases',
    key: 'help.command.cases',
    staffOnly: true,
    roles: ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors'],
  },
  // Issue 6: staff keep their own training; leadership sees the school's.
  { say: 'my training', key: 'help.command.my-training', staffOnly: true },
  { say: 'done', key: 'help.command.training-done', staffOnly: true },
  {
    say: 'training',
    key: 'help.command.training',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  {
    say: 'policies',
    key: 'help.command.policies',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  {
    say: 'dashboard',
    key: 'help.command.dashboard',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  {
    say: 'overview',
    key: 'help.command.overview',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  {
    say: 'parents meeting',
    key: 'help.command.parents',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  { say: 'courses', key: 'help.command.courses', staffOnly: true, roles: ['headteacher', 'admin'] },
  // Issue 7: the school's admins see what Teams refused for good, and send it again.
  { say: 'failed messages', key: 'help.command.failed-messages', staffOnly: true, roles: ['admin'] },
  // Issue 4: teachers plan and run their classes' lessons; results only ever in the personal chat.
  { say: 'plan', key: 'help.command.plan', staffOnly: true, roles: ['teacher'] },
  { say: 'lessons', key: 'help.command.lessons', staffOnly: true, roles: ['teacher'] },
  { say: 'start lesson', key: 'help.command.startLesson', staffOnly: true, roles: ['teacher'] },
  { say: 'mark delivered', key: 'help.command.markDelivered', staffOnly: true, roles: ['teacher'] },
  // Issue 6: the class's teachers take and correct a lesson's register.
  { say: 'register', key: 'help.command.register', staffOnly: true, roles: ['teacher'] },
  {
    say: 'training register',
    key: 'help.command.training-register',
    staffOnly: true,
    roles: ['headteacher', 'leadership', 'admin'],
  },
  { say: 'results', key: 'help.command.results', staffOnly: true, roles: ['teacher'] },
];

export function helpCardData(cards: CardRenderer, person: Person | undefined, title?: string): HelpCardData {
  const staff = person ? isStaff(person.roles) : false;
  return {
    title: title ?? cards.text('help.title'),
    intro: cards.text(staff ? 'help.intro.staff' : 'help.intro.pupil'),
    commands: COMMANDS.filter((c) => staff || !c.staffOnly)
      .filter((c) => !c.roles || c.roles.some((r) => person?.roles.includes(r)))
      .map((c) => ({
        say: c.say,
        does: cards.text(c.key),
      })),
    showGetHelp: !staff,
  };
}
