import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import {
  actionFor,
  actionsOf,
  personId,
  planAndConfirm,
  press,
  say,
  TEAM,
  until,
} from './teaching.support.js';

/**
 * The quiz on the lesson card in the class channel (Universal Actions), the teacher's results,
 * and the catch-up. Year 4 Hazel's autumn 1 lesson, "Keep it private", has six questions; the
 * right answers are address, three-words, keep-it, code, tell-adult, clues.
 */
const RIGHT = ['address', 'three-words', 'keep-it', 'code', 'tell-adult', 'clues'];

async function postedLesson(t: TestBot): Promise<{ plannedLessonId: string; card: Record<string, unknown> }> {
  await t.post(t.activities.botInstalled(demoPerson('teacher'), TEAM));
  t.connector.clear(); // the class welcome
  const plan = await planAndConfirm(t);
  await press(t, 'teacher', 'lesson.start', actionFor(plan, 'lesson.start').data);
  await t.bot.sender.drainOnce();
  await until(() => t.connector.in(PLAYGROUND_TEAM.id).length === 1);
  await until(async () => (await t.bot.deps.outbox.counts()).sent >= 1);
  const card = cardOf(t.connector.in(PLAYGROUND_TEAM.id)[0])!;
  const plannedLessonId = actionFor(card, 'quiz.answer').data.plannedLessonId as string;
  return { plannedLessonId, card };
}

/** Presses the choice `choiceId` on the card the presser last saw. */
async function answer(t: TestBot, key: string, card: unknown, choiceId: string) {
  const action = actionsOf(card).find((a) => a.verb === 'quiz.answer' && a.data.choiceId === choiceId);
  if (!action) throw new Error(`no choice ${choiceId} on the card`);
  return press(t, key, 'quiz.answer', action.data, TEAM);
}

