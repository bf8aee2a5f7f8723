import { type Kysely, sql } from 'kysely';
import type { SavedConversation } from './conversation-repository.js';
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
  /** Lower goes first (OUTBOX_PRIORITY). */
  priority: number;
  /**
   * The Teams tenant it goes to (else its school, else ''): what Teams' 50 a second is counted by,
   * and what a sender holds a lease on.
   */
  tenantKey: string;
};

/** A message the Connector refused for good, as an admin sees it: ids and codes, never its words. */
export type DeadLetter = {
  id: string;
  schoolId: string | null;
  conversationId: string | null;
  personId: string | null;
  priority: number;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
};

/** Priorities: lower goes first. Safeguarding notifications jump the queue. */
export const OUTBOX_PRIORITY = { safeguarding: 0, reply: 3, normal: 5, bulk: 8 } as const;

/**
 * A message's tenant, in SQL (claimDue): its conversation's Teams tenant, or, for a message to a
 * person, that of their personal chat; else its school's tenant, else the school itself.
 */
const TENANT_KEY = sql`coalesce(c.tenant_id, pc.tenant_id, s.teams_tenant_id, o.school_id::text, '')`;

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
   * (its sender died) makes the row due again. A tenant whose lease another sender (`holder`)
   * holds is left to it (leaseTenants).
   */
  async claimDue(now: Date, limit: number, claimMs: number, holder = ''): Promise<OutboxItem[]> {
    const until = new Date(now.getTime() + claimMs);
    const { rows } = await sql<{
      id: string;
      school_id: string | null;
      conversation_id: string | null;
      person_id: string | null;
      activity: unknown;
      attempts: number;
      priority: number;
      tenant_key: string;
    }>`
      UPDATE outbox SET status = 'sending', claimed_until = ${until}, attempts = outbox.attempts + 1
      FROM (
        SELECT o.id, ${TENANT_KEY} AS tenant_key
        FROM outbox o
        LEFT JOIN conversations c ON c.id = o.conversation_id
        LEFT JOIN LATERAL (
          SELECT p.tenant_id FROM conversations p
          WHERE o.conversation_id IS NULL AND p.person_id = o.person_id
            AND p.kind = 'personal' AND p.installed
          ORDER BY p.updated_at DESC LIMIT 1
        ) pc ON true
        LEFT JOIN schools s ON s.id = o.school_id
        WHERE o.next_attempt_at <= ${now}
          AND (o.status = 'pending' OR (o.status = 'sending' AND o.claimed_until < ${now}))
          AND NOT EXISTS (
            SELECT 1 FROM outbox_tenant_leases l
            WHERE l.tenant_key = ${TENANT_KEY} AND l.holder <> ${holder} AND l.until > ${now}
          )
        ORDER BY o.priority, o.next_attempt_at, o.id
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      ) picked
      WHERE outbox.id = picked.id
      RETURNING outbox.id, outbox.school_id, outbox.conversation_id, outbox.person_id, outbox.activity,
        outbox.attempts, outbox.priority, picked.tenant_key`.execute(this.db);
    // UPDATE ... RETURNING does not keep the subquery's order: restore priority order here.
    const sorted = [...rows].sort((x, y) => x.priority - y.priority || Number(x.id) - Number(y.id));
    return sorted.map((r) => ({
      id: String(r.id),
      schoolId: r.school_id,
      conversationId: r.conversation_id,
      personId: r.person_id,
      message: r.activity as OutboxMessage,
      attempts: r.attempts,
      priority: r.priority,
      tenantKey: r.tenant_key,
    }));
  }

  /**
   * Takes, or keeps, the right to send these tenants' messages until `until`: a lease that is
   * `holder`'s already, or has run out, or nobody holds. Returns the tenants it now holds, each
   * with when another sender last held it (its lease's end), if another did; the tenants not
   * returned are another sender's, which sends their messages.
   */
  async leaseTenants(
    holder: string,
    tenantKeys: readonly string[],
    now: Date,
    until: Date,
  ): Promise<Map<string, { otherHolderUntil: Date | undefined }>> {
    const keys = [...new Set(tenantKeys)];
    if (keys.length === 0) return new Map();
    const before = await this.db
      .selectFrom('outbox_tenant_leases')
      .select(['tenant_key', 'holder', 'until'])
      .where('tenant_key', 'in', keys)
      .execute();
    const values = sql.join(keys.map((k) => sql`(${k}, ${holder}, ${until.toISOString()}::timestamptz)`));
    const { rows } = await sql<{ tenant_key: string }>`
      INSERT INTO outbox_tenant_leases (tenant_key, holder, until) VALUES ${values}
      ON CONFLICT (tenant_key) DO UPDATE SET holder = excluded.holder, until = excluded.until
      WHERE outbox_tenant_leases.holder = excluded.holder OR outbox_tenant_leases.until <= ${now}
      RETURNING tenant_key`.execute(this.db);
    const previous = new Map(before.map((r) => [r.tenant_key, r]));
    return new Map(
      rows.map((r) => {
        const prior = previous.get(r.tenant_key);
        return [
          r.tenant_key,
          { otherHolderUntil: prior && prior.holder !== holder ? prior.until : undefined },
        ];
      }),
    );
  }

  /**
   * A sender stopping gives its tenants up (its leases end now), so that another instance sends
   * for them at once; the end stays written, for the next holder to let Teams' window pass.
   */
  async releaseTenants(holder: string, now: Date): Promise<void> {
    await this.db
      .updateTable('outbox_tenant_leases')
      .set({ until: now })
      .where('holder', '=', holder)
      .where('until', '>', now)
      .execute();
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

  /**
   * Gives a claimed message back without counting the claim as an attempt: the sender held it but
   * did not send it (Teams' rate limits say not yet). Due again at `at`.
   */
  async releaseClaim(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({
        status: 'pending',
        next_attempt_at: at,
        claimed_until: null,
        attempts: sql<number>`greatest(${eb.ref('attempts')} - 1, 0)`,
      }))
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  /** releaseClaim for many at once, each with its own time: one statement for a whole backlog. */
  async releaseClaims(releases: readonly { id: string; at: Date }[]): Promise<void> {
    for (let from = 0; from < releases.length; from += 500) {
      const chunk = releases.slice(from, from + 500);
      const values = sql.join(chunk.map((r) => sql`(${r.id}::bigint, ${r.at.toISOString()}::timestamptz)`));
      await sql`
        UPDATE outbox SET status = 'pending', next_attempt_at = v.at, claimed_until = NULL,
          attempts = greatest(outbox.attempts - 1, 0)
        FROM (VALUES ${values}) AS v(id, at)
        WHERE outbox.id = v.id AND outbox.status = 'sending'`.execute(this.db);
    }
  }

  /** markSent for many at once (a sender commits the answers that came back together in one statement). */
  async markSentMany(
    sent: readonly { id: string; activityId: string | undefined; at: Date }[],
  ): Promise<void> {
    for (let from = 0; from < sent.length; from += 500) {
      const values = sql.join(
        sent
          .slice(from, from + 500)
          .map(
            (r) => sql`(${r.id}::bigint, ${r.activityId ?? null}::text, ${r.at.toISOString()}::timestamptz)`,
          ),
      );
      await sql`
        UPDATE outbox SET status = 'sent', sent_activity_id = v.activity_id, sent_at = v.at, claimed_until = NULL
        FROM (VALUES ${values}) AS v(id, activity_id, at)
        WHERE outbox.id = v.id`.execute(this.db);
    }
  }

  /**
   * The conversations a claimed batch goes to, in one query (the sender looks them up for every
   * message; one at a time they cost more than the send).
   */
  async conversationsByIds(ids: readonly string[]): Promise<Map<string, SavedConversation>> {
    const found = new Map<string, SavedConversation>();
    if (ids.length === 0) return found;
    const rows = await this.db
      .selectFrom('conversations')
      .select(['id', 'school_id', 'teams_conversation_id', 'kind', 'person_id', 'team_id', 'reference'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    for (const r of rows)
      found.set(r.id, {
        id: r.id,
        schoolId: r.school_id,
        teamsConversationId: r.teams_conversation_id,
        kind: r.kind,
        personId: r.person_id,
        teamId: r.team_id,
        reference: r.reference,
      });
    return found;
  }

  /**
   * Dead letters (a 4xx the Connector will not change its mind on), newest first, for an admin to
   * look at: one school's, or (null) every school's for an operator.
   */
  async deadLetters(schoolId: string | null, limit = 50): Promise<DeadLetter[]> {
    let query = this.db
      .selectFrom('outbox')
      .select([
        'id',
        'school_id',
        'conversation_id',
        'person_id',
        'priority',
        'attempts',
        'last_error',
        'created_at',
      ])
      .where('status', '=', 'dead');
    if (schoolId) query = query.where('school_id', '=', schoolId);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      conversationId: r.conversation_id,
      personId: r.person_id,
      priority: r.priority,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
    }));
  }

  /**
   * Puts dead letters back in the queue with a fresh count of attempts (an admin fixed the cause:
   * the bot was re-added to the team, a permission granted). Only within `schoolId`; null means
   * every school, for an operator's script, never for a person in Teams. Returns how many.
   */
  async retryDead(ids: readonly string[], now: Date, schoolId: string | null = null): Promise<number> {
    if (ids.length === 0) return 0;
    let query = this.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_until: null })
      .where('status', '=', 'dead')
      .where('id', 'in', [...ids]);
    if (schoolId) query = query.where('school_id', '=', schoolId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
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
