import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** What a queued message says: a card template and its data, or plain text, rendered at send time. */
export type OutboxMessage = { card: string; data: Record<string, unknown> } | { text: string };

/**
 * Where a message goes: a conversation we know (a class channel, a chat), or a person, whose
 * personal chat is looked up when the message is sent.
 */
export type OutboxRecipient =
  | { conversationId: string; personId?: undefined }
  | { personId: string; conversationId?: undefined };

export type OutboxItem = {
  id: string;
  schoolId: string | null;
  conversationId: string | null;
  personId: string | null;
  message: OutboxMessage;
  attempts: number;
};

/** Priorities: lower goes first. Safeguarding notifications jump the queue. */
export const OUTBOX_PRIORITY = { safeguarding: 0, reply: 3, normal: 5, bulk: 8 } as const;

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Queues a message once: the idempotency key makes a repeated enqueue (a retried turn, a job run
   * twice) a no-op. Returns whether this call queued it. Pass a transaction to commit the message
   * with the change that caused it.
   */
  async enqueue(
    props: OutboxRecipient & {
      idempotencyKey: string;
      schoolId: string | null;
      message: OutboxMessage;
      priority?: number;
      notBefore?: Date;
    },
    db: Kysely<Database> = this.db,
  ): Promise<boolean> {
    if (!props.conversationId && !props.personId) throw new Error('An outbox message needs a recipient');
    const result = await db
      .insertInto('outbox')
      .values({
        idempotency_key: props.idempotencyKey,
        conversation_id: props.conversationId ?? null,
        person_id: props.personId ?? null,
        school_id: props.schoolId,
        activity: JSON.stringify(props.message),
        priority: props.priority ?? OUTBOX_PRIORITY.normal,
        next_attempt_at: props.notBefore ?? new Date(0),
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Claims up to `limit` due messages for `claimMs`. SKIP LOCKED lets several senders (several bot
   * instances on one server) share the queue without taking the same row; a claim that runs out
   * (its sender died) makes the row due again.
   */
  async claimDue(now: Date, limit: number, claimMs: number): Promise<OutboxItem[]> {
    const until = new Date(now.getTime() + claimMs);
    const rows = await this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('outbox')
          .select('id')
          .where('next_attempt_at', '<=', now)
          .where((w) =>
            w.or([
              w('status', '=', 'pending'),
              w.and([w('status', '=', 'sending'), w('claimed_until', '<', now)]),
            ]),
          )
          .orderBy('priority')
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'school_id', 'conversation_id', 'person_id', 'activity', 'attempts', 'priority'])
      .execute();
    // UPDATE ... RETURNING does not keep the subquery's order: restore priority order here.
    rows.sort((x, y) => x.priority - y.priority || Number(x.id) - Number(y.id));
    return rows.map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      conversationId: r.conversation_id,
      personId: r.person_id,
      message: r.activity as unknown as OutboxMessage,
      attempts: r.attempts,
    }));
  }

  /**
   * Someone has just talked to the bot in their personal chat: what waits for them (it could not be
   * sent without that chat) is due now rather than at its next back-off.
   */
  async wakeFor(personId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ next_attempt_at: now })
      .where('person_id', '=', personId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '>', now)
      .execute();
  }

  async markSent(id: string, activityId: string | undefined, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_activity_id: activityId ?? null, sent_at: at, claimed_until: null })
      .where('id', '=', id)
      .execute();
  }

  async scheduleRetry(id: string, at: Date, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: at, claimed_until: null, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  async markDead(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'dead', claimed_until: null, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  async counts(): Promise<Record<'pending' | 'sending' | 'sent' | 'dead', number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', sql<string>`count(*)`.as('n')])
      .groupBy('status')
      .execute();
    const out = { pending: 0, sending: 0, sent: 0, dead: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }
}
