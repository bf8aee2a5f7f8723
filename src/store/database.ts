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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'server', pglite: undefined, close: () => db.destroy() };
  }
  let pglite: PGlite;
  if (target.kind === 'embedded') {
    await fs.mkdir(path.dirname(target.dataDir), { recursive: true });
    pglite = await PGlite.create(target.dataDir, { parsers: pgliteParsers });
  } else {
    pglite = await PGlite.create({
      parsers: pgliteParsers,
      ...(target.snapshot ? { loadDataDir: target.snapshot } : {}),
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: target.kind, pglite, close: () => db.destroy() };
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
