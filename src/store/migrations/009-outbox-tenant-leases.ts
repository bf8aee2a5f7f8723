import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Which bot instance sends a tenant's messages (issue 7, several instances on one server). Teams
 * counts 50 sends a second per app per tenant, and at most 7 a second to one conversation, over
 * every instance together; one instance at a time per tenant keeps each within them, and keeps a
 * conversation's messages in order. A lease runs out by itself when its instance dies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE outbox_tenant_leases (
      tenant_key text PRIMARY KEY,
      holder text NOT NULL,
      until timestamptz NOT NULL
    );
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP TABLE outbox_tenant_leases;');
}
