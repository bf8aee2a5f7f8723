import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import type { ReportCategory } from '../../src/domain/reports/report.js';
import type { AttendanceRepository } from '../../src/store/attendance-repository.js';
import type { DirectoryRepository } from '../../src/store/directory-repository.js';
import type { ReportRepository } from '../../src/store/report-repository.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import type { PlannedLessonRecord, TeachingRepository } from '../../src/store/teaching-repository.js';

/**
 * A term of the demo school's online-safety teaching in 2026-27, through the repositories the
 * flows use: four planned lessons in every state for Year 4 Hazel and Year 5 Oak, registers (one
 * corrected), quiz answers with known first-attempt results, and reports in two categories and
 * two months (plus five from the year before). The numbers the school overview must show are in
 * test/e2e/leadership-overview.test.ts.
 */
export async function seedSchoolOverview(
  deps: {
    directory: DirectoryRepository;
    teaching: TeachingRepository;
    attendance: AttendanceRepository;
    reports: ReportRepository;
  },
  schoolId: string,
): Promise<void> {
  const ids: Record<string, string> = {};
  for (const key of [
    'teacher',
    'pupil',
    'pupil2',
    'pupil-sofia',
    'pupil-ethan',
    'pupil-aisha',
    'pupil-oscar',
  ])
    ids[key] = (await deps.directory.findPersonByAadObjectId(demoPerson(key).aadObjectId))!.id;
  const classes = await deps.teaching.classesOfSchool(schoolId);
  const hazel = classes.find((c) => c.name === 'Year 4 Hazel')!.id;
  const oak = classes.find((c) => c.name === 'Year 5 Oak')!.id;

  // The autumn plan, confirmed as the planning flow confirms it.
  const draftId = await deps.teaching.createDraft({
    schoolId,
    createdBy: ids.teacher!,
    academicYear: '2026-27',
    term: 'autumn',
    plan: {},
  });
  const lesson = (
    classId: string,
    lessonId: string,
    term: 'autumn' | 'spring',
    halfTerm: 1 | 2,
    localDate: string,
  ) => ({
    classId,
    lessonId,
    academicYear: '2026-27',
    term,
    halfTerm,
    localDate,
    localTime: '10:30',
    startsAt: schoolTimeToUtc(localDate, '10:30'),
  });
  const saved = await deps.teaching.confirmDraft(
    {
      draftId,
      by: ids.teacher!,
      at: new Date(),
      lessons: [
        lesson(hazel, '7-11-autumn-1-private-and-strong', 'autumn', 1, '2026-09-15'),
        lesson(hazel, '7-11-autumn-2-group-chats', 'autumn', 2, '2026-11-10'),
        lesson(hazel, '7-11-spring-1-is-it-true', 'spring', 1, '2027-01-12'),
        lesson(oak, '7-11-autumn-1-private-and-strong', 'autumn', 1, '2026-09-16'),
      ],
    },
    async () => {},
  );
  const [hazelA1, hazelA2, , oakA1] = saved!;
  await deps.teaching.markPosted(hazelA1!.id, schoolTimeToUtc('2026-09-15', '10:30'));
  await deps.teaching.markDelivered(hazelA1!.id, ids.teacher!, schoolTimeToUtc('2026-09-15', '11:30'));
  await deps.teaching.markDelivered(oakA1!.id, ids.teacher!, schoolTimeToUtc('2026-09-16', '11:30'));
  await deps.teaching.markPosted(hazelA2!.id, schoolTimeToUtc('2026-11-10', '10:30'));

  // Quiz answers with known first-attempt results.
  let minute = 0;
  const answer = async (
    planned: PlannedLessonRecord,
    who: string,
    attempt: number,
    questionId: string,
    correct: boolean | null,
    respondent: 'pupil' | 'class' = 'pupil',
  ) =>
    deps.teaching.recordAnswer({
      schoolId,
      plannedLessonId: planned.id,
      personId: ids[who]!,
      respondent,
      attempt,
      questionId,
      choiceId: correct ? 'right' : 'other',
      correct,
      at: new Date(schoolTimeToUtc(planned.localDate, '10:40').getTime() + minute++ * 60_000),
    });
  // Privacy and security / online reputation: 4 right of 6 first answers (67%).
  await answer(hazelA1!, 'pupil', 1, 'which-is-private', true);
  await answer(hazelA1!, 'pupil', 1, 'strongest-password', true);
  await answer(hazelA1!, 'pupil', 1, 'friend-asks-password', false);
  await answer(hazelA1!, 'pupil', 2, 'friend-asks-password', true); // a retry is not counted
  await answer(hazelA1!, 'pupil2', 1, 'which-is-private', false);
  await answer(hazelA1!, 'teacher', 1, 'which-is-private', true, 'class'); // not a pupil's answer
  await answer(oakA1!, 'pupil-sofia', 1, 'which-is-private', true);
  await answer(oakA1!, 'pupil-sofia', 1, 'strongest-password', true);
  // Online relationships / online bullying: 1 right of 2 (50%); a talk-about-it answer has no right answer.
  await answer(hazelA2!, 'pupil', 1, 'joke-sounds-mean', true);
  await answer(hazelA2!, 'pupil', 1, 'left-out-feelings', null);
  await answer(hazelA2!, 'pupil', 1, 'unkind-first-step', false);

  // Registers: Hazel's is corrected (Noah was late, not absent); only the latest version counts.
  const register = (
    planned: PlannedLessonRecord,
    key: string,
    marks: [string, 'present' | 'late' | 'absent'][],
  ) =>
    deps.attendance.save({
      schoolId,
      session: { kind: 'lesson', id: planned.id },
      source: 'manual',
      takenBy: ids.teacher!,
      takenAt: new Date(),
      idempotencyKey: key,
      marks: marks.map(([who, mark]) => ({ personId: ids[who]!, mark })),
    });
  await register(hazelA1!, 'hazel-a1-v1', [
    ['pupil', 'present'],
    ['pupil2', 'absent'],
  ]);
  await register(hazelA1!, 'hazel-a1-v2', [
    ['pupil', 'present'],
    ['pupil2', 'late'],
  ]);
  await register(oakA1!, 'oak-a1', [
    ['pupil-sofia', 'present'],
    ['pupil-ethan', 'present'],
    ['pupil-aisha', 'present'],
    ['pupil-oscar', 'absent'],
  ]);

  // Reports: 6 about unkindness and 2 about a stranger this year; 5 about a scam last year.
  let n = 0;
  const report = (category: ReportCategory, at: Date) =>
    deps.reports.create({
      schoolId,
      reporterPersonId: ids.pupil!,
      idempotencyKey: `overview-report-${n++}`,
      at,
      category,
      about: 'me',
      concernsStaff: 'no',
      routedTo: 'safeguarding',
      where: 'A game',
      when: 'Yesterday',
      what: 'Secret words that must never reach the overview',
      dangerNow: false,
      nameWithheld: false,
    });
  for (const day of ['03', '08', '14', '22'])
    await report('unkind-or-bullying', schoolTimeToUtc(`2026-09-${day}`, '12:00'));
  await report('stranger-contact', schoolTimeToUtc('2026-09-20', '16:00'));
  for (const day of ['06', '21'])
    await report('unkind-or-bullying', schoolTimeToUtc(`2026-10-${day}`, '12:00'));
  // 00:30 on 1 October in London is still 30 September in UTC: it is October's.
  await report('stranger-contact', schoolTimeToUtc('2026-10-01', '00:30'));
  for (const day of ['10', '11', '12', '13', '14'])
    await report('scam-hack-or-money', schoolTimeToUtc(`2026-08-${day}`, '12:00'));
}
