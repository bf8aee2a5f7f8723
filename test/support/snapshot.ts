import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openStore } from '../../src/store/database.js';

/**
 * A migrated empty database, dumped once per test run: a fresh PGlite takes seconds to create and
 * migrate, loading a dump a fraction of that. The file name carries the migrations' content, so a
 * changed migration makes a new snapshot.
 */
export function snapshotPath(): string {
  return path.join(os.tmpdir(), `online-safety-bot-snapshot-${process.env.OSB_SNAPSHOT_TAG ?? 'dev'}.tar.gz`);
}

export async function makeSnapshot(file: string): Promise<void> {
  const store = await openStore({ kind: 'memory' });
  try {
    await migrateToLatest(store.db);
    const dump = await store.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${file}.tmp`, file);
  } finally {
    await store.close();
  }
}

export function loadSnapshot(): Blob {
  const file = snapshotPath();
  if (!fs.existsSync(file))
    throw new Error(`No database snapshot at ${file}: run the tests through vitest (globalSetup makes it)`);
  return new Blob([fs.readFileSync(file)]);
}
