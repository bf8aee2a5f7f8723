import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_PRIORITY } from '../../src/store/outbox-repository.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

type InvokeBody = { statusCode: number; type: string; value: unknown };

/**
 * Issue 7: a message Teams refused for good (a 403 after the bot was removed from a team) is a
 * dead letter, which the school's admin sees, by id and reason and never by content, and sends
 * again once the cause is fixed. Nobody else sees the list.
 */
describe('failed messages, for the school admin', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('lists the dead letters without their words and sends them again on request', async () => {
    t = await startTestBot({ env: { OUTBOX_POLL_MS: '600000', JOBS_POLL_MS: '600000' } });
    await t.bot.sender.stop();
    const admin = demoPerson('admin');
    await t.post(t.activities.message(admin, 'hello'));
    const chat = await t.bot.deps.conversations.byTeamsId('a:personal-admin');
    const schoolId = t.bot.demoSchoolId!;
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'refused-1',
      conversationId: chat!.id,
      schoolId,
      message: { text: 'a secret only the recipient may read' },
      priority: OUTBOX_PRIORITY.safeguarding,
    });
    t.connector.failNext(1, 403);
    await t.bot.sender.drainOnce();
    expect(await t.bot.deps.outbox.counts()).toMatchObject({ dead: 1 });
    t.connector.clear();

    await t.post(t.activities.message(admin, 'failed messages'));
    const card = cardOf(t.connector.received[0]);
    const text = cardText(card);
    expect(text).toContain('Messages that could not be sent');
    expect(text).toContain('Safeguarding notice');
    expect(text).toContain('may not post there (403)');
    expect(text).not.toContain('secret');
    const [dead] = await t.bot.deps.outbox.deadLetters(schoolId);

    const pressed = (await t.post(t.activities.cardAction(admin, 'outbox.retry', { ids: dead!.id })))
      .body as InvokeBody;
    expect(cardText(pressed.value)).toContain('1 sent back to the queue');
    expect(cardText(pressed.value)).toContain('Nothing waiting');
    t.connector.clear();
    expect(await t.bot.sender.drainOnce()).toBe(1);
    expect(t.connector.in('a:personal-admin')[0]?.body.text).toBe('a secret only the recipient may read');

    // A forged press is refused kindly.
    const forged = (await t.post(t.activities.cardAction(admin, 'outbox.retry', { ids: 'DROP TABLE' })))
      .body as InvokeBody;
    expect(JSON.stringify(forged.value)).toContain("didn't understand");
  });

  it('is not shown to other staff, and means nothing to a pupil', async () => {
    t = await startTestBot({ env: { OUTBOX_POLL_MS: '600000', JOBS_POLL_MS: '600000' } });
    await t.post(t.activities.message(demoPerson('teacher'), 'failed messages'));
    expect(t.connector.received[0]?.body.text).toBe("That list is for the school's Teams admins.");
    t.connector.clear();
    const pressed = (await t.post(t.activities.cardAction(demoPerson('dsl'), 'outbox.retry', { ids: '1' })))
      .body as InvokeBody;
    expect(JSON.stringify(pressed.value)).toContain('Teams admins');
    await t.post(t.activities.message(demoPerson('pupil'), 'failed messages'));
    expect(JSON.stringify(t.connector.received)).not.toContain('Teams admins');
  });
});
