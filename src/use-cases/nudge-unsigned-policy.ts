import type { LocalDate } from '../domain/calendar/term-dates.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import { OUTBOX_PRIORITY, type OutboxRepository } from '../store/outbox-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { signRequestsFor } from './ask-staff-to-sign-policy.js';

export type NudgeResult =
  | { outcome: 'nudged'; queued: number; unsigned: number }
  | { outcome: 'newer-version' }
  | { outcome: 'not-found' }
  | { outcome: 'not-allowed' };

/**
 * Leadership reminds everyone who has not signed the current version (issue 6, item 5). One nudge
 * per person per day: pressing again the same day queues nothing more.
 */
export async function nudgeUnsignedPolicy(props: {
  policies: PolicyRepository;
  training: TrainingRepository;
  outbox: OutboxRepository;
  schoolId: string;
  actor: RecordsActor;
  policyId: string;
  version: number;
  today: LocalDate;
}): Promise<NudgeResult> {
  const { policies, training, outbox, schoolId, actor, policyId, version, today } = props;
  if (!canRecords(actor, 'nudge-unsigned')) return { outcome: 'not-allowed' };
  const policy = await policies.get(schoolId, policyId);
  if (!policy) return { outcome: 'not-found' };
  if (policy.version !== version) return { outcome: 'newer-version' };
  const requests = await signRequestsFor({ training, policies, schoolId, policy, nudgeOn: today });
  let queued = 0;
  for (const r of requests) if (await outbox.enqueue({ ...r, priority: OUTBOX_PRIORITY.normal })) queued += 1;
  return { outcome: 'nudged', queued, unsigned: requests.length };
}
