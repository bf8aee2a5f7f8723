import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type DatabaseTarget =
  | { kind: 'embedded'; dataDir: string }
  /** An embedded database held in memory, started from a migrated snapshot when given one. */
  | { kind: 'memory'; snapshot?: Blob | File }
  | { kind: 'server'; url: string };

export type Store = {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  /** The PGlite instance behind an embedded store (for snapshots); undefined for a server. */
  pglite: PGlite | undefined;
  close(): Promise<void>;
};

// PostgreSQL `date` is a calendar day; turning it into a JS Date at local midnight would move it
// across a time zone. Keep it as text, on both drivers.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
// bigserial ids stay strings on both drivers (JS numbers lose precision past 2^53).
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (v: string) => v);

const pgliteParsers = { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v };

export async function openStore(target: DatabaseTarget): Promise<Store> {
  if (target.kind === 'server') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server drops (a restart, a failover, an admin) must not crash the
    // bot: the pool replaces it on the next query. Without a listener Node treats it as fatal.
    pool.on('error', (error: Error & { code?: string }) => {
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', event: 'db.idle-connection-lost', code: error.code ?? 'unknown' })}\n`,
      );
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'server', pglite: undefined, close: () => db.destroy() };
  }
  let pglite: PGlite;
  let releaseLock = async () => {};
  if (target.kind === 'embedded') {
    await fs.mkdir(path.dirname(target.dataDir), { recursive: true });
    releaseLock = await lockDataDir(target.dataDir);
    try {
      pglite = await PGlite.create(target.dataDir, { parsers: pgliteParsers });
    } catch (error) {
      await releaseLock();
      throw error;
    }
  } else {
    pglite = await PGlite.create({
      parsers: pgliteParsers,
      ...(target.snapshot ? { loadDataDir: target.snapshot } : {}),
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: target.kind,
    pglite,
    close: async () => {
      await db.destroy();
      await releaseLock();
    },
  };
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. ` +
        'Stop that process first, or give this one its own DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file holding the owner's pid keeps a second start out; a lock left by a process that
 * has died is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await fs.readFile(lockFile, 'utf8').catch(() => '0'));
      if (owner && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Brings the schema up to date. Safe to call on every start; a failure stops the start. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
