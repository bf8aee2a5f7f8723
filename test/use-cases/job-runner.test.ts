import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/log.js';
import { JobRepository } from '../../src/store/job-repository.js';
import { type JobHandlers, JobRunner } from '../../src/use-cases/job-runner.js';
import { STORE_TARGETS } from '../support/stores.js';

const T0 = new Date('2026-11-23T09:00:00Z');

describe.each(STORE_TARGETS)('the job runner on $name', (target) => {
  async function setUp(handlers: JobHandlers) {
    const store = await target.open();
    const clock = new ManualClock(T0);
    const lines: string[] = [];
    const jobs = new JobRepository(store.db);
    const runner = new JobRunner({
      jobs,
      handlers,
      clock,
      log: createLogger('debug', (l) => lines.push(l)),
      pollMs: 60_000,
      maxAttempts: 3,
    });
    return { store, clock, jobs, runner, lines };
  }

  it('runs each job once when it falls due, not before', async () => {
    const ran: string[] = [];
    const s = await setUp({ greet: async (job) => void ran.push(String(job.payload.who)) });
    try {
      await s.jobs.schedule({
        idempotencyKey: 'g1',
        schoolId: null,
        kind: 'greet',
        runAt: new Date(T0.getTime() + 60_000),
        payload: { who: 'a' },
      });
      await s.jobs.schedule({
        idempotencyKey: 'g1',
        schoolId: null,
        kind: 'greet',
        runAt: T0,
        payload: { who: 'again' },
      });
      expect(await s.runner.runDue()).toBe(0);
      s.clock.advanceMs(60_000);
      expect(await s.runner.runDue()).toBe(1);
      expect(await s.runner.runDue()).toBe(0);
      expect(ran).toEqual(['a']);
      expect((await s.jobs.statusOf('g1'))?.status).toBe('done');
    } finally {
      await s.store.close();
    }
  });

  it('tries a failing job again later, then gives up and keeps it for someone to look at', async () => {
    let calls = 0;
    const s = await setUp({
      flaky: async () => {
        calls += 1;
        throw new Error('pupil words must never reach a log');
      },
    });
    try {
      await s.jobs.schedule({ idempotencyKey: 'f1', schoolId: null, kind: 'flaky', runAt: T0, payload: {} });
      for (let i = 0; i < 6; i++) {
        await s.runner.runDue();
        s.clock.advanceMs(60 * 60_000);
      }
      expect(calls).toBe(3);
      expect((await s.jobs.statusOf('f1'))?.status).toBe('failed');
      expect(s.lines.join('\n')).not.toContain('pupil words');
      expect(s.lines.some((l) => l.includes('job.retry'))).toBe(true);
    } finally {
      await s.store.close();
    }
  });

  it('fails a job nobody handles, without stopping the others', async () => {
    const ran: string[] = [];
    const s = await setUp({ known: async () => void ran.push('known') });
    try {
      await s.jobs.schedule({
        idempotencyKey: 'u1',
        schoolId: null,
        kind: 'unknown',
        runAt: T0,
        payload: {},
      });
      await s.jobs.schedule({ idempotencyKey: 'k1', schoolId: null, kind: 'known', runAt: T0, payload: {} });
      expect(await s.runner.runDue()).toBe(1);
      expect(ran).toEqual(['known']);
      expect((await s.jobs.statusOf('u1'))?.status).toBe('failed');
    } finally {
      await s.store.close();
    }
  });
});
