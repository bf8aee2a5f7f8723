import os from 'node:os';
import path from 'node:path';
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import type { MeetingAttendanceReader } from '../../src/graph/meeting-attendance.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { DatabaseTarget } from '../../src/store/database.js';
import { ActivityFactory } from './activities.js';
import { ConnectorFake } from './connector-fake.js';
import { loadSnapshot } from './snapshot.js';

export type TestBot = {
  bot: RunningBot;
  connector: ConnectorFake;
  activities: ActivityFactory;
  /** Log lines the bot wrote during the test, for asserting what never reaches a log. */
  logLines: string[];
  /** Posts an activity to the bot's real HTTP endpoint, as the Bot Connector does. */
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
};

/**
 * The real bot (HTTP server, botbuilder adapter, teams-ai app, PGlite from the migrated
 * snapshot, card templates) in this process, with the Bot Connector played by a local server.
 */
export async function startTestBot(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    database?: DatabaseTarget;
    connector?: ConnectorFake;
    /** The daily training and policy reminders (issue 6): off unless a test is about them. */
    dailyReminders?: boolean;
    /** Teams meeting attendance through Graph, pointed at a local server (issue 6 §8). */
    meetingAttendance?: MeetingAttendanceReader;
  } = {},
): Promise<TestBot> {
  const connector = options.connector ?? (await new ConnectorFake().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(os.tmpdir(), `osb-test-${process.pid}`),
    SEED_DEMO_SCHOOL: 'yes',
    OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const logLines: string[] = [];
  const log: Logger = createLogger('debug', (line) => logLines.push(line));
  const bot = await startBot({
    config,
    clock: options.clock ?? systemClock,
    log,
    database: options.database ?? { kind: 'memory', snapshot: loadSnapshot() },
    dailyReminders: options.dailyReminders ?? false,
    ...(options.meetingAttendance ? { meetingAttendance: options.meetingAttendance } : {}),
  });
  return {
    bot,
    connector,
    activities: new ActivityFactory(connector.url),
    logLines,
    post: async (activity, headers = {}) => {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body };
    },
    close: async () => {
      await bot.close();
      await connector.stop();
    },
  };
}
