import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/domain/clock.js';
import { REPORT_ABOUT, REPORT_CATEGORIES, ReportSubmissionSchema } from '../src/domain/reports/report.js';
import { startServer } from '../src/http/server.js';
import { silentLogger } from '../src/log.js';
import { demoPerson } from '../src/store/seed/demo-school.js';
import { submitReport } from '../src/use-cases/submit-report.js';
import { ActivityFactory } from '../test/support/activities.js';
import { ConnectorFake } from '../test/support/connector-fake.js';
import { summarise } from './stats.js';

type Summary = ReturnType<typeof summarise>;

/**
 * A message turn through the real HTTP endpoint (the help card for a pupil: adapter, teams-ai app,
 * directory look-ups, card rendering, the reply to the Connector), beside a bare botbuilder echo
 * bot on the same HTTP server code and the same Connector stand-in, measured alternately in the
 * same run so that the machine's noise falls on both. Then a report submission, commit included.
 */
export async function benchTurns(sizes: { turns: number; reports: number }): Promise<{
  bot: Summary;
  echo: Summary;
  report: Summary | undefined;
}> {
  const connector = await new ConnectorFake().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-bench-turns-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO_SCHOOL: 'yes',
    OUTBOX_POLL_MS: '200',
  });
  const bot = await startBot({ config, clock: systemClock, log: silentLogger, database: { kind: 'memory' } });

  // The bare bot: botbuilder's CloudAdapter, no app, no database, echoing the text.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const echo = await startServer(
    {
      onMessage: (req, res) =>
        adapter.process(req, res, async (context) => {
          await context.sendActivity(`echo: ${context.activity.text}`);
        }),
      health: async () => ({}),
      log: silentLogger,
    },
    0,
    '127.0.0.1',
  );

  const activities = new ActivityFactory(connector.url);
  const post = async (url: string, body: object): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`turn answered ${res.status}`);
    return performance.now() - started;
  };

  const botTimes: number[] = [];
  const echoTimes: number[] = [];
  const pupil = demoPerson('pupil');
  const warmUp = 20;
  for (let i = 0; i < sizes.turns + warmUp; i++) {
    const b = await post(bot.url, activities.message(pupil, 'help'));
    const e = await post(echo.url, activities.message(pupil, 'help'));
    if (i >= warmUp) {
      botTimes.push(b);
      echoTimes.push(e);
    }
    connector.clear();
  }

  const report = await benchReports(bot, sizes.reports);

  await echo.close();
  await bot.close();
  await connector.stop();
  return { bot: summarise(botTimes), echo: summarise(echoTimes), report };
}

/** submitReport as the report route calls it: the report, its chronology, notices and timers in one commit. */
async function benchReports(bot: Awaited<ReturnType<typeof startBot>>, count: number): Promise<Summary> {
  const pupil = await bot.deps.directory.findPersonByAadObjectId(demoPerson('pupil').aadObjectId);
  if (!pupil || !bot.demoSchoolId) throw new Error('the demo school has no pupil');
  const submission = ReportSubmissionSchema.parse({
    category: REPORT_CATEGORIES[0],
    about: REPORT_ABOUT[0],
    dangerNow: false,
    what: 'benchmark report',
  });
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const started = performance.now();
    await submitReport({
      directory: bot.deps.directory,
      reports: bot.deps.reports,
      schoolId: bot.demoSchoolId,
      reporterPersonId: pupil.id,
      draftId: randomUUID(),
      submission,
      at: new Date(),
    });
    if (i >= 5) times.push(performance.now() - started);
  }
  return summarise(times);
}
