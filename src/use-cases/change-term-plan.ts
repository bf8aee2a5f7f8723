import type { LessonLibrary } from '../content/lesson-library.js';
import type { Calendar } from '../domain/calendar/term-dates.js';
import type { Clock } from '../domain/clock.js';
import type { HalfTermNumber } from '../domain/curriculum/lesson.js';
import { type ChangeProblem, moveLesson, swapLesson, type TermPlan } from '../domain/curriculum/term-plan.js';
import type { Person } from '../domain/directory/person.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { deserialisePlan, serialisePlan } from './plan-term.js';

export type PlanChange =
  | { kind: 'move'; classId: string; halfTerm: HalfTermNumber; date: string; time: string }
  | { kind: 'swap'; classId: string; halfTerm: HalfTermNumber; lessonId: string };

export type ChangePlanResult =
  | { ok: true; draftId: string; plan: TermPlan }
  /** The plan is unchanged; the card says why in kind words and shows it again. */
  | {
      ok: false;
      draftId: string;
      plan: TermPlan;
      problem: ChangeProblem | { kind: 'unknown-lesson' } | { kind: 'in-the-past' };
    }
  | { ok: false; reason: 'not-found' | 'already-confirmed' };

/** A teacher moves a lesson to another school day of its half-term, or swaps it for another lesson. */
export async function changeTermPlan(
  deps: {
    directory: DirectoryRepository;
    teaching: TeachingRepository;
    lessons: LessonLibrary;
    clock: Clock;
  },
  props: { person: Person | undefined; draftId: string; change: PlanChange },
): Promise<ChangePlanResult> {
  const { person, draftId, change } = props;
  const draft = await deps.teaching.draft(draftId);
  // Only the teacher who asked for the plan shapes it: a draft id on someone else's card is not a key.
  if (!draft || !person || draft.createdBy !== person.id) return { ok: false, reason: 'not-found' };
  if (draft.status !== 'draft') return { ok: false, reason: 'already-confirmed' };
  const plan = deserialisePlan(draft.plan);
  let result:
    | { ok: true; plan: TermPlan }
    | { ok: false; problem: ChangeProblem | { kind: 'unknown-lesson' } | { kind: 'in-the-past' } };
  if (change.kind === 'move') {
    const calendar: Calendar = await deps.directory.calendar(draft.schoolId);
    result = moveLesson(plan, change.classId, change.halfTerm, change.date, change.time, calendar);
    const moved = result.ok
      ? result.plan.lessons.find((l) => l.classId === change.classId && l.halfTerm === change.halfTerm)
      : undefined;
    // A lesson cannot be posted before it is planned: the new time must still be ahead.
    if (moved && moved.startsAt <= deps.clock.now()) result = { ok: false, problem: { kind: 'in-the-past' } };
  } else {
    const replacement = deps.lessons.byId(change.lessonId);
    result = replacement
      ? swapLesson(plan, change.classId, change.halfTerm, {
          id: replacement.id,
          title: replacement.title,
          band: replacement.band,
        })
      : { ok: false, problem: { kind: 'unknown-lesson' } };
  }
  if (!result.ok) return { ok: false, draftId, plan, problem: result.problem };
  if (!(await deps.teaching.updateDraft(draftId, serialisePlan(result.plan))))
    return { ok: false, reason: 'already-confirmed' };
  return { ok: true, draftId, plan: result.plan };
}
