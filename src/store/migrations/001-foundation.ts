import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The directory (trusts, schools, people, roles, classes), the school calendar, the Teams
 * conversations the bot may write to, and the proactive outbox. Every row belongs to a school.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE trusts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid REFERENCES trusts(id),
      name text NOT NULL,
      -- Microsoft Entra tenant the school's Teams lives in; a trust may share one tenant.
      teams_tenant_id text,
      time_zone text NOT NULL DEFAULT 'Europe/London',
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX schools_tenant ON schools (teams_tenant_id);

    CREATE TABLE people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      display_name text NOT NULL,
      given_name text,
      email text,
      -- Entra object id: the identity Teams gives us on every activity.
      aad_object_id text,
      -- The Teams channel account id (29:...), learnt on first contact.
      teams_user_id text,
      starts_on date,
      left_on date,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX people_school_aad ON people (school_id, aad_object_id) WHERE aad_object_id IS NOT NULL;
    CREATE UNIQUE INDEX people_school_email ON people (school_id, lower(email)) WHERE email IS NOT NULL;
    CREATE INDEX people_aad ON people (aad_object_id);

    CREATE TABLE person_roles (
      school_id uuid NOT NULL REFERENCES schools(id),
      person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('pupil','teacher','dsl','deputy-dsl','headteacher','leadership','chair-of-governors','admin')),
      PRIMARY KEY (person_id, role)
    );
    CREATE INDEX person_roles_school_role ON person_roles (school_id, role);

    CREATE TABLE classes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      name text NOT NULL,
      year_group smallint NOT NULL CHECK (year_group BETWEEN 0 AND 13),
      -- The class team in Teams (its id is also the General channel's conversation id).
      teams_team_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (school_id, name)
    );
    CREATE UNIQUE INDEX classes_team ON classes (teams_team_id) WHERE teams_team_id IS NOT NULL;

    CREATE TABLE class_members (
      school_id uuid NOT NULL REFERENCES schools(id),
      class_id uuid NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      membership text NOT NULL CHECK (membership IN ('pupil','teacher')),
      PRIMARY KEY (class_id, person_id)
    );
    CREATE INDEX class_members_person ON class_members (person_id);

    CREATE TABLE half_terms (
      school_id uuid NOT NULL REFERENCES schools(id),
      academic_year text NOT NULL,
      term text NOT NULL CHECK (term IN ('autumn','spring','summer')),
      half_term smallint NOT NULL CHECK (half_term IN (1,2)),
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      PRIMARY KEY (school_id, academic_year, term, half_term)
    );

    CREATE TABLE school_closures (
      school_id uuid NOT NULL REFERENCES schools(id),
      on_date date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('inset','bank-holiday','closure')),
      label text NOT NULL,
      PRIMARY KEY (school_id, on_date)
    );

    CREATE TABLE conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid REFERENCES schools(id),
      teams_conversation_id text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('personal','groupChat','channel')),
      tenant_id text,
      team_id text,
      channel_id text,
      -- The person whose 1:1 chat this is (personal chats only).
      person_id uuid REFERENCES people(id),
      service_url text NOT NULL,
      -- botbuilder's ConversationReference, as Teams last gave it: what a proactive send needs.
      reference jsonb NOT NULL,
      installed boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX conversations_person ON conversations (person_id) WHERE person_id IS NOT NULL;
    CREATE INDEX conversations_team ON conversations (team_id) WHERE team_id IS NOT NULL;

    -- Every proactive send goes through here, so a restart loses nothing and a retry sends once.
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      school_id uuid REFERENCES schools(id),
      idempotency_key text NOT NULL UNIQUE,
      conversation_id uuid NOT NULL REFERENCES conversations(id),
      -- What to send: a template name and its data, rendered at send time.
      activity jsonb NOT NULL,
      -- Lower sends first: safeguarding notifications jump the queue.
      priority smallint NOT NULL DEFAULT 5,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      -- A sender that claims a row holds it until then; a crashed sender's claim runs out.
      claimed_until timestamptz,
      last_error text,
      sent_activity_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX outbox_due ON outbox (priority, next_attempt_at) WHERE status IN ('pending','sending');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE outbox; DROP TABLE conversations; DROP TABLE school_closures; DROP TABLE half_terms;
     DROP TABLE class_members; DROP TABLE classes; DROP TABLE person_roles; DROP TABLE people;
     DROP TABLE schools; DROP TABLE trusts;`,
  );
}
