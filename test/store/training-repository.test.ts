import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../src/domain/training/catalogue.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { TrainingRepository } from '../../src/store/training-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

const AT = new Date('2026-11-23T10:00:00Z');

describe.each(STORE_TARGETS)('training records on $name', (target) => {
  let store: Store;
  let training: TrainingRepository;
  let schoolId: string;
  let otherSchoolId: string;
  let teacherId: string;
  let adminId: string;
  let outsiderId: string;

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    training = new TrainingRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Training School' });
    otherSchoolId = await directory.createSchool({ name: 'Other School' });
    teacherId = await directory.upsertPerson(schoolId, {
      displayName: 'Tess Teacher',
      roles: ['teacher'],
      startsOn: '2026-09-01',
    });
    adminId = await directory.upsertPerson(schoolId, { displayName: 'Ada Admin', roles: ['admin'] });
    await directory.upsertPerson(schoolId, { displayName: 'Pip Pupil', roles: ['pupil'] });
    outsiderId = await directory.upsertPerson(otherSchoolId, {
      displayName: 'Olly Other',
      roles: ['teacher'],
    });
    await training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE);
  });
  afterAll(async () => {
    await store.close();
  });

  it('seeds the catalogue once and keeps a school’s own changes when seeded again', async () => {
    await training.saveCourse(
      schoolId,
      { ...DEFAULT_CATALOGUE[2]!, cycle: { kind: 'yearly' }, requiredFor: ['teacher'] },
      AT,
    );
    expect(await training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE)).toBe(0);
    const catalogue = await training.catalogue(schoolId);
    expect(catalogue.map((c) => c.id)).toEqual(DEFAULT_CATALOGUE.map((c) => c.id));
    expect(catalogue[2]).toMatchObject({ cycle: { kind: 'yearly' }, requiredFor: ['teacher'] });
    await training.saveCourse(
      schoolId,
      {
        id: 'prevent-duty',
        title: 'Prevent duty',
        cycle: { kind: 'every-two-years' },
        requiredFor: ['teacher'],
        evidenceRequired: false,
      },
      AT,
    );
    expect((await training.catalogue(schoolId)).at(-1)?.id).toBe('prevent-duty');
    expect(await training.catalogue(otherSchoolId)).toEqual([]);
  });

  it('lists staff with roles and start dates, never pupils; no start date means the day they joined the roster', async () => {
    const staff = await training.staff(schoolId);
    expect(staff.map((s) => s.displayName)).toEqual(['Ada Admin', 'Tess Teacher']);
    expect(staff.find((s) => s.id === teacherId)).toMatchObject({
      roles: ['teacher'],
      startsOn: '2026-09-01',
    });
    expect(staff.find((s) => s.id === adminId)?.startsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('records a completion once, with its message in the same transaction', async () => {
    const outbox = new OutboxRepository(store.db);
    const record = {
      schoolId,
      personId: teacherId,
      courseId: 'safeguarding-child-protection',
      completedOn: '2026-11-20',
      provider: 'Local authority',
      certificateUrl: 'https://example.org/cert/1',
      recordedBy: teacherId,
      recordedAt: AT,
      source: 'self' as const,
    };
    const message = { idempotencyKey: 'rec-1', personId: adminId, schoolId, message: { text: 'x' } };
    expect(await training.record(record, { outbox: [message] })).toEqual({ recorded: true });
    expect(
      await training.record(
        { ...record, provider: 'Again' },
        { outbox: [{ ...message, idempotencyKey: 'rec-2' }] },
      ),
    ).toEqual({ recorded: false });
    expect((await outbox.counts()).pending).toBe(1);
    const rows = await training.records(schoolId, teacherId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      courseId: 'safeguarding-child-protection',
      completedOn: '2026-11-20',
      provider: 'Local authority',
      certificateUrl: 'https://example.org/cert/1',
      source: 'self',
    });
  });

  it('keeps a corrected record as written and counts only the correction; a withdrawal counts nothing', async () => {
    const [original] = await training.records(schoolId, teacherId);
    expect(
      await training.correct({
        schoolId,
        recordId: original!.id,
        replacement: {
          completedOn: '2026-11-19',
          provider: 'Local authority',
          recordedBy: adminId,
          recordedAt: AT,
          source: 'on-behalf',
        },
        by: adminId,
        at: AT,
      }),
    ).toBe(true);
    expect(
      await training.correct({
        schoolId,
        recordId: original!.id,
        replacement: 'withdraw',
        by: adminId,
        at: AT,
      }),
    ).toBe(false);
    const now = await training.records(schoolId, teacherId);
    expect(now.map((r) => r.completedOn)).toEqual(['2026-11-19']);
    expect(
      (await training.history(schoolId, teacherId)).map((r) => [r.completedOn, r.correctsId !== undefined]),
    ).toEqual([
      ['2026-11-20', false],
      ['2026-11-19', true],
    ]);
    expect(
      await training.correct({
        schoolId,
        recordId: now[0]!.id,
        replacement: 'withdraw',
        by: adminId,
        at: AT,
      }),
    ).toBe(true);
    expect(await training.records(schoolId, teacherId)).toEqual([]);
    expect(await training.history(schoolId, teacherId)).toHaveLength(3);
  });

  it('refuses to change or delete a record in the database', async () => {
    await expect(sql`UPDATE training_records SET provider = 'changed'`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM training_records`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('imports all or nothing, and never a person of another school', async () => {
    const good = {
      schoolId,
      personId: teacherId,
      courseId: 'online-safety-update',
      completedOn: '2026-10-01',
      provider: 'INSET',
      recordedBy: undefined,
      recordedAt: AT,
      source: 'import' as const,
    };
    await expect(
      training.recordAll([good, { ...good, personId: outsiderId, completedOn: '2026-10-02' }]),
    ).rejects.toThrow();
    expect(await training.records(schoolId, teacherId)).toEqual([]);
    expect(await training.recordAll([good, good])).toBe(1);
    expect(await training.records(schoolId, teacherId)).toHaveLength(1);
  });
});
