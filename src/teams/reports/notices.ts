import { OUTBOX_PRIORITY, type OutboxRecipient } from '../../store/outbox-repository.js';
import type { OutboxEntry, ReportFacts } from '../../store/report-repository.js';

/**
 * The proactive messages a report causes, as outbox entries to commit with the change behind them.
 * They carry the reference, priority and category only: never what anyone wrote (issue 5 §6),
 * since outbox rows are not encrypted and a notification can be read over someone's shoulder.
 * Whoever opens one reads the words through an audited path (the case card, or the pupil's own
 * report card).
 *
 * Cards: `report-notification` for handlers (its button is `case.open` with `{ reportId }`), and
 * `report-pupil-update` for the pupil (its button is `report.view` with `{ reportId }`).
 */

/** Why a handler is told. */
export type HandlerNoticeReason =
  | 'new'
  /** A pupil said they are in danger right now; nothing written yet (issue 5 §2). */
  | 'danger'
  /** The pupil's account has completed their danger alert. */
  | 'details-added'
  | 'escalated'
  | 'pupil-message'
  | 'rerouted'
  /** A handler has given the case to this person. */
  | 'assigned';

/** Why the pupil is told. */
export type PupilNoticeReason = 'acknowledged' | 'message' | 'closed';

/**
 * One notification per handler. `occasion` names the event (say `new`, `escalate:1`,
 * `message:<entry id>`) so a retried turn or a job run twice queues each message once.
 */
export function handlerNotices(
  report: Pick<ReportFacts, 'id' | 'schoolId' | 'reference' | 'priority' | 'category'>,
  recipients: readonly string[],
  reason: HandlerNoticeReason,
  occasion: string,
): OutboxEntry[] {
  return recipients.map((personId) => ({
    idempotencyKey: `report:${report.id}:notice:${occasion}:${personId}`,
    personId,
    schoolId: report.schoolId,
    priority: OUTBOX_PRIORITY.safeguarding,
    message: {
      card: 'report-notification',
      data: {
        reportId: report.id,
        reference: report.reference,
        priority: report.priority,
        category: report.category,
        reason,
      },
    },
  }));
}

/** The pupil hears that something happened to their report, and opens it to read any words. */
export function pupilNotice(
  report: Pick<ReportFacts, 'id' | 'schoolId' | 'reference' | 'reporterPersonId'>,
  reason: PupilNoticeReason,
  occasion: string,
): OutboxEntry {
  const to: OutboxRecipient = { personId: report.reporterPersonId };
  return {
    idempotencyKey: `report:${report.id}:pupil-notice:${occasion}`,
    ...to,
    schoolId: report.schoolId,
    priority: OUTBOX_PRIORITY.safeguarding,
    message: {
      card: 'report-pupil-update',
      data: { reportId: report.id, reference: report.reference, reason },
    },
  };
}
