import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { ESCALATION_JOB_KIND, escalationJobKeyPrefix } from '../../src/domain/reports/report.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { escalateReport } from '../../src/use-cases/escalate-report.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';
import {
  cardsTo,
  fileReport,
  formOf,
  MINUTE,
  openChats,
  personId,
  press,
  REFUSAL,
  WHAT,
} from './report-case-helpers.js';

const HANDLERS = ['dsl', 'deputy', 'head', 'chair', 'teacher', 'teacher-5', 'admin'] as const;
const ESCALATED = 'Nobody has acknowledged this report yet';

/** Who received a card since the last clear, and what it said. */
function received(t: TestBot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of HANDLERS) {
    const texts = cardsTo(t, key).map(cardText);
    if (texts.length > 0) out[key] = texts;
  }
  return out;
}

async function runAndSend(t: TestBot): Promise<number> {
  t.connector.clear();
  const ran = await t.bot.jobs.runDue();
  await t.bot.sender.drainOnce();
  return ran;
}

/**
 * Issue 5 §8 and §9 through the real endpoint, the real job runner and the outbox: an unread
 * report re-notifies its handlers, then goes to the next in line, who can then open it; a report
 * about staff goes to the headteacher, one about the head to the chair and never to the head.
 */
describe('escalation of an unacknowledged report', () => {
  let t: TestBot;
  // A Tuesday in term, 10:00 in London.
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  beforeAll(async () => {
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' } });
    await openChats(t, [...HANDLERS, 'pupil-sofia']);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    // Each test starts from a quiet queue: earlier tests' timers are spent.
    clock.advanceMs(3 * 24 * 60 * MINUTE);
    await t.bot.jobs.runDue();
    await t.bot.sender.drainOnce();
    clock.set(new Date('2026-12-01T10:00:00Z'));
    t.connector.clear();
  });

  it('urgent: the DSL and deputy again after 15 minutes, then the headteacher after 30, who can then open and acknowledge it', async () => {
    const report = await fileReport(t, clock.now(), { dangerNow: true });
    await t.bot.sender.drainOnce();
    expect(Object.keys(received(t)).sort()).toEqual(['deputy', 'dsl']);

    clock.advanceMs(14 * MINUTE);
    expect(await runAndSend(t)).toBe(0);
    expect(received(t)).toEqual({});

    clock.advanceMs(MINUTE);
    expect(await runAndSend(t)).toBe(1);
    const again = received(t);
    expect(Object.keys(again).sort()).toEqual(['deputy', 'dsl']);
    expect(again.dsl?.[0]).toContain(ESCALATED);
    expect(again.dsl?.[0]).toContain(report.reference);
    expect(again.dsl?.join()).not.toContain('Zephyrin');
    expect(cardText(await press(t, 'head', 'case.open', { reportId: report.id }))).toContain(REFUSAL);

    clock.advanceMs(15 * MINUTE);
    expect(await runAndSend(t)).toBe(1);
    const next = received(t);
    expect(Object.keys(next)).toEqual(['head']);
    expect(next.head?.[0]).toContain(ESCALATED);

    const card = await press(t, 'head', 'case.open', { reportId: report.id });
    const text = cardText(card);
    expect(text).toContain(WHAT);
    expect(text).toContain('Escalated to');
    expect(text).toContain('The headteacher');
    expect(text).toContain('Escalated: nobody had acknowledged it');
    expect(text).toContain('The bot');
    const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(audit.filter((a) => a.action === 'report.escalated').map((a) => a.detail)).toEqual([
      { step: 1, escalatedTo: null },
      { step: 2, escalatedTo: 'headteacher' },
    ]);
    expect(audit.filter((a) => a.action === 'report.viewed').map((a) => a.actorPersonId)).toContain(
      await personId(t, 'head'),
    );

    // A message from the pupil now reaches the head as well as the safeguarding team.
    t.connector.clear();
    const reply = { reportId: report.id, replyId: randomUUID(), text: 'Please can someone help me today' };
    expect(
      (await t.post(t.activities.cardAction(demoPerson('pupil-sofia'), 'report.reply', reply))).status,
    ).toBe(200);
    await t.bot.sender.drainOnce();
    expect(Object.keys(received(t)).sort()).toEqual(['deputy', 'dsl', 'head']);
    expect(received(t).head?.[0]).toContain('The pupil has sent a new message');

    t.connector.clear();
    const acknowledged = await press(t, 'head', 'case.acknowledge', formOf(card, 'case.acknowledge'));
    expect(cardText(acknowledged)).toContain('Acknowledged.');
    await t.bot.sender.drainOnce();
    expect(cardText(cardsTo(t, 'pupil-sofia')[0])).toContain('A trusted adult has read your report');
    // Leadership, teachers and admin never hear of it.
    expect(await t.bot.store.db.selectFrom('outbox').select('person_id').execute()).not.toContainEqual({
      person_id: await personId(t, 'teacher-5'),
    });
  });

  it('normal: re-notifies after one school day, not before', async () => {
    const report = await fileReport(t, clock.now());
    await t.bot.sender.drainOnce();
    clock.advanceMs(23 * 60 * MINUTE);
    expect(await runAndSend(t)).toBe(0);
    clock.advanceMs(60 * MINUTE);
    expect(await runAndSend(t)).toBe(1);
    const again = received(t);
    expect(Object.keys(again).sort()).toEqual(['deputy', 'dsl']);
    expect(again.dsl?.[0]).toContain(report.reference);
    expect(again.dsl?.[0]).toContain(ESCALATED);
    clock.advanceMs(24 * 60 * MINUTE);
    expect(await runAndSend(t)).toBe(1);
    expect(Object.keys(received(t))).toEqual(['head']);
  });

  it('stops when someone acknowledges: no timer sends anything afterwards, even one already running', async () => {
    const report = await fileReport(t, clock.now(), { dangerNow: true });
    await t.bot.sender.drainOnce();
    clock.advanceMs(5 * MINUTE);
    const card = await press(t, 'deputy', 'case.open', { reportId: report.id });
    await press(t, 'deputy', 'case.acknowledge', formOf(card, 'case.acknowledge'));
    await t.bot.sender.drainOnce();
    clock.advanceMs(60 * MINUTE);
    expect(await runAndSend(t)).toBe(0);
    expect(received(t)).toEqual({});

    // A timer claimed just before the acknowledgement committed runs after it: it sends nothing.
    const outboxBefore = (await t.bot.store.db.selectFrom('outbox').select('id').execute()).length;
    const result = await escalateReport({
      reports: t.bot.deps.reports,
      directory: t.bot.deps.directory,
      log: t.bot.deps.log,
      job: {
        id: '0',
        idempotencyKey: `${escalationJobKeyPrefix(report.id)}late:1`,
        schoolId: t.bot.demoSchoolId!,
        payload: { reportId: report.id, step: 1 },
      },
      at: clock.now(),
    });
    expect(result).toEqual({ outcome: 'not-needed' });
    expect((await t.bot.store.db.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore);
    const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(audit.map((a) => a.action)).not.toContain('report.escalated');
  });

  it('a report about a member of staff goes to the headteacher and not to the DSLs, then to the chair', async () => {
    const report = await fileReport(t, clock.now(), { concernsStaff: 'staff', dangerNow: true });
    await t.bot.sender.drainOnce();
    expect(Object.keys(received(t))).toEqual(['head']);
    expect(cardText(await press(t, 'dsl', 'case.open', { reportId: report.id }))).toContain(REFUSAL);
    expect(cardText(await press(t, 'head', 'case.open', { reportId: report.id }))).toContain(WHAT);

    clock.advanceMs(15 * MINUTE);
    await runAndSend(t);
    expect(Object.keys(received(t))).toEqual(['head']);
    clock.advanceMs(15 * MINUTE);
    await runAndSend(t);
    expect(Object.keys(received(t))).toEqual(['chair']);
    expect(cardText(await press(t, 'chair', 'case.open', { reportId: report.id }))).toContain(WHAT);
    expect(cardText(await press(t, 'dsl', 'case.open', { reportId: report.id }))).toContain(REFUSAL);
  });

  it('writes no pupil words or names to any log line', () => {
    const logs = t.logLines.join('\n');
    for (const words of [WHAT, 'Zephyrin', 'Sofia', 'Rossi']) expect(logs).not.toContain(words);
    expect(logs).toContain('report.escalated');
  });

  it('has a handler registered for the escalation job kind', async () => {
    const kinds = await t.bot.store.db
      .selectFrom('scheduled_jobs')
      .select('kind')
      .where('status', '=', 'failed')
      .execute();
    expect(kinds.map((k) => k.kind)).not.toContain(ESCALATION_JOB_KIND);
    expect(t.logLines.join('\n')).not.toContain('job.no-handler');
  });
});

describe('a report about the headteacher', () => {
  let t: TestBot;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  beforeAll(async () => {
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' } });
    // This school's head is also its DSL: a report about the head must still pass them by.
    const head = demoPerson('head');
    await t.bot.deps.directory.upsertPerson(t.bot.demoSchoolId!, {
      displayName: head.displayName,
      givenName: head.givenName,
      email: head.email,
      aadObjectId: head.aadObjectId,
      roles: ['headteacher', 'leadership', 'dsl'],
    });
    await openChats(t, [...HANDLERS, 'pupil-sofia']);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('goes to the chair and never to the head, even a head who is also the DSL, whatever happens next', async () => {
    const report = await fileReport(t, clock.now(), { concernsStaff: 'headteacher', dangerNow: true });
    expect(report.routedTo).toBe('chair');
    await t.bot.sender.drainOnce();
    expect(Object.keys(received(t))).toEqual(['chair']);
    expect(cardText(await press(t, 'head', 'case.open', { reportId: report.id }))).toContain(REFUSAL);
    expect(cardText(await press(t, 'dsl', 'case.open', { reportId: report.id }))).toContain(REFUSAL);

    for (let i = 0; i < 4; i++) {
      clock.advanceMs(15 * MINUTE);
      await runAndSend(t);
      expect(received(t).head).toBeUndefined();
    }
    const chairCard = await press(t, 'chair', 'case.open', { reportId: report.id });
    expect(cardText(chairCard)).toContain(WHAT);
    expect(cardText(chairCard)).toContain('Yes, the headteacher');
    // The chair can send it to the safeguarding team; the head, a DSL too, still may not see it.
    t.connector.clear();
    const moved = await press(t, 'chair', 'case.reroute', {
      ...formOf(chairCard, 'case.reroute'),
      rerouteTo: 'headteacher',
      rerouteReason: 'Testing that a head is never sent a report about themselves.',
    });
    expect(cardText(moved)).toContain('A report about the headteacher is never sent to the headteacher.');
    expect(JSON.stringify(chairCard)).not.toContain('"value":"headteacher"');
    await t.bot.sender.drainOnce();
    expect(received(t).head).toBeUndefined();
    expect(cardText(await press(t, 'head', 'case.open', { reportId: report.id }))).toContain(REFUSAL);
    const heads = await t.bot.store.db
      .selectFrom('outbox')
      .select('id')
      .where('person_id', '=', await personId(t, 'head'))
      .where('idempotency_key', 'like', `report:${report.id}:%`)
      .execute();
    expect(heads).toEqual([]);
  });
});

describe('escalation timers across a restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-escalation-'));
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('live in the database: a bot started again after 15 minutes still re-notifies', async () => {
    const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
    const database = { kind: 'embedded' as const, dataDir };
    const env = { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' };
    let t = await startTestBot({ clock, env, database });
    let reportId: string;
    try {
      await openChats(t, ['dsl', 'deputy']);
      reportId = (await fileReport(t, clock.now(), { dangerNow: true })).id;
      await t.bot.sender.drainOnce();
    } finally {
      // The bot stops; Teams (the Connector) carries on.
      await t.bot.close();
    }
    clock.advanceMs(16 * MINUTE);
    t = await startTestBot({ clock, env, database, connector: t.connector });
    try {
      expect(await runAndSend(t)).toBe(1);
      expect(Object.keys(received(t)).sort()).toEqual(['deputy', 'dsl']);
      const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, reportId);
      expect(audit.map((a) => a.action)).toContain('report.escalated');
    } finally {
      await t.close();
    }
  }, 120_000);
});
