import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR } from '../../src/domain/calendar/england-default.js';
import {
  escalationJobKeyPrefix,
  escalationJobs,
  REPORT_CATEGORIES,
  REPORT_OUTCOMES,
  WRITTEN_ENTRY_KINDS,
} from '../../src/domain/reports/report.js';
import { ConversationRepository } from '../../src/store/conversation-repository.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { JobRepository } from '../../src/store/job-repository.js';
import { OUTBOX_PRIORITY } from '../../src/store/outbox-repository.js';
import { ReportCrypto } from '../../src/store/report-crypto.js';
import { type NewReport, type ReportFacts, ReportRepository } from '../../src/store/report-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

/** Words a pupil might write; none of them may ever be found in the database. */
const WHERE = 'Roblox, in the Brookhaven game';
const WHEN = 'last night after tea';
const WHAT = 'An older boy called Zephyr said he would share my photo unless I sent another one';
const NOTE = 'Spoke to Amara privately; mum Quillon phoned';
const MINUTE = 60_000;

describe.each(STORE_TARGETS)('reports on $name', (target) => {
  let store: Store;
  let reports: ReportRepository;
  let jobs: JobRepository;
  let schoolId: string;
  let otherSchoolId: string;
  let pupil: string;
  let secondPupil: string;
  let dsl: string;
  let deputy: string;
  let outsider: string;
  let dslChat: string;
  let deputyChat: string;
  let keyCounter = 0;
  const start = new Date('2026-11-10T10:00:00Z');

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    const conversations = new ConversationRepository(store.db);
    reports = new ReportRepository(store.db, new ReportCrypto({ id: 'k1', key: randomBytes(32) }));
    jobs = new JobRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Oak Primary' });
    otherSchoolId = await directory.createSchool({ name: 'Elm Academy' });
    pupil = await directory.upsertPerson(schoolId, { displayName: 'Amara Pupil', roles: ['pupil'] });
    secondPupil = await directory.upsertPerson(schoolId, { displayName: 'Ben Pupil', roles: ['pupil'] });
    dsl = await directory.upsertPerson(schoolId, { displayName: 'Dee Safe', roles: ['dsl'] });
    deputy = await directory.upsertPerson(schoolId, { displayName: 'Dan Deputy', roles: ['deputy-dsl'] });
    outsider = await directory.upsertPerson(otherSchoolId, { displayName: 'Olu Other', roles: ['dsl'] });
    const chat = (personId: string) =>
      conversations.save({
        schoolId,
        teamsConversationId: `a:${personId}`,
        kind: 'personal',
        tenantId: undefined,
        teamId: undefined,
        channelId: undefined,
        personId,
        serviceUrl: 'https://smba.example/',
        reference: {},
      });
    dslChat = await chat(dsl);
    deputyChat = await chat(deputy);
  });
  afterAll(async () => {
    await store.close();
  });

  /** Notifies the DSL and deputy with reference and priority only, and starts escalation. */
  const notifyAndEscalate = (report: ReportFacts) => ({
    outbox: [dslChat, deputyChat].map((conversationId) => ({
      idempotencyKey: `${report.id}:notify:${conversationId}`,
      conversationId,
      schoolId,
      priority: OUTBOX_PRIORITY.safeguarding,
      message: {
        card: 'report-notification',
        data: { reference: report.reference, priority: report.priority },
      },
    })),
    jobs: escalationJobs({
      reportId: report.id,
      priority: report.priority,
      since: report.createdAt,
      calendar: ENGLAND_DEFAULT_CALENDAR,
      timeZone: 'Europe/London',
    }).map((j) => ({ ...j, schoolId })),
  });

  const newReport = (overrides: Partial<NewReport> = {}): NewReport => ({
    schoolId,
    reporterPersonId: pupil,
    idempotencyKey: `activity-${++keyCounter}`,
    at: start,
    category: 'asked-for-pictures-to-meet-or-a-secret',
    about: 'me',
    concernsStaff: 'no',
    routedTo: 'safeguarding',
    where: WHERE,
    when: WHEN,
    what: WHAT,
    dangerNow: false,
    nameWithheld: false,
    effects: notifyAndEscalate,
    ...overrides,
  });

  const outboxKeysFor = async (reportId: string) =>
    (
      await store.db
        .selectFrom('outbox')
        .select('idempotency_key')
        .where('idempotency_key', 'like', `${reportId}:%`)
        .execute()
    ).map((r) => r.idempotency_key);

  const auditCount = async (reportId: string, action?: string) => {
    let q = store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('report_id', '=', reportId);
    if (action) q = q.where('action', '=', action);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('makes one report per delivery, numbered per school, with its notifications committed alongside', async () => {
    const props = newReport({ dangerNow: true });
    const first = await reports.create(props);
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ reference: 'R-0001', priority: 'urgent', status: 'sent' });
    expect(await outboxKeysFor(first.report.id)).toHaveLength(2);

    // Teams delivers the same activity again, once after the first and twice at the same moment.
    let effectsCalls = 0;
    const again = {
      ...props,
      effects: (r: ReportFacts) => {
        effectsCalls += 1;
        return notifyAndEscalate(r);
      },
    };
    const retries = await Promise.all([reports.create(again), reports.create(again), reports.create(again)]);
    for (const retry of retries) {
      expect(retry.created).toBe(false);
      expect(retry.report.id).toBe(first.report.id);
    }
    expect(effectsCalls).toBe(0);
    expect(await outboxKeysFor(first.report.id)).toHaveLength(2);
    const made = await store.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('idempotency_key', '=', props.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(Number(made.n)).toBe(1);
    expect(await auditCount(first.report.id, 'report.created')).toBe(1);

    // A first delivery and its retry arriving together, before either has committed.
    const racing = newReport({ reporterPersonId: secondPupil });
    const raced = await Promise.all([reports.create(racing), reports.create(racing), reports.create(racing)]);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(raced.map((r) => r.report.id)).size).toBe(1);
    expect(await outboxKeysFor(raced[0]!.report.id)).toHaveLength(2);

    const second = await reports.create(newReport({ reporterPersonId: secondPupil }));
    expect(second.report.reference).toBe('R-0003');
  });

  it('numbers reports made at the same moment without a gap or a repeat', async () => {
    const made = await Promise.all(
      Array.from({ length: 5 }, () => reports.create(newReport({ reporterPersonId: secondPupil }))),
    );
    const numbers = made.map((m) => Number(m.report.reference.slice(2))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(5);
    expect(numbers.at(-1)! - numbers[0]!).toBe(4);
  });

  it('commits nothing when a notification cannot be queued: no report without its notification', async () => {
    const props = newReport({
      effects: () => ({
        outbox: [
          {
            idempotencyKey: 'doomed',
            conversationId: '00000000-0000-0000-0000-000000000000',
            schoolId,
            message: { text: 'x' },
          },
        ],
      }),
    });
    await expect(reports.create(props)).rejects.toThrow();
    const row = await store.db
      .selectFrom('reports')
      .select('id')
      .where('idempotency_key', '=', props.idempotencyKey)
      .executeTakeFirst();
    expect(row).toBeUndefined();
    const audit = await sql<{
      n: string;
    }>`select count(*) as n from audit_log where detail::text like '%doomed%'`.execute(store.db);
    expect(Number(audit.rows[0]!.n)).toBe(0);
  });

  it('stores the pupil’s words only as ciphertext, and keeps them out of the audit log', async () => {
    const { report } = await reports.create(newReport());
    await reports.addEntry({
      schoolId,
      reportId: report.id,
      actorPersonId: dsl,
      at: start,
      kind: 'note',
      body: NOTE,
    });
    const raw = await sql<Record<string, unknown>>`select * from reports where id = ${report.id}`.execute(
      store.db,
    );
    const rawText = JSON.stringify(raw.rows);
    const entries = await sql`select * from report_entries where report_id = ${report.id}`.execute(store.db);
    const audit = await sql`select * from audit_log where report_id = ${report.id}`.execute(store.db);
    const outbox = await sql`select * from outbox where idempotency_key like ${`${report.id}:%`}`.execute(
      store.db,
    );
    for (const text of [
      rawText,
      JSON.stringify(entries.rows),
      JSON.stringify(audit.rows),
      JSON.stringify(outbox.rows),
    ]) {
      for (const words of [
        'Roblox',
        'Brookhaven',
        'last night',
        'Zephyr',
        'photo',
        'Amara privately',
        'Quillon',
      ]) {
        expect(text).not.toContain(words);
      }
    }
    expect(raw.rows[0]).toMatchObject({ key_id: 'k1' });

    const details = await reports.view({ schoolId, reportId: report.id, viewerPersonId: dsl, at: start });
    expect(details).toMatchObject({ where: WHERE, when: WHEN, what: WHAT });
    expect(details!.chronology.at(-1)).toMatchObject({ kind: 'note', body: NOTE });
  });

  it('leaves no trace of the pupil’s words anywhere in the embedded database files', async () => {
    if (!store.pglite) return;
    await reports.create(newReport());
    await store.pglite.query('CHECKPOINT');
    const files = Buffer.from(await (await store.pglite.dumpDataDir('none')).arrayBuffer());
    for (const words of ['Brookhaven', 'Zephyr', 'Quillon']) {
      expect(files.includes(Buffer.from(words, 'utf8'))).toBe(false);
    }
    // The dump does hold ordinary data: the search itself works.
    expect(files.includes(Buffer.from('Oak Primary', 'utf8'))).toBe(true);
  });

  it('writes an audit row for every read of content, in the same call', async () => {
    const { report } = await reports.create(newReport());
    const reads: [string, () => Promise<unknown>][] = [
      ['view', () => reports.view({ schoolId, reportId: report.id, viewerPersonId: dsl, at: start })],
      [
        'chronology',
        () => reports.chronology({ schoolId, reportId: report.id, viewerPersonId: deputy, at: start }),
      ],
      [
        'pupil messages',
        () => reports.pupilMessages({ schoolId, reportId: report.id, pupilPersonId: pupil, at: start }),
      ],
      [
        'export',
        () => reports.export({ schoolId, reportId: report.id, actorPersonId: dsl, at: start, format: 'csv' }),
      ],
    ];
    for (const [name, read] of reads) {
      const before = await auditCount(report.id);
      expect(await read(), name).toBeDefined();
      expect(await auditCount(report.id), name).toBe(before + 1);
    }
    const trail = await reports.auditTrail(schoolId, report.id);
    expect(trail.map((a) => [a.action, a.actorPersonId, a.detail])).toEqual([
      [
        'report.created',
        pupil,
        { reference: report.reference, priority: 'normal', routedTo: 'safeguarding' },
      ],
      ['report.viewed', dsl, { part: 'case' }],
      ['report.viewed', deputy, { part: 'chronology' }],
      ['report.messages-viewed', pupil, {}],
      ['report.exported', dsl, { format: 'csv' }],
    ]);

    // Not found in this school, or not this pupil's: nothing read, nothing to audit.
    expect(
      await reports.view({
        schoolId: otherSchoolId,
        reportId: report.id,
        viewerPersonId: outsider,
        at: start,
      }),
    ).toBeUndefined();
    expect(
      await reports.chronology({
        schoolId: otherSchoolId,
        reportId: report.id,
        viewerPersonId: outsider,
        at: start,
      }),
    ).toBeUndefined();
    expect(
      await reports.pupilMessages({ schoolId, reportId: report.id, pupilPersonId: secondPupil, at: start }),
    ).toBeUndefined();
  });

  it('refuses any UPDATE, DELETE or TRUNCATE of the audit log or the chronology, in the database', async () => {
    const { report } = await reports.create(newReport());
    for (const statement of [
      sql`update audit_log set action = 'report.nothing' where report_id = ${report.id}`,
      sql`delete from audit_log where report_id = ${report.id}`,
      sql`delete from audit_log where false`,
      sql`truncate audit_log`,
      sql`update report_entries set kind = 'note' where report_id = ${report.id}`,
      sql`delete from report_entries where report_id = ${report.id}`,
      sql`truncate report_entries cascade`,
    ]) {
      await expect(statement.execute(store.db)).rejects.toThrow(/append-only/);
    }
    expect(await auditCount(report.id, 'report.created')).toBe(1);
    // Adding stays possible: that is what the log is for.
    await reports.audit({
      schoolId,
      actorPersonId: outsider,
      action: 'report.access-refused',
      reportId: report.id,
      at: start,
    });
    expect(await auditCount(report.id, 'report.access-refused')).toBe(1);
  });

  it('keeps the chronology in order, each entry signed by its author, and masks a withheld name', async () => {
    const { report } = await reports.create(newReport({ nameWithheld: true }));
    const at = (m: number) => new Date(start.getTime() + m * MINUTE);
    const base = { schoolId, reportId: report.id };
    expect(await reports.acknowledge({ ...base, actorPersonId: dsl, at: at(5) })).toBe(true);
    expect(await reports.acknowledge({ ...base, actorPersonId: deputy, at: at(6) })).toBe(false);
    await reports.addEntry({ ...base, actorPersonId: deputy, at: at(7), kind: 'note', body: NOTE });
    await reports.addEntry({
      ...base,
      actorPersonId: dsl,
      at: at(8),
      kind: 'message-to-pupil',
      body: 'Can we talk?',
    });
    await reports.addEntry({
      ...base,
      actorPersonId: pupil,
      at: at(9),
      kind: 'message-from-pupil',
      body: 'Yes',
    });
    await reports.addEntry({ ...base, actorPersonId: dsl, at: at(10), kind: 'spoke-to-pupil' });
    expect(await reports.assign({ ...base, actorPersonId: dsl, at: at(11), assigneePersonId: deputy })).toBe(
      true,
    );
    expect(
      await reports.changePriority({ ...base, actorPersonId: deputy, at: at(12), priority: 'urgent' }),
    ).toBe(true);
    expect(
      await reports.close({ ...base, actorPersonId: dsl, at: at(13), outcome: 'referred-to-ceop' }),
    ).toBe(true);
    expect(
      await reports.close({ ...base, actorPersonId: dsl, at: at(14), outcome: 'no-further-action' }),
    ).toBe(false);
    expect(await reports.reopen({ ...base, actorPersonId: deputy, at: at(15), reason: 'New messages' })).toBe(
      true,
    );

    const chronology = await reports.chronology({ ...base, viewerPersonId: deputy, at: at(16) });
    expect(chronology!.map((e) => [e.kind, e.author, e.at.getTime() - start.getTime(), e.body])).toEqual([
      ['reported', { kind: 'pupil-name-withheld' }, 0, null],
      ['acknowledged', { kind: 'person', personId: dsl, displayName: 'Dee Safe' }, 5 * MINUTE, null],
      ['note', { kind: 'person', personId: deputy, displayName: 'Dan Deputy' }, 7 * MINUTE, NOTE],
      [
        'message-to-pupil',
        { kind: 'person', personId: dsl, displayName: 'Dee Safe' },
        8 * MINUTE,
        'Can we talk?',
      ],
      ['message-from-pupil', { kind: 'pupil-name-withheld' }, 9 * MINUTE, 'Yes'],
      ['spoke-to-pupil', { kind: 'person', personId: dsl, displayName: 'Dee Safe' }, 10 * MINUTE, null],
      ['assigned', { kind: 'person', personId: dsl, displayName: 'Dee Safe' }, 11 * MINUTE, null],
      [
        'priority-changed',
        { kind: 'person', personId: deputy, displayName: 'Dan Deputy' },
        12 * MINUTE,
        null,
      ],
      ['closed', { kind: 'person', personId: dsl, displayName: 'Dee Safe' }, 13 * MINUTE, null],
      [
        'reopened',
        { kind: 'person', personId: deputy, displayName: 'Dan Deputy' },
        15 * MINUTE,
        'New messages',
      ],
    ]);
    const facts = await reports.facts(schoolId, report.id);
    expect(facts).toMatchObject({
      status: 'acknowledged',
      priority: 'urgent',
      assignedTo: deputy,
      outcome: null,
    });

    // The pupil sees only the two messages, and only on their own report.
    const messages = await reports.pupilMessages({ ...base, pupilPersonId: pupil, at: at(17) });
    expect(messages!.map((m) => [m.kind, m.body])).toEqual([
      ['message-to-pupil', 'Can we talk?'],
      ['message-from-pupil', 'Yes'],
    ]);
    expect(await reports.listForReporter(schoolId, pupil)).toContainEqual({
      id: report.id,
      reference: report.reference,
      status: 'acknowledged',
      createdAt: start,
    });

    // The name stays back until a handler reveals it with a reason; then for that handler only.
    expect((await reports.view({ ...base, viewerPersonId: dsl, at: at(18) }))!.reporter).toEqual({
      kind: 'pupil-name-withheld',
    });
    await expect(
      reports.revealIdentity({ ...base, actorPersonId: dsl, at: at(19), reason: '  ' }),
    ).rejects.toThrow();
    expect(
      await reports.revealIdentity({
        ...base,
        actorPersonId: dsl,
        at: at(20),
        reason: 'Police referral needs it',
      }),
    ).toEqual({
      personId: pupil,
      displayName: 'Amara Pupil',
    });
    const forDsl = await reports.view({ ...base, viewerPersonId: dsl, at: at(21) });
    expect(forDsl!.reporter).toEqual({ kind: 'person', personId: pupil, displayName: 'Amara Pupil' });
    expect(forDsl!.chronology[0]!.author).toEqual({
      kind: 'person',
      personId: pupil,
      displayName: 'Amara Pupil',
    });
    expect(forDsl!.chronology.at(-1)).toMatchObject({
      kind: 'identity-revealed',
      body: 'Police referral needs it',
    });
    expect((await reports.view({ ...base, viewerPersonId: deputy, at: at(22) }))!.reporter).toEqual({
      kind: 'pupil-name-withheld',
    });
    expect(await auditCount(report.id, 'report.identity-revealed')).toBe(1);
  });

  it('cancels a report’s escalation jobs when it is acknowledged, and escalates only while unread', async () => {
    const urgent = (await reports.create(newReport({ dangerNow: true }))).report;
    const normal = (await reports.create(newReport())).report;
    const openJobs = async (reportId: string) =>
      store.db
        .selectFrom('scheduled_jobs')
        .select(['status', 'run_at'])
        .where('idempotency_key', 'like', `${escalationJobKeyPrefix(reportId)}%`)
        .orderBy('run_at')
        .execute();
    const urgentJobs = await openJobs(urgent.id);
    expect(urgentJobs.map((j) => [j.status, j.run_at.getTime() - start.getTime()])).toEqual([
      ['pending', 15 * MINUTE],
      ['pending', 30 * MINUTE],
    ]);
    // Tuesday 10 Nov 2026 10:00 GMT: one school day on is Wednesday at the same time.
    expect((await openJobs(normal.id)).map((j) => j.run_at.toISOString())).toEqual([
      '2026-11-11T10:00:00.000Z',
      '2026-11-12T10:00:00.000Z',
    ]);

    // The first urgent step falls due and is recorded; then the DSL reads it.
    const due = new Date(start.getTime() + 15 * MINUTE);
    const claimed = (await jobs.claimDue(due, 50, MINUTE)).filter((j) => j.payload.reportId === urgent.id);
    expect(claimed.map((j) => j.payload.step)).toEqual([1]);
    expect(await reports.recordEscalation({ schoolId, reportId: urgent.id, step: 1, at: due })).toBe(true);
    expect(await jobs.markDone(claimed[0]!.id, due)).toBe(true);

    expect(await reports.acknowledge({ schoolId, reportId: urgent.id, actorPersonId: dsl, at: due })).toBe(
      true,
    );
    expect((await openJobs(urgent.id)).map((j) => j.status)).toEqual(['done', 'cancelled']);
    expect((await openJobs(normal.id)).map((j) => j.status)).toEqual(['pending', 'pending']);
    const later = new Date(start.getTime() + 31 * MINUTE);
    expect((await jobs.claimDue(later, 50, MINUTE)).filter((j) => j.payload.reportId === urgent.id)).toEqual(
      [],
    );
    expect(await reports.recordEscalation({ schoolId, reportId: urgent.id, step: 2, at: later })).toBe(false);

    const chronology = await reports.chronology({
      schoolId,
      reportId: urgent.id,
      viewerPersonId: dsl,
      at: later,
    });
    expect(chronology!.map((e) => [e.kind, e.author.kind])).toEqual([
      ['reported', 'person'],
      ['escalated', 'bot'],
      ['acknowledged', 'person'],
    ]);
  });

  it('re-routes with a written reason, and keeps every query inside the school', async () => {
    const { report } = await reports.create(newReport());
    const base = { schoolId, reportId: report.id, actorPersonId: dsl, at: start };
    await expect(
      reports.reroute({
        ...base,
        routedTo: 'headteacher',
        concernsStaff: 'staff',
        namedStaffPersonId: deputy,
        reason: '',
      }),
    ).rejects.toThrow();
    expect(
      await reports.reroute({
        ...base,
        routedTo: 'headteacher',
        concernsStaff: 'staff',
        namedStaffPersonId: deputy,
        reason: 'The pupil says it was a member of staff',
      }),
    ).toBe(true);
    expect(await reports.facts(schoolId, report.id)).toMatchObject({
      routedTo: 'headteacher',
      concernsStaff: 'staff',
      namedStaffPersonId: deputy,
    });

    // Another school sees nothing and changes nothing.
    const elsewhere = { schoolId: otherSchoolId, reportId: report.id, actorPersonId: outsider, at: start };
    expect(await reports.facts(otherSchoolId, report.id)).toBeUndefined();
    await expect(reports.acknowledge(elsewhere)).rejects.toMatchObject({ code: 'not-found' });
    await expect(reports.addEntry({ ...elsewhere, kind: 'note', body: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
    // The database itself refuses a person of another school on a report.
    await expect(reports.assign({ ...base, assigneePersonId: outsider })).rejects.toThrow();
    await expect(reports.create(newReport({ reporterPersonId: outsider }))).rejects.toThrow();
    expect(await reports.listOpen(otherSchoolId)).toEqual([]);
    expect((await reports.listOpen(schoolId)).every((r) => r.schoolId === schoolId)).toBe(true);
  });

  it('links other reports from the same pupil without giving away a withheld name', async () => {
    const directory = new DirectoryRepository(store.db);
    const carys = await directory.upsertPerson(schoolId, { displayName: 'Carys Pupil', roles: ['pupil'] });
    const open = (await reports.create(newReport({ reporterPersonId: carys }))).report;
    const withheld = (await reports.create(newReport({ reporterPersonId: carys, nameWithheld: true })))
      .report;
    const third = (await reports.create(newReport({ reporterPersonId: carys, about: 'a-friend' }))).report;
    const canSeeAll = () => true;
    const others = (reportId: string) =>
      reports.otherReportsFromSamePupil({ schoolId, reportId, viewerPersonId: dsl, canSee: canSeeAll });

    expect((await others(open.id)).map((r) => r.id)).toEqual([third.id]);
    expect(await others(withheld.id)).toEqual([]);
    await reports.revealIdentity({
      schoolId,
      reportId: withheld.id,
      actorPersonId: dsl,
      at: start,
      reason: 'Pattern',
    });
    expect((await others(open.id)).map((r) => r.id).sort()).toEqual([third.id, withheld.id].sort());
    expect((await others(withheld.id)).map((r) => r.id).sort()).toEqual([open.id, third.id].sort());
    expect(
      await reports.otherReportsFromSamePupil({
        schoolId,
        reportId: open.id,
        viewerPersonId: dsl,
        canSee: () => false,
      }),
    ).toEqual([]);
    expect((await reports.listForReporter(schoolId, carys)).map((r) => Object.keys(r).sort())).toEqual(
      Array(3).fill(['createdAt', 'id', 'reference', 'status']),
    );
  });

  it('stores every category, written entry kind and outcome the domain defines', async () => {
    expect(REPORT_CATEGORIES).toHaveLength(REPORT_OUTCOMES.length);
    for (const [i, category] of REPORT_CATEGORIES.entries()) {
      const { report } = await reports.create(newReport({ category, effects: undefined }));
      const base = { schoolId, reportId: report.id, actorPersonId: dsl, at: start };
      for (const kind of WRITTEN_ENTRY_KINDS) await reports.addEntry({ ...base, kind, body: 'words' });
      expect(await reports.close({ ...base, outcome: REPORT_OUTCOMES[i]! })).toBe(true);
    }
  });

  it('schedules a job once per key and lets two claimers take each due job exactly once', async () => {
    // Earlier than every other test's jobs, so that only these are due.
    const runAt = new Date('2020-01-01T09:00:00Z');
    for (let i = 0; i < 12; i++) {
      expect(
        await jobs.schedule({
          idempotencyKey: `claim-test:${i}`,
          schoolId,
          kind: 'test',
          runAt,
          payload: { i },
        }),
      ).toBe(true);
    }
    expect(
      await jobs.schedule({ idempotencyKey: 'claim-test:0', schoolId, kind: 'test', runAt, payload: {} }),
    ).toBe(false);
    await jobs.schedule({
      idempotencyKey: 'claim-test:later',
      schoolId,
      kind: 'test',
      runAt: new Date('2020-06-01'),
      payload: {},
    });

    const now = new Date('2020-01-01T09:00:01Z');
    const mine = <T extends { idempotencyKey: string }>(list: T[]) =>
      list.filter((j) => j.idempotencyKey.startsWith('claim-test:'));
    const [a, b] = await Promise.all([jobs.claimDue(now, 8, MINUTE), jobs.claimDue(now, 8, MINUTE)]);
    const keys = mine([...a, ...b]).map((j) => j.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `claim-test:${i}`).sort());
    expect(mine(await jobs.claimDue(now, 50, MINUTE))).toEqual([]);

    // A claim that runs out (its instance died) is claimed again; a finished or cancelled job never is.
    const [done, ...rest] = mine([...a, ...b]);
    await jobs.markDone(done!.id, now);
    expect(await jobs.cancelByKeyPrefix('claim-test:1', now)).toBe(3); // 1, 10, 11
    const afterClaim = new Date(now.getTime() + 2 * MINUTE);
    const again = mine(await jobs.claimDue(afterClaim, 50, MINUTE));
    expect(again.map((j) => j.idempotencyKey).sort()).toEqual(
      rest
        .map((j) => j.idempotencyKey)
        .filter((k) => !['claim-test:1', 'claim-test:10', 'claim-test:11'].includes(k))
        .sort(),
    );
    expect(again.every((j) => j.attempts === 2)).toBe(true);
    // A cancelled job that was still running is not marked done by its runner.
    expect(await jobs.markDone(rest.find((j) => j.idempotencyKey === 'claim-test:1')!.id, now)).toBe(false);
    // Prefix wildcards are literal: "%" matches only a key starting with "%".
    expect(await jobs.cancelByKeyPrefix('%', now)).toBe(0);
    expect((await jobs.statusOf('claim-test:later'))?.status).toBe('pending');
  });
});
