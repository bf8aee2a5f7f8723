import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { playgroundConfig } from '../../scripts/playground-config.js';
import { ROOT_DIR } from '../../src/paths.js';
import type { PlaygroundKey } from '../../src/store/seed/demo-school.js';

/**
 * The app as a person meets it, for the browser tests: `npm run dev -- --as <person>`
 * (scripts/dev.ts) starts the bot on the embedded database with the demo school and the Microsoft 365
 * Agents Playground in front of it; headless Chromium opens the playground. Each test file uses
 * `playgroundSuite` for its browser, data folder and clean-up, and `shot` leaves screenshots in
 * test-results/screenshots/.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);

export const SCREENSHOTS = path.join(ROOT_DIR, 'test-results/screenshots');
/** The dev script gives the bot 2 minutes and the playground 1 more; the first start makes the database. */
export const START_TIMEOUT_MS = 200_000;
export const TEST_TIMEOUT_MS = 320_000;
export const REPLY_TIMEOUT_MS = 30_000;

/** Every Adaptive Card the playground renders (the adaptivecards renderer's own class). */
export const CARD = '.ac-adaptiveCard';

/** Settings a developer's or CI's shell may hold that would point the dev run elsewhere. */
const DROPPED_ENV = [
  'DATABASE_URL',
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'BOT_TYPE',
  'SEED_DEMO_SCHOOL',
  'PLAYGROUND_AS',
  'TEAMS_APP_TEST_TOOL_CONFIG_PATH',
];

export type DevRun = {
  url: string;
  /** What the dev script and the playground printed, for a failure message. */
  diagnostics: () => string;
  stop: () => Promise<void>;
};

/** Process groups started here, so that even a crashed test leaves nothing running. */
export const groups = new Set<number>();
process.on('exit', () => {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group has already gone
  }
}

/** Whether any live (not zombie) process is left in the group; reads /proc where there is one. */
function groupAlive(pgid: number): boolean {
  if (!fs.existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and brackets, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/** SIGTERM to the dev script, the bot and the playground; SIGKILL to whatever is left after 15 s. */
export async function stopGroup(pgid: number): Promise<void> {
  if (!groups.has(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  // The bot closes its database on SIGTERM; the next run reopens the same folder.
  const until = Date.now() + 15_000;
  while (Date.now() < until && groupAlive(pgid)) await sleep(200);
  signalGroup(pgid, 'SIGKILL');
  groups.delete(pgid);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports nobody listens on now (held together, so the two differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** `npm run dev -- --as <person>` on free ports and the given data folder, until it prints the URL. */
export async function startDev(as: PlaygroundKey, dataDir: string, workDir: string): Promise<DevRun> {
  const [port, playgroundPort] = await freePorts(2);
  const playgroundLog = path.join(workDir, `playground-${as}.log`);
  // The playground reads its people from this private copy, not the repository's
  // .m365agentsplayground.yml that every `npm run dev` rewrites: a developer's app or another test
  // run starting at the same time cannot change who this run's playground user is.
  const playgroundFile = path.join(workDir, `playground-${as}.yml`);
  fs.writeFileSync(playgroundFile, playgroundConfig(as));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of DROPPED_ENV) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PLAYGROUND_PORT: String(playgroundPort),
    DATA_DIR: dataDir,
    // The playground's log goes here instead of the developer's devTools/ folder.
    M365_AGENTS_PLAYGROUND_LOGFILE: playgroundLog,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: playgroundFile,
    NO_COLOR: '1',
  });
  // Its own process group (detached), so that the bot and the playground it spawns are stopped with it.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/dev.ts'), '--as', as],
    { cwd: ROOT_DIR, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('Could not start scripts/dev.ts.');
  groups.add(pgid);

  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-30_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const diagnostics = () => {
    let log = '';
    try {
      log = fs.readFileSync(playgroundLog, 'utf8').slice(-4_000);
    } catch {
      log = '(none)';
    }
    return [
      `--- npm run dev -- --as ${as} (bot port ${port}, playground port ${playgroundPort}) printed:`,
      output.slice(-6_000),
      `--- playground log ${playgroundLog}:`,
      log,
    ].join('\n');
  };

  const stop = () => stopGroup(pgid);

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No playground URL within ${START_TIMEOUT_MS / 1000} s.`)),
        START_TIMEOUT_MS,
      );
      child.stdout?.on('data', () => {
        const match = /Open the playground:\s+(http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`The dev script stopped (${signal ?? `exit ${code}`}) before the playground was ready.`),
        );
      });
    });
    return { url, diagnostics, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${diagnostics()}`);
  }
}

export async function shot(page: Page, name: string, focus?: Locator): Promise<void> {
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until no new card has appeared for a moment: the playground's install greeting lands first. */
export async function settle(page: Page): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const count = await page.locator(CARD).count();
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1_500) {
      return;
    }
    await sleep(250);
  }
}

