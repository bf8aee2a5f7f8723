import type { Role } from '../domain/directory/roles.js';
import type { Policy } from '../domain/policies/policy.js';
import { DEFAULT_CATALOGUE } from '../domain/training/catalogue.js';
import { addDaysTo, addYearsTo } from '../domain/training/status.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';

/** Everyone who signs the declarations: all staff, not governors (their code is the board's). */
const SIGNED_BY: Role[] = ['teacher', 'dsl', 'deputy-dsl', 'headteacher', 'leadership', 'admin'];

/**
 * The demo school's training catalogue and policy register, with dates relative to the day it is
 * seeded so that the playground always has something to show: the social media policy's review
 * falls due within the month, the others later. Policies the demo school already has are left as
 * they are. No requests to sign are sent: a seeded register is the school's paper one, carried over.
 */
export async function seedDemoPolicyRegister(props: {
  schoolId: string;
  today: string;
  at: Date;
  directory: DirectoryRepository;
  training: TrainingRepository;
  policies: PolicyRepository;
}): Promise<number> {
  const { schoolId, today, at, directory, training, policies } = props;
  await training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE);
  const [head] = await directory.peopleWithRole(schoolId, 'headteacher');
  if (!head) return 0;
  const approved = (daysAgo: number) => addDaysTo(today, -daysAgo);
  const demo: Policy[] = [
    {
      // 000 §10.1: reviewed every year by the headteacher.
      id: 'social-media-online-safety',
      title: 'Social media and online-safety policy',
      kind: 'social-media',
      ownerId: head.id,
      approvedOn: approved(344),
      version: 3,
      reviewCycleYears: 1,
      nextReviewOn: addYearsTo(approved(344), 1),
      link: 'https://oakfield.example.org/policies/social-media-online-safety.pdf',
      signedBy: SIGNED_BY,
    },
    {
      // 002: the staff acceptable use agreement is reviewed annually.
      id: 'acceptable-use',
      title: 'Staff acceptable use agreement',
      kind: 'acceptable-use',
      ownerId: head.id,
      approvedOn: approved(120),
      version: 2,
      reviewCycleYears: 1,
      nextReviewOn: addYearsTo(approved(120), 1),
      link: 'https://oakfield.example.org/policies/acceptable-use.pdf',
      signedBy: SIGNED_BY,
    },
    {
      id: 'child-protection',
      title: 'Child protection and safeguarding policy',
      kind: 'child-protection',
      ownerId: head.id,
      approvedOn: approved(60),
      version: 5,
      reviewCycleYears: 1,
      nextReviewOn: addYearsTo(approved(60), 1),
      link: 'https://oakfield.example.org/policies/child-protection.pdf',
      signedBy: SIGNED_BY,
    },
  ];
  let added = 0;
  for (const p of demo) if (await policies.add(schoolId, p, { by: undefined, at })) added += 1;
  return added;
}
