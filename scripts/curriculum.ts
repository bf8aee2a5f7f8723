/**
 * `npm run curriculum`: prints the curriculum map and writes it to `lessons/README.md`.
 * Only valid lessons appear; a file with problems is left out (and the script fails) so the map
 * never shows a lesson that would not load.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LESSONS_DIR, formatLessonProblem, scanLessons } from '../src/content/lesson-library.js';
import { renderCurriculumMap } from '../src/domain/curriculum/curriculum-map.js';

const scan = scanLessons(DEFAULT_LESSONS_DIR);
const map = renderCurriculumMap(scan.lessons.map(({ lesson }) => lesson));
const target = path.join(DEFAULT_LESSONS_DIR, 'README.md');
writeFileSync(target, map);
console.log(map);
console.error(`Wrote ${path.relative(process.cwd(), target)} (${scan.lessons.length} lessons).`);

if (scan.problems.length > 0) {
  console.error(`\n${scan.problems.length} problem(s) in lesson files; those files are not on the map:`);
  for (const problem of scan.problems) console.error(`  ${formatLessonProblem(problem)}`);
  process.exitCode = 1;
}
