import type { QuizResults } from '../../use-cases/quiz-results.js';
import type { CardRenderer } from '../cards.js';
import { formatLocalDate } from './plan.js';

export type ResultsCardData = {
  title: string;
  subtitle: string;
  privateNote: string;
  facts: { title: string; value: string }[];
  questionsHeading: string;
  questions: { prompt: string; rate: string }[];
  strandsHeading: string;
  strands: { name: string }[];
};

/** A class's quiz summary for its teacher: numbers and questions only, never a pupil's name or score. */
export function resultsCardData(cards: CardRenderer, results: QuizResults): ResultsCardData {
  const { summary, lesson, planned } = results;
  const percent = (value: number | undefined) =>
    value === undefined
      ? cards.text('teaching.results.none')
      : cards.text('teaching.results.percent', { percent: String(value) });
  const pupilFacts = [
    {
      title: cards.text('teaching.results.tookPart'),
      value: cards.text('teaching.results.tookPartValue', {
        n: String(summary.tookPart),
        total: String(summary.pupilsInClass),
      }),
    },
    { title: cards.text('teaching.results.averageFirst'), value: percent(summary.averageFirstPercent) },
    { title: cards.text('teaching.results.averageBest'), value: percent(summary.averageBestPercent) },
  ];
  const facts = results.classAnswers
    ? [
        {
          title: cards.text('teaching.results.classAnswered'),
          value: cards.text('teaching.results.classAnsweredValue', {
            correct: String(results.classAnswers.correct),
            answered: String(results.classAnswers.answered),
          }),
        },
      ]
    : pupilFacts;
  return {
    title: cards.text('teaching.results.title', { className: results.className }),
    subtitle: cards.text('teaching.results.subtitle', {
      title: lesson.title,
      date: formatLocalDate(planned.localDate),
    }),
    privateNote: cards.text('teaching.results.privateNote'),
    facts,
    questionsHeading: cards.text('teaching.results.questionsHeading'),
    questions: summary.questions.map((q) => {
      const question = lesson.quiz.questions.find((x) => x.id === q.questionId);
      const talk = question?.kind === 'talk-about-it';
      return {
        prompt: q.prompt,
        rate: talk
          ? cards.text('teaching.results.rateTalk')
          : q.correctRate === undefined
            ? cards.text('teaching.results.rateNone')
            : cards.text('teaching.results.rate', { rate: String(q.correctRate) }),
      };
    }),
    strandsHeading: cards.text('teaching.results.strandsHeading'),
    strands: summary.strandsToRevisit.map((s) => ({ name: cards.text(`teaching.strand.${s}`) })),
  };
}
