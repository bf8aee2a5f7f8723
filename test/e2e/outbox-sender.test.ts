import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_PRIORITY } from '../../src/store/outbox-repository.js';
import { ConnectorClient } from '../../src/teams/connector-client.js';
import { OutboxSender } from '../../src/teams/outbox-sender.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { ConnectorEmulator } from '../support/connector-emulator.js';
import { addConversations, enqueueToEach } from '../support/fanout.js';

/**
 * The rate-limited outbox sender against the Connector emulator, which enforces Teams' limits
 * (7/s, 8/2 s, 60/30 s per conversation; 50/s per tenant) and answers 429 when they are broken.
 */
describe('the rate-limited outbox sender', () => {
  let t: TestBot | undefined;
  let emulator: ConnectorEmulator | undefined;
  afterEach(async () => {
    await t?.close();
    await emulator?.stop();
    t = undefined;
    emulator = undefined;
  });

  async function setUp(options: ConstructorParameters<typeof ConnectorEmulator>[0] = {}) {
    t = await startTestBot({ env: { OUTBOX_POLL_MS: '100000' } });
    await t.bot.sender.stop();
    emulator = await new ConnectorEmulator(options).start();
    const sender = new OutboxSender({
      connector: new ConnectorClient(undefined),
      outbox: t.bot.deps.outbox,
      conversations: t.bot.deps.conversations,
      cards: t.bot.deps.cards,
      clock: t.bot.deps.clock,
      log: t.bot.deps.log,
      pollMs: 100_000,
    });
    return { t, emulator, sender, db: t.bot.store.db, schoolId: t.bot.demoSchoolId! };
  }

  it('sends a fan-out at the tenant limit without a single 429, safeguarding first, each message once', async () => {
    const { emulator, sender, db, schoolId, t } = await setUp();
    const serviceUrl = emulator.url;
    const classes = await addConversations(db, {
      serviceUrl,
      count: 150,
      prefix: 'class',
      kind: 'channel',
      schoolId,
    });
    const bulk = await enqueueToEach(db, {
      conversationIds: classes,
      keyPrefix: 'lesson',
      schoolId,
      priority: 8,
    });
    // Queued after the bulk lesson post, but a safeguarding notification goes first.
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'dsl-alert',
      conversationId: classes[42]!,
      schoolId,
      message: { text: 'a report needs you' },
      priority: OUTBOX_PRIORITY.safeguarding,
    });

    const started = emulator.nowMs();
    expect(await sender.drainOnce()).toBe(151);
    const tookMs = emulator.nowMs() - started;

    expect(emulator.deliveries[0]?.body.text).toBe('a report needs you');
    expect(emulator.distinct).toBe(151);
    expect(emulator.duplicates).toBe(0);
    expect(emulator.throttled).toBe(0);
    expect(emulator.busiest(1_000)).toBeLessThanOrEqual(50);
    // 151 messages at 50 a second: about 3 seconds, not much more.
    expect(tookMs).toBeGreaterThan(2_000);
    expect(tookMs).toBeLessThan(6_000);
    expect(await t.bot.deps.outbox.counts()).toMatchObject({ pending: 0, sending: 0, sent: 151, dead: 0 });
    expect(bulk).toHaveLength(150);
    // The Connector's activity id is kept for each.
    const ids = await db.selectFrom('outbox').select('sent_activity_id').execute();
    expect(ids.every((r) => r.sent_activity_id?.startsWith('emulated-'))).toBe(true);
  });

  it('sends a safeguarding notice queued in the middle of a long fan-out within a second, not after it', async () => {
    const { emulator, sender, db, schoolId, t } = await setUp();
    const classes = await addConversations(db, {
      serviceUrl: emulator.url,
      count: 300,
      prefix: 'class',
      kind: 'channel',
      schoolId,
    });
    await enqueueToEach(db, { conversationIds: classes, keyPrefix: 'lesson', schoolId, priority: 8 });
    // Six seconds of sends at the tenant limit: most of it is handed back to wait its turn.
    const draining = sender.drainOnce();
    while (emulator.distinct < 60) await new Promise((r) => setTimeout(r, 10));
    const queuedAt = emulator.nowMs();
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'dsl-alert-mid-fan-out',
      conversationId: classes[299]!,
      schoolId,
      message: { text: 'a report needs you' },
      priority: OUTBOX_PRIORITY.safeguarding,
    });
    expect(await draining).toBe(301);
    const notice = emulator.deliveries.find((d) => d.body.text === 'a report needs you');
    expect(notice!.atMs - queuedAt).toBeLessThan(1_500);
    // It went ahead of most of the lesson posts, which were queued first.
    expect(emulator.deliveries.indexOf(notice!)).toBeLessThan(150);
    expect(emulator.distinct).toBe(301);
    expect(emulator.duplicates).toBe(0);
    expect(emulator.throttled).toBe(0);
  }, 30_000);

  it("keeps one conversation's backlog within its limits, in order, while the others go by", async () => {
    const { emulator, sender, db, schoolId } = await setUp();
    const serviceUrl = emulator.url;
    const [busy] = await addConversations(db, {
      serviceUrl,
      count: 1,
      prefix: 'busy',
      kind: 'channel',
      schoolId,
    });
    const others = await addConversations(db, {
      serviceUrl,
      count: 30,
      prefix: 'other',
      kind: 'channel',
      schoolId,
    });
    await enqueueToEach(db, { conversationIds: Array(20).fill(busy), keyPrefix: 'backlog', schoolId });
    await enqueueToEach(db, { conversationIds: others, keyPrefix: 'others', schoolId });

    // Within a few seconds all the other conversations have theirs, while the backlog is still going.
    const sending = (async () => {
      let total = 0;
      for (let i = 0; i < 20 && total < 50; i++) total += await sender.drainOnce();
      return total;
    })();
    const deadline = Date.now() + 5_000;
    while (emulator.deliveries.filter((d) => d.conversationId.startsWith('19:other')).length < 30) {
      if (Date.now() > deadline) throw new Error('the other conversations waited behind the backlog');
      await new Promise((r) => setTimeout(r, 20));
    }
    const busyBefore = emulator.deliveries.filter((d) => d.conversationId === '19:busy-0').length;
    expect(busyBefore).toBeLessThan(20);
    // The rest of the backlog went back to the queue spaced out; the test walks on until it is sent.
    await sending;
    const deadline2 = Date.now() + 20_000;
    while (emulator.distinct < 50 && Date.now() < deadline2) {
      await sender.drainOnce();
      await new Promise((r) => setTimeout(r, 100));
    }
    const toBusy = emulator.deliveries.filter((d) => d.conversationId === '19:busy-0');
    expect(toBusy).toHaveLength(20);
    expect(toBusy.map((d) => d.body.text)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
    const inBusy = (d: { conversationId: string }) => d.conversationId === '19:busy-0';
    expect(emulator.busiest(1_000, inBusy)).toBeLessThanOrEqual(7);
    expect(emulator.busiest(2_000, inBusy)).toBeLessThanOrEqual(8);
    expect(emulator.throttled).toBe(0);
    expect(emulator.duplicates).toBe(0);
  }, 40_000);

  it('honours Retry-After on a 429, retries a 503 and a dropped connection, and dead-letters a 404 that an admin can retry', async () => {
    const { emulator, sender, db, schoolId, t } = await setUp();
    const [conversation] = await addConversations(db, {
      serviceUrl: emulator.url,
      count: 1,
      prefix: 'c',
      kind: 'channel',
      schoolId,
    });
    const outbox = t.bot.deps.outbox;
    emulator.failNext(1, 429, { 'retry-after': '1' });
    emulator.failNext(1, 503);
    await outbox.enqueue({
      idempotencyKey: 'one',
      conversationId: conversation!,
      schoolId,
      message: { text: '1' },
    });
    const started = Date.now();
    while (emulator.distinct < 1 && Date.now() - started < 15_000) {
      await sender.drainOnce();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(emulator.distinct).toBe(1);
    // It waited the second it was told to.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const [row] = await db
      .selectFrom('outbox')
      .select(['attempts', 'status'])
      .where('idempotency_key', '=', 'one')
      .execute();
    // The 503 counted as an attempt, the 429 (Teams pacing us) did not.
    expect(row).toEqual({ attempts: 2, status: 'sent' });

    emulator.failNext(1, 404);
    await outbox.enqueue({
      idempotencyKey: 'gone',
      conversationId: conversation!,
      schoolId,
      message: { text: '2' },
    });
    await sender.drainOnce();
    const dead = await outbox.deadLetters(schoolId);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ lastError: 'http-404', attempts: 1 });
    expect(await outbox.deadLetters('00000000-0000-0000-0000-000000000000')).toHaveLength(0);

    // The admin retries it (another school's admin cannot).
    expect(await outbox.retryDead([dead[0]!.id], new Date(), '00000000-0000-0000-0000-000000000000')).toBe(0);
    expect(await outbox.retryDead([dead[0]!.id], new Date(), schoolId)).toBe(1);
    await sender.drainOnce();
    expect(emulator.distinct).toBe(2);
    expect(await outbox.counts()).toMatchObject({ sent: 2, dead: 0 });

    // A Connector that is not there at all: a network error, tried again, never dead at once.
    const stopped = emulator.url;
    await emulator.stop();
    await outbox.enqueue({
      idempotencyKey: 'net',
      conversationId: conversation!,
      schoolId,
      message: { text: '3' },
    });
    await sender.drainOnce();
    const [net] = await db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('idempotency_key', '=', 'net')
      .execute();
    expect(net).toEqual({ status: 'pending', last_error: 'network' });
    expect(stopped).toBeTruthy();
  }, 40_000);
});
