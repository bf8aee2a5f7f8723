import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Person } from '../../domain/directory/person.js';
import type { AttendanceMark } from '../../store/attendance-repository.js';
import {
  marksFromMeeting,
  proposeRegisterFromMeeting,
} from '../../use-cases/propose-register-from-meeting.js';
import { saveLessonRegister } from '../../use-cases/save-register.js';
import { saveTrainingRegister } from '../../use-cases/save-training-register.js';
import {
  type LessonRegister,
  latestLessonToRegister,
  lessonRegister,
} from '../../use-cases/take-register.js';
import { trainingRegister } from '../../use-cases/take-training-register.js';
import type { BotDeps } from '../deps.js';
import {
  MARK_INPUT_PREFIX,
  REGISTER_CARD,
  registerCardData,
  savedText,
  TRAINING_REGISTER_CARD,
  trainingRegisterCardData,
} from '../presenters/register.js';
import { turnInfoOf } from '../turn-info.js';
import { todayIn } from './training.js';

/** Card verbs of lesson registers (issue 6 §7-8). */
export const ATTENDANCE_VERBS = {
  registerShow: 'register.show',
  registerSave: 'register.save',
  registerFromMeeting: 'register.fromMeeting',
  trainingShow: 'register.trainingShow',
  trainingSave: 'register.trainingSave',
  trainingFromMeeting: 'register.trainingFromMeeting',
} as const;

const REGISTER = /^\s*(take\s+(the\s+)?)?register\s*[.!]?\s*$/i;
const TRAINING_REGISTER = /^\s*training\s+(register|attendance)\s*[.!]?\s*$/i;

const Uuid = z.string().uuid();
const ShowPayload = z.object({ plannedLessonId: Uuid });
const MarkSchema = z.enum(['present', 'absent', 'late']);
const SavePayload = z
  .object({
    plannedLessonId: Uuid,
    formId: Uuid,
    source: z.enum(['manual', 'teams-meeting']).catch('manual'),
    meetingId: z.string().trim().max(500).catch(''),
  })
  .passthrough();
const MeetingPayload = z
  .object({ plannedLessonId: Uuid, meeting: z.string().trim().max(2000).catch('') })
  .passthrough();

/** What was typed about a training session; checked by use-cases/record-training.ts. */
const SessionInputs = z.object({
  courseId: z.string().trim().max(80).catch(''),
  completedOn: z.string().trim().max(40).catch(''),
  provider: z.string().trim().max(400).catch(''),
});
const TrainingSavePayload = SessionInputs.extend({
  formId: Uuid,
  source: z.enum(['manual', 'teams-meeting']).catch('manual'),
  meetingId: z.string().trim().max(500).catch(''),
}).passthrough();
const TrainingMeetingPayload = SessionInputs.extend({
  meeting: z.string().trim().max(2000).catch(''),
}).passthrough();

/** Each `mark-<personId>` input of the card; undefined when one is not a person id or a known mark. */
function marksOf(data: Record<string, unknown>): Map<string, AttendanceMark> | undefined {
  const marks = new Map<string, AttendanceMark>();
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith(MARK_INPUT_PREFIX)) continue;
    const id = Uuid.safeParse(key.slice(MARK_INPUT_PREFIX.length));
    const mark = MarkSchema.safeParse(value);
    if (!id.success || !mark.success) return undefined;
    marks.set(id.data, mark.data);
  }
  return marks;
}

