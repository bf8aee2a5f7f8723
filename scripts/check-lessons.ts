/**
 * `npm run lessons:check`: every problem in `lessons/` at once, for the people writing them.
 * File problems and readability failures fail the check; so do gaps in the year's coverage,
 * which are listed apart because they are expected until every band is written.
 */
import path from 'node:path';
import { formatCoverageProblem, formatLessonProblem, scanLessons } from '../src/content/lesson-library.js';
import { AGE_BANDS, type AgeBand } from '../src/domain/curriculum/lesson.js';
import {
  checkReadability,
  hardestSentences,
  measureLesson,
  READABILITY_LIMITS,
} from '../src/domain/curriculum/readability.js';

// Arguments: optional bands to focus on (`npm run lessons:check -- 7-11`) and an optional lessons folder.
const args = process.argv.slice(2);
const bandArgs = args.filter((arg): arg is AgeBand => (AGE_BANDS as readonly string[]).includes(arg));
const dirArg = args.find((arg) => !bandArgs.includes(arg as AgeBand));
const dir = dirArg ? path.resolve(dirArg) : undefined;
const dirName = path.basename(dir ?? 'lessons');
const bands: readonly AgeBand[] = bandArgs.length > 0 ? bandArgs : AGE_BANDS;
const inBands = (file: string) => bands.some((band) => file.startsWith(`${dirName}/${band}/`));

const fullScan = scanLessons(dir);
const scan = {
  ...fullScan,
  files: fullScan.files.filter(inBands),
  lessons: fullScan.lessons.filter((l) => bands.includes(l.lesson.band)),
  readable: fullScan.readable.filter((l) => bands.includes(l.lesson.band)),
  problems: fullScan.problems.filter((p) => bands.length === AGE_BANDS.length || inBands(p.file)),
  coverageProblems: fullScan.coverageProblems.filter((p) => bands.includes(p.band)),
};
if (bands.length < AGE_BANDS.length) console.log(`Checking band(s) ${bands.join(', ')} only\n`);

const perBand = bands.map(
  (band) => `${band}: ${scan.files.filter((f) => f.startsWith(`${dirName}/${band}/`)).length}`,
);
console.log(
  `Lesson files: ${scan.files.length} (${perBand.join(', ')}); ${scan.lessons.length} fully valid\n`,
);

if (scan.problems.length > 0) {
  console.log(`Problems in lesson files (${scan.problems.length}):`);
  for (const problem of scan.problems) console.log(`  ${formatLessonProblem(problem)}`);
} else {
  console.log('Problems in lesson files: none');
}

const limitText = AGE_BANDS.map((band) => {
  const limit = READABILITY_LIMITS[band];
  const extra = [
    limit.maxAverageSentenceWords === undefined
      ? ''
      : `, average sentence <= ${limit.maxAverageSentenceWords}`,
    limit.maxSentenceWords === undefined ? '' : `, longest <= ${limit.maxSentenceWords}`,
  ].join('');
  return `${band}: reading age <= ${limit.maxReadingAge}${extra}`;
}).join('; ');
console.log(
  `\nReadability of pupil-facing text (Flesch-Kincaid; reading age = grade + 5)\nLimits: ${limitText}\n`,
);

const rows = scan.readable
  .map(({ file, lesson }) => {
    const measure = measureLesson(lesson);
    return { file, lesson, measure, failures: checkReadability(lesson.band, measure) };
  })
  .sort(
    (a, b) =>
      AGE_BANDS.indexOf(a.lesson.band) - AGE_BANDS.indexOf(b.lesson.band) ||
      a.lesson.id.localeCompare(b.lesson.id),
  );

const header = ['id', 'words', 'sentences', 'avg', 'longest', 'FK grade', 'reading age', 'limit', 'result'];
const table = rows.map(({ lesson, measure, failures }) => [
  lesson.id,
  String(measure.words),
  String(measure.sentences),
  measure.averageSentenceWords.toFixed(1),
  String(measure.longestSentenceWords),
  measure.fkGrade.toFixed(1),
  measure.readingAge.toFixed(1),
  String(READABILITY_LIMITS[lesson.band].maxReadingAge),
  failures.length === 0 ? 'PASS' : 'FAIL',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const printRow = (row: string[]) =>
  console.log(
    `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
  );
if (rows.length === 0) {
  console.log('  (no lesson files to measure yet)');
} else {
  printRow(header);
  for (const row of table) printRow(row);
}

const failing = rows.filter((row) => row.failures.length > 0);
for (const { lesson, measure, failures } of failing) {
  console.log(`\n  FAIL ${lesson.id}: ${failures.join('; ')}`);
  console.log('    Hardest sentences (simplify these first):');
  for (const sentence of hardestSentences(measure, 3)) {
    console.log(`    - [${sentence.words} words, ${sentence.syllables} syllables] ${sentence.text}`);
  }
}

console.log(
  `\nCoverage of the year (expected to have gaps while lessons are being written) (${scan.coverageProblems.length}):`,
);
if (scan.coverageProblems.length === 0)
  console.log('  complete: every band has six half-terms, 8 strands, 4 Cs');
for (const band of bands) {
  const gaps = scan.coverageProblems.filter((problem) => problem.band === band);
  const emptySlots = gaps.flatMap((gap) =>
    gap.kind === 'slot-empty' ? [`${gap.term} ${gap.halfTerm}`] : [],
  );
  const strands = gaps.flatMap((gap) => (gap.kind === 'strand-missing' ? [gap.strand] : []));
  const fourCs = gaps.flatMap((gap) => (gap.kind === 'four-c-missing' ? [gap.fourC] : []));
  if (emptySlots.length > 0) console.log(`  ${dirName}/${band}: no lesson yet for ${emptySlots.join(', ')}`);
  for (const gap of gaps)
    if (gap.kind === 'slot-shared') console.log(`  ${formatCoverageProblem(gap, dirName)}`);
  if (strands.length > 0) console.log(`  ${dirName}/${band}: strands not taught: ${strands.join(', ')}`);
  if (fourCs.length > 0) console.log(`  ${dirName}/${band}: 4 Cs not touched: ${fourCs.join(', ')}`);
}

const ok = scan.problems.length === 0 && failing.length === 0 && scan.coverageProblems.length === 0;
console.log(
  `\n${ok ? 'OK' : 'FAILED'}: ${scan.problems.length} file problem(s), ${failing.length} readability failure(s), ` +
    `${scan.coverageProblems.length} coverage gap(s)`,
);
process.exitCode = ok ? 0 : 1;
