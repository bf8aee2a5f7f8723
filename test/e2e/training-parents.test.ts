import { afterEach, describe, expect, it } from 'vitest';
import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import { ManualClock } from '../../src/domain/clock.js';
import { addDaysTo } from '../../src/domain/training/status.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

type InvokeBody = { statusCode: number; type: string; value: unknown };
const REMINDER = "No parents' e-safety meeting planned";

/**
 * Parents' e-safety meetings (issue 6, item 6; 004 §14 "parents will be invited to online safety
 * and social media training on an annual basis"): leadership is reminded, once each half-term, while
 * none is recorded or planned for the academic year, and records one on a card.
 */
describe("parents' e-safety meetings", () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('reminds leadership each half-term until a meeting is planned, then records its attendance', async () => {
    const clock = new ManualClock(schoolTimeToUtc('2026-10-26', '06:00'));
    const bot = await startTestBot({
      clock,
      dailyReminders: true,
      env: { JOBS_POLL_MS: '600000', OUTBOX_POLL_MS: '600000' },
    });
    t = bot;
    await bot.bot.jobs.stop();
    const head = demoPerson('head');
    await bot.post(bot.activities.message(head, 'hello'));
    const walk = async (from: string, to: string) => {
      const days: string[] = [];
      for (let day = from; day <= to; day = addDaysTo(day, 1)) {
        clock.set(schoolTimeToUtc(day, '08:00'));
        await bot.bot.jobs.runDue();
        const before = bot.connector.in('a:personal-head').length;
        await bot.bot.sender.drainOnce();
        for (const a of bot.connector.in('a:personal-head').slice(before))
          if (cardText(cardOf(a)).includes(REMINDER)) days.push(day);
      }
      return days;
    };
    // Half-term holiday, then the second half of the autumn term starts on 2 November.
    expect(await walk('2026-10-26', '2026-11-20')).toEqual(['2026-11-02']);

    const teacherSays = await bot.post(bot.activities.message(demoPerson('teacher'), 'parents meeting'));
    expect(teacherSays.status).toBe(200);
    expect(bot.connector.in('a:personal-teacher').at(-1)?.body.text).toContain(
      "That view is for the school's leadership team.",
    );

    await bot.post(bot.activities.message(head, 'parents meeting'));
    const form = cardText(cardOf(bot.connector.in('a:personal-head').at(-1)));
    expect(form).toContain("Parents' e-safety meetings");
    expect(form).toContain('None recorded for 2026-27 yet.');
    const record = async (data: Record<string, unknown>) =>
      (await bot.post(bot.activities.cardAction(head, 'parents.record', data))).body as InvokeBody;
    const early = await record({ title: 'Online safety for parents', heldOn: '2027-02-10', attended: 12 });
    expect(cardText(early.value)).toContain("The meeting hasn't happened yet");
    const planned = await record({ title: 'Online safety for parents', heldOn: '2027-02-10' });
    expect(cardText(planned.value)).toContain('Recorded: Online safety for parents on 10 Feb 2027.');
    expect(cardText(planned.value)).toContain('10 Feb 2027: Online safety for parents (planned)');

    // Planned for this year: no more reminders.
    expect(await walk('2026-11-21', '2027-01-06')).toEqual([]);

    clock.set(schoolTimeToUtc('2027-02-11', '09:00'));
    const held = await record({ title: 'Online safety for parents', heldOn: '2027-02-10', attended: '23' });
    expect(cardText(held.value)).toContain(
      'Updated the attendance for Online safety for parents on 10 Feb 2027.',
    );
    expect(cardText(held.value)).toContain('10 Feb 2027: Online safety for parents, 23 attended');
    const board = (await bot.post(bot.activities.cardAction(head, 'leadership.dashboard')))
      .body as InvokeBody;
    expect(cardText(board.value)).toContain("Parents' e-safety meetings this year: 1");
  }, 120_000);
});
