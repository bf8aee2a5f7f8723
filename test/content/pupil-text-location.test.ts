import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';

/**
 * STYLE.md: every text a pupil can see lives in `cards/` or `lessons/`, where it is reviewed as
 * words (and checked for reading age), never in code. This finds sentences written into the code
 * that speaks to people in Teams: the app, its routes and presenters, and the outbox. (Messages
 * for lesson authors, admins and operators, such as validation errors, are not for pupils.)
 */
const FOLDERS = [
  'src/teams/routes',
  'src/teams/presenters',
  'src/teams/app.ts',
  'src/teams/outbox-sender.ts',
  'src/teams/connector-client.ts',
  'src/teams/turn-info.ts',
];
// Words joined by spaces, five or more, with at least one lower-case letter: a sentence, not an
// identifier, a verb like 'help.show' or a regular expression.
const SENTENCE = /(['"`])((?:(?!\1)[^\\\n]|\\.)*?)\1/g;

function sentencesIn(file: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((source, i) => {
      const code = source.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
      // Developer-facing: thrown for the log and the operator, never shown to a person.
      if (/throw new (Error|DomainError)\(|new Error\(|\.(debug|info|warn|error)\(/.test(code)) return;
      for (const match of code.matchAll(SENTENCE)) {
        const text = match[2] ?? '';
        const words = text.split(/\s+/).filter((w) => /^[A-Za-z'’,.!?]+$/.test(w));
        if (words.length >= 5 && /[a-z]/.test(text) && !text.includes('${'))
          found.push({ line: i + 1, text });
      }
    });
  return found;
}

function tsFiles(dir: string): string[] {
  if (dir.endsWith('.ts')) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('words people read live in cards/ and lessons/', () => {
  it('finds no sentences written into the code that talks to people', () => {
    const offenders = FOLDERS.flatMap((folder) =>
      tsFiles(path.join(ROOT_DIR, folder)).flatMap((file) =>
        sentencesIn(file).map((s) => `${path.relative(ROOT_DIR, file)}:${s.line}: ${s.text}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('would catch one (the check is not vacuous)', () => {
    const probe = path.join(ROOT_DIR, 'tmp-probe-pupil-text.ts');
    fs.writeFileSync(probe, "await context.sendActivity('Please tell a grown up you trust today.');\n");
    try {
      expect(sentencesIn(probe)).toHaveLength(1);
    } finally {
      fs.rmSync(probe);
    }
  });
});
