import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, ConversationReference } from 'botbuilder';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { OutboxItem, OutboxMessage, OutboxRepository } from '../store/outbox-repository.js';
import type { CardRenderer } from './cards.js';
import { OUTBOX_PRESENTERS } from './outbox-presenters.js';

export type OutboxSenderOptions = {
  adapter: TeamsAdapter;
  botAppId: string;
  outbox: OutboxRepository;
  conversations: ConversationRepository;
  cards: CardRenderer;
  clock: Clock;
  log: Logger;
  pollMs: number;
  batchSize?: number;
  /** A claimed message not finished by then is due again (its sender is taken to have died). */
  claimMs?: number;
  maxAttempts?: number;
};

/** A message for someone with no personal chat yet is tried again at least this often. */
const NO_CHAT_RETRY_MAX_MS = 5 * 60_000;

/** HTTP statuses worth another try (Bot Connector guidance); any other 4xx will not improve. */
const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * Drains the outbox: every proactive message (lesson posts, reminders, safeguarding
 * notifications) is sent from here, so a restart loses none. The attempt is recorded (claimed)
 * before the send and the Connector's activity id after it.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly o: OutboxSenderOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends everything due now; returns how many were sent. Also used by tests and jobs. */
  async drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.o.outbox.claimDue(
        this.o.clock.now(),
        this.o.batchSize ?? 20,
        this.o.claimMs ?? 60_000,
      );
      if (batch.length === 0) return sent;
      for (const item of batch) {
        if (await this.sendOne(item)) sent += 1;
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .catch((error: unknown) => {
          this.o.log.error('outbox.drain-failed', {
            errorType: error instanceof Error ? error.name : typeof error,
          });
        })
        .then(() => {
          this.running = undefined;
          this.schedule(this.o.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async sendOne(item: OutboxItem): Promise<boolean> {
    const conversation = item.conversationId
      ? await this.o.conversations.byId(item.conversationId)
      : item.personId
        ? await this.o.conversations.personalChatOf(item.personId)
        : undefined;
    if (!conversation && item.personId) {
      // They have not opened their chat with the bot yet. The message waits (it is never dropped:
      // a safeguarding notification must reach someone) and is woken when they first talk to us.
      const wait = Math.min(NO_CHAT_RETRY_MAX_MS, backoffMs(item.attempts, undefined));
      await this.o.outbox.scheduleRetry(
        item.id,
        new Date(this.o.clock.now().getTime() + wait),
        'no-personal-chat',
      );
      this.o.log.info('outbox.waiting-for-chat', { outboxId: item.id, attempts: item.attempts });
      return false;
    }
    if (!conversation) {
      await this.o.outbox.markDead(item.id, 'conversation-missing');
      return false;
    }
    try {
      let activityId: string | undefined;
      const reference = conversation.reference as unknown as ConversationReference;
      await this.o.adapter.continueConversationAsync(this.o.botAppId, reference, async (context) => {
        const response = await context.sendActivity(this.toActivity(item.message));
        activityId = response?.id;
      });
      await this.o.outbox.markSent(item.id, activityId, this.o.clock.now());
      this.o.log.debug('outbox.sent', { outboxId: item.id, attempts: item.attempts });
      return true;
    } catch (error: unknown) {
      const status = statusOf(error);
      const maxAttempts = this.o.maxAttempts ?? 10;
      const retryable = status === undefined || RETRYABLE.has(status);
      const reason = status ? `http-${status}` : 'network';
      if (!retryable || item.attempts >= maxAttempts) {
        await this.o.outbox.markDead(item.id, reason);
        this.o.log.warn('outbox.dead', { outboxId: item.id, reason, attempts: item.attempts });
      } else {
        const wait = backoffMs(item.attempts, retryAfterMs(error));
        await this.o.outbox.scheduleRetry(item.id, new Date(this.o.clock.now().getTime() + wait), reason);
        this.o.log.info('outbox.retry', { outboxId: item.id, reason, attempts: item.attempts, waitMs: wait });
      }
      return false;
    }
  }

  private toActivity(message: OutboxMessage): Partial<Activity> {
    if ('text' in message) return { type: 'message', text: message.text };
    const present = OUTBOX_PRESENTERS[message.card];
    const data = present ? present(message.data, this.o.cards) : message.data;
    return { type: 'message', attachments: [this.o.cards.attachment(message.card, data)] };
  }
}

/** Exponential back-off with full jitter, or the server's Retry-After when it gave one. */
export function backoffMs(attempts: number, retryAfter: number | undefined): number {
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response
    ?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
