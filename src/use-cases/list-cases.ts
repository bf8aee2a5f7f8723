import { type Actor, can } from '../domain/access.js';
import type { ReportFacts, ReportRepository } from '../store/report-repository.js';

/**
 * The open reports a person may view, urgent first then oldest first (issue 5 §7). Facts only,
 * no content, so listing is not a read of anyone's words; opening one is.
 */
export async function listCases(props: { reports: ReportRepository; actor: Actor }): Promise<ReportFacts[]> {
  const open = await props.reports.listOpen(props.actor.schoolId);
  return open.filter((report) => can(props.actor, 'view', report));
}
