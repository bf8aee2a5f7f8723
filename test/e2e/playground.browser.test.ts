import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  asPerson,
  CARD,
  cardAfter,
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
 * The app as a person meets it: the playground in headless Chromium says hello in the personal chat
 * and in the class team's channel, and presses the welcome card's button. Then the same again as the
 * DSL, after a restart on the same database.
 */
noteSkippedWithoutChromium();

describe.skipIf(!HAS_CHROMIUM)('the app in the Agents Playground, in Chromium', () => {
  const suite = playgroundSuite();
  beforeAll(suite.setUp, 60_000);
  afterAll(suite.tearDown, 60_000);

  test(
    'a pupil is welcomed by name in the personal chat, opens help, and is welcomed in the class team',
    async () => {
      const dev = await startDev('pupil', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'pupil', async (page) => {
        await settle(page);
        const hello = await sayInChat(page, 'hello');
        const welcome = cardAfter(hello, 'Hello, Amelia!');
        await welcome.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const welcomeText = (await welcome.textContent()) ?? '';
        expect(welcomeText).toContain('Oakfield Primary School · Pupil');
        expect(welcomeText).toContain('Childline free on 0800 1111');
        expect(welcomeText).toContain('Year 4 Hazel');
        expect(welcomeText).not.toMatch(/\$\{/);
        await shot(page, 'pupil-1-personal-welcome', welcome);

        await welcome.getByRole('button', { name: 'What can I do here?' }).click();
        const help = cardAfter(hello, "Here's what you can say to me");
        await help.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const helpText = (await help.textContent()) ?? '';
        expect(helpText).toContain('hello');
        expect(helpText).not.toMatch(/\$\{/);
        await shot(page, 'pupil-2-help', help);

        await page.getByRole('treeitem', { name: 'Year 4 Hazel - General' }).click();
        await page.getByRole('button', { name: 'Post' }).waitFor();
        await settle(page);
        const thread = await postToBot(page, 'hello');
        const channelWelcome = thread.locator(CARD).filter({ hasText: 'Hello, Amelia!' }).first();
        await channelWelcome.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const channelText = (await channelWelcome.textContent()) ?? '';
        expect(channelText).toContain('Oakfield Primary School · Pupil');
        expect(channelText).not.toMatch(/\$\{/);
        await shot(page, 'pupil-3-team-channel-welcome', channelWelcome);
      });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'after a restart as the DSL, on the same database, the welcome names the role',
    async () => {
      const dev = await startDev('dsl', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'dsl', async (page) => {
        await settle(page);
        const hello = await sayInChat(page, 'hello');
        const welcome = cardAfter(hello, 'Hello, Daniel!');
        await welcome.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const text = (await welcome.textContent()) ?? '';
        expect(text).toContain('Oakfield Primary School');
        expect(text).toContain('Designated Safeguarding Lead');
        expect(text).toContain("You're on the school's safeguarding team");
        expect(text).not.toContain('Your class will use me');
        expect(text).not.toMatch(/\$\{/);
        await shot(page, 'dsl-1-personal-welcome', welcome);
      });
    },
    TEST_TIMEOUT_MS,
  );
});
