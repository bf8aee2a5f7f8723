import type { Person } from '../domain/directory/person.js';
import type { AttendanceRepository, RegisterRecord, RosterEntry } from '../store/attendance-repository.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass, teachesClass } from './lesson-access.js';

export type LessonRegister = {
  lesson: PlannedLessonRecord;
  className: string;
  /** The class's pupils now, by name: the register lists each of them. */
  pupils: RosterEntry[];
  /** Every version taken so far, first first; the last is the register as it stands. */
  history: RegisterRecord[];
};

export type LessonRegisterResult =
  | { ok: true; register: LessonRegister }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-taught-yet' };

type Deps = { teaching: TeachingRepository; attendance: AttendanceRepository };

/**
 * A lesson's register, to take or to correct (issue 6 §7). Only the class's own teachers and the
 * PSHE lead (use-cases/lesson-access.ts); a lesson is registered once it has been posted or
 * delivered, never before it happens.
 */
export async function lessonRegister(
  deps: Deps,
  props: { person: Person | undefined; plannedLessonId: string },
): Promise<LessonRegisterResult> {
  const lesson = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!lesson || lesson.status === 'cancelled') return { ok: false, reason: 'not-found' };
  const cls = await deps.teaching.classById(lesson.classId);
  if (!cls) return { ok: false, reason: 'not-found' };
  if (!canManageClass(props.person, cls)) return { ok: false, reason: 'not-allowed' };
  if (lesson.status === 'planned') return { ok: false, reason: 'not-taught-yet' };
  const pupils = await deps.attendance.roster(await deps.teaching.membersOf(cls.id, 'pupil'));
  const history = await deps.attendance.history({ kind: 'lesson', id: lesson.id });
  return { ok: true, register: { lesson, className: cls.name, pupils, history } };
}

/**
 * The lesson "register" in words means: the latest posted or delivered lesson of a class this
 * person teaches themselves (the PSHE lead opens another class's from its card).
 */
export async function latestLessonToRegister(
  deps: Deps,
  props: { person: Person | undefined },
): Promise<PlannedLessonRecord | undefined> {
  const person = props.person;
  if (!person) return undefined;
  const classes = (await deps.teaching.classesOfSchool(person.schoolId)).filter(
    (c) => teachesClass(person, c.id) && canManageClass(person, c),
  );
  const lessons = await deps.teaching.plannedLessonsOf(classes.map((c) => c.id));
  return lessons.filter((l) => l.status === 'posted' || l.status === 'delivered').at(-1);
}
