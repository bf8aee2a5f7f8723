import path from 'node:path';
import { z } from 'zod';

/**
 * The environment, parsed once at start-up. Every missing or malformed value is named in one
 * message so that a school's IT can fix them all in a single pass.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  BOT_ID: z.string().trim().optional(),
  BOT_PASSWORD: z.string().optional(),
  BOT_TENANT_ID: z.string().trim().optional(),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// (or postgresql://) URL')
    .optional(),
  DATA_DIR: z.string().default('.data'),
  SEED_DEMO_SCHOOL: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  JOBS_POLL_MS: z.coerce.number().int().min(10).default(1000),
  PUBLIC_URL: z.string().trim().url("PUBLIC_URL must be the bot's public https:// address").optional(),
  // Read by store/report-crypto.ts (loadReportKeys), which checks their form.
  REPORTS_KEY: z.string().trim().optional(),
  REPORTS_KEY_ID: z.string().trim().optional(),
  REPORTS_OLD_KEYS: z.string().trim().optional(),
  // Microsoft Graph (issue 6 §8: Teams meeting attendance reports); a national cloud has its own.
  GRAPH_BASE_URL: z
    .string()
    .trim()
    .url('GRAPH_BASE_URL must be a URL such as https://graph.microsoft.com/v1.0')
    .default('https://graph.microsoft.com/v1.0'),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** No Bot Framework authentication: only for the local playground and tests. */
  localMode: boolean;
  bot: { appId: string; appPassword: string; tenantId: string | undefined; appType: string } | undefined;
  database: { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string };
  dataDir: string;
  seedDemoSchool: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  outboxPollMs: number;
  /** How often scheduled work (escalations, lesson posts, reminders) is looked for. */
  jobsPollMs: number;
  /**
   * The bot's address as people's browsers reach it (the case export links, issue 5 §10). Unset in
   * local mode means the bot's own address; unset otherwise means exports are not offered.
   */
  publicUrl: string | undefined;
  /** The report encryption settings, for loadReportKeys. */
  reportKeys: Record<string, string | undefined>;
  /**
   * Microsoft Graph with the bot's own app registration (its id and secret), for Teams meeting
   * attendance reports. Undefined in local mode or with a managed identity: not connected.
   */
  graph?: { baseUrl: string; appId: string; appPassword: string; tenantId: string | undefined } | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (as env templates leave them) means "not set", never port 0 or an empty URL.
  const given = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()),
  );
  const parsed = EnvSchema.safeParse(given);
  // Every problem in one pass: the value checks and the credential rules together.
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...credentialProblems(given),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const botId = e.BOT_ID || undefined;

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    localMode: !botId,
    bot: botId
      ? { appId: botId, appPassword: e.BOT_PASSWORD ?? '', tenantId: e.BOT_TENANT_ID, appType: e.BOT_TYPE }
      : undefined,
    database: e.DATABASE_URL
      ? { kind: 'server', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir: path.join(dataDir, 'db') },
    dataDir,
    seedDemoSchool:
      e.SEED_DEMO_SCHOOL === 'yes' ||
      (e.SEED_DEMO_SCHOOL === 'auto' && !e.DATABASE_URL && e.NODE_ENV !== 'production'),
    logLevel: e.LOG_LEVEL,
    outboxPollMs: e.OUTBOX_POLL_MS,
    jobsPollMs: e.JOBS_POLL_MS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    graph:
      botId && e.BOT_PASSWORD && e.BOT_TYPE !== 'UserAssignedMSI'
        ? {
            baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ''),
            appId: botId,
            appPassword: e.BOT_PASSWORD,
            tenantId: e.BOT_TENANT_ID,
          }
        : undefined,
    reportKeys: {
      NODE_ENV: e.NODE_ENV,
      REPORTS_KEY: e.REPORTS_KEY,
      REPORTS_KEY_ID: e.REPORTS_KEY_ID,
      REPORTS_OLD_KEYS: e.REPORTS_OLD_KEYS,
    },
  };
}

function credentialProblems(given: Record<string, string>): string[] {
  const problems: string[] = [];
  const botId = given.BOT_ID?.trim();
  const botType = given.BOT_TYPE ?? 'MultiTenant';
  // With an empty app id botbuilder accepts any request, even with a forged token, so production
  // must never run without credentials.
  if (given.NODE_ENV === 'production' && !botId) {
    problems.push('BOT_ID is required when NODE_ENV=production (the Azure Bot app id).');
  }
  if (botId && botType !== 'UserAssignedMSI' && !given.BOT_PASSWORD) {
    problems.push('BOT_PASSWORD is required when BOT_ID is set (the client secret of the bot registration).');
  }
  // Pupils' words are never stored under a key nobody chose to keep (store/report-crypto.ts).
  if (given.NODE_ENV === 'production' && !given.REPORTS_KEY?.trim()) {
    problems.push(
      'REPORTS_KEY is required when NODE_ENV=production: 32 random bytes in base64 (openssl rand -base64 32), kept outside the database.',
    );
  }
  if (botId && botType === 'SingleTenant' && !given.BOT_TENANT_ID) {
    problems.push('BOT_TENANT_ID is required when BOT_TYPE=SingleTenant.');
  }
  return problems;
}
