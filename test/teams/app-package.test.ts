import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng, renderColorIcon, renderOutlineIcon } from '../../scripts/make-icons.js';
import { ROOT_DIR } from '../../src/paths.js';
import {
  APP_PACKAGE_DIR,
  buildManifest,
  checkIcons,
  decodePng,
  fillPlaceholders,
  findPlaceholders,
  LOCAL_DEMO_VALUES,
  packageApp,
  readPngHeader,
  readZip,
  TEAMS_MANIFEST_SCHEMA_PATH,
  TEAMS_MANIFEST_VERSION,
  validateManifest,
} from '../../src/teams/app-package.js';

type Manifest = Record<string, unknown> & {
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: CommandList[] }[];
};
type CommandList = { scopes: string[]; commands: { title: string; description: string }[] };

const template = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
const manifest = buildManifest(template, LOCAL_DEMO_VALUES) as Manifest;
const colorPng = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'color.png'));
const outlinePng = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'));

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('appPackage/manifest.json', () => {
  it('takes ids, the bot domain and the school pages from toolkit placeholders', () => {
    expect(findPlaceholders(template).sort()).toEqual(
      [
        'BOT_DOMAIN',
        'BOT_ID',
        'PRIVACY_NOTICE_URL',
        'SCHOOL_WEBSITE_URL',
        'TEAMS_APP_ID',
        'TERMS_OF_USE_URL',
      ].sort(),
    );
    expect(manifest.id).toBe(LOCAL_DEMO_VALUES.TEAMS_APP_ID);
    expect(manifest.bots[0]?.botId).toBe(LOCAL_DEMO_VALUES.BOT_ID);
    expect(manifest.validDomains).toEqual(['localhost']);
  });

  it(`validates against the vendored Teams manifest schema ${TEAMS_MANIFEST_VERSION} once filled`, () => {
    expect(validateManifest(manifest)).toEqual({ valid: true, errors: [] });
  });

  it('names the schema version it is validated against', () => {
    const schema = JSON.parse(fs.readFileSync(TEAMS_MANIFEST_SCHEMA_PATH, 'utf8'));
    expect(schema.properties.manifestVersion.const).toBe(TEAMS_MANIFEST_VERSION);
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(manifest.manifestVersion).toBe(TEAMS_MANIFEST_VERSION);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    );
  });

  it.each([
    [
      'an unknown bot scope',
      (m: Manifest) => (m.bots[0] as { scopes: string[] }).scopes.push('classroom'),
      '/bots/0/scopes',
    ],
    [
      'a bot id that is not a GUID',
      (m: Manifest) => Object.assign(m.bots[0] as object, { botId: 'my-bot' }),
      '/bots/0/botId',
    ],
    [
      'a short name over 30 characters',
      (m: Manifest) => Object.assign(m, { name: { short: 'x'.repeat(31) } }),
      '/name/short',
    ],
    [
      'no privacy URL',
      (m: Manifest) => delete (m.developer as Record<string, unknown>).privacyUrl,
      'privacyUrl',
    ],
    [
      'an accent colour that is not #RRGGBB',
      (m: Manifest) => Object.assign(m, { accentColor: 'teal' }),
      '/accentColor',
    ],
  ])('fails validation with %s, as Teams would', (_, spoil, where) => {
    const copy = structuredClone(manifest);
    spoil(copy);
    const result = validateManifest(copy);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(where);
  });

  it('is a bot in personal chat, class teams and group chats, without files', () => {
    const bot = manifest.bots[0];
    expect([...(bot?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot?.supportsFiles).toBe(false);
    expect(bot?.commandLists.flatMap((list) => list.scopes).sort()).toEqual([
      'groupChat',
      'personal',
      'team',
    ]);
  });

  // Safeguarding: a pupil is never invited to report a worry where classmates can read it.
  it('never offers "report" where classmates can read it', () => {
    const shared =
      manifest.bots[0]?.commandLists.filter((list) => list.scopes.some((s) => s !== 'personal')) ?? [];
    expect(shared.length).toBeGreaterThan(0);
    for (const list of shared) expect(list.commands.map((c) => c.title)).not.toContain('report');
  });

  // Each personal command is answered by its feature: test/e2e/manifest-commands.test.ts says each one.
  it('offers hello and help everywhere and the features in the personal chat, within Teams’ 10 a list', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(list.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['hello', 'help']));
    }
    const shared = lists.filter((l) => !l.scopes.includes('personal')).flatMap((l) => l.commands);
    expect(shared.map((c) => c.title).sort()).toEqual(['hello', 'help']);
  });
});

describe('placeholders', () => {
  it('refuses to fill when a variable is missing or empty, naming each one', () => {
    const values = { ...LOCAL_DEMO_VALUES, BOT_ID: '', BOT_DOMAIN: undefined };
    expect(() => fillPlaceholders(template, values)).toThrow(/BOT_ID[\s\S]*BOT_DOMAIN/);
    expect(() => fillPlaceholders(template, {})).toThrow(/TEAMS_APP_ID/);
  });

  it('fills values as JSON string content, so a quote cannot break the manifest', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the toolkit's placeholder syntax, not a template literal
    const filled = fillPlaceholders('{"name": "${{ NAME }}", "id": "${{ID}}"}', {
      NAME: 'St "Mary\'s" \\ Primary',
      ID: '1',
    });
    expect(JSON.parse(filled)).toEqual({ name: 'St "Mary\'s" \\ Primary', id: '1' });
  });
});

