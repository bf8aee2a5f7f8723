import { z } from 'zod';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { markReviewed, type Policy } from '../domain/policies/policy.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import { reminderKey } from '../domain/training/reminders.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { signRequestsFor } from './ask-staff-to-sign-policy.js';

export type MarkReviewedResult =
  | { outcome: 'reviewed'; policy: Policy; asked: number }
  /** Someone reviewed it first (two owners pressing, a card pressed twice). */
  | { outcome: 'already-reviewed'; policy: Policy }
  | { outcome: 'bad-link' }
  | { outcome: 'not-found' }
  | { outcome: 'not-allowed' };

const WebLink = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u));

/**
 * Records that a policy was reviewed, by whom and when (issue 6, item 4). When its text changed it
 * becomes a new version, and every member of staff in the roles it applies to is asked, in the same
 * transaction, to read and sign it (item 5). A review with no change keeps the version and the
 * signatures already given, and only moves the next review date.
 */
export async function markPolicyReviewed(props: {
  policies: PolicyRepository;
  training: TrainingRepository;
  schoolId: string;
  actor: RecordsActor;
  policyId: string;
  /** The version the card showed: a review of a version already replaced is someone else's. */
  fromVersion: number;
  changed: boolean;
  /** Where the new text is; the old link is kept when empty. */
  newLink: string;
  today: LocalDate;
  at: Date;
}): Promise<MarkReviewedResult> {
  const { policies, training, schoolId, actor, policyId, fromVersion, changed, today, at } = props;
  const policy = await policies.get(schoolId, policyId);
  if (!policy) return { outcome: 'not-found' };
  if (!canRecords(actor, 'review-policy', { ownerId: policy.ownerId })) return { outcome: 'not-allowed' };
  if (policy.version !== fromVersion) return { outcome: 'already-reviewed', policy };
  let link = policy.link;
  if (props.newLink.trim() !== '') {
    const parsed = WebLink.safeParse(props.newLink);
    if (!parsed.success) return { outcome: 'bad-link' };
    link = parsed.data;
  }
  const { policy: reviewed, review } = markReviewed({
    policy,
    reviewedBy: actor.personId,
    reviewedOn: today,
    changed,
  });
  const updated = { ...reviewed, link };
  const outbox = changed
    ? await signRequestsFor({ training, policies, schoolId, policy: { ...updated } })
    : [];
  // Staff who signed the old version have not signed the new one: unsignedStaff counts versions,
  // and the new version has no signatures yet, so everyone in its roles is asked.
  const saved = await policies.saveReview(schoolId, {
    updated,
    review,
    at,
    idempotencyKey: reminderKey(
      'policy-reviewed',
      schoolId,
      policyId,
      `v${fromVersion}`,
      policy.nextReviewOn,
    ),
    outbox,
  });
  if (!saved)
    return { outcome: 'already-reviewed', policy: (await policies.get(schoolId, policyId)) ?? policy };
  return { outcome: 'reviewed', policy: updated, asked: outbox.length };
}
