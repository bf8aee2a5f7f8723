import type { Lesson, Question, Quiz } from '../domain/curriculum/lesson.js';
import type { QuizAnswerRecord } from '../store/teaching-repository.js';

/**
 * Scores from stored answers: nothing is totalled in the database, so a retry never overwrites
 * what a pupil first knew. A talk-about-it question has no right answer and is not scored.
 */

export const isScored = (q: Question) => q.kind !== 'talk-about-it';
export const scoredCount = (quiz: Quiz) => quiz.questions.filter(isScored).length;

export type AttemptScore = {
  attempt: number;
  answered: number;
  /** Answers to questions that have a right answer. */
  scoredAnswered: number;
  correct: number;
  complete: boolean;
};

export function attemptsOf(quiz: Quiz, answers: readonly QuizAnswerRecord[]): AttemptScore[] {
  const byAttempt = new Map<number, QuizAnswerRecord[]>();
  for (const a of answers) byAttempt.set(a.attempt, [...(byAttempt.get(a.attempt) ?? []), a]);
  const questionIds = new Set(quiz.questions.map((q) => q.id));
  const scoredIds = new Set(quiz.questions.filter(isScored).map((q) => q.id));
  return [...byAttempt.entries()]
    .sort(([a], [b]) => a - b)
    .map(([attempt, rows]) => {
      const answered = rows.filter((r) => questionIds.has(r.questionId));
      return {
        attempt,
        answered: answered.length,
        scoredAnswered: answered.filter((r) => scoredIds.has(r.questionId)).length,
        correct: answered.filter((r) => r.correct === true).length,
        complete: answered.length >= quiz.questions.length,
      };
    });
}

/** First: the first attempt's score; best: the highest of the complete attempts (or the first). */
export function firstAndBest(
  quiz: Quiz,
  answers: readonly QuizAnswerRecord[],
):
  | {
      first: number;
      best: number;
      outOf: number;
      attempts: number;
      firstPercent: number;
      bestPercent: number;
    }
  | undefined {
  const attempts = attemptsOf(quiz, answers);
  const first = attempts[0];
  if (!first) return undefined;
  const complete = attempts.filter((a) => a.complete);
  const best = Math.max(first.correct, ...complete.map((a) => a.correct));
  // A pupil who stopped part-way is scored on what they answered, not marked down for the rest.
  const percent = (a: AttemptScore) => (a.scoredAnswered === 0 ? 0 : (a.correct / a.scoredAnswered) * 100);
  return {
    first: first.correct,
    best,
    outOf: scoredCount(quiz),
    attempts: attempts.length,
    firstPercent: percent(first),
    bestPercent: Math.max(percent(first), ...complete.map(percent)),
  };
}

export type QuizPosition = {
  /** The attempt the person is on (1 when they have not started). */
  attempt: number;
  answeredInAttempt: number;
  correctInAttempt: number;
  /** The next question to answer in this attempt, or undefined when the attempt is complete. */
  next: Question | undefined;
};

export function positionOf(quiz: Quiz, answers: readonly QuizAnswerRecord[]): QuizPosition {
  const attempt = Math.max(1, ...answers.map((a) => a.attempt));
  const inAttempt = answers.filter((a) => a.attempt === attempt);
  const answered = new Set(inAttempt.map((a) => a.questionId));
  return {
    attempt,
    answeredInAttempt: quiz.questions.filter((q) => answered.has(q.id)).length,
    correctInAttempt: inAttempt.filter((a) => a.correct === true).length,
    next: quiz.questions.find((q) => !answered.has(q.id)),
  };
}

export type QuestionResult = {
  questionId: string;
  prompt: string;
  answered: number;
  correct: number;
  /** 0-100, rounded; undefined for a talk-about-it question. */
  correctRate: number | undefined;
};

export type ClassQuizSummary = {
  /** Pupils who answered at least one question. */
  tookPart: number;
  pupilsInClass: number;
  /** Average first-attempt score (of the questions each answered), 0-100, rounded; undefined when nobody took part. */
  averageFirstPercent: number | undefined;
  averageBestPercent: number | undefined;
  /** Scored questions, the most missed first; talk-about-it questions last. */
  questions: QuestionResult[];
  /** The lesson's strands when any question was got right by fewer than REVISIT_BELOW_PERCENT. */
  strandsToRevisit: Lesson['strands'];
};

/** A question fewer than this share of pupils got right first time is worth another look. */
export const REVISIT_BELOW_PERCENT = 70;

export function summariseClass(
  lesson: Lesson,
  pupilAnswers: readonly QuizAnswerRecord[],
  pupilsInClass: number,
): ClassQuizSummary {
  const quiz = lesson.quiz;
  const byPupil = new Map<string, QuizAnswerRecord[]>();
  for (const a of pupilAnswers) byPupil.set(a.personId, [...(byPupil.get(a.personId) ?? []), a]);
  const scores = [...byPupil.values()].flatMap((rows) => {
    const s = firstAndBest(quiz, rows);
    return s ? [s] : [];
  });
  const average = (values: number[]) =>
    values.length === 0 ? undefined : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

  const firstAttempt = pupilAnswers.filter((a) => a.attempt === 1);
  const questions = quiz.questions.map((q): QuestionResult => {
    const rows = firstAttempt.filter((a) => a.questionId === q.id);
    const correct = rows.filter((r) => r.correct === true).length;
    return {
      questionId: q.id,
      prompt: q.prompt,
      answered: rows.length,
      correct,
      correctRate: isScored(q) && rows.length > 0 ? Math.round((correct / rows.length) * 100) : undefined,
    };
  });
  const ordered = [...questions].sort(
    (a, b) => (a.correctRate ?? 101) - (b.correctRate ?? 101) || quizOrder(quiz, a) - quizOrder(quiz, b),
  );
  const weak = questions.some((q) => q.correctRate !== undefined && q.correctRate < REVISIT_BELOW_PERCENT);
  return {
    tookPart: byPupil.size,
    pupilsInClass,
    averageFirstPercent: average(scores.map((s) => s.firstPercent)),
    averageBestPercent: average(scores.map((s) => s.bestPercent)),
    questions: ordered,
    strandsToRevisit: weak ? lesson.strands : [],
  };
}

function quizOrder(quiz: Quiz, q: QuestionResult): number {
  return quiz.questions.findIndex((x) => x.id === q.questionId);
}
