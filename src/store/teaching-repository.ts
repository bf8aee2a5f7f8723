import { type Kysely, sql } from 'kysely';
import type { HalfTermNumber, Term } from '../domain/curriculum/lesson.js';
import type { PsheDay } from '../domain/curriculum/term-plan.js';
import { isYearGroup, type YearGroup } from '../domain/directory/year-groups.js';
import type { Database } from './schema.js';

export type ClassForTeaching = {
  id: string;
  schoolId: string;
  name: string;
  yearGroup: YearGroup;
  teamsTeamId: string | null;
  /** Undefined when the class has never had its slot set: the caller applies the default. */
  slot: { psheDay: PsheDay; psheTime: string } | undefined;
};

export type PlannedLessonStatus = 'planned' | 'posted' | 'delivered' | 'cancelled';

export type PlannedLessonRecord = {
  id: string;
  schoolId: string;
  classId: string;
  lessonId: string;
  academicYear: string;
  term: Term;
  halfTerm: HalfTermNumber;
  localDate: string;
  localTime: string;
  startsAt: Date;
  status: PlannedLessonStatus;
  revision: number;
  plannedBy: string;
  confirmedBy: string;
  postedAt: Date | null;
  deliveredAt: Date | null;
};

export type LessonToConfirm = {
  classId: string;
  lessonId: string;
  academicYear: string;
  term: Term;
  halfTerm: HalfTermNumber;
  localDate: string;
  localTime: string;
  startsAt: Date;
};

export type PlanDraft = {
  id: string;
  schoolId: string;
  createdBy: string;
  academicYear: string;
  term: Term;
  plan: Record<string, unknown>;
  status: 'draft' | 'confirmed';
};

export type QuizAnswerRecord = {
  personId: string;
  respondent: 'pupil' | 'class';
  attempt: number;
  questionId: string;
  choiceId: string;
  correct: boolean | null;
  answeredAt: Date;
};

function toPlanned(r: {
  id: string;
  school_id: string;
  class_id: string;
  lesson_id: string;
  academic_year: string;
  term: Term;
  half_term: number;
  local_date: string;
  local_time: string;
  starts_at: Date;
  status: PlannedLessonStatus;
  revision: number;
  planned_by: string;
  confirmed_by: string;
  posted_at: Date | null;
  delivered_at: Date | null;
}): PlannedLessonRecord {
  return {
    id: r.id,
    schoolId: r.school_id,
    classId: r.class_id,
    lessonId: r.lesson_id,
    academicYear: r.academic_year,
    term: r.term,
    halfTerm: r.half_term as HalfTermNumber,
    localDate: r.local_date,
    localTime: r.local_time,
    startsAt: r.starts_at,
    status: r.status,
    revision: r.revision,
    plannedBy: r.planned_by,
    confirmedBy: r.confirmed_by,
    postedAt: r.posted_at,
    deliveredAt: r.delivered_at,
  };
}

const PLANNED_COLUMNS = [
  'id',
  'school_id',
  'class_id',
  'lesson_id',
  'academic_year',
  'term',
  'half_term',
  'local_date',
  'local_time',
  'starts_at',
  'status',
  'revision',
  'planned_by',
  'confirmed_by',
  'posted_at',
  'delivered_at',
] as const;

/**
 * Classes' PSHE slots, term plans and their lessons, and quiz answers (migration 005). Every
 * write that causes a message or a job takes the caller's transaction, so that both commit or
 * neither does (rule 1).
 */
