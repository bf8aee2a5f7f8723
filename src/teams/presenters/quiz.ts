import type { QuizRefusal, QuizView } from '../../use-cases/quiz-view.js';
import type { CardRenderer } from '../cards.js';
import { choiceLabel } from './lesson.js';

export type QuizCardData = {
  title: string;
  notice: string;
  onlyYou: string;
  hasLast: boolean;
  lastStyle: string;
  lastResult: string;
  lastChosen: string;
  lastExplanation: string;
  progress: string;
  hasNext: boolean;
  scenario: string;
  prompt: string;
  questionId: string;
  attempt: number;
  choices: { id: string; label: string }[];
  finished: boolean;
  scoreText: string;
  firstBestText: string;
  plannedLessonId: string;
  showTellSomeone: boolean;
};

const EMPTY: Omit<QuizCardData, 'title' | 'notice' | 'plannedLessonId'> = {
  onlyYou: '',
  hasLast: false,
  lastStyle: 'default',
  lastResult: '',
  lastChosen: '',
  lastExplanation: '',
  progress: '',
  hasNext: false,
  scenario: '',
  prompt: '',
  questionId: '',
  attempt: 1,
  choices: [],
  finished: false,
  scoreText: '',
  firstBestText: '',
  showTellSomeone: false,
};

/** The presser's own view: how their last answer went, the explanation, then their next question. */
export function quizCardData(cards: CardRenderer, view: QuizView): QuizCardData {
  const forClass = view.respondent === 'class';
  const last = view.last;
  const chosen = last?.question.choices.find((c) => c.id === last.choiceId);
  const next = view.next;
  const total = String(view.scoredCount);
  return {
    ...EMPTY,
    title: view.lesson.title,
    notice: '',
    onlyYou: forClass ? '' : cards.text('teaching.quiz.onlyYou'),
    hasLast: last !== undefined,
    lastStyle: last?.correct === true ? 'good' : last?.correct === false ? 'warning' : 'emphasis',
    lastResult: !last
      ? ''
      : last.correct === null
        ? cards.text('teaching.quiz.talk')
        : cards.text(last.correct ? 'teaching.quiz.right' : 'teaching.quiz.wrong'),
    lastChosen: chosen
      ? cards.text(forClass ? 'teaching.quiz.chosenClass' : 'teaching.quiz.chosen', {
          choice: choiceLabel(chosen),
        })
      : '',
    lastExplanation: last?.question.explanation ?? '',
    progress: next
      ? cards.text('teaching.quiz.progress', {
          n: String(view.answeredInAttempt + 1),
          total: String(view.questionCount),
        })
      : '',
    hasNext: next !== undefined,
    scenario: next?.scenario ?? '',
    prompt: next?.prompt ?? '',
    questionId: next?.id ?? '',
    attempt: view.attempt,
    choices: (next?.choices ?? []).map((c) => ({ id: c.id, label: choiceLabel(c) })),
    finished: next === undefined,
    scoreText:
      next === undefined
        ? cards.text(forClass ? 'teaching.quiz.finishedClass' : 'teaching.quiz.finished', {
            correct: String(view.correctInAttempt),
            total,
          })
        : '',
    firstBestText:
      next === undefined &&
      !forClass &&
      view.attempt > 1 &&
      view.first !== undefined &&
      view.best !== undefined
        ? cards.text('teaching.quiz.firstBest', { first: String(view.first), best: String(view.best), total })
        : '',
    plannedLessonId: view.plannedLessonId,
    showTellSomeone: !forClass,
  };
}

const REFUSAL_KEY: Record<QuizRefusal, string> = {
  'not-found': 'teaching.quiz.notFound',
  'not-a-pupil': 'teaching.quiz.notAPupil',
  'not-in-class': 'teaching.quiz.notInClass',
  'teacher-led': 'teaching.quiz.teacherLed',
  'bad-answer': 'teaching.quiz.badAnswer',
};

/** A kind refusal in the card's place; nothing was stored. */
export function quizRefusalCardData(
  cards: CardRenderer,
  reason: QuizRefusal,
  plannedLessonId: string,
): QuizCardData {
  return {
    ...EMPTY,
    title: cards.text('teaching.lesson.quizHeading'),
    notice: cards.text(REFUSAL_KEY[reason]),
    plannedLessonId,
    // Whoever pressed, the way to tell someone stays within reach.
    showTellSomeone: reason !== 'not-a-pupil',
  };
}
