import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { escalationJobKeyPrefix } from '../../src/domain/reports/report.js';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import {
  auditActions,
  cardsTo,
  executeActions,
  fileReport,
  formOf,
  MINUTE,
  openChats,
  personId,
  press,
  REFUSAL,
  WHAT,
  WHEN,
  WHERE,
} from './report-case-helpers.js';

const TEAM = { kind: 'channel' as const, teamId: PLAYGROUND_TEAM.id };
const MESSAGE = 'Hello Sofia, thank you for telling us. Can we talk at break in the library?';

/**
 * The DSL side of a report through the real endpoint (issue 5 §6, §7, §9): the case opened from
 * the notification, acknowledged, written to, messaged, closed and re-opened, and refused to
 * everyone else.
 */
describe('the case card', () => {
  let t: TestBot;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  beforeAll(async () => {
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' } });
    await openChats(t, [
      'dsl',
      'deputy',
      'head',
      'chair',
      'teacher',
      'teacher-5',
      'admin',
      'pupil',
      'pupil-sofia',
    ]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    t.connector.clear();
    clock.advanceMs(MINUTE);
  });

  it('opens from the notification (audited), is acknowledged, and the pupil sees a trusted adult has read it', async () => {
    const report = await fileReport(t, clock.now(), { dangerNow: true });
    await t.bot.sender.drainOnce();
    const [notification] = cardsTo(t, 'dsl');
    expect(cardText(notification)).toContain(report.reference);
    expect(JSON.stringify(notification)).not.toContain('Zephyrin');
    const open = executeActions(notification).find((a) => a.verb === 'case.open');
    expect(open?.data).toEqual({ reportId: report.id });

    const card = await press(t, 'dsl', 'case.open', open!.data);
    const text = cardText(card);
    for (const words of [
      report.reference,
      WHERE,
      WHEN,
      WHAT,
      'Sofia Rossi',
      'Urgent',
      'Not yet acknowledged',
    ])
      expect(text).toContain(words);
    expect(text).toContain('Someone asking for pictures, to meet, or to keep a secret');
    expect(text).toContain('The safeguarding team (DSL and deputies)');
    expect(text).toContain('Report made');
    const viewed = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(viewed.filter((a) => a.action === 'report.viewed').map((a) => a.actorPersonId)).toEqual([
      await personId(t, 'dsl'),
    ]);

    t.connector.clear();
    const acknowledged = await press(t, 'dsl', 'case.acknowledge', formOf(card, 'case.acknowledge'));
    expect(cardText(acknowledged)).toContain('Acknowledged. The pupil now sees');
    expect(executeActions(acknowledged).map((a) => a.verb)).not.toContain('case.acknowledge');
    await t.bot.sender.drainOnce();
    const [update] = cardsTo(t, 'pupil-sofia');
    expect(cardText(update)).toContain('A trusted adult has read your report');
    expect(JSON.stringify(update)).not.toContain('Daniel');
    const jobs = await t.bot.store.db
      .selectFrom('scheduled_jobs')
      .select('status')
      .where('idempotency_key', 'like', `${escalationJobKeyPrefix(report.id)}%`)
      .execute();
    expect(jobs.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);

    // The deputy pressing the same button a moment later changes nothing and tells the pupil nothing.
    t.connector.clear();
    const again = await press(t, 'deputy', 'case.acknowledge', formOf(card, 'case.acknowledge'));
    expect(cardText(again)).toContain('Nothing changed');
    await t.bot.sender.drainOnce();
    expect(cardsTo(t, 'pupil-sofia')).toHaveLength(0);
  });

  it('sends the DSL’s message to the pupil’s chat as a notice without the words, once for a retried press', async () => {
    const report = await fileReport(t, clock.now());
    const card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    const form = formOf(card, 'case.message');

    const empty = await press(t, 'dsl', 'case.message', { ...form, messageText: '   ' });
    expect(cardText(empty)).toContain('Please write your message to the pupil first.');

    const sent = await press(t, 'dsl', 'case.message', { ...form, messageText: MESSAGE });
    expect(cardText(sent)).toContain('Sent. The pupil will find your message');
    expect(cardText(sent)).toContain(MESSAGE);
    // Teams delivers the same press again.
    await press(t, 'dsl', 'case.message', { ...form, messageText: MESSAGE });
    await t.bot.sender.drainOnce();
    const updates = cardsTo(t, 'pupil-sofia');
    expect(updates).toHaveLength(1);
    expect(cardText(updates[0])).toContain('You have a new message from the safeguarding team');
    expect(JSON.stringify(updates[0])).not.toContain('library');
    const messages = await t.bot.deps.reports.pupilMessages({
      schoolId: t.bot.demoSchoolId!,
      reportId: report.id,
      pupilPersonId: await personId(t, 'pupil-sofia'),
      at: clock.now(),
    });
    expect(messages?.map((m) => [m.kind, m.body])).toEqual([['message-to-pupil', MESSAGE]]);
    // Other words from the card already used are not silently dropped: the DSL is asked again.
    const stale = await press(t, 'dsl', 'case.message', { ...form, messageText: 'Something else entirely.' });
    expect(cardText(stale)).toContain('was not saved');
    expect(cardText(stale)).not.toContain('Something else entirely.');
    const outbox = await t.bot.store.db.selectFrom('outbox').select('activity').execute();
    expect(JSON.stringify(outbox)).not.toContain('library');
  });

  it('records actions and notes, closes with an outcome (the pupil is told), and re-opens only with a reason', async () => {
    const report = await fileReport(t, clock.now());
    let card = await press(t, 'deputy', 'case.open', { reportId: report.id });

    card = await press(t, 'deputy', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'note',
      noteText: '',
    });
    expect(cardText(card)).toContain('Please write the note before adding it.');
    card = await press(t, 'deputy', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'spoke-to-pupil',
      noteText: 'Spoke to her at break; she is safe at home.',
    });
    card = await press(t, 'deputy', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'contacted-parents-or-carers',
    });
    card = await press(t, 'deputy', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'referred-to-ceop',
    });
    const text = cardText(card);
    expect(text).toContain('Spoke to the pupil');
    expect(text).toContain('Spoke to her at break; she is safe at home.');
    expect(text).toContain('Contacted parents or carers');
    expect(text).toContain('Referred to CEOP');
    expect(text).toContain('Mrs Priya Shah');
    expect(text).toMatch(/Tue 24 Nov 2026, 10:\d\d/);

    const bad = await press(t, 'deputy', 'case.close', { ...formOf(card, 'case.close'), outcome: 'shrug' });
    expect(cardText(bad)).toContain("Sorry, I couldn't read that.");
    t.connector.clear();
    card = await press(t, 'deputy', 'case.close', {
      ...formOf(card, 'case.close'),
      outcome: 'referred-to-ceop',
      closeNote: 'CEOP report made, reference in the file.',
    });
    expect(cardText(card)).toContain('Closed. The pupil is told');
    expect(cardText(card)).toContain('Outcome');
    await t.bot.sender.drainOnce();
    expect(cardText(cardsTo(t, 'pupil-sofia')[0])).toContain('Your report is closed');
    expect(executeActions(card).map((a) => a.verb)).toContain('case.reopen');
    expect(executeActions(card).map((a) => a.verb)).not.toContain('case.close');

    card = await press(t, 'deputy', 'case.reopen', { ...formOf(card, 'case.reopen'), reopenReason: ' ' });
    expect(cardText(card)).toContain('Please write a reason.');
    card = await press(t, 'deputy', 'case.reopen', {
      ...formOf(card, 'case.reopen'),
      reopenReason: 'Mum rang: it has started again.',
    });
    expect(cardText(card)).toContain('Re-opened');
    expect((await t.bot.deps.reports.facts(t.bot.demoSchoolId!, report.id))?.status).toBe('acknowledged');
    expect(await auditActions(t, report.id)).toEqual(
      expect.arrayContaining(['report.entry-added', 'report.closed', 'report.reopened']),
    );
  });

  it('links the other reports from the same pupil, and none while the pupil’s name is kept back', async () => {
    const first = await fileReport(t, clock.now(), {}, 'pupil');
    const second = await fileReport(t, clock.now(), { category: 'unkind-or-bullying' }, 'pupil');
    const withheld = await fileReport(t, clock.now(), { nameWithheld: true }, 'pupil');
    const card = await press(t, 'dsl', 'case.open', { reportId: second.id });
    expect(cardText(card)).toContain('Other reports from the same pupil');
    const linked = executeActions(card)
      .filter((a) => a.verb === 'case.open')
      .map((a) => a.data.reportId);
    expect(linked).toEqual([first.id]);
    const withheldCard = await press(t, 'dsl', 'case.open', { reportId: withheld.id });
    expect(executeActions(withheldCard).filter((a) => a.verb === 'case.open')).toEqual([]);
  });

  it('keeps a long case under Teams’ card size limit, latest entries first, and says so', async () => {
    const report = await fileReport(t, clock.now(), { what: 'w'.repeat(4000), where: 'x'.repeat(200) });
    const deputy = await personId(t, 'deputy');
    for (let i = 0; i < 40; i++)
      await t.bot.deps.reports.addEntry({
        schoolId: t.bot.demoSchoolId!,
        reportId: report.id,
        actorPersonId: deputy,
        at: clock.now(),
        kind: 'note',
        body: `Note ${i} ${'n'.repeat(990)}`,
      });
    const card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    // Teams: an Adaptive Card may be at most about 28 KB.
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
    expect(cardText(card)).toMatch(/Showing the latest \d+ of 41 entries/);
    expect(cardText(card)).toContain('Note 39 ');
    expect(cardText(card)).not.toContain('Note 0 ');
  });

  it('shows the pupil’s words as plain text data, never as markdown or a template', async () => {
    // A template binding typed by a pupil must stay text: it is data, never part of the template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the point of the test
    const tricky = '**bold** [link](https://evil.example) ${reference} <b>hi</b>';
    const report = await fileReport(t, clock.now(), { what: tricky });
    const card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    const runs: unknown[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'TextRun') runs.push(v);
      return v;
    });
    expect(runs).toContainEqual(expect.objectContaining({ type: 'TextRun', text: tricky }));
    expect(JSON.stringify(card)).not.toMatch(/"type":"TextBlock","text":"\*\*bold/);
  });

  it('keeps a withheld name back, and reveals it only with a written reason, audited', async () => {
    const report = await fileReport(t, clock.now(), { nameWithheld: true });
    let card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    expect(cardText(card)).toContain("Name kept back at the pupil's request");
    expect(cardText(card)).toContain('The pupil (name kept back)');
    expect(cardText(card)).not.toContain('Sofia');

    card = await press(t, 'dsl', 'case.reveal', { ...formOf(card, 'case.reveal'), revealReason: '' });
    expect(cardText(card)).toContain('Please write a reason.');
    expect(cardText(card)).not.toContain('Sofia');
    card = await press(t, 'dsl', 'case.reveal', {
      ...formOf(card, 'case.reveal'),
      revealReason: 'Police need the child’s name for the referral.',
    });
    expect(cardText(card)).toContain('Sofia Rossi');
    expect(cardText(card)).toContain('Police need the child’s name for the referral.');
    expect(executeActions(card).map((a) => a.verb)).not.toContain('case.reveal');
    const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(audit.filter((a) => a.action === 'report.identity-revealed').map((a) => a.actorPersonId)).toEqual([
      await personId(t, 'dsl'),
    ]);
    // Still kept back from the deputy, who has not asked.
    const deputyCard = await press(t, 'deputy', 'case.open', { reportId: report.id });
    expect(cardText(deputyCard)).not.toContain('Sofia');
  });

  it('assigns to a handler of the report, and to nobody else', async () => {
    const report = await fileReport(t, clock.now());
    let card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    const choices = JSON.stringify(card);
    expect(choices).toContain('Mrs Priya Shah');
    expect(choices).not.toContain('Ms Sophie Green');
    card = await press(t, 'dsl', 'case.assign', {
      ...formOf(card, 'case.assign'),
      assignee: await personId(t, 'teacher'),
    });
    expect(cardText(card)).toContain('Please choose someone from the list');
    card = await press(t, 'dsl', 'case.assign', {
      ...formOf(card, 'case.assign'),
      assignee: await personId(t, 'deputy'),
    });
    expect(cardText(card)).toContain('Assigned.');
    expect((await t.bot.deps.reports.facts(t.bot.demoSchoolId!, report.id))?.assignedTo).toBe(
      await personId(t, 'deputy'),
    );
    // The deputy is told in their personal chat, with the reference only.
    t.connector.clear();
    await t.bot.sender.drainOnce();
    const told = cardsTo(t, 'deputy').map(cardText);
    const notice = told.find((text) => text.includes('given to you to follow up'));
    expect(notice).toContain(report.reference);
    expect(told.join('\n')).not.toContain('Zephyrin');
  });

  it('changes priority and restarts the escalation timers from now', async () => {
    const report = await fileReport(t, clock.now());
    clock.advanceMs(5 * MINUTE);
    let card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    card = await press(t, 'dsl', 'case.priority', {
      ...formOf(card, 'case.priority'),
      priority: 'urgent',
      priorityReason: 'She said he is outside school now.',
    });
    expect(cardText(card)).toContain('Priority changed.');
    expect(cardText(card)).toContain('Urgent');
    const jobs = await t.bot.store.db
      .selectFrom('scheduled_jobs')
      .select(['status', 'run_at'])
      .where('idempotency_key', 'like', `${escalationJobKeyPrefix(report.id)}%`)
      .orderBy('id')
      .execute();
    const pending = jobs.filter((j) => j.status === 'pending').map((j) => j.run_at.getTime());
    expect(jobs.filter((j) => j.status === 'cancelled')).toHaveLength(2);
    expect(pending).toEqual([clock.now().getTime() + 15 * MINUTE, clock.now().getTime() + 30 * MINUTE]);
  });

  it('re-routes to the headteacher with a reason: the head is told and the DSLs lose the case', async () => {
    const report = await fileReport(t, clock.now());
    await t.bot.sender.drainOnce();
    let card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    card = await press(t, 'dsl', 'case.reroute', {
      ...formOf(card, 'case.reroute'),
      rerouteTo: 'headteacher',
    });
    expect(cardText(card)).toContain('Please write a reason.');
    t.connector.clear();
    card = await press(t, 'dsl', 'case.reroute', {
      ...formOf(card, 'case.reroute'),
      rerouteTo: 'headteacher',
      rerouteReason: 'On talking to her, it is about a teaching assistant.',
    });
    expect(cardText(card)).toContain('You no longer handle this case');
    expect(cardText(card)).not.toContain(report.reference);
    await t.bot.sender.drainOnce();
    expect(cardsTo(t, 'head').map(cardText).join('\n')).toContain('This report has been passed to you');
    // (Other reports' notices may still be going out: the outbox paces sends to one chat.)
    expect(cardsTo(t, 'dsl').map(cardText).join('\n')).not.toContain('This report has been passed to you');
    expect(cardText(await press(t, 'dsl', 'case.open', { reportId: report.id }))).toContain(REFUSAL);
    const head = await press(t, 'head', 'case.open', { reportId: report.id });
    expect(cardText(head)).toContain('On talking to her, it is about a teaching assistant.');
    expect(cardText(head)).toContain('Yes, a member of staff');
    // The head can send it back.
    const back = await press(t, 'head', 'case.reroute', {
      ...formOf(head, 'case.reroute'),
      rerouteTo: 'safeguarding',
      rerouteReason: 'Not about staff after all: the adult is a relative.',
    });
    expect(cardText(back)).toContain('You no longer handle this case');
    expect(cardText(await press(t, 'dsl', 'case.open', { reportId: report.id }))).toContain(WHAT);
  });

  it('refuses everyone else kindly, the same way whether or not the report exists, and audits it', async () => {
    const report = await fileReport(t, clock.now());
    const refusals: string[] = [];
    for (const key of ['teacher', 'teacher-5', 'admin', 'pupil', 'pupil-sofia', 'head', 'chair']) {
      const card = await press(t, key, 'case.open', { reportId: report.id });
      refusals.push(cardText(card));
    }
    const missing = cardText(
      await press(t, 'teacher', 'case.open', { reportId: '00000000-0000-4000-8000-000000000000' }),
    );
    for (const text of [...refusals, missing]) {
      expect(text).toContain(REFUSAL);
      expect(text).toBe(missing);
      expect(text).not.toContain(report.reference);
      expect(text).not.toContain('pictures');
    }
    const refused = (await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id)).filter(
      (a) => a.action === 'report.access-refused',
    );
    expect(refused).toHaveLength(7);
    expect(refused[0]?.detail).toEqual({ attempted: 'view' });
    expect(await auditActions(t, report.id)).not.toContain('report.viewed');
  });

  it('never shows a case in a channel: it says to open it in the private chat', async () => {
    const report = await fileReport(t, clock.now());
    const card = await press(t, 'dsl', 'case.open', { reportId: report.id }, TEAM);
    expect(cardText(card)).toContain('only opened in your private chat');
    expect(JSON.stringify(card)).not.toContain(report.reference);
    await t.post(t.activities.message(demoPerson('dsl'), 'cases', TEAM));
    const [reply] = t.connector.in(PLAYGROUND_TEAM.id);
    expect(reply?.body.text).toContain('only opened in your private chat');
    expect(JSON.stringify(reply?.body)).not.toContain(report.reference);
    expect(await auditActions(t, report.id)).not.toContain('report.viewed');
  });

  it('lists the open cases a person may open, urgent first, from "cases"; others are told where reports go', async () => {
    const urgent = await fileReport(t, clock.now(), { dangerNow: true });
    const aboutStaff = await fileReport(t, clock.now(), { concernsStaff: 'staff' });
    await t.post(t.activities.message(demoPerson('dsl'), 'cases'));
    const list = cardOf(t.connector.in('a:personal-dsl')[0]);
    const opens = executeActions(list).filter((a) => a.verb === 'case.open');
    const ids = opens.map((a) => a.data.reportId);
    expect(ids).toContain(urgent.id);
    expect(ids).not.toContain(aboutStaff.id);
    const priorities = await Promise.all(
      ids.map(async (id) => (await t.bot.deps.reports.facts(t.bot.demoSchoolId!, String(id)))?.priority),
    );
    expect(priorities).toEqual(
      [...priorities].sort((a, b) => Number(b === 'urgent') - Number(a === 'urgent')),
    );
    expect(priorities).toContain('normal');
    expect(cardText(list)).toContain(`${urgent.reference} · Urgent · Not yet acknowledged`);

    const headList = await press(t, 'head', 'case.list', {});
    expect(executeActions(headList).map((a) => a.data.reportId)).toContain(aboutStaff.id);
    expect(executeActions(headList).map((a) => a.data.reportId)).not.toContain(urgent.id);

    t.connector.clear();
    await t.post(t.activities.message(demoPerson('teacher'), 'cases'));
    const [answer] = t.connector.in('a:personal-teacher');
    expect(answer?.body.text).toContain('Reports go only to the school');
    expect(JSON.stringify(answer?.body)).not.toContain('R-0');
  });

  it('tells handlers about "cases" in help, and nobody else', async () => {
    await t.post(t.activities.message(demoPerson('dsl'), 'help'));
    await t.post(t.activities.message(demoPerson('teacher'), 'help'));
    expect(cardText(cardOf(t.connector.in('a:personal-dsl')[0]))).toContain(
      'See the open reports you handle',
    );
    expect(cardText(cardOf(t.connector.in('a:personal-teacher')[0]))).not.toContain('See the open reports');
  });

  it('writes no pupil words, message or name to any log line', () => {
    const logs = t.logLines.join('\n');
    for (const words of [
      WHERE,
      WHEN,
      WHAT,
      'Zephyrin',
      MESSAGE,
      'library',
      'Sofia',
      'Rossi',
      'teaching assistant',
    ])
      expect(logs).not.toContain(words);
    expect(logs).toContain('case.opened');
  });
});
