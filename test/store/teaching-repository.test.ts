import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { JobRepository } from '../../src/store/job-repository.js';
import { TeachingRepository } from '../../src/store/teaching-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

describe.each(STORE_TARGETS)('the teaching repository on $name', (target) => {
  let store: Store;
  let directory: DirectoryRepository;
  let teaching: TeachingRepository;
  let jobs: JobRepository;
  let schoolId: string;
  let classId: string;
  let teacherId: string;
  let pupilIds: string[];
  const at = new Date('2026-10-15T12:00:00Z');

  beforeAll(async () => {
    store = await target.open();
    directory = new DirectoryRepository(store.db);
    teaching = new TeachingRepository(store.db);
    jobs = new JobRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Test School' });
    classId = await directory.upsertClass(schoolId, { name: '4B', yearGroup: 4, teamsTeamId: 'team-4b' });
    teacherId = await directory.upsertPerson(schoolId, { displayName: 'T', roles: ['teacher'] });
    await directory.addToClass(schoolId, classId, teacherId, 'teacher');
    pupilIds = [];
    for (const name of ['A', 'B']) {
      const id = await directory.upsertPerson(schoolId, { displayName: name, roles: ['pupil'] });
      await directory.addToClass(schoolId, classId, id, 'pupil');
      pupilIds.push(id);
    }
  });
  afterAll(async () => {
    await store.close();
  });

  const lesson = (halfTerm: 1 | 2, localDate: string, startsAt: string) => ({
    classId,
    lessonId: `7-11-autumn-${halfTerm}-x`,
    academicYear: '2026-27',
    term: 'autumn' as const,
    halfTerm,
    localDate,
    localTime: '10:30',
    startsAt: new Date(startsAt),
  });

  it("keeps a class's PSHE slot, none until it is set, and changes it in place", async () => {
    expect((await teaching.classById(classId))?.slot).toBeUndefined();
    await teaching.setSlot({ schoolId, classId, psheDay: 'tuesday', psheTime: '13:15', by: teacherId });
    await teaching.setSlot({ schoolId, classId, psheDay: 'friday', psheTime: '09:00', by: teacherId });
    expect(await teaching.classesOfSchool(schoolId)).toEqual([
      {
        id: classId,
        schoolId,
        name: '4B',
        yearGroup: 4,
        teamsTeamId: 'team-4b',
        slot: { psheDay: 'friday', psheTime: '09:00' },
      },
    ]);
    await expect(
      teaching.setSlot({ schoolId, classId, psheDay: 'friday', psheTime: '25:00', by: teacherId }),
    ).rejects.toThrow();
  });

  it('confirms a draft once, with its jobs in the same transaction, and re-dates a planned lesson with a new revision', async () => {
    const draftId = await teaching.createDraft({
      schoolId,
      createdBy: teacherId,
      academicYear: '2026-27',
      term: 'autumn',
      plan: { x: 1 },
    });
    expect(await teaching.updateDraft(draftId, { x: 2 })).toBe(true);
    expect((await teaching.draft(draftId))?.plan).toEqual({ x: 2 });
    const scheduled: string[] = [];
    const lessons = [
      lesson(1, '2026-10-19', '2026-10-19T09:30:00Z'),
      lesson(2, '2026-11-09', '2026-11-09T10:30:00Z'),
    ];
    const saved = await teaching.confirmDraft(
      { draftId, by: teacherId, at, lessons },
      async (l, previous, trx) => {
        expect(previous).toBeUndefined();
        await jobs.schedule(
          { idempotencyKey: `t:${l.id}`, schoolId, kind: 'k', runAt: l.startsAt, payload: {} },
          trx,
        );
        scheduled.push(l.id);
      },
    );
    expect(
      saved?.map((l) => [l.halfTerm, l.localDate, l.startsAt.toISOString(), l.status, l.revision]),
    ).toEqual([
      [1, '2026-10-19', '2026-10-19T09:30:00.000Z', 'planned', 1],
      [2, '2026-11-09', '2026-11-09T10:30:00.000Z', 'planned', 1],
    ]);
    expect(
      await teaching.confirmDraft({ draftId, by: teacherId, at, lessons }, async () => {}),
    ).toBeUndefined();
    expect(await teaching.updateDraft(draftId, { x: 3 })).toBe(false);
    expect(await jobs.statusOf(`t:${scheduled[0]}`)).toMatchObject({ status: 'pending' });

    // A failing follow-up rolls the whole confirmation back.
    const failing = await teaching.createDraft({
      schoolId,
      createdBy: teacherId,
      academicYear: '2026-27',
      term: 'autumn',
      plan: {},
    });
    await expect(
      teaching.confirmDraft(
        { draftId: failing, by: teacherId, at, lessons: [lesson(1, '2026-10-20', '2026-10-20T09:30:00Z')] },
        async () => {
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect((await teaching.draft(failing))?.status).toBe('draft');
    expect((await teaching.plannedLessonsOf([classId]))[0]?.localDate).toBe('2026-10-19');

    // Posted lessons stay; planned ones are re-dated.
    expect(await teaching.markPosted(saved![0]!.id, at)).toBe(true);
    expect(await teaching.markPosted(saved![0]!.id, at)).toBe(false);
    const again = await teaching.createDraft({
      schoolId,
      createdBy: teacherId,
      academicYear: '2026-27',
      term: 'autumn',
      plan: {},
    });
    const previous: (number | undefined)[] = [];
    const redated = await teaching.confirmDraft(
      {
        draftId: again,
        by: teacherId,
        at,
        lessons: [
          lesson(1, '2026-10-20', '2026-10-20T09:30:00Z'),
          lesson(2, '2026-11-10', '2026-11-10T10:30:00Z'),
        ],
      },
      async (_l, rev) => {
        previous.push(rev);
      },
    );
    expect(redated?.map((l) => [l.halfTerm, l.localDate, l.revision])).toEqual([[2, '2026-11-10', 2]]);
    expect(previous).toEqual([1]);
    expect((await teaching.plannedLessonsOf([classId])).map((l) => [l.status, l.localDate])).toEqual([
      ['posted', '2026-10-19'],
      ['planned', '2026-11-10'],
    ]);
  });

  it('stores the first answer per attempt and question, keeps every attempt, and marks delivered once', async () => {
    const [posted] = await teaching.plannedLessonsOf([classId]);
    const base = { schoolId, plannedLessonId: posted!.id, respondent: 'pupil' as const, at };
    expect(
      await teaching.recordAnswer({
        ...base,
        personId: pupilIds[0]!,
        attempt: 1,
        questionId: 'q1',
        choiceId: 'a',
        correct: true,
      }),
    ).toBe(true);
    expect(
      await teaching.recordAnswer({
        ...base,
        personId: pupilIds[0]!,
        attempt: 1,
        questionId: 'q1',
        choiceId: 'b',
        correct: false,
      }),
    ).toBe(false);
    expect(
      await teaching.recordAnswer({
        ...base,
        personId: pupilIds[0]!,
        attempt: 2,
        questionId: 'q1',
        choiceId: 'b',
        correct: false,
      }),
    ).toBe(true);
    expect(
      await teaching.recordAnswer({
        ...base,
        personId: pupilIds[1]!,
        attempt: 1,
        questionId: 'q1',
        choiceId: 'c',
        correct: null,
      }),
    ).toBe(true);
    const mine = await teaching.answers(posted!.id, pupilIds[0]);
    expect(mine.map((a) => [a.attempt, a.choiceId, a.correct])).toEqual([
      [1, 'a', true],
      [2, 'b', false],
    ]);
    expect(await teaching.answers(posted!.id)).toHaveLength(3);
    expect(await teaching.membersOf(classId, 'pupil')).toEqual(pupilIds);
    expect(await teaching.membersOf(classId, 'teacher')).toEqual([teacherId]);

    expect(await teaching.markDelivered(posted!.id, teacherId, at)).toBe(true);
    expect(await teaching.markDelivered(posted!.id, teacherId, at)).toBe(false);
    expect((await teaching.plannedLesson(posted!.id))?.status).toBe('delivered');
  });

  it('finds the PSHE lead: a teacher who is also in leadership', async () => {
    const lead = await directory.upsertPerson(schoolId, {
      displayName: 'Lead',
      roles: ['teacher', 'leadership'],
    });
    await directory.upsertPerson(schoolId, { displayName: 'Head', roles: ['headteacher', 'leadership'] });
    expect(await teaching.psheLeads(schoolId)).toEqual([lead]);
  });
});
