import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ROOT_DIR } from '../paths.js';

/**
 * The Teams app package: `appPackage/manifest.json` with its `${{VAR}}` placeholders filled the
 * way the Microsoft 365 Agents Toolkit fills them, checked against the published manifest schema
 * (vendored, so it works offline), and zipped with its two icons at the root of the zip.
 *
 * Used by `scripts/package-app.ts` and the tests; the running bot never imports it.
 */

/** The manifest schema version `appPackage/manifest.json` is written against. */
export const TEAMS_MANIFEST_VERSION = '1.30';
export const APP_PACKAGE_DIR = path.join(ROOT_DIR, 'appPackage');
export const TEAMS_MANIFEST_SCHEMA_PATH = path.join(
  ROOT_DIR,
  'test',
  'fixtures',
  'schemas',
  `teams-manifest-${TEAMS_MANIFEST_VERSION}.schema.json`,
);

/**
 * Stand-in values for `--local`: enough for a package that validates and loads in the Agents
 * Playground, never for a real tenant. The ids are fixed so repeated builds are identical.
 */
export const LOCAL_DEMO_VALUES: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '5afe0000-0000-4000-8000-000000000001',
  BOT_ID: '5afe0000-0000-4000-8000-000000000002',
  BOT_DOMAIN: 'localhost',
  SCHOOL_WEBSITE_URL: 'https://www.example.org',
  PRIVACY_NOTICE_URL: 'https://www.example.org/privacy',
  TERMS_OF_USE_URL: 'https://www.example.org/terms',
};

// Teams: the colour icon is 192x192 and the outline icon 32x32, white on transparent.
export const ICON_SIZES = { color: 192, outline: 32 } as const;

export class AppPackageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'AppPackageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Placeholders