export function register(app: Application<TurnState>, deps: BotDeps): void {
  const notice = (text: string) => deps.cards.render('lesson-notice', { title: '', text }) as never;
  const refusal = (reason: 'not-found' | 'not-allowed' | 'not-taught-yet') =>
    notice(deps.cards.text(`attendance.refusal.${reason}`));
  const card = (register: LessonRegister, options: Parameters<typeof registerCardData>[3] = {}) =>
    deps.cards.render(REGISTER_CARD, registerCardData(deps.cards, deps.lessons, register, options)) as never;

  // A register names pupils: it is shown in the teacher's personal chat only, never in a channel.
  const privateOnly = (context: TurnContext) =>
    turnInfoOf(context).scope === 'personal'
      ? undefined
      : notice(deps.cards.text('teaching.privateOnly', { words: 'register' }));

  app.message(REGISTER, async (context) => {
    const { person, scope } = turnInfoOf(context);
    if (scope !== 'personal') {
      await context.sendActivity(deps.cards.text('teaching.privateOnly', { words: 'register' }));
      return;
    }
    if (!person?.roles.includes('teacher')) {
      await context.sendActivity(deps.cards.text('attendance.refusal.not-allowed'));
      return;
    }
    const latest = await latestLessonToRegister(deps, { person });
    if (!latest) {
      await context.sendActivity(deps.cards.text('attendance.nothing'));
      return;
    }
    const found = await lessonRegister(deps, { person, plannedLessonId: latest.id });
    if (!found.ok) {
      await context.sendActivity(deps.cards.text(`attendance.refusal.${found.reason}`));
      return;
    }
    await context.sendActivity({
      attachments: [
        deps.cards.attachment(REGISTER_CARD, registerCardData(deps.cards, deps.lessons, found.register)),
      ],
    });
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.registerShow, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const parsed = ShowPayload.safeParse(data);
    if (!parsed.success) return refusal('not-found');
    const found = await lessonRegister(deps, {
      person: turnInfoOf(context).person,
      plannedLessonId: parsed.data.plannedLessonId,
    });
    return found.ok ? card(found.register) : refusal(found.reason);
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.registerSave, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const { person, correlationId } = turnInfoOf(context);
    const parsed = SavePayload.safeParse(data);
    if (!parsed.success) return refusal('not-found');
    const { plannedLessonId, formId, meetingId } = parsed.data;
    const marks = marksOf(parsed.data);
    if (!marks) return again(person, plannedLessonId, 'attendance.register.badForm');
    const source = parsed.data.source === 'teams-meeting' && meetingId ? 'teams-meeting' : 'manual';
    const result = await saveLessonRegister(deps, {
      person,
      plannedLessonId,
      formId,
      source,
      meetingId: source === 'teams-meeting' ? meetingId : undefined,
      marks,
    });
    if (!result.ok) {
      if (result.reason === 'roster-changed')
        return again(person, plannedLessonId, 'attendance.refusal.roster-changed');
      return refusal(result.reason);
    }
    deps.log.info('register.saved', {
      correlationId,
      plannedLessonId,
      version: result.register.version,
      created: result.created,
    });
    const found = await lessonRegister(deps, { person, plannedLessonId });
    if (!found.ok) return refusal(found.reason);
    const absent = result.register.marks.some((m) => m.mark === 'absent');
    return card(found.register, {
      notices: result.created
        ? [
            savedText(deps.cards, result.register),
            absent && found.register.lesson.status === 'delivered'
              ? deps.cards.text('attendance.register.catchUp')
              : '',
          ]
        : [deps.cards.text('attendance.register.savedAgain')],
    });
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.registerFromMeeting, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const { person, correlationId } = turnInfoOf(context);
    const parsed = MeetingPayload.safeParse(data);
    if (!parsed.success) return refusal('not-found');
    const { plannedLessonId, meeting } = parsed.data;
    const result = await proposeRegisterFromMeeting(deps, {
      person,
      plannedLessonId,
      meeting,
      tenantId: context.activity.conversation?.tenantId,
    });
    deps.log.info('register.meeting', {
      correlationId,
      plannedLessonId,
      outcome: result.ok ? 'proposed' : result.reason,
    });
    if (!result.ok) {
      if (
        result.reason === 'not-found' ||
        result.reason === 'not-allowed' ||
        result.reason === 'not-taught-yet'
      )
        return refusal(result.reason);
      return again(person, plannedLessonId, `attendance.meeting.${result.reason}`, 'attention');
    }
    const { proposal } = result;
    return card(proposal.register, {
      noticeStyle: 'accent',
      notices: [
        deps.cards.text('attendance.register.proposal', {
          joined: String(proposal.joined),
          total: String(proposal.register.pupils.length),
        }),
        proposal.briefly > 0
          ? deps.cards.text('attendance.register.briefly', { count: String(proposal.briefly) })
          : '',
      ],
      proposal: { marks: proposal.marks, meetingId: proposal.meetingId, meeting },
    });
  });

  // Training sessions (issue 6 §7): who came, kept by those who record training for others.
  const trainingCard = (
    register: Extract<Awaited<ReturnType<typeof trainingRegister>>, { ok: true }>['register'],
    options: Omit<Parameters<typeof trainingRegisterCardData>[2], 'today'> = {},
  ) =>
    deps.cards.render(
      TRAINING_REGISTER_CARD,
      trainingRegisterCardData(deps.cards, register, { ...options, today: todayIn(deps) }),
    ) as never;
  const trainingRefusal = () => notice(deps.cards.text('attendance.training.notAllowed'));

  app.message(TRAINING_REGISTER, async (context) => {
    const { person, scope } = turnInfoOf(context);
    if (scope !== 'personal') {
      await context.sendActivity(deps.cards.text('teaching.privateOnly', { words: 'training register' }));
      return;
    }
    const found = await trainingRegister(deps, { person });
    if (!found.ok) {
      await context.sendActivity(deps.cards.text('attendance.training.notAllowed'));
      return;
    }
    await context.sendActivity({
      attachments: [
        deps.cards.attachment(
          TRAINING_REGISTER_CARD,
          trainingRegisterCardData(deps.cards, found.register, { today: todayIn(deps) }),
        ),
      ],
    });
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.trainingShow, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const inputs = SessionInputs.parse(data ?? {});
    const found = await trainingRegister(deps, { person: turnInfoOf(context).person, ...inputs });
    if (!found.ok) return trainingRefusal();
    return trainingCard(found.register, {
      values: inputs,
      notices: found.register.session ? [] : [deps.cards.text('attendance.training.chooseSession')],
      noticeStyle: 'attention',
    });
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.trainingSave, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const { person, correlationId } = turnInfoOf(context);
    const parsed = TrainingSavePayload.safeParse(data);
    const marks = parsed.success ? marksOf(parsed.data) : undefined;
    const inputs = SessionInputs.parse(data ?? {});
    const redraw = async (notices: string[]) => {
      const found = await trainingRegister(deps, { person });
      if (!found.ok) return trainingRefusal();
      return trainingCard(found.register, { values: inputs, notices, noticeStyle: 'attention' });
    };
    if (!parsed.success || !marks) return redraw([deps.cards.text('attendance.register.badForm')]);
    const { formId, meetingId } = parsed.data;
    const source = parsed.data.source === 'teams-meeting' && meetingId ? 'teams-meeting' : 'manual';
    const result = await saveTrainingRegister(deps, {
      person,
      formId,
      ...inputs,
      source,
      meetingId: source === 'teams-meeting' ? meetingId : undefined,
      marks,
    });
    if (!result.ok) {
      if (result.reason === 'not-allowed') return trainingRefusal();
      if (result.reason === 'roster-changed')
        return redraw([deps.cards.text('attendance.refusal.roster-changed')]);
      return redraw([
        deps.cards.text('training.problems.intro'),
        ...('problems' in result ? result.problems : []).map((p) => deps.cards.text(`training.problem.${p}`)),
      ]);
    }
    deps.log.info('register.training-saved', {
      correlationId,
      registerId: result.register.id,
      version: result.register.version,
      created: result.created,
      recorded: result.recorded,
      withdrawn: result.withdrawn,
    });
    const [courseId, completedOn] = [inputs.courseId, result.register.session.id.split('/')[1] ?? ''];
    const found = await trainingRegister(deps, { person, courseId, completedOn });
    if (!found.ok) return trainingRefusal();
    const came = result.register.marks.filter((m) => m.mark !== 'absent').length;
    return trainingCard(found.register, {
      values: inputs,
      notices: result.created
        ? [
            deps.cards.text('attendance.training.saved', {
              came: String(came),
              recorded: String(result.recorded),
            }),
            result.withdrawn > 0
              ? deps.cards.text('attendance.training.withdrawn', { count: String(result.withdrawn) })
              : '',
          ]
        : [deps.cards.text('attendance.register.savedAgain')],
    });
  });

  app.adaptiveCards.actionExecute(ATTENDANCE_VERBS.trainingFromMeeting, async (context, _state, data) => {
    const refused = privateOnly(context);
    if (refused) return refused;
    const { person, correlationId } = turnInfoOf(context);
    const parsed = TrainingMeetingPayload.parse(data ?? {});
    const { meeting, ...inputs } = parsed;
    const found = await trainingRegister(deps, { person, ...inputs });
    if (!found.ok) return trainingRefusal();
    const read = await marksFromMeeting(deps, {
      person: person as Person,
      roster: found.register.staff,
      meeting,
      tenantId: context.activity.conversation?.tenantId,
    });
    deps.log.info('register.meeting', {
      correlationId,
      session: 'training',
      outcome: read.ok ? 'proposed' : read.reason,
    });
    if (!read.ok)
      return trainingCard(found.register, {
        values: inputs,
        notices: [deps.cards.text(`attendance.meeting.${read.reason}`)],
        noticeStyle: 'attention',
      });
    const { proposal } = read;
    return trainingCard(found.register, {
      values: inputs,
      noticeStyle: 'accent',
      notices: [
        deps.cards.text('attendance.training.proposal', {
          joined: String(proposal.joined),
          total: String(found.register.staff.length),
        }),
      ],
      proposal: { marks: proposal.marks, meetingId: proposal.meetingId, meeting },
    });
  });

  /** The register drawn again with a notice (a problem to put right); refusals stay refusals. */
  async function again(
    person: Person | undefined,
    plannedLessonId: string,
    key: string,
    noticeStyle: 'good' | 'attention' | 'accent' = 'attention',
  ) {
    const found = await lessonRegister(deps, { person, plannedLessonId });
    if (!found.ok) return refusal(found.reason);
    return card(found.register, { notices: [deps.cards.text(key)], noticeStyle });
  }
}
