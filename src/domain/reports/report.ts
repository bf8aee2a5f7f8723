import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { addSchoolDays, type Calendar, type LocalDate } from '../calendar/term-dates.js';
import { AGE_BANDS, type AgeBand, type HelpRoute } from '../curriculum/lesson.js';

/**
 * A pupil's private report and the rules around it: what it may say, who receives it, which help
 * to show, and when an unread report escalates. Pure: the store and the Teams flow build on it.
 * (Issue 5; policy 004 §4 and §11; policy 000 §8; policy 003 §7.2.4.)
 */

/** What happened, in the order the pupil is offered them (issue 5 §2). */
export const REPORT_CATEGORIES = [
  'unkind-or-bullying',
  'asked-for-pictures-to-meet-or-a-secret',
  'saw-something-upsetting',
  'stranger-contact',
  'scam-hack-or-money',
  'worried-about-a-friend',
  'something-else',
] as const;
export const ReportCategorySchema = z.enum(REPORT_CATEGORIES);
export type ReportCategory = z.infer<typeof ReportCategorySchema>;

/** Policy 004 §4: pupils seek help for themselves or for a peer. */
export const REPORT_ABOUT = ['me', 'a-friend'] as const;
export const ReportAboutSchema = z.enum(REPORT_ABOUT);
export type ReportAbout = z.infer<typeof ReportAboutSchema>;

/** Whether the report is about an adult in school; this decides who may receive it (004 §11). */
export const CONCERNS_STAFF = ['no', 'staff', 'headteacher'] as const;
export const ConcernsStaffSchema = z.enum(CONCERNS_STAFF);
export type ConcernsStaff = z.infer<typeof ConcernsStaffSchema>;

