/**
 * `npm run bench` (issue 7): turn latency beside a bare botbuilder echo bot, a trust-sized fan-out
 * through the Connector emulator at Teams' limits (with and without injected 503s), start-up and
 * memory, and trust-scale queries. Prints a table and writes bench/results.json.
 *
 *   npm run bench                 the full sizes (under 10 minutes on 2 cores)
 *   npm run bench -- --small      a quick check that every part works (a minute or two)
 *   BENCH_DATABASE_URL=postgres://...  also runs the trust-scale queries on a PostgreSQL server,
 *                                 and a fan-out by two bot instances sharing it
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../src/paths.js';
import { benchFanout, benchServerFanout } from './fanout.js';
import { benchStartup } from './startup.js';
import { benchTrustQueries } from './trust-queries.js';
import { benchTurns } from './turns.js';

const small = process.argv.includes('--small') || process.env.BENCH_SIZE === 'small';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

export const SIZES = small
  ? {
      turns: 60,
      reports: 30,
      classes: 100,
      personal: 300,
      serverPerTenant: 100,
      schools: 5,
      pupils: 2_000,
      staff: 300,
      answers: 40_000,
    }
  : {
      turns: 400,
      reports: 200,
      classes: 1_000,
      personal: 3_000,
      serverPerTenant: 1_000,
      schools: 50,
      pupils: 50_000,
      staff: 3_000,
      answers: 1_000_000,
    };

type Row = { section: string; measure: string; value: string; note?: string };

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const results: Record<string, unknown> = {
    machine: machine(),
    sizes: SIZES,
    small,
    at: new Date().toISOString(),
  };
  const want = (name: string) => !only || only.split(',').includes(name);

  if (want('turns')) {
    log('turn latency');
    const turns = await benchTurns({ turns: SIZES.turns, reports: SIZES.reports });
    results.turns = turns;
    rows.push(
      {
        section: 'turn',
        measure: 'help turn p50 / p99 (ms)',
        value: `${f(turns.bot.p50)} / ${f(turns.bot.p99)}`,
      },
      {
        section: 'turn',
        measure: 'bare echo bot p50 / p99 (ms)',
        value: `${f(turns.echo.p50)} / ${f(turns.echo.p99)}`,
      },
      {
        section: 'turn',
        measure: 'ratio bot / echo, p50 / p99',
        value: `${f(turns.bot.p50 / turns.echo.p50, 1)}x / ${f(turns.bot.p99 / turns.echo.p99, 1)}x`,
      },
      turns.report
        ? {
            section: 'turn',
            measure: 'report submission p50 / p99 (ms)',
            value: `${f(turns.report.p50)} / ${f(turns.report.p99)}`,
            note: 'submitReport use-case, commit included',
          }
        : {
            section: 'turn',
            measure: 'report submission',
            value: 'n/a',
            note: 'src/use-cases/submit-report.ts not found',
          },
    );
  }

  if (want('startup')) {
    log('start-up');
    const startup = await benchStartup();
    results.startup = startup;
    rows.push(
      {
        section: 'start-up',
        measure: 'first start to ready (ms)',
        value: f(startup.firstReadyMs),
        note: 'new data dir: migrations, seed',
      },
      { section: 'start-up', measure: 'restart to ready (ms)', value: f(startup.warmReadyMs) },
      { section: 'memory', measure: 'RSS idle (MB)', value: f(startup.idleRssBytes / 2 ** 20) },
    );
  }

  if (want('fanout')) {
    for (const faultRate of [0, 0.05]) {
      log(`fan-out, ${faultRate * 100}% injected 503s`);
      const fan = await benchFanout({
        classes: SIZES.classes,
        personal: SIZES.personal,
        faultRate,
        startupAllowanceMs: 20_000,
      });
      results[`fanout${faultRate ? '503' : ''}`] = fan;
      const label = faultRate ? ' (5% 503s)' : '';
      rows.push(
        {
          section: 'fan-out',
          measure: `${fan.messages} messages${label}: time (s)`,
          value: f(fan.seconds, 1),
          note: `ideal ${f(fan.idealSeconds, 1)} s at ${fan.limit}/s`,
        },
        {
          section: 'fan-out',
          measure: `fraction of ideal${label}`,
          value: `${f(fan.fraction * 100, 1)}%`,
          note: `longest wait between deliveries ${fan.longestGapMs} ms`,
        },
        {
          section: 'fan-out',
          measure: `lost / duplicated${label}`,
          value: `${fan.lost} / ${fan.duplicates}`,
          note: `${fan.throttled} 429s, ${fan.faults} injected 503s`,
        },
        {
          section: 'memory',
          measure: `RSS after fan-out${label} (MB)`,
          value: f(fan.rssAfterBytes / 2 ** 20),
        },
      );
    }
  }

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (want('fanout') && serverUrl) {
    log('fan-out, two instances on the PostgreSQL server, four tenants');
    const fan = await benchServerFanout({
      adminUrl: serverUrl,
      tenants: 4,
      perTenant: SIZES.serverPerTenant,
      instances: 2,
      startupAllowanceMs: 25_000,
    });
    results.fanoutServer = fan;
    const label = ` (${fan.instances} instances, ${fan.tenants} tenants, PostgreSQL)`;
    rows.push(
      {
        section: 'fan-out',
        measure: `${fan.messages} messages${label}: time (s)`,
        value: f(fan.seconds, 1),
        note: `ideal ${f(fan.idealSeconds, 1)} s at ${fan.limit}/s (50/s per tenant)`,
      },
      {
        section: 'fan-out',
        measure: `fraction of ideal${label}`,
        value: `${f(fan.fraction * 100, 1)}%`,
        note: `busiest tenant second ${fan.busiestTenantSecond}; longest wait between deliveries ${fan.longestGapMs} ms`,
      },
      {
        section: 'fan-out',
        measure: `lost / duplicated${label}`,
        value: `${fan.lost} / ${fan.duplicates}`,
        note: `${fan.throttled} 429s`,
      },
    );
  } else if (want('fanout')) {
    rows.push({
      section: 'fan-out',
      measure: 'two instances on PostgreSQL',
      value: 'not run',
      note: 'set BENCH_DATABASE_URL to include it',
    });
  }

  if (want('queries')) {
    log('trust-scale queries');
    const queries = await benchTrustQueries(SIZES);
    results.queries = queries;
    for (const q of queries.rows)
      rows.push({ section: 'queries', measure: q.measure, value: q.value, note: q.note });
  }

  results.totalSeconds = (Date.now() - started) / 1000;
  // Only a full run replaces the figures BENCHMARKS.md quotes.
  const outFile = path.join(ROOT_DIR, 'bench', small || only ? 'results-partial.json' : 'results.json');
  fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  printTable(rows);
  process.stdout.write(
    `\n${machine().cpu} x${machine().cores}, ${machine().memoryGb} GB, node ${process.version}; ${f(
      (Date.now() - started) / 1000,
      0,
    )} s in all; figures in ${path.relative(ROOT_DIR, outFile)}\n`,
  );
}

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

function printTable(rows: Row[]): void {
  const widths = [10, 62, 16];
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(`\n${line(['section', 'measure', 'value', 'note'])}\n`);
  process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|------|\n`);
  for (const r of rows) process.stdout.write(`${line([r.section, r.measure, r.value, r.note ?? ''])}\n`);
}

export function f(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

function log(what: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${what}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
