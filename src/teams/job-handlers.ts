import { ESCALATION_JOB_KIND } from '../domain/reports/report.js';
import { lessonJobHandlers } from '../jobs/lesson-jobs.js';
import { escalateReport } from '../use-cases/escalate-report.js';
import type { JobHandlers } from '../use-cases/job-runner.js';
import { DAILY_REMINDERS_JOB, runDailyReminders } from '../use-cases/schedule-daily-reminders.js';
import type { BotDeps } from './deps.js';

/** Every kind of scheduled job the bot runs, by `scheduled_jobs.kind`. */
export function jobHandlers(deps: BotDeps): JobHandlers {
  return {
    // Issue 4: lesson posts, teacher reminders, delivery checks and catch-ups.
    ...lessonJobHandlers(deps),
    // Issue 6 §3: training and policy-review reminders and the weekly digest, once a day per school.
    [DAILY_REMINDERS_JOB]: async (job) => {
      if (!job.schoolId) return;
      await runDailyReminders({ ...deps, schoolId: job.schoolId });
    },
    // Issue 5 §8: an unacknowledged report is re-notified, then goes to the next in line.
    [ESCALATION_JOB_KIND]: async (job) => {
      await escalateReport({
        reports: deps.reports,
        directory: deps.directory,
        log: deps.log,
        job,
        at: deps.clock.now(),
      });
    },
  };
}
