import { describe, expect, it } from 'vitest';
import { loadLessonLibrary } from '../../src/content/lesson-library.js';
import type { QuizAnswerRecord } from '../../src/store/teaching-repository.js';
import { firstAndBest, positionOf, summariseClass } from '../../src/use-cases/quiz-progress.js';

const library = loadLessonLibrary();
const lesson = library.byId('7-11-autumn-1-private-and-strong')!;
const quiz = lesson.quiz;
const at = new Date('2026-10-19T10:00:00Z');
const answer = (
  personId: string,
  attempt: number,
  questionId: string,
  correct: boolean | null,
): QuizAnswerRecord => ({
  personId,
  respondent: 'pupil',
  attempt,
  questionId,
  choiceId: 'x',
  correct,
  answeredAt: at,
});
const ids = quiz.questions.map((q) => q.id);

describe('quiz scores from stored answers', () => {
  it('keeps the first attempt and the best complete one; a part-done retry does not count as best', () => {
    const rows = [
      ...ids.map((id, i) => answer('p', 1, id, i < 2)),
      ...ids.map((id) => answer('p', 2, id, true)),
      answer('p', 3, ids[0]!, false),
    ];
    expect(firstAndBest(quiz, rows)).toMatchObject({ first: 2, best: 6, outOf: 6, attempts: 3 });
    expect(positionOf(quiz, rows)).toMatchObject({
      attempt: 3,
      answeredInAttempt: 1,
      next: quiz.questions[1],
    });
  });

  it('summarises a class: took part, averages of what each answered, most missed first, strands to revisit', () => {
    const rows = [
      ...ids.map((id) => answer('a', 1, id, true)),
      answer('b', 1, ids[0]!, false),
      answer('b', 1, ids[1]!, true),
    ];
    const summary = summariseClass(lesson, rows, 4);
    expect(summary).toMatchObject({
      tookPart: 2,
      pupilsInClass: 4,
      averageFirstPercent: 75,
      averageBestPercent: 75,
    });
    expect(summary.questions.map((q) => [q.questionId, q.correctRate])).toEqual([
      [ids[0], 50],
      [ids[1], 100],
      [ids[2], 100],
      [ids[3], 100],
      [ids[4], 100],
      [ids[5], 100],
    ]);
    expect(summary.strandsToRevisit).toEqual(lesson.strands);
    expect(
      summariseClass(
        lesson,
        ids.map((id) => answer('a', 1, id, true)),
        4,
      ).strandsToRevisit,
    ).toEqual([]);
    expect(summariseClass(lesson, [], 4)).toMatchObject({ tookPart: 0, averageFirstPercent: undefined });
  });
});
