import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AttendanceRepository } from '../../src/store/attendance-repository.js';
import { migrateToLatest, openStore } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { loadReportKeys } from '../../src/store/report-crypto.js';
import { ReportRepository } from '../../src/store/report-repository.js';
import { TeachingRepository } from '../../src/store/teaching-repository.js';
import { seedDemoSchool } from '../../src/use-cases/seed-demo-school.js';
import {
  asPerson,
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
import { seedSchoolOverview } from '../support/school-overview-seed.js';

/**
 * Issue 6, item 9 in the playground, in Chromium: the headteacher asks for the dashboard, the
 * training matrix, the policy register and the school overview, and each card renders as Teams
 * would draw it (bars as coloured columns, tables, no unbound `${...}`).
 */
noteSkippedWithoutChromium();

/**
 * Puts a term of teaching, registers, quiz answers and reports into the playground's database
 * before the bot starts on it, so that the overview's charts have something to draw. The bot
 * then finds the demo school already there (`seedDemoSchool` runs once) and the same local key.
 */
async function seedPlaygroundData(dataDir: string): Promise<void> {
  const keys = loadReportKeys({ env: {}, dataDir, localMode: true });
  const store = await openStore({ kind: 'embedded', dataDir: path.join(dataDir, 'db') });
  try {
    await migrateToLatest(store.db);
    const directory = new DirectoryRepository(store.db);
    const { schoolId } = await seedDemoSchool({ directory });
    await seedSchoolOverview(
      {
        directory,
        teaching: new TeachingRepository(store.db),
        attendance: new AttendanceRepository(store.db),
        reports: new ReportRepository(store.db, keys.crypto),
      },
      schoolId,
    );
  } finally {
    await store.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)('the leadership view in the Agents Playground', () => {
  const suite = playgroundSuite();
  beforeAll(suite.setUp, 60_000);
  afterAll(suite.tearDown, 60_000);

  test(
    'the headteacher sees the dashboard, training, policies and the school overview',
    async () => {
      await seedPlaygroundData(suite.dataDir());
      const dev = await startDev('head', suite.dataDir(), suite.workDir());
      await asPerson(suite.browser(), dev, 'leadership', async (page) => {
        await settle(page);
        const views = [
          ['dashboard', 'Online safety at a glance', 'leadership-1-dashboard'],
          ['training', 'Staff training', 'leadership-2-training'],
          ['policies', 'Policies', 'leadership-3-policies'],
        ] as const;
        for (const [words, heading, name] of views) {
          const asked = await sayInChat(page, words);
          const card = cardAfter(asked, heading);
          await card.waitFor({ timeout: REPLY_TIMEOUT_MS });
          expect(await card.textContent()).not.toMatch(/\$\{/);
          await shot(page, name, card);
        }

        const asked = await sayInChat(page, 'overview');
        const overview = cardAfter(asked, 'School overview');
        await overview.waitFor({ timeout: REPLY_TIMEOUT_MS });
        const text = (await overview.textContent()) ?? '';
        expect(text).not.toMatch(/\$\{/);
        expect(text).toContain('Online-safety lessons by half-term');
        expect(text).toContain('Aut 1');
        expect(text).toContain('Attendance at online-safety lessons');
        expect(text).toContain('Quiz results by strand');
        expect(text).toContain('Privacy and security');
        expect(text).toContain('67% right first time (4 of 6 answers)');
        expect(text).toContain('75% present or late');
        expect(text).toContain('Reports this year');
        expect(text).toContain('fewer than 5');
        // The card is taller than the window: its top (lessons), its middle (attendance, quiz), its foot (reports).
        await shot(page, 'leadership-4-overview', overview.getByText('Online-safety lessons by half-term'));
        await shot(
          page,
          'leadership-5-overview-attendance',
          overview.getByText('Attendance at online-safety lessons'),
        );
        await shot(page, 'leadership-6-overview-reports', overview.getByText('for these numbers as CSV'));
      });
    },
    TEST_TIMEOUT_MS,
  );
});
