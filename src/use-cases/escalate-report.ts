import { z } from 'zod';
import {
  ESCALATION_PLAN,
  escalationRecipients,
  NEXT_IN_LINE,
  peopleFor,
  type RoutedTo,
  type SafeguardingContacts,
} from '../domain/reports/report.js';
import type { Logger } from '../log.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { ClaimedJob } from '../store/job-repository.js';
import type { ReportRepository } from '../store/report-repository.js';
import { handlerNotices } from '../teams/reports/notices.js';

const PayloadSchema = z.object({ reportId: z.string().uuid(), step: z.number().int().positive() });

export type EscalationResult =
  | { outcome: 'escalated'; step: number; recipients: string[]; escalatedTo: RoutedTo | null }
  /** Read meanwhile, closed, or a step the report's priority no longer has: nothing sent. */
  | { outcome: 'not-needed' }
  | { outcome: 'not-found' };

/** Which next-in-line role the step's recipients hold: they may act on the report from now on. */
function escalatedRoute(
  routedTo: RoutedTo,
  recipients: readonly string[],
  contacts: SafeguardingContacts,
): RoutedTo | null {
  const first = recipients[0];
  if (!first) return null;
  return NEXT_IN_LINE[routedTo].find((route) => peopleFor(route, contacts).includes(first)) ?? null;
}

/**
 * A report's escalation timer has fired (issue 5 §8). If nobody has acknowledged it, the step's
 * people are notified (reference, priority and category only) and the step is written to the
 * chronology, signed by the bot, all in one transaction; if it was read meanwhile, nothing is
 * sent. A step that goes to the next in line (the headteacher, then the chair) also gives them
 * the case (domain/access.ts, `headteacher-escalated`), or the notice would be of no use.
 * Safe to run twice: the notices' keys name the step and the job.
 */
export async function escalateReport(props: {
  reports: ReportRepository;
  directory: DirectoryRepository;
  log: Logger;
  job: Pick<ClaimedJob, 'id' | 'idempotencyKey' | 'schoolId' | 'payload'>;
  at: Date;
}): Promise<EscalationResult> {
  const { reports, directory, job, at } = props;
  const payload = PayloadSchema.safeParse(job.payload);
  if (!payload.success || !job.schoolId) {
    props.log.error('report.escalation-bad-job', { jobId: job.id });
    return { outcome: 'not-found' };
  }
  const facts = await reports.facts(job.schoolId, payload.data.reportId);
  if (!facts) return { outcome: 'not-found' };
  const step = ESCALATION_PLAN[facts.priority].find((s) => s.step === payload.data.step);
  if (facts.status !== 'sent' || !step) return { outcome: 'not-needed' };

  const contacts = await directory.safeguardingContacts(facts.schoolId);
  const recipients = escalationRecipients({
    step,
    routedTo: facts.routedTo,
    concernsStaff: facts.concernsStaff,
    namedStaffPersonId: facts.namedStaffPersonId,
    contacts,
  });
  const escalatedTo =
    step.notify === 'next-in-line' ? escalatedRoute(facts.routedTo, recipients, contacts) : null;
  const recorded = await reports.recordEscalation({
    schoolId: facts.schoolId,
    reportId: facts.id,
    step: step.step,
    at,
    escalatedTo,
    effects: {
      outbox: handlerNotices(facts, recipients, 'escalated', `escalate:${step.step}:${job.idempotencyKey}`),
    },
  });
  if (!recorded) return { outcome: 'not-needed' };
  // Nobody holds the next role: the chronology shows the step, and the operator must know.
  if (recipients.length === 0)
    props.log.warn('report.escalation-nobody', { reportId: facts.id, step: step.step });
  props.log.info('report.escalated', {
    reportId: facts.id,
    step: step.step,
    recipients: recipients.length,
    escalatedTo,
  });
  return { outcome: 'escalated', step: step.step, recipients, escalatedTo };
}
