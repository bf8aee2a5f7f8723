import { type Actor, can } from '../domain/access.js';
import type { EntryKind, ReportStatus } from '../domain/reports/report.js';
import type { ReportRepository } from '../store/report-repository.js';

export type OwnReportView =
  | {
      ok: true;
      report: { id: string; reference: string; status: ReportStatus; createdAt: Date };
      /** The two-way messages only (issue 5 §5); the read is audited. */
      messages: { kind: EntryKind; body: string; at: Date }[];
    }
  | { ok: false };

/**
 * A pupil opens their own report: its status and their messages with the safeguarding team.
 * Anyone else's report, or one that does not exist, is refused the same way (so a refusal does
 * not confirm that a report exists), and the attempt is written to the audit log.
 */
export async function viewOwnReport(props: {
  reports: ReportRepository;
  actor: Actor;
  reportId: string;
  at: Date;
}): Promise<OwnReportView> {
  const { actor } = props;
  const facts = await props.reports.facts(actor.schoolId, props.reportId);
  if (!facts || !can(actor, 'view-own-status', facts)) {
    await refused(props, facts?.id ?? null, 'view-own-status');
    return { ok: false };
  }
  const messages = await props.reports.pupilMessages({
    schoolId: actor.schoolId,
    reportId: facts.id,
    pupilPersonId: actor.personId,
    at: props.at,
  });
  if (!messages) return { ok: false };
  return {
    ok: true,
    report: { id: facts.id, reference: facts.reference, status: facts.status, createdAt: facts.createdAt },
    messages,
  };
}

/** A refused attempt is itself a fact about the report worth keeping (issue 5 §12). */
export async function refused(
  props: { reports: ReportRepository; actor: Actor; at: Date },
  reportId: string | null,
  action: string,
): Promise<void> {
  await props.reports.audit({
    schoolId: props.actor.schoolId,
    actorPersonId: props.actor.personId,
    action: 'report.access-refused',
    reportId,
    // The same detail as every other refusal (use-cases/open-case.ts), so the audit log reads alike.
    detail: { attempted: action },
    at: props.at,
  });
}
