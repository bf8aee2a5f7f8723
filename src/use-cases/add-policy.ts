import { z } from 'zod';
import { isLocalDate } from '../domain/calendar/school-time.js';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { RoleSchema } from '../domain/directory/roles.js';
import { POLICY_KINDS, type Policy, PolicySchema } from '../domain/policies/policy.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import { addYearsTo } from '../domain/training/status.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { signRequestsFor } from './ask-staff-to-sign-policy.js';

export type AddPolicyProblem =
  | 'id-invalid'
  | 'id-taken'
  | 'title-missing'
  | 'kind-invalid'
  | 'owner-unknown'
  | 'approved-invalid'
  | 'cycle-invalid'
  | 'link-invalid'
  | 'roles-missing';

/** The add-a-policy form as Teams sends it: text; a multi-select as comma-separated values. */
export const AddPolicyInputSchema = z.object({
  policyId: z.string().trim().toLowerCase().max(80).default(''),
  title: z.string().trim().max(200).default(''),
  kind: z.string().trim().max(40).default(''),
  ownerId: z.string().trim().max(64).default(''),
  approvedOn: z.string().trim().max(40).default(''),
  reviewCycleYears: z.string().trim().max(4).default(''),
  link: z.string().trim().max(2000).default(''),
  signedBy: z.string().trim().max(400).default(''),
});
export type AddPolicyInput = z.infer<typeof AddPolicyInputSchema>;

export type AddPolicyResult =
  | { outcome: 'added'; policy: Policy; asked: number }
  | { outcome: 'invalid'; problems: AddPolicyProblem[] }
  | { outcome: 'not-allowed' };

/**
 * Adds a policy to the register (issue 6, item 4) and, in the same transaction, asks every member
 * of staff in the roles it applies to to read and sign it (item 5). Its first review falls one or
 * two years after approval (000 §10.1 yearly; 004 §15 every two years).
 */
export async function addPolicy(props: {
  policies: PolicyRepository;
  training: TrainingRepository;
  schoolId: string;
  actor: RecordsActor;
  input: AddPolicyInput;
  today: LocalDate;
  at: Date;
}): Promise<AddPolicyResult> {
  const { policies, training, schoolId, actor, input, today, at } = props;
  if (!canRecords(actor, 'manage-catalogue')) return { outcome: 'not-allowed' };
  const problems: AddPolicyProblem[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.policyId)) problems.push('id-invalid');
  else if (await policies.get(schoolId, input.policyId)) problems.push('id-taken');
  if (input.title === '' || input.title.length > 120) problems.push('title-missing');
  const kind = (POLICY_KINDS as readonly string[]).includes(input.kind) ? input.kind : undefined;
  if (!kind) problems.push('kind-invalid');
  const staff = await training.staff(schoolId);
  if (!staff.some((s) => s.id === input.ownerId)) problems.push('owner-unknown');
  if (!isLocalDate(input.approvedOn) || input.approvedOn > today) problems.push('approved-invalid');
  const years = Number(input.reviewCycleYears);
  if (years !== 1 && years !== 2) problems.push('cycle-invalid');
  if (!/^https?:\/\/\S+$/i.test(input.link)) problems.push('link-invalid');
  const signedBy = [
    ...new Set(
      input.signedBy
        .split(',')
        .map((r) => RoleSchema.safeParse(r.trim()))
        .flatMap((r) => (r.success && r.data !== 'pupil' ? [r.data] : [])),
    ),
  ];
  if (signedBy.length === 0) problems.push('roles-missing');
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const parsed = PolicySchema.safeParse({
    id: input.policyId,
    title: input.title,
    kind,
    ownerId: input.ownerId,
    approvedOn: input.approvedOn,
    version: 1,
    reviewCycleYears: years,
    nextReviewOn: addYearsTo(input.approvedOn, years),
    link: input.link,
    signedBy,
  });
  if (!parsed.success) return { outcome: 'invalid', problems: ['link-invalid'] };
  const policy = parsed.data;
  const outbox = await signRequestsFor({ training, policies, schoolId, policy });
  const added = await policies.add(schoolId, policy, { by: actor.personId, at, outbox });
  if (!added) return { outcome: 'invalid', problems: ['id-taken'] };
  return { outcome: 'added', policy, asked: outbox.length };
}
