import type { LocalDate } from '../domain/calendar/term-dates.js';
import { type Policy, unsignedStaff } from '../domain/policies/policy.js';
import { reminderKey } from '../domain/training/reminders.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { OutboxEntry, TrainingRepository } from '../store/training-repository.js';

/** The card that asks someone to read a policy version and sign its declaration. */
export const POLICY_SIGN_CARD = 'policy-sign';

/** What the request to sign carries: codes and the school's own data, no words (outbox-presenters.ts). */
export type PolicySignRequest = {
  policyId: string;
  title: string;
  /** Picks the declaration's wording (003 Appendix 2 is the social media one). */
  kind: string;
  version: number;
  link: string;
  approvedOn: LocalDate;
  /** A reminder from leadership rather than the first request. */
  nudge: boolean;
};

/**
 * The requests to sign a version: one per member of staff in the roles it applies to who has not
 * signed it, each under a key naming the person and version (or, for a nudge, the day: a nudge is
 * sent at most once a day, however often it is pressed).
 */
export async function signRequestsFor(props: {
  training: TrainingRepository;
  policies: PolicyRepository;
  schoolId: string;
  policy: Policy;
  nudgeOn?: LocalDate | undefined;
}): Promise<OutboxEntry[]> {
  const { training, policies, schoolId, policy, nudgeOn } = props;
  const [staff, signatures] = await Promise.all([
    training.staff(schoolId),
    policies.signatures(schoolId, policy.id),
  ]);
  return unsignedStaff(policy, staff, signatures).map((person) => {
    const data: PolicySignRequest = {
      policyId: policy.id,
      title: policy.title,
      kind: policy.kind,
      version: policy.version,
      link: policy.link,
      approvedOn: policy.approvedOn,
      nudge: nudgeOn !== undefined,
    };
    return {
      idempotencyKey: nudgeOn
        ? reminderKey('policy-nudge', schoolId, policy.id, `v${policy.version}`, person.id, nudgeOn)
        : reminderKey('policy-sign', schoolId, policy.id, `v${policy.version}`, person.id),
      schoolId,
      personId: person.id,
      message: { card: POLICY_SIGN_CARD, data },
    };
  });
}
