import type { Calendar, LocalDate } from '../calendar/term-dates.js';
import type { Term } from '../curriculum/lesson.js';
import type { Role } from '../directory/roles.js';
import { type Catalogue, type Course, courseApplies, INDUCTION_DAYS } from './catalogue.js';

/*
 * Local-date arithmetic done on the date's own digits at UTC noon, so that no server time zone, BST
 * change or zone whose clocks change at midnight can move a due date by a day.
 */
const toUtc = (d: LocalDate) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day, 12);
};
const fromUtc = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export const addDaysTo = (d: LocalDate, n: number): LocalDate => fromUtc(toUtc(d) + n * DAY_MS);
/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
/** 0 = Sunday ... 6 = Saturday. */
export const weekdayOf = (d: LocalDate): number => new Date(toUtc(d)).getUTCDay();
/** The same day `n` years on; 29 February becomes 28 February, so a yearly course is never late. */
export function addYearsTo(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return `${String(y + n).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
const addMonthsTo = (d: LocalDate, n: number): LocalDate => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
};

/** "Due soon" means due within this many days (issue 6, item 2). */
export const DUE_SOON_DAYS = 30;

/**
 * A person with no completion of a recurring course is given the same window as the induction
 * course: they are 'not-started' until it ends, then overdue. The policies say only "as part of
 * their new starter induction" (000 §9.2); four weeks is our reading of "the first weeks".
 */
export const NEW_STARTER_DAYS = INDUCTION_DAYS;

/**
 * When the calendar does not reach far enough to find the next term (a school that has not yet
 * entered next year's dates), a termly course is due four months after completion: a term plus a
 * holiday, so the reminder comes late rather than early.
 */
export const TERMLY_FALLBACK_MONTHS = 4;

export type TrainingState = 'done' | 'due-soon' | 'overdue' | 'not-started' | 'not-required';

export type TrainingStatus = {
  state: TrainingState;
  /** The last day the course can be done on time; undefined when nothing falls due. */
  dueOn: LocalDate | undefined;
  lastDoneOn: LocalDate | undefined;
};

export type TrainingPerson = { roles: readonly Role[]; startsOn: LocalDate };

export type SchoolTerm = { academicYear: string; term: Term; startsOn: LocalDate; endsOn: LocalDate };

/** Terms as spans of both their half-terms, in date order (a term = autumn, spring or summer). */
export function termsOf(calendar: Calendar): SchoolTerm[] {
  const byKey = new Map<string, SchoolTerm>();
  for (const h of calendar.halfTerms) {
    const key = `${h.academicYear}/${h.term}`;
    const t = byKey.get(key);
    if (!t)
      byKey.set(key, { academicYear: h.academicYear, term: h.term, startsOn: h.startsOn, endsOn: h.endsOn });
    else {
      if (h.startsOn < t.startsOn) t.startsOn = h.startsOn;
      if (h.endsOn > t.endsOn) t.endsOn = h.endsOn;
    }
  }
  return [...byKey.values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/**
 * A termly course done on `doneOn` counts for the term it was done in or, when done in a holiday,
 * for the term that follows (an update on a summer INSET day counts for autumn). The next one is
 * due by the last pupil day of the term after that one. So: done any day from the end of the summer
 * term to the end of autumn, due by the end of spring.
 */
export function termlyDueOn(doneOn: LocalDate, calendar: Calendar): LocalDate {
  const terms = termsOf(calendar);
  const countsFor = terms.findIndex((t) => doneOn <= t.endsOn);
  const next = countsFor >= 0 ? terms[countsFor + 1] : undefined;
  return next ? next.endsOn : addMonthsTo(doneOn, TERMLY_FALLBACK_MONTHS);
}

function nextDueOn(course: Course, lastDoneOn: LocalDate, calendar: Calendar): LocalDate | undefined {
  switch (course.cycle.kind) {
    case 'once':
      return undefined;
    case 'yearly':
      return addYearsTo(lastDoneOn, 1);
    case 'every-two-years':
      return addYearsTo(lastDoneOn, 2);
    case 'termly':
      return termlyDueOn(lastDoneOn, calendar);
  }
}

/**
 * One person's standing on one course on `today`.
 *
 * - not-required: none of their roles needs the course (their last completion is still reported).
 * - never done: due `withinDaysOfStart` (once) or NEW_STARTER_DAYS (recurring) after the start
 *   date; 'not-started' up to and including that day, 'overdue' after it.
 * - done: 'done' while more than DUE_SOON_DAYS remain before the next due date, 'due-soon' from
 *   then up to and including the due date, 'overdue' the day after. Yearly and two-yearly courses
 *   are due on the same date one or two years after the last completion; termly, see termlyDueOn.
 *   A once course, once done, is done for good.
 * Completions after `today` (recorded ahead by mistake) are ignored.
 */
export function trainingStatus(props: {
  course: Course;
  person: TrainingPerson;
  completions: readonly LocalDate[];
  today: LocalDate;
  calendar: Calendar;
}): TrainingStatus {
  const { course, person, today, calendar } = props;
  const lastDoneOn = props.completions
    .filter((d) => d <= today)
    .sort()
    .at(-1);
  if (!courseApplies(course, person.roles)) return { state: 'not-required', dueOn: undefined, lastDoneOn };

  if (!lastDoneOn) {
    const window = course.cycle.kind === 'once' ? course.cycle.withinDaysOfStart : NEW_STARTER_DAYS;
    const dueOn = addDaysTo(person.startsOn, window);
    return { state: today > dueOn ? 'overdue' : 'not-started', dueOn, lastDoneOn };
  }

  const dueOn = nextDueOn(course, lastDoneOn, calendar);
  if (!dueOn) return { state: 'done', dueOn, lastDoneOn };
  const left = daysBetween(today, dueOn);
  const state: TrainingState = left < 0 ? 'overdue' : left <= DUE_SOON_DAYS ? 'due-soon' : 'done';
  return { state, dueOn, lastDoneOn };
}

export type MatrixPerson = TrainingPerson & { id: string; displayName: string };
export type Completion = { personId: string; courseId: string; completedOn: LocalDate };
export type MatrixRow = TrainingStatus & { personId: string; displayName: string; courseId: string };

const STATE_ORDER: Record<TrainingState, number> = {
  overdue: 0,
  'due-soon': 1,
  'not-started': 2,
  done: 3,
  'not-required': 4,
};

/**
 * Every person against every course, most urgent first: overdue, due soon, not started, done, not
 * required; within a state the earliest due date first, then by name and course, so that the
 * leadership card and its CSV list the same rows in the same order.
 */
export function trainingMatrix(
  people: readonly MatrixPerson[],
  catalogue: Catalogue,
  completions: readonly Completion[],
  today: LocalDate,
  calendar: Calendar,
): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const person of people) {
    for (const course of catalogue) {
      const dates = completions
        .filter((c) => c.personId === person.id && c.courseId === course.id)
        .map((c) => c.completedOn);
      const status = trainingStatus({ course, person, completions: dates, today, calendar });
      rows.push({ ...status, personId: person.id, displayName: person.displayName, courseId: course.id });
    }
  }
  return rows.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.displayName.localeCompare(b.displayName) ||
      a.personId.localeCompare(b.personId) ||
      a.courseId.localeCompare(b.courseId),
  );
}
