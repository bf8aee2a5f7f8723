import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { type Actor, can } from '../../domain/access.js';
import { isStaff } from '../../domain/directory/roles.js';
import {
  CASE_ACTIONS,
  PrioritySchema,
  ReportOutcomeSchema,
  RoutedToSchema,
} from '../../domain/reports/report.js';
import { type CaseChange, type CaseProblem, changeCase } from '../../use-cases/change-case.js';
import { makeExportLinks } from '../../use-cases/export-report.js';
import { listCases } from '../../use-cases/list-cases.js';
import { HANDLER_ROLES, openCase } from '../../use-cases/open-case.js';
import type { BotDeps } from '../deps.js';
import {
  CASE_VERBS,
  type CaseCardExtras,
  type CaseListData,
  caseCardData,
  caseListData,
  caseNoticeData,
} from '../presenters/case.js';
import { turnInfoOf } from '../turn-info.js';

/**
 * The DSL side of a report (issue 5 §6-§10): the case card, opened from the notification or the
 * list of open cases, and every change a handler makes on it. Only in a personal chat: a case is
 * never shown in a channel or group chat, where others can read over the shoulder.
 */

const CASES_COMMAND = /^\s*(cases|reports|open cases|my cases)\s*[.!?]*\s*$/i;

const ReportRef = z.object({
  reportId: z.string().uuid(),
  /** The card render the press came from; absent from older cards and the notification. */
  formId: z.string().uuid().optional(),
});

/** A card's text input: Teams leaves an empty one out or sends it empty. */
const text = z
  .string()
  .default('')
  .transform((s) => s.trim());

/** What each change verb's card sends, inputs included, turned into a change (zod at the edge). */
const CHANGE_PAYLOADS: Record<string, z.ZodType<CaseChange, z.ZodTypeDef, unknown>> = {
  [CASE_VERBS.acknowledge]: z.object({}).transform((): CaseChange => ({ kind: 'acknowledge' })),
  [CASE_VERBS.note]: z
    .object({ noteKind: z.enum([...CASE_ACTIONS, 'note']), noteText: text })
    .transform((d): CaseChange => ({ kind: 'entry', entryKind: d.noteKind, body: d.noteText })),
  [CASE_VERBS.message]: z
    .object({ messageText: text })
    .transform((d): CaseChange => ({ kind: 'message', body: d.messageText })),
  [CASE_VERBS.assign]: z
    .object({ assignee: z.string().uuid() })
    .transform((d): CaseChange => ({ kind: 'assign', assigneePersonId: d.assignee })),
  [CASE_VERBS.priority]: z
    .object({ priority: PrioritySchema, priorityReason: text })
    .transform((d): CaseChange => ({ kind: 'priority', priority: d.priority, reason: d.priorityReason })),
  [CASE_VERBS.close]: z
    .object({ outcome: ReportOutcomeSchema, closeNote: text })
    .transform((d): CaseChange => ({ kind: 'close', outcome: d.outcome, note: d.closeNote })),
  [CASE_VERBS.reopen]: z
    .object({ reopenReason: text })
    .transform((d): CaseChange => ({ kind: 'reopen', reason: d.reopenReason })),
  [CASE_VERBS.reveal]: z
    .object({ revealReason: text })
    .transform((d): CaseChange => ({ kind: 'reveal', reason: d.revealReason })),
  [CASE_VERBS.reroute]: z
    .object({ rerouteTo: RoutedToSchema, rerouteReason: text })
    .transform((d): CaseChange => ({ kind: 'reroute', to: d.rerouteTo, reason: d.rerouteReason })),
};

const PROBLEM_TEXT: Record<CaseProblem, string> = {
  note: 'case.invalid.note',
  message: 'case.invalid.message',
  reason: 'case.invalid.reason',
  'too-long': 'case.invalid.tooLong',
  assignee: 'case.invalid.assignee',
  route: 'case.invalid.route',
  'route-to-head': 'case.invalid.routeToHead',
  stale: 'case.invalid.stale',
};

function actorOf(context: TurnContext): Actor | undefined {
  const { person } = turnInfoOf(context);
  return person && { personId: person.id, schoolId: person.schoolId, roles: person.roles };
}

type Card = Record<string, unknown>;

