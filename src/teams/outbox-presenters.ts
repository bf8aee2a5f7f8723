import type { CardRenderer } from './cards.js';
import {
  queuedLessonCardData,
  queuedLessonNoticeData,
  queuedLessonReminderData,
} from './presenters/lesson.js';
import { policyReviewReminderCardData, policySignRequestCardData } from './presenters/policy.js';
import { reportStartFromQueue } from './presenters/report-flow.js';
import { reportNotificationData, reportPupilUpdateData } from './presenters/report-notices.js';
import {
  parentsMeetingReminderCardData,
  trainingDigestCardData,
  trainingReminderCardData,
} from './presenters/training.js';

/**
 * Queued messages store codes (a report's category, a lesson's id), not words: a message queued in
 * one release and sent in the next shows the words of the release that sends it. A presenter turns
 * a queued card's data into its template's data at send time, by card name; a card without one is
 * rendered with its data as queued.
 */
export type OutboxPresenter = (data: Record<string, unknown>, cards: CardRenderer) => object;

export const OUTBOX_PRESENTERS: Readonly<Record<string, OutboxPresenter>> = {
  'report-notification': reportNotificationData,
  'report-pupil-update': reportPupilUpdateData,
  'report-start': reportStartFromQueue,
  // Issue 4: lesson cards (class channel, catch-up), teacher reminders and notices.
  lesson: queuedLessonCardData,
  'lesson-reminder': queuedLessonReminderData,
  'lesson-notice': queuedLessonNoticeData,
  // Issue 6: training reminders and digest, policy review reminders, requests to sign.
  'training-reminder': trainingReminderCardData,
  'training-digest': trainingDigestCardData,
  'leadership-parents-reminder': parentsMeetingReminderCardData,
  'policy-review': policyReviewReminderCardData,
  'policy-sign': policySignRequestCardData,
};
