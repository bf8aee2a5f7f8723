import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

const TEAM = { kind: 'channel' as const, teamId: PLAYGROUND_TEAM.id };

describe('greeting and help through the real endpoint', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.connector.clear());

  it('welcomes a pupil in their personal chat by name, school, role and class, as a reply', async () => {
    const pupil = demoPerson('pupil');
    const activity = t.activities.message(pupil, 'hello');
    const res = await t.post(activity);
    expect(res.status).toBe(200);
    const [reply] = t.connector.in(`a:personal-pupil`);
    expect(reply?.replyToId).toBe(activity.id);
    const card = cardOf(reply);
    expect(card?.version).toBe('1.5');
    const text = cardText(card);
    expect(text).toContain('Hello, Amelia!');
    expect(text).toContain('Oakfield Primary School · Pupil');
    expect(text).toContain('Childline free on 0800 1111');
    expect(text).toContain('Year 4 Hazel');
    expect(text).not.toContain('safeguarding team');
  });

  it('shows each role what it is for', async () => {
    const cases: [string, string, string][] = [
      ['teacher', 'Teacher', 'teach online safety every term'],
      ['dsl', 'Designated Safeguarding Lead', "You're on the school's safeguarding team"],
      ['deputy', 'Deputy Designated Safeguarding Lead', "You're on the school's safeguarding team"],
      ['head', 'Headteacher', "keep the school's online-safety promises"],
      ['chair', 'Chair of governors', 'concern about the headteacher'],
      ['admin', 'School admin', 'term dates'],
    ];
    for (const [key, role, words] of cases) {
      t.connector.clear();
      await t.post(t.activities.message(demoPerson(key), 'hi'));
      const text = cardText(cardOf(t.connector.in(`a:personal-${key}`)[0]));
      expect(text, key).toContain(role);
      expect(text, key).toContain(words);
      expect(text, key).not.toMatch(/\$\{/);
    }
  });

  it("welcomes in the class team channel too, without private-chat words or anyone's classes", async () => {
    await t.post(t.activities.message(demoPerson('pupil'), 'hello', TEAM));
    await t.post(t.activities.message(demoPerson('dsl'), 'hello', TEAM));
    const [pupilCard, dslCard] = t.connector.in(PLAYGROUND_TEAM.id).map((a) => cardText(cardOf(a)));
    expect(pupilCard).toContain('Hello, Amelia!');
    expect(pupilCard).not.toContain('My class');
    expect(dslCard).toContain('Designated Safeguarding Lead');
    expect(dslCard).toContain('in your private chat with me, never here');
    expect(dslCard).not.toContain('here, in this private chat');
  });

  it('goes back from help to the welcome card (Action.Execute)', async () => {
    const res = await t.post(t.activities.cardAction(demoPerson('teacher'), 'welcome.show'));
    const body = res.body as { statusCode: number; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(cardText(body.value)).toContain('Hello, Sophie!');
    expect(cardText(body.value)).toContain('I teach this class');
  });

  it('greets someone not on the roster kindly, with where to get help', async () => {
    const stranger = {
      key: 'stranger',
      aadObjectId: 'ffffffff-0000-4000-8000-000000000000',
      displayName: 'Sam Stranger',
    };
    await t.post(t.activities.message(stranger, 'hello'));
    const text = cardText(cardOf(t.connector.in('a:personal-stranger')[0]));
    expect(text).toContain('Hello, Sam Stranger!');
    expect(text).toContain("I don't have you on your school's list yet");
    expect(text).toContain('0800 1111');
  });

  it('answers anything it does not understand with a kind reply and the help card', async () => {
    await t.post(t.activities.message(demoPerson('pupil'), 'purple elephants dance'));
    const [reply] = t.connector.in('a:personal-pupil');
    expect(reply?.body.text).toContain("Sorry, I didn't quite understand that");
    expect(cardText(cardOf(reply))).toContain("Here's what you can say to me");
  });

  it('answers an empty message and a message with no text at all', async () => {
    const pupil = demoPerson('pupil');
    const res1 = await t.post(t.activities.message(pupil, '   '));
    const { text: _omit, ...noText } = t.activities.message(pupil, 'x');
    const res2 = await t.post(noText);
    expect([res1.status, res2.status]).toEqual([200, 200]);
    expect(t.connector.in('a:personal-pupil')).toHaveLength(2);
  });

  it('points a worried pupil to help, and in a channel never repeats what was typed', async () => {
    const pupil = demoPerson('pupil');
    const words = "I'm scared, someone keeps messaging me about Hazel class";
    await t.post(t.activities.message(pupil, words, TEAM));
    const [reply] = t.connector.in(PLAYGROUND_TEAM.id);
    const text = cardText(cardOf(reply));
    expect(text).toContain('Childline');
    expect(text).toContain('999');
    expect(text).toContain("let's keep private things private");
    expect(JSON.stringify(reply?.body)).not.toContain('someone keeps messaging me');
    expect(t.logLines.join('\n')).not.toContain('someone keeps messaging me');
  });

  it('returns the help card from the welcome card button (Action.Execute) in the invoke response', async () => {
    const res = await t.post(t.activities.cardAction(demoPerson('pupil'), 'help.show'));
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain("Here's what you can say to me");
  });

  it('says "help" gives the help card, with where to get help for pupils only', async () => {
    await t.post(t.activities.message(demoPerson('pupil'), 'help'));
    await t.post(t.activities.message(demoPerson('teacher'), 'help'));
    expect(cardText(cardOf(t.connector.in('a:personal-pupil')[0]))).toContain('Childline');
    expect(cardText(cardOf(t.connector.in('a:personal-teacher')[0]))).not.toContain('Childline');
  });
});

describe('the HTTP endpoint', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health', async () => {
    const res = await fetch(`${t.bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'memory', localMode: true });
  });

  it('rejects a body that is not a JSON activity with 400, and other paths with 404/405', async () => {
    const bad = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${t.bot.url}/api/messages`)).status).toBe(405);
    expect((await fetch(`${t.bot.url}/nowhere`)).status).toBe(404);
  });

  it('logs a failed turn with a code and correlation id, never the words', async () => {
    t.connector.failNext(20, 500);
    const activity = t.activities.message(demoPerson('pupil'), 'my secret words 12345');
    await t.post(activity);
    const failed = t.logLines.map((l) => JSON.parse(l)).find((l) => l.event === 'turn.failed');
    expect(failed).toMatchObject({ correlationId: activity.id, code: 'internal' });
    expect(t.logLines.join('\n')).not.toContain('my secret words');
    expect(t.logLines.join('\n')).not.toContain('Amelia');
  });
});
