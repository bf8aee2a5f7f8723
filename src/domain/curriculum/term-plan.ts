import {
  addDaysToLocalDate,
  isLocalDate,
  isLocalTime,
  type LocalTime,
  schoolTimeToUtc,
  utcToSchoolTime,
  weekdayOf,
} from '../calendar/school-time.js';
import {
  addSchoolDays,
  type Calendar,
  type ClosureKind,
  type HalfTerm,
  isSchoolDay,
  type LocalDate,
  schoolDaysIn,
} from '../calendar/term-dates.js';
import { ageBandForYear, type YearGroup } from '../directory/year-groups.js';
import type { AgeBand, HalfTermNumber, Term } from './lesson.js';

/**
 * Planning a term: each class gets the lesson for its age band in each half-term, on its usual
 * PSHE day and time. Pure: the caller brings the calendar, the classes and the lesson library,
 * and stores or shows what comes back. Problems are data, so the teacher's card can say what is
 * missing instead of the plan failing.
 */

export const PSHE_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type PsheDay = (typeof PSHE_DAYS)[number];
const WEEKDAY_NUMBER: Record<PsheDay, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
};

export type ClassToPlan = {
  id: string;
  name: string;
  yearGroup: YearGroup;
  psheDay: PsheDay;
  /** School-local "HH:mm". */
  psheTime: LocalTime;
};

export type LessonRef = { id: string; title: string };
export type LessonFor = (band: AgeBand, term: Term, halfTerm: HalfTermNumber) => LessonRef | undefined;

export type PlannedLesson = {
  classId: string;
  className: string;
  band: AgeBand;
  halfTerm: HalfTermNumber;
  lesson: LessonRef;
  localDate: LocalDate;
  localTime: LocalTime;
  /** The instant to post the lesson, for the scheduler. */
  startsAt: Date;
  /**
   * Why this date: the class's usual day; the half-term's first school day because the usual
   * weekday never falls on a school day in it; or a teacher moved it.
   */
  placement: 'usual-day' | 'first-school-day' | 'moved';
};

export type PlanProblem =
  | { kind: 'half-term-missing'; classId: string; halfTerm: HalfTermNumber }
  | { kind: 'no-school-day'; classId: string; halfTerm: HalfTermNumber }
  | { kind: 'no-lesson'; classId: string; band: AgeBand; halfTerm: HalfTermNumber }
  | { kind: 'bad-time'; classId: string; time: string };

export type TermPlan = {
  academicYear: string;
  term: Term;
  /** Two per class when nothing is missing, in class order then half-term order. */
  lessons: PlannedLesson[];
  problems: PlanProblem[];
};

export type ProposeTermPlanProps = {
  calendar: Calendar;
  term: Term;
  /** "2026-27" style, as in the calendar. */
  academicYear: string;
  classes: readonly ClassToPlan[];
  lessonFor: LessonFor;
};

const HALF_TERM_NUMBERS = [1, 2] as const;

function findHalfTerm(
  calendar: Calendar,
  academicYear: string,
  term: Term,
  halfTerm: HalfTermNumber,
): HalfTerm | undefined {
  return calendar.halfTerms.find(
    (h) => h.academicYear === academicYear && h.term === term && h.halfTerm === halfTerm,
  );
}

export function proposeTermPlan({
  calendar,
  term,
  academicYear,
  classes,
  lessonFor,
}: ProposeTermPlanProps): TermPlan {
  const lessons: PlannedLesson[] = [];
  const problems: PlanProblem[] = [];
  for (const cls of classes) {
    if (!isLocalTime(cls.psheTime)) {
      problems.push({ kind: 'bad-time', classId: cls.id, time: cls.psheTime });
      continue;
    }
    const band = ageBandForYear(cls.yearGroup);
    for (const halfTerm of HALF_TERM_NUMBERS) {
      const half = findHalfTerm(calendar, academicYear, term, halfTerm);
      if (!half) {
        problems.push({ kind: 'half-term-missing', classId: cls.id, halfTerm });
        continue;
      }
      const days = schoolDaysIn(calendar, half);
      const usual = days.find((day) => weekdayOf(day) === WEEKDAY_NUMBER[cls.psheDay]);
      const day = usual ?? days[0];
      const lesson = lessonFor(band, term, halfTerm);
      if (!day) problems.push({ kind: 'no-school-day', classId: cls.id, halfTerm });
      if (!lesson) problems.push({ kind: 'no-lesson', classId: cls.id, band, halfTerm });
      if (!day || !lesson) continue;
      lessons.push({
        classId: cls.id,
        className: cls.name,
        band,
        halfTerm,
        lesson,
        localDate: day,
        localTime: cls.psheTime,
        startsAt: schoolTimeToUtc(day, cls.psheTime),
        placement: usual ? 'usual-day' : 'first-school-day',
      });
    }
  }
  return { academicYear, term, lessons, problems };
}

