import type { Application, TurnState } from '@microsoft/teams-ai';
import { soundsWorried } from '../../domain/reports/worry-signal.js';
import type { BotDeps } from '../deps.js';
import { helpCardData } from '../presenters/help.js';
import { turnInfoOf } from '../turn-info.js';

/**
 * Registered last: any message no feature claimed. Nobody is left without an answer, and words
 * that sound like worry always get where to find help. In a shared channel the bot never repeats
 * what was typed.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.activity('message', async (context) => {
    const info = turnInfoOf(context);
    const text = context.activity.text ?? '';
    if (soundsWorried(text)) {
      deps.log.info('turn.worry-signposted', { correlationId: info.correlationId, scope: info.scope });
      await context.sendActivity({
        attachments: [deps.cards.attachment('get-help', { inChannel: info.scope !== 'personal' })],
      });
      return;
    }
    await context.sendActivity({
      text: deps.cards.text('notUnderstood'),
      attachments: [deps.cards.attachment('help', helpCardData(deps.cards, info.person))],
    });
  });
}
