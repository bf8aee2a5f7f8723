import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOCAL_KEY_FILE,
  loadReportKeys,
  ReportCrypto,
  ReportKeyError,
} from '../../src/store/report-crypto.js';

const key = () => randomBytes(32);
const b64 = (b: Buffer) => b.toString('base64');
const WORDS = 'Someone in Year 9 keeps messaging me on Snapchat and asked me to send a photo';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osb-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('report crypto', () => {
  it('round-trips text, including non-ASCII, with a fresh IV each time', () => {
    const crypto = new ReportCrypto({ id: 'k1', key: key() });
    const a = crypto.encrypt(WORDS);
    const b = crypto.encrypt(WORDS);
    expect(a.keyId).toBe('k1');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain('Snapchat');
    expect(crypto.decrypt(a)).toBe(WORDS);
    expect(crypto.decrypt(crypto.encrypt('Ffion 😢 — ça va'))).toBe('Ffion 😢 — ça va');
    expect(crypto.decrypt(crypto.encrypt(''))).toBe('');
  });

  it('refuses a changed ciphertext, a wrong context, or another key under the same id, without echoing text', () => {
    const crypto = new ReportCrypto({ id: 'k1', key: key() });
    const sealed = crypto.encrypt(WORDS, 'report:1:what');
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    const tampered = { ...sealed, ciphertext: raw.toString('base64') };
    for (const attempt of [
      () => crypto.decrypt(tampered, 'report:1:what'),
      () => crypto.decrypt(sealed, 'report:2:what'),
      () => new ReportCrypto({ id: 'k1', key: key() }).decrypt(sealed, 'report:1:what'),
      () => crypto.decrypt({ keyId: 'k1', ciphertext: 'AAAA' }),
    ]) {
      const error = thrownBy(attempt);
      expect(error).toBeInstanceOf(ReportKeyError);
      expect(error.message).not.toContain('Snapchat');
    }
    expect(crypto.decrypt(sealed, 'report:1:what')).toBe(WORDS);
  });

  it('opens text sealed under an older key after rotation, and seals only with the current key', () => {
    const k0 = key();
    const k1 = key();
    const before = loadReportKeys({
      env: { REPORTS_KEY: b64(k0), REPORTS_KEY_ID: 'k0' },
      dataDir: tempDir(),
      localMode: false,
    }).crypto;
    const old = before.encrypt(WORDS, 'ctx');
    const after = loadReportKeys({
      env: { REPORTS_KEY: b64(k1), REPORTS_KEY_ID: 'k1', REPORTS_OLD_KEYS: `k0:${b64(k0)}` },
      dataDir: tempDir(),
      localMode: false,
    }).crypto;
    expect(after.decrypt(old, 'ctx')).toBe(WORDS);
    expect(after.encrypt('new').keyId).toBe('k1');
    expect(after.currentKeyId).toBe('k1');

    // Without the old key, the message names the missing key id and nothing else.
    const forgotten = new ReportCrypto({ id: 'k1', key: k1 });
    expect(thrownBy(() => forgotten.decrypt(old, 'ctx')).message).toMatch(/"k0".*not configured/);
  });

  it('defaults the key id to k1', () => {
    const loaded = loadReportKeys({ env: { REPORTS_KEY: b64(key()) }, dataDir: tempDir(), localMode: false });
    expect(loaded.crypto.currentKeyId).toBe('k1');
    expect(loaded.warning).toBeUndefined();
  });

  it('refuses keys of the wrong size or encoding, naming the setting but never the value', () => {
    const short = b64(randomBytes(16));
    const cases: Record<string, string | undefined>[] = [
      { REPORTS_KEY: short },
      { REPORTS_KEY: b64(randomBytes(33)) },
      { REPORTS_KEY: 'not base64 at all!' },
      { REPORTS_KEY: b64(key()), REPORTS_OLD_KEYS: `k0:${short}` },
      { REPORTS_KEY: b64(key()), REPORTS_OLD_KEYS: short },
      { REPORTS_KEY: b64(key()), REPORTS_KEY_ID: 'k 1' },
      { REPORTS_KEY: b64(key()), REPORTS_KEY_ID: 'k0', REPORTS_OLD_KEYS: `k0:${b64(key())}` },
    ];
    for (const env of cases) {
      for (const localMode of [false, true]) {
        const error = thrownBy(() => loadReportKeys({ env, dataDir: tempDir(), localMode }));
        expect(error).toBeInstanceOf(ReportKeyError);
        expect(error.message).toMatch(/REPORTS_|key id/);
        expect(error.message).not.toContain(short);
        expect(error.message).not.toContain(env.REPORTS_KEY!);
      }
    }
    expect(() => new ReportCrypto({ id: 'k1', key: randomBytes(24) })).toThrow(/32 bytes/);
  });

  it('refuses to start without a key outside local mode, or in production', () => {
    const dataDir = tempDir();
    expect(() => loadReportKeys({ env: {}, dataDir, localMode: false })).toThrow(/REPORTS_KEY is required/);
    expect(() => loadReportKeys({ env: { NODE_ENV: 'production' }, dataDir, localMode: true })).toThrow(
      /REPORTS_KEY is required/,
    );
    expect(fs.existsSync(path.join(dataDir, LOCAL_KEY_FILE))).toBe(false);
  });

  it('in local mode generates a key file readable by its owner only, warns, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadReportKeys({ env: {}, dataDir, localMode: true });
    const file = path.join(dataDir, LOCAL_KEY_FILE);
    expect(first.warning).toContain(file);
    expect(first.warning).toContain('REPORTS_KEY');
    const contents = fs.readFileSync(file, 'utf8').trim();
    expect(Buffer.from(contents, 'base64')).toHaveLength(32);
    expect(first.warning).not.toContain(contents);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const sealed = first.crypto.encrypt(WORDS);
    const second = loadReportKeys({ env: {}, dataDir, localMode: true });
    expect(second.crypto.decrypt(sealed)).toBe(WORDS);
    expect(second.warning).toContain('read from');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(contents);

    // A key file someone loosened is tightened again; a damaged one stops start-up.
    if (process.platform !== 'win32') {
      fs.chmodSync(file, 0o644);
      loadReportKeys({ env: {}, dataDir, localMode: true });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    fs.writeFileSync(file, 'short');
    expect(() => loadReportKeys({ env: {}, dataDir, localMode: true })).toThrow(ReportKeyError);
  });

  it('prefers a configured key over the local file in local mode', () => {
    const dataDir = tempDir();
    const loaded = loadReportKeys({ env: { REPORTS_KEY: b64(key()) }, dataDir, localMode: true });
    expect(loaded.crypto.currentKeyId).toBe('k1');
    expect(fs.existsSync(path.join(dataDir, LOCAL_KEY_FILE))).toBe(false);
  });
});
