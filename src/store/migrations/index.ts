import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001-foundation.js';
import * as reports from './002-reports.js';
import * as outboxToPerson from './003-outbox-to-person.js';
import * as reportCases from './004-report-cases.js';
import * as teaching from './005-teaching.js';
import * as trainingPolicies from './006-training-policies.js';
import * as reportDangerAlert from './007-report-danger-alert.js';
import * as attendance from './008-attendance.js';
import * as outboxTenantLeases from './009-outbox-tenant-leases.js';

/** Migrations in order; names are stable once released (the database remembers them). */
const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-reports': reports,
  '003-outbox-to-person': outboxToPerson,
  '004-report-cases': reportCases,
  '005-teaching': teaching,
  '006-training-policies': trainingPolicies,
  '007-report-danger-alert': reportDangerAlert,
  '008-attendance': attendance,
  '009-outbox-tenant-leases': outboxTenantLeases,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