export type ChangeProblem =
  | { kind: 'not-planned'; classId: string; halfTerm: HalfTermNumber }
  | { kind: 'bad-date'; date: string }
  | { kind: 'bad-time'; time: string }
  /** The lesson belongs to its half-term: the card can offer the range. */
  | { kind: 'outside-half-term'; date: LocalDate; startsOn: LocalDate; endsOn: LocalDate }
  | { kind: 'not-school-day'; date: LocalDate; reason: 'weekend' | ClosureKind }
  /** Lessons are written for an age band (UKCIS Education for a Connected World). */
  | { kind: 'wrong-band'; lessonId: string; band: AgeBand; classBand: AgeBand }
  | { kind: 'already-planned'; lessonId: string; halfTerm: HalfTermNumber };

export type ChangeResult = { ok: true; plan: TermPlan } | { ok: false; problem: ChangeProblem };

function slotIndex(plan: TermPlan, classId: string, halfTerm: HalfTermNumber): number {
  return plan.lessons.findIndex((l) => l.classId === classId && l.halfTerm === halfTerm);
}

function replaceAt(plan: TermPlan, index: number, lesson: PlannedLesson): TermPlan {
  return { ...plan, lessons: plan.lessons.map((l, i) => (i === index ? lesson : l)) };
}

/** A teacher moves a planned lesson to another school day (and time) of the same half-term. */
export function moveLesson(
  plan: TermPlan,
  classId: string,
  halfTerm: HalfTermNumber,
  newLocalDate: string,
  newTime: string,
  calendar: Calendar,
): ChangeResult {
  if (!isLocalDate(newLocalDate)) return { ok: false, problem: { kind: 'bad-date', date: newLocalDate } };
  if (!isLocalTime(newTime)) return { ok: false, problem: { kind: 'bad-time', time: newTime } };
  const index = slotIndex(plan, classId, halfTerm);
  const planned = plan.lessons[index];
  const half = findHalfTerm(calendar, plan.academicYear, plan.term, halfTerm);
  if (!planned || !half) return { ok: false, problem: { kind: 'not-planned', classId, halfTerm } };
  if (newLocalDate < half.startsOn || newLocalDate > half.endsOn) {
    const { startsOn, endsOn } = half;
    return { ok: false, problem: { kind: 'outside-half-term', date: newLocalDate, startsOn, endsOn } };
  }
  if (!isSchoolDay(calendar, newLocalDate)) {
    const weekday = weekdayOf(newLocalDate);
    const closure = calendar.closures.find((c) => c.date === newLocalDate);
    const reason = weekday === 0 || weekday === 6 ? 'weekend' : (closure?.kind ?? 'closure');
    return { ok: false, problem: { kind: 'not-school-day', date: newLocalDate, reason } };
  }
  return {
    ok: true,
    plan: replaceAt(plan, index, {
      ...planned,
      localDate: newLocalDate,
      localTime: newTime,
      startsAt: schoolTimeToUtc(newLocalDate, newTime),
      placement: 'moved',
    }),
  };
}

/**
 * A teacher swaps the lesson in one slot for another from the library. The date stays. Only a
 * lesson written for the class's band, and not already in the class's plan for the term.
 */
export function swapLesson(
  plan: TermPlan,
  classId: string,
  halfTerm: HalfTermNumber,
  replacement: LessonRef & { band: AgeBand },
): ChangeResult {
  const index = slotIndex(plan, classId, halfTerm);
  const planned = plan.lessons[index];
  if (!planned) return { ok: false, problem: { kind: 'not-planned', classId, halfTerm } };
  if (replacement.band !== planned.band) {
    return {
      ok: false,
      problem: {
        kind: 'wrong-band',
        lessonId: replacement.id,
        band: replacement.band,
        classBand: planned.band,
      },
    };
  }
  const twin = plan.lessons.find(
    (l) => l.classId === classId && l.halfTerm !== halfTerm && l.lesson.id === replacement.id,
  );
  if (twin) {
    return {
      ok: false,
      problem: { kind: 'already-planned', lessonId: replacement.id, halfTerm: twin.halfTerm },
    };
  }
  const lesson = { id: replacement.id, title: replacement.title };
  return { ok: true, plan: replaceAt(plan, index, { ...planned, lesson }) };
}

/**
 * The school day on which an undelivered lesson is raised with the PSHE lead: two school days
 * after it was planned (issue 4, "Deliver"), so weekends, holidays and INSET days do not count.
 * Undefined when the calendar ends first (the lead is told when next year's dates are entered).
 */
export function dueForDeliveryCheck(plannedLocalDate: LocalDate, calendar: Calendar): LocalDate | undefined {
  return addSchoolDays(calendar, plannedLocalDate, 2);
}

/**
 * The school day a delivered lesson's quiz closes and its results go to the class's teachers
 * (issue 4, "Results"): three school days after it was taught, so pupils offered it to catch up
 * (the next school day) have two school days to answer. Answers after that still count when the
 * teacher asks again. Undefined when the calendar ends first.
 */
export function quizClosesOn(taughtOn: LocalDate, calendar: Calendar): LocalDate | undefined {
  return addSchoolDays(calendar, taughtOn, 3);
}

/**
 * The teacher's reminder: the day before, at the same school-local time. Across a clock change
 * that is 23 or 25 hours earlier, not 24.
 */
export function reminderAt(startsAt: Date): Date {
  const { date, time } = utcToSchoolTime(startsAt);
  return schoolTimeToUtc(addDaysToLocalDate(date, -1), time);
}
