import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT_DIR } from '../src/paths.js';
import { demoPerson, PLAYGROUND_KEYS, type PlaygroundKey } from '../src/store/seed/demo-school.js';
import { playgroundConfig } from './playground-config.js';

/**
 * `npm run dev [-- --as pupil|pupil2|teacher|dsl|deputy|head]`: the bot on the embedded database
 * with the demo school, and the Microsoft 365 Agents Playground in front of it, as that person.
 */
const BOT_PORT = Number(process.env.PORT ?? 3978);
const PLAYGROUND_PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);

function parseAs(argv: string[]): PlaygroundKey {
  const i = argv.indexOf('--as');
  const value = i >= 0 ? argv[i + 1] : (process.env.PLAYGROUND_AS ?? 'pupil');
  if (!PLAYGROUND_KEYS.includes(value as PlaygroundKey)) {
    process.stderr.write(`--as must be one of: ${PLAYGROUND_KEYS.join(', ')}\n`);
    process.exit(2);
  }
  return value as PlaygroundKey;
}

async function waitFor(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The playground silently moves to a random port when its port is taken: check first, and say so. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const as = parseAs(process.argv.slice(2));
  for (const [port, what, variable] of [
    [BOT_PORT, 'the bot', 'PORT'],
    [PLAYGROUND_PORT, 'the playground', 'PLAYGROUND_PORT'],
  ] as const) {
    if (!(await portFree(port))) {
      process.stderr.write(
        `Port ${port} for ${what} is already in use (is the app already running?). Stop it, or set ${variable}.\n`,
      );
      process.exit(1);
    }
  }
  // The playground reads its mock data from M365_AGENTS_PLAYGROUND_CONFIG_PATH when set (tests use
  // a private copy), else from the working folder.
  const configPath =
    process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? path.join(ROOT_DIR, '.m365agentsplayground.yml');
  fs.writeFileSync(configPath, playgroundConfig(as));

  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) c.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stopAll();
    process.exit(0);
  });
  process.on('SIGTERM', () => {
    stopAll();
    process.exit(0);
  });

  const bot = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'src/index.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, PORT: String(BOT_PORT) },
    stdio: 'inherit',
  });
  children.push(bot);
  bot.on('exit', (code) => {
    process.stderr.write(`The bot stopped (exit ${code}).\n`);
    stopAll();
    process.exit(code ?? 1);
  });
  if (!(await waitFor(`http://127.0.0.1:${BOT_PORT}/healthz`, 120_000))) {
    process.stderr.write('The bot did not become ready within 2 minutes.\n');
    stopAll();
    process.exit(1);
  }

  const playground = spawn(
    path.join(ROOT_DIR, 'node_modules/.bin/agentsplayground'),
    [
      'start',
      '-p',
      String(PLAYGROUND_PORT),
      '-e',
      `http://127.0.0.1:${BOT_PORT}/api/messages`,
      '--disable-telemetry',
    ],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  children.push(playground);
  if (!(await waitFor(`http://127.0.0.1:${PLAYGROUND_PORT}/`, 60_000))) {
    process.stderr.write('The playground did not start; see devTools/m365agentsplayground.log\n');
    stopAll();
    process.exit(1);
  }
  const person = demoPerson(as);
  process.stdout.write(
    [
      '',
      '  Online Safety Bot is running with the demo school (Oakfield Primary School).',
      `  Open the playground:  http://localhost:${PLAYGROUND_PORT}`,
      `  You are: ${person.displayName} (${as}). Say "hello" in the personal chat or the Year 4 Hazel team.`,
      `  To be someone else:   npm run dev -- --as <${PLAYGROUND_KEYS.join('|')}>`,
      '',
    ].join('\n'),
  );
}

void main();
