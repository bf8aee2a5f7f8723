import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { JobRepository } from '../store/job-repository.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { deserialisePlan } from './plan-term.js';
import { lessonJobPrefix, scheduleLessonJobs } from './schedule-lesson-jobs.js';

export type ConfirmPlanResult =
  | { ok: true; lessons: PlannedLessonRecord[]; classIds: string[] }
  | { ok: false; reason: 'not-found' }
  /** A second press: the plan stands as first confirmed. */
  | { ok: false; reason: 'already-confirmed'; classIds: string[] };

/**
 * Saves the plan's lessons and schedules their jobs in one transaction (rule 1): a lesson is never
 * planned without the job that posts it. Re-planning a class's half-term re-dates its lesson
 * (unless it has been posted) and replaces the jobs of the old date.
 */
export async function confirmTermPlan(
  deps: { directory: DirectoryRepository; teaching: TeachingRepository; jobs: JobRepository; clock: Clock },
  props: { person: Person | undefined; draftId: string },
): Promise<ConfirmPlanResult> {
  const { person, draftId } = props;
  const draft = await deps.teaching.draft(draftId);
  if (!draft || !person || draft.createdBy !== person.id) return { ok: false, reason: 'not-found' };
  const plan = deserialisePlan(draft.plan);
  const classIds = [...new Set(plan.lessons.map((l) => l.classId))];
  if (draft.status !== 'draft') return { ok: false, reason: 'already-confirmed', classIds };
  const calendar = await deps.directory.calendar(draft.schoolId);
  const now = deps.clock.now();
  const saved = await deps.teaching.confirmDraft(
    {
      draftId,
      by: person.id,
      at: now,
      lessons: plan.lessons.map((l) => ({
        classId: l.classId,
        lessonId: l.lesson.id,
        academicYear: plan.academicYear,
        term: plan.term,
        halfTerm: l.halfTerm,
        localDate: l.localDate,
        localTime: l.localTime,
        startsAt: l.startsAt,
      })),
    },
    async (lesson, previousRevision, trx) => {
      if (previousRevision !== undefined)
        await deps.jobs.cancelByKeyPrefix(lessonJobPrefix(lesson.id, previousRevision), now, trx);
      await scheduleLessonJobs(deps.jobs, lesson, calendar, now, trx);
    },
  );
  if (!saved) return { ok: false, reason: 'already-confirmed', classIds };
  return { ok: true, lessons: saved, classIds };
}
