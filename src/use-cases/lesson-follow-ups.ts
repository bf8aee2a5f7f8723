import type { LessonLibrary } from '../content/lesson-library.js';
import type { Clock } from '../domain/clock.js';
import type { AttendanceRepository } from '../store/attendance-repository.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import { OUTBOX_PRIORITY, type OutboxRepository } from '../store/outbox-repository.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { LESSON_CARD } from './post-lesson.js';
import { classQuizResults } from './quiz-results.js';

/** Cards queued by the teaching jobs, with codes and ids only (their words are found at send time). */
export const LESSON_REMINDER_CARD = 'lesson-reminder';
export const LESSON_NOTICE_CARD = 'lesson-notice';

type Deps = {
  directory: DirectoryRepository;
  teaching: TeachingRepository;
  outbox: OutboxRepository;
  clock: Clock;
};

/**
 * The day before: each of the class's teachers gets the lesson's teacher notes in their personal
 * chat. Nothing for a lesson re-dated since (another revision), posted early, or cancelled.
 */
export async function remindLessonTeachers(
  deps: Deps,
  props: { plannedLessonId: string; revision: number },
): Promise<number> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (planned?.status !== 'planned' || planned.revision !== props.revision) return 0;
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return 0;
  let queued = 0;
  for (const teacherId of await deps.teaching.membersOf(cls.id, 'teacher')) {
    const sent = await deps.outbox.enqueue({
      idempotencyKey: `lesson-remind:${planned.id}:r${planned.revision}:${teacherId}`,
      personId: teacherId,
      schoolId: planned.schoolId,
      message: {
        card: LESSON_REMINDER_CARD,
        data: {
          plannedLessonId: planned.id,
          lessonId: planned.lessonId,
          className: cls.name,
          localDate: planned.localDate,
          localTime: planned.localTime,
        },
      },
    });
    if (sent) queued += 1;
  }
  return queued;
}

/**
 * Two school days after the planned date: a lesson not marked delivered is raised with the PSHE
 * lead (issue 4). A delivered or cancelled one, or one re-dated since, needs nothing.
 */
export async function checkLessonDelivered(
  deps: Deps,
  props: { plannedLessonId: string; revision: number },
): Promise<number> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!planned || planned.revision !== props.revision) return 0;
  if (planned.status === 'delivered' || planned.status === 'cancelled') return 0;
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return 0;
  let leads = await deps.teaching.psheLeads(planned.schoolId);
  // A school with no teacher in leadership: its leadership team answers for PSHE.
  if (leads.length === 0)
    leads = (await deps.directory.peopleWithRole(planned.schoolId, 'leadership')).map((p) => p.id);
  let queued = 0;
  for (const leadId of leads) {
    const sent = await deps.outbox.enqueue({
      idempotencyKey: `lesson-undelivered:${planned.id}:r${planned.revision}:${leadId}`,
      personId: leadId,
      schoolId: planned.schoolId,
      message: {
        card: LESSON_NOTICE_CARD,
        data: {
          notice: 'undelivered',
          lessonId: planned.lessonId,
          className: cls.name,
          localDate: planned.localDate,
          localTime: planned.localTime,
        },
      },
    });
    if (sent) queued += 1;
  }
  return queued;
}

/** The class's teachers are told a lesson could not be posted: the bot is not in the class team. */
export async function tellTeachersNoChannel(
  deps: Deps,
  props: { plannedLessonId: string; revision: number },
): Promise<void> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!planned) return;
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return;
  for (const teacherId of await deps.teaching.membersOf(cls.id, 'teacher')) {
    await deps.outbox.enqueue({
      idempotencyKey: `lesson-no-channel:${planned.id}:r${planned.revision}:${teacherId}`,
      personId: teacherId,
      schoolId: planned.schoolId,
      message: {
        card: LESSON_NOTICE_CARD,
        data: {
          notice: 'no-channel',
          lessonId: planned.lessonId,
          className: cls.name,
          localDate: planned.localDate,
          localTime: planned.localTime,
        },
      },
      priority: OUTBOX_PRIORITY.reply,
    });
  }
}

/**
 * After a delivered lesson: each pupil who missed it is offered the lesson and quiz in their
 * personal chat, once. Who missed it is the register's absentees when a register was taken
 * (issue 6 §7); otherwise the pupils who have not answered its quiz.
 */
export async function offerLessonCatchUp(
  deps: Deps & { attendance: AttendanceRepository },
  props: { plannedLessonId: string },
): Promise<number> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (planned?.status !== 'delivered') return 0;
  const register = await deps.attendance.current({ kind: 'lesson', id: planned.id });
  const absent = new Set(register?.marks.filter((m) => m.mark === 'absent').map((m) => m.personId));
  const answered = new Set((await deps.teaching.answers(planned.id)).map((a) => a.personId));
  const missed = (pupilId: string) => (register ? absent.has(pupilId) : !answered.has(pupilId));
  let queued = 0;
  for (const pupilId of await deps.teaching.membersOf(planned.classId, 'pupil')) {
    if (!missed(pupilId)) continue;
    const sent = await deps.outbox.enqueue({
      idempotencyKey: `lesson-catch-up:${planned.id}:${pupilId}`,
      personId: pupilId,
      schoolId: planned.schoolId,
      message: {
        card: LESSON_CARD,
        data: { plannedLessonId: planned.id, lessonId: planned.lessonId, catchUp: true },
      },
      priority: OUTBOX_PRIORITY.bulk,
    });
    if (sent) queued += 1;
  }
  return queued;
}

/**
 * The quiz has closed (quizClosesOn): each of the class's teachers gets a note in their personal
 * chat with how many took part, and a button that opens the full results there (issue 4,
 * "Results": when the teacher asks, or the quiz closes). Counts only: no pupil is named, and the
 * results themselves are worked out when the button is pressed, for whoever presses it.
 */
export async function sendClassResults(
  deps: Deps & { lessons: LessonLibrary },
  props: { plannedLessonId: string },
): Promise<number> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (planned?.status !== 'delivered') return 0;
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return 0;
  const results = await classQuizResults(deps, planned, cls.name);
  if (!results) return 0;
  let queued = 0;
  for (const teacherId of await deps.teaching.membersOf(cls.id, 'teacher')) {
    const sent = await deps.outbox.enqueue({
      idempotencyKey: `lesson-results:${planned.id}:${teacherId}`,
      personId: teacherId,
      schoolId: planned.schoolId,
      message: {
        card: LESSON_NOTICE_CARD,
        data: {
          notice: 'results',
          plannedLessonId: planned.id,
          lessonId: planned.lessonId,
          className: cls.name,
          localDate: planned.localDate,
          localTime: planned.localTime,
          tookPart: results.summary.tookPart,
          pupils: results.summary.pupilsInClass,
          answeredTogether: results.classAnswers !== undefined,
        },
      },
    });
    if (sent) queued += 1;
  }
  return queued;
}
