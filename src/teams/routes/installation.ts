import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { BotDeps } from '../deps.js';
import { turnInfoOf } from '../turn-info.js';
import { sendWelcome } from './welcome.js';

/**
 * The bot joins a team, a group chat or a personal chat. The conversation is already stored by
 * the turn's first step; here it is greeted once (on the bot's own membersAdded, which Teams
 * sends once per install) and forgotten on removal.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!botAdded) return;
    await greetInstall(context, deps);
  });

  app.activity('installationUpdate', async (context) => {
    const action = (context.activity as { action?: string }).action ?? '';
    if (action.startsWith('remove'))
      await deps.conversations.markUninstalled(context.activity.conversation.id);
  });
}

async function greetInstall(context: TurnContext, deps: BotDeps): Promise<void> {
  const info = turnInfoOf(context);
  if (info.scope === 'channel') {
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const linked = teamId ? await deps.directory.classForTeam(teamId) : undefined;
    const teamName = (context.activity.channelData as { team?: { name?: string } } | undefined)?.team?.name;
    await context.sendActivity({
      attachments: [
        deps.cards.attachment('class-welcome', {
          className: linked?.name ?? teamName ?? 'everyone',
          known: !!linked,
        }),
      ],
    });
    return;
  }
  await sendWelcome(context, deps);
}
