import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/use-cases/import-roster.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

const CSV = [
  'Name,Email/UPN,Role,Class',
  'Mr Olu Bello,o.bello@oakfield.example.org,Teacher,Year 3 Kestrels',
  '"Hart, Evie",evie.hart@oakfield.example.org,Pupil,Year 3 Kestrels',
].join('\r\n');

describe('a school that imports its roster from CSV', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a file with problems, naming each line, and imports nothing', async () => {
    const bad = 'Name,Email,Role,Class\nNo Email,,Teacher,\nKid,kid@x.org,Pupil,\n';
    const result = await importRoster({
      directory: t.bot.deps.directory,
      schoolId: t.bot.demoSchoolId!,
      csv: bad,
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, message: 'email/UPN is not an email address' },
        { line: 3, message: 'a pupil needs a class' },
      ],
    });
  });

  it('knows an imported teacher the first time they message, matched by their Teams email', async () => {
    const result = await importRoster({
      directory: t.bot.deps.directory,
      schoolId: t.bot.demoSchoolId!,
      csv: CSV,
    });
    expect(result).toEqual({ ok: true, people: 2, classes: 1 });

    const teacher = {
      key: 'bello',
      aadObjectId: '0a0a0a0a-0000-4000-8000-00000000b311',
      displayName: 'Olu Bello',
    };
    t.connector.members.set('29:bello', {
      id: '29:bello',
      email: 'O.Bello@oakfield.example.org',
      name: 'Olu Bello',
    });
    await t.post(t.activities.message(teacher, 'hello'));
    const text = cardText(cardOf(t.connector.in('a:personal-bello')[0]));
    expect(text).toContain('Hello, Mr Olu Bello!');
    expect(text).toContain('Teacher');
    expect(text).toContain('Year 3 Kestrels');
    const linked = await t.bot.deps.directory.findPersonByAadObjectId(teacher.aadObjectId);
    expect(linked?.roles).toEqual(['teacher']);
  });

  it('greets an imported pupil by first name, from a "Surname, Forename" export', async () => {
    const pupil = {
      key: 'evie',
      aadObjectId: '0a0a0a0a-0000-4000-8000-0000000e7e00',
      displayName: 'Evie Hart',
    };
    t.connector.members.set('29:evie', {
      id: '29:evie',
      userPrincipalName: 'evie.hart@oakfield.example.org',
    });
    await t.post(t.activities.message(pupil, 'hi'));
    const text = cardText(cardOf(t.connector.in('a:personal-evie')[0]));
    expect(text).toContain('Hello, Evie!');
    expect(text).toContain('Pupil');
  });

  it('does not hand a roster entry that is already linked to someone else', async () => {
    const impostor = {
      key: 'impostor',
      aadObjectId: '0a0a0a0a-0000-4000-8000-0000000000ff',
      displayName: 'Someone',
    };
    t.connector.members.set('29:impostor', { id: '29:impostor', email: 'o.bello@oakfield.example.org' });
    await t.post(t.activities.message(impostor, 'hello'));
    expect(cardText(cardOf(t.connector.in('a:personal-impostor')[0]))).toContain(
      "I don't have you on your school's list yet",
    );
  });
});
