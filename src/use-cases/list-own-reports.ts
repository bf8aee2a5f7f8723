import type { Actor } from '../domain/access.js';
import type { ReportStatus } from '../domain/reports/report.js';
import type { ReportRepository } from '../store/report-repository.js';

/**
 * A pupil's own reports, newest first, status only (issue 5 §5). Staff hand their reports over:
 * only the safeguarding team follows them (domain/access.ts), so staff get an empty list.
 */
export async function listOwnReports(props: {
  reports: ReportRepository;
  actor: Actor;
}): Promise<{ id: string; reference: string; status: ReportStatus; createdAt: Date }[]> {
  if (!props.actor.roles.includes('pupil')) return [];
  return props.reports.listForReporter(props.actor.schoolId, props.actor.personId);
}
