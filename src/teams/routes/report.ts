import { randomUUID } from 'node:crypto';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Actor } from '../../domain/access.js';
import type { Person } from '../../domain/directory/person.js';
import {
  ConcernsStaffSchema,
  REPORT_TEXT_LIMITS,
  ReportAboutSchema,
  ReportCategorySchema,
  ReportSubmissionSchema,
} from '../../domain/reports/report.js';
import { soundsWorried } from '../../domain/reports/worry-signal.js';
import { OUTBOX_PRIORITY } from '../../store/outbox-repository.js';
import { listOwnReports } from '../../use-cases/list-own-reports.js';
import { replyToReport } from '../../use-cases/reply-to-report.js';
import { raiseDangerAlert, submitReport } from '../../use-cases/submit-report.js';
import { viewOwnReport } from '../../use-cases/view-own-report.js';
import type { BotDeps } from '../deps.js';
import {
  EMPTY_FORM,
  type ReportFormValues,
  reportCategoryData,
  reportFormData,
  reportInfoData,
  reportPrivateData,
  reportStartData,
  reportStoppedData,
  reportThanksData,
} from '../presenters/report-flow.js';
import { reportMineData, reportViewData } from '../presenters/report-status.js';
import { REPORT_VOICES, type ReportVoice, voiceOf } from '../presenters/report-words.js';
import { type TurnInfo, turnInfoOf } from '../turn-info.js';

/**
 * The pupil's side of a private report (issue 5 §1-§5): started by words or a "Tell someone"
 * button, in the personal chat only, as cards that replace each other. In a channel or a group
 * chat the bot takes no report and repeats nothing: it offers the private chat instead.
 */
export const REPORT_VERBS = {
  start: 'report.start',
  danger: 'report.danger',
  category: 'report.category',
  submit: 'report.submit',
  stop: 'report.stop',
  mine: 'report.mine',
  view: 'report.view',
  reply: 'report.reply',
} as const;

/** The card a `report.start` press in a channel sends to the presser's personal chat. */
export const REPORT_START_CARD = 'report-start';

// Words that ask to report, alone on a line. Worry words ("I'm worried", "help me", "something
// happened") are caught by soundsWorried in the fallback, after every feature has had its turn.
const REPORT_WORDS =
  /^\s*(please\s+)?((i\s+(want|need|would like)\s+to|can\s+i|how\s+do\s+i)\s+)?((make|send)\s+a\s+report|report(\s+(something|it|a\s+problem))?|tell\s+(someone|somebody|an?\s+adult))\s*[.!?]*\s*$/i;
const MY_REPORTS = /^\s*((show|see|open)\s+)?my\s+reports?\s*[.!?]*\s*$/i;

/** Teams sends a pasted picture as an image attachment and a shared file as a download link. */
const PICTURE_TYPES = /^(image\/|application\/vnd\.microsoft\.teams\.file\.download\.info$)/;

const uuid = z.string().uuid();
const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const VoiceSchema = z.enum(REPORT_VOICES);

const StartData = z.object({ draftId: uuid.optional() });
const DangerData = z.object({ draftId: uuid, dangerNow: boolish });
const CategoryData = DangerData.extend({ category: ReportCategorySchema });
const StopData = z.object({ voice: VoiceSchema.optional(), dangerNow: boolish.optional() });
const ViewData = z.object({ reportId: uuid });
const ReplyData = ViewData.extend({ replyId: uuid, text: z.string().max(20_000).optional() });

/** What the form sends: its state (draftId, dangerNow, category) and its inputs, as Teams gives them. */
const SubmitData = CategoryData.extend({
  about: z.string().optional(),
  concernsStaff: z.string().optional(),
  where: z.string().optional(),
  when: z.string().optional(),
  what: z.string().optional(),
  nameWithheld: boolish.optional(),
});

type Card = AdaptiveCard;

