import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';

/**
 * Every command the Teams app offers in the personal chat (appPackage/manifest.json) is answered by
 * its feature for the person it is for, never by the "didn't understand" catch-all.
 */

type Manifest = { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
const manifest = JSON.parse(
  fs.readFileSync(path.join(ROOT_DIR, 'appPackage', 'manifest.json'), 'utf8'),
) as Manifest;
const personal = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!.commands;

/** Who each command is for, as a demo person. */
const SAID_BY: Record<string, string> = {
  hello: 'pupil',
  help: 'pupil',
  'tell someone': 'pupil',
  'my reports': 'pupil',
  cases: 'dsl',
  plan: 'teacher',
  results: 'teacher',
  register: 'teacher',
  'my training': 'teacher',
  dashboard: 'head',
};

describe('the commands the Teams app offers', () => {
  let t: TestBot;
  let fallback: string;
  beforeAll(async () => {
    t = await startTestBot();
    fallback = t.bot.deps.cards.text('notUnderstood');
  });
  afterAll(async () => {
    await t.close();
  });

  it('names who each personal command is for', () => {
    expect(personal.map((c) => c.title).sort()).toEqual(Object.keys(SAID_BY).sort());
  });

  it.each(personal.map((c) => c.title))('"%s" is answered by its feature', async (title) => {
    const person = demoPerson(SAID_BY[title]!);
    t.connector.clear();
    const res = await t.post(t.activities.message(person, title));
    expect(res.status).toBe(200);
    const replies = t.connector.in(`a:personal-${person.key}`);
    expect(replies.length).toBeGreaterThan(0);
    const said = replies.map((r) => `${r.body.text ?? ''}\n${cardText(r.body.attachments)}`).join('\n');
    expect(said).not.toContain(fallback);
    expect(said.trim()).not.toBe('');
  });
});
