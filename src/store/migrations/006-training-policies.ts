import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Remind and record (issue 6): each school's training catalogue and the training its staff have
 * done, the policy register with its versions, reviews and signed declarations, and parents'
 * e-safety meetings.
 *
 * Records of what people did are kept as written (DESIGN.md, Data: training records are kept for
 * the length of employment plus six years): a wrong training record is put right by a new row that
 * names the one it corrects, and signatures, versions and reviews are only ever added. The
 * database refuses UPDATE and DELETE on them (the trigger function comes from 002-reports).
 * Composite foreign keys on (school_id, id) keep every row inside its school.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE training_courses (
      school_id uuid NOT NULL REFERENCES schools(id),
      course_id text NOT NULL CHECK (course_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      -- domain/training/catalogue.ts CourseCycleSchema, e.g. {"kind":"yearly"}
      cycle jsonb NOT NULL,
      -- Roles that must do it: data, so a school changes it without a release.
      required_for jsonb NOT NULL,
      evidence_required boolean NOT NULL DEFAULT false,
      -- Catalogue order on cards and in the matrix.
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, course_id)
    );

    CREATE TABLE training_records (
      id bigserial PRIMARY KEY,
      school_id uuid NOT NULL REFERENCES schools(id),
      person_id uuid NOT NULL,
      course_id text NOT NULL,
      completed_on date NOT NULL,
      provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
      certificate_url text,
      -- NULL only for an operator's CSV import run from the command line.
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      source text NOT NULL CHECK (source IN ('self','on-behalf','import','register')),
      -- A correction is a new row naming the row it replaces; the replaced row stays as written.
      corrects_id bigint REFERENCES training_records(id),
      -- A correction that says the corrected record should not count at all.
      withdrawn boolean NOT NULL DEFAULT false,
      -- The same course on the same day for the same person (a double press, a retried turn) is one record.
      idempotency_key text NOT NULL UNIQUE,
      FOREIGN KEY (school_id, person_id) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, recorded_by) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, course_id) REFERENCES training_courses (school_id, course_id),
      CHECK (NOT withdrawn OR corrects_id IS NOT NULL)
    );
    CREATE INDEX training_records_person ON training_records (school_id, person_id, course_id);
    -- A record is corrected at most once; a later correction corrects the correction.
    CREATE UNIQUE INDEX training_records_corrected_once ON training_records (corrects_id) WHERE corrects_id IS NOT NULL;
    CREATE TRIGGER training_records_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON training_records
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();

    CREATE TABLE policies (
      school_id uuid NOT NULL REFERENCES schools(id),
      policy_id text NOT NULL CHECK (policy_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      kind text NOT NULL CHECK (kind IN ('social-media','online-safety','acceptable-use','child-protection','other')),
      owner_id uuid NOT NULL,
      approved_on date NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      review_cycle_years smallint NOT NULL CHECK (review_cycle_years IN (1,2)),
      next_review_on date NOT NULL CHECK (next_review_on > approved_on),
      link text NOT NULL,
      -- Roles asked to read and sign each version (003 §8.1, Appendix 2; 002).
      signed_by jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, policy_id),
      FOREIGN KEY (school_id, owner_id) REFERENCES people (school_id, id)
    );

    -- Staff sign a version, not a policy: each version's approval date and link, as it was.
    CREATE TABLE policy_versions (
      school_id uuid NOT NULL,
      policy_id text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      approved_on date NOT NULL,
      link text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (school_id, policy_id, version),
      FOREIGN KEY (school_id, policy_id) REFERENCES policies (school_id, policy_id),
      FOREIGN KEY (school_id, created_by) REFERENCES people (school_id, id)
    );

    -- Who reviewed which policy, when, and the version it left (issue 6, item 4).
    CREATE TABLE policy_reviews (
      id bigserial PRIMARY KEY,
      school_id uuid NOT NULL,
      policy_id text NOT NULL,
      reviewed_by uuid NOT NULL,
      reviewed_on date NOT NULL,
      from_version integer NOT NULL,
      to_version integer NOT NULL CHECK (to_version >= from_version),
      reviewed_at timestamptz NOT NULL,
      idempotency_key text NOT NULL UNIQUE,
      FOREIGN KEY (school_id, policy_id) REFERENCES policies (school_id, policy_id),
      FOREIGN KEY (school_id, reviewed_by) REFERENCES people (school_id, id)
    );
    CREATE INDEX policy_reviews_policy ON policy_reviews (school_id, policy_id, reviewed_at);

    -- The declaration (003 Appendix 2): who signed which version, and when.
    CREATE TABLE policy_signatures (
      school_id uuid NOT NULL,
      policy_id text NOT NULL,
      version integer NOT NULL,
      person_id uuid NOT NULL,
      signed_on date NOT NULL,
      signed_at timestamptz NOT NULL,
      PRIMARY KEY (school_id, policy_id, version, person_id),
      FOREIGN KEY (school_id, policy_id, version) REFERENCES policy_versions (school_id, policy_id, version),
      FOREIGN KEY (school_id, person_id) REFERENCES people (school_id, id)
    );

    CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON policy_versions
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
    CREATE TRIGGER policy_reviews_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON policy_reviews
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
    CREATE TRIGGER policy_signatures_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON policy_signatures
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();

    -- Parents' e-safety meetings, at least yearly (004 §14, 000 §2: "arranging e-safety meetings
    -- for parents"). Parents are not on the roster, so attendance is a count.
    CREATE TABLE parent_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      held_on date NOT NULL,
      organiser_id uuid,
      attended_count integer CHECK (attended_count >= 0),
      recorded_at timestamptz NOT NULL,
      idempotency_key text NOT NULL UNIQUE,
      FOREIGN KEY (school_id, organiser_id) REFERENCES people (school_id, id)
    );
    CREATE INDEX parent_meetings_school ON parent_meetings (school_id, held_on);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE parent_meetings; DROP TABLE policy_signatures; DROP TABLE policy_reviews;
     DROP TABLE policy_versions; DROP TABLE policies; DROP TABLE training_records;
     DROP TABLE training_courses;`,
  );
}
