import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type { JobRepository } from '../store/job-repository.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass } from './lesson-access.js';
import { lessonJobPrefix } from './schedule-lesson-jobs.js';

export type CancelLessonResult =
  | { ok: true; lesson: PlannedLessonRecord; className: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'already-posted' };

/**
 * A class's teacher (or the PSHE lead) cancels a lesson not yet posted: a trip, an exam, a
 * closure. With it, in one transaction, its post, reminder and delivery check are cancelled. The
 * row stays as history; the half-term is free to plan again ("plan" proposes it afresh), and the
 * leadership overview shows it as not planned until it is.
 */
export async function cancelLesson(
  deps: { teaching: TeachingRepository; jobs: JobRepository; clock: Clock },
  props: { person: Person | undefined; plannedLessonId: string },
): Promise<CancelLessonResult> {
  const check = await cancellableLesson(deps, props);
  if (!check.ok) return check;
  const planned = check.lesson;
  const now = deps.clock.now();
  const changed = await deps.teaching.transaction(async (trx) => {
    if (!(await deps.teaching.markCancelled(planned.id, now, trx))) return false;
    await deps.jobs.cancelByKeyPrefix(lessonJobPrefix(planned.id, planned.revision), now, trx);
    return true;
  });
  // Posted (by its job, or by a press of Start now) in the meantime: too late to cancel.
  if (!changed) return { ok: false, reason: 'already-posted' };
  return { ok: true, lesson: { ...planned, status: 'cancelled' }, className: check.className };
}

/** Whether this person may cancel this lesson now (the question asked before they confirm); changes nothing. */
export async function cancellableLesson(
  deps: { teaching: TeachingRepository },
  props: { person: Person | undefined; plannedLessonId: string },
): Promise<CancelLessonResult> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!planned || planned.status === 'cancelled') return { ok: false, reason: 'not-found' };
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return { ok: false, reason: 'not-found' };
  if (!canManageClass(props.person, cls)) return { ok: false, reason: 'not-allowed' };
  if (planned.status !== 'planned') return { ok: false, reason: 'already-posted' };
  return { ok: true, lesson: planned, className: cls.name };
}
