import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnBot } from '../test/support/bot-process.js';

/**
 * Start-up to ready of the bot as its own process (`node --import tsx src/index.ts`, embedded
 * PGlite): on a new data folder (the database made, migrated and seeded) and again on the same
 * folder; then its resident memory once idle.
 */
export async function benchStartup(): Promise<{
  firstReadyMs: number;
  warmReadyMs: number;
  idleRssBytes: number;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-bench-start-'));
  const env = { DATA_DIR: dataDir, SEED_DEMO_SCHOOL: 'yes' };
  const first = await spawnBot(env);
  const firstReadyMs = first.readyMs;
  await first.kill('SIGTERM');
  const warm = await spawnBot(env);
  const warmReadyMs = warm.readyMs;
  await new Promise((r) => setTimeout(r, 3_000));
  const idleRssBytes = warm.rssBytes();
  await warm.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { firstReadyMs, warmReadyMs, idleRssBytes };
}
