import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { utcToSchoolTime } from '../../domain/calendar/school-time.js';
import type { Person } from '../../domain/directory/person.js';
import { isStaff } from '../../domain/directory/roles.js';
import { canRecords } from '../../domain/training/access.js';
import { recordTraining, TrainingInputSchema } from '../../use-cases/record-training.js';
import { CourseInputSchema, saveTrainingCourse } from '../../use-cases/save-training-course.js';
import { viewMyTraining } from '../../use-cases/view-training.js';
import type { BotDeps } from '../deps.js';
import {
  courseFormValues,
  displayDate,
  myTrainingCardData,
  TRAINING_COURSE_SAVE,
  TRAINING_COURSES,
  TRAINING_FORM,
  TRAINING_MINE,
  TRAINING_RECORD,
  trainingCoursesCardData,
  trainingFormCardData,
} from '../presenters/training.js';
import { turnInfoOf } from '../turn-info.js';

const MY_TRAINING = /^\s*(my training|my courses|training status)\s*[.!?]?\s*$/i;
const COURSES = /^\s*(courses|training courses|course catalogue|catalogue)\s*[.!?]?\s*$/i;
const RECORD =
  /^\s*(done|training done|record training|i('| ha)ve done (a |my )?(course|training))\s*[.!?]?\s*$/i;

/** Teams sends a toggle or a bound boolean as text; both mean the same. */
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional();
/** A record id (bigserial as text); empty means none. */
const RecordId = z
  .string()
  .regex(/^\d{0,18}$/)
  .optional()
  .transform((v) => (v ? v : undefined));
const FormPayload = z
  .object({ courseId: z.string().max(80).optional(), forOthers: Flag, correctsId: RecordId })
  .passthrough();
const RecordPayload = TrainingInputSchema.extend({
  personId: z.string().max(64).optional(),
  forOthers: Flag,
  correctsId: RecordId,
}).passthrough();

export const todayIn = (deps: BotDeps) => utcToSchoolTime(deps.clock.now()).date;

/**
 * Staff keep their own training in their personal chat (issue 6, item 2): "my training" shows each
 * course's standing; "done" or a reminder's button opens the form to record one. Leadership and
 * admins record for others from the same form. Deny by default: pupils and people not on the
 * roster get a kind "not for you", and nobody sees anyone else's records here.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  app.message(staffSays(MY_TRAINING), async (context) => {
    const reply = await staffOnly(context, deps);
    if (typeof reply === 'string') return void (await context.sendActivity(reply));
    await context.sendActivity({
      attachments: [deps.cards.attachment('training-mine', await mine(deps, reply))],
    });
  });

  app.message(staffSays(RECORD), async (context) => {
    const reply = await staffOnly(context, deps);
    if (typeof reply === 'string') return void (await context.sendActivity(reply));
    await context.sendActivity({
      attachments: [deps.cards.attachment('training-form', await form(deps, reply, {}))],
    });
  });

  // The catalogue is the admin's (and the headteacher's) to change (DESIGN.md, Roles).
  app.message(staffSays(COURSES), async (context) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return void (await context.sendActivity(person));
    if (!canRecords(actorOf(person), 'manage-catalogue'))
      return void (await context.sendActivity(deps.cards.text('error.notAllowed')));
    const catalogue = await deps.training.catalogue(person.schoolId);
    await context.sendActivity({
      attachments: [
        deps.cards.attachment('training-courses', trainingCoursesCardData(deps.cards, { catalogue })),
      ],
    });
  });

  app.adaptiveCards.actionExecute(TRAINING_COURSES, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    if (!canRecords(actorOf(person), 'manage-catalogue')) return deps.cards.text('error.notAllowed');
    const payload = FormPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const catalogue = await deps.training.catalogue(person.schoolId);
    const course = catalogue.find((c) => c.id === payload.data.courseId);
    return deps.cards.render(
      'training-courses',
      trainingCoursesCardData(deps.cards, {
        catalogue,
        ...(course ? { values: courseFormValues(course) } : {}),
      }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(TRAINING_COURSE_SAVE, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const raw = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    // Input.Number comes back as a number from some clients, as text from others.
    const input = CourseInputSchema.safeParse({
      ...raw,
      ...(typeof raw.withinDays === 'number' ? { withinDays: String(raw.withinDays) } : {}),
    });
    if (!input.success) return deps.cards.text('error.badInput');
    const result = await saveTrainingCourse({
      training: deps.training,
      schoolId: person.schoolId,
      actor: actorOf(person),
      input: input.data,
      at: deps.clock.now(),
    });
    deps.log.info('training.course-save', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('error.notAllowed');
    const catalogue = await deps.training.catalogue(person.schoolId);
    if (result.outcome === 'invalid')
      return deps.cards.render(
        'training-courses',
        trainingCoursesCardData(deps.cards, { catalogue, values: input.data, problems: result.problems }),
      ) as never;
    const message = deps.cards.text(`training.courses.saved.${result.outcome}`, {
      course: result.course.title,
    });
    return deps.cards.render(
      'training-courses',
      trainingCoursesCardData(deps.cards, { catalogue, message }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(TRAINING_MINE, async (context) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    return deps.cards.render('training-mine', await mine(deps, person)) as never;
  });

  app.adaptiveCards.actionExecute(TRAINING_FORM, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = FormPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const forOthers = payload.data.forOthers === true;
    if (forOthers && !canRecords(actorOf(person), 'record-training-for-others'))
      return deps.cards.text('leadership.notAllowed');
    // Correcting one of their own records: the form starts from it, as it was written.
    const { correctsId } = payload.data;
    if (correctsId && !forOthers) {
      const record = (await deps.training.records(person.schoolId, person.id)).find(
        (r) => r.id === correctsId,
      );
      if (!record) return deps.cards.text('training.problem.record-unknown');
      return deps.cards.render(
        'training-form',
        await form(deps, person, {
          correctsId,
          values: {
            courseId: record.courseId,
            completedOn: record.completedOn,
            provider: record.provider,
            certificateUrl: record.certificateUrl ?? '',
          },
        }),
      ) as never;
    }
    return deps.cards.render(
      'training-form',
      await form(deps, person, { forOthers, values: { courseId: payload.data.courseId ?? '' } }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(TRAINING_RECORD, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = RecordPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const { personId, forOthers, correctsId, ...input } = payload.data;
    const onBehalf = forOthers === true;
    // Corrections are of one's own records here; leadership records afresh for others.
    const corrects = onBehalf ? undefined : correctsId;
    const result = await recordTraining({
      training: deps.training,
      schoolId: person.schoolId,
      actor: actorOf(person),
      personId: onBehalf ? (personId ?? '') : undefined,
      correctsId: corrects,
      input,
      today: todayIn(deps),
      at: deps.clock.now(),
    });
    deps.log.info('training.record', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
      onBehalf,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('leadership.notAllowed');
    if (result.outcome === 'invalid')
      return deps.cards.render(
        'training-form',
        await form(deps, person, {
          forOthers: onBehalf,
          ...(corrects ? { correctsId: corrects } : {}),
          values: { ...input, personId: personId ?? '' },
          problems: result.problems,
        }),
      ) as never;
    const catalogue = await deps.training.catalogue(person.schoolId);
    const course = catalogue.find((c) => c.id === result.courseId)?.title ?? result.courseId;
    const date = displayDate(result.completedOn);
    if (onBehalf) {
      const staff = await deps.training.staff(person.schoolId);
      const name = staff.find((s) => s.id === personId)?.displayName ?? '';
      const message =
        result.outcome === 'recorded'
          ? deps.cards.text('training.recordedForOthers', { person: name, course, date })
          : deps.cards.text('training.alreadyRecorded', { course, date });
      return deps.cards.render(
        'training-form',
        await form(deps, person, { forOthers: true, message }),
      ) as never;
    }
    const messageKey = {
      recorded: 'training.recorded',
      'already-recorded': 'training.alreadyRecorded',
      corrected: 'training.corrected',
      'already-corrected': 'training.alreadyCorrected',
    }[result.outcome];
    const message = deps.cards.text(messageKey, { course, date });
    return deps.cards.render('training-mine', await mine(deps, person, message)) as never;
  });
}

export const actorOf = (person: Person) => ({ personId: person.id, roles: person.roles });

/**
 * Matches the words only when a member of staff says them: a pupil who types "done" or "training"
 * gets the catch-all's answer (and its worry check), as if these words did not exist.
 */
export const staffSays =
  (pattern: RegExp) =>
  async (context: TurnContext): Promise<boolean> =>
    context.activity.type === 'message' &&
    pattern.test(context.activity.text ?? '') &&
    isStaff(turnInfoOf(context).person?.roles ?? []);

/**
 * The person, when they are staff in their personal chat; otherwise the words to answer with.
 * Training records are personal: a channel or group chat is asked to move to the private chat.
 */
export async function staffOnly(context: TurnContext, deps: BotDeps): Promise<Person | string> {
  const { person, scope } = turnInfoOf(context);
  if (!person) return deps.cards.text('training.mine.notStaff');
  if (!canRecords(actorOf(person), 'view-own-training')) return deps.cards.text('error.notAllowed');
  if (scope !== 'personal') return deps.cards.text('training.personalOnly');
  return person;
}

async function mine(deps: BotDeps, person: Person, message = '') {
  const courses = await viewMyTraining({
    training: deps.training,
    directory: deps.directory,
    schoolId: person.schoolId,
    personId: person.id,
    today: todayIn(deps),
  });
  return myTrainingCardData(deps.cards, courses ?? [], message);
}

async function form(
  deps: BotDeps,
  person: Person,
  props: Omit<Parameters<typeof trainingFormCardData>[1], 'catalogue' | 'today' | 'people' | 'forOthers'> & {
    forOthers?: boolean;
  },
) {
  const forOthers = props.forOthers === true;
  const [catalogue, staff] = await Promise.all([
    deps.training.catalogue(person.schoolId),
    forOthers ? deps.training.staff(person.schoolId) : Promise.resolve([]),
  ]);
  return trainingFormCardData(deps.cards, {
    ...props,
    catalogue,
    today: todayIn(deps),
    forOthers,
    people: staff,
  });
}
