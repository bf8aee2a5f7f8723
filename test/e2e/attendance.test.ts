import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { GraphMeetingAttendance } from '../../src/graph/meeting-attendance.js';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import { inputsOf, labelsOf, pressWithInputs, startGraph } from './attendance.support.js';
import { actionFor, personId, planAndConfirm, press, say, TEAM, until } from './teaching.support.js';

/**
 * Lesson registers (issue 6 §7-8) through the real endpoint: Year 4 Hazel's autumn 1 lesson is
 * planned and started early on Thursday 15 October 2026 (BST); its catch-up time, once delivered,
 * is the next school day at the lesson's planned time.
 */
const THURSDAY_15_OCT = new Date('2026-10-15T12:00:00Z');

async function postedLesson(t: TestBot): Promise<string> {
  await t.post(t.activities.botInstalled(demoPerson('teacher'), TEAM));
  t.connector.clear(); // the class welcome
  const plan = await planAndConfirm(t);
  await press(t, 'teacher', 'lesson.start', actionFor(plan, 'lesson.start').data);
  await t.bot.sender.drainOnce();
  await until(() => t.connector.in(PLAYGROUND_TEAM.id).length === 1);
  const card = cardOf(t.connector.in(PLAYGROUND_TEAM.id)[0])!;
  return actionFor(card, 'quiz.answer').data.plannedLessonId as string;
}

async function markInput(t: TestBot, key: string) {
  return `mark-${await personId(t, key)}`;
}

async function catchUpOffers(t: TestBot): Promise<string[]> {
  const rows = await t.bot.store.db
    .selectFrom('outbox')
    .select('person_id')
    .where('idempotency_key', 'like', 'lesson-catch-up:%')
    .execute();
  return rows.map((r) => r.person_id ?? '').sort();
}

