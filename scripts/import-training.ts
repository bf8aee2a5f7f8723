import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { utcToSchoolTime } from '../src/domain/calendar/school-time.js';
import { DEFAULT_CATALOGUE } from '../src/domain/training/catalogue.js';
import { migrateToLatest, openStore } from '../src/store/database.js';
import { TrainingRepository } from '../src/store/training-repository.js';
import { CardRenderer } from '../src/teams/cards.js';
import { importTrainingRecords } from '../src/use-cases/import-training-records.js';

/**
 * `npm run training:import -- --school "St Mary's Primary" training.csv`
 * Records training done by many staff at once, from a CSV with columns email, course (its id or
 * title), completed on (YYYY-MM-DD or DD/MM/YYYY), provider and optionally certificate. A file with
 * any problem imports nothing and lists each line to fix; running it again records nothing twice.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const schoolName = arg('school');
  if (!file || !schoolName) {
    process.stderr.write('Usage: npm run training:import -- --school "School name" training.csv\n');
    process.exit(2);
  }
  const csv = fs.readFileSync(path.resolve(file), 'utf8');
  const store = await openStore(loadConfig().database);
  try {
    await migrateToLatest(store.db);
    const school = await store.db
      .selectFrom('schools')
      .select('id')
      .where('name', '=', schoolName)
      .executeTakeFirst();
    if (!school) {
      process.stderr.write(
        `No school called "${schoolName}". Import its roster first (npm run roster:import).\n`,
      );
      process.exitCode = 1;
      return;
    }
    const training = new TrainingRepository(store.db);
    await training.ensureCatalogue(school.id, DEFAULT_CATALOGUE);
    const now = new Date();
    const result = await importTrainingRecords({
      training,
      schoolId: school.id,
      csv,
      recordedBy: undefined,
      today: utcToSchoolTime(now).date,
      at: now,
    });
    if (!result.ok) {
      const cards = new CardRenderer();
      process.stderr.write(`Nothing was imported. Please fix these lines in ${file}:\n`);
      for (const p of result.problems)
        process.stderr.write(
          `  line ${p.line}: ${p.problems.map((code) => cards.text(`training.problem.${code}`)).join(' ')}\n`,
        );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `Read ${result.lines} lines; recorded ${result.added} new (the rest were already recorded).\n`,
    );
  } finally {
    await store.close();
  }
}

void main();
