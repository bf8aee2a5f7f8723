import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { answerQuiz } from '../../use-cases/answer-quiz.js';
import { retryQuiz } from '../../use-cases/retry-quiz.js';
import type { BotDeps } from '../deps.js';
import { quizCardData, quizRefusalCardData } from '../presenters/quiz.js';
import { turnInfoOf } from '../turn-info.js';

export const QUIZ_VERBS = { answer: 'quiz.answer', retry: 'quiz.retry' } as const;

const AnswerPayload = z.object({
  plannedLessonId: z.string().uuid(),
  questionId: z.string().trim().min(1).max(80),
  choiceId: z.string().trim().min(1).max(80),
  // Templating may give the attempt as a number or as text; absent on the channel's lesson card.
  attempt: z.coerce.number().int().min(1).max(100).optional(),
});
const RetryPayload = z.object({ plannedLessonId: z.string().uuid() });

/**
 * The quiz on the lesson card (Universal Actions). The card an `Action.Execute` invoke returns
 * replaces the card for the presser only, so each pupil sees their own progress and nobody
 * else's; the channel's card is never updated for everyone (no `refresh`: teams-ai would then
 * update it for all, and Teams caps user-specific views at 60).
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.adaptiveCards.actionExecute(QUIZ_VERBS.answer, async (context, _state, data) => {
    const { person, correlationId } = turnInfoOf(context);
    const parsed = AnswerPayload.safeParse(data);
    if (!parsed.success) {
      deps.log.info('quiz.bad-payload', { correlationId });
      return deps.cards.render('quiz', quizRefusalCardData(deps.cards, 'bad-answer', '')) as never;
    }
    const result = await answerQuiz(deps, { person, ...parsed.data, attempt: parsed.data.attempt });
    if (!result.ok) {
      deps.log.info('quiz.refused', { correlationId, reason: result.reason });
      return deps.cards.render(
        'quiz',
        quizRefusalCardData(deps.cards, result.reason, parsed.data.plannedLessonId),
      ) as never;
    }
    deps.log.debug('quiz.answered', { correlationId, stored: result.stored });
    return deps.cards.render('quiz', quizCardData(deps.cards, result.view)) as never;
  });

  app.adaptiveCards.actionExecute(QUIZ_VERBS.retry, async (context, _state, data) => {
    const { person } = turnInfoOf(context);
    const parsed = RetryPayload.safeParse(data);
    if (!parsed.success)
      return deps.cards.render('quiz', quizRefusalCardData(deps.cards, 'bad-answer', '')) as never;
    const result = await retryQuiz(deps, { person, plannedLessonId: parsed.data.plannedLessonId });
    if (!result.ok)
      return deps.cards.render(
        'quiz',
        quizRefusalCardData(deps.cards, result.reason, parsed.data.plannedLessonId),
      ) as never;
    return deps.cards.render('quiz', quizCardData(deps.cards, result.view)) as never;
  });
}
