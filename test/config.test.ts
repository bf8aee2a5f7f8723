import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** The problems a ConfigError lists, or a failure naming what loaded instead. */
function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    const config = loadConfig(env);
    throw new Error(`expected a ConfigError, but the config loaded: ${JSON.stringify(config)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

const BOT = { BOT_ID: '00000000-0000-0000-0000-00000000b07', BOT_PASSWORD: 'client-secret' };
/** A production start also needs the key that seals report text. */
const REPORTS_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

describe('loadConfig defaults', () => {
  it('runs locally with no credentials, an embedded database under DATA_DIR/db and the demo school', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      env: 'development',
      port: 3978,
      host: '0.0.0.0',
      localMode: true,
      bot: undefined,
      database: { kind: 'embedded', dataDir: path.join(path.resolve('.data'), 'db') },
      dataDir: path.resolve('.data'),
      seedDemoSchool: true,
      logLevel: 'info',
      outboxPollMs: 500,
      jobsPollMs: 1000,
      reportKeys: {
        NODE_ENV: 'development',
        REPORTS_KEY: undefined,
        REPORTS_KEY_ID: undefined,
        REPORTS_OLD_KEYS: undefined,
      },
    });
  });

  it('puts the embedded database under the DATA_DIR given, made absolute', () => {
    expect(loadConfig({ DATA_DIR: '/srv/osb' }).database).toEqual({
      kind: 'embedded',
      dataDir: '/srv/osb/db',
    });
    const relative = loadConfig({ DATA_DIR: 'var/data' });
    expect(path.isAbsolute(relative.dataDir)).toBe(true);
    expect(relative.database).toEqual({ kind: 'embedded', dataDir: path.resolve('var/data', 'db') });
  });

  it('reads the port, host, log level and outbox poll interval', () => {
    const config = loadConfig({ PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'debug', OUTBOX_POLL_MS: '250' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'debug', outboxPollMs: 250 });
  });
});

describe('loadConfig bot credentials', () => {
  it('refuses production without BOT_ID, naming BOT_ID', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const problems = problemsFor({ NODE_ENV: 'production', REPORTS_KEY });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BOT_ID is required when NODE_ENV=production/);
  });

  it('treats a BOT_ID of spaces as missing', () => {
    expect(problemsFor({ NODE_ENV: 'production', BOT_ID: '   ', REPORTS_KEY })[0]).toContain('BOT_ID');
    expect(loadConfig({ BOT_ID: '   ' }).localMode).toBe(true);
  });

  it('runs in production with an id and a password, and then seeds no demo school', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...BOT, REPORTS_KEY });
    expect(config).toMatchObject({
      env: 'production',
      localMode: false,
      bot: {
        appId: BOT.BOT_ID,
        appPassword: 'client-secret',
        tenantId: undefined,
        appType: 'MultiTenant',
      },
      seedDemoSchool: false,
    });
  });

  it('refuses a BOT_ID without BOT_PASSWORD, naming BOT_PASSWORD', () => {
    for (const env of [{ BOT_ID: BOT.BOT_ID }, { BOT_ID: BOT.BOT_ID, BOT_PASSWORD: '' }]) {
      const problems = problemsFor(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^BOT_PASSWORD is required when BOT_ID is set/);
    }
  });

  it('refuses SingleTenant without BOT_TENANT_ID, naming BOT_TENANT_ID', () => {
    const problems = problemsFor({ ...BOT, BOT_TYPE: 'SingleTenant' });
    expect(problems).toEqual(['BOT_TENANT_ID is required when BOT_TYPE=SingleTenant.']);
    expect(problemsFor({ ...BOT, BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: '  ' })).toEqual(problems);
  });

  it('accepts SingleTenant with a tenant id', () => {
    const config = loadConfig({ ...BOT, BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: 'tenant-1' });
    expect(config.bot).toEqual({
      appId: BOT.BOT_ID,
      appPassword: 'client-secret',
      tenantId: 'tenant-1',
      appType: 'SingleTenant',
    });
  });

  it('needs no password for a user-assigned managed identity', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      BOT_ID: BOT.BOT_ID,
      BOT_TYPE: 'UserAssignedMSI',
      REPORTS_KEY,
    });
    expect(config.bot).toEqual({
      appId: BOT.BOT_ID,
      appPassword: '',
      tenantId: undefined,
      appType: 'UserAssignedMSI',
    });
    expect(config.localMode).toBe(false);
  });

  it('names every credential problem in one error', () => {
    const error = (() => {
      try {
        loadConfig({ BOT_ID: BOT.BOT_ID, BOT_TYPE: 'SingleTenant' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message, name } = error as ConfigError;
    expect(name).toBe('ConfigError');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('BOT_PASSWORD');
    expect(problems[1]).toContain('BOT_TENANT_ID');
    expect(message).toBe(`Configuration is not valid:\n  - ${problems[0]}\n  - ${problems[1]}`);
  });
});

describe('loadConfig database', () => {
  const DATABASE_URL = 'postgres://osb:secret@db.example.org:5432/osb';

  it('uses the PostgreSQL server in DATABASE_URL, and then seeds no demo school', () => {
    const config = loadConfig({ DATABASE_URL });
    expect(config.database).toEqual({ kind: 'server', url: DATABASE_URL });
    expect(config.seedDemoSchool).toBe(false);
  });

  it('seeds the demo school anyway when SEED_DEMO_SCHOOL=yes, and never when no', () => {
    expect(loadConfig({ DATABASE_URL, SEED_DEMO_SCHOOL: 'yes' }).seedDemoSchool).toBe(true);
    expect(loadConfig({ SEED_DEMO_SCHOOL: 'no' }).seedDemoSchool).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', ...BOT, REPORTS_KEY, SEED_DEMO_SCHOOL: 'yes' }).seedDemoSchool,
    ).toBe(true);
  });

  it('refuses a DATABASE_URL that is not a URL, naming DATABASE_URL', () => {
    const message = 'DATABASE_URL: DATABASE_URL must be a postgres:// (or postgresql://) URL';
    expect(problemsFor({ DATABASE_URL: 'the osb database' })).toEqual([message]);
    expect(problemsFor({ DATABASE_URL: 'http://db.example.org' })).toEqual([message]);
    expect(problemsFor({ DATABASE_URL: 'db.example.org:5432' })).toEqual([message]);
  });

  it('treats empty values as not set, as env templates leave them', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: ' ', BOT_ID: '' });
    expect(config.port).toBe(3978);
    expect(config.database.kind).toBe('embedded');
    expect(config.localMode).toBe(true);
  });

  it('names every problem in one pass, values and credentials together', () => {
    expect(problemsFor({ NODE_ENV: 'production', PORT: 'abc' })).toEqual([
      expect.stringContaining('PORT'),
      expect.stringContaining('BOT_ID is required'),
      expect.stringContaining('REPORTS_KEY is required'),
    ]);
  });

  it('refuses production without REPORTS_KEY, saying how to make one', () => {
    expect(problemsFor({ NODE_ENV: 'production', ...BOT })).toEqual([
      expect.stringMatching(/^REPORTS_KEY is required when NODE_ENV=production.*openssl rand -base64 32/),
    ]);
  });
});

describe('loadConfig malformed values', () => {
  it.each(['abc', '70000', '-1', '80.5'])('names PORT when it is "%s"', (PORT) => {
    const problems = problemsFor({ PORT });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: /);
  });

  it.each([
    ['NODE_ENV', 'prod'],
    ['BOT_TYPE', 'Multitenant'],
    ['SEED_DEMO_SCHOOL', 'true'],
    ['LOG_LEVEL', 'verbose'],
    ['OUTBOX_POLL_MS', '5'],
  ])('names %s when it is "%s"', (name, value) => {
    const problems = problemsFor({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('names every malformed value in one error', () => {
    const problems = problemsFor({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });
});
