import type { LessonLibrary } from '../content/lesson-library.js';
import { schoolTimeToUtc, utcToSchoolTime, weekdayOf } from '../domain/calendar/school-time.js';
import { type Calendar, type LocalDate, schoolDaysIn } from '../domain/calendar/term-dates.js';
import type { Clock } from '../domain/clock.js';
import { TERMS, type Term } from '../domain/curriculum/lesson.js';
import {
  type ClassToPlan,
  type PlannedLesson,
  type PlanProblem,
  PSHE_DAYS,
  type PsheDay,
  proposeTermPlan,
  type TermPlan,
} from '../domain/curriculum/term-plan.js';
import type { Person } from '../domain/directory/person.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { ClassForTeaching, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass } from './lesson-access.js';

/** A class whose teacher has not chosen a slot is taught on Monday at 10:30, school time. */
export const DEFAULT_PSHE_SLOT: { psheDay: PsheDay; psheTime: string } = {
  psheDay: 'monday',
  psheTime: '10:30',
};

export type PlanDeps = {
  directory: DirectoryRepository;
  teaching: TeachingRepository;
  lessons: LessonLibrary;
  clock: Clock;
};

/** Beyond the domain's problems: a half-term whose school days have all gone by. */
export type PlanNote = PlanProblem | { kind: 'half-term-over'; classId: string; halfTerm: 1 | 2 };

export type PlanResult =
  | { ok: true; draftId: string; plan: TermPlan; notes: PlanNote[] }
  | { ok: false; reason: 'not-a-teacher' | 'no-classes' | 'no-term-dates' };

/** The classes this person plans for: their own, or every class for the PSHE lead. */
export async function classesToPlan(deps: PlanDeps, person: Person): Promise<ClassForTeaching[]> {
  const all = await deps.teaching.classesOfSchool(person.schoolId);
  return all.filter((c) => canManageClass(person, c));
}

export function toClassToPlan(c: ClassForTeaching): ClassToPlan {
  const slot = c.slot ?? DEFAULT_PSHE_SLOT;
  return { id: c.id, name: c.name, yearGroup: c.yearGroup, psheDay: slot.psheDay, psheTime: slot.psheTime };
}

/**
 * The term to plan: the one running now, or the next to start during a holiday, as long as it has
 * a school day left; otherwise the one after.
 */
export function termsFrom(calendar: Calendar, today: LocalDate): { academicYear: string; term: Term }[] {
  const terms = new Map<string, { academicYear: string; term: Term; endsOn: LocalDate }>();
  for (const h of calendar.halfTerms) {
    const key = `${h.academicYear}:${h.term}`;
    const known = terms.get(key);
    if (!known || known.endsOn < h.endsOn)
      terms.set(key, { academicYear: h.academicYear, term: h.term, endsOn: h.endsOn });
  }
  return [...terms.values()]
    .filter((t) => t.endsOn >= today)
    .sort(
      (a, b) => a.academicYear.localeCompare(b.academicYear) || TERMS.indexOf(a.term) - TERMS.indexOf(b.term),
    )
    .map(({ academicYear, term }) => ({ academicYear, term }));
}

/**
 * A proposed lesson whose moment has passed moves to the class's usual weekday later in the same
 * half-term (or the first school day left in it); with none left, the half-term is noted instead.
 */
export function keepToComing(
  plan: TermPlan,
  calendar: Calendar,
  classes: readonly ClassToPlan[],
  now: Date,
): { plan: TermPlan; notes: PlanNote[] } {
  const today = utcToSchoolTime(now).date;
  const notes: PlanNote[] = [];
  const lessons: PlannedLesson[] = [];
  for (const lesson of plan.lessons) {
    if (lesson.startsAt > now) {
      lessons.push(lesson);
      continue;
    }
    const half = calendar.halfTerms.find(
      (h) => h.academicYear === plan.academicYear && h.term === plan.term && h.halfTerm === lesson.halfTerm,
    );
    const cls = classes.find((c) => c.id === lesson.classId);
    const days = half ? schoolDaysIn(calendar, half).filter((d) => d > today) : [];
    const weekday = cls ? PSHE_DAYS.indexOf(cls.psheDay) + 1 : -1;
    const day = days.find((d) => weekdayOf(d) === weekday) ?? days[0];
    if (!day) {
      notes.push({ kind: 'half-term-over', classId: lesson.classId, halfTerm: lesson.halfTerm });
      continue;
    }
    lessons.push({
      ...lesson,
      localDate: day,
      startsAt: schoolTimeToUtc(day, lesson.localTime),
      placement: weekdayOf(day) === weekday ? 'usual-day' : 'first-school-day',
    });
  }
  return { plan: { ...plan, lessons }, notes };
}

/** "plan the term": proposes each class's lessons for the coming half-terms, as a draft to shape. */
export async function planTerm(deps: PlanDeps, props: { person: Person | undefined }): Promise<PlanResult> {
  const { person } = props;
  if (!person?.roles.includes('teacher')) return { ok: false, reason: 'not-a-teacher' };
  const classes = (await classesToPlan(deps, person)).map(toClassToPlan);
  if (classes.length === 0) return { ok: false, reason: 'no-classes' };
  const calendar = await deps.directory.calendar(person.schoolId);
  const now = deps.clock.now();
  const lessonFor = (band: Parameters<LessonLibrary['forSlot']>[0], term: Term, half: 1 | 2) => {
    const lesson = deps.lessons.forSlot(band, term, half);
    return lesson && { id: lesson.id, title: lesson.title };
  };
  for (const { academicYear, term } of termsFrom(calendar, utcToSchoolTime(now).date)) {
    const proposed = proposeTermPlan({ calendar, term, academicYear, classes, lessonFor });
    const { plan, notes } = keepToComing(proposed, calendar, classes, now);
    if (plan.lessons.length === 0) continue;
    const draftId = await deps.teaching.createDraft({
      schoolId: person.schoolId,
      createdBy: person.id,
      academicYear,
      term,
      plan: serialisePlan(plan),
    });
    return { ok: true, draftId, plan, notes: [...plan.problems, ...notes] };
  }
  return { ok: false, reason: 'no-term-dates' };
}

/** Drafts hold the plan as JSON: instants as ISO strings. */
export function serialisePlan(plan: TermPlan): Record<string, unknown> {
  return { ...plan, lessons: plan.lessons.map((l) => ({ ...l, startsAt: l.startsAt.toISOString() })) };
}

export function deserialisePlan(json: Record<string, unknown>): TermPlan {
  const plan = json as unknown as TermPlan & { lessons: (PlannedLesson & { startsAt: string })[] };
  return { ...plan, lessons: plan.lessons.map((l) => ({ ...l, startsAt: new Date(l.startsAt) })) };
}
