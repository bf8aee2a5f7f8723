import type { Actor, ReportAction } from '../domain/access.js';
import { SCHOOL_TIME_ZONE } from '../domain/calendar/school-time.js';
import { DomainError } from '../domain/errors.js';
import {
  type CaseAction,
  type ConcernsStaff,
  escalationJobKeyPrefix,
  escalationJobs,
  type Priority,
  REPORT_TEXT_LIMITS,
  type ReportOutcome,
  type RoutedTo,
  routeReport,
} from '../domain/reports/report.js';
import type { NewJob } from '../store/job-repository.js';
import type { ReportEffects, ReportFacts } from '../store/report-repository.js';
import { handlerNotices, pupilNotice } from '../teams/reports/notices.js';
import { type CaseStores, factsIfAllowed, handlersOf } from './open-case.js';

/** One change a handler makes to a case from its card (issue 5 §7, §9). */
export type CaseChange =
  | { kind: 'acknowledge' }
  /** An action taken (spoke to the pupil, referred to the police...) or a note. */
  | { kind: 'entry'; entryKind: CaseAction | 'note'; body: string }
  | { kind: 'message'; body: string }
  | { kind: 'assign'; assigneePersonId: string | null }
  | { kind: 'priority'; priority: Priority; reason: string }
  | { kind: 'close'; outcome: ReportOutcome; note: string }
  | { kind: 'reopen'; reason: string }
  | { kind: 'reveal'; reason: string }
  | { kind: 'reroute'; to: RoutedTo; reason: string };

export type CaseChangeKind = CaseChange['kind'];

/** Which permission each change needs (domain/access.ts). */
export const ACTION_FOR_CHANGE: Record<CaseChangeKind, ReportAction> = {
  acknowledge: 'acknowledge',
  entry: 'add-note',
  message: 'message-pupil',
  assign: 'assign',
  priority: 'change-priority',
  close: 'close',
  reopen: 'reopen',
  reveal: 'reveal-identity',
  reroute: 'reroute',
};

/** What was wrong with what was written, so the card can say so kindly. */
export type CaseProblem =
  | 'note'
  | 'message'
  | 'reason'
  | 'too-long'
  | 'assignee'
  | 'route'
  | 'route-to-head'
  /** Other words sent from a card already used: written again from the fresh card, not lost unseen. */
  | 'stale';

export type CaseChangeResult =
  | { outcome: 'done' | 'unchanged'; facts: ReportFacts }
  | { outcome: 'invalid'; problem: CaseProblem }
  | { outcome: 'refused' };

/**
 * For a re-route (issue 5 §9): the concern each destination stands for. Back to safeguarding
 * clears the named person, or routing would treat it as about staff again.
 */
const CONCERN_FOR_ROUTE: Record<RoutedTo, ConcernsStaff> = {
  safeguarding: 'no',
  headteacher: 'staff',
  chair: 'headteacher',
};

function problemWith(text: string, required: CaseProblem | undefined): CaseProblem | undefined {
  if (text.length > REPORT_TEXT_LIMITS.entry) return 'too-long';
  if (required && text.length === 0) return required;
  return undefined;
}

function problemOf(change: CaseChange): CaseProblem | undefined {
  switch (change.kind) {
    case 'entry':
      return problemWith(change.body, change.entryKind === 'note' ? 'note' : undefined);
    case 'message':
      return problemWith(change.body, 'message');
    case 'priority':
      return problemWith(change.reason, undefined);
    case 'close':
      return problemWith(change.note, undefined);
    case 'reopen':
    case 'reveal':
    case 'reroute':
      // A re-open, a reveal or a re-route must say why (issue 5 §3, §9).
      return problemWith(change.reason, 'reason');
    default:
      return undefined;
  }
}

/** False when the card press's key was already used for other words (see ReportRepository.addEntry). */
async function entryAdded(add: () => Promise<string>): Promise<boolean> {
  try {
    await add();
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'conflict') return false;
    throw error;
  }
}

/**
 * Escalation starts again from now (a re-route, a new priority), for a report still unread: the
 * old timers go in the same transaction (issue 5 §8).
 */
async function restartedEscalation(
  stores: CaseStores,
  facts: ReportFacts,
  priority: Priority,
  at: Date,
): Promise<Pick<ReportEffects, 'jobs' | 'cancelJobKeyPrefixes'>> {
  const cancel = [escalationJobKeyPrefix(facts.id)];
  if (facts.status !== 'sent') return { cancelJobKeyPrefixes: cancel };
  const calendar = await stores.directory.calendar(facts.schoolId);
  const jobs: NewJob[] = escalationJobs({
    reportId: facts.id,
    priority,
    since: at,
    calendar,
    timeZone: SCHOOL_TIME_ZONE,
  }).map((job) => ({ ...job, schoolId: facts.schoolId }));
  return { cancelJobKeyPrefixes: cancel, jobs };
}

