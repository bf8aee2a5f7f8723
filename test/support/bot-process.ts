import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { ROOT_DIR } from '../../src/paths.js';
import { migrateToLatest, openStore } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { addConversations, enqueueToEach } from './fanout.js';

/**
 * The bot as its own process (`node --import tsx src/index.ts`), as it runs in production: for
 * tests that kill it (SIGKILL) and for the benchmark's start-up and memory figures.
 */
export type BotProcess = {
  child: ChildProcess;
  pid: number;
  url: string;
  /** From spawn to the `bot.ready` log line. */
  readyMs: number;
  /** Resident memory now, from /proc (Linux). */
  rssBytes(): number;
  /** Log lines so far (codes and ids only). */
  lines: string[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
};

export async function spawnBot(
  env: Record<string, string>,
  timeoutMs = 60_000,
  /** Given to node before the script (e.g. --cpu-prof, which NODE_OPTIONS does not allow). */
  nodeArgs: readonly string[] = [],
): Promise<BotProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"bot.ready"')) resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    void exited.then((code) =>
      reject(new Error(`the bot exited (${code}) before it was ready: ${stderr.slice(-2000)}`)),
    );
    setTimeout(() => reject(new Error('the bot was not ready in time')), timeoutMs).unref();
  });
  const url = await ready;
  return {
    child,
    pid: child.pid!,
    url,
    readyMs: performance.now() - started,
    lines,
    exited,
    rssBytes: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A fan-out's conversations: `count` of one kind, spread over `tenants` tenants (default one). */
export type FanoutGroup = { prefix: string; kind: 'channel' | 'personal'; count: number; tenants?: number };

/**
 * An embedded database folder holding a fan-out waiting in the outbox (queueFanout). Made before
 * the bot starts (PGlite is one process's database).
 */
export async function prepareFanout(props: {
  dbDir: string;
  serviceUrl: string;
  groups: FanoutGroup[];
  /** Due from then (default: at once). */
  notBefore?: Date;
}): Promise<{ messages: number }> {
  const store = await openStore({ kind: 'embedded', dataDir: props.dbDir });
  try {
    await migrateToLatest(store.db);
    return await queueFanout(store.db, props);
  } finally {
    await store.close();
  }
}

/**
 * A fan-out waiting in the outbox: one message to each of the groups' conversations, tenant
 * `tenant-<t>` by tenant, all at the Connector at `serviceUrl`.
 */
export async function queueFanout(
  db: Kysely<Database>,
  props: { serviceUrl: string; groups: FanoutGroup[]; notBefore?: Date },
): Promise<{ messages: number }> {
  let messages = 0;
  for (const group of props.groups) {
    const tenants = group.tenants ?? 1;
    for (let t = 0; t < tenants; t++) {
      const count = Math.floor(group.count / tenants) + (t < group.count % tenants ? 1 : 0);
      const ids = await addConversations(db, {
        serviceUrl: props.serviceUrl,
        count,
        prefix: `${group.prefix}-t${t}`,
        kind: group.kind,
        schoolId: null,
        tenantId: `tenant-${t}`,
      });
      await enqueueToEach(db, {
        conversationIds: ids,
        keyPrefix: `${group.prefix}-t${t}`,
        schoolId: null,
        ...(props.notBefore ? { notBefore: props.notBefore } : {}),
      });
      messages += ids.length;
    }
  }
  return { messages };
}