export function register(app: Application<TurnState>, deps: BotDeps): void {
  const botId = (context: TurnContext) => botIdOf(app, context);
  const card = (name: string, data: object) => deps.cards.render(name, data) as never;

  // A picture sent to the bot is neither kept nor passed on (policy 003 §7.2.4): the pupil is asked
  // to use words instead. Only the attachment's type is read, never its content.
  app.message(
    async (context) =>
      turnInfoOf(context).scope === 'personal' &&
      (context.activity.attachments ?? []).some((a) => PICTURE_TYPES.test(a.contentType ?? '')),
    async (context) => {
      const info = turnInfoOf(context);
      deps.log.info('report.picture-refused', { correlationId: info.correlationId });
      await context.sendActivity({
        attachments: [
          deps.cards.attachment(
            'report-info',
            reportInfoData(deps.cards, {
              title: 'report.pictures.title',
              detail: 'report.pictures.detail',
              buttons: [{ titleKey: 'report.stopped.again', verb: REPORT_VERBS.start }],
            }),
          ),
        ],
      });
      // Words sent with the picture are still heard.
      const text = context.activity.text ?? '';
      if (soundsWorried(text) || REPORT_WORDS.test(text)) await answerWorry(context, deps, botId(context));
    },
  );

  app.message(REPORT_WORDS, async (context) => {
    await answerWorry(context, deps, botId(context));
  });

  app.message(
    async (context) => MY_REPORTS.test(context.activity.text ?? '') && !!turnInfoOf(context).person,
    async (context) => {
      const info = turnInfoOf(context);
      if (info.scope !== 'personal') {
        await sendPrivateNudge(context, deps, botId(context));
        return;
      }
      await context.sendActivity({
        attachments: [deps.cards.attachment('report-mine', await mineData(deps, info.person!))],
      });
    },
  );

  app.adaptiveCards.actionExecute(REPORT_VERBS.start, async (context, _state, data) => {
    const info = turnInfoOf(context);
    if (info.scope !== 'personal') {
      const startSent = await queueStartToPersonalChat(context, deps, info);
      deps.log.info('report.start-redirected', { correlationId: info.correlationId, scope: info.scope });
      return card('report-private', reportPrivateData(deps.cards, { botId: botId(context), startSent }));
    }
    if (!info.person) return unknownPersonCard(deps);
    const parsed = StartData.safeParse(data);
    const draftId = (parsed.success && parsed.data.draftId) || randomUUID();
    deps.log.info('report.started', { correlationId: info.correlationId });
    return card('report-start', reportStartData(deps.cards, { draftId, voice: voiceOf(info.person) }));
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.danger, async (context, _state, data) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    const person = turnInfoOf(context).person!;
    const parsed = DangerData.safeParse(data);
    if (!parsed.success) return restart(deps, person);
    const draft = { ...parsed.data, voice: voiceOf(person) };
    const { correlationId } = turnInfoOf(context);
    deps.log.info('report.danger-answered', { correlationId });
    if (draft.dangerNow) {
      // Committed before the pupil sees "we have already told the safeguarding team".
      const alert = await raiseDangerAlert({
        directory: deps.directory,
        reports: deps.reports,
        schoolId: person.schoolId,
        reporterPersonId: person.id,
        draftId: draft.draftId,
        at: deps.clock.now(),
      });
      deps.log.info('report.danger-alert', {
        correlationId,
        reportId: alert.report.id,
        created: alert.created,
        notified: alert.notified,
      });
      if (alert.notified === 0)
        deps.log.error('report.nobody-to-notify', { reportId: alert.report.id, schoolId: person.schoolId });
    }
    return card('report-category', reportCategoryData(deps.cards, draft));
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.category, async (context, _state, data) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    const person = turnInfoOf(context).person!;
    const parsed = CategoryData.safeParse(data);
    if (!parsed.success) return restart(deps, person);
    return card('report-form', reportFormData(deps.cards, { ...parsed.data, voice: voiceOf(person) }));
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.submit, async (context, _state, data) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    const info = turnInfoOf(context);
    const person = info.person!;
    const voice = voiceOf(person);
    const parsed = SubmitData.safeParse(data);
    const submission = parsed.success
      ? ReportSubmissionSchema.safeParse({
          category: parsed.data.category,
          about: parsed.data.about,
          concernsStaff: parsed.data.concernsStaff || 'no',
          where: parsed.data.where ?? '',
          when: parsed.data.when ?? '',
          what: parsed.data.what ?? '',
          dangerNow: parsed.data.dangerNow,
          nameWithheld: parsed.data.nameWithheld ?? false,
        })
      : undefined;
    if (!parsed.success || !submission?.success) {
      // Nothing is lost: the form comes back with the pupil's own words in it.
      deps.log.info('report.submit-invalid', { correlationId: info.correlationId });
      return card('report-form', invalidFormData(deps, data, voice));
    }
    const result = await submitReport({
      directory: deps.directory,
      reports: deps.reports,
      schoolId: person.schoolId,
      reporterPersonId: person.id,
      draftId: parsed.data.draftId,
      submission: submission.data,
      at: deps.clock.now(),
    });
    deps.log.info('report.submitted', {
      correlationId: info.correlationId,
      reportId: result.report.id,
      priority: result.report.priority,
      routedTo: result.routedTo,
      created: result.created,
      notified: result.notified,
    });
    if (result.notified === 0)
      deps.log.error('report.nobody-to-notify', { reportId: result.report.id, schoolId: person.schoolId });
    return card(
      'report-thanks',
      reportThanksData(deps.cards, {
        voice,
        reference: result.report.reference,
        category: result.report.category,
        urgent: result.report.priority === 'urgent',
        dangerNow: result.report.dangerNow,
        routedTo: result.routedTo,
        nobodyTold: result.notified === 0,
        canFollow: person.roles.includes('pupil'),
      }),
    );
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.stop, async (context, _state, data) => {
    const info = turnInfoOf(context);
    const parsed = StopData.safeParse(data);
    const voice: ReportVoice = (parsed.success && parsed.data.voice) || voiceOf(info.person);
    // After "yes, I am in danger" the alert has gone: the pupil is not told that nothing was sent.
    const alerted = parsed.success && parsed.data.dangerNow === true;
    return card('report-stopped', reportStoppedData(deps.cards, voice, alerted));
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.mine, async (context) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    return card('report-mine', await mineData(deps, turnInfoOf(context).person!));
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.view, async (context, _state, data) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    const info = turnInfoOf(context);
    const person = info.person!;
    const parsed = ViewData.safeParse(data);
    if (!parsed.success) return refusedCard(deps, info);
    return viewCard(deps, person, parsed.data.reportId, info);
  });

  app.adaptiveCards.actionExecute(REPORT_VERBS.reply, async (context, _state, data) => {
    const guard = privateOnly(context, deps, botId(context));
    if (guard) return guard;
    const info = turnInfoOf(context);
    const person = info.person!;
    const parsed = ReplyData.safeParse(data);
    if (!parsed.success) return refusedCard(deps, info);
    const result = await replyToReport({
      directory: deps.directory,
      reports: deps.reports,
      actor: actorOf(person),
      reportId: parsed.data.reportId,
      replyId: parsed.data.replyId,
      text: parsed.data.text ?? '',
      at: deps.clock.now(),
    });
    if (!result.ok && result.reason === 'refused') return refusedCard(deps, info);
    deps.log.info('report.pupil-replied', { correlationId: info.correlationId, ok: result.ok });
    return viewCard(
      deps,
      person,
      parsed.data.reportId,
      info,
      result.ok ? 'report.view.sent' : 'report.view.empty',
    );
  });
}

/**
 * Worry words or a request to report. In the personal chat: the start of a report. In a channel or
 * a group chat: "let's talk in private", without a word of what was typed. Someone not on the
 * school's list: where to get help, as before.
 */
export async function answerWorry(context: TurnContext, deps: BotDeps, botId: string): Promise<void> {
  const info = turnInfoOf(context);
  if (info.scope !== 'personal') {
    await sendPrivateNudge(context, deps, botId);
    return;
  }
  if (!info.person) {
    deps.log.info('turn.worry-signposted', { correlationId: info.correlationId, scope: info.scope });
    await context.sendActivity({
      attachments: [deps.cards.attachment('get-help', { inChannel: false })],
    });
    return;
  }
  deps.log.info('report.offered', { correlationId: info.correlationId });
  await context.sendActivity({
    attachments: [
      deps.cards.attachment(
        'report-start',
        reportStartData(deps.cards, { draftId: randomUUID(), voice: voiceOf(info.person) }),
      ),
    ],
  });
}

async function sendPrivateNudge(context: TurnContext, deps: BotDeps, botId: string): Promise<void> {
  const info = turnInfoOf(context);
  deps.log.info('turn.worry-redirected', { correlationId: info.correlationId, scope: info.scope });
  await context.sendActivity({
    attachments: [
      deps.cards.attachment('report-private', reportPrivateData(deps.cards, { botId, startSent: false })),
    ],
  });
}

/** The bot's Teams id, for the deep link to its chat: from the app registration, else as addressed. */
export function botIdOf(app: Application<TurnState>, context: TurnContext): string {
  const appId = app.options.botAppId;
  if (appId) return `28:${appId}`;
  return context.activity.recipient?.id ?? '';
}

/**
 * A "Tell someone" press in a channel: the report starts in the presser's personal chat, through
 * the outbox (it waits there if they have never opened that chat). Once per press, however often
 * Teams delivers it. Codes only: the start card is worded when it is sent.
 */
async function queueStartToPersonalChat(
  context: TurnContext,
  deps: BotDeps,
  info: TurnInfo,
): Promise<boolean> {
  const person = info.person;
  if (!person) return false;
  await deps.outbox.enqueue({
    idempotencyKey: `report-start:${context.activity.id ?? randomUUID()}:${person.id}`,
    personId: person.id,
    schoolId: person.schoolId,
    priority: OUTBOX_PRIORITY.reply,
    message: { card: REPORT_START_CARD, data: { draftId: randomUUID(), voice: voiceOf(person) } },
  });
  return true;
}

/** Every step after the start: only in the personal chat, only for someone on the school's list. */
function privateOnly(context: TurnContext, deps: BotDeps, botId: string): Card | undefined {
  const info = turnInfoOf(context);
  if (info.scope !== 'personal')
    return deps.cards.render(
      'report-private',
      reportPrivateData(deps.cards, { botId, startSent: false }),
    ) as Card;
  if (!info.person) return unknownPersonCard(deps);
  return undefined;
}

function unknownPersonCard(deps: BotDeps): never {
  return deps.cards.render(
    'report-info',
    reportInfoData(deps.cards, { title: 'report.unknown.title', detail: 'report.unknown.detail' }),
  ) as never;
}

/** A card from an old or damaged flow: start again, kindly, rather than fail. */
function restart(deps: BotDeps, person: Person): never {
  return deps.cards.render(
    'report-start',
    reportStartData(deps.cards, { draftId: randomUUID(), voice: voiceOf(person) }),
  ) as never;
}

function refusedCard(deps: BotDeps, info: TurnInfo): never {
  deps.log.warn('report.access-refused', { correlationId: info.correlationId });
  return deps.cards.render(
    'report-info',
    reportInfoData(deps.cards, {
      title: 'report.view.refused',
      detail: 'report.mine.intro',
      buttons: [{ titleKey: 'report.view.mine', verb: REPORT_VERBS.mine }],
    }),
  ) as never;
}

function actorOf(person: Person): Actor {
  return { personId: person.id, schoolId: person.schoolId, roles: person.roles };
}

async function mineData(deps: BotDeps, person: Person) {
  const reports = await listOwnReports({ reports: deps.reports, actor: actorOf(person) });
  return reportMineData(deps.cards, { voice: voiceOf(person), reports });
}

async function viewCard(
  deps: BotDeps,
  person: Person,
  reportId: string,
  info: TurnInfo,
  noticeKey?: string,
): Promise<never> {
  const view = await viewOwnReport({
    reports: deps.reports,
    actor: actorOf(person),
    reportId,
    at: deps.clock.now(),
  });
  if (!view.ok) return refusedCard(deps, info);
  return deps.cards.render(
    'report-view',
    reportViewData(deps.cards, {
      voice: voiceOf(person),
      report: view.report,
      messages: view.messages,
      replyId: randomUUID(),
      ...(noticeKey ? { noticeKey } : {}),
    }),
  ) as never;
}

/** The form again after a submit that did not validate, with whatever the pupil wrote kept. */
function invalidFormData(deps: BotDeps, data: unknown, voice: ReportVoice) {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  const draftId = uuid.safeParse(raw.draftId);
  const category = ReportCategorySchema.safeParse(raw.category);
  const dangerNow = boolish.safeParse(raw.dangerNow);
  const about = ReportAboutSchema.safeParse(raw.about);
  const concernsStaff = ConcernsStaffSchema.safeParse(raw.concernsStaff);
  const nameWithheld = boolish.safeParse(raw.nameWithheld);
  const values: ReportFormValues = {
    ...EMPTY_FORM,
    about: about.success ? about.data : EMPTY_FORM.about,
    concernsStaff: concernsStaff.success ? concernsStaff.data : EMPTY_FORM.concernsStaff,
    where: text(raw.where, REPORT_TEXT_LIMITS.where),
    when: text(raw.when, REPORT_TEXT_LIMITS.when),
    what: text(raw.what, REPORT_TEXT_LIMITS.what),
    nameWithheld: nameWithheld.success ? nameWithheld.data : false,
  };
  return reportFormData(
    deps.cards,
    {
      draftId: draftId.success ? draftId.data : randomUUID(),
      dangerNow: dangerNow.success ? dangerNow.data : false,
      category: category.success ? category.data : 'something-else',
      voice,
    },
    values,
    deps.cards.text('report.form.invalid'),
  );
}
