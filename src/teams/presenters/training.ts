import { z } from 'zod';
import type { LocalDate } from '../../domain/calendar/term-dates.js';
import type { Catalogue } from '../../domain/training/catalogue.js';
import type { TrainingState } from '../../domain/training/status.js';
import type { TrainingInput, TrainingInputProblem } from '../../use-cases/record-training.js';
import type { MyCourse } from '../../use-cases/view-training.js';
import type { CardRenderer } from '../cards.js';

/** Card verbs (Universal Actions) of the training cards. */
export const TRAINING_MINE = 'training.mine';
export const TRAINING_FORM = 'training.form';
export const TRAINING_RECORD = 'training.record';

/** "25 Dec 2026": a date written the British way, read from its own digits (no time zone moves it). */
export function displayDate(date: LocalDate | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${d} ${month} ${y}`;
}

/** Adaptive Card TextBlock colours: red for overdue, amber for soon, green for done. */
export const STATE_COLOUR: Record<TrainingState, 'attention' | 'warning' | 'good' | 'accent' | 'default'> = {
  overdue: 'attention',
  'due-soon': 'warning',
  'not-started': 'accent',
  done: 'good',
  'not-required': 'default',
};

export type MyTrainingCardData = {
  title: string;
  intro: string;
  message: string;
  rows: {
    course: string;
    courseId: string;
    state: string;
    colour: string;
    detail: string;
    /** The record a "Correct" press puts right; empty when there is none. */
    recordId: string;
  }[];
};

export function myTrainingCardData(
  cards: CardRenderer,
  courses: MyCourse[],
  message = '',
): MyTrainingCardData {
  return {
    title: cards.text('training.mine.title'),
    intro: cards.text('training.mine.intro'),
    message,
    rows: courses.map(({ course, status, last }) => {
      let detail = '';
      if (status.state === 'not-required')
        detail = status.lastDoneOn
          ? cards.text('training.detail.lastDone', { date: displayDate(status.lastDoneOn) })
          : '';
      else if (status.state === 'done' && !status.dueOn)
        detail = cards.text('training.detail.doneForGood', { date: displayDate(status.lastDoneOn) });
      else if (status.state === 'overdue')
        detail = cards.text('training.detail.wasDueOn', { date: displayDate(status.dueOn) });
      else detail = cards.text('training.detail.dueOn', { date: displayDate(status.dueOn) });
      if (status.lastDoneOn && status.state !== 'not-required' && status.dueOn)
        detail = `${detail} · ${cards.text('training.detail.lastDone', { date: displayDate(status.lastDoneOn) })}`;
      return {
        course: course.title,
        courseId: course.id,
        state: cards.text(`training.state.${status.state}`),
        colour: STATE_COLOUR[status.state],
        detail,
        recordId: last?.id ?? '',
      };
    }),
  };
}

export type TrainingFormCardData = {
  title: string;
  problemsIntro: string;
  problems: { text: string }[];
  message: string;
  forOthers: boolean;
  /** The record this form corrects; empty for a new record. */
  correctsId: string;
  people: { title: string; value: string }[];
  courses: { title: string; value: string }[];
  values: TrainingInput & { personId: string };
  today: LocalDate;
};

export function trainingFormCardData(
  cards: CardRenderer,
  props: {
    catalogue: Catalogue;
    today: LocalDate;
    forOthers: boolean;
    correctsId?: string;
    people?: { id: string; displayName: string }[];
    values?: Partial<TrainingInput & { personId: string }>;
    problems?: TrainingInputProblem[];
    message?: string;
  },
): TrainingFormCardData {
  const v = props.values ?? {};
  return {
    title: cards.text(
      props.correctsId
        ? 'training.form.titleCorrect'
        : props.forOthers
          ? 'training.form.titleForOthers'
          : 'training.form.title',
    ),
    problemsIntro: cards.text('training.problems.intro'),
    problems: (props.problems ?? []).map((p) => ({ text: cards.text(`training.problem.${p}`) })),
    message: props.message ?? '',
    forOthers: props.forOthers,
    correctsId: props.correctsId ?? '',
    people: (props.people ?? []).map((p) => ({ title: p.displayName, value: p.id })),
    courses: props.catalogue.map((c) => ({ title: c.title, value: c.id })),
    values: {
      courseId: v.courseId ?? '',
      completedOn: v.completedOn ?? '',
      provider: v.provider ?? '',
      certificateUrl: v.certificateUrl ?? '',
      personId: v.personId ?? '',
    },
    today: props.today,
  };
}

/** What a queued training reminder holds (use-cases/send-due-reminders.ts). */
const ReminderData = z.object({
  courseId: z.string(),
  courseTitle: z.string(),
  kind: z.enum(['due-in-30-days', 'due-in-7-days', 'overdue']),
  dueOn: z.string(),
});

export function trainingReminderCardData(data: Record<string, unknown>, cards: CardRenderer) {
  const r = ReminderData.parse(data);
  return {
    heading: cards.text(`training.reminder.${r.kind}`, { course: r.courseTitle, date: displayDate(r.dueOn) }),
    body: cards.text('training.reminder.body'),
    overdue: r.kind === 'overdue',
    courseId: r.courseId,
  };
}

const DigestData = z.object({
  weekOf: z.string(),
  overdue: z.array(z.object({ name: z.string(), courseTitle: z.string(), dueOn: z.string() })),
});

export function trainingDigestCardData(data: Record<string, unknown>, cards: CardRenderer) {
  const d = DigestData.parse(data);
  return {
    title: cards.text('training.digest.title'),
    intro:
      d.overdue.length > 0
        ? cards.text('training.digest.intro', { date: displayDate(d.weekOf) })
        : cards.text('training.digest.none'),
    rows: d.overdue.map((r) => ({ name: r.name, course: r.courseTitle, due: displayDate(r.dueOn) })),
  };
}

const ParentsData = z.object({ academicYear: z.string() });

export function parentsMeetingReminderCardData(data: Record<string, unknown>, cards: CardRenderer) {
  const d = ParentsData.parse(data);
  return {
    title: cards.text('parents.reminder.title'),
    body: cards.text('parents.reminder.body', { year: d.academicYear }),
  };
}

export const TRAINING_COURSES = 'training.courses';
export const TRAINING_COURSE_SAVE = 'training.course.save';

/** The admin's course list and form; `values` fills the form (a course to change, or what was typed). */
export function trainingCoursesCardData(
  cards: CardRenderer,
  props: {
    catalogue: Catalogue;
    values?: Partial<Record<'courseId' | 'title' | 'cycle' | 'withinDays' | 'roles' | 'evidence', string>>;
    problems?: string[];
    message?: string;
  },
) {
  const cycleLabel = (c: Catalogue[number]['cycle']) =>
    c.kind === 'once'
      ? cards.text('training.courses.cycle.once', { days: String(c.withinDaysOfStart) })
      : cards.text(`training.courses.cycle.${c.kind}`);
  const v = props.values ?? {};
  return {
    title: cards.text('training.courses.title'),
    intro: cards.text('training.courses.intro'),
    message: props.message ?? '',
    problems: (props.problems ?? []).map((p) => ({ text: cards.text(`training.courses.problem.${p}`) })),
    courses: props.catalogue.map((c) => ({
      id: c.id,
      title: c.title,
      detail: [
        cycleLabel(c.cycle),
        c.requiredFor.map((r) => cards.text(`role.${r}`)).join(', '),
        ...(c.evidenceRequired ? [cards.text('training.courses.evidence')] : []),
      ].join(' · '),
    })),
    cycles: (['once', 'yearly', 'termly', 'every-two-years'] as const).map((kind) => ({
      title:
        kind === 'once'
          ? cards.text('training.courses.cycle.once', { days: 'N' })
          : cards.text(`training.courses.cycle.${kind}`),
      value: kind,
    })),
    roles: STAFF_COURSE_ROLES.map((r) => ({ title: cards.text(`role.${r}`), value: r })),
    values: {
      courseId: v.courseId ?? '',
      title: v.title ?? '',
      cycle: v.cycle ?? '',
      withinDays: v.withinDays ? Number(v.withinDays) : 28,
      roles: v.roles ?? '',
      evidence: v.evidence ?? 'false',
    },
  };
}

/** The roles a course can be required for: staff, not pupils. */
const STAFF_COURSE_ROLES = [
  'teacher',
  'dsl',
  'deputy-dsl',
  'headteacher',
  'leadership',
  'admin',
  'chair-of-governors',
] as const;

/** A catalogue course as the form's values, for "Change". */
export function courseFormValues(course: Catalogue[number]) {
  return {
    courseId: course.id,
    title: course.title,
    cycle: course.cycle.kind,
    withinDays: course.cycle.kind === 'once' ? String(course.cycle.withinDaysOfStart) : '',
    roles: course.requiredFor.join(','),
    evidence: String(course.evidenceRequired),
  };
}
