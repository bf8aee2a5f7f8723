import { type Actor, can } from '../domain/access.js';
import { EntryTextSchema, escalationRecipients, routeReport } from '../domain/reports/report.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { ReportRepository } from '../store/report-repository.js';
import { handlerNotices } from '../teams/reports/notices.js';
import { refused } from './view-own-report.js';

export type ReplyResult = { ok: true; entryId: string } | { ok: false; reason: 'refused' | 'empty' };

/**
 * The pupil writes to the safeguarding team about their report (issue 5 §5: two-way, both sides in
 * the chronology). The message is an encrypted chronology entry; the people handling the report
 * now are told there is one (reference and priority only), in the same transaction. The same
 * reply delivered twice (`replyId`) is kept, and told, once.
 */
export async function replyToReport(props: {
  directory: DirectoryRepository;
  reports: ReportRepository;
  actor: Actor;
  reportId: string;
  /** Made with the reply box: the same box sent twice is one message. */
  replyId: string;
  text: string;
  at: Date;
}): Promise<ReplyResult> {
  const { actor } = props;
  const facts = await props.reports.facts(actor.schoolId, props.reportId);
  if (!facts || !can(actor, 'message-team', facts)) {
    await refused(props, facts?.id ?? null, 'message-team');
    return { ok: false, reason: 'refused' };
  }
  const text = EntryTextSchema.safeParse(props.text);
  if (!text.success) return { ok: false, reason: 'empty' };
  const contacts = await props.directory.safeguardingContacts(actor.schoolId);
  // Whoever handles the report now (it may have been re-routed since it was made); if nobody holds
  // that role any more, whoever it would go to if it were made today.
  const holdersOf = (routedTo: typeof facts.routedTo) =>
    escalationRecipients({
      step: { step: 0, after: { minutes: 0 }, notify: 'handlers-again' },
      routedTo,
      concernsStaff: facts.concernsStaff,
      namedStaffPersonId: facts.namedStaffPersonId,
      contacts,
    });
  // Someone the unread report was escalated to may act on it too (domain/access.ts), so hears too.
  const handlers = [
    ...new Set([...holdersOf(facts.routedTo), ...(facts.escalatedTo ? holdersOf(facts.escalatedTo) : [])]),
  ];
  const recipients =
    handlers.length > 0
      ? handlers
      : routeReport({
          concernsStaff: facts.concernsStaff,
          namedStaffPersonId: facts.namedStaffPersonId,
          contacts,
        }).recipients;
  const key = `pupil-reply:${actor.personId}:${props.replyId}`;
  const entryId = await props.reports.addEntry({
    schoolId: actor.schoolId,
    reportId: facts.id,
    actorPersonId: actor.personId,
    at: props.at,
    kind: 'message-from-pupil',
    body: text.data,
    idempotencyKey: key,
    effects: { outbox: handlerNotices(facts, recipients, 'pupil-message', `message:${key}`) },
  });
  return { ok: true, entryId };
}
