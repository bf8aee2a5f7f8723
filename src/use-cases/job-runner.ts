import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { ClaimedJob, JobRepository } from '../store/job-repository.js';

/**
 * Does one kind of scheduled work. It may run more than once for the same job (an instance that
 * died mid-job leaves its claim to run out), so what it sends goes through the outbox's
 * idempotency keys. Throwing means "try again later"; the error's message is never logged.
 */
export type JobHandler = (job: ClaimedJob) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export type JobRunnerOptions = {
  jobs: JobRepository;
  handlers: JobHandlers;
  clock: Clock;
  log: Logger;
  pollMs: number;
  batchSize?: number;
  /** A claimed job not finished by then is due again (its instance is taken to have died). */
  claimMs?: number;
  maxAttempts?: number;
};

/**
 * Runs the scheduled jobs that have fallen due (escalation timers, lesson posts, reminders), from
 * the database, so that none is lost across a restart and several instances share them.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly o: JobRunnerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs every job due now (by the clock); returns how many finished. Tests call it directly. */
  async runDue(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await this.o.jobs.claimDue(
        this.o.clock.now(),
        this.o.batchSize ?? 20,
        this.o.claimMs ?? 120_000,
      );
      if (batch.length === 0) return done;
      for (const job of batch) if (await this.runOne(job)) done += 1;
    }
  }

  private async runOne(job: ClaimedJob): Promise<boolean> {
    const handler = this.o.handlers[job.kind];
    if (!handler) {
      await this.o.jobs.markFailed(job.id, this.o.clock.now(), 'no-handler');
      this.o.log.error('job.no-handler', { jobId: job.id, kind: job.kind });
      return false;
    }
    try {
      await handler(job);
      await this.o.jobs.markDone(job.id, this.o.clock.now());
      this.o.log.debug('job.done', { jobId: job.id, kind: job.kind });
      return true;
    } catch (error: unknown) {
      const errorType = error instanceof Error ? error.name : typeof error;
      const maxAttempts = this.o.maxAttempts ?? 8;
      if (job.attempts >= maxAttempts) {
        await this.o.jobs.markFailed(job.id, this.o.clock.now(), errorType);
        this.o.log.error('job.failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, errorType });
      } else {
        const waitMs = Math.min(15 * 60_000, 5_000 * 2 ** (job.attempts - 1));
        await this.o.jobs.retryLater(job.id, new Date(this.o.clock.now().getTime() + waitMs), errorType);
        this.o.log.warn('job.retry', { jobId: job.id, kind: job.kind, attempts: job.attempts, errorType });
      }
      return false;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error: unknown) => {
          this.o.log.error('job.poll-failed', {
            errorType: error instanceof Error ? error.name : typeof error,
          });
        })
        .then(() => {
          this.running = undefined;
          this.schedule(this.o.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