async function answerCount(t: TestBot, key: string): Promise<number> {
  const id = await personId(t, key);
  const row = await t.bot.store.db
    .selectFrom('quiz_answers')
    .select(sql<string>`count(*)`.as('n'))
    .where('person_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the quiz on the lesson card', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('three pupils answer differently, each sees only their own view, and the teacher alone sees the right numbers', async () => {
    const clock = new ManualClock(new Date('2026-10-15T12:00:00Z'));
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    const { plannedLessonId, card: lessonCard } = await postedLesson(t);
    const channelBefore = t.connector.in(PLAYGROUND_TEAM.id).length;

    // Amelia: all right.
    let amelia: unknown = lessonCard;
    const ameliaViews: string[] = [];
    for (const choice of RIGHT) {
      amelia = await answer(t, 'pupil', amelia, choice);
      ameliaViews.push(cardText(amelia));
    }
    expect(ameliaViews[0]).toContain("✅ That's right!");
    expect(ameliaViews[0]).toContain('You chose: Your home address');
    expect(ameliaViews[0]).toContain('Your home address is private.');
    expect(ameliaViews[0]).toContain('Question 2 of 6');
    expect(ameliaViews[0]).toContain('Which password is the strongest?');
    expect(ameliaViews[0]).toContain('Only you can see this.');
    expect(ameliaViews[5]).toContain('You finished the quiz! You got 6 out of 6.');
    expect(ameliaViews.join('\n')).not.toContain('Not quite');

    // Noah: three right, then tries again and gets them all.
    const noahChoices = ['colour', 'three-words', 'tell-friend', 'code', 'tell', 'clues'];
    let noah: unknown = lessonCard;
    const noahViews: string[] = [];
    for (const choice of noahChoices) {
      noah = await answer(t, 'pupil2', noah, choice);
      noahViews.push(cardText(noah));
    }
    expect(noahViews[0]).toContain('💭 Not quite.');
    expect(noahViews[0]).toContain('You chose: Your favourite colour');
    expect(noahViews[0]).toContain('Your home address is private.');
    expect(noahViews[0]).not.toContain("That's right");
    expect(noahViews[5]).toContain('You got 3 out of 6.');
    noah = await press(t, 'pupil2', 'quiz.retry', actionFor(noah, 'quiz.retry').data, TEAM);
    expect(cardText(noah)).toContain('Question 1 of 6');
    for (const choice of RIGHT) noah = await answer(t, 'pupil2', noah, choice);
    expect(cardText(noah)).toContain('You got 6 out of 6.');
    expect(cardText(noah)).toContain('First try: 3 out of 6. Best: 6 out of 6.');

    // Freya: two wrong, then stops.
    let freya: unknown = await answer(t, 'pupil-freya', lessonCard, 'game');
    freya = await answer(t, 'pupil-freya', freya, 'numbers');
    expect(cardText(freya)).toContain('Question 3 of 6');
    expect(cardText(freya)).toContain('💭 Not quite.');

    // No view names anyone, and the channel got nothing from the presses.
    for (const view of [...ameliaViews, ...noahViews, cardText(freya)])
      expect(view).not.toMatch(/Amelia|Noah|Freya/);
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toHaveLength(channelBefore);

    // "I want to tell someone" on the lesson card is answered by the report flow, privately:
    // nothing appears in the channel.
    const tell = await press(t, 'pupil', 'report.start', actionFor(lessonCard, 'report.start').data, TEAM);
    expect(cardText(tell).length).toBeGreaterThan(0);
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toHaveLength(channelBefore);

    // A double press (the original card again) stores nothing more; the first answer stands.
    const again = await answer(t, 'pupil', lessonCard, 'colour');
    expect(cardText(again)).not.toContain('Not quite');
    expect(await answerCount(t, 'pupil')).toBe(6);

    // Staff and another class's pupil are told kindly, and nothing is stored for them.
    for (const key of ['teacher', 'teacher-3', 'dsl']) {
      expect(cardText(await answer(t, key, lessonCard, 'address'))).toContain(
        "This quiz is for pupils, so I haven't saved anything.",
      );
      expect(await answerCount(t, key)).toBe(0);
    }
    expect(cardText(await answer(t, 'pupil-sofia', lessonCard, 'address'))).toContain(
      "This quiz is for another class, so I haven't saved your answer.",
    );
    expect(await answerCount(t, 'pupil-sofia')).toBe(0);
    const bad = await press(
      t,
      'pupil',
      'quiz.answer',
      { plannedLessonId, questionId: 'which-is-private' },
      TEAM,
    );
    expect(cardText(bad)).toContain("Sorry, I couldn't read that answer.");

    // The teacher's summary, in their personal chat.
    const { card: results } = await say(t, 'teacher', 'results');
    const text = cardText(results);
    expect(text).toContain('Quiz results: Year 4 Hazel');
    expect(text).toContain('Took part\n3 of 4 pupils');
    // First tries 6, 3 and 0 of 6: 100%, 50%, 0%. Best 6, 6, 0: 100%, 100%, 0%.
    expect(text).toContain('Average score, first try\n50%');
    expect(text).toContain('Average best score\n67%');
    const order = [
      ['Which of these is private?', '33% right'],
      ['Your best friend asks for your game password. What should you do?', '50% right'],
      ['Someone in a game asks what school you go to. What should you do?', '50% right'],
      ['Which password is the strongest?', '67% right'],
      ['What does a two-step check do?', '100% right'],
      ['You want to post a photo of yourself. What should you check first?', '100% right'],
    ];
    expect(text).toContain(order.map((pair) => pair.join('\n')).join('\n'));
    expect(text).toContain('Worth another look\n• Privacy and security\n• Online reputation');
    expect(text).not.toMatch(/Amelia|Noah|Freya|Kai/);

    // The PSHE lead sees them too; a teacher of another class and the DSL do not.
    expect(cardText(await press(t, 'teacher-5', 'results.show', { plannedLessonId }))).toContain(
      '3 of 4 pupils',
    );
    const other = await press(t, 'teacher-3', 'results.show', { plannedLessonId });
    expect(cardText(other)).toContain('Sorry, you can only see results for a class you teach.');
    expect(cardText(other)).not.toContain('pupils');
    expect((await say(t, 'teacher-3', 'results')).text).toContain('There are no results yet.');
    expect(cardText(await press(t, 'dsl', 'results.show', { plannedLessonId }))).toContain(
      'Sorry, you can only see results for a class you teach.',
    );
    // Never in the channel.
    const inChannel = await say(t, 'teacher', 'results', TEAM);
    expect(inChannel.card).toBeUndefined();
    expect(inChannel.text).toContain("Let's do that in our private chat");
    expect(cardText(await press(t, 'teacher', 'results.show', { plannedLessonId }, TEAM))).not.toContain('%');
  });

  it('offers the lesson and quiz in their personal chat to pupils who did not answer, once the lesson is delivered', async () => {
    const clock = new ManualClock(new Date('2026-10-15T12:00:00Z'));
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    const { card } = await postedLesson(t);
    for (const key of ['pupil', 'pupil2', 'pupil-freya']) await answer(t, key, card, 'address');

    expect((await say(t, 'teacher', 'mark delivered')).text).toContain("Thanks, it's marked as delivered.");
    expect((await say(t, 'teacher', 'mark delivered')).text).toContain('no posted lessons');
    // The next school day (Friday 16 October) at the lesson's time, 10:30 BST.
    clock.set(new Date('2026-10-16T09:29:00Z'));
    expect(await t.bot.jobs.runDue()).toBe(0);
    clock.set(new Date('2026-10-16T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.jobs.runDue();
    const offered = await t.bot.store.db
      .selectFrom('outbox')
      .select(['person_id'])
      .where('idempotency_key', 'like', 'lesson-catch-up:%')
      .execute();
    expect(offered.map((o) => o.person_id)).toEqual([await personId(t, 'pupil-kai')]);

    // Kai has not talked to the bot yet: the offer waits, then arrives when he does.
    await say(t, 'pupil-kai', 'hello');
    await t.bot.sender.drainOnce();
    const catchUp = t.connector
      .in('a:personal-pupil-kai')
      .map((a) => cardOf(a))
      .find((c) => cardText(c).includes('Keep it private'));
    expect(cardText(catchUp)).toContain("Here's a lesson your class had.");
    const view = await press(
      t,
      'pupil-kai',
      'quiz.answer',
      actionFor(catchUp, 'quiz.answer', 'Your home address').data,
    );
    expect(cardText(view)).toContain("✅ That's right!");
    expect(await answerCount(t, 'pupil-kai')).toBe(1);

    // Delivered, so the check two school days after its planned date tells nobody.
    clock.set(new Date('2026-10-21T09:30:00Z'));
    await t.bot.jobs.runDue();
    const told = await t.bot.store.db
      .selectFrom('outbox')
      .select('id')
      .where('idempotency_key', 'like', 'lesson-undelivered:%')
      .execute();
    expect(told).toEqual([]);
  });

  it("sends the class's results to its teacher when the quiz closes, three school days after the lesson", async () => {
    const clock = new ManualClock(new Date('2026-10-15T12:00:00Z'));
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    const { plannedLessonId, card } = await postedLesson(t);
    await answer(t, 'pupil', card, 'address');
    await answer(t, 'pupil2', card, 'colour');
    expect((await say(t, 'teacher', 'mark delivered')).text).toContain("Thanks, it's marked as delivered.");
    const resultsQueued = () =>
      t!.bot.store.db
        .selectFrom('outbox')
        .select(['person_id'])
        .where('idempotency_key', 'like', 'lesson-results:%')
        .execute();

    // Taught on Thursday 15 October; catch-up on Friday; the quiz closes on Tuesday 20 October at
    // the lesson's time (10:30 BST), not before.
    clock.set(new Date('2026-10-20T09:29:00Z'));
    await t.bot.jobs.runDue();
    expect(await resultsQueued()).toEqual([]);
    // Freya catches up meanwhile: she counts.
    await answer(t, 'pupil-freya', card, 'address');
    clock.set(new Date('2026-10-20T09:30:00Z'));
    await t.bot.jobs.runDue();
    await t.bot.jobs.runDue();
    expect((await resultsQueued()).map((r) => r.person_id)).toEqual([await personId(t, 'teacher')]);

    t.connector.clear();
    await t.bot.sender.drainOnce();
    const notes = t.connector.in('a:personal-teacher').map((a) => cardOf(a));
    const note = notes.find((c) => cardText(c).includes('Quiz results: Year 4 Hazel'));
    expect(cardText(note)).toContain('3 of 4 pupils took part');
    expect(cardText(note)).not.toMatch(/Amelia|Noah|Freya|Kai/);
    // Nothing about it in the class channel.
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toEqual([]);
    const results = await press(t, 'teacher', 'results.show', actionFor(note, 'results.show').data);
    expect(actionFor(note, 'results.show').data).toEqual({ plannedLessonId });
    expect(cardText(results)).toContain('Took part\n3 of 4 pupils');

    // Each teacher is told once, however often the job runs.
    await t.bot.jobs.runDue();
    expect(await resultsQueued()).toHaveLength(1);
  });

  it('lets the teacher drive a 4-7 quiz for the class; a pupil pressing is told kindly and nothing is stored', async () => {
    const clock = new ManualClock(new Date('2026-10-15T12:00:00Z'));
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000' } });
    const schoolId = t.bot.demoSchoolId!;
    const receptionTeam = '19:demo-reception-robins@thread.tacv2';
    await t.bot.deps.directory.upsertClass(schoolId, {
      name: 'Reception Robins',
      yearGroup: 0,
      teamsTeamId: receptionTeam,
    });
    const team = { kind: 'channel' as const, teamId: receptionTeam };
    await t.post(t.activities.botInstalled(demoPerson('teacher-0'), team));
    t.connector.clear(); // the class welcome
    const plan = await planAndConfirm(t, 'teacher-0');
    await press(t, 'teacher-0', 'lesson.start', actionFor(plan, 'lesson.start').data);
    await t.bot.sender.drainOnce();
    await until(() => t!.connector.in(receptionTeam).length === 1);
    const lessonCard = cardOf(t.connector.in(receptionTeam)[0])!;
    expect(cardText(lessonCard)).toContain('Your teacher will choose the answers with the class.');
    const first = actionsOf(lessonCard).find((a) => a.verb === 'quiz.answer')!;

    const pupil = await press(t, 'pupil-ava', 'quiz.answer', first.data, team);
    expect(cardText(pupil)).toContain('Your teacher will choose the answer with the class.');
    expect(await answerCount(t, 'pupil-ava')).toBe(0);

    const teacherView = await press(t, 'teacher-0', 'quiz.answer', first.data, team);
    expect(cardText(teacherView)).toContain('The class chose:');
    expect(cardText(teacherView)).toContain('Question 2 of');
    expect(cardText(teacherView)).not.toContain('Only you can see this.');
    expect(await answerCount(t, 'teacher-0')).toBe(1);
    const { card: results } = await say(t, 'teacher-0', 'results');
    expect(cardText(results)).toContain('Answered together\n');
    expect(cardText(results)).toMatch(/\n(100|0)% right/);
    expect(cardText(results)).not.toContain('Took part');
  });
});