export function register(app: Application<TurnState>, deps: BotDeps): void {
  const stores = { reports: deps.reports, directory: deps.directory };
  const notice = (key: string, showList = false): Card =>
    deps.cards.render('case-notice', caseNoticeData(deps.cards, key, showList));

  /** The case card as this person may see it now, or the same refusal whatever the reason. */
  const caseCard = async (
    context: TurnContext,
    reportId: string,
    extras: CaseCardExtras = {},
  ): Promise<Card> => {
    const info = turnInfoOf(context);
    const opened = await openCase({
      stores,
      actor: actorOf(context),
      schoolId: info.person?.schoolId ?? info.schoolId,
      reportId,
      at: deps.clock.now(),
    });
    if (opened.kind === 'refused') {
      deps.log.info('case.refused', { correlationId: info.correlationId });
      return notice('case.refused');
    }
    deps.log.info('case.opened', { correlationId: info.correlationId, reportId });
    return deps.cards.render('case', caseCardData(deps.cards, opened, extras));
  };

  /** The open cases this person may open; undefined for someone who never handles reports. */
  const listData = async (context: TurnContext): Promise<CaseListData | undefined> => {
    const actor = actorOf(context);
    if (!actor?.roles.some((r) => HANDLER_ROLES.includes(r))) return undefined;
    return caseListData(deps.cards, await listCases({ reports: deps.reports, actor }));
  };

  // "cases" from staff; a pupil's "reports" is left to the pupil's own report routes.
  app.message(
    async (context) =>
      context.activity.type === 'message' &&
      CASES_COMMAND.test(context.activity.text ?? '') &&
      isStaff(turnInfoOf(context).person?.roles ?? []),
    async (context) => {
      if (turnInfoOf(context).scope !== 'personal') {
        await context.sendActivity(deps.cards.text('case.private'));
        return;
      }
      const data = await listData(context);
      await context.sendActivity(
        data
          ? { attachments: [deps.cards.attachment('case-list', data)] }
          : deps.cards.text('case.list.notHandler'),
      );
    },
  );

  app.adaptiveCards.actionExecute(CASE_VERBS.list, async (context) => {
    if (turnInfoOf(context).scope !== 'personal') return notice('case.private') as never;
    const data = await listData(context);
    return (data ? deps.cards.render('case-list', data) : notice('case.list.notHandler')) as never;
  });

  app.adaptiveCards.actionExecute(CASE_VERBS.open, async (context, _state, data) => {
    if (turnInfoOf(context).scope !== 'personal') return notice('case.private') as never;
    const ref = ReportRef.safeParse(data);
    if (!ref.success) return notice('case.invalid.form') as never;
    return (await caseCard(context, ref.data.reportId)) as never;
  });

  for (const [verb, schema] of Object.entries(CHANGE_PAYLOADS)) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const info = turnInfoOf(context);
      if (info.scope !== 'personal') return notice('case.private') as never;
      const ref = ReportRef.safeParse(data);
      if (!ref.success) return notice('case.invalid.form') as never;
      const parsed = schema.safeParse(data);
      if (!parsed.success)
        return (await caseCard(context, ref.data.reportId, {
          notice: { key: 'case.invalid.form', style: 'attention' },
        })) as never;
      const result = await changeCase({
        stores,
        actor: actorOf(context),
        schoolId: info.person?.schoolId ?? info.schoolId,
        reportId: ref.data.reportId,
        change: parsed.data,
        // The card render's id: a Teams retry of this press is recognised; a press on the next card is new.
        idempotencyKey: ref.data.formId ?? context.activity.id ?? info.correlationId,
        at: deps.clock.now(),
      });
      deps.log.info('case.changed', {
        correlationId: info.correlationId,
        reportId: ref.data.reportId,
        change: parsed.data.kind,
        outcome: result.outcome,
      });
      if (result.outcome === 'refused') return notice('case.refused') as never;
      if (result.outcome === 'invalid')
        return (await caseCard(context, ref.data.reportId, {
          notice: { key: PROBLEM_TEXT[result.problem], style: 'attention' },
        })) as never;
      // A re-route can take the case away from the person who made it: they are told, not refused.
      const actor = actorOf(context);
      if (!actor || !can(actor, 'view', result.facts)) return notice('case.movedAway', true) as never;
      return (await caseCard(context, ref.data.reportId, {
        notice:
          result.outcome === 'done'
            ? { key: `case.done.${doneKey(parsed.data)}`, style: 'good' }
            : { key: 'case.unchanged', style: 'default' },
      })) as never;
    });
  }

  app.adaptiveCards.actionExecute(CASE_VERBS.export, async (context, _state, data) => {
    const info = turnInfoOf(context);
    if (info.scope !== 'personal') return notice('case.private') as never;
    const ref = ReportRef.safeParse(data);
    if (!ref.success) return notice('case.invalid.form') as never;
    const baseUrl = deps.publicUrl();
    if (!baseUrl)
      return (await caseCard(context, ref.data.reportId, {
        notice: { key: 'case.exportUnavailable', style: 'attention' },
      })) as never;
    const links = await makeExportLinks({
      stores,
      links: deps.exportLinks,
      actor: actorOf(context),
      schoolId: info.person?.schoolId ?? info.schoolId,
      reportId: ref.data.reportId,
      baseUrl,
      at: deps.clock.now(),
    });
    if (!links) return notice('case.refused') as never;
    deps.log.info('case.export-links', { correlationId: info.correlationId, reportId: ref.data.reportId });
    return (await caseCard(context, ref.data.reportId, {
      notice: { key: 'case.done.export', style: 'good' },
      exportLinks: { html: links.html, csv: links.csv },
    })) as never;
  });
}

function doneKey(change: CaseChange): string {
  return change.kind === 'entry' ? 'entry' : change.kind;
}
