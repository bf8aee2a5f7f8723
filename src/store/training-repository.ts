import { type Kysely, sql } from 'kysely';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { type Role, RoleSchema } from '../domain/directory/roles.js';
import { type Catalogue, type Course, CourseSchema } from '../domain/training/catalogue.js';
import type { Completion, MatrixPerson } from '../domain/training/status.js';
import { OutboxRepository } from './outbox-repository.js';
import type { Database } from './schema.js';

/** A message to queue with the change that caused it (see OutboxRepository.enqueue). */
export type OutboxEntry = Parameters<OutboxRepository['enqueue']>[0];

export type RecordSource = 'self' | 'on-behalf' | 'import' | 'register';

export type NewTrainingRecord = {
  schoolId: string;
  personId: string;
  courseId: string;
  completedOn: LocalDate;
  provider: string;
  certificateUrl?: string | undefined;
  /** Undefined only for an operator's command-line import. */
  recordedBy: string | undefined;
  recordedAt: Date;
  source: RecordSource;
};

export type TrainingRecord = Completion & {
  id: string;
  provider: string;
  certificateUrl: string | undefined;
  recordedBy: string | undefined;
  recordedAt: Date;
  source: RecordSource;
};

/**
 * One record per person, course and day: a double press, a retried turn or a CSV imported twice
 * records it once. Parts are URI-encoded so that no id can make two keys the same.
 */
export const trainingRecordKey = (
  r: Pick<NewTrainingRecord, 'schoolId' | 'personId' | 'courseId' | 'completedOn'>,
) => ['training-record', r.schoolId, r.personId, r.courseId, r.completedOn].map(encodeURIComponent).join('/');