/**
 * Makes one change to a case, after checking the actor may make it (deny by default; a refusal
 * is audited), with what it causes committed alongside: the pupil's "a trusted adult has read
 * it", a message, "closed"; new handlers' notifications; escalation restarted.
 * `idempotencyKey` names the card press, so the same press delivered twice writes one entry.
 */
export async function changeCase(props: {
  stores: CaseStores;
  actor: Actor | undefined;
  schoolId: string | undefined;
  reportId: string;
  change: CaseChange;
  idempotencyKey: string;
  at: Date;
}): Promise<CaseChangeResult> {
  const { stores, actor, change, at } = props;
  const facts = await factsIfAllowed(
    stores,
    actor,
    props.schoolId,
    props.reportId,
    ACTION_FOR_CHANGE[change.kind],
    at,
  );
  if (!actor || !facts) return { outcome: 'refused' };
  const problem = problemOf(change);
  if (problem) return { outcome: 'invalid', problem };

  const base = { schoolId: facts.schoolId, reportId: facts.id, actorPersonId: actor.personId, at };
  const { reports } = stores;
  let changed = true;
  switch (change.kind) {
    case 'acknowledge':
      changed = await reports.acknowledge({
        ...base,
        effects: { outbox: [pupilNotice(facts, 'acknowledged', 'ack')] },
      });
      break;
    case 'entry':
      if (
        !(await entryAdded(() =>
          reports.addEntry({
            ...base,
            kind: change.entryKind,
            body: change.body || null,
            idempotencyKey: `case.note:${props.idempotencyKey}`,
          }),
        ))
      )
        return { outcome: 'invalid', problem: 'stale' };
      break;
    case 'message':
      // The notice says only that there is a message; the pupil reads it through their own
      // audited view (issue 5 §6: notifications never carry words).
      if (
        !(await entryAdded(() =>
          reports.addEntry({
            ...base,
            kind: 'message-to-pupil',
            body: change.body,
            idempotencyKey: `case.message:${props.idempotencyKey}`,
            effects: { outbox: [pupilNotice(facts, 'message', `message:${props.idempotencyKey}`)] },
          }),
        ))
      )
        return { outcome: 'invalid', problem: 'stale' };
      break;
    case 'assign': {
      if (change.assigneePersonId !== null) {
        const handlers = await handlersOf(stores, facts);
        if (!handlers.some((h) => h.personId === change.assigneePersonId))
          return { outcome: 'invalid', problem: 'assignee' };
      }
      // The person given the case is told, in their personal chat, like any handler (never the words);
      // someone assigning it to themselves needs no message.
      const assignee = change.assigneePersonId;
      changed = await reports.assign({
        ...base,
        assigneePersonId: assignee,
        ...(assignee && assignee !== actor.personId
          ? {
              effects: {
                outbox: handlerNotices(facts, [assignee], 'assigned', `assigned:${props.idempotencyKey}`),
              },
            }
          : {}),
      });
      break;
    }
    case 'priority':
      changed =
        facts.priority !== change.priority &&
        (await reports.changePriority({
          ...base,
          priority: change.priority,
          reason: change.reason || null,
          effects: await restartedEscalation(stores, facts, change.priority, at),
        }));
      break;
    case 'close':
      changed = await reports.close({
        ...base,
        outcome: change.outcome,
        note: change.note || null,
        effects: { outbox: [pupilNotice(facts, 'closed', `closed:${at.toISOString()}`)] },
      });
      break;
    case 'reopen':
      changed = await reports.reopen({ ...base, reason: change.reason });
      break;
    case 'reveal':
      if (!facts.nameWithheld) {
        changed = false;
        break;
      }
      await reports.revealIdentity({ ...base, reason: change.reason });
      break;
    case 'reroute': {
      // Policy 004 §11: a concern about the head goes past them. Whoever decides it is not about
      // the head sends it back to the safeguarding team, with their reason, rather than to the head.
      if (facts.concernsStaff === 'headteacher' && change.to === 'headteacher')
        return { outcome: 'invalid', problem: 'route-to-head' };
      const concern = CONCERN_FOR_ROUTE[change.to];
      const decision = routeReport({
        concernsStaff: concern,
        namedStaffPersonId: concern === 'no' ? null : facts.namedStaffPersonId,
        contacts: await stores.directory.safeguardingContacts(facts.schoolId),
      });
      if (decision.recipients.length === 0) return { outcome: 'invalid', problem: 'route' };
      changed = await reports.reroute({
        ...base,
        routedTo: decision.routedTo,
        concernsStaff: decision.concernsStaff,
        namedStaffPersonId: concern === 'no' ? null : facts.namedStaffPersonId,
        reason: change.reason,
        effects: {
          outbox: handlerNotices(facts, decision.recipients, 'rerouted', `reroute:${at.toISOString()}`),
          ...(await restartedEscalation(stores, facts, facts.priority, at)),
        },
      });
      break;
    }
  }
  const after = (await reports.facts(facts.schoolId, facts.id)) ?? facts;
  return { outcome: changed ? 'done' : 'unchanged', facts: after };
}
