import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001-foundation.js';

/** Migrations in order; names are stable once released (the database remembers them). */
const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
