import { z } from 'zod';
import type { LocalDate } from '../calendar/term-dates.js';
import { isStaff, type Role, RoleSchema } from '../directory/roles.js';
import { type ReminderWindow, reminderKey, reminderWindow } from '../training/reminders.js';
import { addYearsTo } from '../training/status.js';

const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T12:00:00Z`)), 'not a real date');

export const POLICY_KINDS = [
  'social-media',
  'online-safety',
  'acceptable-use',
  'child-protection',
  'other',
] as const;

/**
 * One policy in the school's register (issue 6, item 4). Review cycles come from the policies:
 * yearly (000 §10.1, 002 "reviewed on an annual basis") or every two years (004 §15).
 */
export const PolicySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens'),
    title: z.string().trim().min(1).max(120),
    kind: z.enum(POLICY_KINDS),
    /** The person reminded to review it (000 §10.1: the headteacher). */
    ownerId: z.string().min(1),
    approvedOn: LocalDateSchema,
    /** Goes up by one each time the text changes; staff sign a version, not a policy. */
    version: z.number().int().min(1),
    reviewCycleYears: z.union([z.literal(1), z.literal(2)]),
    nextReviewOn: LocalDateSchema,
    link: z.string().url(),
    /** Staff in these roles are asked to read and sign each version (003 §8.1, Appendix 2; 002). */
    signedBy: z.array(RoleSchema),
  })
  .refine((p) => p.nextReviewOn > p.approvedOn, {
    path: ['nextReviewOn'],
    message: 'the next review must come after approval',
  });
export type Policy = z.infer<typeof PolicySchema>;

export type PolicyReviewReminder = ReminderWindow & { policyId: string; ownerId: string; key: string };

/**
 * The owner's reminder due today: 30 and 7 days before the review date, then weekly once it has
 * passed, under keys that hold the version and review date (same windows as training; see
 * reminderWindow). Reviewing the policy moves the review date, so the reminders stop.
 */
export function reviewReminderDue(policy: Policy, today: LocalDate): PolicyReviewReminder | undefined {
  const window = reminderWindow(policy.nextReviewOn, today);
  if (!window) return undefined;
  return {
    ...window,
    policyId: policy.id,
    ownerId: policy.ownerId,
    key: reminderKey(
      'policy-review',
      policy.id,
      `v${policy.version}`,
      window.dueOn,
      window.kind,
      window.week,
    ),
  };
}

/** The name the brief uses; one reminder at most is due on any day. */
export const reviewReminders = (policy: Policy, today: LocalDate): PolicyReviewReminder[] => {
  const due = reviewReminderDue(policy, today);
  return due ? [due] : [];
};

export type PolicyReview = {
  policyId: string;
  reviewedBy: string;
  reviewedOn: LocalDate;
  fromVersion: number;
  toVersion: number;
};

/**
 * Records a review. The next review is counted from the day it was actually reviewed (a late
 * review does not leave the next one already due). A review that changes the text makes a new
 * version, which staff must sign again; a review with no changes keeps the version and the
 * signatures already given.
 */
export function markReviewed(props: {
  policy: Policy;
  reviewedBy: string;
  reviewedOn: LocalDate;
  changed: boolean;
}): { policy: Policy; review: PolicyReview } {
  const { policy, reviewedBy, reviewedOn, changed } = props;
  const toVersion = changed ? policy.version + 1 : policy.version;
  return {
    policy: {
      ...policy,
      version: toVersion,
      approvedOn: reviewedOn,
      nextReviewOn: addYearsTo(reviewedOn, policy.reviewCycleYears),
    },
    review: { policyId: policy.id, reviewedBy, reviewedOn, fromVersion: policy.version, toVersion },
  };
}

export const SignatureSchema = z.object({
  personId: z.string().min(1),
  policyId: z.string().min(1),
  version: z.number().int().min(1),
  signedOn: LocalDateSchema,
});
export type Signature = z.infer<typeof SignatureSchema>;

export type StaffMember = { id: string; roles: readonly Role[] };

/**
 * Staff who should sign this version of the policy and have not. A signature of an earlier version
 * does not count: the declaration is to the text as it is now (003 Appendix 2). Pupils never sign.
 */
export function unsignedStaff<S extends StaffMember>(
  policyVersion: Pick<Policy, 'id' | 'version' | 'signedBy'>,
  staff: readonly S[],
  signatures: readonly Signature[],
): S[] {
  const signed = new Set(
    signatures
      .filter((s) => s.policyId === policyVersion.id && s.version === policyVersion.version)
      .map((s) => s.personId),
  );
  return staff.filter(
    (p) => isStaff(p.roles) && p.roles.some((r) => policyVersion.signedBy.includes(r)) && !signed.has(p.id),
  );
}