export class TeachingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async classesOfSchool(schoolId: string): Promise<ClassForTeaching[]> {
    return this.classRows().where('classes.school_id', '=', schoolId).execute().then(toClasses);
  }

  async classById(classId: string): Promise<ClassForTeaching | undefined> {
    return (await this.classRows().where('classes.id', '=', classId).execute().then(toClasses))[0];
  }

  private classRows() {
    return this.db
      .selectFrom('classes')
      .leftJoin('class_pshe_slots', 'class_pshe_slots.class_id', 'classes.id')
      .select([
        'classes.id',
        'classes.school_id',
        'classes.name',
        'classes.year_group',
        'classes.teams_team_id',
        'class_pshe_slots.pshe_day',
        'class_pshe_slots.pshe_time',
      ])
      .orderBy('classes.year_group')
      .orderBy('classes.name');
  }

  async setSlot(props: {
    schoolId: string;
    classId: string;
    psheDay: PsheDay;
    psheTime: string;
    by: string;
  }): Promise<void> {
    await this.db
      .insertInto('class_pshe_slots')
      .values({
        class_id: props.classId,
        school_id: props.schoolId,
        pshe_day: props.psheDay,
        pshe_time: props.psheTime,
        updated_by: props.by,
      })
      .onConflict((oc) =>
        oc.column('class_id').doUpdateSet({
          pshe_day: props.psheDay,
          pshe_time: props.psheTime,
          updated_by: props.by,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  }

  async membersOf(classId: string, membership: 'pupil' | 'teacher'): Promise<string[]> {
    const rows = await this.db
      .selectFrom('class_members')
      .innerJoin('people', 'people.id', 'class_members.person_id')
      .select('people.id')
      .where('class_members.class_id', '=', classId)
      .where('class_members.membership', '=', membership)
      .where('people.left_on', 'is', null)
      .orderBy('people.display_name')
      .execute();
    return rows.map((r) => r.id);
  }

  /** The PSHE lead: a teacher who also holds the leadership role (DESIGN.md, Roles). */
  async psheLeads(schoolId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('people')
      .select('people.id')
      .where('people.school_id', '=', schoolId)
      .where('people.left_on', 'is', null)
      .where((eb) =>
        eb.and([
          eb.exists(
            eb
              .selectFrom('person_roles')
              .select('person_roles.person_id')
              .whereRef('person_roles.person_id', '=', 'people.id')
              .where('person_roles.role', '=', 'leadership'),
          ),
          eb.exists(
            eb
              .selectFrom('person_roles')
              .select('person_roles.person_id')
              .whereRef('person_roles.person_id', '=', 'people.id')
              .where('person_roles.role', '=', 'teacher'),
          ),
        ]),
      )
      .orderBy('people.display_name')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Any saved channel conversation of a team (a thread's has ";messageid=..." on its id), the
   * General channel's first: what the bot needs to post a new message to the team.
   */
  async channelConversationOfTeam(teamId: string): Promise<
    | {
        schoolId: string | null;
        teamsConversationId: string;
        tenantId: string | null;
        serviceUrl: string;
        reference: Record<string, unknown>;
      }
    | undefined
  > {
    const row = await this.db
      .selectFrom('conversations')
      .select(['school_id', 'teams_conversation_id', 'tenant_id', 'service_url', 'reference'])
      .where('team_id', '=', teamId)
      .where('kind', '=', 'channel')
      .where('installed', '=', true)
      .orderBy(sql`teams_conversation_id = ${teamId}`, 'desc')
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return (
      row && {
        schoolId: row.school_id,
        teamsConversationId: row.teams_conversation_id,
        tenantId: row.tenant_id,
        serviceUrl: row.service_url,
        reference: row.reference,
      }
    );
  }

  async createDraft(props: {
    schoolId: string;
    createdBy: string;
    academicYear: string;
    term: Term;
    plan: Record<string, unknown>;
  }): Promise<string> {
    const row = await this.db
      .insertInto('term_plan_drafts')
      .values({
        school_id: props.schoolId,
        created_by: props.createdBy,
        academic_year: props.academicYear,
        term: props.term,
        plan: JSON.stringify(props.plan),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async draft(id: string): Promise<PlanDraft | undefined> {
    const row = await this.db
      .selectFrom('term_plan_drafts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        schoolId: row.school_id,
        createdBy: row.created_by,
        academicYear: row.academic_year,
        term: row.term,
        plan: row.plan,
        status: row.status,
      }
    );
  }

  /** Only a draft still being shaped changes; returns whether it did. */
  async updateDraft(id: string, plan: Record<string, unknown>): Promise<boolean> {
    const result = await this.db
      .updateTable('term_plan_drafts')
      .set({ plan: JSON.stringify(plan), updated_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Confirms a draft once: a second confirm (a double press, a retried invoke) finds it confirmed
   * and returns undefined. Each lesson takes its class and half-term's slot: a new row, or the
   * planned (not yet posted) row re-dated with its revision bumped; a lesson already posted or
   * delivered stays as it is. `afterEach` runs in the same transaction (to schedule its jobs).
   */
  async confirmDraft(
    props: { draftId: string; by: string; at: Date; lessons: readonly LessonToConfirm[] },
    afterEach: (
      lesson: PlannedLessonRecord,
      previousRevision: number | undefined,
      trx: Kysely<Database>,
    ) => Promise<void>,
  ): Promise<PlannedLessonRecord[] | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const draft = await trx
        .updateTable('term_plan_drafts')
        .set({ status: 'confirmed', confirmed_at: props.at, updated_at: props.at })
        .where('id', '=', props.draftId)
        .where('status', '=', 'draft')
        .returning(['school_id'])
        .executeTakeFirst();
      if (!draft) return undefined;
      const saved: PlannedLessonRecord[] = [];
      for (const l of props.lessons) {
        const existing = await trx
          .selectFrom('planned_lessons')
          .select(PLANNED_COLUMNS)
          .where('class_id', '=', l.classId)
          .where('academic_year', '=', l.academicYear)
          .where('term', '=', l.term)
          .where('half_term', '=', l.halfTerm)
          .where('status', '<>', 'cancelled')
          .forUpdate()
          .executeTakeFirst();
        if (existing && existing.status !== 'planned') continue;
        const values = {
          lesson_id: l.lessonId,
          local_date: l.localDate,
          local_time: l.localTime,
          starts_at: l.startsAt,
          confirmed_by: props.by,
          confirmed_at: props.at,
          updated_at: props.at,
        };
        const row = existing
          ? await trx
              .updateTable('planned_lessons')
              .set((eb) => ({ ...values, revision: eb('revision', '+', 1) }))
              .where('id', '=', existing.id)
              .returning(PLANNED_COLUMNS)
              .executeTakeFirstOrThrow()
          : await trx
              .insertInto('planned_lessons')
              .values({
                ...values,
                school_id: draft.school_id,
                class_id: l.classId,
                academic_year: l.academicYear,
                term: l.term,
                half_term: l.halfTerm,
                planned_by: props.by,
              })
              .returning(PLANNED_COLUMNS)
              .executeTakeFirstOrThrow();
        const record = toPlanned(row);
        await afterEach(record, existing?.revision, trx);
        saved.push(record);
      }
      return saved;
    });
  }

  async plannedLesson(id: string): Promise<PlannedLessonRecord | undefined> {
    const row = await this.db
      .selectFrom('planned_lessons')
      .select(PLANNED_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPlanned(row);
  }

  /** Live (not cancelled) lessons of these classes, earliest first. */
  async plannedLessonsOf(classIds: readonly string[]): Promise<PlannedLessonRecord[]> {
    if (classIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('planned_lessons')
      .select(PLANNED_COLUMNS)
      .where('class_id', 'in', classIds)
      .where('status', '<>', 'cancelled')
      .orderBy('starts_at')
      .orderBy('class_id')
      .execute();
    return rows.map(toPlanned);
  }

  /** planned -> posted, once; returns whether this call made the change. */
  async markPosted(id: string, at: Date, db: Kysely<Database> = this.db): Promise<boolean> {
    const result = await db
      .updateTable('planned_lessons')
      .set({ status: 'posted', posted_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** planned/posted -> delivered, once; returns whether this call made the change. */
  async markDelivered(id: string, by: string, at: Date, db: Kysely<Database> = this.db): Promise<boolean> {
    const result = await db
      .updateTable('planned_lessons')
      .set({ status: 'delivered', delivered_at: at, delivered_by: by, updated_at: at })
      .where('id', '=', id)
      .where('status', 'in', ['planned', 'posted'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** planned -> cancelled, once, before it is posted; returns whether this call made the change. */
  async markCancelled(id: string, at: Date, db: Kysely<Database> = this.db): Promise<boolean> {
    const result = await db
      .updateTable('planned_lessons')
      .set({ status: 'cancelled', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Stores one answer; the first answer to a question in an attempt stands. Returns whether stored. */
  async recordAnswer(a: {
    schoolId: string;
    plannedLessonId: string;
    personId: string;
    respondent: 'pupil' | 'class';
    attempt: number;
    questionId: string;
    choiceId: string;
    correct: boolean | null;
    at: Date;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('quiz_answers')
      .values({
        school_id: a.schoolId,
        planned_lesson_id: a.plannedLessonId,
        person_id: a.personId,
        respondent: a.respondent,
        attempt: a.attempt,
        question_id: a.questionId,
        choice_id: a.choiceId,
        correct: a.correct,
        answered_at: a.at,
      })
      .onConflict((oc) =>
        oc.columns(['planned_lesson_id', 'person_id', 'attempt', 'question_id']).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Every answer to a planned lesson's quiz, or one person's when `personId` is given. */
  async answers(plannedLessonId: string, personId?: string): Promise<QuizAnswerRecord[]> {
    let q = this.db
      .selectFrom('quiz_answers')
      .select(['person_id', 'respondent', 'attempt', 'question_id', 'choice_id', 'correct', 'answered_at'])
      .where('planned_lesson_id', '=', plannedLessonId);
    if (personId) q = q.where('person_id', '=', personId);
    const rows = await q.orderBy('person_id').orderBy('attempt').orderBy('answered_at').execute();
    return rows.map(toAnswer);
  }

  /**
   * How pupils did at their first try, per lesson and question, counted in the database: a
   * school's year of lessons in one query of a few hundred rows rather than every answer (the
   * leadership overview). A whole-class answer (teacher-led) is not a pupil's and is left out.
   */
  async firstAttemptTallies(
    plannedLessonIds: readonly string[],
  ): Promise<{ plannedLessonId: string; questionId: string; answered: number; correct: number }[]> {
    if (plannedLessonIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('quiz_answers')
      .select((eb) => [
        'planned_lesson_id',
        'question_id',
        eb.fn.countAll<string>().as('answered'),
        sql<string>`count(*) filter (where correct)`.as('correct'),
      ])
      .where('planned_lesson_id', 'in', [...plannedLessonIds])
      .where('respondent', '=', 'pupil')
      .where('attempt', '=', 1)
      .groupBy(['planned_lesson_id', 'question_id'])
      .execute();
    return rows.map((r) => ({
      plannedLessonId: r.planned_lesson_id,
      questionId: r.question_id,
      answered: Number(r.answered),
      correct: Number(r.correct),
    }));
  }
}

function toAnswer(r: {
  person_id: string;
  respondent: QuizAnswerRecord['respondent'];
  attempt: number;
  question_id: string;
  choice_id: string;
  correct: boolean | null;
  answered_at: Date;
}): QuizAnswerRecord {
  return {
    personId: r.person_id,
    respondent: r.respondent,
    attempt: r.attempt,
    questionId: r.question_id,
    choiceId: r.choice_id,
    correct: r.correct,
    answeredAt: r.answered_at,
  };
}

function toClasses(
  rows: {
    id: string;
    school_id: string;
    name: string;
    year_group: number;
    teams_team_id: string | null;
    pshe_day: PsheDay | null;
    pshe_time: string | null;
  }[],
): ClassForTeaching[] {
  return rows.flatMap((r) =>
    isYearGroup(r.year_group)
      ? [
          {
            id: r.id,
            schoolId: r.school_id,
            name: r.name,
            yearGroup: r.year_group,
            teamsTeamId: r.teams_team_id,
            slot: r.pshe_day && r.pshe_time ? { psheDay: r.pshe_day, psheTime: r.pshe_time } : undefined,
          },
        ]
      : [],
  );
}
