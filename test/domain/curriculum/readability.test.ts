import { describe, expect, it } from 'vitest';
import {
  checkReadability,
  countSyllables,
  fleschKincaidGrade,
  hardestSentences,
  measureLesson,
  measureReadability,
  pupilFacingText,
  READABILITY_LIMITS,
  splitSentences,
  splitWords,
  ukReadingAge,
} from '../../../src/domain/curriculum/readability.js';
import { TEACHER_ONLY, validLesson } from './lesson-fixture.js';

describe('countSyllables', () => {
  it.each([
    ['cat', 1],
    ['the', 1],
    ['make', 1],
    ['games', 1],
    ['asked', 1],
    ['played', 1],
    ['table', 2],
    ['little', 2],
    ['password', 2],
    ['wanted', 2],
    ['uses', 2],
    ['watches', 2],
    ['online', 2],
    ['people', 2],
    ['message', 2],
    ['everyone', 3],
    ['computer', 3],
    ['internet', 3],
    ['dangerous', 3],
    ['information', 4],
    ["it's", 1],
    ['Sam’s', 1],
  ])('%s has %i', (word, syllables) => {
    expect(countSyllables(word)).toBe(syllables);
  });

  it('counts an all-caps acronym by its vowel groups, at least one', () => {
    expect(countSyllables('CEOP')).toBe(1);
    expect(countSyllables('DSL')).toBe(1);
    expect(countSyllables('NSPCC')).toBe(1);
  });

  it('counts nothing for a token without letters', () => {
    expect(countSyllables('0800')).toBe(0);
    expect(countSyllables('🙂')).toBe(0);
  });

  it('adds up the parts of hyphenated words', () => {
    expect(countSyllables('grown-up')).toBe(2);
  });
});

describe('splitWords and splitSentences', () => {
  it('ignores numbers and emoji as words', () => {
    expect(splitWords('Call Childline on 0800 1111. 🙂 It’s free — and kind.')).toEqual([
      'Call',
      'Childline',
      'on',
      'It’s',
      'free',
      'and',
      'kind',
    ]);
  });

  it('ends a sentence at . ! ? and at the end of the string', () => {
    expect(splitSentences('Hello there. How are you? Fine')).toEqual([
      'Hello there.',
      'How are you?',
      'Fine',
    ]);
  });

  it('does not end a sentence at e.g.', () => {
    expect(splitSentences('Use a long password, e.g. three words. Then stop!')).toEqual([
      'Use a long password, e.g. three words.',
      'Then stop!',
    ]);
  });

  it('treats list items and paragraphs as separate sentences', () => {
    expect(splitSentences('Things to do:\n- Tell an adult\n- Block them\n\nThat is all.')).toEqual([
      'Things to do:',
      'Tell an adult',
      'Block them',
      'That is all.',
    ]);
  });

  it('joins a line wrapped inside a paragraph', () => {
    expect(splitSentences('Pick three words that\ndo not go together.')).toEqual([
      'Pick three words that do not go together.',
    ]);
  });

  it('drops a string that has no words, such as a phone number alone', () => {
    expect(splitSentences('0800 1111')).toEqual([]);
  });
});

describe('Flesch-Kincaid', () => {
  it('applies the formula', () => {
    // 0.39 x 20 + 11.8 x 1.5 - 15.59
    expect(fleschKincaidGrade(100, 5, 150)).toBeCloseTo(9.91, 2);
    expect(ukReadingAge(4)).toBe(9);
  });

  it('grades a very easy sentence below school age', () => {
    const measure = measureReadability(['The cat sat on the mat.']);
    expect(measure).toMatchObject({ words: 6, sentences: 1, syllables: 6 });
    expect(measure.fkGrade).toBeCloseTo(-1.45, 2);
    expect(measure.readingAge).toBeCloseTo(3.55, 2);
  });

  it('grades a sentence of long words higher', () => {
    // Pass-words keep your in-for-ma-tion pri-vate: 5 words, 10 syllables.
    const measure = measureReadability(['Passwords keep your information private.']);
    expect(measure).toMatchObject({ words: 5, sentences: 1, syllables: 10 });
    expect(measure.fkGrade).toBeCloseTo(9.96, 2);
  });

  it('treats each string as ending a sentence', () => {
    const measure = measureReadability(['Strong passwords', 'Keep it secret. Tell a grown-up']);
    expect(measure).toMatchObject({ words: 8, sentences: 3, syllables: 11, longestSentenceWords: 3 });
    expect(measure.averageSentenceWords).toBeCloseTo(8 / 3, 5);
  });
});

describe('limits and the hardest sentences', () => {
  it('passes easy text and names each limit a hard text breaks', () => {
    const easy = measureReadability(['Tell a grown-up. You are not in trouble.']);
    expect(checkReadability('4-7', easy)).toEqual([]);
    const hard = measureReadability([
      'Sometimes unexpected communication from unfamiliar individuals can feel uncomfortable, ' +
        'particularly when they request personal information or photographs.',
    ]);
    const failures = checkReadability('4-7', hard);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatch(/^reading age .* is above 7$/);
    expect(failures[2]).toBe('longest sentence 17 words is above 14');
    expect(checkReadability('14-18', hard)).toHaveLength(1);
  });

  it('puts long sentences of long words first', () => {
    const measure = measureReadability([
      'Hi.',
      'Unfamiliar individuals occasionally communicate unexpectedly.',
      'We can tell a grown-up at home.',
    ]);
    expect(hardestSentences(measure, 2).map((s) => s.text)).toEqual([
      'Unfamiliar individuals occasionally communicate unexpectedly.',
      'We can tell a grown-up at home.',
    ]);
  });

  it('has a limit for every band, strictest for the youngest', () => {
    expect(READABILITY_LIMITS['4-7'].maxReadingAge).toBeLessThan(READABILITY_LIMITS['7-11'].maxReadingAge);
    expect(READABILITY_LIMITS['11-14'].maxReadingAge).toBe(12);
  });
});

describe('pupilFacingText', () => {
  it('has every string a pupil sees and no teacher notes', () => {
    const lesson = validLesson({ band: '11-14' });
    const text = pupilFacingText(lesson);
    expect(text).toContain(lesson.title);
    expect(text).toContain('Sam and her dad look at a phone.');
    expect(text).toContain('Call Childline on 0800 1111. It is free.');
    expect(text).toContain('Sam gets a message from someone she does not know.');
    expect(text).toContain('Reply to it.');
    expect(text).toContain('A grown-up can help. Sam is not in trouble.');
    expect(text).toContain(lesson.reflection);
    expect(text.join(' ')).not.toContain(TEACHER_ONLY);
    expect(text.join(' ')).not.toContain('DSL');
  });

  it('measures the fixture lessons within their band limits', () => {
    for (const band of ['4-7', '7-11', '11-14', '14-18'] as const) {
      expect(checkReadability(band, measureLesson(validLesson({ band })))).toEqual([]);
    }
  });
});
