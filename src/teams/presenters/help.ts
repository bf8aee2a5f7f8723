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
