import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest } from '../src/store/database.js';
import { type BotProcess, prepareFanout, queueFanout, spawnBot } from '../test/support/bot-process.js';
import { ConnectorEmulator } from '../test/support/connector-emulator.js';
import { serverDatabase } from './server-database.js';

/** Teams: at most 50 requests per second per app per tenant. One trust, one tenant. */
const TENANT_LIMIT = 50;

/**
 * A trust's busy hour: one lesson to `classes` class channels and a reminder in each of
 * `personal` staff chats, queued at once, sent by the bot (its own process, embedded database)
 * to the Connector emulator, which enforces Teams' limits and injects `faultRate` 503s. Time is
 * from the first delivery to the last; the ideal is messages / the tenant limit.
 */
export async function benchFanout(props: {
  classes: number;
  personal: number;
  faultRate: number;
  startupAllowanceMs: number;
}) {
  const emulator = await new ConnectorEmulator({ faultRate: props.faultRate, seed: 7 }).start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-bench-fan-'));
  try {
    // Due once the bot has started, so that its start-up work is not timed with the fan-out.
    const { messages } = await prepareFanout({
      notBefore: new Date(Date.now() + props.startupAllowanceMs),
      dbDir: path.join(dataDir, 'db'),
      serviceUrl: emulator.url,
      groups: [
        { prefix: 'class', kind: 'channel', count: props.classes },
        { prefix: 'staff', kind: 'personal', count: props.personal },
      ],
    });
    const bot = await spawnBot(
      { DATA_DIR: dataDir, SEED_DEMO_SCHOOL: 'yes', OUTBOX_POLL_MS: '100' },
      undefined,
      // To look inside the bot during a fan-out, e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
      process.env.BENCH_BOT_NODE_ARGS?.split(/\s+/).filter(Boolean),
    );
    try {
      const idealSeconds = messages / TENANT_LIMIT;
      const deadline = Date.now() + (idealSeconds * 1.5 + 30) * 1000;
      while (emulator.distinct < messages && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // Anything sent twice would come soon after: wait a little before counting.
      await new Promise((r) => setTimeout(r, 2_000));
      const rssAfterBytes = bot.rssBytes();
      const times = emulator.deliveries.map((d) => d.atMs);
      const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
      return {
        messages,
        limit: TENANT_LIMIT,
        seconds,
        idealSeconds,
        fraction: idealSeconds / seconds,
        lost: messages - emulator.distinct,
        duplicates: emulator.duplicates,
        throttled: emulator.throttled,
        faults: emulator.faults,
        requests: emulator.requests,
        busiestSecond: emulator.busiest(1_000),
        perSecond: perSecond(times),
        longestGapMs: longestGap(times),
        rssAfterBytes,
        // What the bot logged above info, by event (codes only), to explain a slow run.
        warnings: countEvents(bot.lines.filter((l) => /"level":"(warn|error)"/.test(l))),
      };
    } finally {
      await bot.kill('SIGTERM');
    }
  } finally {
    await emulator.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Several instances on one PostgreSQL server (BENCH_DATABASE_URL), as a trust or a local
 * authority runs them: `instances` bot processes share one fan-out to `tenants` tenants
 * (`perTenant` class channels each). Each tenant is sent by one instance at a time (its lease),
 * so the ideal is messages / (tenants x the tenant limit), with the instances sharing the tenants.
 */
export async function benchServerFanout(props: {
  adminUrl: string;
  tenants: number;
  perTenant: number;
  instances: number;
  startupAllowanceMs: number;
}) {
  const emulator = await new ConnectorEmulator({ seed: 7 }).start();
  const database = await serverDatabase(props.adminUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-bench-fan-server-'));
  const bots: BotProcess[] = [];
  try {
    await migrateToLatest(database.store.db);
    const { messages } = await queueFanout(database.store.db, {
      serviceUrl: emulator.url,
      notBefore: new Date(Date.now() + props.startupAllowanceMs),
      groups: [
        { prefix: 'class', kind: 'channel', count: props.tenants * props.perTenant, tenants: props.tenants },
      ],
    });
    // One after another: the first migrates and seeds, the others find it done.
    for (let i = 0; i < props.instances; i++)
      bots.push(
        await spawnBot({
          DATABASE_URL: database.url,
          DATA_DIR: path.join(dataDir, `instance-${i}`),
          SEED_DEMO_SCHOOL: 'yes',
          OUTBOX_POLL_MS: '100',
        }),
      );
    const limit = TENANT_LIMIT * props.tenants;
    const idealSeconds = messages / limit;
    const deadline = Date.now() + props.startupAllowanceMs + (idealSeconds * 2 + 30) * 1000;
    while (emulator.distinct < messages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2_000));
    const times = emulator.deliveries.map((d) => d.atMs);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    return {
      messages,
      instances: props.instances,
      tenants: props.tenants,
      limit,
      seconds,
      idealSeconds,
      fraction: idealSeconds / seconds,
      lost: messages - emulator.distinct,
      duplicates: emulator.duplicates,
      throttled: emulator.throttled,
      busiestTenantSecond: Math.max(
        ...Array.from({ length: props.tenants }, (_, t) =>
          emulator.busiest(1_000, (d) => d.tenantId === `tenant-${t}`),
        ),
      ),
      longestGapMs: longestGap(times),
      // When each tenant's first and last message arrived, from the first delivery (seconds).
      tenantSpans: Array.from({ length: props.tenants }, (_, t) => {
        const own = emulator.deliveries.filter((d) => d.tenantId === `tenant-${t}`).map((d) => d.atMs);
        const first = Math.min(...times);
        return [(Math.min(...own) - first) / 1000, (Math.max(...own) - first) / 1000];
      }),
      warnings: countEvents(bots.flatMap((b) => b.lines.filter((l) => /"level":"(warn|error)"/.test(l)))),
    };
  } finally {
    for (const bot of bots) await bot.kill('SIGTERM');
    await emulator.stop();
    await database.store.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Deliveries in each second from the first: where a fan-out slowed down. */
function perSecond(times: number[]): number[] {
  const first = Math.min(...times);
  const counts: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - first) / 1000);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}

/**
 * The longest wait between one delivery and the next. At an even 50 a second it is about 20 ms;
 * a stall anywhere (the bot, its database, the emulator) shows here, where counts per calendar
 * second can hide it or invent one (a second's sends split across two seconds).
 */
function longestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i]! - sorted[i - 1]!);
  return Math.round(longest);
}

function countEvents(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const event = /"event":"([^"]+)"/.exec(line)?.[1] ?? 'unknown';
    counts[event] = (counts[event] ?? 0) + 1;
  }
  return counts;
}
