import type { LessonLibrary } from '../content/lesson-library.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { OutboxRepository } from '../store/outbox-repository.js';
import type { CardRenderer } from './cards.js';

/** What the Teams routes need; built once in the composition root. */
export type BotDeps = {
  directory: DirectoryRepository;
  lessons: LessonLibrary;
  conversations: ConversationRepository;
  outbox: OutboxRepository;
  cards: CardRenderer;
  log: Logger;
  clock: Clock;
  /** In local mode (the playground, tests) a tenant we do not know maps to the demo school. */
  fallbackSchoolId: string | undefined;
};
