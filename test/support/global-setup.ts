import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/paths.js';
import { makeSnapshot, snapshotPath } from './snapshot.js';

/** Runs once before all test files: makes the migrated database snapshot they start from. */
export default async function setup(): Promise<void> {
  const dir = path.join(ROOT_DIR, 'src/store/migrations');
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  process.env.OSB_SNAPSHOT_TAG = hash.digest('hex').slice(0, 16);
  const file = snapshotPath();
  if (!fs.existsSync(file)) await makeSnapshot(file);
}
