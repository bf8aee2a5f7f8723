import type { LessonLibrary } from '../content/lesson-library.js';
import type { Lesson, Question, QuizMode } from '../domain/curriculum/lesson.js';
import type { Person } from '../domain/directory/person.js';
import type {
  ClassForTeaching,
  PlannedLessonRecord,
  QuizAnswerRecord,
  TeachingRepository,
} from '../store/teaching-repository.js';
import { canManageClass, isPupilOfClass } from './lesson-access.js';
import { firstAndBest, positionOf, scoredCount } from './quiz-progress.js';

/** What one person sees of a quiz after pressing: only their own answers, never anyone else's. */
export type QuizView = {
  plannedLessonId: string;
  lesson: Lesson;
  mode: QuizMode;
  /** 'class' when a teacher drives a teacher-led quiz for the whole class. */
  respondent: 'pupil' | 'class';
  attempt: number;
  questionCount: number;
  scoredCount: number;
  answeredInAttempt: number;
  correctInAttempt: number;
  last:
    | { question: Question; choiceId: string; correct: boolean | null; correctChoiceId: string | undefined }
    | undefined;
  next: Question | undefined;
  first: number | undefined;
  best: number | undefined;
};

export type QuizRefusal = 'not-found' | 'not-a-pupil' | 'not-in-class' | 'teacher-led' | 'bad-answer';

export type QuizTaker = {
  planned: PlannedLessonRecord;
  lesson: Lesson;
  cls: ClassForTeaching;
  personId: string;
  respondent: 'pupil' | 'class';
};

/**
 * Who may answer: a pupil of the lesson's class answers for themselves; in a teacher-led quiz
 * (ages 4-7) the class's teacher answers for the class, and a pupil's press is kindly turned
 * away. Anyone else (staff, another class's pupil, someone not on the roster) stores nothing.
 * A lesson not yet posted has no open quiz.
 */
export async function quizTaker(
  deps: { teaching: TeachingRepository; lessons: LessonLibrary },
  person: Person | undefined,
  plannedLessonId: string,
): Promise<{ ok: true; taker: QuizTaker } | { ok: false; reason: QuizRefusal }> {
  const planned = await deps.teaching.plannedLesson(plannedLessonId);
  if (!planned || planned.status === 'planned' || planned.status === 'cancelled')
    return { ok: false, reason: 'not-found' };
  const lesson = deps.lessons.byId(planned.lessonId);
  const cls = await deps.teaching.classById(planned.classId);
  if (!lesson || !cls) return { ok: false, reason: 'not-found' };
  const pupilHere = isPupilOfClass(person, cls);
  if (lesson.quiz.mode === 'teacher-led') {
    if (person && canManageClass(person, cls))
      return { ok: true, taker: { planned, lesson, cls, personId: person.id, respondent: 'class' } };
    return {
      ok: false,
      reason: pupilHere ? 'teacher-led' : person?.roles.includes('pupil') ? 'not-in-class' : 'not-a-pupil',
    };
  }
  if (pupilHere && person)
    return { ok: true, taker: { planned, lesson, cls, personId: person.id, respondent: 'pupil' } };
  return { ok: false, reason: person?.roles.includes('pupil') ? 'not-in-class' : 'not-a-pupil' };
}

export function buildQuizView(
  taker: QuizTaker,
  answers: readonly QuizAnswerRecord[],
  options: { lastQuestionId?: string; attempt?: number } = {},
): QuizView {
  const quiz = taker.lesson.quiz;
  const position = positionOf(quiz, answers);
  // A retry opens the next attempt before it has any answers.
  const attempt = options.attempt ?? position.attempt;
  const inAttempt = answers.filter((a) => a.attempt === attempt);
  const answeredIds = new Set(inAttempt.map((a) => a.questionId));
  const lastAnswer = options.lastQuestionId
    ? inAttempt.find((a) => a.questionId === options.lastQuestionId)
    : undefined;
  const lastQuestion = lastAnswer && quiz.questions.find((q) => q.id === lastAnswer.questionId);
  const scores = firstAndBest(quiz, answers);
  return {
    plannedLessonId: taker.planned.id,
    lesson: taker.lesson,
    mode: quiz.mode,
    respondent: taker.respondent,
    attempt,
    questionCount: quiz.questions.length,
    scoredCount: scoredCount(quiz),
    answeredInAttempt: quiz.questions.filter((q) => answeredIds.has(q.id)).length,
    correctInAttempt: inAttempt.filter((a) => a.correct === true).length,
    last:
      lastAnswer && lastQuestion
        ? {
            question: lastQuestion,
            choiceId: lastAnswer.choiceId,
            correct: lastAnswer.correct,
            correctChoiceId: lastQuestion.choices.find((c) => c.correct)?.id,
          }
        : undefined,
    next: quiz.questions.find((q) => !answeredIds.has(q.id)),
    first: scores?.first,
    best: scores?.best,
  };
}
