import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';

/**
 * A message addressed to a person (a DSL to notify, a teacher to remind) before they have ever
 * opened their chat with the bot waits for them, and goes the moment they first talk to the bot.
 */
describe('messages addressed to a person', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('wait, never dead, until the person first talks to the bot, then go to their personal chat once', async () => {
    const clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    const dsl = await t.bot.deps.directory.findPersonByAadObjectId(demoPerson('dsl').aadObjectId);
    const message = { card: 'class-welcome', data: { className: 'Year 4 Hazel', known: true } };
    const enqueue = () =>
      t!.bot.deps.outbox.enqueue({
        idempotencyKey: 'to-person-1',
        personId: dsl!.id,
        schoolId: t!.bot.demoSchoolId!,
        message,
      });
    expect(await enqueue()).toBe(true);
    expect(await enqueue()).toBe(false);

    // Tried for an hour of simulated time: nothing sent, nothing given up.
    for (let i = 0; i < 12; i++) {
      await t.bot.sender.drainOnce();
      clock.advanceMs(5 * 60_000);
    }
    expect(t.connector.received).toHaveLength(0);
    expect(await t.bot.deps.outbox.counts()).toMatchObject({ pending: 1, dead: 0, sent: 0 });

    // Their first message saves their chat and makes what waits for them due at once.
    await t.post(t.activities.message(demoPerson('dsl'), 'hello'));
    t.connector.clear();
    await t.bot.sender.drainOnce();
    const sent = t.connector.in('a:personal-dsl');
    expect(sent).toHaveLength(1);
    expect(cardText(sent[0]?.body.attachments?.[0]?.content)).toContain('Year 4 Hazel');
    expect(await t.bot.deps.outbox.counts()).toMatchObject({ pending: 0, dead: 0, sent: 1 });
    await t.bot.sender.drainOnce();
    expect(t.connector.received).toHaveLength(1);
  });

  it('refuses a message with no recipient', async () => {
    t = await startTestBot();
    await expect(
      t.bot.deps.outbox.enqueue({
        idempotencyKey: 'nobody',
        schoolId: t.bot.demoSchoolId!,
        message: { text: 'x' },
      } as never),
    ).rejects.toThrow('needs a recipient');
  });
});