/** The school's training catalogue, its staff, and the training they have done (issue 6, items 1-2). */
export class TrainingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds the courses the school does not have yet; a course the school has changed is left as it is. */
  async ensureCatalogue(schoolId: string, catalogue: Catalogue): Promise<number> {
    if (catalogue.length === 0) return 0;
    const result = await this.db
      .insertInto('training_courses')
      .values(catalogue.map((c, i) => ({ school_id: schoolId, position: i, ...courseColumns(c) })))
      .onConflict((oc) => oc.columns(['school_id', 'course_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /** Adds a course or changes one (an admin's new cycle or roles). Records already kept still count. */
  async saveCourse(schoolId: string, course: Course, at: Date): Promise<void> {
    const valid = CourseSchema.parse(course);
    const position = await this.db
      .selectFrom('training_courses')
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('p'))
      .where('school_id', '=', schoolId)
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('training_courses')
      .values({
        school_id: schoolId,
        position: Number(position.p) + 1,
        ...courseColumns(valid),
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['school_id', 'course_id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          cycle: eb.ref('excluded.cycle'),
          required_for: eb.ref('excluded.required_for'),
          evidence_required: eb.ref('excluded.evidence_required'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async catalogue(schoolId: string): Promise<Catalogue> {
    const rows = await this.db
      .selectFrom('training_courses')
      .selectAll()
      .where('school_id', '=', schoolId)
      .orderBy('position')
      .orderBy('course_id')
      .execute();
    return rows.map((r) =>
      CourseSchema.parse({
        id: r.course_id,
        title: r.title,
        cycle: r.cycle,
        requiredFor: r.required_for,
        evidenceRequired: r.evidence_required,
      }),
    );
  }

  /**
   * The school's staff (anyone with a role other than pupil, still on the roll) with their roles and
   * start date. Someone imported without a start date is taken to have started the day they were
   * added to the roster, in the school's time zone: their induction clock starts then, not never.
   */
  async staff(schoolId: string): Promise<MatrixPerson[]> {
    const rows = await this.db
      .selectFrom('people')
      .innerJoin('schools', 'schools.id', 'people.school_id')
      .innerJoin('person_roles', 'person_roles.person_id', 'people.id')
      .select([
        'people.id',
        'people.display_name',
        sql<string>`coalesce(to_char(people.starts_on, 'YYYY-MM-DD'), to_char(people.created_at AT TIME ZONE schools.time_zone, 'YYYY-MM-DD'))`.as(
          'starts_on',
        ),
        'person_roles.role',
      ])
      .where('people.school_id', '=', schoolId)
      .where('people.left_on', 'is', null)
      .orderBy('people.display_name')
      .orderBy('people.id')
      .execute();
    const byId = new Map<string, MatrixPerson & { roles: Role[] }>();
    for (const r of rows) {
      let p = byId.get(r.id);
      if (!p) {
        p = { id: r.id, displayName: r.display_name, startsOn: r.starts_on, roles: [] };
        byId.set(r.id, p);
      }
      p.roles.push(RoleSchema.parse(r.role));
    }
    return [...byId.values()].filter((p) => p.roles.some((role) => role !== 'pupil'));
  }

  /**
   * Records a completion, with what it causes (messages) in the same transaction. Returns false,
   * recording nothing, when the same person already has this course on this day.
   */
  async record(
    r: NewTrainingRecord,
    effects: { outbox?: readonly OutboxEntry[] } = {},
  ): Promise<{ recorded: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const recorded = await insertRecord(trx, r);
      if (recorded) {
        const outbox = new OutboxRepository(trx);
        for (const m of effects.outbox ?? []) await outbox.enqueue(m, trx);
      }
      return { recorded };
    });
  }

  /** All or nothing (a CSV import): returns how many were new. */
  async recordAll(records: readonly NewTrainingRecord[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let added = 0;
      for (const r of records) if (await insertRecord(trx, r)) added += 1;
      return added;
    });
  }

  /**
   * Puts a record right: a new row names the one it replaces (or withdraws it), and the old row is
   * kept as written. Returns false when that record has already been corrected.
   */
  async correct(props: {
    schoolId: string;
    recordId: string;
    replacement: Omit<NewTrainingRecord, 'schoolId' | 'personId' | 'courseId'> | 'withdraw';
    by: string;
    at: Date;
  }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const old = await trx
        .selectFrom('training_records')
        .selectAll()
        .where('school_id', '=', props.schoolId)
        .where('id', '=', props.recordId)
        .executeTakeFirst();
      if (!old) return false;
      const r = props.replacement === 'withdraw' ? undefined : props.replacement;
      const result = await trx
        .insertInto('training_records')
        .values({
          school_id: props.schoolId,
          person_id: old.person_id,
          course_id: old.course_id,
          completed_on: r?.completedOn ?? old.completed_on,
          provider: r?.provider ?? old.provider,
          certificate_url: r ? (r.certificateUrl ?? null) : old.certificate_url,
          recorded_by: props.by,
          recorded_at: props.at,
          source: r?.source ?? 'on-behalf',
          corrects_id: old.id,
          withdrawn: r === undefined,
          idempotency_key: `training-correction/${old.id}`,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    });
  }

  /** The records that count: neither corrected by a later row nor withdrawn. */
  async records(schoolId: string, personId?: string): Promise<TrainingRecord[]> {
    let q = this.db
      .selectFrom('training_records as r')
      .selectAll('r')
      .where('r.school_id', '=', schoolId)
      .where('r.withdrawn', '=', false)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('training_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id')),
        ),
      );
    if (personId) q = q.where('r.person_id', '=', personId);
    const rows = await q.orderBy('r.completed_on').orderBy('r.id').execute();
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      courseId: r.course_id,
      completedOn: r.completed_on,
      provider: r.provider,
      certificateUrl: r.certificate_url ?? undefined,
      recordedBy: r.recorded_by ?? undefined,
      recordedAt: r.recorded_at,
      source: r.source,
    }));
  }

  /** Every row for a person, corrections included, oldest first: what was written, as written. */
  async history(
    schoolId: string,
    personId: string,
  ): Promise<(TrainingRecord & { correctsId: string | undefined; withdrawn: boolean })[]> {
    const rows = await this.db
      .selectFrom('training_records')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      courseId: r.course_id,
      completedOn: r.completed_on,
      provider: r.provider,
      certificateUrl: r.certificate_url ?? undefined,
      recordedBy: r.recorded_by ?? undefined,
      recordedAt: r.recorded_at,
      source: r.source,
      correctsId: r.corrects_id ?? undefined,
      withdrawn: r.withdrawn,
    }));
  }

  /** Staff by lower-case email, for matching a CSV import's lines to people. */
  async staffByEmail(schoolId: string): Promise<Map<string, string>> {
    const staffIds = new Set((await this.staff(schoolId)).map((s) => s.id));
    const rows = await this.db
      .selectFrom('people')
      .select(['id', 'email'])
      .where('school_id', '=', schoolId)
      .where('email', 'is not', null)
      .execute();
    return new Map(rows.filter((r) => staffIds.has(r.id)).map((r) => [r.email!.toLowerCase(), r.id]));
  }

  /** Staff who have a personal chat with the bot (installed): reminders can reach them today. */
  async staffWithPersonalChat(schoolId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('conversations')
      .innerJoin('people', 'people.id', 'conversations.person_id')
      .select('conversations.person_id')
      .where('people.school_id', '=', schoolId)
      .where('conversations.kind', '=', 'personal')
      .where('conversations.installed', '=', true)
      .execute();
    return new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])));
  }

  /** Every school, for the daily reminder jobs. */
  async schoolIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('schools').select('id').orderBy('created_at').execute();
    return rows.map((r) => r.id);
  }
}

function courseColumns(c: Course) {
  return {
    course_id: c.id,
    title: c.title,
    cycle: JSON.stringify(c.cycle),
    required_for: JSON.stringify(c.requiredFor),
    evidence_required: c.evidenceRequired,
  };
}

async function insertRecord(db: Kysely<Database>, r: NewTrainingRecord): Promise<boolean> {
  const result = await db
    .insertInto('training_records')
    .values({
      school_id: r.schoolId,
      person_id: r.personId,
      course_id: r.courseId,
      completed_on: r.completedOn,
      provider: r.provider,
      certificate_url: r.certificateUrl ?? null,
      recorded_by: r.recordedBy ?? null,
      recorded_at: r.recordedAt,
      source: r.source,
      idempotency_key: trainingRecordKey(r),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