// The toolkit's syntax: ${{NAME}}, spaces inside the braces allowed.
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variable names a template uses, each once, in order of first use. */
export function findPlaceholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/**
 * Fills every `${{NAME}}` from `values`. An empty value counts as missing, as it would leave an
 * empty id or domain in the manifest. Refuses, naming every missing variable at once, rather than
 * producing a package Teams would reject later with a vaguer message.
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
  source = 'appPackage/manifest.json',
): string {
  const missing = findPlaceholders(template).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new AppPackageError(
      `${source} needs ${missing.length === 1 ? 'a value' : 'values'} for:`,
      missing.map((name) => `${name} (used as \${{${name}}}): set it in the environment or env/.env.<env>`),
    );
  }
  // Placeholders sit inside JSON strings, so a value is escaped as JSON string content.
  return template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]).slice(1, -1));
}

// ---------------------------------------------------------------------------------------------
// Schema validation

type Validator = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params: object }[] | null;
};
let manifestValidator: Validator | undefined;

function loadManifestValidator(): Validator {
  if (!manifestValidator) {
    const schema = JSON.parse(fs.readFileSync(TEAMS_MANIFEST_SCHEMA_PATH, 'utf8'));
    // The Teams schema declares draft-04. The toolkit validates with the same options
    // (@microsoft/app-manifest: ajv-draft-04, allErrors, strictTypes off, uri/email/regex formats).
    const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false, strictTuples: false });
    addFormats.default(ajv, ['uri', 'email', 'regex']);
    manifestValidator = ajv.compile(schema) as Validator;
  }
  return manifestValidator;
}

export type ValidationResult = { valid: boolean; errors: string[] };

/** Validates a manifest object against the vendored Teams manifest schema. */
export function validateManifest(manifest: unknown): ValidationResult {
  const errors: string[] = [];
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (version !== TEAMS_MANIFEST_VERSION) {
    errors.push(
      `manifestVersion is ${JSON.stringify(version)} but the vendored schema is ${TEAMS_MANIFEST_VERSION}; ` +
        'vendor the matching schema (test/fixtures/schemas/README.md) before changing it',
    );
  }
  const validate = loadManifestValidator();
  if (!validate(manifest)) {
    for (const e of validate.errors ?? []) {
      errors.push(`${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
    }
  }
  return { valid: errors.length === 0, errors };
}

/** Fills the manifest template and validates it; throws with every problem listed. */
export function buildManifest(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const filled = fillPlaceholders(template, values);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const result = validateManifest(manifest);
  if (!result.valid) {
    throw new AppPackageError(
      'appPackage/manifest.json does not match the Teams manifest schema:',
      result.errors,
    );
  }
  return manifest;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (ISO 3309, as used by PNG chunks and zip entries)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// PNG reading (enough to check icon sizes and outline colours; 8-bit, non-interlaced)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type PngHeader = {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
};
export type RgbaImage = { width: number; height: number; rgba: Uint8Array };

export function readPngHeader(png: Buffer): PngHeader {
  if (
    png.length < 33 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw new AppPackageError('Not a PNG file (no PNG signature and IHDR chunk).');
  }
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colorType: png.readUInt8(25),
    interlace: png.readUInt8(28),
  };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes a PNG to RGBA pixels: colour types 0, 2, 3, 4 and 6 at 8 bits, without interlacing. */
export function decodePng(png: Buffer): RgbaImage {
  const header = readPngHeader(png);
  const channels = CHANNELS[header.colorType];
  if (channels === undefined || header.bitDepth !== 8 || header.interlace !== 0) {
    throw new AppPackageError(
      `Unsupported PNG (colour type ${header.colorType}, ${header.bitDepth}-bit, interlace ${header.interlace}); ` +
        'save it as an 8-bit RGBA PNG without interlacing.',
    );
  }
  const idat: Buffer[] = [];
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) {
      throw new AppPackageError(`PNG chunk ${type} has a bad CRC.`);
    }
    if (type === 'IDAT') idat.push(body);
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const { width, height } = header;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new AppPackageError('PNG image data is truncated.');

  // Undo the per-row filters (PNG spec, section 9).
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[row + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[row - stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[row - stride + x - channels] as number) : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new AppPackageError(`PNG row ${y} has unknown filter ${filter}.`);
      pixels[row + x] = ((raw[src + x] as number) + predictor) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    let r: number;
    let g: number;
    let b: number;
    let alpha = 255;
    if (header.colorType === 3) {
      const index = pixels[p] as number;
      if (!palette || index * 3 + 2 >= palette.length)
        throw new AppPackageError('PNG palette index out of range.');
      r = palette[index * 3] as number;
      g = palette[index * 3 + 1] as number;
      b = palette[index * 3 + 2] as number;
      alpha = transparency && index < transparency.length ? (transparency[index] as number) : 255;
    } else if (header.colorType === 0 || header.colorType === 4) {
      r = g = b = pixels[p] as number;
      if (header.colorType === 4) alpha = pixels[p + 1] as number;
    } else {
      r = pixels[p] as number;
      g = pixels[p + 1] as number;
      b = pixels[p + 2] as number;
      if (header.colorType === 6) alpha = pixels[p + 3] as number;
    }
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { width, height, rgba };
}

/**
 * Problems Teams would reject the icons for: the colour icon 192x192, the outline icon 32x32 and
 * only white or fully transparent pixels (Teams: "the outline icon must be white with a
 * transparent background"; anti-aliased edges are white with partial transparency).
 */
export function checkIcons(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const c = readPngHeader(color);
  if (c.width !== ICON_SIZES.color || c.height !== ICON_SIZES.color) {
    problems.push(
      `colour icon is ${c.width}x${c.height}, Teams needs ${ICON_SIZES.color}x${ICON_SIZES.color}`,
    );
  }
  const o = decodePng(outline);
  if (o.width !== ICON_SIZES.outline || o.height !== ICON_SIZES.outline) {
    problems.push(
      `outline icon is ${o.width}x${o.height}, Teams needs ${ICON_SIZES.outline}x${ICON_SIZES.outline}`,
    );
  }
  let offending = 0;
  let visible = 0;
  for (let i = 0; i < o.rgba.length; i += 4) {
    if (o.rgba[i + 3] === 0) continue;
    visible++;
    if (o.rgba[i] !== 255 || o.rgba[i + 1] !== 255 || o.rgba[i + 2] !== 255) offending++;
  }
  if (offending > 0)
    problems.push(`outline icon has ${offending} pixels that are neither white nor transparent`);
  if (visible === 0) problems.push('outline icon is fully transparent');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Zip (PKWARE APPNOTE 6.3: local headers, central directory, end record; no zip64 needed)

export type ZipEntry = { name: string; data: Buffer };

// 1980-01-01 00:00, the earliest DOS date: a fixed time keeps the package byte-for-byte repeatable.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

export function createZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = zlib.deflateRawSync(entry.data, { level: 9 });
    // Store already-compressed data (PNG) when deflating would not make it smaller.
    const method = deflated.length < entry.data.length ? 8 : 0;
    const body = method === 8 ? deflated : entry.data;
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads a zip's entries through its central directory, checking each CRC. */
export function readZip(zip: Buffer): ZipEntry[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new AppPackageError('Not a zip file (no end of central directory record).');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new AppPackageError('Bad zip central directory entry.');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(localAt) !== 0x04034b50)
      throw new AppPackageError(`Bad zip local header for ${name}.`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const body = zip.subarray(dataAt, dataAt + compressedSize);
    const data = method === 8 ? zlib.inflateRawSync(body) : method === 0 ? Buffer.from(body) : undefined;
    if (!data) throw new AppPackageError(`Zip entry ${name} uses unsupported method ${method}.`);
    if (data.length !== size || crc32(data) !== crc)
      throw new AppPackageError(`Zip entry ${name} is corrupt.`);
    entries.push({ name, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The package

export type PackageOptions = {
  /** Values for the placeholders (environment variables, env file, demo values). */
  values: Readonly<Record<string, string | undefined>>;
  /** Names the output: appPackage.<env>.zip. */
  env: string;
  appPackageDir?: string;
  outDir?: string;
};

export type PackageResult = { zipPath: string; manifest: Record<string, unknown>; entries: string[] };

/**
 * Builds `appPackage/build/appPackage.<env>.zip`: the filled manifest and the two icons it names,
 * all at the root of the zip as Teams requires. Writes nothing unless everything is valid.
 */
export function packageApp(options: PackageOptions): PackageResult {
  const appPackageDir = options.appPackageDir ?? APP_PACKAGE_DIR;
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  if (!/^[A-Za-z0-9_-]+$/.test(options.env)) {
    throw new AppPackageError(
      `Environment name ${JSON.stringify(options.env)} must be letters, digits, - or _.`,
    );
  }
  const template = fs.readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const manifest = buildManifest(template, options.values);

  const icons = manifest.icons as { color: string; outline: string };
  for (const file of [icons.color, icons.outline]) {
    // Teams reads the icons from the root of the zip, next to manifest.json.
    if (path.basename(file) !== file) {
      throw new AppPackageError(
        `Icon ${JSON.stringify(file)} must be a file name in appPackage/, not a path.`,
      );
    }
  }
  const color = fs.readFileSync(path.join(appPackageDir, icons.color));
  const outline = fs.readFileSync(path.join(appPackageDir, icons.outline));
  const iconProblems = checkIcons(color, outline);
  if (iconProblems.length > 0)
    throw new AppPackageError('The app icons would be rejected by Teams:', iconProblems);

  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: icons.color, data: color },
    { name: icons.outline, data: outline },
  ];
  const zip = createZip(entries);
  // Read it back before writing: a package Teams cannot open should never leave this function.
  const names = readZip(zip).map((e) => e.name);

  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${options.env}.zip`);
  fs.writeFileSync(zipPath, zip);
  return { zipPath, manifest, entries: names };
}
