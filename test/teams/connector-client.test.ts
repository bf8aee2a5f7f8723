import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorClient, OUTBOX_ID_HEADER, retryAfterMs } from '../../src/teams/connector-client.js';
import { ConnectorEmulator } from '../support/connector-emulator.js';

describe('the raw Connector call the outbox makes', () => {
  let emulator: ConnectorEmulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
  });

  it('posts to the conversation and returns the activity id, once: no retry of its own', async () => {
    emulator = await new ConnectorEmulator().start();
    const client = new ConnectorClient(undefined);
    const sent = await client.sendToConversation(
      emulator.url,
      '19:abc@thread.tacv2',
      { type: 'message', text: 'hi' },
      { [OUTBOX_ID_HEADER]: '42' },
    );
    expect(sent).toEqual({ ok: true, activityId: 'emulated-1' });
    expect(emulator.deliveries[0]).toMatchObject({ conversationId: '19:abc@thread.tacv2', outboxId: '42' });

    emulator.failNext(1, 503);
    expect(await client.sendToConversation(emulator.url, 'c', { type: 'message', text: 'x' })).toEqual({
      ok: false,
      status: 503,
      retryAfterMs: undefined,
    });
    emulator.failNext(1, 429, { 'retry-after': '3' });
    expect(await client.sendToConversation(emulator.url, 'c', { type: 'message' })).toEqual({
      ok: false,
      status: 429,
      retryAfterMs: 3000,
    });
    // botbuilder's client would have tried again by itself; this one made exactly one request each time.
    expect(emulator.requests).toBe(3);
  });

  it('reports a Connector that cannot be reached as a network failure, with no status', async () => {
    emulator = await new ConnectorEmulator().start();
    const url = emulator.url;
    await emulator.stop();
    emulator = undefined;
    expect(
      await new ConnectorClient(undefined, 2_000).sendToConversation(url, 'c', { type: 'message' }),
    ).toEqual({
      ok: false,
      status: undefined,
      retryAfterMs: undefined,
    });
  });

  it("talks to an emulator that enforces Teams' limits and adds latency when asked", async () => {
    emulator = await new ConnectorEmulator({ latencyMs: 100 }).start();
    const client = new ConnectorClient(undefined);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.sendToConversation(emulator!.url, 'busy', { type: 'message' })),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    // Teams: 7 a second to one conversation; the 8th is throttled with a Retry-After.
    expect(answers.filter((a) => a.ok)).toHaveLength(7);
    expect(answers.find((a) => !a.ok)).toEqual({ ok: false, status: 429, retryAfterMs: 1000 });
    expect(emulator.throttled).toBe(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