describe('a lesson register', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("the teacher takes it and corrects it (every version kept); absentees are offered the lesson once; another class's teacher is refused", async () => {
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    // Nothing posted yet: nothing to register.
    expect((await say(t, 'teacher', 'register')).text).toContain('no posted or delivered lessons');
    const plannedLessonId = await postedLesson(t);
    const [freya, kai, noah] = await Promise.all(
      ['pupil-freya', 'pupil-kai', 'pupil2'].map((k) => markInput(t!, k)),
    );

    // A pupil is told kindly that registers are for teachers.
    expect((await say(t, 'pupil', 'register')).text).toContain(
      'Sorry, you can only take the register for a class you teach.',
    );
    // Only ever in the personal chat: a register names pupils.
    expect((await say(t, 'teacher', 'register', TEAM)).text).toContain("Let's do that in our private chat");
    const { card } = await say(t, 'teacher', 'take the register');
    const shown = cardText(card);
    expect(shown).toContain('Register: Year 4 Hazel');
    expect(shown).toContain('Keep it private: passwords and your details');
    expect(shown).toContain('Everyone starts as present.');
    // Each pupil is a choice labelled with their name, by name order.
    expect(labelsOf(card)).toEqual(['Amelia Khan', 'Freya Taylor', 'Kai Mensah', 'Noah Williams']);
    const form = card!;
    expect(Object.values(inputsOf(form)).filter((v) => v === 'present')).toHaveLength(4);

    // A teacher of another class, and the DSL, are refused kindly and nothing is saved.
    const other = await press(t, 'teacher-3', 'register.show', { plannedLessonId });
    expect(cardText(other)).toContain('Sorry, you can only take the register for a class you teach.');
    expect(cardText(other)).not.toContain('Freya');
    const forged = await pressWithInputs(t, 'teacher-3', form, 'register.save', { [freya!]: 'absent' });
    expect(cardText(forged)).toContain('Sorry, you can only take the register for a class you teach.');
    expect(cardText(await press(t, 'dsl', 'register.show', { plannedLessonId }))).toContain(
      'only take the register for a class you teach',
    );
    // A mark that is not one of the three is read back kindly, with the register again.
    const bad = await pressWithInputs(t, 'teacher', form, 'register.save', { [kai!]: 'asleep' });
    expect(cardText(bad)).toContain("Sorry, I couldn't read that register.");
    expect(await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId })).toEqual([]);
    // Not connected to Graph in local mode: said so, nothing saved.
    const notConnected = await pressWithInputs(t, 'teacher', form, 'register.fromMeeting', {
      meeting: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0',
    });
    expect(cardText(notConnected)).toContain("Reading Teams meeting attendance isn't connected here");

    const saved = await pressWithInputs(t, 'teacher', form, 'register.save', {
      [freya!]: 'absent',
      [kai!]: 'late',
    });
    expect(cardText(saved)).toContain('Saved: 2 present, 1 late, 1 absent.');
    expect(cardText(saved)).toContain('Taken by Ms Sophie Green, Thursday 15 October 2026, 13:00.');
    // Not delivered yet: nobody is offered anything.
    expect(cardText(saved)).not.toContain('catch up');
    // The same form pressed again (a double press) saves nothing more.
    const twice = await pressWithInputs(t, 'teacher', form, 'register.save', { [freya!]: 'absent' });
    expect(cardText(twice)).toContain('That register was already saved.');
    expect(await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId })).toHaveLength(1);

    expect((await say(t, 'teacher', 'mark delivered')).text).toContain("Thanks, it's marked as delivered.");

    // The correction, later that afternoon, on the card the save returned: Kai was absent after all.
    clock.set(new Date('2026-10-15T14:10:00Z'));
    const corrected = await pressWithInputs(t, 'teacher', saved, 'register.save', { [kai!]: 'absent' });
    expect(cardText(corrected)).toContain('Saved: 2 present, 0 late, 2 absent.');
    expect(cardText(corrected)).toContain(
      'Pupils marked absent will be offered the lesson to catch up in their private chat.',
    );
    expect(cardText(corrected)).toContain('Taken by Ms Sophie Green, Thursday 15 October 2026, 13:00.');
    expect(cardText(corrected)).toContain('Corrected by Ms Sophie Green, Thursday 15 October 2026, 15:10.');
    const history = await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId });
    const kaiId = await personId(t, 'pupil-kai');
    expect(history.map((h) => [h.version, h.marks.find((m) => m.personId === kaiId)?.mark])).toEqual([
      [1, 'late'],
      [2, 'absent'],
    ]);

    // The catch-up time (Friday 16 October, 10:30 BST) follows the register: Freya and Kai, not
    // Amelia and Noah, who were there though they did not answer the quiz.
    clock.set(new Date('2026-10-16T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.jobs.runDue();
    const freyaId = await personId(t, 'pupil-freya');
    expect(await catchUpOffers(t)).toEqual([freyaId, kaiId].sort());

    // The PSHE lead corrects it once more: Noah was absent too. Only Noah is newly offered; nobody twice.
    const lead = await press(t, 'teacher-5', 'register.show', { plannedLessonId });
    expect(cardText(lead)).toContain('This is the register as it stands.');
    const third = await pressWithInputs(t, 'teacher-5', lead, 'register.save', { [noah!]: 'absent' });
    expect(cardText(third)).toContain('Corrected by Mrs Rachel Moore');
    await t.bot.jobs.runDue();
    await t.bot.jobs.runDue();
    const noahId = await personId(t, 'pupil2');
    expect(await catchUpOffers(t)).toEqual([freyaId, kaiId, noahId].sort());
    expect(await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId })).toHaveLength(3);

    // Freya's offer reaches her personal chat once she talks to the bot.
    await say(t, 'pupil-freya', 'hello');
    await t.bot.sender.drainOnce();
    const offers = t.connector
      .in('a:personal-pupil-freya')
      .map((a) => cardText(cardOf(a)))
      .filter((text) => text.includes("Here's a lesson your class had."));
    expect(offers).toHaveLength(1);

    // Logs carry ids and codes, never a pupil's name.
    expect(t.logLines.join('\n')).not.toMatch(/Freya|Kai|Noah|Amelia/);
    expect(t.logLines.some((l) => l.includes('register.saved'))).toBe(true);
  });
});

