import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { pupilNotice } from '../../src/teams/reports/notices.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import {
  actionFor,
  actionsOf,
  type Card,
  cardsIn,
  fileReport,
  inputsOf,
  press,
  pressOn,
  sayHello,
} from '../support/report-flow.js';

/**
 * Issue 5, the pupil's side, through the real endpoint: a Year 5 pupil tells the safeguarding team
 * about something that happened online, in her personal chat; the DSL and deputy hear of it with
 * the reference, priority and category only; nothing she wrote is found outside the encrypted
 * columns, the logs or any message but her own.
 */

const SOFIA = demoPerson('pupil-sofia');
const TEAM = { kind: 'channel' as const, teamId: PLAYGROUND_TEAM.id };
/** Sofia's words: none may be found in a notification, an outbox row, a log line or a plain column. */
const WHERE = 'Minecraft, on the Skyblock server';
const WHAT = 'A boy called Dravenmoor keeps asking me to send a photo and says not to tell';
const SECRET_WORDS = ['Skyblock', 'Dravenmoor', 'send a photo'];
const NAMES = ['Sofia', 'Rossi'];

describe('a pupil’s private report', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { OUTBOX_POLL_MS: '100000' } });
    // Notifications go to personal chats, which exist once someone has talked to the bot.
    await sayHello(t, 'dsl', 'deputy', 'head', 'chair', 'pupil', 'pupil2', 'pupil-sofia', 'teacher');
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.connector.clear());

  const db = () => t.bot.store.db;
  const reportsOf = async (personKey: string) => {
    const person = await t.bot.deps.directory.findPersonByAadObjectId(demoPerson(personKey).aadObjectId);
    return db().selectFrom('reports').selectAll().where('reporter_person_id', '=', person!.id).execute();
  };
  const outboxFor = (reportId: string) =>
    db().selectFrom('outbox').selectAll().where('idempotency_key', 'like', `report:${reportId}:%`).execute();

  it('lets a Year 5 pupil file a report end to end, and tells the DSL and deputy without a word of it', async () => {
    // She says so in her own words, in her personal chat.
    await t.post(t.activities.message(SOFIA, 'something happened online'));
    const [offer] = cardsIn(t, 'pupil-sofia');
    const start = offer!;
    const startText = cardText(start);
    expect(startText).toContain('Designated Safeguarding Lead');
    expect(startText).toContain('You are not in trouble');
    expect(startText).toContain('They may want to talk to you');
    expect(startText).toContain('Are you in danger right now?');
    expect(startText).toContain('0800 1111');

    // Not in danger: what kind of thing happened, as big buttons.
    const categories = await pressOn(t, SOFIA, start, 'report.danger', {}, { dangerNow: false });
    expect(cardText(categories)).not.toContain('999');
    const choices = actionsOf(categories).filter((a) => a.verb === 'report.category');
    expect(choices.map((c) => c.data?.category)).toEqual([
      'unkind-or-bullying',
      'asked-for-pictures-to-meet-or-a-secret',
      'saw-something-upsetting',
      'stranger-contact',
      'scam-hack-or-money',
      'worried-about-a-friend',
      'something-else',
    ]);
    expect(cardText(categories)).toContain('🤫 Someone asked for pictures, to meet, or to keep a secret');

    const form = await pressOn(
      t,
      SOFIA,
      categories,
      'report.category',
      {},
      {
        category: 'asked-for-pictures-to-meet-or-a-secret',
      },
    );
    const formText = cardText(form);
    expect([...inputsOf(form).keys()].sort()).toEqual(
      ['about', 'concernsStaff', 'nameWithheld', 'what', 'when', 'where'].sort(),
    );
    expect(formText).toContain(
      'Never send or keep a picture of someone with no clothes on, even of yourself',
    );
    expect(formText).toContain('If it is about a grown-up at school, the headteacher reads it');
    expect(formText).toContain('If they need to know who you are to keep someone safe, they can find out');
    expect(formText).toContain('They must write down why');
    // Report Remove is named from 11, as in the lessons.
    expect(formText).not.toContain('Report Remove');

    const submitData = {
      ...actionFor(form, 'report.submit').data,
      about: 'me',
      concernsStaff: 'no',
      where: WHERE,
      when: 'Yesterday',
      what: WHAT,
      nameWithheld: 'true',
    };
    const thanks = await press(t, SOFIA, 'report.submit', submitData);

    // Thanked only for a report that exists.
    const [row] = await reportsOf('pupil-sofia');
    expect(row).toMatchObject({
      priority: 'normal',
      status: 'sent',
      name_withheld: true,
      routed_to: 'safeguarding',
    });
    const thanksText = cardText(thanks);
    expect(thanksText).toContain('Thank you for telling us');
    expect(thanksText).toContain(`Your report number is ${row!.reference}.`);
    expect(thanksText).toContain('The safeguarding team has been told.');
    expect(thanksText).toContain('A trusted adult will read it soon');
    expect(thanksText).toContain('Childline: call free on 0800 1111');
    expect(thanksText).toContain('CEOP');
    expect(thanksText).not.toContain('999');
    expect(actionFor(thanks, 'report.mine')).toBeDefined();

    // The escalation timers are set with it.
    const jobs = await db()
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('idempotency_key', 'like', `report:${row!.id}:escalate:%`)
      .execute();
    expect(jobs).toHaveLength(2);

    // The DSL and the deputy hear of it in their personal chats; nobody else does.
    t.connector.clear();
    await t.bot.sender.drainOnce();
    for (const key of ['dsl', 'deputy']) {
      const cards = cardsIn(t, key);
      expect(cards, key).toHaveLength(1);
      const text = cardText(cards[0]);
      expect(text).toContain(row!.reference);
      expect(text).toContain('Normal');
      expect(text).toContain('Someone asking for pictures, to meet, or to keep a secret');
      expect(actionFor(cards[0], 'case.open').data).toEqual({ reportId: row!.id });
    }
    expect(t.connector.received.map((a) => a.conversationId).sort()).toEqual([
      'a:personal-deputy',
      'a:personal-dsl',
    ]);
    const sent = JSON.stringify(t.connector.received);
    const queued = JSON.stringify(await outboxFor(row!.id));
    for (const words of [...SECRET_WORDS, ...NAMES, 'Yesterday']) {
      expect(sent, words).not.toContain(words);
      expect(queued, words).not.toContain(words);
    }
  });

  it('starts a report from the words a pupil might use, in the personal chat', async () => {
    const noah = demoPerson('pupil2');
    for (const words of [
      "I'm worried",
      'something happened online',
      'help me',
      'tell someone',
      'report',
      'I want to report something',
      'can I tell someone?',
    ]) {
      t.connector.clear();
      await t.post(t.activities.message(noah, words));
      expect(cardText(cardsIn(t, 'pupil2')[0]), words).toContain('Are you in danger right now?');
    }
    // Ordinary words still get the help card, not a report.
    t.connector.clear();
    await t.post(t.activities.message(noah, 'purple elephants'));
    expect(cardText(cardsIn(t, 'pupil2')[0])).not.toContain('Are you in danger right now?');
  });

  it('keeps her words out of every plain column, the database files and the log', async () => {
    const [row] = await reportsOf('pupil-sofia');
    const tables = ['reports', 'report_entries', 'audit_log', 'outbox', 'scheduled_jobs', 'conversations'];
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db());
      const text = JSON.stringify(rows.rows);
      for (const words of SECRET_WORDS) expect(text, `${table}: ${words}`).not.toContain(words);
    }
    await t.bot.store.pglite!.query('CHECKPOINT');
    const files = Buffer.from(await (await t.bot.store.pglite!.dumpDataDir('none')).arrayBuffer());
    for (const words of SECRET_WORDS) expect(files.includes(Buffer.from(words, 'utf8')), words).toBe(false);
    expect(files.includes(Buffer.from(row!.reference, 'utf8'))).toBe(true);
    const logs = t.logLines.join('\n');
    for (const words of [...SECRET_WORDS, WHERE]) expect(logs, words).not.toContain(words);
    expect(logs).toContain('report.submitted');
  });

  it('tells a pupil in danger to go to an adult or call 999 first, on every card, and marks it urgent', async () => {
    const noah = demoPerson('pupil2');
    const start = await press(t, noah, 'report.start');
    const categories = await pressOn(t, noah, start, 'report.danger', {}, { dangerNow: true });
    const firstTextOf = (card: Card) => cardText((card.body as unknown[])[0]);
    expect(firstTextOf(categories)).toContain('Go to an adult in school now, or call 999.');
    const form = await pressOn(t, noah, categories, 'report.category', {}, { category: 'stranger-contact' });
    expect(firstTextOf(form)).toContain('999');
    const thanks = await pressOn(t, noah, form, 'report.submit', {
      about: 'me',
      what: 'He said he knows where I live',
    });
    expect(firstTextOf(thanks)).toContain('999');
    expect(cardText(thanks)).toContain('It is marked urgent');

    const [row] = await reportsOf('pupil2');
    expect(row).toMatchObject({ priority: 'urgent', danger_now: true });
    await t.bot.sender.drainOnce();
    const [notice] = cardsIn(t, 'dsl');
    expect(cardText(notice)).toContain('URGENT');
    expect(cardText(notice)).toContain(row!.reference);
    expect(cardText(notice)).not.toContain('knows where I live');
    // Urgent escalates after 15 minutes, then to the next in line.
    const jobs = await db()
      .selectFrom('scheduled_jobs')
      .select('run_at')
      .where('idempotency_key', 'like', `report:${row!.id}:escalate:%`)
      .orderBy('run_at')
      .execute();
    expect(jobs.map((j) => (j.run_at.getTime() - row!.created_at.getTime()) / 60_000)).toEqual([15, 30]);
  });

  it('makes one report and one set of notifications however often the same send arrives', async () => {
    const freya = demoPerson('pupil-freya');
    await sayHello(t, 'pupil-freya');
    const { submit } = await fileReport(t, 'pupil-freya', { what: 'Duplicate test words' });
    // Teams retries the same activity; the pupil presses send twice; both at once.
    const activity = t.activities.cardAction(freya, 'report.submit', submit);
    await t.post(activity);
    await t.post(activity);
    await press(t, freya, 'report.submit', submit);
    await Promise.all([1, 2, 3].map(() => press(t, freya, 'report.submit', submit)));
    const rows = await reportsOf('pupil-freya');
    expect(rows).toHaveLength(1);
    const outbox = await outboxFor(rows[0]!.id);
    expect(outbox.map((o) => o.person_id).sort()).toHaveLength(2);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('report_id', '=', rows[0]!.id)
      .where('action', '=', 'report.created')
      .execute();
    expect(audit).toHaveLength(1);
    t.connector.clear();
    await t.bot.sender.drainOnce();
    await t.bot.sender.drainOnce();
    expect(t.connector.received).toHaveLength(2);
  });

  it('thanks nobody whose report was not committed', async () => {
    const kai = demoPerson('pupil-kai');
    const start = await press(t, kai, 'report.start');
    const categories = await pressOn(t, kai, start, 'report.danger', {}, { dangerNow: false });
    const form = await pressOn(t, kai, categories, 'report.category', {}, { category: 'something-else' });
    const reports = t.bot.deps.reports;
    const create = reports.create.bind(reports);
    reports.create = async () => {
      throw new Error('database unavailable');
    };
    try {
      const res = await t.post(
        t.activities.cardAction(kai, 'report.submit', {
          ...actionFor(form, 'report.submit').data,
          about: 'me',
        }),
      );
      expect(JSON.stringify(res.body ?? '')).not.toContain('Thank you for telling us');
      expect((res.body as { statusCode?: number } | undefined)?.statusCode ?? res.status).not.toBe(200);
    } finally {
      reports.create = create;
    }
    expect(await reportsOf('pupil-kai')).toHaveLength(0);
    // The same card, sent again once the database is back, makes the report.
    const thanks = await press(t, kai, 'report.submit', {
      ...actionFor(form, 'report.submit').data,
      about: 'me',
    });
    expect(cardText(thanks)).toContain('Thank you for telling us');
    expect(await reportsOf('pupil-kai')).toHaveLength(1);
  });

  it('brings the form back with the pupil’s words when a send does not validate', async () => {
    const ethan = demoPerson('pupil-ethan');
    const start = await press(t, ethan, 'report.start');
    const categories = await pressOn(t, ethan, start, 'report.danger', {}, { dangerNow: false });
    const form = await pressOn(
      t,
      ethan,
      categories,
      'report.category',
      {},
      { category: 'saw-something-upsetting' },
    );
    const again = await pressOn(t, ethan, form, 'report.submit', { about: 'my cat', what: 'A scary video' });
    expect(cardText(again)).toContain('Sorry, something in that did not work');
    expect(inputsOf(again).get('what')?.value).toBe('A scary video');
    expect(actionFor(again, 'report.submit').data).toEqual(actionFor(form, 'report.submit').data);
    expect(await reportsOf('pupil-ethan')).toHaveLength(0);
  });

  it('never takes a report in a channel, never repeats what was typed, and offers the private chat', async () => {
    const amelia = demoPerson('pupil');
    const before = await db().selectFrom('reports').select('id').execute();
    const words = 'help me, a man on Fortnite called Zorblax wants to meet me';
    await t.post(t.activities.message(amelia, words, TEAM));
    const [reply] = t.connector.in(PLAYGROUND_TEAM.id);
    const nudge = cardOf(reply)!;
    expect(cardText(nudge)).toContain("Let's talk in private");
    expect(cardText(nudge)).toContain('999');
    const open = actionsOf(nudge).find((a) => a.type === 'Action.OpenUrl');
    expect(open?.url).toBe('https://teams.microsoft.com/l/chat/0/0?users=28:online-safety-bot');
    expect(JSON.stringify(t.connector.received)).not.toContain('Zorblax');
    expect(t.logLines.join('\n')).not.toContain('Zorblax');

    // The "Tell someone" button of a lesson card in the channel: the same offer, and the start card
    // goes to her personal chat, once however often Teams delivers the press.
    const pressed = t.activities.cardAction(amelia, 'report.start', {}, TEAM);
    const first = await t.post(pressed);
    await t.post(pressed);
    const card = (first.body as { value: Card }).value;
    expect(cardText(card)).toContain("Let's talk in private");
    expect(cardText(card)).toContain('I have sent you a message there');
    const person = await t.bot.deps.directory.findPersonByAadObjectId(amelia.aadObjectId);
    const queued = await db().selectFrom('outbox').selectAll().where('person_id', '=', person!.id).execute();
    expect(queued).toHaveLength(1);
    t.connector.clear();
    await t.bot.sender.drainOnce();
    const [startCard] = cardsIn(t, 'pupil');
    expect(cardText(startCard)).toContain('Are you in danger right now?');
    expect(t.connector.in(PLAYGROUND_TEAM.id)).toHaveLength(0);

    // A report card's buttons pressed in the channel take nothing either.
    const submit = await press(
      t,
      amelia,
      'report.submit',
      {
        draftId: '11111111-1111-4111-8111-111111111111',
        dangerNow: false,
        category: 'stranger-contact',
        about: 'me',
        what: 'Zorblax again',
      },
      TEAM,
    );
    expect(cardText(submit)).toContain("Let's talk in private");
    expect(JSON.stringify(submit)).not.toContain('Zorblax');
    for (const verb of ['report.mine', 'report.view', 'report.danger']) {
      expect(cardText(await press(t, amelia, verb, {}, TEAM)), verb).toContain("Let's talk in private");
    }
    expect(await db().selectFrom('reports').select('id').execute()).toHaveLength(before.length);
  });

  it('shows the pupil her reports’ status in words, and carries messages both ways', async () => {
    const [row] = await reportsOf('pupil-sofia');
    const dsl = await t.bot.deps.directory.findPersonByAadObjectId(demoPerson('dsl').aadObjectId);
    const base = { schoolId: row!.school_id, reportId: row!.id, actorPersonId: dsl!.id, at: new Date() };
    const facts = (await t.bot.deps.reports.facts(row!.school_id, row!.id))!;

    // "my reports", typed and pressed.
    await t.post(t.activities.message(SOFIA, 'my reports'));
    const [list] = cardsIn(t, 'pupil-sofia');
    expect(cardText(list)).toContain(row!.reference);
    expect(cardText(list)).toContain('📨 Sent');

    // The DSL reads it and writes to her (the DSL side does this through its case card).
    await t.bot.deps.reports.acknowledge({
      ...base,
      effects: { outbox: [pupilNotice(facts, 'acknowledged', 'ack')] },
    });
    await t.bot.deps.reports.addEntry({
      ...base,
      kind: 'message-to-pupil',
      body: 'Thank you Sofia. Can we talk at break?',
      effects: { outbox: [pupilNotice(facts, 'message', 'm1')] },
    });
    t.connector.clear();
    await t.bot.sender.drainOnce();
    const updates = cardsIn(t, 'pupil-sofia');
    expect(updates.map((c) => cardText(c))).toEqual([
      expect.stringContaining('A trusted adult has read your report'),
      expect.stringContaining('You have a new message from the safeguarding team'),
    ]);
    expect(JSON.stringify(updates)).not.toContain('Can we talk at break');

    const view = await pressOn(t, SOFIA, updates[1], 'report.view');
    expect(cardText(view)).toContain('👀 A trusted adult has read it');
    expect(cardText(view)).toContain('Thank you Sofia. Can we talk at break?');
    expect(cardText(view)).toContain('Safeguarding team');
    // Her own report's words are for the people who handle it.
    expect(cardText(view)).not.toContain('Dravenmoor');

    // She answers, once however often the same reply arrives.
    const reply = { ...actionFor(view, 'report.reply').data, text: 'Yes, at break by the library' };
    const answered = await press(t, SOFIA, 'report.reply', reply);
    await press(t, SOFIA, 'report.reply', reply);
    expect(cardText(answered)).toContain('Your message was sent');
    expect(cardText(answered)).toContain('Yes, at break by the library');
    const chronology = await t.bot.deps.reports.chronology({ ...base, viewerPersonId: dsl!.id });
    expect(chronology!.filter((e) => e.kind === 'message-from-pupil').map((e) => e.body)).toEqual([
      'Yes, at break by the library',
    ]);
    t.connector.clear();
    await t.bot.sender.drainOnce();
    for (const key of ['dsl', 'deputy']) {
      const cards = cardsIn(t, key);
      expect(cards, key).toHaveLength(1);
      expect(cardText(cards[0])).toContain('The pupil has sent a new message');
      expect(cardText(cards[0])).not.toContain('library');
    }
    const actions = (await t.bot.deps.reports.auditTrail(row!.school_id, row!.id)).map((a) => a.action);
    expect(actions).toContain('report.messages-viewed');
    expect(JSON.stringify(await outboxFor(row!.id))).not.toContain('library');

    // An empty reply is not sent.
    const empty = await press(t, SOFIA, 'report.reply', {
      ...actionFor(answered, 'report.reply').data,
      text: '  ',
    });
    expect(cardText(empty)).toContain('Please write a message first');
  });

  it('refuses anyone else’s report, kindly, and writes the attempt to the audit log', async () => {
    const [row] = await reportsOf('pupil-sofia');
    for (const key of ['pupil2', 'teacher', 'admin']) {
      const person = demoPerson(key);
      const view = await press(t, person, 'report.view', { reportId: row!.id });
      expect(cardText(view), key).toContain("Sorry, you can't open that report");
      expect(JSON.stringify(view)).not.toContain('Can we talk at break');
      const reply = await press(t, person, 'report.reply', {
        reportId: row!.id,
        replyId: '22222222-2222-4222-8222-222222222222',
        text: 'let me in',
      });
      expect(cardText(reply), key).toContain("Sorry, you can't open that report");
    }
    const refused = (await t.bot.deps.reports.auditTrail(row!.school_id, row!.id)).filter(
      (a) => a.action === 'report.access-refused',
    );
    expect(refused).toHaveLength(6);
    const entries = await t.bot.deps.reports.chronology({
      schoolId: row!.school_id,
      reportId: row!.id,
      viewerPersonId: row!.reporter_person_id,
      at: new Date(),
    });
    expect(entries!.some((e) => e.body === 'let me in')).toBe(false);
    // Noah's own list holds his report only.
    await t.post(t.activities.message(demoPerson('pupil2'), 'my reports'));
    expect(cardText(cardsIn(t, 'pupil2')[0])).not.toContain(row!.reference);
  });

  it('routes a report about a member of staff to the headteacher, and one about the head to the chair', async () => {
    t.connector.clear();
    await t.bot.sender.drainOnce();
    t.connector.clear();
    const staff = await fileReport(t, 'pupil-aisha', { concernsStaff: 'staff', what: 'About a teacher' });
    expect(cardText(staff.thanks)).toContain('The headteacher has been told.');
    await t.bot.sender.drainOnce();
    expect(t.connector.received.map((a) => a.conversationId)).toEqual(['a:personal-head']);
    t.connector.clear();
    const head = await fileReport(t, 'pupil-oscar', { concernsStaff: 'headteacher', what: 'About the head' });
    expect(cardText(head.thanks)).toContain('The chair of governors has been told.');
    await t.bot.sender.drainOnce();
    expect(t.connector.received.map((a) => a.conversationId)).toEqual(['a:personal-chair']);
  });

  it('lets a member of staff report a concern, in staff words, without following the case', async () => {
    const teacher = demoPerson('teacher');
    await t.post(t.activities.message(teacher, 'tell someone'));
    const [start] = cardsIn(t, 'teacher');
    expect(cardText(start)).toContain('Is a child in danger right now?');
    const { thanks } = await fileReport(t, 'teacher', {
      category: 'worried-about-a-friend',
      about: 'a-friend',
    });
    expect(cardText(thanks)).toContain('Thank you. Your report has been sent.');
    expect(actionsOf(thanks).some((a) => a.verb === 'report.mine')).toBe(false);
    expect(await reportsOf('teacher')).toHaveLength(1);
  });

  it('speaks to the youngest in a few words with pictures, and lets them pick when', async () => {
    const ava = demoPerson('pupil-ava');
    const { start, categories, form } = await fileReport(t, 'pupil-ava', { when: 'Today' });
    expect(cardText(start)).toContain('🚨 Are you in danger right now?');
    expect(cardText(categories)).toContain('What happened? Tap one.');
    expect(cardText(categories)).toContain('😢 Someone was unkind');
    const when = inputsOf(form).get('when');
    expect(when?.type).toBe('Input.ChoiceSet');
    expect(cardText(form)).toContain('Please do not send any pictures');
    expect(await reportsOf('pupil-ava')).toHaveLength(1);
    // Leaving is fine, and says nothing was sent.
    const stopped = await press(t, ava, 'report.stop', actionFor(start, 'report.stop').data);
    expect(cardText(stopped)).toContain('Nothing was sent');
  });

  it('asks for words instead of a picture, and keeps nothing of it', async () => {
    const amelia = demoPerson('pupil');
    await t.post({
      ...t.activities.message(amelia, ''),
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/photo-of-me.png' }],
    });
    const [reply] = cardsIn(t, 'pupil');
    expect(cardText(reply)).toContain('Please do not send pictures here');
    expect(t.logLines.join('\n')).not.toContain('photo-of-me');
    const rows = await sql`select * from outbox`.execute(db());
    expect(JSON.stringify(rows.rows)).not.toContain('photo-of-me');
    // Worried words sent with a picture are still answered.
    t.connector.clear();
    await t.post({
      ...t.activities.message(amelia, 'help me'),
      attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.invalid/x.jpg' }],
    });
    expect(cardsIn(t, 'pupil').map((c) => cardText(c))).toEqual([
      expect.stringContaining('Please do not send pictures here'),
      expect.stringContaining('Are you in danger right now?'),
    ]);
  });

  it('puts "Tell someone" on a pupil’s welcome in the personal chat only, and lists the new words in help', async () => {
    await t.post(t.activities.message(SOFIA, 'hello'));
    const [welcome] = cardsIn(t, 'pupil-sofia');
    const tell = actionFor(welcome, 'report.start');
    expect(tell.title).toContain('Tell someone');
    const started = await press(t, SOFIA, 'report.start');
    expect(cardText(started)).toContain('Are you in danger right now?');

    await t.post(t.activities.message(SOFIA, 'hello', TEAM));
    expect(
      actionsOf(cardOf(t.connector.in(PLAYGROUND_TEAM.id)[0])).some((a) => a.verb === 'report.start'),
    ).toBe(false);

    await t.post(t.activities.message(SOFIA, 'help'));
    const help = cardText(cardsIn(t, 'pupil-sofia').at(-1));
    expect(help).toContain('tell someone');
    expect(help).toContain('my reports');
    await t.post(t.activities.message(demoPerson('teacher'), 'help'));
    const staffHelp = cardText(cardsIn(t, 'teacher').at(-1));
    expect(staffHelp).toContain('tell someone');
    expect(staffHelp).not.toContain('my reports');
  });
});
