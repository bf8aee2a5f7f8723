import { z } from 'zod';
import { type Role, RoleSchema } from '../domain/directory/roles.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import { type Course, CourseSchema } from '../domain/training/catalogue.js';
import type { TrainingRepository } from '../store/training-repository.js';

export type CourseProblem =
  | 'id-invalid'
  | 'title-missing'
  | 'cycle-invalid'
  | 'days-invalid'
  | 'roles-missing';

/** The course form as Teams sends it: text, a multi-select as comma-separated values. */
export const CourseInputSchema = z.object({
  courseId: z.string().trim().toLowerCase().max(80).default(''),
  title: z.string().trim().max(200).default(''),
  cycle: z.string().trim().max(40).default(''),
  withinDays: z.string().trim().max(10).default(''),
  roles: z.string().trim().max(400).default(''),
  evidence: z.string().trim().max(10).default('false'),
});
export type CourseInput = z.infer<typeof CourseInputSchema>;

export type SaveCourseResult =
  | { outcome: 'added' | 'changed'; course: Course }
  | { outcome: 'invalid'; problems: CourseProblem[] }
  | { outcome: 'not-allowed' };

/**
 * Adds a course to the school's catalogue or changes one (its title, cycle, which roles need it,
 * whether it needs a certificate): the catalogue is data (issue 6, item 1). Records already kept
 * count towards the changed course; statuses and reminders follow the new cycle from the next run.
 */
export async function saveTrainingCourse(props: {
  training: TrainingRepository;
  schoolId: string;
  actor: RecordsActor;
  input: CourseInput;
  at: Date;
}): Promise<SaveCourseResult> {
  const { training, schoolId, actor, input, at } = props;
  if (!canRecords(actor, 'manage-catalogue')) return { outcome: 'not-allowed' };
  const problems: CourseProblem[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.courseId)) problems.push('id-invalid');
  if (input.title === '' || input.title.length > 120) problems.push('title-missing');
  const days = Number(input.withinDays);
  let cycle: Course['cycle'] | undefined;
  if (input.cycle === 'once') {
    if (Number.isInteger(days) && days >= 1 && days <= 365) cycle = { kind: 'once', withinDaysOfStart: days };
    else problems.push('days-invalid');
  } else if (input.cycle === 'yearly' || input.cycle === 'termly' || input.cycle === 'every-two-years')
    cycle = { kind: input.cycle };
  else problems.push('cycle-invalid');
  const roles = input.roles
    .split(',')
    .map((r) => RoleSchema.safeParse(r.trim()))
    .flatMap((r) => (r.success && r.data !== 'pupil' ? [r.data] : [])) as Role[];
  if (roles.length === 0) problems.push('roles-missing');
  if (problems.length > 0 || !cycle) return { outcome: 'invalid', problems };
  const course = CourseSchema.parse({
    id: input.courseId,
    title: input.title,
    cycle,
    requiredFor: [...new Set(roles)],
    evidenceRequired: input.evidence === 'true',
  });
  const existed = (await training.catalogue(schoolId)).some((c) => c.id === course.id);
  await training.saveCourse(schoolId, course, at);
  return { outcome: existed ? 'changed' : 'added', course };
}
