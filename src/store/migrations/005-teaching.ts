import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Teaching (issue 4): each class's usual PSHE slot, a teacher's term plan while they shape it,
 * the lessons it schedules, and pupils' quiz answers. Times are kept as the school's wall clock
 * (local date and "HH:mm", Europe/London) with the UTC instant beside them for the scheduler, so
 * 10:30 stays 10:30 across a clock change. Quiz answers are rows, never totals: first and best
 * scores are derived, and a retry adds an attempt rather than overwriting one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE UNIQUE INDEX classes_school_id_teaching ON classes (school_id, id);

    -- A class without a row here is taught on the default slot (use-cases/plan-term.ts).
    CREATE TABLE class_pshe_slots (
      class_id uuid PRIMARY KEY,
      school_id uuid NOT NULL REFERENCES schools(id),
      pshe_day text NOT NULL CHECK (pshe_day IN ('monday','tuesday','wednesday','thursday','friday')),
      pshe_time text NOT NULL CHECK (pshe_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id) ON DELETE CASCADE,
      FOREIGN KEY (school_id, updated_by) REFERENCES people (school_id, id)
    );

    -- A plan being shaped on a card (moves, swaps) until the teacher confirms it. Holds the
    -- proposal as ids, dates and times only.
    CREATE TABLE term_plan_drafts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      created_by uuid NOT NULL,
      academic_year text NOT NULL,
      term text NOT NULL CHECK (term IN ('autumn','spring','summer')),
      plan jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','confirmed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      FOREIGN KEY (school_id, created_by) REFERENCES people (school_id, id)
    );

    CREATE TABLE planned_lessons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      class_id uuid NOT NULL,
      lesson_id text NOT NULL,
      academic_year text NOT NULL,
      term text NOT NULL CHECK (term IN ('autumn','spring','summer')),
      half_term smallint NOT NULL CHECK (half_term IN (1,2)),
      local_date date NOT NULL,
      local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      starts_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','posted','delivered','cancelled')),
      -- Bumped on every re-plan: job keys carry it, so the jobs of an older date are cancelled
      -- and the new ones are not mistaken for them.
      revision integer NOT NULL DEFAULT 1,
      planned_by uuid NOT NULL,
      confirmed_by uuid NOT NULL,
      confirmed_at timestamptz NOT NULL DEFAULT now(),
      posted_at timestamptz,
      delivered_at timestamptz,
      delivered_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (school_id, id),
      FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id) ON DELETE CASCADE,
      FOREIGN KEY (school_id, planned_by) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, confirmed_by) REFERENCES people (school_id, id),
      FOREIGN KEY (school_id, delivered_by) REFERENCES people (school_id, id),
      CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
    );
    -- One live lesson per class and half-term; a cancelled one stays as history.
    CREATE UNIQUE INDEX planned_lessons_slot ON planned_lessons (class_id, academic_year, term, half_term)
      WHERE status <> 'cancelled';
    CREATE INDEX planned_lessons_class ON planned_lessons (class_id, starts_at);

    -- One row per answer. A pupil's attempt is numbered from 1; the first answer to a question
    -- in an attempt stands (a double press stores one). respondent 'class' is a teacher-led quiz
    -- (ages 4-7) answered aloud together, pressed by the teacher.
    CREATE TABLE quiz_answers (
      school_id uuid NOT NULL REFERENCES schools(id),
      planned_lesson_id uuid NOT NULL,
      person_id uuid NOT NULL,
      respondent text NOT NULL DEFAULT 'pupil' CHECK (respondent IN ('pupil','class')),
      attempt smallint NOT NULL CHECK (attempt >= 1),
      question_id text NOT NULL,
      choice_id text NOT NULL,
      -- NULL for a talk-about-it question, which has no right answer.
      correct boolean,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (planned_lesson_id, person_id, attempt, question_id),
      FOREIGN KEY (school_id, planned_lesson_id) REFERENCES planned_lessons (school_id, id) ON DELETE CASCADE,
      FOREIGN KEY (school_id, person_id) REFERENCES people (school_id, id)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE quiz_answers; DROP TABLE planned_lessons; DROP TABLE term_plan_drafts;
     DROP TABLE class_pshe_slots; DROP INDEX classes_school_id_teaching;`,
  );
}
