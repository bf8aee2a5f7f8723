import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Person } from '../../domain/directory/person.js';
import { isStaff } from '../../domain/directory/roles.js';
import { canManageFailedMessages } from '../../domain/outbox/access.js';
import type { BotDeps } from '../deps.js';
import { failedMessagesCardData, OUTBOX_RETRY } from '../presenters/outbox-admin.js';
import { turnInfoOf } from '../turn-info.js';

const FAILED = /^\s*(failed|unsent|undelivered)\s+messages\s*[.!?]?\s*$/i;

/** The retry button carries the listed ids; anything else is refused kindly. */
const RetrySchema = z
  .object({ ids: z.string().regex(/^\d{1,18}(,\d{1,18}){0,49}$/) })
  .transform((d) => d.ids.split(','));

/**
 * Issue 7: the messages Teams refused for good (the outbox's dead letters), listed for the
 * school's admins, who can send them all again once the cause is fixed. Staff say "failed
 * messages"; pupils' words are left to the catch-all, as if these did not exist.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (context) =>
      context.activity.type === 'message' &&
      FAILED.test(context.activity.text ?? '') &&
      isStaff(turnInfoOf(context).person?.roles ?? []),
    async (context) => {
      const person = adminOnly(context, deps);
      if (typeof person === 'string') return void (await context.sendActivity(person));
      await context.sendActivity({
        attachments: [deps.cards.attachment('outbox-failed', await cardData(deps, person))],
      });
    },
  );

  app.adaptiveCards.actionExecute(OUTBOX_RETRY, async (context, _state, data) => {
    const person = adminOnly(context, deps);
    if (typeof person === 'string') return person;
    const ids = RetrySchema.safeParse(data);
    if (!ids.success) return deps.cards.text('error.badInput');
    // Only this school's: an id from another school is not found, so not retried.
    const count = await deps.outbox.retryDead(ids.data, deps.clock.now(), person.schoolId);
    deps.log.info('outbox.dead-retried', { personId: person.id, count });
    const message = deps.cards.text('outbox.failed.retried', { count: String(count) });
    return deps.cards.render('outbox-failed', await cardData(deps, person, message)) as never;
  });
}

function adminOnly(context: TurnContext, deps: BotDeps): Person | string {
  const { person, scope } = turnInfoOf(context);
  if (!person || !canManageFailedMessages(person.roles)) return deps.cards.text('outbox.notAllowed');
  if (scope !== 'personal') return deps.cards.text('outbox.personalOnly');
  return person;
}

async function cardData(deps: BotDeps, person: Person, message = '') {
  return failedMessagesCardData(deps.cards, await deps.outbox.deadLetters(person.schoolId, 20), message);
}
