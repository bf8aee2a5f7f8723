import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Pupils' reports and their chronology, the append-only audit log, and the job queue that
 * escalation timers live in (issue 5). Report free text is stored only as AES-256-GCM ciphertext
 * (store/report-crypto.ts) with the id of the key that sealed it; the key is never in the database.
 *
 * Tenancy is enforced by the database as well as the code: composite foreign keys on
 * (school_id, id) make it impossible for a report to name a person, or a chronology entry to
 * belong to a report, of another school.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE UNIQUE INDEX people_school_id ON people (school_id, id);

    -- Hands out R-0001, R-0002... per school; the row lock serialises concurrent reports.
    CREATE TABLE report_counters (
      school_id uuid PRIMARY KEY REFERENCES schools(id),
      last_number integer NOT NULL
    );

    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      number integer NOT NULL CHECK (number > 0),
      reference text NOT NULL,
      reporter_person_id uuid NOT NULL,
      category text NOT NULL CHECK (category IN ('unkind-or-bullying','asked-for-pictures-to-meet-or-a-secret','saw-something-upsetting','stranger-contact','scam-hack-or-money','worried-about-a-friend','something-else')),
      about text NOT NULL CHECK (about IN ('me','a-friend')),
      concerns_staff text NOT NULL CHECK (concerns_staff IN ('no','staff','headteacher')),
      named_staff_person_id uuid,
      routed_to text NOT NULL CHECK (routed_to IN ('safeguarding','headteacher','chair')),
      -- The pupil's words, sealed; key_id names the key that sealed all three.
      key_id text NOT NULL,
      where_text_enc text NOT NULL,
      when_text_enc text NOT NULL,
      what_text_enc text NOT NULL,
      danger_now boolean NOT NULL,
      priority text NOT NULL CHECK (priority IN ('normal','urgent')),
      status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','acknowledged','closed')),
      -- Issue 5 §3: the pupil asked that their name be kept back from the case view.
      name_withheld boolean NOT NULL DEFAULT false,
      assigned_to uuid,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      closed_at timestamptz,
      closed_by uuid,
      outcome text CHECK (outcome IN ('spoke-to-pupil','contacted-parents-or-carers','referred-to-childrens-social-care','referred-to-police','referred-to-ceop','referred-to-lado','no-further-action')),
      -- Teams retries a turn it thinks failed: the same activity makes one report.
      idempotency_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (school_id, number),
      UNIQUE (school_id, reference),
      UNIQUE (school_id, id),
      FOREIGN KEY (school_id, reporter_person_id) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, named_staff_person_id) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, assigned_to) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, acknowledged_by) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, closed_by) REFERENCES people (school_id, id),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL)),
      CHECK ((status = 'sent') = (acknowledged_at IS NULL))
    );
    CREATE INDEX reports_open ON reports (school_id, routed_to, created_at) WHERE status <> 'closed';
    CREATE INDEX reports_reporter ON reports (school_id, reporter_person_id, created_at);

    -- The chronology (policy 000 §8: evidence kept with time and date). Append-only.
    CREATE TABLE report_entries (
      id bigserial PRIMARY KEY,
      report_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      -- NULL only for what the bot did itself (an escalation).
      author_person_id uuid,
      kind text NOT NULL CHECK (kind IN ('reported','spoke-to-pupil','contacted-parents-or-carers','referred-to-childrens-social-care','referred-to-police','referred-to-ceop','referred-to-lado','no-further-action','note','message-to-pupil','message-from-pupil','acknowledged','assigned','priority-changed','rerouted','escalated','closed','reopened','identity-revealed','exported')),
      body_enc text,
      key_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (school_id, report_id) REFERENCES reports (school_id, id),
      FOREIGN KEY (school_id, author_person_id) REFERENCES people (school_id, id),
      CHECK ((body_enc IS NULL) = (key_id IS NULL))
    );
    CREATE INDEX report_entries_report ON report_entries (report_id, created_at, id);

    -- Who read, exported, revealed or changed what, and when (issue 5 §12). Never report content.
    -- No foreign keys to people or reports: the record outlives both.
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      school_id uuid NOT NULL REFERENCES schools(id),
      actor_person_id uuid,
      action text NOT NULL,
      report_id uuid,
      detail jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_report ON audit_log (report_id, at) WHERE report_id IS NOT NULL;
    CREATE INDEX audit_log_school ON audit_log (school_id, at);

    -- Statement-level, so even an UPDATE or DELETE that matches no row is refused.
    CREATE FUNCTION refuse_change_to_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Records of safeguarding work are kept as written; add a new entry instead.';
    END;
    $$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
    CREATE TRIGGER report_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON report_entries
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();

    -- Work due later (escalation timers, reminders), shared by every instance: a claimer takes
    -- rows with FOR UPDATE SKIP LOCKED and holds them until claimed_until.
    CREATE TABLE scheduled_jobs (
      id bigserial PRIMARY KEY,
      school_id uuid REFERENCES schools(id),
      kind text NOT NULL,
      run_at timestamptz NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','cancelled','failed')),
      attempts integer NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      last_error text,
      idempotency_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX scheduled_jobs_due ON scheduled_jobs (run_at, id) WHERE status IN ('pending','running');
    -- Cancelling "every job of report X" is a prefix match on the key.
    CREATE INDEX scheduled_jobs_open_key ON scheduled_jobs (idempotency_key text_pattern_ops) WHERE status IN ('pending','running');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE scheduled_jobs; DROP TABLE audit_log; DROP TABLE report_entries;
     DROP FUNCTION refuse_change_to_append_only(); DROP TABLE reports; DROP TABLE report_counters;
     DROP INDEX people_school_id;`,
  );
}
