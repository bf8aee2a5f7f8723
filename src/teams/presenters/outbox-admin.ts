import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SCHOOL_TIME_ZONE } from '../../domain/calendar/school-time.js';
import type { DeadLetter } from '../../store/outbox-repository.js';
import { OUTBOX_PRIORITY } from '../../store/outbox-repository.js';
import type { CardRenderer } from '../cards.js';

export const OUTBOX_RETRY = 'outbox.retry';

export type FailedMessagesCardData = {
  title: string;
  message: string;
  intro: string;
  items: { safeguarding: string; line: string }[];
  showRetry: boolean;
  retryTitle: string;
  /** The listed ids, comma-separated, for the retry button. */
  ids: string;
};

/** The dead letters as an admin sees them: ids, when, where to, and the Connector's reason in words. */
export function failedMessagesCardData(
  cards: CardRenderer,
  deadLetters: readonly DeadLetter[],
  message = '',
): FailedMessagesCardData {
  return {
    title: cards.text('outbox.failed.title'),
    message,
    intro: cards.text(deadLetters.length ? 'outbox.failed.intro' : 'outbox.failed.empty'),
    items: deadLetters.map((d) => ({
      safeguarding:
        d.priority === OUTBOX_PRIORITY.safeguarding ? cards.text('outbox.failed.safeguarding') : '',
      line: cards.text('outbox.failed.line', {
        id: d.id,
        when: format(new TZDate(d.createdAt, SCHOOL_TIME_ZONE), 'd MMM, HH:mm'),
        to: cards.text(d.personId ? 'outbox.failed.toPerson' : 'outbox.failed.toConversation'),
        reason: reasonText(cards, d.lastError ?? 'unknown'),
      }),
    })),
    showRetry: deadLetters.length > 0,
    retryTitle: cards.text('outbox.failed.retry'),
    ids: deadLetters.map((d) => d.id).join(','),
  };
}

function reasonText(cards: CardRenderer, code: string): string {
  const key = `outbox.reason.${code}`;
  return cards.hasText(key) ? cards.text(key) : cards.text('outbox.reason.other', { code });
}
