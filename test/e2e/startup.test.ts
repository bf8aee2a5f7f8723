import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { LESSONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { loadSnapshot } from '../support/snapshot.js';
import { createServerDatabase } from '../support/stores.js';

function runIndex(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('refuses to start in production without bot credentials, saying what is missing', () => {
    const result = runIndex({ NODE_ENV: 'production' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('BOT_ID is required when NODE_ENV=production');
    const noSecret = runIndex({ NODE_ENV: 'production', BOT_ID: '11111111-2222-3333-4444-555555555555' });
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toContain('BOT_PASSWORD is required');
    // Pupils' words are never stored under a key nobody chose to keep.
    const noKey = runIndex({
      NODE_ENV: 'production',
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_PASSWORD: 'x',
    });
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toContain('REPORTS_KEY is required');
  });

  it('accepts an unauthenticated request in local mode', async () => {
    t = await startTestBot();
    const res = await t.post(t.activities.message(demoPerson('pupil'), 'hello'));
    expect(res.status).toBe(200);
    expect(t.connector.received).toHaveLength(1);
  });

  it('with credentials configured, answers an unsigned or forged request with 401 and does nothing', async () => {
    t = await startTestBot({
      env: {
        BOT_ID: '11111111-2222-3333-4444-555555555555',
        BOT_PASSWORD: 'not-a-real-secret',
        REPORTS_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
    });
    const unsigned = await t.post(t.activities.message(demoPerson('pupil'), 'hello'));
    expect(unsigned.status).toBe(401);
    const forged = await t.post(t.activities.message(demoPerson('pupil'), 'hello'), {
      authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
    });
    expect(forged.status).toBe(401);
    expect(t.connector.received).toHaveLength(0);
  });

  it('stops the start when a lesson file is bad, naming the file and the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-lessons-'));
    fs.cpSync(LESSONS_DIR, dir, { recursive: true });
    const band = path.join(dir, '7-11');
    const file = fs.readdirSync(band).find((f) => f.endsWith('.yaml'))!;
    const text = fs
      .readFileSync(path.join(band, file), 'utf8')
      .replace(/durationMinutes: \d+/, 'durationMinutes: 90');
    fs.writeFileSync(path.join(band, file), text);
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SEED_DEMO_SCHOOL: 'no' });
    await expect(
      startBot({
        config,
        clock: systemClock,
        log: silentLogger,
        lessonsDir: dir,
        database: { kind: 'memory', snapshot: loadSnapshot() },
      }),
    ).rejects.toThrow(new RegExp(`7-11/${file.replace('.', '\\.')}.*durationMinutes`));
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'runs on a PostgreSQL server: migrates, seeds and answers a turn',
    async () => {
      const database = await createServerDatabase();
      try {
        t = await startTestBot({ database: { kind: 'server', url: database.url } });
        const res = await t.post(t.activities.message(demoPerson('dsl'), 'hello'));
        expect(res.status).toBe(200);
        expect(JSON.stringify(t.connector.received[0]?.body)).toContain('Designated Safeguarding Lead');
        expect(await (await fetch(`${t.bot.url}/healthz`)).json()).toMatchObject({ database: 'server' });
        await t.close();
        t = undefined;
      } finally {
        await database.drop();
      }
    },
  );
});
