import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A pupil who answers "yes, I am in danger right now" raises an urgent report at once, before they
 * have written anything (issue 5 §2): a child who says so and then closes the chat must still reach
 * the safeguarding team. `details_pending` marks such a report until the pupil's form completes it;
 * the completion is a chronology entry of its own (`details-added`), like every change.
 */
const ENTRY_KINDS_BEFORE =
  "'reported','spoke-to-pupil','contacted-parents-or-carers','referred-to-childrens-social-care','referred-to-police','referred-to-ceop','referred-to-lado','no-further-action','note','message-to-pupil','message-from-pupil','acknowledged','assigned','priority-changed','rerouted','escalated','closed','reopened','identity-revealed','exported'";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE reports ADD COLUMN details_pending boolean NOT NULL DEFAULT false;
    ALTER TABLE report_entries DROP CONSTRAINT report_entries_kind_check;
    ALTER TABLE report_entries ADD CONSTRAINT report_entries_kind_check CHECK (kind IN (${ENTRY_KINDS_BEFORE},'details-added'));
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `ALTER TABLE report_entries DROP CONSTRAINT report_entries_kind_check;
     ALTER TABLE report_entries ADD CONSTRAINT report_entries_kind_check CHECK (kind IN (${ENTRY_KINDS_BEFORE})) NOT VALID;
     ALTER TABLE reports DROP COLUMN details_pending;`,
  );
}
