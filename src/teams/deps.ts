import type { LessonLibrary } from '../content/lesson-library.js';
import type { Clock } from '../domain/clock.js';
import type { MeetingAttendanceReader } from '../graph/meeting-attendance.js';
import type { Logger } from '../log.js';
import type { AttendanceRepository } from '../store/attendance-repository.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { JobRepository } from '../store/job-repository.js';
import type { OutboxRepository } from '../store/outbox-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { ReportExportLinkRepository } from '../store/report-export-link-repository.js';
import type { ReportRepository } from '../store/report-repository.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import type { CardRenderer } from './cards.js';

/** What the Teams routes need; built once in the composition root. */
export type BotDeps = {
  directory: DirectoryRepository;
  lessons: LessonLibrary;
  conversations: ConversationRepository;
  outbox: OutboxRepository;
  /** Scheduled work (escalation timers, lesson posts, reminders); run by use-cases/job-runner.ts. */
  jobs: JobRepository;
  reports: ReportRepository;
  /** Single-use links to a case's export (issue 5 §10). */
  exportLinks: ReportExportLinkRepository;
  /** Where people's browsers reach the bot (PUBLIC_URL; in local mode the bot's own address). */
  publicUrl: () => string | undefined;
  /** Training catalogue and records, policy register and declarations (issue 6). */
  training: TrainingRepository;
  policies: PolicyRepository;
  /** PSHE slots, term plans, planned lessons and quiz answers (issue 4). */
  teaching: TeachingRepository;
  /** Attendance registers for lessons and other sessions (issue 6 §7). */
  attendance: AttendanceRepository;
  /** Teams meeting attendance through Graph (issue 6 §8); undefined when not connected. */
  meetingAttendance: MeetingAttendanceReader | undefined;
  cards: CardRenderer;
  log: Logger;
  clock: Clock;
  /** In local mode (the playground, tests) a tenant we do not know maps to the demo school. */
  fallbackSchoolId: string | undefined;
};
