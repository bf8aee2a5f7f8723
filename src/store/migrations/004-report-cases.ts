import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * What the DSL side of a case needs (issue 5 §7, §8, §10):
 * - `reports.escalated_to`: who an unacknowledged report has been escalated to (the headteacher,
 *   or the chair for a report the head handles). A head who is told of an unread urgent report
 *   but cannot open it helps no one, so access (domain/access.ts) follows this column.
 * - `report_entries.idempotency_key`: a written entry (a note, a message to the pupil) made by a
 *   card press is made once, however often Teams delivers the press.
 * - `report_export_links`: single-use, short-lived links to a case's export. Only a SHA-256 of the
 *   token is kept, so reading the table does not give anyone a working link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE reports ADD COLUMN escalated_to text CHECK (escalated_to IN ('safeguarding','headteacher','chair'));

    ALTER TABLE report_entries ADD COLUMN idempotency_key text;
    CREATE UNIQUE INDEX report_entries_idempotency ON report_entries (report_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

    CREATE TABLE report_export_links (
      token_hash text PRIMARY KEY,
      school_id uuid NOT NULL REFERENCES schools(id),
      report_id uuid NOT NULL,
      person_id uuid NOT NULL,
      format text NOT NULL CHECK (format IN ('html','csv')),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL,
      FOREIGN KEY (school_id, report_id) REFERENCES reports (school_id, id),
      FOREIGN KEY (school_id, person_id) REFERENCES people (school_id, id)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE report_export_links; DROP INDEX report_entries_idempotency;
     ALTER TABLE report_entries DROP COLUMN idempotency_key; ALTER TABLE reports DROP COLUMN escalated_to;`,
  );
}
