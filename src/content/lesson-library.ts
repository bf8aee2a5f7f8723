import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { type CoverageProblem, checkCoverage } from '../domain/curriculum/coverage.js';
import {
  AGE_BANDS,
  type AgeBand,
  formatFieldPath,
  type HalfTermNumber,
  type Lesson,
  LessonSchema,
  LessonShapeSchema,
  TERMS,
  type Term,
} from '../domain/curriculum/lesson.js';

/** `<repo>/lessons`, both from `src/content` (tsx) and from `dist/content` (built). */
export const DEFAULT_LESSONS_DIR = fileURLToPath(new URL('../../lessons', import.meta.url));

export interface LessonFileProblem {
  /** As a writer sees it from the repository root: `lessons/7-11/x.yaml`. */
  file: string;
  /** `quiz.questions[2].choices`, or `(whole file)`. */
  field: string;
  message: string;
  line?: number;
}

export interface LessonFile {
  file: string;
  lesson: Lesson;
}

export interface LessonScan {
  /** Every lesson file found, valid or not. */
  files: string[];
  /** The lessons that passed every per-file check. */
  lessons: LessonFile[];
  /** Lessons whose shape is right even if a cross-field rule fails: enough to measure their reading level. */
  readable: LessonFile[];
  /** Problems in single files (YAML, schema, cross-field, file name, folder, duplicate id). */
  problems: LessonFileProblem[];
  /** Gaps in the year, over the valid lessons. */
  coverageProblems: CoverageProblem[];
}

export function formatLessonProblem(problem: LessonFileProblem): string {
  const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${problem.file}: ${problem.field}: ${problem.message}${line}`;
}

export function formatCoverageProblem(problem: CoverageProblem, dirName = 'lessons'): string {
  return `${dirName}/${problem.message}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The line of the deepest node on `fieldPath` that exists, so a writer can jump to it. */
function lineOf(
  doc: Document,
  lineCounter: LineCounter,
  fieldPath: readonly (string | number)[],
): number | undefined {
  // The document root's line (1) says nothing, so a missing top-level field gets no line.
  for (let length = fieldPath.length; length > 0; length--) {
    const node = doc.getIn(fieldPath.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/** Reads and checks every lesson file without stopping at the first problem. */
export function scanLessons(dir: string = DEFAULT_LESSONS_DIR): LessonScan {
  const dirName = path.basename(dir);
  const files: string[] = [];
  const lessons: LessonFile[] = [];
  const problems: LessonFileProblem[] = [];
  const readable: LessonFile[] = [];

  for (const relative of listFiles(dir)) {
    const segments = relative.split(path.sep);
    const file = [dirName, ...segments].join('/');
    if (relative.endsWith('.yml')) {
      problems.push({ file, field: '(whole file)', message: 'lesson files end in .yaml, not .yml' });
      continue;
    }
    if (!relative.endsWith('.yaml')) continue;
    files.push(file);

    const folder = segments.length === 2 ? segments[0] : undefined;
    if (folder === undefined || !(AGE_BANDS as readonly string[]).includes(folder)) {
      problems.push({
        file,
        field: '(whole file)',
        message: `lesson files live in lessons/<band>/, with band one of ${AGE_BANDS.join(', ')}`,
      });
    }

    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(path.join(dir, relative), 'utf8'), { lineCounter });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const line = error.linePos?.[0]?.line;
        problems.push({
          file,
          field: '(YAML)',
          message: error.message.split('\n')[0] ?? error.message,
          ...(line === undefined ? {} : { line }),
        });
      }
      continue;
    }

    const data: unknown = doc.toJS();
    const parsed = LessonSchema.safeParse(data);
    if (!parsed.success) {
      const shape = LessonShapeSchema.safeParse(data);
      if (shape.success) readable.push({ file, lesson: shape.data });
      for (const issue of parsed.error.issues) {
        const line = lineOf(doc, lineCounter, issue.path);
        problems.push({
          file,
          field: formatFieldPath(issue.path),
          message: issue.message,
          ...(line === undefined ? {} : { line }),
        });
      }
      continue;
    }

    const lesson = parsed.data;
    readable.push({ file, lesson });
    const fileName = segments[segments.length - 1];
    if (fileName !== `${lesson.id}.yaml`) {
      problems.push({ file, field: 'id', message: `file name must be the id: rename to ${lesson.id}.yaml` });
    }
    if (folder !== undefined && folder !== lesson.band) {
      problems.push({
        file,
        field: 'band',
        message: `a ${lesson.band} lesson belongs in ${dirName}/${lesson.band}/`,
      });
    }
    const clash = lessons.find((other) => other.lesson.id === lesson.id);
    if (clash) {
      problems.push({ file, field: 'id', message: `id ${lesson.id} is also used by ${clash.file}` });
      continue;
    }
    lessons.push({ file, lesson });
  }

  // Only lessons whose file is wholly valid count towards the year, so a broken file shows as a gap too.
  const valid = lessons.filter(({ file }) => !problems.some((problem) => problem.file === file));
  return {
    files,
    lessons: valid,
    readable,
    problems,
    coverageProblems: checkCoverage(valid.map(({ lesson }) => lesson)),
  };
}

export class LessonLibraryError extends Error {
  readonly code = 'lessons.invalid';

  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the lesson files ` +
        `(run npm run lessons:check for details):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'LessonLibraryError';
  }
}

export interface LessonLibrary {
  /** Every lesson, by band then in teaching order. */
  all(): readonly Lesson[];
  byId(id: string): Lesson | undefined;
  forSlot(band: AgeBand, term: Term, halfTerm: HalfTermNumber): Lesson | undefined;
}

const TEACHING_ORDER = (lesson: Lesson) =>
  AGE_BANDS.indexOf(lesson.band) * 100 + TERMS.indexOf(lesson.term) * 10 + lesson.halfTerm;

/**
 * Loads and checks every lesson at start-up. A bad file stops the start with its name and field,
 * rather than failing later in front of a class.
 */
export function loadLessonLibrary(dir: string = DEFAULT_LESSONS_DIR): LessonLibrary {
  const scan = scanLessons(dir);
  const dirName = path.basename(dir);
  const problems = [
    ...scan.problems.map(formatLessonProblem),
    ...scan.coverageProblems.map((problem) => formatCoverageProblem(problem, dirName)),
  ];
  if (problems.length > 0) throw new LessonLibraryError(problems);

  const lessons = scan.lessons
    .map(({ lesson }) => lesson)
    .sort((a, b) => TEACHING_ORDER(a) - TEACHING_ORDER(b));
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  return {
    all: () => lessons,
    byId: (id) => byId.get(id),
    forSlot: (band, term, halfTerm) =>
      lessons.find((lesson) => lesson.band === band && lesson.term === term && lesson.halfTerm === halfTerm),
  };
}
