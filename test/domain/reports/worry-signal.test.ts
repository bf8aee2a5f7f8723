import { describe, expect, it } from 'vitest';
import { soundsWorried } from '../../../src/domain/reports/worry-signal.js';

/**
 * What a child might type to the bot when something is wrong. A miss leaves the child with "Sorry,
 * I didn't understand" at the moment they reached out, so these are written as children write:
 * lower case, no apostrophes, curly apostrophes from a phone keyboard.
 */
describe('soundsWorried catches a child reaching out', () => {
  it.each([
    // Feelings
    "I'm worried",
    'im worried about something',
    'I am scared',
    'I’m scared',
    'i feel unsafe',
    'I am frightened',
    'i am afraid',
    "I'm really upset",
    'i dont feel like im safe, im not safe',
    // Asking for help
    'help me',
    'Help me please',
    'can you help me',
    'help!',
    'HELP!!!',
    ' help ! ',
    // Bullying and threats
    'someone is bullying me',
    'i am being bullied',
    'there is a bully in my class chat',
    'someone is threatening me',
    'he threatened me',
    'they are threatening to share my pictures',
    "i'm being blackmailed",
    'someone is stalking me',
    "I think I'm being groomed",
    // Images and sexual contact
    'a man asked for pictures of me',
    'someone asked for a photo of me',
    'someone sent me a nude',
    'he wants nudes',
    'a boy sent me a naked picture',
    'someone said something sexual to me',
    // Self-harm
    'I want to hurt myself',
    'i keep hurting myself',
    'i self harm',
    'i want to die',
    'i feel suicidal',
    'i want to kill myself',
    // Something happened
    'something bad happened online',
    'something happened',
    'Something scary happened on my game',
    'something weird happened last night',
    // Wanting to tell
    'I need to tell someone',
    'can i talk to somebody',
    'i want to talk to someone',
    // Danger
    "I'm in danger",
    'im being hurt',
    'i am being hurt at home',
  ])('"%s"', (text) => {
    expect(soundsWorried(text)).toBe(true);
  });

  it.each([
    ['I’m in danger', 'a curly apostrophe'],
    ['I`m in danger', 'a backtick'],
    ['I’m being hurt', 'a curly apostrophe'],
  ])('reads "%s" like "I\'m ..." (%s)', (text) => {
    // "in danger" and "being hurt" only count after "I'm", so this depends on the apostrophe.
    expect(soundsWorried(text)).toBe(true);
    expect(soundsWorried(text.replace(/[’`]/, "'"))).toBe(true);
  });

  it('ignores case', () => {
    expect(soundsWorried('SOMEONE IS BULLYING ME')).toBe(true);
    expect(soundsWorried('Help Me')).toBe(true);
  });

  it('finds the words inside a longer message', () => {
    expect(
      soundsWorried('hi bot. after school today someone sent me a nude and i dont know what to do'),
    ).toBe(true);
    expect(soundsWorried('hello\nI need to tell someone\nthanks')).toBe(true);
  });
});

describe('soundsWorried leaves ordinary messages alone', () => {
  it.each([
    'hello',
    'hi',
    'Good morning!',
    'what can you do',
    'what can you do?',
    'lessons',
    'show me the next lesson',
    'quiz',
    'can we do the quiz again',
    'thank you',
    'that was helpful',
    'menu',
    'commands',
    'my homework is about the Tudors',
    'what time is it',
    '',
    '   ',
  ])('"%s"', (text) => {
    expect(soundsWorried(text)).toBe(false);
  });

  it('does not treat "help" inside another word as a call for help', () => {
    expect(soundsWorried('helpful')).toBe(false);
    expect(soundsWorried('the helper said hi')).toBe(false);
  });
});

describe('soundsWorried: more ways a child asks for help', () => {
  it.each([
    'i need help',
    'please help',
    'help pls',
    "i'm being cyberbullied",
    'i have been self-harming',
    'i cut myself',
    "i don't feel safe",
    'someone asked me to send a photo',
    'he wants to meet me',
    'he told me to keep it a secret',
    "don't tell anyone but",
    'my dad hits me',
    "i don't want to be alive",
    'someone posted pics of me',
    'i want to tell a teacher',
  ])('catches "%s"', (text) => {
    expect(soundsWorried(text)).toBe(true);
  });
});
