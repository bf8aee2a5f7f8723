import type { LessonLibrary } from '../content/lesson-library.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { JobRepository } from '../store/job-repository.js';
import type { OutboxRepository } from '../store/outbox-repository.js';
import type { ReportRepository } from '../store/report-repository.js';
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
  cards: CardRenderer;
  log: Logger;
  clock: Clock;
  /** In local mode (the playground, tests) a tenant we do not know maps to the demo school. */
  fallbackSchoolId: string | undefined;
};
