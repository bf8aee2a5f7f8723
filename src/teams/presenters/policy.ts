import { z } from 'zod';
import { POLICY_KINDS, type Policy } from '../../domain/policies/policy.js';
import type { CardRenderer } from '../cards.js';
import { displayDate } from './training.js';

/** Card verbs (Universal Actions) of the policy cards. */
export const POLICY_SIGN = 'policy.sign';
export const POLICY_REVIEW = 'policy.review';
export const POLICY_UNSIGNED = 'policy.unsigned';
export const POLICY_NUDGE = 'policy.nudge';

export type PolicySignCardData = {
  title: string;
  nudge: string;
  version: string;
  declaration: string;
  link: string;
  policyId: string;
  versionNumber: number;
  signed: boolean;
  message: string;
};

/** The request to read and sign (003 Appendix 2), before and after signing. */
export function policySignCardData(
  cards: CardRenderer,
  p: { policyId: string; title: string; kind?: string; version: number; link: string; approvedOn: string },
  opts: { nudge?: boolean; signed?: boolean; message?: string } = {},
): PolicySignCardData {
  const declarationKey =
    p.kind === 'social-media' ? 'policy.sign.declaration.social-media' : 'policy.sign.declaration.other';
  return {
    title: cards.text('policy.sign.title', { title: p.title }),
    nudge: opts.nudge ? cards.text('policy.sign.nudge') : '',
    version: cards.text('policy.sign.version', {
      version: String(p.version),
      date: displayDate(p.approvedOn),
    }),
    declaration: cards.text(declarationKey, { title: p.title }),
    link: p.link,
    policyId: p.policyId,
    versionNumber: p.version,
    signed: opts.signed ?? false,
    message: opts.message ?? '',
  };
}

export const policySignCardDataOf = (
  cards: CardRenderer,
  policy: Policy,
  opts: Parameters<typeof policySignCardData>[2] = {},
) => policySignCardData(cards, { ...policy, policyId: policy.id }, opts);

const SignRequest = z.object({
  policyId: z.string(),
  title: z.string(),
  version: z.number(),
  link: z.string(),
  approvedOn: z.string(),
  nudge: z.boolean(),
  kind: z.string().optional(),
});

/** Send-time presenter for a queued request to sign (use-cases/ask-staff-to-sign-policy.ts). */
export function policySignRequestCardData(data: Record<string, unknown>, cards: CardRenderer) {
  const r = SignRequest.parse(data);
  return policySignCardData(cards, r, { nudge: r.nudge });
}

export type PolicyReviewCardData = {
  heading: string;
  body: string;
  policyId: string;
  version: number;
  link: string;
  done: boolean;
  message: string;
  problem: string;
};

const ReviewReminder = z.object({
  policyId: z.string(),
  title: z.string(),
  version: z.number(),
  kind: z.enum(['due-in-30-days', 'due-in-7-days', 'overdue']),
  dueOn: z.string(),
  link: z.string(),
});

/** Send-time presenter for the owner's review reminder (use-cases/send-due-reminders.ts). */
export function policyReviewReminderCardData(
  data: Record<string, unknown>,
  cards: CardRenderer,
): PolicyReviewCardData {
  const r = ReviewReminder.parse(data);
  return {
    heading: cards.text(`policy.review.${r.kind}`, { title: r.title, date: displayDate(r.dueOn) }),
    body: cards.text('policy.review.body'),
    policyId: r.policyId,
    version: r.version,
    link: r.link,
    done: false,
    message: '',
    problem: '',
  };
}

/** The review card after a press: what was recorded, or why not. */
export function policyReviewedCardData(
  cards: CardRenderer,
  policy: Policy,
  result: { message: string; done: boolean; problem?: string },
): PolicyReviewCardData {
  return {
    heading: policy.title,
    body: result.done ? '' : cards.text('policy.review.body'),
    policyId: policy.id,
    version: policy.version,
    link: policy.link,
    done: result.done,
    message: result.message,
    problem: result.problem ?? '',
  };
}

export type PolicyUnsignedCardData = {
  title: string;
  intro: string;
  names: { name: string }[];
  message: string;
  policyId: string;
  version: number;
  canNudge: boolean;
};

export function policyUnsignedCardData(
  cards: CardRenderer,
  entry: { policy: Policy; required: number; unsigned: { displayName: string }[] },
  message = '',
): PolicyUnsignedCardData {
  const { policy, required, unsigned } = entry;
  return {
    title: cards.text('policy.unsigned.title', { title: policy.title }),
    intro:
      unsigned.length > 0
        ? cards.text('policy.unsigned.intro', {
            version: String(policy.version),
            unsigned: String(unsigned.length),
            required: String(required),
          })
        : cards.text('policy.unsigned.none', { version: String(policy.version) }),
    names: unsigned.map((u) => ({ name: u.displayName })),
    message,
    policyId: policy.id,
    version: policy.version,
    canNudge: unsigned.length > 0,
  };
}

export const POLICY_ADD = 'policy.add';
export const POLICY_SAVE = 'policy.save';

const SIGNING_ROLES = [
  'teacher',
  'dsl',
  'deputy-dsl',
  'headteacher',
  'leadership',
  'admin',
  'chair-of-governors',
] as const;

export function policyAddCardData(
  cards: CardRenderer,
  props: {
    owners: { id: string; displayName: string }[];
    today: string;
    values?: Partial<
      Record<
        'policyId' | 'title' | 'kind' | 'ownerId' | 'approvedOn' | 'reviewCycleYears' | 'link' | 'signedBy',
        string
      >
    >;
    problems?: string[];
    message?: string;
  },
) {
  const v = props.values ?? {};
  return {
    title: cards.text('policy.add.title'),
    intro: cards.text('policy.add.intro'),
    message: props.message ?? '',
    problemsIntro: cards.text('policy.add.problems.intro'),
    problems: (props.problems ?? []).map((p) => ({ text: cards.text(`policy.add.problem.${p}`) })),
    kinds: POLICY_KINDS.map((k) => ({ title: cards.text(`policy.kind.${k}`), value: k })),
    owners: props.owners.map((o) => ({ title: o.displayName, value: o.id })),
    cycles: ['1', '2'].map((y) => ({ title: cards.text(`policy.cycle.${y}`), value: y })),
    roles: SIGNING_ROLES.map((r) => ({ title: cards.text(`role.${r}`), value: r })),
    values: {
      policyId: v.policyId ?? '',
      title: v.title ?? '',
      kind: v.kind ?? '',
      ownerId: v.ownerId ?? '',
      approvedOn: v.approvedOn ?? '',
      reviewCycleYears: v.reviewCycleYears ?? '1',
      link: v.link ?? '',
      signedBy: v.signedBy ?? 'teacher,dsl,deputy-dsl,headteacher,leadership,admin',
    },
    today: props.today,
  };
}
