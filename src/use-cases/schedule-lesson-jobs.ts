import type { Kysely } from 'kysely';
import { schoolTimeToUtc } from '../domain/calendar/school-time.js';
import type { Calendar } from '../domain/calendar/term-dates.js';
import { dueForDeliveryCheck, reminderAt } from '../domain/curriculum/term-plan.js';
import type { JobRepository } from '../store/job-repository.js';
import type { Database } from '../store/schema.js';
import type { PlannedLessonRecord } from '../store/teaching-repository.js';

/** Scheduled job kinds of the teaching flow (handlers in src/jobs/lesson-jobs.ts). */
export const LESSON_JOB = {
  post: 'lesson.post',
  remind: 'lesson.remind',
  deliveryCheck: 'lesson.delivery-check',
  catchUp: 'lesson.catch-up',
  results: 'lesson.results',
} as const;

/** Every job of one revision of a planned lesson shares this prefix, so a re-plan cancels them together. */
export const lessonJobPrefix = (plannedLessonId: string, revision: number) =>
  `lesson:${plannedLessonId}:r${revision}:`;

/**
 * A confirmed lesson's jobs: post it at its time, remind its teacher the day before at the same
 * school time, and two school days later check it was marked delivered (issue 4, "Deliver").
 * A reminder whose moment has passed is not sent; the post and the check always are.
 */
export async function scheduleLessonJobs(
  jobs: JobRepository,
  lesson: PlannedLessonRecord,
  calendar: Calendar,
  now: Date,
  trx: Kysely<Database>,
): Promise<void> {
  const prefix = lessonJobPrefix(lesson.id, lesson.revision);
  const payload = { plannedLessonId: lesson.id, revision: lesson.revision };
  const base = { schoolId: lesson.schoolId, payload };
  await jobs.schedule(
    { ...base, idempotencyKey: `${prefix}post`, kind: LESSON_JOB.post, runAt: lesson.startsAt },
    trx,
  );
  const remindAt = reminderAt(lesson.startsAt);
  if (remindAt > now)
    await jobs.schedule(
      { ...base, idempotencyKey: `${prefix}remind`, kind: LESSON_JOB.remind, runAt: remindAt },
      trx,
    );
  const checkOn = dueForDeliveryCheck(lesson.localDate, calendar);
  if (checkOn) {
    await jobs.schedule(
      {
        ...base,
        idempotencyKey: `${prefix}check`,
        kind: LESSON_JOB.deliveryCheck,
        runAt: schoolTimeToUtc(checkOn, lesson.localTime),
      },
      trx,
    );
  }
}
