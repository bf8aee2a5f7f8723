import { addDaysToLocalDate, schoolTimeToUtc, utcToSchoolTime } from '../domain/calendar/school-time.js';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import type { Clock } from '../domain/clock.js';
import { DEFAULT_CATALOGUE } from '../domain/training/catalogue.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { JobRepository, NewJob } from '../store/job-repository.js';
import type { OutboxRepository } from '../store/outbox-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { type RemindersQueued, sendDueReminders } from './send-due-reminders.js';

/** `scheduled_jobs.kind` of the daily reminder run (handler in teams/job-handlers.ts). */
export const DAILY_REMINDERS_JOB = 'reminders.daily';

/**
 * Before the school day, in school time: a reminder read over breakfast is acted on that day, and
 * nobody is pinged in the evening. The policies are silent on the hour.
 */
export const DAILY_REMINDERS_AT = '07:30';

/** One job per school per day: its key names the day, so scheduling it again is a no-op. */
export function dailyRemindersJob(schoolId: string, date: LocalDate): NewJob {
  return {
    idempotencyKey: ['reminders-daily', schoolId, date].map(encodeURIComponent).join('/'),
    schoolId,
    kind: DAILY_REMINDERS_JOB,
    runAt: schoolTimeToUtc(date, DAILY_REMINDERS_AT),
    payload: { schoolId, date },
  };
}

/** At start-up: every school has the default courses (those it already has are left as it set them). */
export async function ensureTrainingCatalogues(props: { training: TrainingRepository }): Promise<void> {
  for (const schoolId of await props.training.schoolIds())
    await props.training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE);
}

/**
 * At start-up: every school's reminder run for today. It exists once (its key names the day) and
 * each run schedules the next day's, so the chain survives restarts and is never doubled. A run
 * for a day whose hour has passed runs at once. Returns how many runs it added.
 */
export async function scheduleDailyReminders(props: {
  jobs: JobRepository;
  training: TrainingRepository;
  clock: Clock;
}): Promise<number> {
  const { jobs, training, clock } = props;
  const today = utcToSchoolTime(clock.now()).date;
  let added = 0;
  for (const schoolId of await training.schoolIds()) {
    if (await jobs.schedule(dailyRemindersJob(schoolId, today))) added += 1;
  }
  return added;
}

/**
 * One day's run for one school: queues what is due today (by the clock, not the job's date, so a
 * run that waited through a restart reminds about today) and schedules tomorrow's run.
 */
export async function runDailyReminders(props: {
  schoolId: string;
  clock: Clock;
  jobs: JobRepository;
  training: TrainingRepository;
  policies: PolicyRepository;
  directory: DirectoryRepository;
  outbox: OutboxRepository;
}): Promise<RemindersQueued> {
  const today = utcToSchoolTime(props.clock.now()).date;
  const queued = await sendDueReminders({ ...props, today });
  await props.jobs.schedule(dailyRemindersJob(props.schoolId, addDaysToLocalDate(today, 1)));
  return queued;
}