describe('a register from a Teams meeting', () => {
  let t: TestBot | undefined;
  let graph: Awaited<ReturnType<typeof startGraph>> | undefined;
  afterEach(async () => {
    await t?.close();
    await graph?.close();
    t = undefined;
    graph = undefined;
  });

  it('reads the attendance report through Graph (retrying a 429), proposes the register, and saves it only when the teacher confirms', async () => {
    const joinUrl =
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d';
    graph = await startGraph({
      joinUrl,
      organiser: demoPerson('teacher').aadObjectId,
      attendees: {
        [demoPerson('teacher').aadObjectId]: 3600,
        [demoPerson('pupil').aadObjectId]: 3400,
        [demoPerson('pupil2').aadObjectId]: 600,
        [demoPerson('pupil-freya').aadObjectId]: 1800,
      },
    });
    const clock = new ManualClock(THURSDAY_15_OCT);
    t = await startTestBot({
      clock,
      env: { OUTBOX_POLL_MS: '100000' },
      meetingAttendance: new GraphMeetingAttendance({
        baseUrl: graph.baseUrl,
        token: async () => 'test-token',
        retryDelaySeconds: 1,
      }),
    });
    const plannedLessonId = await postedLesson(t);
    // The plan card's own button opens the register.
    const lessons = await say(t, 'teacher', 'lessons');
    const form = await press(t, 'teacher', 'register.show', actionFor(lessons.card, 'register.show').data);
    expect(cardText(form)).toContain('Register: Year 4 Hazel');

    const unreadable = await pressWithInputs(t, 'teacher', form, 'register.fromMeeting', {
      meeting: 'my meeting',
    });
    expect(cardText(unreadable)).toContain("Sorry, I couldn't read that.");

    // A meeting id Graph does not know (404): said kindly, nothing proposed.
    const unknown = await pressWithInputs(t, 'teacher', form, 'register.fromMeeting', {
      meeting: 'MSpub3Rhc2tlZHVsZWRtZWV0aW5n',
    });
    expect(cardText(unknown)).toContain("I couldn't find that meeting among the ones you organised.");
    const proposed = await pressWithInputs(t, 'teacher', form, 'register.fromMeeting', { meeting: joinUrl });
    const text = cardText(proposed);
    expect(text).toContain('From the Teams meeting: 3 of 4 pupils joined.');
    expect(text).toContain('1 joined for less than half of the meeting');
    // The 429 was retried after its Retry-After, and the second page of records was read.
    expect(
      graph.hits.filter((h) => h.path.endsWith(`${graph!.meetingId}/attendanceReports`)).map((h) => h.status),
    ).toEqual([429, 200]);
    expect(graph.hits.filter((h) => h.path.endsWith('/attendanceRecords'))).toHaveLength(2);
    // Amelia and Freya (at least half the hour) present; Noah (10 minutes) and Kai (not there) absent.
    const marks = inputsOf(proposed);
    const markOf = async (key: string) => marks[await markInput(t!, key)];
    expect([
      await markOf('pupil'),
      await markOf('pupil-freya'),
      await markOf('pupil2'),
      await markOf('pupil-kai'),
    ]).toEqual(['present', 'present', 'absent', 'absent']);
    // Nothing is saved until the teacher confirms.
    expect(await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId })).toEqual([]);

    // The teacher checks it (Noah came in late, in fact) and confirms.
    expect(actionFor(proposed, 'register.save').title).toBe('Confirm and save');
    const confirmed = await pressWithInputs(t, 'teacher', proposed, 'register.save', {
      [await markInput(t, 'pupil2')]: 'late',
    });
    expect(cardText(confirmed)).toContain('Saved: 2 present, 1 late, 1 absent.');
    expect(cardText(confirmed)).toContain('From the Teams meeting.');
    const [register] = await t.bot.deps.attendance.history({ kind: 'lesson', id: plannedLessonId });
    expect(register).toMatchObject({ version: 1, source: 'teams-meeting', meetingId: graph.meetingId });
    expect(t.logLines.join('\n')).not.toContain(joinUrl);
  });
});
