import type { Application, TurnState } from '@microsoft/teams-ai';
import { soundsWorried } from '../../domain/reports/worry-signal.js';
import type { BotDeps } from '../deps.js';
import { helpCardData } from '../presenters/help.js';
import { turnInfoOf } from '../turn-info.js';
import { answerWorry, botIdOf } from './report.js';

/**
 * Registered last: any message no feature claimed. Nobody is left without an answer, and words
 * that sound like worry are never ignored: in the personal chat they open a private report (with
 * where to find help on the same card); in a channel or a group chat, an offer to talk in private,
 * without a word of what was typed.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.activity('message', async (context) => {
    const info = turnInfoOf(context);
    const text = context.activity.text ?? '';
    if (soundsWorried(text)) {
      await answerWorry(context, deps, botIdOf(app, context));
      return;
    }
    await context.sendActivity({
      text: deps.cards.text('notUnderstood'),
      attachments: [deps.cards.attachment('help', helpCardData(deps.cards, info.person))],
    });
  });
}
