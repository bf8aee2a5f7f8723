import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { DEMO_TENANT_ID } from '../../src/store/seed/demo-school.js';

/**
 * Conversations the bot may post to, made in bulk (a trust's class channels and staff chats) with
 * the Connector at `serviceUrl`: the same reference shape that turn-info saves from a real turn.
 * Returns their ids, in order.
 */
export async function addConversations(
  db: Kysely<Database>,
  props: {
    serviceUrl: string;
    count: number;
    prefix: string;
    kind: 'channel' | 'personal';
    schoolId: string | null;
    tenantId?: string;
  },
): Promise<string[]> {
  const tenantId = props.tenantId ?? DEMO_TENANT_ID;
  const ids: string[] = [];
  for (let from = 0; from < props.count; from += 500) {
    const rows = Array.from({ length: Math.min(500, props.count - from) }, (_, i) => {
      const teamsId = `${props.kind === 'personal' ? 'a:' : '19:'}${props.prefix}-${from + i}`;
      return {
        school_id: props.schoolId,
        teams_conversation_id: teamsId,
        kind: props.kind,
        tenant_id: tenantId,
        team_id: null,
        channel_id: null,
        person_id: null,
        service_url: props.serviceUrl,
        reference: JSON.stringify({
          channelId: 'msteams',
          serviceUrl: props.serviceUrl,
          bot: { id: '28:online-safety-bot', name: 'Online Safety Bot' },
          conversation: { id: teamsId, conversationType: props.kind, tenantId },
        }),
      };
    });
    const inserted = await db.insertInto('conversations').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** One plain-text message to each conversation, queued in bulk; returns the outbox ids. */
export async function enqueueToEach(
  db: Kysely<Database>,
  props: {
    conversationIds: string[];
    keyPrefix: string;
    schoolId: string | null;
    priority?: number;
    /** Due from then (default: at once). */
    notBefore?: Date;
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < props.conversationIds.length; from += 500) {
    const rows = props.conversationIds.slice(from, from + 500).map((conversationId, i) => ({
      idempotency_key: `${props.keyPrefix}:${from + i}`,
      conversation_id: conversationId,
      person_id: null,
      school_id: props.schoolId,
      activity: JSON.stringify({ text: `message ${from + i}` }),
      priority: props.priority ?? 5,
      next_attempt_at: props.notBefore ?? new Date(0),
    }));
    const inserted = await db.insertInto('outbox').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}
