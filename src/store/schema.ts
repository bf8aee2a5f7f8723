import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type {
  ConcernsStaff,
  EntryKind,
  Priority,
  ReportAbout,
  ReportCategory,
  ReportOutcome,
  ReportStatus,
  RoutedTo,
} from '../domain/reports/report.js';

/** Kysely's view of the tables that `migrations/` create. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns come back as text (see database.ts): a calendar day has no time zone. */
type DateText = ColumnType<string, string, string>;

export interface TrustsTable {
  id: Generated<string>;
  name: string;
  created_at: Timestamp;
}

export interface SchoolsTable {
  id: Generated<string>;
  trust_id: string | null;
  name: string;
  teams_tenant_id: string | null;
  time_zone: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface PeopleTable {
  id: Generated<string>;
  school_id: string;
  display_name: string;
  given_name: string | null;
  email: string | null;
  aad_object_id: string | null;
  teams_user_id: string | null;
  starts_on: DateText | null;
  left_on: DateText | null;
  created_at: Timestamp;
}

export interface PersonRolesTable {
  school_id: string;
  person_id: string;
  role: string;
}

export interface ClassesTable {
  id: Generated<string>;
  school_id: string;
  name: string;
  year_group: number;
  teams_team_id: string | null;
  created_at: Timestamp;
}

export interface ClassMembersTable {
  school_id: string;
  class_id: string;
  person_id: string;
  membership: 'pupil' | 'teacher';
}

export interface HalfTermsTable {
  school_id: string;
  academic_year: string;
  term: string;
  half_term: number;
  starts_on: DateText;
  ends_on: DateText;
}

export interface SchoolClosuresTable {
  school_id: string;
  on_date: DateText;
  kind: string;
  label: string;
}

export interface ConversationsTable {
  id: Generated<string>;
  school_id: string | null;
  teams_conversation_id: string;
  kind: 'personal' | 'groupChat' | 'channel';
  tenant_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  person_id: string | null;
  service_url: string;
  reference: JSONColumnType<Record<string, unknown>>;
  installed: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  school_id: string | null;
  idempotency_key: string;
  conversation_id: string | null;
  person_id: string | null;
  activity: JSONColumnType<Record<string, unknown>>;
  priority: Generated<number>;
  status: Generated<'pending' | 'sending' | 'sent' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  last_error: string | null;
  sent_activity_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface OutboxTenantLeasesTable {
  tenant_key: string;
  holder: string;
  until: Timestamp;
}

export interface ReportCountersTable {
  school_id: string;
  last_number: number;
}

/** `*_enc` columns hold base64 AES-256-GCM ciphertext (store/report-crypto.ts), never plain text. */
export interface ReportsTable {
  id: Generated<string>;
  school_id: string;
  number: number;
  reference: string;
  reporter_person_id: string;
  category: ReportCategory;
  about: ReportAbout;
  concerns_staff: ConcernsStaff;
  named_staff_person_id: string | null;
  routed_to: RoutedTo;
  key_id: string;
  where_text_enc: string;
  when_text_enc: string;
  what_text_enc: string;
  danger_now: boolean;
  priority: Priority;
  status: Generated<ReportStatus>;
  name_withheld: Generated<boolean>;
  assigned_to: string | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  outcome: ReportOutcome | null;
  idempotency_key: string;
  created_at: Timestamp;
  /** Set when an unread report is escalated to the next in line (migration 004). */
  escalated_to: RoutedTo | null;
  /** An urgent alert raised before the pupil wrote anything; their form completes it (migration 007). */
  details_pending: Generated<boolean>;
}

/** The chronology: rows are only ever added (the database refuses UPDATE and DELETE). */
export interface ReportEntriesTable {
  id: Generated<string>;
  report_id: string;
  school_id: string;
  author_person_id: string | null;
  kind: EntryKind;
  body_enc: string | null;
  key_id: string | null;
  created_at: Timestamp;
  /** A card press makes its entry once (migration 004). */
  idempotency_key: string | null;
}

/** Append-only in the database; `detail` carries codes and ids, never report content. */
export interface AuditLogTable {
  id: Generated<string>;
  school_id: string;
  actor_person_id: string | null;
  action: string;
  report_id: string | null;
  detail: JSONColumnType<Record<string, string | number | boolean | null>>;
  at: Timestamp;
}

export interface ScheduledJobsTable {
  id: Generated<string>;
  school_id: string | null;
  kind: string;
  run_at: Timestamp;
  payload: JSONColumnType<Record<string, unknown>>;
  status: Generated<'pending' | 'running' | 'done' | 'cancelled' | 'failed'>;
  attempts: Generated<number>;
  claimed_until: Timestamp | null;
  last_error: string | null;
  idempotency_key: string;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** Teaching (migration 005): a class's usual PSHE slot; no row means the default slot. */
export interface ClassPsheSlotsTable {
  class_id: string;
  school_id: string;
  pshe_day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday';
  pshe_time: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A term plan being shaped on a teacher's card, as ids, dates and times. */
export interface TermPlanDraftsTable {
  id: Generated<string>;
  school_id: string;
  created_by: string;
  academic_year: string;
  term: 'autumn' | 'spring' | 'summer';
  plan: JSONColumnType<Record<string, unknown>>;
  status: Generated<'draft' | 'confirmed'>;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Timestamp | null;
}

export interface PlannedLessonsTable {
  id: Generated<string>;
  school_id: string;
  class_id: string;
  lesson_id: string;
  academic_year: string;
  term: 'autumn' | 'spring' | 'summer';
  half_term: number;
  local_date: DateText;
  local_time: string;
  starts_at: Timestamp;
  status: Generated<'planned' | 'posted' | 'delivered' | 'cancelled'>;
  revision: Generated<number>;
  planned_by: string;
  confirmed_by: string;
  confirmed_at: Timestamp;
  posted_at: Timestamp | null;
  delivered_at: Timestamp | null;
  delivered_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QuizAnswersTable {
  school_id: string;
  planned_lesson_id: string;
  person_id: string;
  respondent: Generated<'pupil' | 'class'>;
  attempt: number;
  question_id: string;
  choice_id: string;
  correct: boolean | null;
  answered_at: Timestamp;
}

/** Single-use links to a case's export (issue 5 §10); only the token's SHA-256 is kept. */
export interface ReportExportLinksTable {
  token_hash: string;
  school_id: string;
  report_id: string;
  person_id: string;
  format: 'html' | 'csv';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

/** Training and policies (migration 006). Append-only: training records, policy versions, reviews, signatures. */
export interface TrainingCoursesTable {
  school_id: string;
  course_id: string;
  title: string;
  cycle: JSONColumnType<Record<string, unknown>>;
  required_for: JSONColumnType<string[]>;
  evidence_required: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingRecordsTable {
  id: Generated<string>;
  school_id: string;
  person_id: string;
  course_id: string;
  completed_on: DateText;
  provider: string;
  certificate_url: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  source: 'self' | 'on-behalf' | 'import' | 'register';
  corrects_id: string | null;
  withdrawn: Generated<boolean>;
  idempotency_key: string;
}

export interface PoliciesTable {
  school_id: string;
  policy_id: string;
  title: string;
  kind: string;
  owner_id: string;
  approved_on: DateText;
  version: number;
  review_cycle_years: number;
  next_review_on: DateText;
  link: string;
  signed_by: JSONColumnType<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PolicyVersionsTable {
  school_id: string;
  policy_id: string;
  version: number;
  approved_on: DateText;
  link: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PolicyReviewsTable {
  id: Generated<string>;
  school_id: string;
  policy_id: string;
  reviewed_by: string;
  reviewed_on: DateText;
  from_version: number;
  to_version: number;
  reviewed_at: Timestamp;
  idempotency_key: string;
}

export interface PolicySignaturesTable {
  school_id: string;
  policy_id: string;
  version: number;
  person_id: string;
  signed_on: DateText;
  signed_at: Timestamp;
}

export interface ParentMeetingsTable {
  id: Generated<string>;
  school_id: string;
  title: string;
  held_on: DateText;
  organiser_id: string | null;
  attended_count: number | null;
  recorded_at: Timestamp;
  idempotency_key: string;
}

/** Attendance registers (migration 008): append-only; a correction is the next version. */
export interface AttendanceRegistersTable {
  id: Generated<string>;
  school_id: string;
  session_kind: 'lesson' | 'training-session' | 'parents-meeting';
  session_id: string;
  planned_lesson_id: string | null;
  version: number;
  source: 'manual' | 'teams-meeting';
  meeting_id: string | null;
  taken_by: string;
  taken_at: Timestamp;
  idempotency_key: string;
}

export interface AttendanceMarksTable {
  register_id: string;
  school_id: string;
  person_id: string;
  mark: 'present' | 'absent' | 'late';
}

export interface Database {
  trusts: TrustsTable;
  schools: SchoolsTable;
  people: PeopleTable;
  person_roles: PersonRolesTable;
  classes: ClassesTable;
  class_members: ClassMembersTable;
  half_terms: HalfTermsTable;
  school_closures: SchoolClosuresTable;
  conversations: ConversationsTable;
  outbox: OutboxTable;
  outbox_tenant_leases: OutboxTenantLeasesTable;
  report_counters: ReportCountersTable;
  reports: ReportsTable;
  report_entries: ReportEntriesTable;
  audit_log: AuditLogTable;
  scheduled_jobs: ScheduledJobsTable;
  report_export_links: ReportExportLinksTable;
  class_pshe_slots: ClassPsheSlotsTable;
  term_plan_drafts: TermPlanDraftsTable;
  planned_lessons: PlannedLessonsTable;
  quiz_answers: QuizAnswersTable;
  training_courses: TrainingCoursesTable;
  training_records: TrainingRecordsTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_reviews: PolicyReviewsTable;
  policy_signatures: PolicySignaturesTable;
  parent_meetings: ParentMeetingsTable;
  attendance_registers: AttendanceRegistersTable;
  attendance_marks: AttendanceMarksTable;
}
