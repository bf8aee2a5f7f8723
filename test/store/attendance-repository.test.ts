import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceRepository } from '../../src/store/attendance-repository.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { TeachingRepository } from '../../src/store/teaching-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

describe.each(STORE_TARGETS)('the attendance repository on $name', (target) => {
  let store: Store;
  let attendance: AttendanceRepository;
  let schoolId: string;
  let teacherId: string;
  let leadId: string;
  let pupilIds: string[];
  let plannedLessonId: string;
  const at = new Date('2026-10-19T10:00:00Z');

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    const teaching = new TeachingRepository(store.db);
    attendance = new AttendanceRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Test School' });
    const classId = await directory.upsertClass(schoolId, { name: '4B', yearGroup: 4 });
    teacherId = await directory.upsertPerson(schoolId, { displayName: 'Teacher', roles: ['teacher'] });
    leadId = await directory.upsertPerson(schoolId, {
      displayName: 'Lead',
      roles: ['teacher', 'leadership'],
    });
    await directory.addToClass(schoolId, classId, teacherId, 'teacher');
    pupilIds = [];
    for (const name of ['Bea', 'Ali', 'Cal']) {
      const id = await directory.upsertPerson(schoolId, {
        displayName: name,
        roles: ['pupil'],
        aadObjectId: `aad-${name}`,
      });
      await directory.addToClass(schoolId, classId, id, 'pupil');
      pupilIds.push(id);
    }
    const draftId = await teaching.createDraft({
      schoolId,
      createdBy: teacherId,
      academicYear: '2026-27',
      term: 'autumn',
      plan: {},
    });
    const [lesson] =
      (await teaching.confirmDraft(
        {
          draftId,
          by: teacherId,
          at,
          lessons: [
            {
              classId,
              lessonId: '7-11-autumn-1-x',
              academicYear: '2026-27',
              term: 'autumn',
              halfTerm: 1,
              localDate: '2026-10-19',
              localTime: '10:30',
              startsAt: new Date('2026-10-19T09:30:00Z'),
            },
          ],
        },
        async () => {},
      )) ?? [];
    plannedLessonId = lesson!.id;
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every version of a register: a correction is the next version, the first stays as taken', async () => {
    const session = { kind: 'lesson' as const, id: plannedLessonId };
    expect(await attendance.current(session)).toBeUndefined();
    const [bea, ali, cal] = pupilIds as [string, string, string];
    const first = await attendance.save({
      schoolId,
      session,
      source: 'manual',
      takenBy: teacherId,
      takenAt: at,
      idempotencyKey: 'form-1',
      marks: [
        { personId: bea, mark: 'present' },
        { personId: ali, mark: 'absent' },
        { personId: cal, mark: 'late' },
      ],
    });
    expect(first.created).toBe(true);
    expect(first.register.version).toBe(1);
    // Ordered by name: Ali, Bea, Cal.
    expect(first.register.marks).toEqual([
      { personId: ali, mark: 'absent' },
      { personId: bea, mark: 'present' },
      { personId: cal, mark: 'late' },
    ]);
    // The same form again saves nothing.
    const again = await attendance.save({
      schoolId,
      session,
      source: 'manual',
      takenBy: teacherId,
      takenAt: at,
      idempotencyKey: 'form-1',
      marks: [{ personId: bea, mark: 'absent' }],
    });
    expect(again).toEqual({ register: first.register, created: false });

    let afterSaveVersion = 0;
    const corrected = await attendance.save(
      {
        schoolId,
        session,
        source: 'teams-meeting',
        meetingId: 'meeting-1',
        takenBy: leadId,
        takenAt: new Date('2026-10-20T08:00:00Z'),
        idempotencyKey: 'form-2',
        marks: pupilIds.map((personId) => ({ personId, mark: 'present' as const })),
      },
      async (saved) => {
        afterSaveVersion = saved.version;
      },
    );
    expect(corrected.register).toMatchObject({ version: 2, takenByName: 'Lead', meetingId: 'meeting-1' });
    expect(afterSaveVersion).toBe(2);
    expect((await attendance.current(session))?.version).toBe(2);
    const history = await attendance.history(session);
    expect(history.map((h) => [h.version, h.takenBy, h.source])).toEqual([
      [1, teacherId, 'manual'],
      [2, leadId, 'teams-meeting'],
    ]);
    expect(history[0]?.marks.find((m) => m.personId === ali)?.mark).toBe('absent');

    // The leadership view counts each lesson's register as it stands (version 2): three present.
    expect(await attendance.attendanceByClass(schoolId, '2026-27')).toEqual([
      { classId: expect.any(String), className: '4B', registers: 1, present: 3, late: 0, absent: 0 },
    ]);
    // Another year's view does not count this year's registers.
    expect(await attendance.attendanceByClass(schoolId, '2027-28')).toEqual([]);

    // The database itself refuses to change a register once taken.
    await expect(
      store.db
        .updateTable('attendance_marks')
        .set({ mark: 'present' })
        .where('person_id', '=', ali)
        .execute(),
    ).rejects.toThrow();
    await expect(store.db.deleteFrom('attendance_registers').execute()).rejects.toThrow();
  });

  it("keys other sessions generically, and gives the roster's names and Entra ids", async () => {
    const session = { kind: 'training-session' as const, id: 'inset-2026-10-23' };
    const saved = await attendance.save({
      schoolId,
      session,
      source: 'manual',
      takenBy: leadId,
      takenAt: at,
      idempotencyKey: 'form-training-1',
      marks: [{ personId: teacherId, mark: 'present' }],
    });
    expect(saved.register.session).toEqual(session);
    // A lesson's register must name a real planned lesson.
    await expect(
      attendance.save({
        schoolId,
        session: { kind: 'lesson', id: '00000000-0000-4000-8000-000000000000' },
        source: 'manual',
        takenBy: teacherId,
        takenAt: at,
        idempotencyKey: 'form-nowhere',
        marks: [],
      }),
    ).rejects.toThrow();
    expect((await attendance.roster(pupilIds)).map((p) => [p.displayName, p.aadObjectId])).toEqual([
      ['Ali', 'aad-Ali'],
      ['Bea', 'aad-Bea'],
      ['Cal', 'aad-Cal'],
    ]);
  });
});
