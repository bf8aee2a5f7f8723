import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { canRecords } from '../../domain/training/access.js';
import { AddPolicyInputSchema, addPolicy } from '../../use-cases/add-policy.js';
import { markPolicyReviewed } from '../../use-cases/mark-policy-reviewed.js';
import { nudgeUnsignedPolicy } from '../../use-cases/nudge-unsigned-policy.js';
import { signPolicy } from '../../use-cases/sign-policy.js';
import { viewPolicyRegister } from '../../use-cases/view-policy-register.js';
import type { BotDeps } from '../deps.js';
import {
  POLICY_ADD,
  POLICY_NUDGE,
  POLICY_REVIEW,
  POLICY_SAVE,
  POLICY_SIGN,
  POLICY_UNSIGNED,
  policyAddCardData,
  policyReviewedCardData,
  policySignCardDataOf,
  policyUnsignedCardData,
} from '../presenters/policy.js';
import { displayDate } from '../presenters/training.js';
import { turnInfoOf } from '../turn-info.js';
import { leadershipOnly } from './leadership.js';
import { actorOf, staffOnly, todayIn } from './training.js';

const PolicyId = z.string().min(1).max(80);
/** Card data comes back as it was bound: a number, or its text. */
const Version = z.coerce.number().int().min(1);
const SignPayload = z.object({ policyId: PolicyId, version: Version }).passthrough();
const ReviewPayload = z
  .object({
    policyId: PolicyId,
    fromVersion: Version,
    changed: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
    newLink: z.string().max(2000).default(''),
  })
  .passthrough();
const PolicyPayload = z.object({ policyId: PolicyId }).passthrough();

