import type { AgeBand, Lesson } from './lesson.js';

/**
 * Reading level of pupil-facing text, by the Flesch-Kincaid grade level (Kincaid et al., 1975)
 * with a UK reading age of grade + 5 (a US grade starts at age 5-6 and a reading age is given in
 * years). Formulas like this only estimate; they catch long sentences and long words, which is
 * what makes a text hard for a young or weak reader.
 */

export interface ReadabilityLimit {
  maxReadingAge: number;
  /** Average words per sentence; set where the teacher reads aloud to pre-readers. */
  maxAverageSentenceWords?: number;
  /** Words in the longest sentence. */
  maxSentenceWords?: number;
}

/** Limits per band (issue 3: 4-7 very short sentences; 7-11 reading age 9; 11-14 reading age 12). */
export const READABILITY_LIMITS: Record<AgeBand, ReadabilityLimit> = {
  '4-7': { maxReadingAge: 7, maxAverageSentenceWords: 8, maxSentenceWords: 14 },
  '7-11': { maxReadingAge: 9 },
  '11-14': { maxReadingAge: 12 },
  '14-18': { maxReadingAge: 16 },
};

// Abbreviations whose full stop does not end a sentence ("no." is left out: "Say no." ends one).
const ABBREVIATIONS = /\b(?:e\.g|i\.e|Mr|Mrs|Ms|Dr)\.$/i;

/**
 * Sentences in one string. A string without final punctuation (a title, a choice) still ends a
 * sentence; blank lines and list items start new ones, since a reader takes them as separate.
 */
