import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001-foundation.js';
import * as reports from './002-reports.js';
import * as outboxToPerson from './003-outbox-to-person.js';

/** Migrations in order; names are stable once released (the database remembers them). */
const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-reports': reports,
  '003-outbox-to-person': outboxToPerson,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
