import type { LessonLibrary } from '../content/lesson-library.js';
import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { positionOf } from './quiz-progress.js';
import { buildQuizView, type QuizRefusal, type QuizView, quizTaker } from './quiz-view.js';

export type AnswerQuizResult =
  | { ok: true; view: QuizView; stored: boolean }
  | { ok: false; reason: QuizRefusal };

/**
 * A press of an answer on the quiz card. The answer is committed before the presser sees how
 * they did (rule 1); the first answer to a question in an attempt stands, so a double press or a
 * redelivered invoke stores one. A press from a card older than the presser's current attempt
 * (Teams shows the original card again after a reload) stores nothing and shows where they are.
 */
export async function answerQuiz(
  deps: { teaching: TeachingRepository; lessons: LessonLibrary; clock: Clock },
  props: {
    person: Person | undefined;
    plannedLessonId: string;
    questionId: string;
    choiceId: string;
    attempt: number | undefined;
  },
): Promise<AnswerQuizResult> {
  const found = await quizTaker(deps, props.person, props.plannedLessonId);
  if (!found.ok) return found;
  const { taker } = found;
  const question = taker.lesson.quiz.questions.find((q) => q.id === props.questionId);
  const choice = question?.choices.find((c) => c.id === props.choiceId);
  if (!question || !choice) return { ok: false, reason: 'bad-answer' };

  const before = await deps.teaching.answers(taker.planned.id, taker.personId);
  const position = positionOf(taker.lesson.quiz, before);
  const wanted = props.attempt ?? position.attempt;
  const opensNext = wanted === position.attempt + 1 && position.next === undefined && before.length > 0;
  if (wanted !== position.attempt && !opensNext) {
    return { ok: true, stored: false, view: buildQuizView(taker, before) };
  }
  const stored = await deps.teaching.recordAnswer({
    schoolId: taker.planned.schoolId,
    plannedLessonId: taker.planned.id,
    personId: taker.personId,
    respondent: taker.respondent,
    attempt: wanted,
    questionId: question.id,
    choiceId: choice.id,
    correct: question.kind === 'talk-about-it' ? null : choice.correct,
    at: deps.clock.now(),
  });
  const after = await deps.teaching.answers(taker.planned.id, taker.personId);
  return {
    ok: true,
    stored,
    view: buildQuizView(taker, after, { lastQuestionId: question.id, attempt: wanted }),
  };
}
