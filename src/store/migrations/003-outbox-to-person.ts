import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A message may be addressed to a person rather than to a conversation: a DSL to notify, a teacher
 * to remind, a pupil to offer a catch-up lesson. Their personal chat is found when the message is
 * sent (or made, where Teams allows it), so a notification queued before someone first talked to
 * the bot is not lost but waits for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE outbox ADD COLUMN person_id uuid REFERENCES people(id);
    ALTER TABLE outbox ALTER COLUMN conversation_id DROP NOT NULL;
    ALTER TABLE outbox ADD CONSTRAINT outbox_has_recipient CHECK (conversation_id IS NOT NULL OR person_id IS NOT NULL);
    CREATE INDEX outbox_person ON outbox (person_id) WHERE person_id IS NOT NULL;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP INDEX outbox_person; ALTER TABLE outbox DROP CONSTRAINT outbox_has_recipient;
     DELETE FROM outbox WHERE conversation_id IS NULL;
     ALTER TABLE outbox ALTER COLUMN conversation_id SET NOT NULL; ALTER TABLE outbox DROP COLUMN person_id;`,
  );
}
