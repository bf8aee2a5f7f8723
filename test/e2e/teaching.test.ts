import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import { actionFor, planAndConfirm, press, say, TEAM, until, year4ClassId } from './teaching.support.js';

/**
 * Planning a term and delivering its lessons through the real endpoint. The clock starts on
 * Thursday 15 October 2026, in BST: autumn 1 runs to Friday 23 October, the half-term holiday
 * follows, the clocks go back on Sunday 25 October, and autumn 2 starts on Monday 2 November with
 * an INSET day. Year 4 Hazel has no PSHE slot set, so it is taught on Mondays at 10:30.
 */
const THURSDAY_15_OCT = new Date('2026-10-15T12:00:00Z');

describe('a teacher plans the term', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('proposes the two lessons on the right school days across the half-term and the BST change, and confirms them once', async () => {
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock });
    const { card } = await say(t, 'teacher', 'plan the term');
    const text = cardText(card);
    expect(text).toContain('Autumn term 2026-27');
    // Monday 7 September has gone: the next Monday of autumn 1. Autumn 2's first Monday is INSET.
    expect(text).toContain('Keep it private: passwords and your details');
    expect(text).toContain('Monday 19 October 2026, 10:30');
    expect(text).toContain('Monday 9 November 2026, 10:30');
    expect(text).not.toContain('2 November');

    const confirm = actionFor(card, 'plan.confirm');
    const draftId = confirm.data.draftId as string;
    const classId = await year4ClassId(t);
    const autumn2 = `${classId}|2`;

    // Moving into the half-term holiday, onto the INSET day or a weekend: refused kindly, plan unchanged.
    const holiday = await press(t, 'teacher', 'plan.move', {
      draftId,
      moveSlot: autumn2,
      date: '2026-10-28',
      time: '10:30',
    });
    expect(cardText(holiday)).toContain(
      "That date is outside this lesson's half-term. Please choose a school day from Monday 2 November 2026 to Friday 18 December 2026.",
    );
    expect(cardText(holiday)).toContain('Monday 9 November 2026, 10:30');
    const inset = await press(t, 'teacher', 'plan.move', {
      draftId,
      moveSlot: autumn2,
      date: '2026-11-02',
      time: '10:30',
    });
    expect(cardText(inset)).toContain("Monday 2 November 2026 is an INSET day, so pupils aren't in.");
    const weekend = await press(t, 'teacher', 'plan.move', {
      draftId,
      moveSlot: autumn2,
      date: '2026-11-07',
      time: '10:30',
    });
    expect(cardText(weekend)).toContain('Saturday 7 November 2026 is a weekend.');
    const past = await press(t, 'teacher', 'plan.move', {
      draftId,
      moveSlot: `${classId}|1`,
      date: '2026-10-15',
      time: '09:00',
    });
    expect(cardText(past)).toContain('That time has already gone by.');
    // A lesson for another age band is refused; one for the class's band is swapped in.
    const wrongBand = await press(t, 'teacher', 'plan.swap', {
      draftId,
      swapSlot: autumn2,
      lessonId: '4-7-autumn-2-keep-it-private',
    });
    expect(cardText(wrongBand)).toContain(
      'That lesson is written for ages 4-7, and this class is ages 7-11.',
    );
    const bad = await press(t, 'teacher', 'plan.move', { draftId, moveSlot: 'nonsense', date: 'x' });
    expect(cardText(bad)).toContain("Sorry, I couldn't read that date.");

    const moved = await press(t, 'teacher', 'plan.move', {
      draftId,
      moveSlot: autumn2,
      date: '2026-11-10',
      time: '14:00',
    });
    expect(cardText(moved)).toContain('Tuesday 10 November 2026, 14:00');
    expect(cardText(moved)).toContain('Moved by you.');

    // Someone else cannot confirm (or even find) this teacher's draft.
    const stranger = await press(t, 'teacher-3', 'plan.confirm', { draftId });
    expect(cardText(stranger)).toContain("Sorry, I couldn't find that plan.");

    const confirmed = await press(t, 'teacher', 'plan.confirm', { draftId });
    expect(cardText(confirmed)).toContain('All set. Your lessons are planned.');
    expect(actionFor(confirmed, 'lesson.start').verb).toBe('lesson.start');
    const again = await press(t, 'teacher', 'plan.confirm', { draftId });
    expect(cardText(again)).toContain('This plan is already confirmed.');

    const lessons = await t.bot.deps.teaching.plannedLessonsOf([classId]);
    expect(
      lessons.map((l) => [l.lessonId, l.localDate, l.localTime, l.startsAt.toISOString(), l.status]),
    ).toEqual([
      // 10:30 BST is 09:30 UTC; after 25 October 14:00 GMT is 14:00 UTC.
      ['7-11-autumn-1-private-and-strong', '2026-10-19', '10:30', '2026-10-19T09:30:00.000Z', 'planned'],
      ['7-11-autumn-2-group-chats', '2026-11-10', '14:00', '2026-11-10T14:00:00.000Z', 'planned'],
    ]);
    const jobs = async (id: string) =>
      Promise.all(
        ['post', 'remind', 'check'].map(async (k) =>
          (await t!.bot.deps.jobs.statusOf(`lesson:${id}:r1:${k}`))?.runAt.toISOString(),
        ),
      );
    // Reminder the day before at the same school time; the check two school days later.
    expect(await jobs(lessons[0]!.id)).toEqual([
      '2026-10-19T09:30:00.000Z',
      '2026-10-18T09:30:00.000Z',
      '2026-10-21T09:30:00.000Z',
    ]);
    expect(await jobs(lessons[1]!.id)).toEqual([
      '2026-11-10T14:00:00.000Z',
      '2026-11-09T14:00:00.000Z',
      '2026-11-12T14:00:00.000Z',
    ]);
  });

  it('re-planning re-dates a planned lesson and replaces its jobs; the PSHE lead plans every class', async () => {
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock });
    await planAndConfirm(t, 'teacher');
    const classId = await year4ClassId(t);
    const [first] = await t.bot.deps.teaching.plannedLessonsOf([classId]);
    // The teacher changes the class's usual day and time on the plan card, then confirms again.
    const { card: draft } = await say(t, 'teacher', 'plan');
    const slot = {
      ...actionFor(draft, 'plan.slot').data,
      slotClassId: classId,
      psheDay: 'thursday',
      psheTime: '13:15',
    };
    expect(cardText(await press(t, 'teacher-3', 'plan.slot', slot))).toContain(
      'Sorry, you can only do that for a class you teach.',
    );
    const reproposed = await press(t, 'teacher', 'plan.slot', slot);
    expect(cardText(reproposed)).toContain('Saved. Year 4 Hazel now has PSHE on Thursdays at 13:15');
    expect(cardText(reproposed)).toContain('Thursday 22 October 2026, 13:15');
    await press(t, 'teacher', 'plan.confirm', actionFor(reproposed, 'plan.confirm').data);
    const [replanned] = await t.bot.deps.teaching.plannedLessonsOf([classId]);
    expect(replanned).toMatchObject({
      id: first!.id,
      revision: 2,
      localDate: '2026-10-22',
      localTime: '13:15',
    });
    expect((await t.bot.deps.jobs.statusOf(`lesson:${first!.id}:r1:post`))?.status).toBe('cancelled');
    expect((await t.bot.deps.jobs.statusOf(`lesson:${first!.id}:r2:post`))?.runAt.toISOString()).toBe(
      '2026-10-22T12:15:00.000Z',
    );

    const { card } = await say(t, 'teacher-5', 'plan');
    const text = cardText(card);
    for (const name of ['Reception Robins', 'Year 1 Wrens', 'Year 4 Hazel', 'Year 6 Willow'])
      expect(text).toContain(name);
    // A teacher with no class of their own, and a pupil, are told kindly.
    expect((await say(t, 'pupil', 'plan')).text).toContain('Planning lessons is for teachers.');
    expect((await say(t, 'deputy', 'plan')).text).toContain("I don't have a class for you yet.");
    // In the class channel the bot does not show a plan.
    const inChannel = await say(t, 'teacher', 'plan', TEAM);
    expect(inChannel.text).toContain("Let's do that in our private chat");
    expect(inChannel.card).toBeUndefined();
  });

  it('posts the lesson to the class channel at its time after a restart, reminds the teacher the day before, and tells the PSHE lead if it is not delivered', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-teaching-'));
    const database = { kind: 'embedded' as const, dataDir: path.join(dataDir, 'db') };
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock, env: { DATA_DIR: dataDir, OUTBOX_POLL_MS: '100000' }, database });
    // The bot is in the class team (its channel conversation is saved).
    await t.post(t.activities.botInstalled(demoPerson('teacher'), TEAM));
    await planAndConfirm(t);
    const connector = t.connector;
    await t.bot.close();

    t = await startTestBot({
      clock,
      env: { DATA_DIR: dataDir, OUTBOX_POLL_MS: '100000' },
      database,
      connector,
    });
    connector.clear();
    clock.set(new Date('2026-10-18T09:29:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    expect(connector.received).toHaveLength(0);

    clock.set(new Date('2026-10-18T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    const reminder = connector.in('a:personal-teacher');
    expect(reminder).toHaveLength(1);
    const reminderText = cardText(cardOf(reminder[0]));
    expect(reminderText).toContain('Tomorrow: Keep it private: passwords and your details');
    expect(reminderText).toContain('Year 4 Hazel · Monday 19 October 2026, 10:30');
    expect(reminderText).toContain('Teacher notes');
    expect(connector.in(PLAYGROUND_TEAM.id)).toHaveLength(0);

    clock.set(new Date('2026-10-19T09:29:59Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    expect(connector.in(PLAYGROUND_TEAM.id)).toHaveLength(0);
    clock.set(new Date('2026-10-19T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    const posted = connector.in(PLAYGROUND_TEAM.id);
    expect(posted).toHaveLength(1);
    const lessonCard = cardOf(posted[0]);
    const lessonText = cardText(lessonCard);
    expect(lessonText).toContain('Keep it private: passwords and your details');
    expect(lessonText).toContain('Make a strong password');
    expect(lessonText).toContain('Which of these is private?');
    expect(lessonText).toContain('0800 1111');
    // The close offers every pupil a private way to tell someone (the report flow answers it).
    expect(actionFor(lessonCard, 'report.start').title).toContain('I want to tell someone about something');
    // Run again: nothing posts twice.
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    expect(connector.in(PLAYGROUND_TEAM.id)).toHaveLength(1);

    // Wednesday 21 October, two school days later, not marked delivered: the PSHE lead is told
    // (once they open their chat with the bot).
    clock.set(new Date('2026-10-21T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    await say(t, 'teacher-5', 'hello');
    await t.bot.sender.drainOnce();
    const lead = connector.in('a:personal-teacher-5').map((a) => cardText(cardOf(a)));
    expect(lead.join('\n')).toContain(
      'Year 4 Hazel\'s lesson "Keep it private: passwords and your details" was planned for Monday 19 October 2026, 10:30, and hasn\'t been marked delivered yet.',
    );
    // No log line names a person or a lesson's words.
    expect(t.logLines.join('\n')).not.toMatch(/Sophie|Green|Keep it private/);
  }, 120_000);

  it('is offered to teachers on their welcome card and in help', async () => {
    t = await startTestBot({ clock: new ManualClock(THURSDAY_15_OCT) });
    const { card: welcome } = await say(t, 'teacher', 'hello');
    const fromWelcome = await press(
      t,
      'teacher',
      'plan.start',
      actionFor(welcome, 'plan.start', 'Plan the term').data,
    );
    expect(cardText(fromWelcome)).toContain('Monday 19 October 2026, 10:30');
    const lessons = await press(t, 'teacher', 'lessons.show', actionFor(welcome, 'lessons.show').data);
    expect(cardText(lessons)).toContain('You have no lessons planned yet.');
    const { card: help } = await say(t, 'teacher', 'help');
    expect(cardText(help)).toContain('plan\nPlan this term');
    expect(cardText(help)).toContain('results\nSee your class');
    const { card: pupilHelp } = await say(t, 'pupil', 'help');
    expect(cardText(pupilHelp)).not.toContain('Plan this term');
    const { card: pupilWelcome } = await say(t, 'pupil', 'hello');
    expect(JSON.stringify(pupilWelcome)).not.toContain('plan.start');
  });

  it('starts a lesson now from the plan card, once, and only for a class the presser teaches', async () => {
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock });
    const plan = await planAndConfirm(t);
    const start = actionFor(plan, 'lesson.start');
    // Without the bot in the class team there is nowhere to post: the teacher is told what to do.
    expect(cardText(await press(t, 'teacher', 'lesson.start', start.data))).toContain(
      "I can't post to Year 4 Hazel yet. Please add me to the class team",
    );
    // The bot has only heard from a thread in the team: the lesson still starts a new post in the
    // General channel, not a reply in that thread.
    const thread = `${PLAYGROUND_TEAM.id};messageid=1700000000000`;
    await t.post(t.activities.message(demoPerson('pupil'), 'hello', { ...TEAM, channelId: thread }));
    t.connector.clear();
    expect(cardText(await press(t, 'teacher-3', 'lesson.start', start.data))).toContain(
      'Sorry, you can only do that for a class you teach.',
    );
    const started = await press(t, 'teacher', 'lesson.start', start.data);
    expect(cardText(started)).toContain('Done: the lesson is on its way to Year 4 Hazel now.');
    expect(cardText(started)).toContain('Posted to the class team');
    expect(cardText(await press(t, 'teacher', 'lesson.start', start.data))).toContain('already been posted');
    await t.bot.sender.drainOnce();
    await until(() => t!.connector.in(PLAYGROUND_TEAM.id).length === 1);
    expect(t.connector.in(thread)).toHaveLength(0);
    // Let the send finish before the clock jumps days ahead (a claim in flight would run out).
    await until(async () => (await t!.bot.deps.outbox.counts()).sent === 1);
    // The scheduled post finds it already posted.
    clock.set(new Date('2026-10-19T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toHaveLength(1);
    // "start lesson" in words posts the next one (autumn 2).
    const { text } = await say(t, 'teacher', 'start lesson');
    expect(text).toContain('Done: the lesson is on its way to Year 4 Hazel now.');
    await t.bot.sender.drainOnce();
    await until(() => t!.connector.in(PLAYGROUND_TEAM.id).length === 2);
    expect(cardText(cardOf(t.connector.in(PLAYGROUND_TEAM.id)[1]))).toContain('Group chats');
  });
  it('cancels a lesson not yet posted, after asking, with its post and reminder; the half-term can be planned again', async () => {
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock });
    await t.post(t.activities.botInstalled(demoPerson('teacher'), TEAM));
    const plan = await planAndConfirm(t);
    const classId = await year4ClassId(t);
    const live = () => t!.bot.deps.teaching.plannedLessonsOf([classId]);
    const autumn1 = (await live())[0]!;
    expect(autumn1.localDate).toBe('2026-10-19');

    // The first press only asks.
    const asked = await press(t, 'teacher', 'lesson.cancel', actionFor(plan, 'lesson.cancel').data);
    expect(cardText(asked)).toContain('Cancel this lesson?');
    expect(cardText(asked)).toContain(
      'Year 4 Hazel\'s lesson "Keep it private: passwords and your details" on Monday 19 October 2026, 10:30',
    );
    expect(actionFor(asked, 'lessons.show', 'Keep it')).toBeDefined();
    expect((await live()).map((l) => l.id)).toContain(autumn1.id);
    const yes = actionFor(asked, 'lesson.cancel', 'Yes, cancel it');
    expect(yes.data).toEqual({ plannedLessonId: autumn1.id, confirm: true });

    // Only a teacher of the class (or the PSHE lead) may cancel it.
    expect(cardText(await press(t, 'teacher-3', 'lesson.cancel', yes.data))).toContain(
      'Sorry, you can only do that for a class you teach.',
    );
    const done = await press(t, 'teacher', 'lesson.cancel', yes.data);
    expect(cardText(done)).toContain(
      'Cancelled: Year 4 Hazel\'s lesson "Keep it private: passwords and your details" on Monday 19 October 2026.',
    );
    expect(cardText(done)).not.toContain('Monday 19 October 2026, 10:30');
    expect((await live()).map((l) => l.id)).not.toContain(autumn1.id);
    expect((await t.bot.deps.teaching.plannedLesson(autumn1.id))?.status).toBe('cancelled');
    expect(cardText(await press(t, 'teacher', 'lesson.cancel', yes.data))).toContain(
      "Sorry, I couldn't find that lesson.",
    );
    const pending = await t.bot.store.db
      .selectFrom('scheduled_jobs')
      .select('idempotency_key')
      .where('idempotency_key', 'like', `lesson:${autumn1.id}:%`)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);

    // Its time comes: nothing is posted, and the teacher gets no reminder.
    t.connector.clear();
    clock.set(new Date('2026-10-19T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toEqual([]);
    expect(await t.bot.deps.outbox.counts()).toMatchObject({ pending: 0, sending: 0 });

    // A posted lesson cannot be cancelled.
    const autumn2 = (await live())[0]!;
    await press(t, 'teacher', 'lesson.start', { plannedLessonId: autumn2.id });
    expect(
      cardText(await press(t, 'teacher', 'lesson.cancel', { plannedLessonId: autumn2.id, confirm: true })),
    ).toContain("That lesson has already been posted to the class, so it can't be cancelled now.");

    // The cancelled half-term is free: planning again proposes a lesson for it.
    const { card } = await say(t, 'teacher', 'plan');
    expect(cardText(card)).toContain(
      'Year 4 Hazel · Autumn 1\nKeep it private: passwords and your details\nTuesday 20 October 2026, 10:30',
    );
    await press(t, 'teacher', 'plan.confirm', actionFor(card, 'plan.confirm').data);
    const again = (await live()).find((l) => l.halfTerm === 1 && l.term === 'autumn');
    expect(again).toMatchObject({ localDate: '2026-10-20', status: 'planned' });
    expect(again!.id).not.toBe(autumn1.id);
  });
});
