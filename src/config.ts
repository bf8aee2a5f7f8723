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
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('.data'),
  SEED_DEMO_SCHOOL: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
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
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const botId = e.BOT_ID || undefined;
  const production = e.NODE_ENV === 'production';

  // With an empty app id botbuilder accepts any request, even with a forged token, so production
  // must never run without credentials.
  if (production && !botId)
    problems.push('BOT_ID is required when NODE_ENV=production (the Azure Bot app id).');
  if (botId && e.BOT_TYPE !== 'UserAssignedMSI' && !e.BOT_PASSWORD) {
    problems.push('BOT_PASSWORD is required when BOT_ID is set (the client secret of the bot registration).');
  }
  if (botId && e.BOT_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) {
    problems.push('BOT_TENANT_ID is required when BOT_TYPE=SingleTenant.');
  }
  if (problems.length > 0) throw new ConfigError(problems);

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
      e.SEED_DEMO_SCHOOL === 'yes' || (e.SEED_DEMO_SCHOOL === 'auto' && !e.DATABASE_URL && !production),
    logLevel: e.LOG_LEVEL,
    outboxPollMs: e.OUTBOX_POLL_MS,
  };
}
