import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_TENANT_ID, demoPerson } from '../../src/store/seed/demo-school.js';
import {
  asPerson,
  CARD,
  cardAfter,
  type DevRun,
  HAS_CHROMIUM,
  noteSkippedWithoutChromium,
  playgroundSuite,
  postToBot,
  REPLY_TIMEOUT_MS,
  sayInChat,
  settle,
  shot,
  startDev,
  TEST_TIMEOUT_MS,
} from '../support/playground.js';

/**
 * Teaching as people meet it in the playground, on one database across three runs: the Year 4
 * teacher plans the term and confirms it; a pupil answers the lesson's quiz on its card in the
 * class channel and sees their own progress; the teacher reads the class summary in their private
 * chat. Each playground run has one fixed user and keeps no history, so the lesson is started
 * during the pupil's run, by the teacher's "Start now" sent straight to the bot's endpoint (the
 * button itself is tested at the endpoint in teaching.test.ts).
 */
noteSkippedWithoutChromium();

/** The bot's own port, as the dev run printed it. */
function botUrl(dev: DevRun): string {
  const port = /bot port (\d+)/.exec(dev.diagnostics())?.[1];
  if (!port) throw new Error('no bot port in the dev output');
  return `http://127.0.0.1:${port}/api/messages`;
}

/** An Action.Execute press by the teacher, straight to the bot (local mode checks no token). */
async function teacherPresses(dev: DevRun, verb: string, data: Record<string, unknown>) {
  const teacher = demoPerson('teacher');
  const res = await fetch(botUrl(dev), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `browser-${verb}-${Date.now()}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:demo-teacher-direct', aadObjectId: teacher.aadObjectId, name: teacher.displayName },
      recipient: { id: '28:online-safety-bot', name: 'Online Safety Bot' },
      conversation: { id: 'a:browser-test-teacher', conversationType: 'personal', tenantId: DEMO_TENANT_ID },
      channelData: { tenant: { id: DEMO_TENANT_ID } },
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
  });
  return (await res.json()) as { statusCode: number; value: unknown };
}

function findAction(card: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = findAction(item, verb);
      if (found) return found;
    }
  } else if (card && typeof card === 'object') {
    const node = card as Record<string, unknown>;
    if (node.verb === verb) return (node.data ?? {}) as Record<string, unknown>;
    for (const value of Object.values(node)) {
      const found = findAction(value, verb);
      if (found) return found;
    }
  }
  return undefined;
}

describe.skipIf(!HAS_CHROMIUM)('teaching in the Agents Playground, in Chromium', () => {
  const suite = playgroundSuite();
  beforeAll(suite.setUp, 60_000);
  afterAll(suite.tearDown, 60_000);

  test(
    'the Year 4 teacher plans the term and confirms it',
    async () => {
      const dev = await startDev('teacher', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'teaching-teacher', async (page) => {
        await settle(page);
        const sent = await sayInChat(page, 'plan');
        const plan = cardAfter(sent, 'your online safety lessons');
        await plan.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const planText = (await plan.textContent()) ?? '';
        expect(planText).toContain('Year 4 Hazel');
        expect(planText).not.toMatch(/\$\{/);
        await shot(page, 'teaching-1-teacher-plan', plan);

        await plan.getByRole('button', { name: /Confirm plan/ }).click();
        const confirmed = cardAfter(sent, 'All set. Your lessons are planned.');
        await confirmed.waitFor({ timeout: REPLY_TIMEOUT_MS });
        await confirmed
          .getByRole('button', { name: /Start now/ })
          .first()
          .waitFor();
        await shot(page, 'teaching-2-teacher-plan-confirmed', confirmed);
      });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'the lesson is started and a pupil answers its quiz on the card in the class channel',
    async () => {
      const dev = await startDev('pupil', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'teaching-pupil', async (page) => {
        await settle(page);
        await page.getByRole('treeitem', { name: 'Year 4 Hazel - General' }).click();
        await page.getByRole('button', { name: 'Post' }).waitFor();
        await settle(page);
        // Speaking in the channel tells the bot where the class team is in this playground.
        const thread = await postToBot(page, 'hello');
        await thread
          .locator(CARD)
          .filter({ hasText: 'Hello, Amelia!' })
          .first()
          .waitFor({ timeout: REPLY_TIMEOUT_MS });

        const lessons = await teacherPresses(dev, 'lessons.show', {});
        const start = findAction(lessons.value, 'lesson.start');
        expect(start).toBeDefined();
        const started = await teacherPresses(dev, 'lesson.start', start ?? {});
        expect(JSON.stringify(started.value)).toContain('on its way to Year 4 Hazel');

        const lesson = page.locator(CARD).filter({ hasText: 'Quiz time' }).first();
        await lesson.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const lessonText = (await lesson.textContent()) ?? '';
        expect(lessonText).toContain('0800 1111');
        expect(lessonText).not.toMatch(/\$\{/);
        await shot(page, 'teaching-3-lesson-in-channel', lesson);

        const answers = lesson.getByRole('button').filter({ hasNotText: /tell someone/ });
        await answers.first().click();
        const mine = page.locator(CARD).filter({ hasText: 'Only you can see this.' }).first();
        await mine.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const mineText = (await mine.textContent()) ?? '';
        expect(mineText).toMatch(/That's right!|Not quite\./);
        expect(mineText).toContain('Question 2 of');
        await shot(page, 'teaching-4-pupil-answers-in-channel', mine);
      });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'the teacher sees the class summary in their private chat',
    async () => {
      const dev = await startDev('teacher', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'teaching-results', async (page) => {
        await settle(page);
        const sent = await sayInChat(page, 'results');
        const results = cardAfter(sent, 'Quiz results: Year 4 Hazel');
        await results.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const text = (await results.textContent()) ?? '';
        expect(text).toContain('1 of 4 pupils');
        expect(text).not.toContain('Amelia');
        expect(text).not.toMatch(/\$\{/);
        await shot(page, 'teaching-5-teacher-results', results);
      });
    },
    TEST_TIMEOUT_MS,
  );
});