describe('icons', () => {
  it('are 192x192 (colour) and 32x32 (outline) PNGs', () => {
    expect(readPngHeader(colorPng)).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(outlinePng)).toMatchObject({ width: 32, height: 32 });
  });

  it('outline.png has only white or transparent pixels, and draws something', () => {
    const { rgba } = decodePng(outlinePng);
    const visible: number[] = [];
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] === 0) continue;
      visible.push(i / 4);
      expect([rgba[i], rgba[i + 1], rgba[i + 2]], `pixel ${i / 4}`).toEqual([255, 255, 255]);
    }
    expect(visible.length).toBeGreaterThan(60);
    expect(visible.length).toBeLessThan(32 * 32 - 200);
    expect(checkIcons(colorPng, outlinePng)).toEqual([]);
  });

  it('color.png is opaque and in colour', () => {
    const { rgba } = decodePng(colorPng);
    const colours = new Set<string>();
    for (let i = 0; i < rgba.length; i += 4) {
      expect(rgba[i + 3]).toBe(255);
      colours.add(`${rgba[i]},${rgba[i + 1]},${rgba[i + 2]}`);
    }
    // The teal of the manifest's accentColor fills the corners.
    expect(colours.has('0,121,107')).toBe(true);
    expect(manifest.accentColor).toBe('#00796B');
  });

  it('are what scripts/make-icons.ts draws', () => {
    expect(decodePng(colorPng).rgba).toEqual(renderColorIcon().rgba);
    expect(decodePng(outlinePng).rgba).toEqual(renderOutlineIcon().rgba);
  });

  it('are refused when Teams would refuse them', () => {
    const tinted = renderOutlineIcon();
    for (let i = 0; i < tinted.rgba.length; i += 4)
      if ((tinted.rgba[i + 3] as number) > 0) tinted.rgba[i] = 0;
    expect(checkIcons(colorPng, encodePng(tinted)).join()).toMatch(/neither white nor transparent/);
    expect(checkIcons(outlinePng, colorPng).join()).toMatch(
      /colour icon is 32x32[\s\S]*outline icon is 192x192/,
    );
  });
});

describe('the app package zip', () => {
  const result = packageApp({ env: 'vitest', values: LOCAL_DEMO_VALUES, outDir: scratch });
  const zip = fs.readFileSync(result.zipPath);

  it('is appPackage.<env>.zip with manifest.json, color.png and outline.png at its root', () => {
    expect(path.basename(result.zipPath)).toBe('appPackage.vitest.zip');
    expect(readZip(zip).map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
  });

  it('holds the filled, valid manifest and the icons unchanged', () => {
    const files = new Map(readZip(zip).map((e) => [e.name, e.data]));
    const text = files.get('manifest.json')?.toString('utf8') ?? '';
    expect(text).not.toContain('${{');
    const zipped = JSON.parse(text);
    expect(zipped).toEqual(manifest);
    expect(validateManifest(zipped).valid).toBe(true);
    expect(files.get('color.png')?.equals(colorPng)).toBe(true);
    expect(files.get('outline.png')?.equals(outlinePng)).toBe(true);
  });

  it('is the same, byte for byte, when built twice', () => {
    const again = packageApp({ env: 'vitest-again', values: LOCAL_DEMO_VALUES, outDir: scratch });
    expect(fs.readFileSync(again.zipPath).equals(zip)).toBe(true);
  });

  const unzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
  it.skipIf(unzip.status !== 0)('opens with Info-ZIP unzip (an independent reader)', () => {
    const listing = spawnSync('unzip', ['-Z1', result.zipPath], { encoding: 'utf8' });
    expect(listing.stdout.trim().split('\n')).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(spawnSync('unzip', ['-tq', result.zipPath], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('npm run package (scripts/package-app.ts)', () => {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const placeholders = findPlaceholders(template);
  // The environment without any of the manifest's variables, whatever the machine has set.
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !placeholders.includes(key)),
  );
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [tsx, 'scripts/package-app.ts', ...args], {
      cwd: ROOT_DIR,
      env: cleanEnv,
      encoding: 'utf8',
    });

  it('refuses without values, naming the missing variables', () => {
    const result = run('--env', 'vitest-missing');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TEAMS_APP_ID');
    expect(result.stderr).toContain('BOT_ID');
    expect(result.stderr).toContain('--local');
    expect(fs.existsSync(path.join(APP_PACKAGE_DIR, 'build', 'appPackage.vitest-missing.zip'))).toBe(false);
  });

  it('builds with --local from demo values', () => {
    const zipPath = path.join(APP_PACKAGE_DIR, 'build', 'appPackage.vitest-local.zip');
    try {
      const result = run('--local', '--env', 'vitest-local');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('appPackage.vitest-local.zip');
      expect(readZip(fs.readFileSync(zipPath)).map((e) => e.name)).toEqual([
        'manifest.json',
        'color.png',
        'outline.png',
      ]);
    } finally {
      fs.rmSync(zipPath, { force: true });
    }
  });
});
