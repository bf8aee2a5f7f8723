import { SCHOOL_TIME_ZONE } from '../domain/calendar/school-time.js';
import {
  escalationJobs,
  type ReportSubmission,
  type RouteDecision,
  type RoutedTo,
  routeReport,
} from '../domain/reports/report.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { ReportFacts, ReportRepository } from '../store/report-repository.js';
import { handlerNotices } from '../teams/reports/notices.js';

export type SubmitReportResult = {
  report: ReportFacts;
  /** False when this draft was sent before (a double press, a Teams retry): nothing new was made. */
  created: boolean;
  routedTo: RoutedTo;
  /** How many people were told at once. Zero only when nobody in the school can receive reports. */
  notified: number;
};

/** A draft is one report, whoever sends it how often: the key names the person and their draft. */
export function reportIdempotencyKey(reporterPersonId: string, draftId: string): string {
  return `report:${reporterPersonId}:${draftId}`;
}

/**
 * Makes a pupil's report (or a member of staff's) and everything that must follow it, in one
 * transaction (issue 5 §5, §14): the report, its chronology's first entry and audit row, a
 * notification for each handler through the outbox (reference, priority, category only, §6), and
 * the escalation timers (§8). It returns only once all of that has committed, so the pupil is
 * thanked for a report that exists, and a crash after the commit still notifies (the outbox sends
 * it). The same draft sent again returns the report it made and changes nothing.
 *
 * Routing (§9, policy 004 §11): a report about a member of staff goes to the headteacher, one
 * about the headteacher to the chair of governors / trust CEO; when nobody holds the role the
 * next in line has it (`routeReport`), so a report is never routed to nobody while anyone can
 * receive it. If nobody at all can, it is still kept, its timers still run (they look again for
 * someone to tell), and the caller is told (`notified: 0`).
 */
export async function submitReport(props: {
  directory: DirectoryRepository;
  reports: ReportRepository;
  schoolId: string;
  reporterPersonId: string;
  /** Made when the flow started and carried by its cards. */
  draftId: string;
  submission: ReportSubmission;
  at: Date;
}): Promise<SubmitReportResult> {
  const key = reportIdempotencyKey(props.reporterPersonId, props.draftId);
  const alert = await props.reports.factsByIdempotencyKey(props.schoolId, key);
  if (alert?.detailsPending) return completeDangerAlert({ ...props, alert });
  return makeReport({ ...props, idempotencyKey: key, submission: props.submission });
}

/**
 * "Yes, I am in danger right now" (issue 5 §2): the safeguarding team is told at once, urgent,
 * before the pupil has written a word, so that a child who says so and then closes the chat is
 * still found. Their name is shown to the handlers: finding them is the point. The pupil's form,
 * sent later under the same draft, completes this report rather than making a second one.
 */
export async function raiseDangerAlert(props: {
  directory: DirectoryRepository;
  reports: ReportRepository;
  schoolId: string;
  reporterPersonId: string;
  draftId: string;
  at: Date;
}): Promise<SubmitReportResult> {
  return makeReport({
    ...props,
    idempotencyKey: reportIdempotencyKey(props.reporterPersonId, props.draftId),
    submission: {
      category: 'something-else',
      about: 'me',
      concernsStaff: 'no',
      where: '',
      when: '',
      what: '',
      dangerNow: true,
      nameWithheld: false,
    },
    detailsPending: true,
  });
}

/** What the pupil told, as the report keeps it, with where the routing sends it. */
function accountOf(submission: ReportSubmission, route: RouteDecision) {
  return {
    category: submission.category,
    about: submission.about,
    concernsStaff: route.concernsStaff,
    routedTo: route.routedTo,
    where: submission.where,
    when: submission.when,
    what: submission.what,
  };
}

async function makeReport(props: {
  directory: DirectoryRepository;
  reports: ReportRepository;
  schoolId: string;
  reporterPersonId: string;
  idempotencyKey: string;
  submission: ReportSubmission;
  detailsPending?: boolean;
  at: Date;
}): Promise<SubmitReportResult> {
  const { submission } = props;
  const contacts = await props.directory.safeguardingContacts(props.schoolId);
  const route = routeReport({ concernsStaff: submission.concernsStaff, contacts });
  const calendar = await props.directory.calendar(props.schoolId);
  const { report, created } = await props.reports.create({
    schoolId: props.schoolId,
    reporterPersonId: props.reporterPersonId,
    idempotencyKey: props.idempotencyKey,
    at: props.at,
    ...accountOf(submission, route),
    dangerNow: submission.dangerNow,
    nameWithheld: submission.nameWithheld,
    detailsPending: props.detailsPending ?? false,
    effects: (made) => ({
      outbox: handlerNotices(made, route.recipients, props.detailsPending ? 'danger' : 'new', 'new'),
      jobs: escalationJobs({
        reportId: made.id,
        priority: made.priority,
        since: made.createdAt,
        calendar,
        timeZone: SCHOOL_TIME_ZONE,
      }).map((job) => ({ ...job, schoolId: made.schoolId })),
    }),
  });
  return {
    report,
    created,
    routedTo: report.routedTo,
    notified: route.recipients.length,
  };
}

/**
 * The pupil's form after a danger alert: their account fills in the report the alert made. If
 * their answers send it elsewhere (it is about a member of staff, or the headteacher), the new
 * handlers are told as of a new report and its timers start again; the people it now bypasses lose
 * access with the routing. Otherwise its handlers hear that the details have come.
 */
async function completeDangerAlert(props: {
  directory: DirectoryRepository;
  reports: ReportRepository;
  schoolId: string;
  reporterPersonId: string;
  draftId: string;
  submission: ReportSubmission;
  alert: ReportFacts;
  at: Date;
}): Promise<SubmitReportResult> {
  const { submission, alert } = props;
  const contacts = await props.directory.safeguardingContacts(props.schoolId);
  const route = routeReport({ concernsStaff: submission.concernsStaff, contacts });
  const rerouted = route.routedTo !== alert.routedTo || route.concernsStaff !== alert.concernsStaff;
  const occasion = `details:${props.draftId}`;
  await props.reports.completeDetails({
    schoolId: props.schoolId,
    reportId: alert.id,
    actorPersonId: props.reporterPersonId,
    at: props.at,
    ...accountOf(submission, route),
    // The handlers already know who raised the alert; keeping the name back now would hide nothing.
    nameWithheld: false,
    effects: rerouted
      ? {
          outbox: handlerNotices(alert, route.recipients, 'new', occasion),
          jobs: escalationJobs({
            reportId: alert.id,
            priority: alert.priority,
            since: props.at,
            // The school's term dates are needed only when the timers start again.
            calendar: await props.directory.calendar(props.schoolId),
            timeZone: SCHOOL_TIME_ZONE,
          }).map((job) => ({ ...job, schoolId: alert.schoolId })),
        }
      : { outbox: handlerNotices(alert, route.recipients, 'details-added', occasion) },
  });
  const report = (await props.reports.facts(props.schoolId, alert.id)) ?? alert;
  return { report, created: false, routedTo: report.routedTo, notified: route.recipients.length };
}
