import type { LessonLibrary } from '../content/lesson-library.js';
import type { Lesson } from '../domain/curriculum/lesson.js';
import type { Person } from '../domain/directory/person.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass, teachesClass } from './lesson-access.js';
import { type ClassQuizSummary, summariseClass } from './quiz-progress.js';

export type QuizResults = {
  planned: PlannedLessonRecord;
  lesson: Lesson;
  className: string;
  summary: ClassQuizSummary;
  /** A teacher-led quiz answered aloud: the class's answers, pressed by the teacher. */
  classAnswers: { answered: number; correct: number } | undefined;
};

export type QuizResultsResult =
  | { ok: true; results: QuizResults }
  | { ok: false; reason: 'not-allowed' | 'not-found' | 'nothing-posted' };

/**
 * A class's quiz summary, for its teacher or the PSHE lead only, and only ever shown in their
 * personal chat (the route makes sure): numbers and questions, no pupil's name or score. With no
 * lesson named, the latest lesson posted to a class this person teaches (or, for the PSHE lead
 * with no class of their own, to any class).
 */
export async function quizResults(
  deps: { teaching: TeachingRepository; lessons: LessonLibrary },
  props: { person: Person | undefined; plannedLessonId?: string | undefined },
): Promise<QuizResultsResult> {
  const { person } = props;
  if (!person?.roles.includes('teacher')) return { ok: false, reason: 'not-allowed' };
  let planned: PlannedLessonRecord | undefined;
  if (props.plannedLessonId) {
    planned = await deps.teaching.plannedLesson(props.plannedLessonId);
    if (!planned || planned.status === 'cancelled') return { ok: false, reason: 'not-found' };
  } else {
    const classes = (await deps.teaching.classesOfSchool(person.schoolId)).filter((c) =>
      canManageClass(person, c),
    );
    const own = classes.filter((c) => teachesClass(person, c.id));
    const lessons = await deps.teaching.plannedLessonsOf((own.length > 0 ? own : classes).map((c) => c.id));
    planned = lessons.filter((l) => l.status === 'posted' || l.status === 'delivered').at(-1);
    if (!planned) return { ok: false, reason: 'nothing-posted' };
  }
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls || !canManageClass(person, cls)) return { ok: false, reason: 'not-allowed' };
  const results = await classQuizResults(deps, planned, cls.name);
  return results ? { ok: true, results } : { ok: false, reason: 'not-found' };
}

/**
 * The summary itself, for whoever may see it (quizResults decides who; the results job sends it
 * to the class's own teachers). Undefined when the lesson is no longer in the library.
 */
export async function classQuizResults(
  deps: { teaching: TeachingRepository; lessons: LessonLibrary },
  planned: PlannedLessonRecord,
  className: string,
): Promise<QuizResults | undefined> {
  const lesson = deps.lessons.byId(planned.lessonId);
  if (!lesson) return undefined;
  const answers = await deps.teaching.answers(planned.id);
  const pupils = await deps.teaching.membersOf(planned.classId, 'pupil');
  const pupilIds = new Set(pupils);
  const pupilAnswers = answers.filter((a) => a.respondent === 'pupil' && pupilIds.has(a.personId));
  const classRows = answers.filter((a) => a.respondent === 'class' && a.attempt === 1);
  return {
    planned,
    lesson,
    className,
    // A teacher-led quiz (ages 4-7) is answered aloud together: its questions are the class's.
    summary: summariseClass(
      lesson,
      lesson.quiz.mode === 'teacher-led' ? classRows : pupilAnswers,
      pupils.length,
    ),
    classAnswers:
      lesson.quiz.mode === 'teacher-led'
        ? { answered: classRows.length, correct: classRows.filter((a) => a.correct === true).length }
        : undefined,
  };
}