/**
 * Read and sign, mark reviewed, and chase the unsigned (issue 6, items 4-5). Every press is checked
 * against who is pressing (domain/training/access.ts): the sign card signs only for the presser;
 * reviewing is for the owner and leadership; the unsigned list and nudges for leadership.
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  registerAdding(app, deps);
  app.adaptiveCards.actionExecute(POLICY_SIGN, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = SignPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const today = todayIn(deps);
    const result = await signPolicy({
      policies: deps.policies,
      schoolId: person.schoolId,
      actor: actorOf(person),
      ...payload.data,
      today,
      at: deps.clock.now(),
    });
    deps.log.info('policy.sign', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('error.notAllowed');
    if (result.outcome === 'not-found') return deps.cards.text('policy.notFound');
    if (result.outcome === 'newer-version')
      return deps.cards.render(
        'policy-sign',
        policySignCardDataOf(deps.cards, result.policy, {
          message: deps.cards.text('policy.sign.newerVersion'),
        }),
      ) as never;
    const message =
      result.outcome === 'signed'
        ? deps.cards.text('policy.sign.signed', { date: displayDate(today) })
        : deps.cards.text('policy.sign.alreadySigned');
    return deps.cards.render(
      'policy-sign',
      policySignCardDataOf(deps.cards, result.policy, { signed: true, message }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(POLICY_REVIEW, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = ReviewPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const today = todayIn(deps);
    const result = await markPolicyReviewed({
      policies: deps.policies,
      training: deps.training,
      schoolId: person.schoolId,
      actor: actorOf(person),
      ...payload.data,
      today,
      at: deps.clock.now(),
    });
    deps.log.info('policy.review', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('error.notAllowed');
    if (result.outcome === 'not-found') return deps.cards.text('policy.notFound');
    if (result.outcome === 'bad-link') {
      const policy = await deps.policies.get(person.schoolId, payload.data.policyId);
      if (!policy) return deps.cards.text('policy.notFound');
      return deps.cards.render(
        'policy-review',
        policyReviewedCardData(deps.cards, policy, {
          done: false,
          message: '',
          problem: deps.cards.text('policy.review.badLink'),
        }),
      ) as never;
    }
    const p = result.policy;
    const values = {
      title: p.title,
      date: displayDate(today),
      next: displayDate(p.nextReviewOn),
      version: String(p.version),
    };
    const message =
      result.outcome === 'already-reviewed'
        ? deps.cards.text('policy.review.already', values)
        : p.version !== payload.data.fromVersion
          ? deps.cards.text('policy.review.doneNewVersion', { ...values, count: String(result.asked) })
          : deps.cards.text('policy.review.done', values);
    return deps.cards.render(
      'policy-review',
      policyReviewedCardData(deps.cards, p, { done: true, message }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(POLICY_UNSIGNED, async (context, _state, data) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = PolicyPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const entry = await registerEntry(deps, person.schoolId, payload.data.policyId);
    if (!entry) return deps.cards.text('policy.notFound');
    return deps.cards.render('policy-unsigned', policyUnsignedCardData(deps.cards, entry)) as never;
  });

  app.adaptiveCards.actionExecute(POLICY_NUDGE, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const payload = SignPayload.safeParse(data);
    if (!payload.success) return deps.cards.text('error.badInput');
    const result = await nudgeUnsignedPolicy({
      policies: deps.policies,
      training: deps.training,
      outbox: deps.outbox,
      schoolId: person.schoolId,
      actor: actorOf(person),
      ...payload.data,
      today: todayIn(deps),
    });
    deps.log.info('policy.nudge', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('leadership.notAllowed');
    if (result.outcome === 'not-found') return deps.cards.text('policy.notFound');
    const entry = await registerEntry(deps, person.schoolId, payload.data.policyId);
    if (!entry) return deps.cards.text('policy.notFound');
    const message =
      result.outcome === 'newer-version'
        ? deps.cards.text('policy.nudge.newerVersion')
        : deps.cards.text('policy.nudged', { count: String(result.queued) });
    return deps.cards.render('policy-unsigned', policyUnsignedCardData(deps.cards, entry, message)) as never;
  });
}

/** Admins and the headteacher keep the register (DESIGN.md, Roles: "configure ... policies"). */
function registerAdding(app: Application<TurnState>, deps: BotDeps): void {
  app.adaptiveCards.actionExecute(POLICY_ADD, async (context) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    if (!canRecords(actorOf(person), 'manage-catalogue')) return deps.cards.text('error.notAllowed');
    const owners = await deps.training.staff(person.schoolId);
    return deps.cards.render(
      'policy-add',
      policyAddCardData(deps.cards, { owners, today: todayIn(deps) }),
    ) as never;
  });

  app.adaptiveCards.actionExecute(POLICY_SAVE, async (context, _state, data) => {
    const person = await staffOnly(context, deps);
    if (typeof person === 'string') return person;
    const input = AddPolicyInputSchema.safeParse(data);
    if (!input.success) return deps.cards.text('error.badInput');
    const today = todayIn(deps);
    const result = await addPolicy({
      policies: deps.policies,
      training: deps.training,
      schoolId: person.schoolId,
      actor: actorOf(person),
      input: input.data,
      today,
      at: deps.clock.now(),
    });
    deps.log.info('policy.add', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('error.notAllowed');
    const owners = await deps.training.staff(person.schoolId);
    if (result.outcome === 'invalid')
      return deps.cards.render(
        'policy-add',
        policyAddCardData(deps.cards, { owners, today, values: input.data, problems: result.problems }),
      ) as never;
    const message = deps.cards.text('policy.add.added', {
      title: result.policy.title,
      count: String(result.asked),
      next: displayDate(result.policy.nextReviewOn),
    });
    return deps.cards.render(
      'policy-add',
      policyAddCardData(deps.cards, { owners, today, message }),
    ) as never;
  });
}

async function registerEntry(deps: BotDeps, schoolId: string, policyId: string) {
  const register = await viewPolicyRegister({
    policies: deps.policies,
    training: deps.training,
    schoolId,
    today: todayIn(deps),
  });
  return register.find((e) => e.policy.id === policyId);
}
