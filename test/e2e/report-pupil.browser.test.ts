import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  asPerson,
  CARD,
  cardAfter,
  HAS_CHROMIUM,
  noteSkippedWithoutChromium,
  playgroundSuite,
  REPLY_TIMEOUT_MS,
  sayInChat,
  settle,
  shot,
  startDev,
  TEST_TIMEOUT_MS,
} from '../support/playground.js';

/**
 * Issue 5 in the playground, in Chromium: a Year 4 pupil files a private report in her personal
 * chat, card after card; then, on the same database, the DSL finds the notification waiting for
 * them (reference and priority, none of her words) and opens the case.
 */
noteSkippedWithoutChromium();

const WORDS = 'Someone in my game keeps calling me names';

describe.skipIf(!HAS_CHROMIUM)('a private report in the Agents Playground', () => {
  const suite = playgroundSuite();
  beforeAll(suite.setUp, 60_000);
  afterAll(suite.tearDown, 60_000);

  test(
    'a pupil tells someone, step by step, and is thanked with a reference',
    async () => {
      const dev = await startDev('pupil', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'report-pupil', async (page) => {
        await settle(page);
        const asked = await sayInChat(page, 'tell someone');
        const start = cardAfter(asked, 'Are you in danger right now?');
        await start.waitFor({ timeout: REPLY_TIMEOUT_MS });
        expect(await start.textContent()).toContain('You are not in trouble');
        await shot(page, 'report-1-start', start);

        await start.getByRole('button', { name: 'No', exact: true }).click();
        const categories = cardAfter(asked, 'Pick the one that fits best');
        await categories.waitFor({ timeout: REPLY_TIMEOUT_MS });
        await shot(page, 'report-2-what-happened', categories);

        await categories.getByText('Someone was unkind or bullying').click();
        const form = cardAfter(asked, 'Tell us more');
        await form.waitFor({ timeout: REPLY_TIMEOUT_MS });
        await form.getByRole('textbox', { name: /Which app, game or website/ }).fill('A game');
        await form.getByRole('textbox', { name: /What happened/ }).fill(WORDS);
        expect(await form.textContent()).toContain('Please do not send pictures here');
        await shot(page, 'report-3-form', form);

        await form.getByRole('button', { name: /Send it/ }).click();
        const thanks = cardAfter(asked, 'Thank you for telling us');
        await thanks.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const thanksText = (await thanks.textContent()) ?? '';
        expect(thanksText).toMatch(/Your report number is R-\d{4}\./);
        expect(thanksText).toContain('0800 1111');
        expect(thanksText).not.toMatch(/\$\{/);
        await shot(page, 'report-4-thanks', thanks);

        await thanks.getByRole('button', { name: 'My reports' }).click();
        const mine = cardAfter(asked, 'Only you can see this list');
        await mine.waitFor({ timeout: REPLY_TIMEOUT_MS });
        expect(await mine.textContent()).toContain('Sent');
        await shot(page, 'report-5-my-reports', mine);
      });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'the DSL finds the notification waiting in their personal chat, without the pupil’s words, and opens the case',
    async () => {
      const dev = await startDev('dsl', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'report-dsl', async (page) => {
        await settle(page);
        await sayInChat(page, 'hello');
        const notice = page
          .locator(CARD)
          .filter({ hasText: /Safeguarding report R-\d{4}/ })
          .first();
        await notice.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const text = (await notice.textContent()) ?? '';
        expect(text).toContain('Someone being unkind, or bullying');
        expect(text).not.toContain(WORDS);
        expect(text).not.toContain('Amelia');
        expect(await page.locator('body').textContent()).not.toContain(WORDS);
        await shot(page, 'report-6-dsl-notification', notice);

        await notice.getByRole('button', { name: 'Open the case' }).click();
        await page.waitForTimeout(2_000);
        await shot(page, 'report-7-dsl-case');
      });
    },
    TEST_TIMEOUT_MS,
  );
});
