import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { BotDeps } from '../deps.js';
import { helpCardData } from '../presenters/help.js';
import { welcomeCardData } from '../presenters/welcome.js';
import { turnInfoOf } from '../turn-info.js';

export const HELP_SHOW = 'help.show';
export const WELCOME_SHOW = 'welcome.show';

const GREETING = /^\s*(hi|hello|hey|hiya|start|menu|good (morning|afternoon))\b[\s!.]*$/i;
const HELP = /^\s*(help|\?|what can you do\??|commands)\s*$/i;

export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.message(GREETING, async (context) => {
    await sendWelcome(context, deps);
  });

  app.message(HELP, async (context) => {
    const { person } = turnInfoOf(context);
    await context.sendActivity({
      attachments: [deps.cards.attachment('help', helpCardData(deps.cards, person))],
    });
  });

  app.adaptiveCards.actionExecute(HELP_SHOW, async (context) => {
    const { person } = turnInfoOf(context);
    return deps.cards.render('help', helpCardData(deps.cards, person)) as never;
  });

  app.adaptiveCards.actionExecute(WELCOME_SHOW, async (context) => {
    return deps.cards.render('welcome', welcomeData(context, deps)) as never;
  });
}

export async function sendWelcome(context: TurnContext, deps: BotDeps): Promise<void> {
  await context.sendActivity({ attachments: [deps.cards.attachment('welcome', welcomeData(context, deps))] });
}

export function welcomeData(context: TurnContext, deps: BotDeps) {
  const { person, scope } = turnInfoOf(context);
  return welcomeCardData(deps.cards, person, context.activity.from?.name ?? '', scope === 'personal');
}
