import { REPORT_CATEGORIES } from '../../domain/reports/report.js';
import type { CardRenderer } from '../cards.js';
import type { HandlerNoticeReason, PupilNoticeReason } from '../reports/notices.js';
import { knownCode } from './report-words.js';

/**
 * The two cards a report's outbox messages become at send time (teams/reports/notices.ts queues
 * their codes). Neither ever holds what anyone wrote, nor the pupil's name: a notification can be
 * read over someone's shoulder, and outbox rows are not encrypted (issue 5 §6).
 */

const HANDLER_REASONS = [
  'new',
  'danger',
  'details-added',
  'escalated',
  'pupil-message',
  'rerouted',
  'assigned',
] as const satisfies readonly HandlerNoticeReason[];
const PUPIL_REASONS = ['acknowledged', 'message', 'closed'] as const satisfies readonly PupilNoticeReason[];

export type ReportNotificationCardData = {
  reportId: string;
  reference: string;
  urgent: boolean;
  priorityLabel: string;
  title: string;
  reasonLabel: string;
  referenceTitle: string;
  priorityTitle: string;
  priorityValue: string;
  categoryTitle: string;
  categoryLabel: string;
  privacyNote: string;
  openLabel: string;
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** For a DSL, deputy, headteacher or chair: reference, priority, category and why, in words. */
export function reportNotificationData(
  data: Record<string, unknown>,
  cards: CardRenderer,
): ReportNotificationCardData {
  const reference = str(data.reference);
  const urgent = data.priority === 'urgent';
  return {
    reportId: str(data.reportId),
    reference,
    urgent,
    priorityLabel: cards.text('report.notice.urgent'),
    title: cards.text('report.notice.title', { reference }),
    reasonLabel: cards.text(`report.notice.reason.${knownCode(data.reason, HANDLER_REASONS)}`),
    referenceTitle: cards.text('report.notice.field.reference'),
    priorityTitle: cards.text('report.notice.field.priority'),
    priorityValue: cards.text(urgent ? 'report.priority.urgent' : 'report.priority.normal'),
    categoryTitle: cards.text('report.notice.field.category'),
    // A danger alert goes before the pupil has said what happened.
    categoryLabel:
      data.reason === 'danger'
        ? cards.text('report.notice.category.pending')
        : cards.text(`report.category.${knownCode(data.category, REPORT_CATEGORIES)}`),
    privacyNote: cards.text('report.notice.privacy'),
    openLabel: cards.text('report.notice.open'),
  };
}

export type ReportPupilUpdateCardData = {
  reportId: string;
  headline: string;
  detail: string;
  referenceLine: string;
  viewLabel: string;
};

/**
 * For the pupil: that a trusted adult has read it, that there is a message, or that it is
 * closed. Simple enough for the youngest: the queue does not know the pupil's age band, and the
 * words a pupil reads on opening the report are their band's.
 */
export function reportPupilUpdateData(
  data: Record<string, unknown>,
  cards: CardRenderer,
): ReportPupilUpdateCardData {
  const reason = knownCode(data.reason, PUPIL_REASONS);
  return {
    reportId: str(data.reportId),
    headline: cards.text(`report.update.${reason}.headline`),
    detail: cards.text(`report.update.${reason}.detail`),
    referenceLine: cards.text('report.update.reference', { reference: str(data.reference) }),
    viewLabel: cards.text('report.update.view'),
  };
}
