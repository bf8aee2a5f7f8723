import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';
import { openStore } from '../../src/store/database.js';
import { loadReportKeys } from '../../src/store/report-crypto.js';
import { ReportRepository } from '../../src/store/report-repository.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { ActivityFactory } from '../support/activities.js';
import { ConnectorFake, cardOf, cardText } from '../support/connector-fake.js';
import { actionFor, type Card } from '../support/report-flow.js';

/**
 * Issue 5 §14: the bot is killed (SIGKILL: no clean shutdown) during and after a report is made,
 * and started again on the same embedded database. Nothing is lost and nothing is doubled: the
 * report exists once, the DSL and deputy are each told once, and Teams delivering the same send
 * again (as it does when it had no answer) makes nothing new.
 */

const SOFIA = demoPerson('pupil-sofia');
const NOAH = demoPerson('pupil2');
const WHAT = 'Someone called Quendrith asked me for pictures on Roblox';

type Bot = { child: ChildProcess; url: string; lines: string[] };

describe('a report survives the bot being killed', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-durability-'));
  let connector: ConnectorFake;
  let activities: ActivityFactory;
  let bot: Bot | undefined;
  const allLines: string[] = [];

  beforeAll(async () => {
    connector = await new ConnectorFake().start();
    activities = new ActivityFactory(connector.url);
  });
  afterEach(() => {
    bot?.child.kill('SIGKILL');
    bot = undefined;
  });
  afterAll(async () => {
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts `node src/index.ts` on the data folder and waits until it says it is ready. */
  async function startProcess(): Promise<Bot> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: os.tmpdir(),
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SEED_DEMO_SCHOOL: 'yes',
        OUTBOX_POLL_MS: '100',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      allLines.push(...parts);
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const url = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}): ${stderr}`);
        const ready = lines.map(parseLine).find((l) => l?.event === 'bot.ready');
        return typeof ready?.url === 'string' ? ready.url : undefined;
      },
      90_000,
      'the bot to start',
    );
    bot = { child, url, lines };
    return bot;
  }

  async function post(b: Bot, activity: object) {
    const res = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as { statusCode?: number; value?: Card }) : undefined,
    };
  }

  async function press(b: Bot, person: typeof SOFIA, verb: string, data: Record<string, unknown> = {}) {
    const res = await post(b, activities.cardAction(person, verb, data));
    if (res.body?.statusCode !== 200 || !res.body.value) throw new Error(`${verb}: ${JSON.stringify(res)}`);
    return res.body.value;
  }

  /** The report flow up to the send, which it returns un-pressed. */
  async function formFor(b: Bot, person: typeof SOFIA, category: string) {
    const start = await press(b, person, 'report.start');
    const categories = await press(
      b,
      person,
      'report.danger',
      actionFor(start, 'report.danger', { dangerNow: false }).data,
    );
    const form = await press(
      b,
      person,
      'report.category',
      actionFor(categories, 'report.category', { category }).data,
    );
    return { ...actionFor(form, 'report.submit').data, about: 'me', concernsStaff: 'no', what: WHAT };
  }

  async function kill(b: Bot) {
    const exited = new Promise((resolve) => b.child.once('exit', resolve));
    b.child.kill('SIGKILL');
    await exited;
    bot = undefined;
  }

  const notificationsTo = (key: string) =>
    connector.in(`a:personal-${key}`).filter((a) => cardText(cardOf(a)).includes('Safeguarding report'));

  it('sends each notification once after a kill between the commit and the send, and never doubles the report', async () => {
    let b = await startProcess();
    for (const key of ['dsl', 'deputy', 'pupil-sofia', 'pupil2'])
      await post(b, activities.message(demoPerson(key), 'hello'));

    // The Connector is down for the first two sends (the two notifications), and asks for a pause.
    const submit = await formFor(b, SOFIA, 'asked-for-pictures-to-meet-or-a-secret');
    connector.clear();
    connector.failNext(2, 503, { 'retry-after': '2' });
    const sendActivity = activities.cardAction(SOFIA, 'report.submit', submit);
    const thanks = await post(b, sendActivity);
    expect(cardText(thanks.body?.value)).toContain('Thank you for telling us');
    const reference = /R-\d{4}/.exec(cardText(thanks.body?.value))![0];
    await waitFor(
      () => (b.lines.filter((l) => l.includes('"outbox.retry"')).length >= 2 ? true : undefined),
      20_000,
      'both notifications to fail once',
    );
    // Killed with the report committed and neither notification delivered.
    await kill(b);
    expect(notificationsTo('dsl')).toHaveLength(0);
    expect(notificationsTo('deputy')).toHaveLength(0);

    b = await startProcess();
    await waitFor(
      () => (notificationsTo('dsl').length > 0 && notificationsTo('deputy').length > 0 ? true : undefined),
      30_000,
      'the notifications after the restart',
    );
    // Teams delivers the send again: the same report, nothing new.
    const again = await post(b, sendActivity);
    expect(cardText(again.body?.value)).toContain(`Your report number is ${reference}.`);

    // Killed in the middle of another pupil's send; Teams, with no answer, delivers it again.
    const noahSubmit = await formFor(b, NOAH, 'stranger-contact');
    const noahSend = activities.cardAction(NOAH, 'report.submit', noahSubmit);
    const inFlight = post(b, noahSend).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 15));
    await kill(b);
    await inFlight;

    b = await startProcess();
    const retried = await post(b, noahSend);
    expect(cardText(retried.body?.value)).toContain('Thank you for telling us');
    const noahReference = /R-\d{4}/.exec(cardText(retried.body?.value))![0];
    await waitFor(
      () => (notificationsTo('dsl').length >= 2 && notificationsTo('deputy').length >= 2 ? true : undefined),
      30_000,
      'the second report’s notifications',
    );
    // Time for any duplicate to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stop(b);
    bot = undefined;

    for (const key of ['dsl', 'deputy']) {
      const refs = notificationsTo(key).map((a) => /R-\d{4}/.exec(cardText(cardOf(a)))![0]);
      expect(refs.sort(), key).toEqual([reference, noahReference].sort());
    }

    // The database, opened again here: each report once, its notifications sent once, its words intact.
    const store = await openStore({ kind: 'embedded', dataDir: path.join(dataDir, 'db') });
    try {
      const reports = await store.db.selectFrom('reports').select(['id', 'reference', 'school_id']).execute();
      expect(reports.map((r) => r.reference).sort()).toEqual([reference, noahReference].sort());
      const outbox = await store.db
        .selectFrom('outbox')
        .select(['idempotency_key', 'status'])
        .where('idempotency_key', 'like', 'report:%:notice:%')
        .execute();
      expect(outbox).toHaveLength(4);
      expect(outbox.every((o) => o.status === 'sent')).toBe(true);
      const crypto = loadReportKeys({ env: {}, dataDir, localMode: true }).crypto;
      const repo = new ReportRepository(store.db, crypto);
      const dsl = await store.db
        .selectFrom('people')
        .select('id')
        .where('display_name', '=', 'Mr Daniel Okafor')
        .executeTakeFirstOrThrow();
      const first = reports.find((r) => r.reference === reference)!;
      const view = await repo.view({
        schoolId: first.school_id,
        reportId: first.id,
        viewerPersonId: dsl.id,
        at: new Date(),
      });
      expect(view?.what).toBe(WHAT);
    } finally {
      await store.close();
    }
    expect(allLines.join('\n')).not.toContain('Quendrith');
  }, 300_000);
});

async function stop(b: Bot): Promise<void> {
  const exited = new Promise((resolve) => b.child.once('exit', resolve));
  b.child.kill('SIGTERM');
  await exited;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
