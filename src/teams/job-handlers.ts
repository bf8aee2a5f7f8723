import type { JobHandlers } from '../use-cases/job-runner.js';
import type { BotDeps } from './deps.js';

/** Every kind of scheduled job the bot runs, by `scheduled_jobs.kind`. */
export function jobHandlers(_deps: BotDeps): JobHandlers {
  return {};
}
