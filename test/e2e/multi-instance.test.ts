import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { ConversationRepository } from '../../src/store/conversation-repository.js';
import { migrateToLatest, openStore, type Store } from '../../src/store/database.js';
import { JobRepository } from '../../src/store/job-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { CardRenderer } from '../../src/teams/cards.js';
import { ConnectorClient } from '../../src/teams/connector-client.js';
import { OutboxSender } from '../../src/teams/outbox-sender.js';
import { JobRunner } from '../../src/use-cases/job-runner.js';
import { ConnectorEmulator } from '../support/connector-emulator.js';
import { addConversations, enqueueToEach } from '../support/fanout.js';
import { createServerDatabase } from '../support/stores.js';

/**
 * Two bot instances on one PostgreSQL server share the outbox and the scheduled jobs through
 * `SELECT ... FOR UPDATE SKIP LOCKED` claims with a lease (outbox-repository.ts, job-repository.ts):
 * each message goes once and each job fires once. PGlite is one process's database, so this needs
 * the server: it runs when TEST_DATABASE_URL is set (CI starts one) and is skipped otherwise.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two instances on one PostgreSQL server (needs TEST_DATABASE_URL)',
  () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** One database, and a store (its own connection pool, as a separate process has) per instance. */
    async function twoStores(): Promise<[Store, Store]> {
      const database = await createServerDatabase();
      cleanups.push(() => database.drop());
      const first = await openStore({ kind: 'server', url: database.url });
      cleanups.push(() => first.close());
      await migrateToLatest(first.db);
      const second = await openStore({ kind: 'server', url: database.url });
      cleanups.push(() => second.close());
      return [first, second];
    }

    /** A sender as each instance has its own, with small claims so that the two really take turns. */
    const instance = (store: Store) =>
      new OutboxSender({
        connector: new ConnectorClient(undefined),
        outbox: new OutboxRepository(store.db),
        conversations: new ConversationRepository(store.db),
        cards: new CardRenderer(),
        clock: systemClock,
        log: silentLogger,
        pollMs: 50,
        claimBatch: 20,
      });

    it("send every outbox message exactly once between them, one instance per tenant, within each tenant's limits and in order", async () => {
      const [a, b] = await twoStores();
      const emulator = await new ConnectorEmulator().start();
      cleanups.push(() => emulator.stop());
      // Four tenants (four schools' Microsoft 365), 60 class channels each.
      const conversations: string[] = [];
      for (let tenant = 0; tenant < 4; tenant++)
        conversations.push(
          ...(await addConversations(a.db, {
            serviceUrl: emulator.url,
            count: 60,
            prefix: `class-t${tenant}`,
            kind: 'channel',
            schoolId: null,
            tenantId: `tenant-${tenant}`,
          })),
        );
      // A few conversations with several messages each too, where order and per-conversation limits bite.
      const queued = await enqueueToEach(a.db, {
        conversationIds: [
          ...conversations,
          ...[0, 60, 120, 180].flatMap((i) => [conversations[i]!, conversations[i]!, conversations[i]!]),
        ],
        keyPrefix: 'fan',
        schoolId: null,
      });
      const [sentByA, sentByB] = await Promise.all([
        drainUntilDone(instance(a), a),
        drainUntilDone(instance(b), b),
      ]);

      expect(sentByA + sentByB).toBe(queued.length);
      expect(sentByA).toBeGreaterThan(0);
      expect(sentByB).toBeGreaterThan(0);
      expect(emulator.distinct).toBe(queued.length);
      expect(emulator.duplicates).toBe(0);
      // Each tenant is sent by one instance at a time, so the two together never broke Teams' limits.
      expect(emulator.throttled).toBe(0);
      for (let tenant = 0; tenant < 4; tenant++)
        expect(emulator.busiest(1_000, (d) => d.tenantId === `tenant-${tenant}`)).toBeLessThanOrEqual(50);
      // A conversation's messages arrive in the order they were queued.
      const first = emulator.deliveries.filter((d) => d.conversationId === '19:class-t2-0');
      expect(first.map((d) => d.body.text)).toEqual([
        'message 120',
        'message 246',
        'message 247',
        'message 248',
      ]);
      expect(await new OutboxRepository(a.db).counts()).toMatchObject({
        sent: queued.length,
        pending: 0,
        dead: 0,
      });
    }, 60_000);

    it("hands a stopping instance's tenant to the other at once", async () => {
      const [a, b] = await twoStores();
      const emulator = await new ConnectorEmulator().start();
      cleanups.push(() => emulator.stop());
      const conversations = await addConversations(a.db, {
        serviceUrl: emulator.url,
        count: 150,
        prefix: 'class',
        kind: 'channel',
        schoolId: null,
      });
      await enqueueToEach(a.db, { conversationIds: conversations, keyPrefix: 'fan', schoolId: null });
      const senderA = instance(a);
      senderA.start();
      while (emulator.distinct < 20) await new Promise((r) => setTimeout(r, 10));
      // While A holds the tenant, B sends nothing of it.
      const senderB = instance(b);
      expect(await senderB.drainOnce()).toBe(0);
      await senderA.stop();
      const sentByA = emulator.distinct;
      expect(sentByA).toBeLessThan(150);
      // A gave the tenant up as it stopped: B takes over without waiting for the lease to run out.
      const startedB = Date.now();
      const sentByB = await drainUntilDone(senderB, b);
      expect(sentByA + sentByB).toBe(150);
      expect(Date.now() - startedB).toBeLessThan(10_000);
      expect(emulator.distinct).toBe(150);
      expect(emulator.duplicates).toBe(0);
      expect(emulator.throttled).toBe(0);
    }, 60_000);

    it('fire each scheduled job exactly once between them', async () => {
      const [a, b] = await twoStores();
      const runAt = new Date(Date.now() - 1000);
      const jobs = new JobRepository(a.db);
      for (let i = 0; i < 200; i++)
        await jobs.schedule({
          idempotencyKey: `reminder:${i}`,
          schoolId: null,
          kind: 'remind',
          runAt,
          payload: { i },
        });
      const fired = new Map<string, string[]>();
      const runner = (store: Store, name: string) =>
        new JobRunner({
          jobs: new JobRepository(store.db),
          handlers: {
            remind: async (job) => {
              fired.set(job.idempotencyKey, [...(fired.get(job.idempotencyKey) ?? []), name]);
              // A little work, so that the two runners overlap.
              await new Promise((r) => setTimeout(r, 2));
            },
          },
          clock: systemClock as Clock,
          log: silentLogger,
          pollMs: 50,
          batchSize: 5,
        });
      const [doneA, doneB] = await Promise.all([runner(a, 'a').runDue(), runner(b, 'b').runDue()]);

      expect(doneA + doneB).toBe(200);
      expect(doneA).toBeGreaterThan(0);
      expect(doneB).toBeGreaterThan(0);
      expect(fired.size).toBe(200);
      expect([...fired.values()].every((by) => by.length === 1)).toBe(true);
      expect((await jobs.statusOf('reminder:7'))?.status).toBe('done');
    }, 60_000);
  },
);

/** Drains until the shared queue has nothing left to send (the other instance may still be finishing). */
async function drainUntilDone(sender: OutboxSender, store: Store): Promise<number> {
  const outbox = new OutboxRepository(store.db);
  let sent = 0;
  const deadline = Date.now() + 50_000;
  while (Date.now() < deadline) {
    sent += await sender.drainOnce();
    const counts = await outbox.counts();
    if (counts.pending === 0 && counts.sending === 0) return sent;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the queue did not empty');
}
