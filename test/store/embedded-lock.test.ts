import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, openStore } from '../../src/store/database.js';

describe('the embedded database folder', () => {
  it('is opened by one process at a time, says who has it, and is free again after close', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'osb-lock-')), 'db');
    const first = await openStore({ kind: 'embedded', dataDir });
    try {
      await expect(openStore({ kind: 'embedded', dataDir })).rejects.toThrow(DataDirInUseError);
      await expect(openStore({ kind: 'embedded', dataDir })).rejects.toThrow(
        `in use by process ${process.pid}`,
      );
    } finally {
      await first.close();
    }
    const again = await openStore({ kind: 'embedded', dataDir });
    await again.close();
  }, 60_000);

  it('takes over a lock left by a process that has died', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'osb-lock-')), 'db');
    // A pid far above Linux's default pid_max: no live process has it.
    fs.writeFileSync(`${dataDir}.lock`, '99999999');
    const store = await openStore({ kind: 'embedded', dataDir });
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  }, 60_000);
});
