import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { loadLessonLibrary } from './content/lesson-library.js';
import type { Clock } from './domain/clock.js';
import { type RunningServer, startServer } from './http/server.js';
import type { Logger } from './log.js';
import { ConversationRepository } from './store/conversation-repository.js';
import { type DatabaseTarget, migrateToLatest, openStore, type Store } from './store/database.js';
import { DirectoryRepository } from './store/directory-repository.js';
import { JobRepository } from './store/job-repository.js';
import { OutboxRepository } from './store/outbox-repository.js';
import { loadReportKeys } from './store/report-crypto.js';
import { ReportRepository } from './store/report-repository.js';
import { createBotApp } from './teams/app.js';
import { CardRenderer } from './teams/cards.js';
import type { BotDeps } from './teams/deps.js';
import { jobHandlers } from './teams/job-handlers.js';
import { OutboxSender } from './teams/outbox-sender.js';
import { JobRunner } from './use-cases/job-runner.js';
import { seedDemoSchool } from './use-cases/seed-demo-school.js';

export type BotOptions = {
  config: Config;
  /** Overrides where the data lives (tests start from an in-memory snapshot). */
  database?: DatabaseTarget;
  clock: Clock;
  log: Logger;
  /** Where the lesson files are (tests point at a broken copy). */
  lessonsDir?: string;
};

export type RunningBot = {
  url: string;
  port: number;
  store: Store;
  deps: BotDeps;
  sender: OutboxSender;
  jobs: JobRunner;
  demoSchoolId: string | undefined;
  close(): Promise<void>;
};

/** Opens the store, brings it up to date, builds the Teams app and serves it. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, clock, log } = options;
  // A bad lesson file stops the start here, naming the file and field, rather than failing in
  // front of a class.
  const lessons = loadLessonLibrary(options.lessonsDir);
  log.info('lessons.loaded', { count: lessons.all().length });
  // Without a key it chose, a school's pupils' words would be sealed under one nobody keeps: outside
  // local mode this stops the start (and names the setting).
  const reportKeys = loadReportKeys({
    env: config.reportKeys,
    dataDir: config.dataDir,
    localMode: config.localMode,
  });
  if (reportKeys.warning) log.warn('reports.local-key', { detail: reportKeys.warning });
  const store = await openStore(options.database ?? config.database);
  let server: RunningServer | undefined;
  let sender: OutboxSender | undefined;
  let jobs: JobRunner | undefined;
  try {
    const migrated = await migrateToLatest(store.db);
    if (migrated.length > 0) log.info('db.migrated', { migrations: migrated.join(',') });

    const directory = new DirectoryRepository(store.db);
    let demoSchoolId: string | undefined;
    if (config.seedDemoSchool) {
      const seeded = await seedDemoSchool({ directory });
      demoSchoolId = seeded.schoolId;
      if (seeded.created) log.info('demo.seeded', { schoolId: seeded.schoolId });
    }

    const deps: BotDeps = {
      directory,
      lessons,
      conversations: new ConversationRepository(store.db),
      outbox: new OutboxRepository(store.db),
      jobs: new JobRepository(store.db),
      reports: new ReportRepository(store.db, reportKeys.crypto),
      cards: new CardRenderer(),
      log,
      clock,
      fallbackSchoolId: config.localMode ? demoSchoolId : undefined,
    };

    const adapter = new TeamsAdapter(botAuthentication(config));
    const botAppId = config.bot?.appId ?? '';
    const app = createBotApp(adapter, botAppId, deps);

    // Proactive sends get an adapter of their own: the app's adapter routes a failed turn to the
    // app's error handler (which would answer the person), while the outbox must see the failure
    // to record it and retry. It owns retries and back-off, so botbuilder's own are turned off.
    const proactiveAdapter = new TeamsAdapter(botAuthentication(config), undefined, undefined, {
      noRetryPolicy: true,
    });
    sender = new OutboxSender({
      adapter: proactiveAdapter,
      botAppId,
      outbox: deps.outbox,
      conversations: deps.conversations,
      cards: deps.cards,
      clock,
      log,
      pollMs: config.outboxPollMs,
    });

    jobs = new JobRunner({
      jobs: deps.jobs,
      handlers: jobHandlers(deps),
      clock,
      log,
      pollMs: config.jobsPollMs,
    });

    server = await startServer(
      {
        onMessage: (req, res) =>
          adapter.process(req, res, (context) => app.run(context).then(() => undefined)),
        health: async () => {
          await sql`select 1`.execute(store.db);
          return { database: store.kind, localMode: config.localMode };
        },
        log,
      },
      config.port,
      config.host,
    );
    sender.start();
    jobs.start();

    const running = server;
    const runningSender = sender;
    const runningJobs = jobs;
    return {
      url: running.url,
      port: running.port,
      store,
      deps,
      sender: runningSender,
      jobs: runningJobs,
      demoSchoolId,
      close: async () => {
        await runningJobs.stop();
        await runningSender.stop();
        await running.close();
        await store.close();
      },
    };
  } catch (error) {
    await jobs?.stop();
    await sender?.stop();
    await server?.close();
    await store.close();
    throw error;
  }
}

/**
 * Bot Framework authentication. With no app id (local mode) botbuilder skips token checks, which
 * is what the local playground needs and exactly why production refuses to start without one.
 */
function botAuthentication(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.bot) return {};
  return {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
}
