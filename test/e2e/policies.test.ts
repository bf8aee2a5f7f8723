import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import { ManualClock } from '../../src/domain/clock.js';
import { addDaysTo } from '../../src/domain/training/status.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

const POLICY = 'social-media-online-safety';
type Sent = { on: string; text: string };
type InvokeBody = { statusCode: number; type: string; value: unknown };

/**
 * The policy register through the real endpoint (issue 6, items 4-5): the owner is reminded before
 * and after the review date, marks it reviewed with a new version, staff are asked to read and sign
 * it, and leadership watches the unsigned list shrink and nudges the rest.
 */
describe('policy review and read-and-sign', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

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

  it('reminds the owner as the review date nears and passes; a new version asks staff to sign; the unsigned list shrinks', async () => {
    // The demo school's social media policy was approved 344 days before this day: review by 22 September.
    const clock = new ManualClock(schoolTimeToUtc('2026-09-01', '06:00'));
    const bot = await startTestBot({
      clock,
      dailyReminders: true,
      env: { JOBS_POLL_MS: '600000', OUTBOX_POLL_MS: '600000' },
    });
    t = bot;
    await bot.bot.jobs.stop();
    const head = demoPerson('head');
    const teacher = demoPerson('teacher');
    const deputy = demoPerson('deputy');
    for (const p of [head, teacher, deputy]) await bot.post(bot.activities.message(p, 'hello'));
    const press = async (who: typeof head, verb: string, data: Record<string, unknown>) =>
      (await bot.post(bot.activities.cardAction(who, verb, data))).body as InvokeBody;

    const reminders = (await walk(bot, clock, '2026-09-01', '2026-10-01', 'a:personal-head')).filter((s) =>
      s.text.includes('Social media and online-safety policy'),
    );
    expect(reminders.map((r) => r.on)).toEqual(['2026-09-01', '2026-09-15', '2026-09-23', '2026-09-30']);
    expect(reminders[0]!.text).toContain('is due for review by 22 Sep 2026');
    expect(reminders[1]!.text).toContain('in a week or less');
    expect(reminders[2]!.text).toContain('The review date has passed');
    expect(reminders[2]!.text).toContain('Mark reviewed');

    // Only the owner or leadership may mark it reviewed.
    const refused = await press(teacher, 'policy.review', {
      policyId: POLICY,
      fromVersion: 3,
      changed: 'true',
    });
    expect(refused.value).toBe("Sorry, that isn't something you can do here.");
    const badLink = await press(head, 'policy.review', {
      policyId: POLICY,
      fromVersion: 3,
      changed: 'true',
      newLink: 'not a link',
    });
    expect(cardText(badLink.value)).toContain('should be a web address');
    expect((await bot.bot.deps.policies.get(bot.bot.demoSchoolId!, POLICY))?.version).toBe(3);

    clock.set(schoolTimeToUtc('2026-10-02', '10:00'));
    const reviewed = await press(head, 'policy.review', {
      policyId: POLICY,
      fromVersion: 3,
      changed: 'true',
      newLink: 'https://oakfield.example.org/policies/social-media-online-safety-v4.pdf',
    });
    expect(cardText(reviewed.value)).toMatch(
      /reviewed on 2 Oct 2026, now version 4\. \d+ staff have been asked to read and sign it\. Next review by 2 Oct 2027/,
    );
    // Pressed twice: one review.
    const twice = await press(head, 'policy.review', { policyId: POLICY, fromVersion: 3, changed: 'true' });
    expect(cardText(twice.value)).toContain('has already been reviewed (now version 4');
    expect(await bot.bot.deps.policies.reviews(bot.bot.demoSchoolId!, POLICY)).toHaveLength(1);

    // Every member of staff in its roles is asked, in their personal chat, to read and sign version 4.
    bot.connector.clear();
    await bot.bot.sender.drainOnce();
    const ask = cardOf(bot.connector.in('a:personal-teacher')[0]);
    expect(cardText(ask)).toContain('Please read and sign: Social media and online-safety policy');
    expect(cardText(ask)).toContain('Version 4, approved 2 Oct 2026');
    expect(cardText(ask)).toContain('inappropriate use may be considered to be misconduct');
    expect(JSON.stringify(ask)).toContain('social-media-online-safety-v4.pdf');
    expect(bot.connector.in('a:personal-deputy')).toHaveLength(1);

    const unsigned = async () => cardText((await press(head, 'policy.unsigned', { policyId: POLICY })).value);
    const before = await unsigned();
    expect(before).toContain('Ms Sophie Green');
    expect(before).toContain('Mrs Priya Shah');
    const count = (text: string) => Number(/(\d+) of (\d+) staff haven't signed/.exec(text)?.[1]);
    const n = count(before);

    const signed = await press(teacher, 'policy.sign', { policyId: POLICY, version: 4 });
    expect(cardText(signed.value)).toContain('Signed on 2 Oct 2026');
    expect(JSON.stringify(signed.value)).not.toContain('"verb":"policy.sign"');
    expect(
      cardText((await press(teacher, 'policy.sign', { policyId: POLICY, version: '4' })).value),
    ).toContain("You've already signed this version");
    // A card for the old version is not signed: the current one is shown instead.
    const old = await press(deputy, 'policy.sign', { policyId: POLICY, version: 3 });
    expect(cardText(old.value)).toContain("There's a newer version");
    expect(cardText(old.value)).toContain('Version 4');

    const after = await unsigned();
    expect(count(after)).toBe(n - 1);
    expect(after).not.toContain('Ms Sophie Green');
    expect(after).toContain('Mrs Priya Shah');
    const signatures = await bot.bot.deps.policies.signatures(bot.bot.demoSchoolId!, POLICY);
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ version: 4, signedOn: '2026-10-02' });

    // Leadership nudges the rest: once a day, however often pressed.
    bot.connector.clear();
    const nudged = await press(head, 'policy.nudge', { policyId: POLICY, version: 4 });
    expect(cardText(nudged.value)).toContain(`Reminded ${n - 1} staff`);
    expect(cardText((await press(head, 'policy.nudge', { policyId: POLICY, version: 4 })).value)).toContain(
      'Reminded 0 staff',
    );
    await bot.bot.sender.drainOnce();
    expect(bot.connector.in('a:personal-teacher')).toHaveLength(0);
    const nudge = bot.connector.in('a:personal-deputy');
    expect(nudge).toHaveLength(1);
    expect(cardText(cardOf(nudge[0]))).toContain(
      "A reminder from your leadership team: you haven't signed this yet.",
    );
    // Teachers may not see the list or nudge.
    expect((await press(teacher, 'policy.unsigned', { policyId: POLICY })).value).toContain('for the school');
    expect((await press(teacher, 'policy.nudge', { policyId: POLICY, version: 4 })).value).toContain(
      'for the school',
    );

    // Reviewed: the reminders stop.
    const quiet = await walk(bot, clock, '2026-10-03', '2026-10-31', 'a:personal-head');
    expect(quiet.filter((s) => s.text.includes('due for review'))).toEqual([]);
  }, 120_000);

  it('answers a press with a broken payload or an unknown policy kindly', async () => {
    const bot = await startTestBot();
    t = bot;
    const head = demoPerson('head');
    const broken = (await bot.post(bot.activities.cardAction(head, 'policy.sign', { policyId: 42 })))
      .body as InvokeBody;
    expect(broken.value).toContain("Sorry, I didn't understand that");
    const unknown = (
      await bot.post(bot.activities.cardAction(head, 'policy.sign', { policyId: 'nope', version: 1 }))
    ).body as InvokeBody;
    expect(unknown.value).toContain("I couldn't find that policy");
    const pupil = (
      await bot.post(
        bot.activities.cardAction(demoPerson('pupil'), 'policy.sign', { policyId: POLICY, version: 3 }),
      )
    ).body as InvokeBody;
    expect(pupil.value).toBe("Sorry, that isn't something you can do here.");
    expect(await sql`SELECT 1 FROM policy_signatures`.execute(bot.bot.store.db).then((r) => r.rows)).toEqual(
      [],
    );
  });

  it('lets an admin or the headteacher add a policy, which asks staff in its roles to sign it', async () => {
    // The test drains the outbox itself (the sender's own poll is ten minutes of real time away).
    const bot = await startTestBot({
      clock: new ManualClock(schoolTimeToUtc('2026-11-23', '09:00')),
      env: { OUTBOX_POLL_MS: '600000' },
    });
    t = bot;
    const head = demoPerson('head');
    const teacher = demoPerson('teacher');
    for (const p of [head, teacher, demoPerson('dsl')]) await bot.post(bot.activities.message(p, 'hello'));
    bot.connector.clear();
    const press = async (who: typeof head, verb: string, data: Record<string, unknown> = {}) =>
      ((await bot.post(bot.activities.cardAction(who, verb, data))).body as InvokeBody).value;

    expect(await press(teacher, 'policy.add')).toBe("Sorry, that isn't something you can do here.");
    expect(cardText(await press(head, 'policy.add'))).toContain('Add a policy to the register');
    const headId = (await bot.bot.deps.directory.findPersonByAadObjectId(head.aadObjectId))!.id;
    const good = {
      policyId: 'mobile-phones',
      title: 'Mobile phones policy',
      kind: 'other',
      ownerId: headId,
      approvedOn: '2026-11-20',
      reviewCycleYears: '2',
      link: 'https://oakfield.example.org/policies/mobile-phones.pdf',
      signedBy: 'teacher',
    };
    const bad = cardText(
      await press(head, 'policy.save', {
        ...good,
        policyId: 'acceptable-use',
        approvedOn: '2026-12-01',
        link: 'drive',
        signedBy: '',
      }),
    );
    expect(bad).toContain('There is already a policy with that id');
    expect(bad).toContain('today or earlier');
    expect(bad).toContain('should be a web address');
    expect(bad).toContain('at least one staff role');

    const added = cardText(await press(head, 'policy.save', good));
    expect(added).toMatch(
      /Added Mobile phones policy\. \d+ staff have been asked to read and sign it\. First review by 20 Nov 2028\./,
    );
    expect(cardText(await press(head, 'policy.save', good))).toContain(
      'There is already a policy with that id',
    );
    await bot.bot.sender.drainOnce();
    expect(cardText(cardOf(bot.connector.in('a:personal-teacher')[0]))).toContain(
      'Please read and sign: Mobile phones policy',
    );
    expect(cardText(cardOf(bot.connector.in('a:personal-teacher')[0]))).toContain(
      'I accept and will follow its terms',
    );
    // Only the roles it applies to: the DSL (not a teacher) is not asked.
    expect(bot.connector.in('a:personal-dsl')).toEqual([]);
    expect(
      cardText(
        cardOf(
          await (async () => {
            await bot.post(bot.activities.message(head, 'policies'));
            return bot.connector.in('a:personal-head').at(-1);
          })(),
        ),
      ),
    ).toContain('Mobile phones policy\nNext review 20 Nov 2028');
  });
});
