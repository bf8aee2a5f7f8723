import type { LocalDate } from '../domain/calendar/term-dates.js';
import { type Policy, unsignedStaff } from '../domain/policies/policy.js';
import { reminderWindow } from '../domain/training/reminders.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';

export type ReviewState = 'overdue' | 'due-soon' | 'current';

export type RegisterEntry = {
  policy: Policy;
  reviewState: ReviewState;
  /** Staff asked to sign the current version. */
  required: number;
  unsigned: { id: string; displayName: string }[];
};

/**
 * The policy register for leadership: each policy with whether its review is overdue or due within
 * 30 days (the reminder windows), and who has not signed its current version. Most urgent first.
 */
export async function viewPolicyRegister(props: {
  policies: PolicyRepository;
  training: TrainingRepository;
  schoolId: string;
  today: LocalDate;
}): Promise<RegisterEntry[]> {
  const { policies, training, schoolId, today } = props;
  const [register, staff, signatures] = await Promise.all([
    policies.list(schoolId),
    training.staff(schoolId),
    policies.signatures(schoolId),
  ]);
  const order: Record<ReviewState, number> = { overdue: 0, 'due-soon': 1, current: 2 };
  return register
    .map((policy) => {
      const window = reminderWindow(policy.nextReviewOn, today);
      const reviewState: ReviewState = !window
        ? 'current'
        : window.kind === 'overdue'
          ? 'overdue'
          : 'due-soon';
      const required = unsignedStaff(policy, staff, []).length;
      const unsigned = unsignedStaff(policy, staff, signatures).map((p) => ({
        id: p.id,
        displayName: p.displayName,
      }));
      return { policy, reviewState, required, unsigned };
    })
    .sort(
      (a, b) =>
        order[a.reviewState] - order[b.reviewState] ||
        a.policy.nextReviewOn.localeCompare(b.policy.nextReviewOn),
    );
}
