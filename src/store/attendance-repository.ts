import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export type AttendanceMark = 'present' | 'absent' | 'late';
export type SessionKind = 'lesson' | 'training-session' | 'parents-meeting';
export type RegisterSource = 'manual' | 'teams-meeting';

/** What a register is for: a planned lesson's id for a lesson; the session's own id otherwise. */
export type AttendanceSession = { kind: SessionKind; id: string };

export type RegisterRecord = {
  id: string;
  schoolId: string;
  session: AttendanceSession;
  version: number;
  source: RegisterSource;
  meetingId: string | null;
  takenBy: string;
  takenByName: string;
  takenAt: Date;
  /** Ordered by the person's name. */
  marks: { personId: string; mark: AttendanceMark }[];
};

export type NewRegister = {
  schoolId: string;
  session: AttendanceSession;
  source: RegisterSource;
  meetingId?: string | undefined;
  takenBy: string;
  takenAt: Date;
  /** Names the form it came from: saving the same form again returns the version it saved. */
  idempotencyKey: string;
  marks: readonly { personId: string; mark: AttendanceMark }[];
};

export type RosterEntry = { id: string; displayName: string; aadObjectId: string | null };

const REGISTER_COLUMNS = [
  'attendance_registers.id',
  'attendance_registers.school_id',
  'attendance_registers.session_kind',
  'attendance_registers.session_id',
  'attendance_registers.version',
  'attendance_registers.source',
  'attendance_registers.meeting_id',
  'attendance_registers.taken_by',
  'attendance_registers.taken_at',
  'people.display_name as taken_by_name',
] as const;

/**
 * Attendance registers (migration 008). A register is written once and never changed: a
 * correction saves the next version, so every earlier one stays as it was taken.
 */
