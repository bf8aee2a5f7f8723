import type { LocalDate } from '../calendar/term-dates.js';
import { hasRole, type Role } from '../directory/roles.js';
import type { Course } from './catalogue.js';
import { addDaysTo, daysBetween, type MatrixRow, type TrainingStatus, weekdayOf } from './status.js';

/**
 * The reminder windows, shared by training and policy review (issue 6, items 3 and 4):
 *
 * - 'due-in-30-days' from 30 days before the due date until 8 days before;
 * - 'due-in-7-days' from 7 days before until the due date itself;
 * - 'overdue' from the day after, once in each 7-day week after the due date (week 1 is days
 *   1-7 overdue, week 2 days 8-14, ...): weekly, never daily.
 *
 * A reminder is due on *every* day of its window, with the same key: the job that sends them may
 * run each day, twice a day, on two instances or miss a day after a restart, and the outbox sends
 * each key once. So a window is never lost, and nothing is sent twice.
 */
export type ReminderKind = 'due-in-30-days' | 'due-in-7-days' | 'overdue';
export type ReminderWindow = { kind: ReminderKind; dueOn: LocalDate; week: number };

export const FIRST_REMINDER_DAYS = 30;
export const LAST_REMINDER_DAYS = 7;
export const OVERDUE_EVERY_DAYS = 7;

export function reminderWindow(dueOn: LocalDate, today: LocalDate): ReminderWindow | undefined {
  const left = daysBetween(today, dueOn);
  if (left > FIRST_REMINDER_DAYS) return undefined;
  if (left > LAST_REMINDER_DAYS) return { kind: 'due-in-30-days', dueOn, week: 0 };
  if (left >= 0) return { kind: 'due-in-7-days', dueOn, week: 0 };
  return { kind: 'overdue', dueOn, week: Math.floor((-left - 1) / OVERDUE_EVERY_DAYS) + 1 };
}

/** Parts are URI-encoded so that an id holding '/' cannot make two keys the same. */
export const reminderKey = (...parts: (string | number)[]) =>
  parts.map((p) => encodeURIComponent(String(p))).join('/');

export type TrainingReminder = ReminderWindow & {
  personId: string;
  courseId: string;
  /** Idempotency key: person, course, due date, kind and week. */
  key: string;
};

/**
 * The reminder due today for one person and course, if any. Nothing is due before the person's
 * first day (they may have no Teams account yet; their first day brings the first notice), once the
 * course is done for good, when it is not required, or (because `dueOn` moves on with each
 * completion) once the person has done it again: reminders stop as soon as the completion is
 * recorded.
 */
export function trainingReminderDue(props: {
  person: { id: string; startsOn: LocalDate };
  course: Pick<Course, 'id'>;
  status: TrainingStatus;
  today: LocalDate;
}): TrainingReminder | undefined {
  const { person, course, status, today } = props;
  const personId = person.id;
  if (today < person.startsOn) return undefined;
  if (status.state === 'not-required' || !status.dueOn) return undefined;
  const window = reminderWindow(status.dueOn, today);
  if (!window) return undefined;
  return {
    ...window,
    personId,
    courseId: course.id,
    key: reminderKey('training', personId, course.id, window.dueOn, window.kind, window.week),
  };
}

/** Monday: the start of the school week, when leadership plans it. The policies are silent. */
export const DIGEST_WEEKDAY = 1;

/** The online-safety lead is a leadership role (see parseRole); the headteacher is accountable. */
export const DIGEST_ROLES: readonly Role[] = ['headteacher', 'leadership'];

export const digestRecipients = <P extends { roles: readonly Role[] }>(people: readonly P[]) =>
  people.filter((p) => hasRole(p.roles, ...DIGEST_ROLES));

export type OverdueDigest = {
  recipientId: string;
  /** The digest weekday this digest belongs to. */
  weekOf: LocalDate;
  overdue: MatrixRow[];
  key: string;
};

/**
 * The weekly digest of who is overdue, for one recipient. It belongs to the most recent
 * DIGEST_WEEKDAY on or before today and is due every day of that week under one key, so a missed
 * Monday is caught up on Tuesday and never sent twice. It is sent even when nobody is overdue
 * ("everyone is up to date"): otherwise a digest that appears mid-week could mean either a missed
 * Monday or a new overdue, and leadership could not tell silence from a broken job.
 */
export function overdueDigestDue(props: {
  recipientId: string;
  matrix: readonly MatrixRow[];
  today: LocalDate;
  weekday?: number;
}): OverdueDigest {
  const weekday = props.weekday ?? DIGEST_WEEKDAY;
  const overdue = props.matrix.filter((r) => r.state === 'overdue');
  const weekOf = addDaysTo(props.today, -((weekdayOf(props.today) - weekday + 7) % 7));
  return {
    recipientId: props.recipientId,
    weekOf,
    overdue,
    key: reminderKey('training-digest', props.recipientId, weekOf),
  };
}
