import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type {
  AttendanceMark,
  AttendanceRepository,
  RegisterRecord,
  RegisterSource,
} from '../store/attendance-repository.js';
import type { JobRepository } from '../store/job-repository.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { LESSON_JOB } from './schedule-lesson-jobs.js';
import { lessonRegister } from './take-register.js';

export type SaveRegisterResult =
  | { ok: true; register: RegisterRecord; created: boolean; className: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-taught-yet' | 'roster-changed' };

/**
 * Saves a lesson's register, or its correction, as the next version (the earlier ones are kept,
 * with who took them and when). One card form saves once, however often it is pressed.
 *
 * Pupils marked absent missed the lesson itself, so they are offered it to catch up (issue 4 §5:
 * the register, once there is one, says who missed it, rather than the quiz). With the register,
 * in the same transaction, a catch-up run is scheduled: at the lesson's own catch-up time if that
 * is still to come, or now if it has passed. Each pupil is offered once (the outbox's keys), so a
 * pupil already offered is not offered again.
 */
export async function saveLessonRegister(
  deps: { teaching: TeachingRepository; attendance: AttendanceRepository; jobs: JobRepository; clock: Clock },
  props: {
    person: Person | undefined;
    plannedLessonId: string;
    formId: string;
    source: RegisterSource;
    meetingId?: string | undefined;
    marks: ReadonlyMap<string, AttendanceMark>;
  },
): Promise<SaveRegisterResult> {
  const found = await lessonRegister(deps, props);
  if (!found.ok) return found;
  const { lesson, pupils, className } = found.register;
  // The card lists the class as it was when it was shown: a pupil who joined or left since means
  // the teacher should see the class again rather than have someone silently marked.
  const ids = new Set(pupils.map((p) => p.id));
  if (props.marks.size !== ids.size || [...props.marks.keys()].some((id) => !ids.has(id)))
    return { ok: false, reason: 'roster-changed' };
  const person = props.person as Person;
  const now = deps.clock.now();
  const original = await deps.jobs.statusOf(`lesson:${lesson.id}:catch-up`);
  const catchUpAt =
    original?.status === 'pending' && original.runAt.getTime() > now.getTime() ? original.runAt : now;
  const saved = await deps.attendance.save(
    {
      schoolId: lesson.schoolId,
      session: { kind: 'lesson', id: lesson.id },
      source: props.source,
      meetingId: props.meetingId,
      takenBy: person.id,
      takenAt: now,
      idempotencyKey: `register:${lesson.id}:${props.formId}`,
      marks: pupils.map((p) => ({ personId: p.id, mark: props.marks.get(p.id) ?? 'present' })),
    },
    async (register, trx) => {
      // Not delivered yet: marking it delivered schedules the catch-up, which reads this register.
      if (lesson.status !== 'delivered') return;
      await deps.jobs.schedule(
        {
          idempotencyKey: `lesson:${lesson.id}:catch-up:register-v${register.version}`,
          schoolId: lesson.schoolId,
          kind: LESSON_JOB.catchUp,
          runAt: catchUpAt,
          payload: { plannedLessonId: lesson.id },
        },
        trx,
      );
    },
  );
  return { ok: true, ...saved, className };
}
