import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR } from '../../src/domain/calendar/england-default.js';
import type { ReportSubmission } from '../../src/domain/reports/report.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { ReportCrypto } from '../../src/store/report-crypto.js';
import { ReportRepository } from '../../src/store/report-repository.js';
import { submitReport } from '../../src/use-cases/submit-report.js';
import { STORE_TARGETS } from '../support/stores.js';

const submission: ReportSubmission = {
  category: 'stranger-contact',
  about: 'me',
  concernsStaff: 'no',
  where: 'a game',
  when: 'today',
  what: 'words',
  dangerNow: false,
  nameWithheld: false,
};

/**
 * A report is never lost for want of someone to receive it (issue 5 §9, §14): a school without a
 * DSL sends it to the next in line, and a school with nobody at all still keeps it, with its timers.
 */
describe.each(STORE_TARGETS)('submitting a report on $name', (target) => {
  let store: Store;
  let directory: DirectoryRepository;
  let reports: ReportRepository;
  const at = new Date('2026-11-10T10:00:00Z');

  beforeAll(async () => {
    store = await target.open();
    directory = new DirectoryRepository(store.db);
    reports = new ReportRepository(store.db, new ReportCrypto({ id: 'k1', key: randomBytes(32) }));
  });
  afterAll(async () => {
    await store.close();
  });

  async function school(roles: ('dsl' | 'headteacher' | 'chair-of-governors')[]) {
    const schoolId = await directory.createSchool({ name: `School ${randomUUID().slice(0, 8)}` });
    await directory.replaceCalendar(schoolId, ENGLAND_DEFAULT_CALENDAR);
    const pupil = await directory.upsertPerson(schoolId, { displayName: 'P', roles: ['pupil'] });
    const people: Record<string, string> = {};
    for (const role of roles)
      people[role] = await directory.upsertPerson(schoolId, { displayName: role, roles: [role] });
    return { schoolId, pupil, people };
  }

  const submit = (
    s: { schoolId: string; pupil: string },
    draftId = randomUUID(),
    extra: Partial<ReportSubmission> = {},
  ) =>
    submitReport({
      directory,
      reports,
      schoolId: s.schoolId,
      reporterPersonId: s.pupil,
      draftId,
      submission: { ...submission, ...extra },
      at,
    });

  const outboxOf = (reportId: string) =>
    store.db
      .selectFrom('outbox')
      .select(['person_id', 'activity'])
      .where('idempotency_key', 'like', `report:${reportId}:%`)
      .execute();
  const jobsOf = (reportId: string) =>
    store.db
      .selectFrom('scheduled_jobs')
      .select(['kind', 'run_at'])
      .where('idempotency_key', 'like', `report:${reportId}:%`)
      .execute();

  it('tells the DSL, and schedules escalation after one school day, then two', async () => {
    const s = await school(['dsl', 'headteacher']);
    const result = await submit(s);
    expect(result).toMatchObject({ created: true, routedTo: 'safeguarding', notified: 1 });
    expect((await outboxOf(result.report.id)).map((o) => o.person_id)).toEqual([s.people.dsl]);
    // Tuesday 10 November 2026 at 10:00 UTC: Wednesday and Thursday at the same time.
    expect((await jobsOf(result.report.id)).map((j) => j.run_at.toISOString()).sort()).toEqual([
      '2026-11-11T10:00:00.000Z',
      '2026-11-12T10:00:00.000Z',
    ]);
  });

  it('goes to the headteacher when the school has no DSL', async () => {
    const s = await school(['headteacher', 'chair-of-governors']);
    const result = await submit(s);
    expect(result).toMatchObject({ routedTo: 'headteacher', notified: 1 });
    expect((await outboxOf(result.report.id)).map((o) => o.person_id)).toEqual([s.people.headteacher]);
  });

  it('is kept, with its timers, when nobody in the school can receive it yet', async () => {
    const s = await school([]);
    const result = await submit(s, randomUUID(), { dangerNow: true });
    expect(result).toMatchObject({ created: true, notified: 0 });
    expect(await reports.facts(s.schoolId, result.report.id)).toMatchObject({ priority: 'urgent' });
    expect(await outboxOf(result.report.id)).toEqual([]);
    expect(await jobsOf(result.report.id)).toHaveLength(2);
  });

  it('makes one report of one draft, and keeps two drafts apart', async () => {
    const s = await school(['dsl']);
    const draftId = randomUUID();
    const [a, b] = await Promise.all([submit(s, draftId), submit(s, draftId)]);
    expect(a.report.id).toBe(b.report.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await outboxOf(a.report.id)).toHaveLength(1);
    const other = await submit(s);
    expect(other.report.id).not.toBe(a.report.id);
  });

  it('queues codes only: the notification holds no words', async () => {
    const s = await school(['dsl']);
    const result = await submit(s, randomUUID(), { what: 'Zyxwvut said a thing', where: 'Qwertyland' });
    const [row] = await outboxOf(result.report.id);
    expect(row!.activity).toEqual({
      card: 'report-notification',
      data: {
        reportId: result.report.id,
        reference: result.report.reference,
        priority: 'normal',
        category: 'stranger-contact',
        reason: 'new',
      },
    });
  });
});
