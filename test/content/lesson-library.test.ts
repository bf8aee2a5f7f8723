import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  formatLessonProblem,
  LessonLibraryError,
  loadLessonLibrary,
  scanLessons,
} from '../../src/content/lesson-library.js';
import { describeCoverage } from '../../src/domain/curriculum/coverage.js';
import {
  AGE_BANDS,
  CHILDLINE_NUMBER,
  FOUR_CS,
  type Lesson,
  REQUIRED_HELP_ROUTES_FOR_BAND,
  STRANDS,
} from '../../src/domain/curriculum/lesson.js';
import {
  checkReadability,
  measureLesson,
  READABILITY_LIMITS,
} from '../../src/domain/curriculum/readability.js';
import { validYear } from '../domain/curriculum/lesson-fixture.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary `lessons/` folder holding the given lessons, each in `<band>/<id>.yaml`. */
function lessonsFolder(lessons: readonly Lesson[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lesson-library-'));
  made.push(root);
  const dir = path.join(root, 'lessons');
  for (const lesson of lessons) {
    mkdirSync(path.join(dir, lesson.band), { recursive: true });
    writeFileSync(path.join(dir, lesson.band, `${lesson.id}.yaml`), stringify(lesson));
  }
  return dir;
}

function loadError(dir: string): LessonLibraryError {
  try {
    loadLessonLibrary(dir);
  } catch (error) {
    if (error instanceof LessonLibraryError) return error;
    throw error;
  }
  throw new Error('expected the lessons not to load');
}

describe('loadLessonLibrary (temporary folders)', () => {
  it('loads a complete year and finds lessons by id and by half-term', () => {
    const dir = lessonsFolder(validYear());
    writeFileSync(path.join(dir, 'README.md'), '# not a lesson\n');
    const library = loadLessonLibrary(dir);
    expect(library.all()).toHaveLength(24);
    expect(library.all()[0]?.id).toBe('4-7-autumn-1-safe-chats');
    expect(library.all()[23]?.id).toBe('14-18-summer-2-safe-chats');
    expect(library.byId('11-14-spring-2-safe-chats')?.band).toBe('11-14');
    expect(library.byId('no-such-lesson')).toBeUndefined();
    expect(library.forSlot('7-11', 'summer', 1)?.id).toBe('7-11-summer-1-safe-chats');
  });

  it('stops on a bad file, naming the file and the field', () => {
    const year = validYear();
    const bad = year.find((l) => l.id === '7-11-autumn-1-safe-chats')!;
    for (const choice of bad.quiz.questions[2]!.choices) choice.correct = true;
    const error = loadError(lessonsFolder(year));
    expect(error.message).toContain(
      'lessons/7-11/7-11-autumn-1-safe-chats.yaml: quiz.questions[2].choices: exactly one choice must be correct (has 2)',
    );
    // The lesson with the problem also leaves its half-term empty.
    expect(error.message).toContain('lessons/7-11: no lesson for autumn 1');
  });

  it('names the line of a field where it can', () => {
    const year = validYear();
    year[0]!.title = '';
    const [problem] = scanLessons(lessonsFolder(year)).problems;
    expect(problem).toMatchObject({ file: 'lessons/4-7/4-7-autumn-1-safe-chats.yaml', field: 'title' });
    expect(problem?.line).toBeGreaterThan(1);
  });

  it('reports broken YAML with its line', () => {
    const dir = lessonsFolder(validYear());
    writeFileSync(path.join(dir, '4-7', '4-7-autumn-1-safe-chats.yaml'), 'id: x\ntitle: [unclosed\n');
    const error = loadError(dir);
    expect(error.message).toMatch(/lessons\/4-7\/4-7-autumn-1-safe-chats\.yaml: \(YAML\): .*\(line \d+\)/);
  });

  it('checks the file name against the id and the folder against the band', () => {
    const year = validYear();
    const dir = lessonsFolder(year.slice(1));
    const first = year[0]!;
    mkdirSync(path.join(dir, '7-11'), { recursive: true });
    writeFileSync(path.join(dir, '7-11', 'passwords.yaml'), stringify(first));
    writeFileSync(path.join(dir, '7-11', 'old.yml'), stringify(first));
    const problems = scanLessons(dir).problems.map(formatLessonProblem);
    expect(problems).toEqual([
      'lessons/7-11/old.yml: (whole file): lesson files end in .yaml, not .yml',
      'lessons/7-11/passwords.yaml: id: file name must be the id: rename to 4-7-autumn-1-safe-chats.yaml',
      'lessons/7-11/passwords.yaml: band: a 4-7 lesson belongs in lessons/4-7/',
    ]);
  });

  it('rejects two files with the same id', () => {
    const year = validYear();
    const dir = lessonsFolder(year);
    mkdirSync(path.join(dir, '4-7', 'drafts'));
    writeFileSync(path.join(dir, '4-7', 'drafts', '4-7-autumn-1-safe-chats.yaml'), stringify(year[0]));
    const messages = scanLessons(dir).problems.map(formatLessonProblem);
    expect(messages).toContain(
      'lessons/4-7/drafts/4-7-autumn-1-safe-chats.yaml: (whole file): lesson files live in lessons/<band>/, with band one of 4-7, 7-11, 11-14, 14-18',
    );
    expect(messages).toContain(
      'lessons/4-7/drafts/4-7-autumn-1-safe-chats.yaml: id: id 4-7-autumn-1-safe-chats is also used by lessons/4-7/4-7-autumn-1-safe-chats.yaml',
    );
  });

  it('reports gaps in the year when only some bands are written', () => {
    const scan = scanLessons(lessonsFolder(validYear().filter((l) => l.band === '7-11')));
    expect(scan.problems).toEqual([]);
    expect(scan.lessons).toHaveLength(6);
    expect(new Set(scan.coverageProblems.map((p) => p.band))).toEqual(new Set(['4-7', '11-14', '14-18']));
  });
});

describe('the real lessons/ folder', () => {
  const scan = scanLessons();
  const lessons = scan.lessons.map(({ lesson }) => lesson);

  it('loads with no problems', () => {
    expect(scan.problems.map(formatLessonProblem)).toEqual([]);
    expect(() => loadLessonLibrary()).not.toThrow();
  });

  it('has 24 lessons, six for each band', () => {
    expect(lessons).toHaveLength(24);
  });

  it.each(AGE_BANDS)('%s has one lesson in each half-term, all 8 strands and all 4 Cs', (band) => {
    const coverage = describeCoverage(lessons).find((c) => c.band === band)!;
    expect(coverage.slots.map((slot) => `${slot.term} ${slot.halfTerm}: ${slot.lessonIds.length}`)).toEqual([
      'autumn 1: 1',
      'autumn 2: 1',
      'spring 1: 1',
      'spring 2: 1',
      'summer 1: 1',
      'summer 2: 1',
    ]);
    expect(coverage.strands).toEqual([...STRANDS]);
    expect(coverage.fourCs).toEqual([...FOUR_CS]);
  });

  it('has one right answer per question, except talk-about-it questions', () => {
    const wrong = lessons.flatMap((lesson) =>
      lesson.quiz.questions
        .filter((q) => q.choices.filter((c) => c.correct).length !== (q.kind === 'talk-about-it' ? 0 : 1))
        .map((q) => `${lesson.id} ${q.id}`),
    );
    expect(wrong).toEqual([]);
  });

  it('closes every lesson, after its sections, with how to get help', () => {
    for (const lesson of lessons) {
      expect(lesson.sections.length, lesson.id).toBeGreaterThan(0);
      const routes = lesson.help.routes.map((r) => r.route);
      expect(routes, lesson.id).toEqual(
        expect.arrayContaining([...REQUIRED_HELP_ROUTES_FOR_BAND[lesson.band]]),
      );
      expect(lesson.help.routes.find((r) => r.route === 'childline')?.text, lesson.id).toContain(
        CHILDLINE_NUMBER,
      );
    }
  });

  it('keeps every lesson within its band reading level', () => {
    const measured = lessons.map((lesson) => ({ lesson, measure: measureLesson(lesson) }));
    const figures = AGE_BANDS.map((band) => {
      const inBand = measured.filter((m) => m.lesson.band === band);
      const ages = inBand.map((m) => m.measure.readingAge);
      const words = inBand.reduce((sum, m) => sum + m.measure.words, 0);
      const sentences = inBand.reduce((sum, m) => sum + m.measure.sentences, 0);
      return {
        band,
        lessons: inBand.length,
        'limit (reading age)': READABILITY_LIMITS[band].maxReadingAge,
        'max reading age': ages.length > 0 ? Number(Math.max(...ages).toFixed(1)) : null,
        'mean reading age':
          ages.length > 0 ? Number((ages.reduce((a, b) => a + b, 0) / ages.length).toFixed(1)) : null,
        'avg sentence (words)': sentences > 0 ? Number((words / sentences).toFixed(1)) : null,
        'longest sentence (words)': Math.max(0, ...inBand.map((m) => m.measure.longestSentenceWords)),
      };
    });
    console.log('Readability of pupil-facing text per band (Flesch-Kincaid; reading age = grade + 5)');
    console.table(figures);
    const failures = measured.flatMap(({ lesson, measure }) =>
      checkReadability(lesson.band, measure).map((failure) => `${lesson.id}: ${failure}`),
    );
    expect(failures).toEqual([]);
  });
});
