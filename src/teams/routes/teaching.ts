import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Person } from '../../domain/directory/person.js';
import { cancelLesson, cancellableLesson } from '../../use-cases/cancel-lesson.js';
import { changeTermPlan, type PlanChange } from '../../use-cases/change-term-plan.js';
import { confirmTermPlan } from '../../use-cases/confirm-term-plan.js';
import { teachesClass } from '../../use-cases/lesson-access.js';
import { markLessonDelivered } from '../../use-cases/mark-lesson-delivered.js';
import { classesToPlan, planTerm } from '../../use-cases/plan-term.js';
import { postLesson } from '../../use-cases/post-lesson.js';
import { quizResults } from '../../use-cases/quiz-results.js';
import { setPlanSlot } from '../../use-cases/set-plan-slot.js';
import type { BotDeps } from '../deps.js';
import {
  confirmedPlanCardData,
  draftPlanCardData,
  formatLocalDate,
  problemText,
} from '../presenters/plan.js';
import { resultsCardData } from '../presenters/results.js';
import { turnInfoOf } from '../turn-info.js';

/** Card verbs of the teacher's side of teaching (issue 4). `quiz.*` are in routes/quiz.ts. */
export const TEACHING_VERBS = {
  planStart: 'plan.start',
  planSlot: 'plan.slot',
  planMove: 'plan.move',
  planSwap: 'plan.swap',
  planConfirm: 'plan.confirm',
  lessonStart: 'lesson.start',
  lessonDelivered: 'lesson.delivered',
  lessonCancel: 'lesson.cancel',
  resultsShow: 'results.show',
  lessonsShow: 'lessons.show',
} as const;

const PLAN = /^\s*plan(\s+(the|this|my|next)\s+term)?\s*[.!]?\s*$/i;
const LESSONS = /^\s*(my\s+)?(lessons|plan\s+so\s+far)\s*$/i;
const START = /^\s*start\s+(the\s+|my\s+)?(next\s+)?lesson(\s+now)?\s*[.!]?\s*$/i;
const DELIVERED = /^\s*mark\s+(it\s+|the\s+lesson\s+|lesson\s+)?(as\s+)?delivered\s*[.!]?\s*$/i;
const RESULTS = /^\s*(quiz\s+)?results\s*[.!?]?\s*$/i;

const Uuid = z.string().uuid();
const DraftPayload = z.object({ draftId: Uuid });
/** "<classId>|<halfTerm>", as presenters/plan.ts writes a slot's value. */
const Slot = z
  .string()
  .regex(/^[0-9a-f-]{36}\|[12]$/i)
  .transform((v) => {
    const [classId, half] = v.split('|') as [string, string];
    return { classId, halfTerm: Number(half) as 1 | 2 };
  });
const MovePayload = DraftPayload.extend({
  moveSlot: Slot,
  date: z.string().trim().max(20),
  time: z.string().trim().max(8),
});
const SwapPayload = DraftPayload.extend({ swapSlot: Slot, lessonId: z.string().trim().min(1).max(120) });
const SlotPayload = DraftPayload.extend({
  slotClassId: Uuid,
  psheDay: z.string().trim().toLowerCase().max(12),
  psheTime: z.string().trim().max(8),
});
const LessonPayload = z.object({ plannedLessonId: Uuid });
const CancelPayload = LessonPayload.extend({ confirm: z.literal(true).optional() });
const ResultsPayload = z.object({ plannedLessonId: Uuid.optional() });

