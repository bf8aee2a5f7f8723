import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/domain/outbox/rate-limiter.js';

/** Sends as fast as the limiter allows, one step of `stepMs` at a time; returns the send times. */
function sendGreedily(
  limiter: RateLimiter,
  targets: { conversation: string; tenant: string }[],
  untilMs: number,
  stepMs = 1,
): { conversation: string; at: number }[] {
  const sent: { conversation: string; at: number }[] = [];
  for (let now = 0; now < untilMs; now += stepMs) {
    for (const { conversation, tenant } of targets) {
      while (limiter.delayFor(conversation, tenant, now) === 0) {
        limiter.record(conversation, tenant, now);
        sent.push({ conversation, at: now });
      }
    }
  }
  return sent;
}

/** The most sends found in any window of `windowMs` (a send at t is in (start, start + windowMs]). */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[from]! <= times[to]! - windowMs) from += 1;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

describe('the Teams rate limiter', () => {
  it('lets 7 sends to one conversation go at once, then makes the 8th wait for the 2-second window', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) {
      expect(limiter.delayFor('c1', 't', 0)).toBe(0);
      limiter.record('c1', 't', 0);
    }
    // 7 per second: the 8th waits a second...
    expect(limiter.delayFor('c1', 't', 0)).toBe(1000);
    limiter.record('c1', 't', 1000);
    // ...and 8 per 2 seconds: the 9th waits until the first 7 are two seconds old.
    expect(limiter.delayFor('c1', 't', 1000)).toBe(1000);
  });

  it('never exceeds 7 per second, 8 per 2 s, 60 per 30 s or 1,800 per hour to one conversation', () => {
    const limiter = new RateLimiter();
    const times = sendGreedily(limiter, [{ conversation: 'c1', tenant: 't' }], 2 * 3_600_000, 50).map(
      (s) => s.at,
    );
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(busiestWindow(times, 2_000)).toBeLessThanOrEqual(8);
    expect(busiestWindow(times, 30_000)).toBeLessThanOrEqual(60);
    expect(busiestWindow(times, 3_600_000)).toBe(1_800);
    // The hour's limit is what binds over two hours: 1,800 an hour, no more, no less.
    expect(times.length).toBe(3_600);
  });

  it('keeps a whole tenant to 50 a second, however many conversations, and reaches it', () => {
    const limiter = new RateLimiter();
    const targets = Array.from({ length: 200 }, (_, i) => ({ conversation: `c${i}`, tenant: 'school-a' }));
    const times = sendGreedily(limiter, targets, 10_000).map((s) => s.at);
    expect(busiestWindow(times, 1_000)).toBe(50);
    expect(times.length).toBe(500);
  });

  it("spreads a tenant's sends evenly over the second when asked, still reaching 50 a second", () => {
    const limiter = new RateLimiter({ tenantBurst: 4 });
    const targets = Array.from({ length: 200 }, (_, i) => ({ conversation: `c${i}`, tenant: 'school-a' }));
    const times = sendGreedily(limiter, targets, 10_000).map((s) => s.at);
    // Four may go together, then one every 20 ms: never a second's worth at once.
    expect(times.slice(0, 6)).toEqual([0, 0, 0, 0, 20, 40]);
    expect(busiestWindow(times, 100)).toBeLessThanOrEqual(9);
    expect(busiestWindow(times, 1_000)).toBe(50);
    expect(times.length).toBeGreaterThanOrEqual(497);
    // A send the Connector never handled gives its turn back.
    const paced = new RateLimiter({ tenantBurst: 1 });
    paced.begin('c1', 't', 0);
    expect(paced.delayFor('c2', 't', 0)).toBe(20);
    paced.cancel('c1', 't');
    expect(paced.delayFor('c2', 't', 0)).toBe(0);
  });

  it('counts each tenant on its own: a busy trust does not slow another', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50; i++) limiter.record(`a${i}`, 'tenant-a', 0);
    expect(limiter.delayFor('a-next', 'tenant-a', 0)).toBe(1000);
    expect(limiter.delayFor('b1', 'tenant-b', 0)).toBe(0);
  });

  it('holds a conversation until the Retry-After the Connector gave, and only that conversation', () => {
    const limiter = new RateLimiter();
    limiter.pause('c1', 5_000);
    expect(limiter.delayFor('c1', 't', 1_000)).toBe(4_000);
    expect(limiter.delayFor('c2', 't', 1_000)).toBe(0);
    expect(limiter.delayFor('c1', 't', 5_000)).toBe(0);
  });

  it('holds the whole tenant when told the tenant budget ran out, and no other tenant', () => {
    const limiter = new RateLimiter();
    limiter.pause('c1', 2_000, 't');
    expect(limiter.delayFor('c2', 't', 1_000)).toBe(1_000);
    expect(limiter.delayFor('c2', 'other', 1_000)).toBe(0);
  });

  it('counts a send from when it leaves until a window after its answer', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) limiter.begin(`c`, 't', 0);
    // Seven on their way: the conversation is full until one is answered.
    expect(limiter.delayFor('c', 't', 0)).toBeGreaterThan(0);
    limiter.finish('c', 't', 300);
    // Answered at 300 ms: six still on their way plus that one fill the second until 1,300 ms.
    expect(limiter.delayFor('c', 't', 300)).toBe(1_000);
    for (let i = 0; i < 6; i++) limiter.finish('c', 't', 300);
    expect(limiter.delayFor('c', 't', 1_299)).toBe(1);
    expect(limiter.delayFor('c', 't', 1_300)).toBe(0);
  });

  it('gives back the place of a send the Connector never handled (a 503 from its front end)', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) limiter.record('c', 't', 0);
    limiter.begin('c', 't', 0);
    limiter.cancel('c', 't');
    expect(limiter.delayFor('c', 't', 1_000)).toBe(0);
  });

  it('adds its safety margin to every window', () => {
    const limiter = new RateLimiter({ marginMs: 20 });
    for (let i = 0; i < 7; i++) limiter.record('c1', 't', 0);
    expect(limiter.delayFor('c1', 't', 0)).toBe(1020);
  });

  it('forgets conversations idle for longer than its longest window', () => {
    const limiter = new RateLimiter();
    limiter.record('c1', 't', 0);
    limiter.record('c2', 't', 3_000_000);
    limiter.prune(3_600_001);
    expect(limiter.trackedConversations).toBe(1);
  });
});
