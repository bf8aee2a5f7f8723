import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { DomainError } from '../domain/errors.js';
import type { BotDeps } from './deps.js';
import * as attendance from './routes/attendance.js';
import * as reportCase from './routes/case.js';
import * as fallback from './routes/fallback.js';
import * as installation from './routes/installation.js';
import * as leadership from './routes/leadership.js';
import * as outboxAdmin from './routes/outbox-admin.js';
import * as policies from './routes/policies.js';
import * as quiz from './routes/quiz.js';
import * as report from './routes/report.js';
import * as teaching from './routes/teaching.js';
import * as training from './routes/training.js';
import * as welcome from './routes/welcome.js';
import { resolveTurnInfo } from './turn-info.js';

/** Feature routes in order; teams-ai takes the first that matches, so the catch-all is last. */
const ROUTES = [
  installation,
  welcome,
  reportCase,
  report,
  teaching,
  quiz,
  training,
  policies,
  leadership,
  outboxAdmin,
  attendance,
  fallback,
] as const;

export function createBotApp(adapter: TeamsAdapter, botAppId: string, deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId,
    // Our state lives in PostgreSQL; teams-ai's own turn-state storage is not used.
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  app.turn('beforeTurn', async (context) => {
    await resolveTurnInfo(context, deps);
    return true;
  });

  for (const route of ROUTES) route.register(app, deps);

  app.error(async (context, error) => {
    await replyToError(context, error, deps);
  });

  return app;
}

/**
 * Logs the error's code and the correlation id (never the message text or a name) and gives the
 * person a kind reply. A pupil always gets an answer.
 */
export async function replyToError(context: TurnContext, error: unknown, deps: BotDeps): Promise<void> {
  const correlationId = context.activity.id ?? 'none';
  const domain = error instanceof DomainError ? error : undefined;
  deps.log.error('turn.failed', {
    correlationId,
    code: domain?.code ?? 'internal',
    errorType: error instanceof Error ? error.name : typeof error,
    activityType: context.activity.type,
  });
  if (context.activity.type === 'invoke') return; // the invoke's HTTP response carries the failure
  const key = domain && deps.cards.hasText(domain.userMessageKey) ? domain.userMessageKey : 'error.generic';
  try {
    await context.sendActivity(deps.cards.text(key));
  } catch {
    deps.log.error('turn.error-reply-failed', { correlationId });
  }
}