export const PRIORITIES = ['normal', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** What the pupil sees: "sent", "a trusted adult has read it", "closed" (issue 5 §5). */
export const REPORT_STATUSES = ['sent', 'acknowledged', 'closed'] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/**
 * Who handles the report: the safeguarding team (DSL and deputies); the headteacher for a concern
 * about a member of staff; the chair of governors / trust CEO for one about the headteacher (004 §11).
 */
export const ROUTES = ['safeguarding', 'headteacher', 'chair'] as const;
export const RoutedToSchema = z.enum(ROUTES);
export type RoutedTo = z.infer<typeof RoutedToSchema>;

/** What the handler did, recorded in the chronology (issue 5 §7). */
export const CASE_ACTIONS = [
  'spoke-to-pupil',
  'contacted-parents-or-carers',
  'referred-to-childrens-social-care',
  'referred-to-police',
  'referred-to-ceop',
  'referred-to-lado',
  'no-further-action',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** A case closes with the action that ended it. */
export const REPORT_OUTCOMES = CASE_ACTIONS;
export const ReportOutcomeSchema = z.enum(REPORT_OUTCOMES);
export type ReportOutcome = z.infer<typeof ReportOutcomeSchema>;

/**
 * Every kind of chronology entry. Each is timestamped and signed by its author (policy 000 §8:
 * evidence kept with time and date); `reported` opens every chronology and `escalated` is signed by
 * the bot, as no person did it.
 */
export const ENTRY_KINDS = [
  'reported',
  ...CASE_ACTIONS,
  'note',
  'message-to-pupil',
  'message-from-pupil',
  'acknowledged',
  'assigned',
  'priority-changed',
  'rerouted',
  'escalated',
  'closed',
  'reopened',
  'identity-revealed',
  'exported',
  'details-added',
] as const;
export const EntryKindSchema = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof EntryKindSchema>;

/** Entries a person writes directly; the others record a change made through its own action. */
export const WRITTEN_ENTRY_KINDS = [
  ...CASE_ACTIONS,
  'note',
  'message-to-pupil',
  'message-from-pupil',
] as const satisfies readonly EntryKind[];
export type WrittenEntryKind = (typeof WRITTEN_ENTRY_KINDS)[number];

/** Entries that mean nothing without words: a reveal or a re-route must say why (issue 5 §3, §9). */
export const ENTRY_KINDS_NEEDING_TEXT: readonly EntryKind[] = [
  'note',
  'message-to-pupil',
  'message-from-pupil',
  'rerouted',
  'identity-revealed',
];

/** The only entries a pupil ever sees: the two-way messages (issue 5 §5). */
export const PUPIL_VISIBLE_ENTRY_KINDS: readonly EntryKind[] = ['message-to-pupil', 'message-from-pupil'];

/** Upper bounds on free text: long enough for a child's account, short enough for one Teams message. */
export const REPORT_TEXT_LIMITS = { where: 200, when: 200, what: 4000, entry: 4000 } as const;

/**
 * What a pupil's card submits. Texts may be empty: a 4-7 pupil may only tap a picture, and a
 * report with no words still reaches the DSL. Never a picture (policy 003 §7.2.4).
 */
export const ReportSubmissionSchema = z
  .object({
    category: ReportCategorySchema,
    about: ReportAboutSchema,
    concernsStaff: ConcernsStaffSchema.default('no'),
    where: z.string().trim().max(REPORT_TEXT_LIMITS.where).default(''),
    when: z.string().trim().max(REPORT_TEXT_LIMITS.when).default(''),
    what: z.string().trim().max(REPORT_TEXT_LIMITS.what).default(''),
    dangerNow: z.boolean(),
    nameWithheld: z.boolean().default(false),
  })
  .strict();
export type ReportSubmission = z.infer<typeof ReportSubmissionSchema>;

export const EntryTextSchema = z.string().trim().min(1).max(REPORT_TEXT_LIMITS.entry);

/** "Are you in danger right now?" yes makes the report urgent (issue 5 §2). */
export function priorityFor(report: { dangerNow: boolean }): Priority {
  return report.dangerNow ? 'urgent' : 'normal';
}

/** The reference people say aloud and write on a referral: R-0001, unique in the school. */
export function formatReference(number: number): string {
  return `R-${String(number).padStart(4, '0')}`;
}

/** The people of a school who may receive reports, by role (person ids). */
export type SafeguardingContacts = {
  dsl: readonly string[];
  deputyDsl: readonly string[];
  headteacher: readonly string[];
  chairOfGovernors: readonly string[];
};

export type RouteDecision = {
  routedTo: RoutedTo;
  /** Who is told at once; never the person the report is about. */
  recipients: string[];
  /** The concern as routed: a named headteacher makes a "staff" concern one about the head. */
  concernsStaff: ConcernsStaff;
  /** The preferred handler was missing (no one holds the role), so the next in line has it. */
  fallback: boolean;
};

/**
 * Who handles a report, in order of preference. Policy 004 §11: concerns about a staff member go to
 * the headteacher; about the headteacher, to the chief executive (here the chair of governors /
 * trust CEO role). When no one holds the preferred role the report goes to the next in line rather
 * than to nobody: an unread report is the one outcome that must never happen.
 */
export const ROUTE_PREFERENCE: Record<ConcernsStaff, readonly RoutedTo[]> = {
  no: ['safeguarding', 'headteacher', 'chair'],
  staff: ['headteacher', 'chair', 'safeguarding'],
  headteacher: ['chair', 'safeguarding'],
};

/** Everyone who holds a route's role. */
export function peopleFor(route: RoutedTo, contacts: SafeguardingContacts): readonly string[] {
  if (route === 'safeguarding') return [...contacts.dsl, ...contacts.deputyDsl];
  if (route === 'headteacher') return contacts.headteacher;
  return contacts.chairOfGovernors;
}

/** The concern as it must be routed, and the people who may never receive it. */
function concernOf(input: {
  concernsStaff: ConcernsStaff;
  namedStaffPersonId?: string | null | undefined;
  contacts: SafeguardingContacts;
}): { concern: ConcernsStaff; excluded: Set<string> } {
  const named = input.namedStaffPersonId ?? undefined;
  let concern = input.concernsStaff;
  if (named && input.contacts.headteacher.includes(named)) concern = 'headteacher';
  else if (named && concern === 'no') concern = 'staff';
  const excluded = new Set<string>(named ? [named] : []);
  // A report about "the headteacher" may name no one: every headteacher is kept out of it.
  if (concern === 'headteacher') for (const id of input.contacts.headteacher) excluded.add(id);
  return { concern, excluded };
}

function eligible(route: RoutedTo, contacts: SafeguardingContacts, excluded: Set<string>): string[] {
  return [...new Set(peopleFor(route, contacts))].filter((id) => !excluded.has(id));
}

export function routeReport(input: {
  concernsStaff: ConcernsStaff;
  namedStaffPersonId?: string | null | undefined;
  contacts: SafeguardingContacts;
}): RouteDecision {
  const { concern, excluded } = concernOf(input);
  const preference = ROUTE_PREFERENCE[concern];
  for (const [index, route] of preference.entries()) {
    const recipients = eligible(route, input.contacts, excluded);
    if (recipients.length > 0)
      return { routedTo: route, recipients, concernsStaff: concern, fallback: index > 0 };
  }
  return { routedTo: preference[0]!, recipients: [], concernsStaff: concern, fallback: false };
}

/**
 * Help routes to show after a report, by what happened and the pupil's age band. Childline for
 * everyone; CEOP when someone asks for pictures, to meet or to keep a secret, or a stranger makes
 * contact; Report Remove (Childline and the IWF) for a nude image, from 11, as in the lessons;
 * Report Harmful Content is for 13 and over, so the two secondary bands.
 */
export const SIGNPOST_RULES: readonly {
  route: HelpRoute;
  categories: readonly ReportCategory[];
  bands: readonly AgeBand[];
}[] = [
  {
    route: 'ceop',
    categories: ['asked-for-pictures-to-meet-or-a-secret', 'stranger-contact'],
    bands: AGE_BANDS,
  },
  {
    route: 'report-remove',
    categories: ['asked-for-pictures-to-meet-or-a-secret'],
    bands: ['11-14', '14-18'],
  },
  { route: 'report-harmful-content', categories: ['saw-something-upsetting'], bands: ['11-14', '14-18'] },
  { route: 'childline', categories: REPORT_CATEGORIES, bands: AGE_BANDS },
];

export function signposts(category: ReportCategory, ageBand: AgeBand): HelpRoute[] {
  return SIGNPOST_RULES.filter((r) => r.categories.includes(category) && r.bands.includes(ageBand)).map(
    (r) => r.route,
  );
}

/**
 * Escalation of a report nobody has acknowledged (issue 5 §8): urgent re-notifies the handlers
 * after 15 minutes and goes to the next in line after 30; normal after one school day and then
 * two. Each delay counts from when the report was made (or re-routed, or its priority changed).
 */
export type EscalationDelay = { minutes: number } | { schoolDays: number };
export type EscalationStep = {
  step: number;
  after: EscalationDelay;
  /** `handlers-again`: the same people once more; `next-in-line`: see NEXT_IN_LINE. */
  notify: 'handlers-again' | 'next-in-line';
};

export const ESCALATION_PLAN: Record<Priority, readonly EscalationStep[]> = {
  urgent: [
    { step: 1, after: { minutes: 15 }, notify: 'handlers-again' },
    { step: 2, after: { minutes: 30 }, notify: 'next-in-line' },
  ],
  normal: [
    { step: 1, after: { schoolDays: 1 }, notify: 'handlers-again' },
    { step: 2, after: { schoolDays: 2 }, notify: 'next-in-line' },
  ],
};

/** Whom an unanswered report goes to next: the DSLs' report to the headteacher, the head's to the chair. */
export const NEXT_IN_LINE: Record<RoutedTo, readonly RoutedTo[]> = {
  safeguarding: ['headteacher', 'chair'],
  headteacher: ['chair'],
  chair: [],
};

/** Who an escalation step tells, keeping out everyone the report is about. */
export function escalationRecipients(input: {
  step: EscalationStep;
  routedTo: RoutedTo;
  concernsStaff: ConcernsStaff;
  namedStaffPersonId?: string | null | undefined;
  contacts: SafeguardingContacts;
}): string[] {
  const { excluded } = concernOf(input);
  if (input.step.notify === 'handlers-again') return eligible(input.routedTo, input.contacts, excluded);
  for (const route of NEXT_IN_LINE[input.routedTo]) {
    const people = eligible(route, input.contacts, excluded);
    if (people.length > 0) return people;
  }
  return [];
}

export const ESCALATION_JOB_KIND = 'report.escalate';

/** Every escalation job of a report starts with this, so acknowledging can cancel them all at once. */
export function escalationJobKeyPrefix(reportId: string): string {
  return `report:${reportId}:escalate:`;
}

/**
 * `since` is part of the key: a job key is used once, so escalation started again (after a
 * re-route or a change of priority) needs keys of its own.
 */
export function escalationJobKey(reportId: string, since: Date, step: number): string {
  return `${escalationJobKeyPrefix(reportId)}${since.toISOString()}:${step}`;
}

export type EscalationJobPayload = { reportId: string; step: number };

function localDateIn(at: Date, timeZone: string): { date: LocalDate; local: TZDate } {
  const local = new TZDate(at, timeZone);
  const date = [
    local.getFullYear(),
    String(local.getMonth() + 1).padStart(2, '0'),
    String(local.getDate()).padStart(2, '0'),
  ].join('-');
  return { date, local };
}

/** Weekdays only, for dates past the end of the school's calendar. UTC arithmetic: a date has no zone. */
function addWeekdays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  let left = n;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

/**
 * When a step falls due. School days count in the school's own calendar and time zone: the same
 * wall-clock time on the n-th school day after the day the clock started, across BST changes. Past
 * the end of the calendar, weekdays stand in, so an escalation is never lost for want of term dates.
 */
export function escalationDueAt(
  step: EscalationStep,
  since: Date,
  calendar: Calendar,
  timeZone: string,
): Date {
  if ('minutes' in step.after) return new Date(since.getTime() + step.after.minutes * 60_000);
  const { date, local } = localDateIn(since, timeZone);
  const due =
    addSchoolDays(calendar, date, step.after.schoolDays) ?? addWeekdays(date, step.after.schoolDays);
  const [y, m, d] = due.split('-').map(Number) as [number, number, number];
  const at = new TZDate(
    y,
    m - 1,
    d,
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    local.getMilliseconds(),
    timeZone,
  );
  return new Date(at.getTime());
}

/** The jobs to schedule when a report's escalation clock starts. */
export function escalationJobs(input: {
  reportId: string;
  priority: Priority;
  since: Date;
  calendar: Calendar;
  timeZone: string;
}): {
  idempotencyKey: string;
  runAt: Date;
  kind: typeof ESCALATION_JOB_KIND;
  payload: EscalationJobPayload;
}[] {
  return ESCALATION_PLAN[input.priority].map((step) => ({
    idempotencyKey: escalationJobKey(input.reportId, input.since, step.step),
    runAt: escalationDueAt(step, input.since, input.calendar, input.timeZone),
    kind: ESCALATION_JOB_KIND,
    payload: { reportId: input.reportId, step: step.step },
  }));
}