export class AttendanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /**
   * Saves a register as the session's next version. `afterSave` runs in the same transaction (to
   * queue what the register causes). The same idempotency key again (a double press, a retried
   * invoke) saves nothing and returns the version that key saved, with `created: false`.
   */
  async save(
    register: NewRegister,
    afterSave?: (saved: RegisterRecord, trx: Kysely<Database>) => Promise<void>,
  ): Promise<{ register: RegisterRecord; created: boolean }> {
    const existing = await this.byIdempotencyKey(register.idempotencyKey);
    if (existing) return { register: existing, created: false };
    const created = await this.db.transaction().execute(async (trx) => {
      // Versions of one session are numbered in turn: two teachers saving at once take turns here
      // rather than both becoming version 2.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`register:${register.session.kind}:${register.session.id}`}))`.execute(
        trx,
      );
      const last = await trx
        .selectFrom('attendance_registers')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('school_id', '=', register.schoolId)
        .where('session_kind', '=', register.session.kind)
        .where('session_id', '=', register.session.id)
        .executeTakeFirst();
      const row = await trx
        .insertInto('attendance_registers')
        .values({
          school_id: register.schoolId,
          session_kind: register.session.kind,
          session_id: register.session.id,
          planned_lesson_id: register.session.kind === 'lesson' ? register.session.id : null,
          version: Number(last?.version ?? 0) + 1,
          source: register.source,
          meeting_id: register.source === 'teams-meeting' ? (register.meetingId ?? null) : null,
          taken_by: register.takenBy,
          taken_at: register.takenAt,
          idempotency_key: register.idempotencyKey,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      // The same form saved at the same moment by a second delivery: the first one stands.
      if (!row) return undefined;
      if (register.marks.length > 0)
        await trx
          .insertInto('attendance_marks')
          .values(
            register.marks.map((m) => ({
              register_id: row.id,
              school_id: register.schoolId,
              person_id: m.personId,
              mark: m.mark,
            })),
          )
          .execute();
      const saved = await this.registerById(row.id, trx);
      if (!saved) throw new Error('register vanished in its own transaction');
      await afterSave?.(saved, trx);
      return saved;
    });
    if (created) return { register: created, created: true };
    const winner = await this.byIdempotencyKey(register.idempotencyKey);
    if (!winner) throw new Error('register neither saved nor found');
    return { register: winner, created: false };
  }

  /** The register as it stands now (its latest version), or undefined when none was taken. */
  async current(
    session: AttendanceSession,
    db: Kysely<Database> = this.db,
  ): Promise<RegisterRecord | undefined> {
    const row = await this.registerRows(db)
      .where('attendance_registers.session_kind', '=', session.kind)
      .where('attendance_registers.session_id', '=', session.id)
      .orderBy('attendance_registers.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && this.withMarks(row, db);
  }

  /** Every version of a session's register, first taken first. */
  async history(session: AttendanceSession): Promise<RegisterRecord[]> {
    const rows = await this.registerRows(this.db)
      .where('attendance_registers.session_kind', '=', session.kind)
      .where('attendance_registers.session_id', '=', session.id)
      .orderBy('attendance_registers.version')
      .execute();
    return Promise.all(rows.map((r) => this.withMarks(r, this.db)));
  }

  /** The people named, with their names and Entra object ids, ordered by name. */
  async roster(personIds: readonly string[]): Promise<RosterEntry[]> {
    if (personIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('people')
      .select(['id', 'display_name', 'aad_object_id'])
      .where('id', 'in', personIds)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, aadObjectId: r.aad_object_id }));
  }

  /**
   * Attendance by class for the leadership view (issue 6 §9): each class's lesson registers of one
   * academic year as they stand now (the latest version of each), counted by mark. Counts only,
   * never names.
   */
  async attendanceByClass(
    schoolId: string,
    academicYear: string,
  ): Promise<
    { classId: string; className: string; registers: number; present: number; late: number; absent: number }[]
  > {
    const latest = this.db
      .selectFrom('attendance_registers')
      .select(['id', 'planned_lesson_id'])
      .distinctOn(['session_kind', 'session_id'])
      .where('school_id', '=', schoolId)
      .where('session_kind', '=', 'lesson')
      .orderBy('session_kind')
      .orderBy('session_id')
      .orderBy('version', 'desc')
      .as('latest');
    const rows = await this.db
      .selectFrom(latest)
      .innerJoin('planned_lessons', 'planned_lessons.id', 'latest.planned_lesson_id')
      .innerJoin('classes', 'classes.id', 'planned_lessons.class_id')
      .innerJoin('attendance_marks', 'attendance_marks.register_id', 'latest.id')
      .where('planned_lessons.academic_year', '=', academicYear)
      .select((eb) => [
        'classes.id as class_id',
        'classes.name as class_name',
        eb.fn.count<string>('latest.id').distinct().as('registers'),
        eb.fn
          .count<string>('attendance_marks.person_id')
          .filterWhere('attendance_marks.mark', '=', 'present')
          .as('present'),
        eb.fn
          .count<string>('attendance_marks.person_id')
          .filterWhere('attendance_marks.mark', '=', 'late')
          .as('late'),
        eb.fn
          .count<string>('attendance_marks.person_id')
          .filterWhere('attendance_marks.mark', '=', 'absent')
          .as('absent'),
      ])
      .groupBy(['classes.id', 'classes.name', 'classes.year_group'])
      .orderBy('classes.year_group')
      .orderBy('classes.name')
      .execute();
    return rows.map((r) => ({
      classId: r.class_id,
      className: r.class_name,
      registers: Number(r.registers),
      present: Number(r.present),
      late: Number(r.late),
      absent: Number(r.absent),
    }));
  }

  private async byIdempotencyKey(key: string): Promise<RegisterRecord | undefined> {
    const row = await this.registerRows(this.db)
      .where('attendance_registers.idempotency_key', '=', key)
      .executeTakeFirst();
    return row && this.withMarks(row, this.db);
  }

  private async registerById(id: string, db: Kysely<Database>): Promise<RegisterRecord | undefined> {
    const row = await this.registerRows(db).where('attendance_registers.id', '=', id).executeTakeFirst();
    return row && this.withMarks(row, db);
  }

  private registerRows(db: Kysely<Database>) {
    return db
      .selectFrom('attendance_registers')
      .innerJoin('people', 'people.id', 'attendance_registers.taken_by')
      .select(REGISTER_COLUMNS);
  }

  private async withMarks(
    r: {
      id: string;
      school_id: string;
      session_kind: SessionKind;
      session_id: string;
      version: number;
      source: RegisterSource;
      meeting_id: string | null;
      taken_by: string;
      taken_at: Date;
      taken_by_name: string;
    },
    db: Kysely<Database>,
  ): Promise<RegisterRecord> {
    const marks = await db
      .selectFrom('attendance_marks')
      .innerJoin('people', 'people.id', 'attendance_marks.person_id')
      .select(['attendance_marks.person_id', 'attendance_marks.mark'])
      .where('attendance_marks.register_id', '=', r.id)
      .orderBy('people.display_name')
      .orderBy('people.id')
      .execute();
    return {
      id: r.id,
      schoolId: r.school_id,
      session: { kind: r.session_kind, id: r.session_id },
      version: r.version,
      source: r.source,
      meetingId: r.meeting_id,
      takenBy: r.taken_by,
      takenByName: r.taken_by_name,
      takenAt: r.taken_at,
      marks: marks.map((m) => ({ personId: m.person_id, mark: m.mark })),
    };
  }
}
