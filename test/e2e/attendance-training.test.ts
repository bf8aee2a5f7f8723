import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { GraphMeetingAttendance } from '../../src/graph/meeting-attendance.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';
import { inputsOf, pressWithInputs, startGraph } from './attendance.support.js';
import { actionFor, personId, press, say } from './teaching.support.js';

/**
 * Training session registers (issue 6 §7-8): leadership records who came to a session, and the
 * course is recorded as done for those who came; a correction withdraws what the register gave.
 * Thursday 15 October 2026, an online-safety update after school.
 */
const THURSDAY_15_OCT_5PM = new Date('2026-10-15T16:00:00Z');
const SESSION = { courseId: 'online-safety-update', completedOn: '2026-10-15', provider: 'INSET day' };

async function registerDone(t: TestBot, key: string): Promise<boolean> {
  const records = await t.bot.deps.training.records(t.bot.demoSchoolId!, await personId(t, key));
  return records.some(
    (r) =>
      r.courseId === SESSION.courseId && r.completedOn === SESSION.completedOn && r.source === 'register',
  );
}

const mark = async (t: TestBot, key: string) => `mark-${await personId(t, key)}`;

describe('a training session register', () => {
  let t: TestBot | undefined;
  let graph: Awaited<ReturnType<typeof startGraph>> | undefined;
  afterEach(async () => {
    await t?.close();
    await graph?.close();
    t = undefined;
    graph = undefined;
  });

  it('records the course for those who came; a correction keeps the earlier version and withdraws what it gave', async () => {
    t = await startTestBot({
      clock: new ManualClock(THURSDAY_15_OCT_5PM),
      env: { OUTBOX_POLL_MS: '100000' },
    });
    expect((await say(t, 'teacher', 'training register')).text).toContain(
      'Sorry, training registers are kept by the headteacher, leadership and the school admin.',
    );
    const { card } = await say(t, 'head', 'training register');
    expect(cardText(card)).toContain('Training register');
    const form = card!;
    // Nobody is credited by default.
    expect(
      Object.entries(inputsOf(form)).filter(([k, v]) => k.startsWith('mark-') && v !== 'absent'),
    ).toEqual([]);
    const [teacher, dsl] = [await mark(t, 'teacher'), await mark(t, 'dsl')];

    // Who ran it is needed: told kindly, with what was typed kept.
    const missing = await pressWithInputs(t, 'head', form, 'register.trainingSave', {
      ...SESSION,
      provider: '',
      [teacher]: 'present',
    });
    expect(cardText(missing)).toContain('Add who ran it');
    expect(await registerDone(t, 'teacher')).toBe(false);
    // Someone who may not record training for others cannot save one either.
    const forged = await pressWithInputs(t, 'teacher', form, 'register.trainingSave', {
      ...SESSION,
      [teacher]: 'present',
    });
    expect(cardText(forged)).toContain('Sorry, training registers are kept by');

    const saved = await pressWithInputs(t, 'head', form, 'register.trainingSave', {
      ...SESSION,
      [teacher]: 'present',
      [dsl]: 'late',
    });
    expect(cardText(saved)).toContain('Saved: 2 came.');
    expect(cardText(saved)).toContain('new training records: 2');
    expect(cardText(saved)).toContain('Taken by Mrs Helen Carter, Thursday 15 October 2026, 17:00.');
    expect(await registerDone(t, 'teacher')).toBe(true);
    expect(await registerDone(t, 'dsl')).toBe(true);
    expect(await registerDone(t, 'deputy')).toBe(false);
    // The same form again records nothing twice.
    const twice = await pressWithInputs(t, 'head', form, 'register.trainingSave', {
      ...SESSION,
      [teacher]: 'present',
      [dsl]: 'late',
    });
    expect(cardText(twice)).toContain('That register was already saved.');

    // Later, the session is found again by course and date, and corrected: the DSL had left early.
    const shown = await pressWithInputs(t, 'head', form, 'register.trainingShow', SESSION);
    expect(cardText(shown)).toContain('This is the register for this session as it stands.');
    expect(inputsOf(shown)[dsl]).toBe('late');
    const corrected = await pressWithInputs(t, 'head', shown, 'register.trainingSave', { [dsl]: 'absent' });
    expect(cardText(corrected)).toContain(
      "Training records withdrawn, because the correction says they didn't come: 1.",
    );
    expect(cardText(corrected)).toContain('Corrected by Mrs Helen Carter');
    expect(await registerDone(t, 'dsl')).toBe(false);
    expect(await registerDone(t, 'teacher')).toBe(true);
    const dslId = await personId(t, 'dsl');
    const history = await t.bot.deps.attendance.history({
      kind: 'training-session',
      id: 'online-safety-update/2026-10-15',
    });
    expect(history.map((h) => h.marks.find((m) => m.personId === dslId)?.mark)).toEqual(['late', 'absent']);
    // Every training row stays as written: the DSL's record and its withdrawal.
    const rows = await t.bot.deps.training.history(t.bot.demoSchoolId!, dslId);
    expect(rows.map((r) => [r.source, r.withdrawn])).toEqual([
      ['register', false],
      ['on-behalf', true],
    ]);

    // Corrected back: the record counts again, through a correction of the withdrawal.
    const back = await pressWithInputs(t, 'head', corrected, 'register.trainingSave', { [dsl]: 'present' });
    expect(cardText(back)).toContain('new training records: 1');
    expect(await registerDone(t, 'dsl')).toBe(true);
    expect(t.logLines.join('\n')).not.toMatch(/Okafor|Green|INSET/);
  });

  it('proposes who came from the Teams meeting for the organiser to confirm', async () => {
    const joinUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_T%40thread.v2/0';
    graph = await startGraph({
      joinUrl,
      organiser: demoPerson('head').aadObjectId,
      meeting: { start: '2026-10-15T15:00:00Z', end: '2026-10-15T16:00:00Z' },
      attendees: {
        [demoPerson('head').aadObjectId]: 3600,
        [demoPerson('teacher').aadObjectId]: 3000,
        [demoPerson('deputy').aadObjectId]: 1200,
      },
    });
    t = await startTestBot({
      clock: new ManualClock(THURSDAY_15_OCT_5PM),
      env: { OUTBOX_POLL_MS: '100000' },
      meetingAttendance: new GraphMeetingAttendance({
        baseUrl: graph.baseUrl,
        token: async () => 'test-token',
        retryDelaySeconds: 1,
      }),
    });
    const { card } = await say(t, 'head', 'training register');
    const proposed = await pressWithInputs(t, 'head', card!, 'register.trainingFromMeeting', {
      ...SESSION,
      meeting: joinUrl,
    });
    expect(cardText(proposed)).toContain('From the Teams meeting: 3 of');
    const marks = inputsOf(proposed);
    expect([
      marks[await mark(t, 'head')],
      marks[await mark(t, 'teacher')],
      marks[await mark(t, 'deputy')],
    ]).toEqual(['present', 'present', 'absent']);
    expect(marks.courseId).toBe(SESSION.courseId);
    expect(await registerDone(t, 'teacher')).toBe(false);
    expect(actionFor(proposed, 'register.trainingSave').title).toBe('Confirm and save');
    const confirmed = await press(t, 'head', 'register.trainingSave', {
      ...inputsOf(proposed),
      ...actionFor(proposed, 'register.trainingSave').data,
    });
    expect(cardText(confirmed)).toContain('Saved: 2 came.');
    expect(cardText(confirmed)).toContain('From the Teams meeting.');
    expect(await registerDone(t, 'teacher')).toBe(true);
    expect(await registerDone(t, 'head')).toBe(true);
  });
});
