import type { CardRenderer } from './cards.js';
import { reportStartFromQueue } from './presenters/report-flow.js';
import { reportNotificationData, reportPupilUpdateData } from './presenters/report-notices.js';

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
};
