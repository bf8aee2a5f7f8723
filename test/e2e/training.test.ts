import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import { ManualClock } from '../../src/domain/clock.js';
import { addDaysTo } from '../../src/domain/training/status.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { runDailyReminders } from '../../src/use-cases/schedule-daily-reminders.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

/** Someone who joins Oakfield on the first day of the autumn term. */
const NEW_STARTER = {
  key: 'new-starter',
  displayName: 'Mr Nathan Reyes',
  aadObjectId: '00000000-0000-4000-8000-000000007001',
};
const START = '2026-09-01';

type Sent = { on: string; text: string };

/**
 * Training through the real endpoint with the clock walked day by day (issue 6, items 1-3): the
 * daily job queues reminders through the outbox, the sender delivers them to personal chats, and
 * staff record what they have done on cards.
 */
describe('staff training reminders and records', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(day: string) {
    const clock = new ManualClock(schoolTimeToUtc(day, '06:00'));
    const bot = await startTestBot({
      clock,
      dailyReminders: true,
      env: { JOBS_POLL_MS: '600000', OUTBOX_POLL_MS: '600000' },
    });
    // The test plays the job runner itself, one school day at a time, and drains the outbox after
    // each (the sender's own poll is ten minutes of real time away).
    await bot.bot.jobs.stop();
    t = bot;
    return { t: bot, clock, schoolId: bot.bot.demoSchoolId! };
  }

  /** Runs every day from `from` to `to` at 08:00 school time; returns what reached `chat`, by day. */
  async function walk(
    bot: TestBot,
    clock: ManualClock,
    from: string,
    to: string,
    chat: string,
  ): Promise<Sent[]> {
    const sent: Sent[] = [];
    for (let day = from; day <= to; day = addDaysTo(day, 1)) {
      clock.set(schoolTimeToUtc(day, '08:00'));
      await bot.bot.jobs.runDue();
      const before = bot.connector.in(chat).length;
      await bot.bot.sender.drainOnce();
      for (const a of bot.connector.in(chat).slice(before)) sent.push({ on: day, text: cardText(cardOf(a)) });
    }
    return sent;
  }

  const about = (sent: Sent[], words: string) => sent.filter((s) => s.text.includes(words));

  it("reminds a new starter of their induction before and after it falls due, weekly, and stops once it's recorded", async () => {
    const { t, clock, schoolId } = await start(START);
    await t.bot.deps.directory.upsertPerson(schoolId, {
      displayName: NEW_STARTER.displayName,
      givenName: 'Nathan',
      aadObjectId: NEW_STARTER.aadObjectId,
      roles: ['teacher'],
      startsOn: START,
    });
    await t.post(t.activities.message(NEW_STARTER, 'hello'));
    const chat = 'a:personal-new-starter';
    // A second new starter who does not open their chat with the bot for six weeks.
    const late = {
      key: 'late-starter',
      displayName: 'Ms Lara Quinn',
      aadObjectId: '00000000-0000-4000-8000-000000007002',
    };
    await t.bot.deps.directory.upsertPerson(schoolId, {
      displayName: late.displayName,
      aadObjectId: late.aadObjectId,
      roles: ['teacher'],
      startsOn: START,
    });

    const before = await walk(t, clock, START, '2026-10-14', chat);
    const induction = about(before, 'Induction: social media and online-safety policy');
    // Due 28 days after the start date: 29 September.
    expect(induction.map((s) => s.on)).toEqual([
      '2026-09-01',
      '2026-09-22',
      '2026-09-30',
      '2026-10-07',
      '2026-10-14',
    ]);
    expect(induction[0]!.text).toContain('is due by 29 Sep 2026');
    expect(induction[1]!.text).toContain('due in a week or less');
    expect(induction[2]!.text).toContain('is now overdue');
    expect(induction[2]!.text).toContain("I've done it");
    // Nothing twice: one message per reminder, whatever else was due.
    expect(new Set(before.map((s) => `${s.on}|${s.text}`)).size).toBe(before.length);

    // "my training" shows where they stand, most urgent first.
    clock.set(schoolTimeToUtc('2026-10-15', '09:00'));
    await t.post(t.activities.message(NEW_STARTER, 'my training'));
    const mine = cardText(cardOf(t.connector.in(chat).at(-1)));
    expect(mine).toContain('My training');
    expect(mine.indexOf('Overdue')).toBeLessThan(mine.indexOf('Not needed for your role'));

    // The reminder's button opens the form with the course chosen; saving records it.
    const opened = await t.post(
      t.activities.cardAction(NEW_STARTER, 'training.form', { courseId: 'online-safety-induction' }),
    );
    const formCard = (opened.body as { value: Record<string, unknown> }).value;
    expect(JSON.stringify(formCard)).toContain('"value":"online-safety-induction"');
    const record = (data: Record<string, unknown>) =>
      t.post(
        t.activities.cardAction(NEW_STARTER, 'training.record', {
          courseId: 'online-safety-induction',
          provider: 'INSET day',
          certificateUrl: '',
          ...data,
        }),
      );

    // A date in the future, or nonsense, gets a kind answer and the form back as it was typed.
    const future = await record({ completedOn: '2026-12-01' });
    expect(cardText((future.body as { value: unknown }).value)).toContain('The date is in the future');
    const nonsense = await record({ completedOn: 'last tuesday', provider: '' });
    const nonsenseText = cardText((nonsense.body as { value: unknown }).value);
    expect(nonsenseText).toContain("doesn't look like a real date");
    expect(nonsenseText).toContain('Add who ran it');
    expect(await t.bot.deps.training.records(schoolId)).toEqual([]);

    const done = await record({ completedOn: '15/10/2026' });
    expect(cardText((done.body as { value: unknown }).value)).toContain(
      'Induction: social media and online-safety policy is recorded as done on 15 Oct 2026',
    );
    const again = await record({ completedOn: '2026-10-15' });
    expect(cardText((again.body as { value: unknown }).value)).toContain('already recorded');
    const records = await t.bot.deps.training.records(schoolId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      courseId: 'online-safety-induction',
      completedOn: '2026-10-15',
      provider: 'INSET day',
      source: 'self',
    });

    // They typed the wrong day: "Correct" on their card puts it right, and the first record is kept.
    const card = JSON.stringify((done.body as { value: unknown }).value);
    const correctsId =
      /"verb":"training.form","data":\{"courseId":"online-safety-induction","correctsId":"(\d+)"\}/.exec(
        card,
      )?.[1];
    expect(correctsId).toBe(records[0]!.id);
    const correcting = await t.post(
      t.activities.cardAction(NEW_STARTER, 'training.form', {
        courseId: 'online-safety-induction',
        correctsId,
      }),
    );
    const correctingCard = (correcting.body as { value: unknown }).value;
    expect(cardText(correctingCard)).toContain('Correct a training record');
    expect(JSON.stringify(correctingCard)).toContain('"value":"2026-10-15"');
    const corrected = await record({ correctsId, completedOn: '2026-10-14' });
    expect(cardText((corrected.body as { value: unknown }).value)).toContain(
      'Corrected: Induction: social media and online-safety policy, done on 14 Oct 2026. The earlier record is kept',
    );
    const twice = await record({ correctsId, completedOn: '2026-10-13' });
    expect(cardText((twice.body as { value: unknown }).value)).toContain("I couldn't find that record");
    expect((await t.bot.deps.training.records(schoolId)).map((r) => r.completedOn)).toEqual(['2026-10-14']);
    const starterId = records[0]!.personId;
    expect(
      (await t.bot.deps.training.history(schoolId, starterId)).map((r) => [r.completedOn, r.correctsId]),
    ).toEqual([
      ['2026-10-15', undefined],
      ['2026-10-14', correctsId],
    ]);

    // The late starter's first message brings what is due now, one reminder per course, not a
    // backlog of six weeks of old ones.
    await t.post(t.activities.message(late, 'hello'));
    const firstDay = await walk(t, clock, '2026-10-15', '2026-10-15', 'a:personal-late-starter');
    expect(firstDay.map((s) => s.text.split('\n')[1])).toEqual([
      'Induction: social media and online-safety policy was due by 29 Sep 2026 and is now overdue.',
      'Safeguarding and child protection was due by 29 Sep 2026 and is now overdue.',
      'Online-safety update was due by 29 Sep 2026 and is now overdue.',
      'Identifying pupils at risk online was due by 29 Sep 2026 and is now overdue.',
    ]);

    // The reminders stop; the other courses carry on.
    const after = await walk(t, clock, '2026-10-16', '2026-11-30', chat);
    expect(about(after, 'Induction')).toEqual([]);
    expect(about(after, 'Safeguarding and child protection').length).toBeGreaterThan(0);
  }, 120_000);

  it('re-reminds the yearly safeguarding course when it expires a year on, and not in between', async () => {
    const { t, clock, schoolId } = await start('2026-09-01');
    const teacher = demoPerson('teacher');
    const sophie = (await t.bot.deps.directory.findPersonByAadObjectId(teacher.aadObjectId))!;
    await sql`UPDATE people SET starts_on = '2019-09-02' WHERE id = ${sophie.id}`.execute(t.bot.store.db);
    // A school of one teacher for this walk: everyone else's messages (waiting for chats they never
    // open) would only slow a year of days down.
    await sql`UPDATE people SET left_on = '2026-08-31' WHERE school_id = ${schoolId} AND id <> ${sophie.id}`.execute(
      t.bot.store.db,
    );
    await t.post(t.activities.message(teacher, 'hello'));
    // Her induction was years ago; this year's other courses are done the same day.
    for (const courseId of ['online-safety-induction', 'identifying-pupils-at-risk-online'])
      await t.bot.deps.training.record({
        schoolId,
        personId: sophie.id,
        courseId,
        completedOn: courseId === 'online-safety-induction' ? '2019-09-20' : '2026-09-01',
        provider: 'School',
        recordedBy: undefined,
        recordedAt: clock.now(),
        source: 'import',
      });

    // Safeguarding needs evidence: without a certificate link it is not recorded.
    const record = (data: Record<string, unknown>) =>
      t.post(
        t.activities.cardAction(teacher, 'training.record', {
          courseId: 'safeguarding-child-protection',
          completedOn: '2026-09-01',
          provider: 'Local authority',
          ...data,
        }),
      );
    const missing = await record({ certificateUrl: '' });
    expect(cardText((missing.body as { value: unknown }).value)).toContain(
      'needs a link to your certificate',
    );
    const notALink = await record({ certificateUrl: 'my drawer' });
    expect(cardText((notALink.body as { value: unknown }).value)).toContain('should be a web link');
    await record({ certificateUrl: 'https://training.example.org/certificates/123' });

    // She keeps up her termly online-safety update (each done before its first reminder), so the
    // year holds only the yearly courses' reminders.
    const update = (completedOn: string) =>
      t.bot.deps.training.record({
        schoolId,
        personId: sophie.id,
        courseId: 'online-safety-update',
        completedOn,
        provider: 'INSET day',
        recordedBy: sophie.id,
        recordedAt: clock.now(),
        source: 'self',
      });
    await update('2026-09-01');
    const chat = 'a:personal-teacher';
    const year = await walk(t, clock, '2026-09-01', '2027-02-19', chat);
    await update('2027-02-19');
    year.push(...(await walk(t, clock, '2027-02-20', '2027-06-14', chat)));
    await update('2027-06-14');
    year.push(...(await walk(t, clock, '2027-06-15', '2027-10-01', chat)));
    expect(about(year, 'Online-safety update')).toEqual([]);
    const safeguarding = about(year, 'Safeguarding and child protection');
    expect(safeguarding.map((s) => s.on)).toEqual([
      '2027-08-02',
      '2027-08-25',
      '2027-09-02',
      '2027-09-09',
      '2027-09-16',
      '2027-09-23',
      '2027-09-30',
    ]);
    expect(safeguarding[0]!.text).toContain('is due by 1 Sep 2027');
    expect(safeguarding[2]!.text).toContain('is now overdue');
  }, 120_000);

  it('sends the head and leadership a weekly digest of who is overdue, names and courses only, once a week', async () => {
    const { t, clock, schoolId } = await start('2026-10-05');
    const head = (await t.bot.deps.directory.findPersonByAadObjectId(demoPerson('head').aadObjectId))!;
    const sophie = (await t.bot.deps.directory.findPersonByAadObjectId(demoPerson('teacher').aadObjectId))!;
    await sql`UPDATE people SET starts_on = '2019-09-02' WHERE id IN (${head.id}, ${sophie.id})`.execute(
      t.bot.store.db,
    );
    await sql`UPDATE people SET left_on = '2026-08-31' WHERE school_id = ${schoolId} AND id NOT IN (${head.id}, ${sophie.id})`.execute(
      t.bot.store.db,
    );
    for (const courseId of [
      'online-safety-induction',
      'safeguarding-child-protection',
      'online-safety-update',
      'identifying-pupils-at-risk-online',
    ])
      await t.bot.deps.training.record({
        schoolId,
        personId: sophie.id,
        courseId,
        completedOn: '2026-09-01',
        provider: 'School',
        certificateUrl: 'https://example.org/c',
        recordedBy: head.id,
        recordedAt: clock.now(),
        source: 'on-behalf',
      });
    await t.post(t.activities.message(demoPerson('head'), 'hello'));

    // Monday 5 October is missed (the bot was down): the digest comes on Tuesday, once that week.
    const sent = await walk(t, clock, '2026-10-06', '2026-10-19', 'a:personal-head');
    const digests = about(sent, 'Training overdue this week');
    expect(digests.map((d) => d.on)).toEqual(['2026-10-06', '2026-10-12', '2026-10-19']);
    // The head's own training is overdue (never recorded); Sophie's is all done.
    expect(digests[0]!.text).toContain('Week of 5 Oct 2026');
    expect(digests[0]!.text).toContain('Mrs Helen Carter');
    expect(digests[0]!.text).toContain('Filtering and monitoring: roles and responsibilities');
    expect(digests[0]!.text).not.toContain('Ms Sophie Green');
  }, 120_000);

  it('sends none twice across a restart, and none is lost', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-training-restart-'));
    const database = { kind: 'embedded' as const, dataDir: path.join(dataDir, 'db') };
    const env = { DATA_DIR: dataDir, JOBS_POLL_MS: '600000', OUTBOX_POLL_MS: '600000' };
    const clock = new ManualClock(schoolTimeToUtc('2026-09-01', '06:00'));
    let bot = await startTestBot({ clock, env, database, dailyReminders: true });
    t = bot;
    await bot.bot.jobs.stop();
    const schoolId = bot.bot.demoSchoolId!;
    await bot.bot.deps.directory.upsertPerson(schoolId, {
      displayName: NEW_STARTER.displayName,
      aadObjectId: NEW_STARTER.aadObjectId,
      roles: ['teacher'],
      startsOn: START,
    });
    await bot.post(bot.activities.message(NEW_STARTER, 'hello'));
    const chat = 'a:personal-new-starter';
    const first = await walk(bot, clock, '2026-09-01', '2026-09-01', chat);
    expect(first.length).toBeGreaterThan(0);
    const connector = bot.connector;
    await bot.bot.close();

    // The same day again after a restart (and a second run, as another instance would make).
    bot = await startTestBot({ clock, env, database, connector, dailyReminders: true });
    t = bot;
    await bot.bot.jobs.stop();
    const again = await walk(bot, clock, '2026-09-01', '2026-09-01', chat);
    await runDailyReminders({ ...bot.bot.deps, schoolId, clock });
    await bot.bot.sender.drainOnce();
    expect(again).toEqual([]);
    expect(connector.in(chat)).toHaveLength(first.length + 1); // + the welcome
    // Tomorrow's run was scheduled before the restart and still runs; the 7-day reminders come on time.
    const later = await walk(bot, clock, '2026-09-02', '2026-09-22', chat);
    expect(about(later, 'Induction').map((s) => s.on)).toEqual(['2026-09-22']);
    const keys = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM scheduled_jobs WHERE kind = 'reminders.daily' AND status = 'pending'`.execute(
      bot.bot.store.db,
    );
    expect(Number(keys.rows[0]!.n)).toBe(1);
  }, 180_000);
});