export function splitSentences(text: string): string[] {
  const blocks = text
    .split(/\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/)
    .map((block) =>
      block
        .replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((block) => block !== '');
  const sentences: string[] = [];
  for (const block of blocks) {
    let current = '';
    // A sentence ends at . ! ? (possibly followed by quotes or brackets) before a space.
    const pieces = block.split(/(?<=[.!?…]['"’”)\]]*)\s+/);
    for (const piece of pieces) {
      current = current === '' ? piece : `${current} ${piece}`;
      if (/[.!?…]['"’”)\]]*$/.test(piece) && !ABBREVIATIONS.test(piece)) {
        sentences.push(current);
        current = '';
      }
    }
    if (current !== '') sentences.push(current);
  }
  return sentences.filter((sentence) => countWords(sentence) > 0);
}

/** Words: tokens with at least one letter, so numbers ("0800 1111", "999") and emoji are not counted. */
export function splitWords(text: string): string[] {
  return text
    .split(/[\s—–]+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((token) => /\p{L}/u.test(token));
}

export function countWords(text: string): number {
  return splitWords(text).length;
}

function isAcronym(word: string): boolean {
  return word.length >= 2 && /^[A-Z]+s?$/.test(word) && /[A-Z]{2}/.test(word);
}

function syllablesOfPart(part: string): number {
  const word = part.toLowerCase();
  if (word === '') return 0;
  if (word.length <= 3) return 1;
  // Silent endings: "make", "asked", "games"; but not "table", "wanted", "uses", "watches".
  const trimmed = word
    .replace(/(?:[^laeiouycghsxz]es|[^dt]ed|[^laeiouy]e)$/, (ending) => ending[0] ?? '')
    .replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 0);
}

/**
 * Syllables in one word, by the usual English heuristic (vowel groups, less silent endings).
 * An all-caps acronym (CEOP, DSL) counts as one word of its vowel groups; a token with no letters
 * counts nothing. Hyphenated and dotted words (well-being, childline.org.uk) add up their parts.
 */
export function countSyllables(token: string): number {
  const word = token.replace(/[’']s$|[’']/g, '');
  if (!/\p{L}/u.test(word)) return 0;
  if (isAcronym(word)) {
    return Math.max(1, word.toLowerCase().match(/[aeiouy]+/g)?.length ?? 0);
  }
  const ascii = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const parts = ascii.split(/[^A-Za-z]+/).filter((part) => part !== '');
  if (parts.length === 0) return 1;
  return parts.reduce((sum, part) => sum + syllablesOfPart(part), 0);
}

export interface SentenceMeasure {
  text: string;
  words: number;
  syllables: number;
  /** Syllables per word x words (so, its syllables): long sentences of long words come first. */
  difficulty: number;
}

export function measureSentence(text: string): SentenceMeasure {
  const words = splitWords(text);
  const syllables = words.reduce((sum, word) => sum + countSyllables(word), 0);
  return { text, words: words.length, syllables, difficulty: syllables };
}

/** Flesch-Kincaid grade level: 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59. */
export function fleschKincaidGrade(words: number, sentences: number, syllables: number): number {
  if (words === 0 || sentences === 0) return 0;
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

export function ukReadingAge(fkGrade: number): number {
  return fkGrade + 5;
}

export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  averageSentenceWords: number;
  longestSentenceWords: number;
  fkGrade: number;
  readingAge: number;
  sentenceMeasures: SentenceMeasure[];
}

/** Measures a body of text given as separate strings, each ending at least one sentence. */
export function measureReadability(texts: readonly string[]): Readability {
  const sentenceMeasures = texts.flatMap((text) => splitSentences(text)).map(measureSentence);
  const words = sentenceMeasures.reduce((sum, s) => sum + s.words, 0);
  const syllables = sentenceMeasures.reduce((sum, s) => sum + s.syllables, 0);
  const sentences = sentenceMeasures.length;
  const fkGrade = fleschKincaidGrade(words, sentences, syllables);
  return {
    words,
    sentences,
    syllables,
    averageSentenceWords: sentences === 0 ? 0 : words / sentences,
    longestSentenceWords: Math.max(0, ...sentenceMeasures.map((s) => s.words)),
    fkGrade,
    readingAge: ukReadingAge(fkGrade),
    sentenceMeasures,
  };
}

/** The sentences a writer should simplify first. */
export function hardestSentences(readability: Readability, count = 3): SentenceMeasure[] {
  return [...readability.sentenceMeasures].sort((a, b) => b.difficulty - a.difficulty).slice(0, count);
}

/** Each limit the text breaks, in words a writer can act on; empty when it fits the band. */
export function checkReadability(band: AgeBand, readability: Readability): string[] {
  const limit = READABILITY_LIMITS[band];
  const failures: string[] = [];
  if (readability.readingAge > limit.maxReadingAge) {
    failures.push(`reading age ${readability.readingAge.toFixed(1)} is above ${limit.maxReadingAge}`);
  }
  if (
    limit.maxAverageSentenceWords !== undefined &&
    readability.averageSentenceWords > limit.maxAverageSentenceWords
  ) {
    failures.push(
      `average sentence ${readability.averageSentenceWords.toFixed(1)} words is above ${limit.maxAverageSentenceWords}`,
    );
  }
  if (limit.maxSentenceWords !== undefined && readability.longestSentenceWords > limit.maxSentenceWords) {
    failures.push(
      `longest sentence ${readability.longestSentenceWords} words is above ${limit.maxSentenceWords}`,
    );
  }
  return failures;
}

/** Every string a pupil sees in a lesson; teacher notes are left out, pupils never see them. */
export function pupilFacingText(lesson: Lesson): string[] {
  return [
    lesson.title,
    lesson.summary,
    ...lesson.outcomes,
    ...lesson.sections.flatMap((section) => [
      section.heading,
      section.text,
      ...(section.image ? [section.image.alt] : []),
    ]),
    lesson.reflection,
    lesson.help.intro,
    ...lesson.help.routes.map((route) => route.text),
    ...lesson.quiz.questions.flatMap((question) => [
      ...(question.scenario ? [question.scenario] : []),
      question.prompt,
      ...question.choices.map((choice) => choice.text),
      question.explanation,
    ]),
  ];
}

export function measureLesson(lesson: Lesson): Readability {
  return measureReadability(pupilFacingText(lesson));
}