export function register(app: Application<TurnState>, deps: BotDeps): void {
  const notice = (text: string) => deps.cards.render('lesson-notice', { title: '', text }) as never;

  /** Teaching words are answered in the personal chat only: a class channel never sees a plan or results. */
  const privately =
    (words: string, handler: (context: TurnContext, person: Person | undefined) => Promise<void>) =>
    async (context: TurnContext) => {
      const { scope, person } = turnInfoOf(context);
      if (scope !== 'personal') {
        await context.sendActivity(deps.cards.text('teaching.privateOnly', { words }));
        return;
      }
      await handler(context, person);
    };

  async function planCard(person: Person, noticeText = '') {
    const classes = await classesToPlan(deps, person);
    const planned = await deps.teaching.plannedLessonsOf(classes.map((c) => c.id));
    return deps.cards.render(
      'plan',
      confirmedPlanCardData(deps.cards, deps.lessons, { planned, classes, notice: noticeText }),
    ) as never;
  }

  app.message(
    PLAN,
    privately('plan', async (context, person) => {
      const result = await planTerm(deps, { person });
      if (!result.ok) {
        await context.sendActivity(deps.cards.text(PLAN_REFUSAL_KEY[result.reason]));
        return;
      }
      const classNames = new Map(result.plan.lessons.map((l) => [l.classId, l.className]));
      const data = draftPlanCardData(deps.cards, deps.lessons, { ...result, classNames });
      await context.sendActivity({ attachments: [deps.cards.attachment('plan', data)] });
    }),
  );

  app.message(
    LESSONS,
    privately('lessons', async (context, person) => {
      if (!person?.roles.includes('teacher')) {
        await context.sendActivity(deps.cards.text('teaching.plan.notATeacher'));
        return;
      }
      const card = await planCard(person);
      await context.sendActivity({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      });
    }),
  );

  app.message(
    START,
    privately('start lesson', async (context, person) => {
      const next = person && (await ownLessons(person)).find((l) => l.status === 'planned');
      if (!person || !next) {
        await context.sendActivity(deps.cards.text('teaching.lesson.nothingToStart'));
        return;
      }
      await context.sendActivity(await startText(person, next.id));
    }),
  );

  app.message(
    DELIVERED,
    privately('mark delivered', async (context, person) => {
      const latest = person && (await ownLessons(person)).filter((l) => l.status === 'posted').at(-1);
      if (!person || !latest) {
        await context.sendActivity(deps.cards.text('teaching.lesson.nothingToMark'));
        return;
      }
      await context.sendActivity(await deliveredText(person, latest.id));
    }),
  );

  app.message(
    RESULTS,
    privately('results', async (context, person) => {
      const result = await quizResults(deps, { person });
      if (!result.ok) {
        await context.sendActivity(deps.cards.text(resultsRefusalKey(result.reason)));
        return;
      }
      await context.sendActivity({
        attachments: [deps.cards.attachment('results', resultsCardData(deps.cards, result.results))],
      });
    }),
  );

  app.adaptiveCards.actionExecute(TEACHING_VERBS.planStart, async (context) => {
    const { person, scope } = turnInfoOf(context);
    if (scope !== 'personal') return notice(deps.cards.text('teaching.privateOnly', { words: 'plan' }));
    const result = await planTerm(deps, { person });
    if (!result.ok) return notice(deps.cards.text(PLAN_REFUSAL_KEY[result.reason]));
    const classNames = new Map(result.plan.lessons.map((l) => [l.classId, l.className]));
    return deps.cards.render(
      'plan',
      draftPlanCardData(deps.cards, deps.lessons, { ...result, classNames }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.planSlot, async (context, _state, data) => {
    const { person } = turnInfoOf(context);
    const parsed = SlotPayload.safeParse(data);
    if (!parsed.success) return notice(deps.cards.text('teaching.plan.problem.bad-time'));
    const { slotClassId, psheDay, psheTime } = parsed.data;
    const saved = await setPlanSlot(deps, { person, classId: slotClassId, psheDay, psheTime });
    if (!saved.ok) {
      const key = {
        'not-allowed': 'teaching.lesson.notAllowed',
        'not-found': 'teaching.lesson.notFound',
        'bad-day': 'teaching.plan.problem.bad-date',
        'bad-time': 'teaching.plan.problem.bad-time',
      }[saved.reason];
      return notice(deps.cards.text(key));
    }
    const result = await planTerm(deps, { person });
    if (!result.ok) return notice(deps.cards.text(PLAN_REFUSAL_KEY[result.reason]));
    const classNames = new Map(result.plan.lessons.map((l) => [l.classId, l.className]));
    const slotSaved = deps.cards.text('teaching.plan.slotSaved', {
      className: classNames.get(slotClassId) ?? '',
      day: deps.cards.text(`teaching.day.${psheDay}`),
      time: psheTime,
    });
    return deps.cards.render(
      'plan',
      draftPlanCardData(deps.cards, deps.lessons, { ...result, classNames, notice: slotSaved }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.planMove, async (context, _state, data) => {
    const parsed = MovePayload.safeParse(data);
    if (!parsed.success) return notice(deps.cards.text('teaching.plan.problem.bad-date'));
    const { draftId, moveSlot, date, time } = parsed.data;
    return changeCard(context, draftId, { kind: 'move', ...moveSlot, date, time });
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.planSwap, async (context, _state, data) => {
    const parsed = SwapPayload.safeParse(data);
    if (!parsed.success) return notice(deps.cards.text('teaching.plan.problem.unknown-lesson'));
    const { draftId, swapSlot, lessonId } = parsed.data;
    return changeCard(context, draftId, { kind: 'swap', ...swapSlot, lessonId });
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.planConfirm, async (context, _state, data) => {
    const parsed = DraftPayload.safeParse(data);
    if (!parsed.success) return notice(deps.cards.text('teaching.plan.notFound'));
    const { person, correlationId } = turnInfoOf(context);
    const result = await confirmTermPlan(deps, { person, draftId: parsed.data.draftId });
    if (!result.ok && result.reason === 'not-found') return notice(deps.cards.text('teaching.plan.notFound'));
    deps.log.info('plan.confirmed', {
      correlationId,
      lessons: result.ok ? result.lessons.length : 0,
      repeated: !result.ok,
    });
    return planCard(
      person as Person,
      deps.cards.text(result.ok ? 'teaching.plan.confirmed' : 'teaching.plan.alreadyConfirmed'),
    );
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.lessonsShow, async (context) => {
    const { person } = turnInfoOf(context);
    if (!person?.roles.includes('teacher')) return notice(deps.cards.text('teaching.plan.notATeacher'));
    return planCard(person);
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.lessonStart, async (context, _state, data) => {
    const parsed = LessonPayload.safeParse(data);
    const { person } = turnInfoOf(context);
    if (!parsed.success || !person) return notice(deps.cards.text('teaching.lesson.notFound'));
    return planCard(person, await startText(person, parsed.data.plannedLessonId));
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.lessonDelivered, async (context, _state, data) => {
    const parsed = LessonPayload.safeParse(data);
    const { person } = turnInfoOf(context);
    if (!parsed.success || !person) return notice(deps.cards.text('teaching.lesson.notFound'));
    return planCard(person, await deliveredText(person, parsed.data.plannedLessonId));
  });

  // Cancelling asks first: a press on the wrong row must not take a lesson off a class's term.
  app.adaptiveCards.actionExecute(TEACHING_VERBS.lessonCancel, async (context, _state, data) => {
    const parsed = CancelPayload.safeParse(data);
    const { person } = turnInfoOf(context);
    if (!parsed.success || !person) return notice(deps.cards.text('teaching.lesson.notFound'));
    const { plannedLessonId, confirm } = parsed.data;
    const result = confirm
      ? await cancelLesson(deps, { person, plannedLessonId })
      : await cancellableLesson(deps, { person, plannedLessonId });
    if (!result.ok) {
      const key = {
        'not-found': 'teaching.lesson.notFound',
        'not-allowed': 'teaching.lesson.notAllowed',
        'already-posted': 'teaching.cancel.alreadyPosted',
      }[result.reason];
      return planCard(person, deps.cards.text(key));
    }
    const values = {
      className: result.className,
      title: deps.lessons.byId(result.lesson.lessonId)?.title ?? result.lesson.lessonId,
      date: formatLocalDate(result.lesson.localDate),
      time: result.lesson.localTime,
    };
    if (confirm) {
      deps.log.info('lesson.cancelled', { plannedLessonId });
      return planCard(person, deps.cards.text('teaching.cancel.done', values));
    }
    return deps.cards.render('lesson-notice', {
      title: deps.cards.text('teaching.cancel.confirmTitle'),
      text: deps.cards.text('teaching.cancel.confirmText', values),
      actions: [
        {
          title: deps.cards.text('teaching.cancel.yes'),
          verb: TEACHING_VERBS.lessonCancel,
          data: { plannedLessonId, confirm: true },
        },
        { title: deps.cards.text('teaching.cancel.no'), verb: TEACHING_VERBS.lessonsShow, data: {} },
      ],
    }) as never;
  });

  app.adaptiveCards.actionExecute(TEACHING_VERBS.resultsShow, async (context, _state, data) => {
    const { person, scope } = turnInfoOf(context);
    // Results name no pupil, but a class's scores are still for its teacher alone (issue 4, Results).
    if (scope !== 'personal') return notice(deps.cards.text('teaching.privateOnly', { words: 'results' }));
    const parsed = ResultsPayload.safeParse(data ?? {});
    if (!parsed.success) return notice(deps.cards.text('teaching.results.notFound'));
    const result = await quizResults(deps, { person, plannedLessonId: parsed.data.plannedLessonId });
    if (!result.ok) return notice(deps.cards.text(resultsRefusalKey(result.reason)));
    return deps.cards.render('results', resultsCardData(deps.cards, result.results)) as never;
  });

  async function changeCard(context: TurnContext, draftId: string, change: PlanChange) {
    const { person } = turnInfoOf(context);
    const result = await changeTermPlan(deps, { person, draftId, change });
    if ('reason' in result) {
      return notice(
        deps.cards.text(
          result.reason === 'not-found' ? 'teaching.plan.notFound' : 'teaching.plan.alreadyConfirmed',
        ),
      );
    }
    const classNames = new Map(result.plan.lessons.map((l) => [l.classId, l.className]));
    const data = draftPlanCardData(deps.cards, deps.lessons, {
      draftId,
      plan: result.plan,
      notes: result.plan.problems,
      classNames,
      notice: result.ok ? '' : problemText(deps.cards, result.problem),
    });
    return deps.cards.render('plan', data) as never;
  }

  /** Lessons of the classes this person teaches themselves, earliest first. */
  async function ownLessons(person: Person) {
    const classes = (await classesToPlan(deps, person)).filter((c) => teachesClass(person, c.id));
    return deps.teaching.plannedLessonsOf(classes.map((c) => c.id));
  }

  async function startText(person: Person, plannedLessonId: string): Promise<string> {
    const result = await postLesson(deps, { plannedLessonId, by: person, asTeacher: true });
    if (result.ok) {
      deps.log.info('lesson.started', { plannedLessonId });
      return deps.cards.text('teaching.lesson.started', { className: result.className });
    }
    const key = {
      'not-found': 'teaching.lesson.notFound',
      'not-allowed': 'teaching.lesson.notAllowed',
      'already-posted': 'teaching.lesson.alreadyPosted',
      'no-channel': 'teaching.lesson.noChannel',
    }[result.reason];
    return deps.cards.text(key, { className: result.className ?? '' });
  }

  async function deliveredText(person: Person, plannedLessonId: string): Promise<string> {
    const result = await markLessonDelivered(deps, { person, plannedLessonId });
    if (result.ok) return deps.cards.text('teaching.lesson.delivered');
    const key = {
      'not-found': 'teaching.lesson.notFound',
      'not-allowed': 'teaching.lesson.notAllowed',
      'already-delivered': 'teaching.lesson.alreadyDelivered',
    }[result.reason];
    return deps.cards.text(key);
  }
}

const PLAN_REFUSAL_KEY = {
  'not-a-teacher': 'teaching.plan.notATeacher',
  'no-classes': 'teaching.plan.noClasses',
  'no-term-dates': 'teaching.plan.noTermDates',
} as const;

function resultsRefusalKey(reason: 'not-allowed' | 'not-found' | 'nothing-posted'): string {
  return {
    'not-allowed': 'teaching.results.notAllowed',
    'not-found': 'teaching.results.notFound',
    'nothing-posted': 'teaching.results.nothingPosted',
  }[reason];
}
