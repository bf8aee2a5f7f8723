import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';

/** A stored personal conversation to send to: the pupil says hello once. */
async function pupilConversation(t: TestBot): Promise<string> {
  await t.post(t.activities.message(demoPerson('pupil'), 'hello'));
  t.connector.clear();
  const saved = await t.bot.deps.conversations.byTeamsId('a:personal-pupil');
  return saved!.id;
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the proactive outbox', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('delivers a queued card to a stored conversation once, even when queued twice', async () => {
    t = await startTestBot();
    const conversationId = await pupilConversation(t);
    const message = { card: 'class-welcome', data: { className: 'Year 4 Hazel', known: true } };
    const queued = [
      await t.bot.deps.outbox.enqueue({
        idempotencyKey: 'k1',
        conversationId,
        schoolId: t.bot.demoSchoolId!,
        message,
      }),
      await t.bot.deps.outbox.enqueue({
        idempotencyKey: 'k1',
        conversationId,
        schoolId: t.bot.demoSchoolId!,
        message,
      }),
    ];
    expect(queued).toEqual([true, false]);
    await until(() => t!.connector.received.length === 1);
    await until(async () => (await t!.bot.deps.outbox.counts()).sent === 1);
    const [sent] = t.connector.received;
    expect(sent?.conversationId).toBe('a:personal-pupil');
    expect(cardText(sent?.body.attachments?.[0]?.content)).toContain('Hello, Year 4 Hazel!');
  });

  it('retries a 503 and a 429 and then delivers; a 403 goes to the dead letters', async () => {
    t = await startTestBot();
    const conversationId = await pupilConversation(t);
    t.connector.failNext(1, 503);
    t.connector.failNext(1, 429, { 'retry-after': '0' });
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'retry-me',
      conversationId,
      schoolId: t.bot.demoSchoolId!,
      message: { text: 'x' },
    });
    await until(() => t!.connector.received.length === 1, 20_000);
    // botbuilder's connector client may retry a 503 or 429 itself before the outbox sees it;
    // either way the message arrives once.
    await new Promise((r) => setTimeout(r, 300));
    expect(t.connector.received).toHaveLength(1);
    expect((await t.bot.deps.outbox.counts()).sent).toBe(1);

    t.connector.failNext(1, 403);
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'forbidden',
      conversationId,
      schoolId: t.bot.demoSchoolId!,
      message: { text: 'y' },
    });
    await until(async () => (await t!.bot.deps.outbox.counts()).dead === 1, 50_000);
    expect(t.connector.received).toHaveLength(1);
  }, 90_000);

  it('keeps a queued message across a restart of the embedded database and sends it after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-restart-'));
    const env = { DATA_DIR: dataDir, OUTBOX_POLL_MS: '100000' };
    t = await startTestBot({ env, database: { kind: 'embedded', dataDir: path.join(dataDir, 'db') } });
    const conversationId = await pupilConversation(t);
    await t.bot.sender.stop();
    await t.bot.deps.outbox.enqueue({
      idempotencyKey: 'survives',
      conversationId,
      schoolId: t.bot.demoSchoolId!,
      message: { text: 'after the restart' },
    });
    const connector = t.connector;
    await t.bot.close();

    // Same data folder, same Connector (the service URL in the stored reference), new process state.
    t = await startTestBot({
      env: { DATA_DIR: dataDir },
      database: { kind: 'embedded', dataDir: path.join(dataDir, 'db') },
      connector,
    });
    await until(() => t!.connector.received.length === 1, 20_000);
    expect(t.connector.received[0]?.body.text).toBe('after the restart');
  }, 120_000);
});
