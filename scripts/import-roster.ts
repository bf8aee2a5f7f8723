import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openStore } from '../src/store/database.js';
import { DirectoryRepository } from '../src/store/directory-repository.js';
import { importRoster } from '../src/use-cases/import-roster.js';

/**
 * `npm run roster:import -- --school "St Mary's Primary" [--tenant <Entra tenant id>] roster.csv`
 * Imports people, roles and classes from a CSV (name, email/UPN, role, class[, year]) into the
 * database the bot uses (DATABASE_URL, or the embedded one in DATA_DIR). The school is created
 * on first import. People are linked to their Teams identity the first time they message the bot.
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
    process.stderr.write(
      'Usage: npm run roster:import -- --school "School name" [--tenant TENANT_ID] roster.csv\n',
    );
    process.exit(2);
  }
  const csv = fs.readFileSync(path.resolve(file), 'utf8');
  const config = loadConfig();
  const store = await openStore(config.database);
  try {
    await migrateToLatest(store.db);
    const directory = new DirectoryRepository(store.db);
    const existing = await store.db
      .selectFrom('schools')
      .select('id')
      .where('name', '=', schoolName)
      .executeTakeFirst();
    const tenant = arg('tenant');
    const schoolId =
      existing?.id ??
      (await directory.createSchool({ name: schoolName, ...(tenant ? { tenantId: tenant } : {}) }));
    const result = await importRoster({ directory, schoolId, csv });
    if (!result.ok) {
      process.stderr.write(`Nothing was imported. Please fix these lines in ${file}:\n`);
      for (const p of result.problems) process.stderr.write(`  line ${p.line}: ${p.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `Imported ${result.people} people and ${result.classes} classes into ${schoolName}.\n`,
    );
  } finally {
    await store.close();
  }
}

void main();
