import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Attendance registers (issue 6, items 7-8): who was at a delivered lesson (present, absent,
 * late) and, keyed the same way, at another session (a training session, a parents' meeting).
 *
 * A register is never changed once taken: a correction is a new version of the whole register,
 * with who took it and when, and the earlier versions stay as they were written (issue 6: "Registers
 * can be corrected, and corrections are kept"). The database refuses UPDATE and DELETE on both
 * tables (the trigger function comes from 002-reports). A session is named by its kind and id; a
 * lesson's register also carries the planned lesson as a real foreign key, so that it stays inside
 * its school and its lesson.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE attendance_registers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      session_kind text NOT NULL CHECK (session_kind IN ('lesson','training-session','parents-meeting')),
      session_id text NOT NULL CHECK (length(session_id) BETWEEN 1 AND 200),
      planned_lesson_id uuid,
      -- 1 for the register as first taken; each correction adds the next.
      version integer NOT NULL CHECK (version >= 1),
      -- 'teams-meeting': proposed from the meeting's attendance report and confirmed by the person.
      source text NOT NULL CHECK (source IN ('manual','teams-meeting')),
      meeting_id text CHECK (length(meeting_id) <= 2000),
      taken_by uuid NOT NULL,
      taken_at timestamptz NOT NULL,
      -- One per card form: a double press or a retried invoke saves one version.
      idempotency_key text NOT NULL UNIQUE,
      UNIQUE (school_id, id),
      UNIQUE (school_id, session_kind, session_id, version),
      FOREIGN KEY (school_id, planned_lesson_id) REFERENCES planned_lessons (school_id, id),
      FOREIGN KEY (school_id, taken_by) REFERENCES people (school_id, id),
      CHECK ((session_kind = 'lesson') = (planned_lesson_id IS NOT NULL)),
      CHECK (session_kind <> 'lesson' OR session_id = planned_lesson_id::text),
      CHECK ((source = 'teams-meeting') = (meeting_id IS NOT NULL))
    );

    CREATE TABLE attendance_marks (
      register_id uuid NOT NULL,
      school_id uuid NOT NULL,
      person_id uuid NOT NULL,
      mark text NOT NULL CHECK (mark IN ('present','absent','late')),
      PRIMARY KEY (register_id, person_id),
      FOREIGN KEY (school_id, register_id) REFERENCES attendance_registers (school_id, id),
      FOREIGN KEY (school_id, person_id) REFERENCES people (school_id, id)
    );
    CREATE INDEX attendance_marks_person ON attendance_marks (school_id, person_id);

    CREATE TRIGGER attendance_registers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON attendance_registers
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
    CREATE TRIGGER attendance_marks_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON attendance_marks
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `DROP TABLE attendance_marks; DROP TABLE attendance_registers;`);
}
