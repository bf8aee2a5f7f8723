import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';
import { actionFor, type Card, cardsIn, press, pressOn, sayHello } from '../support/report-flow.js';

/**
 * Issue 5 §2, "are you in danger right now?": a pupil who answers yes reaches the safeguarding team
 * at once, before writing anything, so that closing the chat then loses nothing; the form they send
 * afterwards completes the same report rather than making a second one.
 */

const WHAT = 'He is outside the school gate and says he will wait for me';

describe('a pupil who says they are in danger right now', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { OUTBOX_POLL_MS: '100000' } });
    await sayHello(t, 'dsl', 'deputy', 'head', 'chair', 'pupil-sofia', 'pupil-ethan', 'pupil-aisha');
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.connector.clear());

  const db = () => t.bot.store.db;
  const personIdOf = async (key: string) =>
    (await t.bot.deps.directory.findPersonByAadObjectId(demoPerson(key).aadObjectId))!.id;
  const reportsOf = async (key: string) =>
    db()
      .selectFrom('reports')
      .selectAll()
      .where('reporter_person_id', '=', await personIdOf(key))
      .execute();
  const answerYes = async (key: string) => {
    const person = demoPerson(key);
    const start = await press(t, person, 'report.start');
    return pressOn(t, person, start, 'report.danger', {}, { dangerNow: true });
  };
  const jobsOf = (reportId: string) =>
    db()
      .selectFrom('scheduled_jobs')
      .select(['status', 'run_at'])
      .where('idempotency_key', 'like', `report:${reportId}:escalate:%`)
      .orderBy('run_at')
      .execute();

  it('is reported at once, urgent, and the team is told before any form; stopping then does not undo it', async () => {
    const categories = await answerYes('pupil-ethan');
    const [alert] = await reportsOf('pupil-ethan');
    expect(alert).toMatchObject({ priority: 'urgent', danger_now: true, details_pending: true });
    expect(alert!.name_withheld).toBe(false);
    expect(cardText(categories)).toContain('We have already told the safeguarding team');

    await t.bot.sender.drainOnce();
    for (const handler of ['dsl', 'deputy']) {
      const [notice] = cardsIn(t, handler);
      expect(cardText(notice)).toContain(alert!.reference);
      expect(cardText(notice)).toContain('URGENT');
      expect(cardText(notice)).toContain('said they are in danger right now');
      expect(cardText(notice)).toContain('Not told yet');
    }
    expect(cardsIn(t, 'head')).toHaveLength(0);

    // The pupil stops: the card is honest that the team already knows, and the report stays.
    const stopped = await pressOn(t, demoPerson('pupil-ethan'), categories, 'report.stop');
    expect(cardText(stopped)).toContain('already knows you are in danger');
    expect(cardText(stopped)).not.toContain('Nothing was sent');
    expect(await reportsOf('pupil-ethan')).toHaveLength(1);
    expect((await jobsOf(alert!.id)).map((j) => j.status)).toEqual(['pending', 'pending']);

    // The DSL sees who it is (finding the child is the point) and that the details are not in yet.
    const opened = await press(t, demoPerson('dsl'), 'case.open', { reportId: alert!.id });
    expect(cardText(opened)).toContain('Ethan Hughes');
    expect(cardText(opened)).toContain('the pupil said they are in danger right now');
  });

  it('is completed by the form the pupil sends next: one report, their words, the same timers', async () => {
    const sofia = demoPerson('pupil-sofia');
    const categories = await answerYes('pupil-sofia');
    const form = await pressOn(t, sofia, categories, 'report.category', {}, { category: 'stranger-contact' });
    expect(cardText(form)).toContain('the safeguarding team can see your name');
    const submit = {
      ...actionFor(form, 'report.submit').data,
      about: 'me',
      concernsStaff: 'no',
      where: 'Snapchat',
      what: WHAT,
      // Not offered after "yes"; sent anyway, it hides nothing the handlers already have.
      nameWithheld: 'true',
    };
    const [before] = await reportsOf('pupil-sofia');
    const jobsBefore = await jobsOf(before!.id);
    const thanks = await press(t, sofia, 'report.submit', submit);
    await press(t, sofia, 'report.submit', submit);
    expect(cardText(thanks)).toContain(before!.reference);

    const rows = await reportsOf('pupil-sofia');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      category: 'stranger-contact',
      details_pending: false,
      name_withheld: false,
      priority: 'urgent',
    });
    expect(await jobsOf(rows[0]!.id)).toEqual(jobsBefore);

    const kinds = await db()
      .selectFrom('report_entries')
      .select('kind')
      .where('report_id', '=', rows[0]!.id)
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['reported', 'details-added']);

    t.connector.clear();
    await t.bot.sender.drainOnce();
    const notices = cardsIn(t, 'dsl').map(cardText);
    const detailsNotice = notices.find((text) => text.includes('The pupil has now told us what happened'));
    expect(detailsNotice).toContain(before!.reference);
    expect(notices.join('\n')).not.toContain('school gate');

    const opened = await press(t, demoPerson('dsl'), 'case.open', { reportId: rows[0]!.id });
    expect(cardText(opened)).toContain(WHAT);
    expect(cardText(opened)).toContain('The pupil told us what happened');
    expect(t.logLines.join('\n')).not.toContain('school gate');
  });

  it('moves to the headteacher when the pupil then says it is about a member of staff', async () => {
    const aisha = demoPerson('pupil-aisha');
    const categories = await answerYes('pupil-aisha');
    const [alert] = await reportsOf('pupil-aisha');
    expect(alert!.routed_to).toBe('safeguarding');
    const form = await pressOn(t, aisha, categories, 'report.category', {}, { category: 'something-else' });
    t.connector.clear();
    await press(t, aisha, 'report.submit', {
      ...actionFor(form, 'report.submit').data,
      about: 'me',
      concernsStaff: 'staff',
      what: 'A teacher keeps messaging me on Instagram',
    });
    const [row] = await reportsOf('pupil-aisha');
    expect(row).toMatchObject({ routed_to: 'headteacher', concerns_staff: 'staff', details_pending: false });

    await t.bot.sender.drainOnce();
    const [headNotice] = cardsIn(t, 'head');
    expect(cardText(headNotice)).toContain(row!.reference);
    const refused: Card = await press(t, demoPerson('dsl'), 'case.open', { reportId: row!.id });
    expect(cardText(refused)).not.toContain('Instagram');
    const headView = await press(t, demoPerson('head'), 'case.open', { reportId: row!.id });
    expect(cardText(headView)).toContain('Instagram');
    // The escalation clock starts again for the new handler.
    const jobs = await jobsOf(row!.id);
    expect(jobs.filter((j) => j.status === 'cancelled')).toHaveLength(2);
    expect(jobs.filter((j) => j.status === 'pending')).toHaveLength(2);
  });
});
