import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotProcess, prepareFanout, spawnBot } from '../support/bot-process.js';
import { ConnectorEmulator } from '../support/connector-emulator.js';

/** The sender's default number of sends on their way at once (outbox-sender.ts). */
const MAX_IN_FLIGHT = 16;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Issue 7: the bot is killed (SIGKILL: no clean shutdown) in the middle of a 2,000-message fan-out
 * and started again on the same embedded database. Every message arrives; a message is sent twice
 * only if it was on its way (sent, not yet recorded) at the moment of the kill.
 */
describe('the outbox across a crash', () => {
  let bot: BotProcess | undefined;
  let emulator: ConnectorEmulator | undefined;
  afterEach(async () => {
    await bot?.kill('SIGKILL');
    await emulator?.stop();
  });

  it('delivers every message of a fan-out killed half way, duplicates only those in flight at the kill', async () => {
    const t0 = Date.now();
    const phases: Record<string, number> = {};
    emulator = await new ConnectorEmulator().start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-crash-'));
    const dbDir = path.join(dataDir, 'db');
    // Spread over four tenants (a trust's schools), so that 2,000 sends take ten seconds, not forty.
    const { messages } = await prepareFanout({
      dbDir,
      serviceUrl: emulator.url,
      groups: [{ prefix: 'class', kind: 'channel', count: 2_000, tenants: 4 }],
    });
    expect(messages).toBe(2_000);
    phases.prepared = Date.now() - t0;
    const env = { DATA_DIR: dataDir, OUTBOX_POLL_MS: '100', SEED_DEMO_SCHOOL: 'yes' };

    bot = await spawnBot(env);
    phases.firstReady = Date.now() - t0;
    await until(() => emulator!.distinct >= 700, 60_000, '700 deliveries');
    const beforeKill = emulator.deliveries.length;
    await bot.kill('SIGKILL');
    const atKill = emulator.deliveries.length;
    // Sends already on the wire when the process died may still land: count them.
    await new Promise((r) => setTimeout(r, 200));
    const landedAfterKill = emulator.deliveries.length - atKill;

    phases.killed = Date.now() - t0;
    bot = await spawnBot(env);
    phases.secondReady = Date.now() - t0;
    await until(() => emulator!.distinct >= 1_990, 90_000, 'all but the claimed');
    phases.almostAll = Date.now() - t0;
    await until(() => emulator!.distinct >= 2_000, 60_000, 'every message');
    await new Promise((r) => setTimeout(r, 500));

    const duplicates = emulator.duplicates;
    process.stdout.write(
      `${JSON.stringify({
        event: 'crash-test',
        messages,
        deliveredBeforeKill: beforeKill,
        landedAfterKill,
        delivered: emulator.deliveries.length,
        distinct: emulator.distinct,
        duplicates,
        throttled: emulator.throttled,
        maxInFlight: MAX_IN_FLIGHT,
        phases,
        done: Date.now() - t0,
      })}\n`,
    );
    expect(emulator.distinct).toBe(2_000);
    expect(duplicates).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(emulator.busiest(1_000, (d) => d.tenantId === 'tenant-0')).toBeLessThanOrEqual(50);
  }, 240_000);
});
