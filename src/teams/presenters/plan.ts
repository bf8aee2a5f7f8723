import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { LessonLibrary } from '../../content/lesson-library.js';
import { weekdayOf } from '../../domain/calendar/school-time.js';
import type { Term } from '../../domain/curriculum/lesson.js';
import { type ChangeProblem, PSHE_DAYS, type TermPlan } from '../../domain/curriculum/term-plan.js';
import type { ClassForTeaching, PlannedLessonRecord } from '../../store/teaching-repository.js';
import type { PlanNote } from '../../use-cases/plan-term.js';
import type { CardRenderer } from '../cards.js';

export type PlanCardData = {
  title: string;
  intro: string;
  notice: string;
  isDraft: boolean;
  draftId: string;
  lessons: {
    className: string;
    halfTermLabel: string;
    title: string;
    when: string;
    note: string;
    plannedLessonId: string;
    canStart: boolean;
    canDeliver: boolean;
    canResults: boolean;
  }[];
  notes: { text: string }[];
  slots: { title: string; value: string }[];
  firstSlot: string;
  firstTime: string;
  library: { title: string; value: string }[];
  classChoices: { title: string; value: string }[];
  firstClassId: string;
  dayChoices: { title: string; value: string }[];
  firstDay: string;
};

/** "Monday 19 October 2026": a school-local date read as a calendar day, in no time zone. */
export function formatLocalDate(date: string): string {
  return format(new TZDate(`${date}T12:00:00Z`, 'UTC'), 'EEEE d MMMM yyyy');
}

export const halfTermLabel = (cards: CardRenderer, term: Term, half: number) =>
  cards.text('teaching.plan.halfTerm', { term: cards.text(`teaching.term.${term}`), half: String(half) });

/** A card's slot value names a class's half-term: "<classId>|<halfTerm>". */
export const slotValue = (classId: string, halfTerm: number) => `${classId}|${halfTerm}`;

export function problemText(
  cards: CardRenderer,
  problem: ChangeProblem | { kind: 'unknown-lesson' | 'in-the-past' },
): string {
  switch (problem.kind) {
    case 'outside-half-term':
      return cards.text('teaching.plan.problem.outside-half-term', {
        startsOn: formatLocalDate(problem.startsOn),
        endsOn: formatLocalDate(problem.endsOn),
      });
    case 'not-school-day':
      return cards.text(`teaching.plan.problem.not-school-day.${problem.reason}`, {
        date: formatLocalDate(problem.date),
      });
    case 'wrong-band':
      return cards.text('teaching.plan.problem.wrong-band', {
        band: problem.band,
        classBand: problem.classBand,
      });
    case 'already-planned':
      return cards.text('teaching.plan.problem.already-planned', { halfTerm: String(problem.halfTerm) });
    default:
      return cards.text(`teaching.plan.problem.${problem.kind}`);
  }
}

/** A plan being shaped: the lessons proposed, and the choices for moving or swapping one. */
export function draftPlanCardData(
  cards: CardRenderer,
  lessons: LessonLibrary,
  props: {
    draftId: string;
    plan: TermPlan;
    notes: readonly PlanNote[];
    notice?: string;
    classNames: Map<string, string>;
  },
): PlanCardData {
  const { plan } = props;
  const rows = plan.lessons.map((l) => ({
    className: l.className,
    halfTermLabel: halfTermLabel(cards, plan.term, l.halfTerm),
    title: l.lesson.title,
    when: cards.text('teaching.plan.when', { date: formatLocalDate(l.localDate), time: l.localTime }),
    note: l.placement === 'usual-day' ? '' : cards.text(`teaching.plan.placement.${l.placement}`),
    plannedLessonId: '',
    canStart: false,
    canDeliver: false,
    canResults: false,
  }));
  const slots = plan.lessons.map((l) => ({
    title: cards.text('teaching.plan.slotChoice', {
      className: l.className,
      halfTerm: halfTermLabel(cards, plan.term, l.halfTerm),
      title: l.lesson.title,
    }),
    value: slotValue(l.classId, l.halfTerm),
  }));
  const bands = new Set(plan.lessons.map((l) => l.band));
  const library = lessons
    .all()
    .filter((lesson) => bands.has(lesson.band))
    .map((lesson) => ({
      title: cards.text('teaching.plan.libraryChoice', {
        band: lesson.band,
        halfTerm: halfTermLabel(cards, lesson.term, lesson.halfTerm),
        title: lesson.title,
      }),
      value: lesson.id,
    }));
  return {
    title: cards.text('teaching.plan.title', {
      term: cards.text(`teaching.term.${plan.term}`),
      year: plan.academicYear,
    }),
    intro: cards.text('teaching.plan.intro.draft'),
    notice: props.notice ?? '',
    isDraft: true,
    draftId: props.draftId,
    lessons: rows,
    notes: props.notes.map((n) => ({ text: noteText(cards, n, plan.term, props.classNames) })),
    slots,
    firstSlot: slots[0]?.value ?? '',
    firstTime: plan.lessons[0]?.localTime ?? '10:30',
    library,
    classChoices: [...props.classNames].map(([value, title]) => ({ title, value })),
    firstClassId: plan.lessons[0]?.classId ?? '',
    dayChoices: PSHE_DAYS.map((day) => ({ title: cards.text(`teaching.day.${day}`), value: day })),
    // The slot form starts on the first lesson's weekday (1 = Monday).
    firstDay: PSHE_DAYS[weekdayOf(plan.lessons[0]?.localDate ?? '2026-01-05') - 1] ?? 'monday',
  };
}

function noteText(cards: CardRenderer, note: PlanNote, term: Term, classNames: Map<string, string>): string {
  const className = classNames.get(note.classId) ?? '';
  const halfTerm = 'halfTerm' in note ? halfTermLabel(cards, term, note.halfTerm) : '';
  return cards.text(`teaching.plan.note.${note.kind}`, { className, halfTerm });
}

/** Confirmed lessons, with what the teacher can do with each now. */
export function confirmedPlanCardData(
  cards: CardRenderer,
  lessons: LessonLibrary,
  props: { planned: readonly PlannedLessonRecord[]; classes: readonly ClassForTeaching[]; notice?: string },
): PlanCardData {
  const className = (id: string) => props.classes.find((c) => c.id === id)?.name ?? '';
  const first = props.planned[0];
  const rows = props.planned.map((p) => ({
    className: className(p.classId),
    halfTermLabel: halfTermLabel(cards, p.term, p.halfTerm),
    title: lessons.byId(p.lessonId)?.title ?? p.lessonId,
    when: cards.text('teaching.plan.when', { date: formatLocalDate(p.localDate), time: p.localTime }),
    note: cards.text(`teaching.plan.status.${p.status === 'cancelled' ? 'planned' : p.status}`),
    plannedLessonId: p.id,
    canStart: p.status === 'planned',
    canDeliver: p.status === 'planned' || p.status === 'posted',
    canResults: p.status === 'posted' || p.status === 'delivered',
  }));
  return {
    title: first
      ? cards.text('teaching.plan.title', {
          term: cards.text(`teaching.term.${first.term}`),
          year: first.academicYear,
        })
      : '',
    intro: cards.text(first ? 'teaching.plan.intro.confirmed' : 'teaching.plan.intro.empty'),
    notice: props.notice ?? '',
    isDraft: false,
    draftId: '',
    lessons: rows,
    notes: [],
    slots: [],
    firstSlot: '',
    firstTime: '',
    library: [],
    classChoices: [],
    firstClassId: '',
    dayChoices: [],
    firstDay: '',
  };
}