/** Sends a message in the open chat; returns the sent message, to find the bot's answer after it. */
export async function sayInChat(page: Page, text: string): Promise<Locator> {
  if (text.includes('"')) throw new Error('sayInChat: no double quotes, please.');
  // A message in the conversation is the block after its "Message header"; matching it that way
  // leaves out the chat list's preview of the last message, which shows the same words.
  const messages = page.locator(
    `xpath=//*[@aria-label="Message header"]/following-sibling::*[normalize-space(.)="${text}"]`,
  );
  const before = await messages.count();
  await page.getByRole('textbox').pressSequentially(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
  const sent = messages.nth(before);
  await sent.waitFor();
  return sent;
}

/** A card containing `text` that comes after `anchor` on the page. */
export function cardAfter(anchor: Locator, text: string): Locator {
  return anchor
    .locator(`xpath=following::*[contains(concat(" ", normalize-space(@class), " "), " ac-adaptiveCard ")]`)
    .filter({ hasText: text })
    .first();
}

/**
 * Starts a new post in the open channel that @mentions the bot (Teams, and the playground, only
 * pass a channel message to a bot that is mentioned); returns the post's thread.
 */
export async function postToBot(page: Page, text: string): Promise<Locator> {
  const composer = page.getByRole('group').filter({ has: page.getByRole('button', { name: 'Post' }) });
  await composer.getByRole('textbox').pressSequentially('@Online');
  await page.getByRole('menuitem', { name: /Online Safety Bot/ }).click();
  await composer.getByRole('textbox').pressSequentially(` ${text}`);
  await composer.getByRole('button', { name: 'Post' }).click();
  const thread = page
    .getByRole('group')
    .filter({ hasText: new RegExp(`Online Safety Bot\\s*${text}`) })
    .first();
  await thread.waitFor();
  return thread;
}

export async function openPlayground(browser: Browser, dev: DevRun): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(REPLY_TIMEOUT_MS);
  await page.goto(dev.url, { timeout: 60_000 });
  // The log panel echoes every message sent ("message 200 hello"); closed, it leaves the page, so
  // text found on the page is the conversation's, and the screenshots show more of it.
  await page.getByRole('button', { name: 'Hide log panel' }).click();
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
  await page.getByRole('button', { name: 'Send Message' }).waitFor();
  return page;
}

/** Runs a person's steps; on failure keeps a screenshot and adds what the dev run printed. */
export async function asPerson(
  browser: Browser | undefined,
  dev: DevRun,
  name: string,
  steps: (page: Page) => Promise<void>,
): Promise<void> {
  if (!browser) throw new Error('Chromium did not start.');
  let page: Page | undefined;
  try {
    page = await openPlayground(browser, dev);
    await steps(page);
  } catch (error) {
    await page?.screenshot({ path: path.join(SCREENSHOTS, `${name}-failure.png`) }).catch(() => {});
    throw new Error(`${(error as Error).message}\n${dev.diagnostics()}`, { cause: error });
  } finally {
    await page
      ?.context()
      .close()
      .catch(() => {});
    await dev.stop();
  }
}

/** Launches Chromium once for a test file, with a fresh data folder that its dev runs share. */
export function playgroundSuite(): {
  browser: () => Browser | undefined;
  dataDir: () => string;
  workDir: () => string;
  setUp: () => Promise<void>;
  tearDown: () => Promise<void>;
} {
  let browser: Browser | undefined;
  let workDir = '';
  let dataDir = '';
  return {
    browser: () => browser,
    dataDir: () => dataDir,
    workDir: () => workDir,
    setUp: async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-playground-'));
      dataDir = path.join(workDir, 'data');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      });
    },
    tearDown: async () => {
      await browser?.close().catch(() => {});
      await Promise.all([...groups].map(stopGroup));
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Says why a browser test file is skipped, once. */
export function noteSkippedWithoutChromium(): void {
  if (!HAS_CHROMIUM)
    process.stderr.write(
      `\nSkipping the playground browser tests: ${CHROMIUM} is missing (apt-get install chromium).\n\n`,
    );
}
