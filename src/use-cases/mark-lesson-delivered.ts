import { addDaysToLocalDate, schoolTimeToUtc, utcToSchoolTime } from '../domain/calendar/school-time.js';
import { addSchoolDays } from '../domain/calendar/term-dates.js';
import type { Clock } from '../domain/clock.js';
import { quizClosesOn } from '../domain/curriculum/term-plan.js';
import type { Person } from '../domain/directory/person.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { JobRepository } from '../store/job-repository.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass } from './lesson-access.js';
import { LESSON_JOB } from './schedule-lesson-jobs.js';

export type MarkDeliveredResult =
  | { ok: true; lesson: PlannedLessonRecord; className: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'already-delivered' };

/**
 * The teacher marks a lesson delivered. With it, in one transaction, the catch-up is scheduled:
 * the school day after it was taught, at the lesson's time, pupils who have not answered the quiz are offered the
 * lesson in their personal chat (issue 4, "Catch-up"); and so are the results, which go to the
 * class's teachers when the quiz closes (quizClosesOn).
 */
export async function markLessonDelivered(
  deps: { directory: DirectoryRepository; teaching: TeachingRepository; jobs: JobRepository; clock: Clock },
  props: { person: Person | undefined; plannedLessonId: string },
): Promise<MarkDeliveredResult> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!planned || planned.status === 'cancelled') return { ok: false, reason: 'not-found' };
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return { ok: false, reason: 'not-found' };
  if (!canManageClass(props.person, cls)) return { ok: false, reason: 'not-allowed' };
  const person = props.person as Person;
  const now = deps.clock.now();
  const calendar = await deps.directory.calendar(planned.schoolId);
  // Counted from the day it was taught, which may be before its planned date (started early).
  const taughtOn = [planned.localDate, utcToSchoolTime(now).date].sort()[0] as string;
  const catchUpOn = addSchoolDays(calendar, taughtOn, 1) ?? addDaysToLocalDate(taughtOn, 1);
  const catchUpAt = new Date(
    Math.max(now.getTime(), schoolTimeToUtc(catchUpOn, planned.localTime).getTime()),
  );
  const closesOn = quizClosesOn(taughtOn, calendar) ?? addDaysToLocalDate(taughtOn, 3);
  const resultsAt = new Date(
    Math.max(catchUpAt.getTime(), schoolTimeToUtc(closesOn, planned.localTime).getTime()),
  );
  const changed = await deps.teaching.transaction(async (trx) => {
    if (!(await deps.teaching.markDelivered(planned.id, person.id, now, trx))) return false;
    await deps.jobs.schedule(
      {
        idempotencyKey: `lesson:${planned.id}:catch-up`,
        schoolId: planned.schoolId,
        kind: LESSON_JOB.catchUp,
        runAt: catchUpAt,
        payload: { plannedLessonId: planned.id },
      },
      trx,
    );
    // The quiz closes: its results go to the class's teachers without their asking.
    await deps.jobs.schedule(
      {
        idempotencyKey: `lesson:${planned.id}:results`,
        schoolId: planned.schoolId,
        kind: LESSON_JOB.results,
        runAt: resultsAt,
        payload: { plannedLessonId: planned.id },
      },
      trx,
    );
    return true;
  });
  if (!changed) return { ok: false, reason: 'already-delivered' };
  return { ok: true, lesson: { ...planned, status: 'delivered', deliveredAt: now }, className: cls.name };
}
