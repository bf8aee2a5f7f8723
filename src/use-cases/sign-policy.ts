import type { LocalDate } from '../domain/calendar/term-dates.js';
import type { Policy } from '../domain/policies/policy.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import type { PolicyRepository } from '../store/policy-repository.js';

export type SignPolicyResult =
  | { outcome: 'signed' | 'already-signed'; policy: Policy }
  /** The card was for a version since replaced: the person is shown the current one to sign. */
  | { outcome: 'newer-version'; policy: Policy }
  | { outcome: 'not-found' }
  | { outcome: 'not-allowed' };

/**
 * Signs the declaration for the version the card showed (003 Appendix 2: "I have read and
 * understand ..."). A declaration is to the text as it is now, so an old version's card is not
 * signed: the person is shown the current one. Kept once, with who and when.
 */
export async function signPolicy(props: {
  policies: PolicyRepository;
  schoolId: string;
  actor: RecordsActor;
  policyId: string;
  version: number;
  today: LocalDate;
  at: Date;
}): Promise<SignPolicyResult> {
  const { policies, schoolId, actor, policyId, version, today, at } = props;
  if (!canRecords(actor, 'sign-policy')) return { outcome: 'not-allowed' };
  const policy = await policies.get(schoolId, policyId);
  if (!policy) return { outcome: 'not-found' };
  if (policy.version !== version) return { outcome: 'newer-version', policy };
  const signed = await policies.sign(
    schoolId,
    { personId: actor.personId, policyId, version, signedOn: today },
    at,
  );
  return { outcome: signed ? 'signed' : 'already-signed', policy };
}
