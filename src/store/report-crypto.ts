import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for what pupils and staff write in a report (issue 5 §11): AES-256-GCM under
 * a key held outside the database, so that a copy of the database files or a backup reveals no
 * pupil's words. Each value records the id of the key that sealed it, so keys can rotate: the
 * current key seals, older keys still open what they sealed.
 *
 * Error messages name key ids and lengths at most: never a key, never the text.
 */

/** A sealed text as stored: `ciphertext` is base64 of iv | tag | data. */
export type SealedText = { keyId: string; ciphertext: string };

const KEY_BYTES = 32;
/** NIST SP 800-38D: a 96-bit random IV per message. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_.-]{1,40}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const LOCAL_KEY_FILE = 'reports.key';
export const LOCAL_KEY_ID = 'local';

export class ReportKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportKeyError';
  }
}

type Key = { id: string; key: Buffer };

export class ReportCrypto {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly current: Key,
    older: readonly Key[] = [],
  ) {
    for (const k of [current, ...older]) {
      if (!KEY_ID.test(k.id))
        throw new ReportKeyError(`Report key id "${k.id}" is not valid (letters, digits, . _ -)`);
      if (k.key.length !== KEY_BYTES)
        throw new ReportKeyError(`Report key "${k.id}" must be ${KEY_BYTES} bytes, not ${k.key.length}`);
      if (this.keys.has(k.id)) throw new ReportKeyError(`Report key id "${k.id}" is given twice`);
      this.keys.set(k.id, Buffer.from(k.key));
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /**
   * `context` is bound in as additional authenticated data (say, the report id and field), so a
   * sealed text moved to another report or column fails to open instead of telling the wrong story.
   */
  encrypt(plaintext: string, context = ''): SealedText {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return { keyId: this.current.id, ciphertext: Buffer.concat([iv, tag, data]).toString('base64') };
  }

  decrypt(sealed: SealedText, context = ''): string {
    const key = this.keys.get(sealed.keyId);
    if (!key)
      throw new ReportKeyError(
        `Report text is sealed with key "${sealed.keyId}", which is not configured (add it to REPORTS_OLD_KEYS)`,
      );
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new ReportKeyError('Report text is damaged (too short)');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // GCM's authentication failed: changed, moved or sealed under another key with the same id.
      throw new ReportKeyError(`Report text sealed with key "${sealed.keyId}" failed authentication`);
    }
  }
}

function decodeKey(name: string, value: string): Buffer {
  const text = value.trim();
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new ReportKeyError(
      `${name} must be ${KEY_BYTES} random bytes in base64 (for example the output of \`openssl rand -base64 32\`)`,
    );
  }
  return bytes;
}

function parseOldKeys(value: string | undefined): Key[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry, index) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon).trim() : '';
      if (!KEY_ID.test(id))
        throw new ReportKeyError(
          `REPORTS_OLD_KEYS entry ${index + 1} must look like "<key id>:<base64 key>"`,
        );
      return { id, key: decodeKey(`REPORTS_OLD_KEYS key "${id}"`, entry.slice(colon + 1)) };
    });
}

/** Reads the local key file, or makes it (readable by this user only) if there is none. */
function localKey(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dataDir, LOCAL_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: two processes starting together cannot both make a key; the second reads the first's.
    const key = randomBytes(KEY_BYTES);
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return { key: decodeKey(file, fs.readFileSync(file, 'utf8')), file, created: false };
}

export type LoadedReportKeys = {
  crypto: ReportCrypto;
  /** For the caller to log at start-up (the key file's path, never the key). */
  warning: string | undefined;
};

/**
 * The keys report text is sealed with. `REPORTS_KEY` (base64, 32 bytes) with `REPORTS_KEY_ID`
 * (default `k1`) seals; `REPORTS_OLD_KEYS="k0:<base64>,..."` only opens. Without a configured key,
 * local mode generates one into `<dataDir>/reports.key` and says so; anywhere else start-up stops,
 * as pupils' words must never be stored under a key nobody chose to keep.
 */
export function loadReportKeys(props: {
  env: Record<string, string | undefined>;
  dataDir: string;
  localMode: boolean;
}): LoadedReportKeys {
  const { env } = props;
  const older = parseOldKeys(env.REPORTS_OLD_KEYS);
  const configured = env.REPORTS_KEY?.trim();
  if (configured) {
    const id = env.REPORTS_KEY_ID?.trim() || 'k1';
    const key = decodeKey('REPORTS_KEY', configured);
    return { crypto: new ReportCrypto({ id, key }, older), warning: undefined };
  }
  if (!props.localMode || env.NODE_ENV === 'production') {
    throw new ReportKeyError(
      'REPORTS_KEY is required outside local mode: 32 random bytes in base64 (`openssl rand -base64 32`), ' +
        'kept outside the database. Report text cannot be stored without it.',
    );
  }
  const local = localKey(props.dataDir);
  const warning =
    `REPORTS_KEY is not set: report text is encrypted with a key ${local.created ? 'generated into' : 'read from'} ` +
    `${local.file}. Keep that file, and keep it apart from database backups; set REPORTS_KEY before real use ` +
    `(then list this key in REPORTS_OLD_KEYS as "${LOCAL_KEY_ID}:<its contents>" to read what it sealed).`;
  return { crypto: new ReportCrypto({ id: LOCAL_KEY_ID, key: local.key }, older), warning };
}
