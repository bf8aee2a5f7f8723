import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { loadLessonLibrary } from './content/lesson-library.js';
import { utcToSchoolTime } from './domain/calendar/school-time.js';
import type { Clock } from './domain/clock.js';
import {
  clientCredentialsTokens,
  GraphMeetingAttendance,
  type MeetingAttendanceReader,
} from './graph/meeting-attendance.js';
import { type RunningServer, startServer } from './http/server.js';
import type { Logger } from './log.js';
import { exportRoute } from './reports-export/export-route.js';
import { AttendanceRepository } from './store/attendance-repository.js';
import { ConversationRepository } from './store/conversation-repository.js';
import { type DatabaseTarget, migrateToLatest, openStore, type Store } from './store/database.js';
import { DirectoryRepository } from './store/directory-repository.js';
import { JobRepository } from './store/job-repository.js';
import { OutboxRepository } from './store/outbox-repository.js';
import { PolicyRepository } from './store/policy-repository.js';
import { loadReportKeys } from './store/report-crypto.js';
import { ReportExportLinkRepository } from './store/report-export-link-repository.js';
import { ReportRepository } from './store/report-repository.js';
import { TeachingRepository } from './store/teaching-repository.js';
import { TrainingRepository } from './store/training-repository.js';
import { createBotApp } from './teams/app.js';
import { CardRenderer } from './teams/cards.js';
import { ConnectorClient } from './teams/connector-client.js';
import type { BotDeps } from './teams/deps.js';
import { jobHandlers } from './teams/job-handlers.js';
import { OutboxSender } from './teams/outbox-sender.js';
import { JobRunner } from './use-cases/job-runner.js';
import { ensureTrainingCatalogues, scheduleDailyReminders } from './use-cases/schedule-daily-reminders.js';
import { seedDemoPolicyRegister } from './use-cases/seed-demo-policy-register.js';
import { seedDemoSchool } from './use-cases/seed-demo-school.js';

export type BotOptions = {
  config: Config;
  /** Overrides where the data lives (tests start from an in-memory snapshot). */
  database?: DatabaseTarget;
  clock: Clock;
  log: Logger;
  /** Where the lesson files are (tests point at a broken copy). */
  lessonsDir?: string;
  /**
   * Whether to start each school's daily training and policy reminders (default yes). Endpoint tests
   * of other features turn them off, so that their chats hold only what they test.
   */
  dailyReminders?: boolean;
  /** Teams meeting attendance (issue 6 §8); tests point it at a local server playing Graph. */
  meetingAttendance?: MeetingAttendanceReader;
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

    // Known once the server listens, in local mode; PUBLIC_URL otherwise (config.ts).
    let publicUrl = config.publicUrl;
    const deps: BotDeps = {
      directory,
      lessons,
      conversations: new ConversationRepository(store.db),
      outbox: new OutboxRepository(store.db),
      jobs: new JobRepository(store.db),
      reports: new ReportRepository(store.db, reportKeys.crypto),
      exportLinks: new ReportExportLinkRepository(store.db),
      publicUrl: () => publicUrl,
      training: new TrainingRepository(store.db),
      policies: new PolicyRepository(store.db),
      teaching: new TeachingRepository(store.db),
      attendance: new AttendanceRepository(store.db),
      meetingAttendance: options.meetingAttendance ?? graphMeetingAttendance(config),
      cards: new CardRenderer(),
      log,
      clock,
      fallbackSchoolId: config.localMode ? demoSchoolId : undefined,
    };

    // Issue 6: the demo school's policy register, every school's training catalogue, and each
    // school's daily reminder run (each exists once however often the bot starts).
    if (demoSchoolId)
      await seedDemoPolicyRegister({
        schoolId: demoSchoolId,
        today: utcToSchoolTime(clock.now()).date,
        at: clock.now(),
        ...deps,
      });
    await ensureTrainingCatalogues(deps);
    if (options.dailyReminders !== false) await scheduleDailyReminders({ ...deps, clock });

    const adapter = new TeamsAdapter(botAuthentication(config));
    const botAppId = config.bot?.appId ?? '';
    const app = createBotApp(adapter, botAppId, deps);

    // Proactive sends go straight to the Connector (issue 7): the outbox must see every 429 and
    // 503 itself to keep within Teams' limits and record its retries, and botbuilder's client
    // would retry them out of its sight.
    sender = new OutboxSender({
      connector: new ConnectorClient(config.bot),
      outbox: deps.outbox,
      conversations: deps.conversations,
      cards: deps.cards,
      clock,
      log,
      pollMs: config.outboxPollMs,
      // Only this process can open an embedded database: after a crash, its restart is the same sender.
      ...(store.kind === 'server' ? {} : { holder: `embedded:${store.kind}` }),
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
        routes: [exportRoute(deps)],
      },
      config.port,
      config.host,
    );
    if (!publicUrl && config.localMode) publicUrl = server.url;
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

/** Graph with the bot's app registration; not connected (undefined) without one, as in local mode. */
function graphMeetingAttendance(config: Config): MeetingAttendanceReader | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  return new GraphMeetingAttendance({
    baseUrl: graph.baseUrl,
    token: clientCredentialsTokens({
      appId: graph.appId,
      appPassword: graph.appPassword,
      defaultTenantId: graph.tenantId,
      graphBaseUrl: graph.baseUrl,
    }),
  });
}
