import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type NewJob = {
  /** Names the job once: scheduling the same key again (a retried turn, a restart) is a no-op. */
  idempotencyKey: string;
  schoolId: string | null;
  kind: string;
  runAt: Date;
  /** Ids and codes only: payloads are not encrypted, so never a pupil's words. */
  payload: Record<string, unknown>;
};

export type ClaimedJob = {
  id: string;
  idempotencyKey: string;
  schoolId: string | null;
  kind: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
};

/** `%`, `_` and `\` are LIKE wildcards; a key prefix means exactly those characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Work due later (escalation timers, reminders) in the database, so that it survives a restart and
 * several instances can share it without running a job twice at once (DESIGN.md, Deployment).
 * Handlers must still be idempotent: a job whose claim runs out (its instance died) is claimed
 * again, and its effects go through the outbox's idempotency keys.
 */
export class JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Returns whether this call scheduled it. Pass a transaction to schedule with the change behind it. */
  async schedule(job: NewJob, db: Kysely<Database> = this.db): Promise<boolean> {
    const result = await db
      .insertInto('scheduled_jobs')
      .values({
        idempotency_key: job.idempotencyKey,
        school_id: job.schoolId,
        kind: job.kind,
        run_at: job.runAt,
        payload: JSON.stringify(job.payload),
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Claims up to `limit` due jobs for `claimMs`, earliest first. SKIP LOCKED lets instances claim
   * side by side without taking the same row; a claim that runs out makes the job due again.
   */
  async claimDue(now: Date, limit: number, claimMs: number): Promise<ClaimedJob[]> {
    const until = new Date(now.getTime() + claimMs);
    const rows = await this.db
      .updateTable('scheduled_jobs')
      .set((eb) => ({ status: 'running', claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('scheduled_jobs')
          .select('id')
          .where('run_at', '<=', now)
          .where((w) =>
            w.or([
              w('status', '=', 'pending'),
              w.and([w('status', '=', 'running'), w('claimed_until', '<', now)]),
            ]),
          )
          .orderBy('run_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'idempotency_key', 'school_id', 'kind', 'run_at', 'payload', 'attempts'])
      .execute();
    // UPDATE ... RETURNING does not keep the subquery's order.
    rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || Number(a.id) - Number(b.id));
    return rows.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      schoolId: r.school_id,
      kind: r.kind,
      runAt: r.run_at,
      payload: r.payload,
      attempts: r.attempts,
    }));
  }

  /** False when the job was cancelled while it ran (a report acknowledged meanwhile): nothing to record. */
  async markDone(id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('scheduled_jobs')
      .set({ status: 'done', claimed_until: null, finished_at: at })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Runs it again at `at`; `error` is a code or a short message, never content. */
  async retryLater(id: string, at: Date, error: string): Promise<void> {
    await this.db
      .updateTable('scheduled_jobs')
      .set({ status: 'pending', run_at: at, claimed_until: null, last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  /** Gives up on a job that keeps failing, leaving it visible for someone to look at. */
  async markFailed(id: string, at: Date, error: string): Promise<void> {
    await this.db
      .updateTable('scheduled_jobs')
      .set({ status: 'failed', claimed_until: null, finished_at: at, last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  /**
   * Cancels every job not yet done whose key starts with `prefix` (all of a report's escalation
   * steps, say). Returns how many. Pass a transaction to cancel with the change that made them moot.
   */
  async cancelByKeyPrefix(prefix: string, at: Date, db: Kysely<Database> = this.db): Promise<number> {
    if (prefix.length === 0)
      throw new Error('cancelByKeyPrefix needs a prefix: an empty one would cancel every job');
    const result = await db
      .updateTable('scheduled_jobs')
      .set({ status: 'cancelled', claimed_until: null, finished_at: at })
      .where('idempotency_key', 'like', `${escapeLike(prefix)}%`)
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async statusOf(idempotencyKey: string): Promise<(ClaimedJob & { status: string }) | undefined> {
    const row = await this.db
      .selectFrom('scheduled_jobs')
      .select(['id', 'idempotency_key', 'school_id', 'kind', 'run_at', 'payload', 'attempts', 'status'])
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        idempotencyKey: row.idempotency_key,
        schoolId: row.school_id,
        kind: row.kind,
        runAt: row.run_at,
        payload: row.payload,
        attempts: row.attempts,
        status: row.status,
      }
    );
  }
}
