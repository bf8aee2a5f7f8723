import type { LessonLibrary } from '../content/lesson-library.js';
import type { Person } from '../domain/directory/person.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { positionOf } from './quiz-progress.js';
import { buildQuizView, type QuizRefusal, type QuizView, quizTaker } from './quiz-view.js';

/**
 * "Try again": the next attempt starts at the first question. Nothing is stored until the first
 * answer of the new attempt, and the earlier attempts stay (first and best scores are kept). Before
 * the current attempt is finished it simply shows where the presser is.
 */
export async function retryQuiz(
  deps: { teaching: TeachingRepository; lessons: LessonLibrary },
  props: { person: Person | undefined; plannedLessonId: string },
): Promise<{ ok: true; view: QuizView } | { ok: false; reason: QuizRefusal }> {
  const found = await quizTaker(deps, props.person, props.plannedLessonId);
  if (!found.ok) return found;
  const answers = await deps.teaching.answers(found.taker.planned.id, found.taker.personId);
  const position = positionOf(found.taker.lesson.quiz, answers);
  const finished = answers.length > 0 && position.next === undefined;
  return {
    ok: true,
    view: buildQuizView(found.taker, answers, finished ? { attempt: position.attempt + 1 } : {}),
  };
}
