import { z } from 'zod';
import { type Role, RoleSchema, STAFF_ROLES } from '../directory/roles.js';

/**
 * How often a course must be done. `once` courses (induction) fall due a fixed number of calendar
 * days after the person's start date; the others fall due again after each completion
 * (see `status.ts` for exactly when).
 */
export const CourseCycleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), withinDaysOfStart: z.number().int().min(1).max(365) }),
  z.object({ kind: z.literal('yearly') }),
  z.object({ kind: z.literal('termly') }),
  z.object({ kind: z.literal('every-two-years') }),
]);
export type CourseCycle = z.infer<typeof CourseCycleSchema>;

export const CourseSchema = z.object({
  /** Stable, kebab-case: it is part of reminder idempotency keys and completion records. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens'),
  title: z.string().trim().min(1).max(120),
  cycle: CourseCycleSchema,
  /** Which roles must do it: data, so that a school can change it without a release. */
  requiredFor: z.array(RoleSchema).min(1),
  /** Whether a completion must carry evidence (a certificate link) to count. */
  evidenceRequired: z.boolean(),
});
export type Course = z.infer<typeof CourseSchema>;

export const CatalogueSchema = z.array(CourseSchema).superRefine((courses, ctx) => {
  const seen = new Set<string>();
  courses.forEach((c, i) => {
    if (seen.has(c.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate course id ${c.id}` });
    seen.add(c.id);
  });
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

/** Every adult in school: pupils never need staff training. */
const ALL_STAFF: Role[] = [...STAFF_ROLES].filter((r) => r !== 'chair-of-governors');
const DSLS: Role[] = ['dsl', 'deputy-dsl'];

/** Four weeks: "the first weeks" of a new starter, roughly 20 school days (see status.ts). */
export const INDUCTION_DAYS = 28;

/**
 * What every school starts with; admins add courses and change cycles and roles per school.
 * Governors are left out of staff courses: their training is arranged by the governing board, and
 * the policies put it on "teachers and support staff".
 */
export const DEFAULT_CATALOGUE: Catalogue = CatalogueSchema.parse([
  {
    // 000 §9.2, 004 §14: "Teachers and support staff will receive training on the Social Media
    // Policy as part of their new starter induction." 003 §8.1 asks them to sign the declaration too
    // (that is the policy register's read-and-sign, not this course).
    id: 'online-safety-induction',
    title: 'Induction: social media and online-safety policy',
    cycle: { kind: 'once', withinDaysOfStart: INDUCTION_DAYS },
    requiredFor: ALL_STAFF,
    evidenceRequired: false,
  },
  {
    // KCSIE Part 2: all staff receive safeguarding and child protection training at induction,
    // "regularly updated", and at least annually. 000 §9.3: "regular and ongoing training".
    id: 'safeguarding-child-protection',
    title: 'Safeguarding and child protection',
    cycle: { kind: 'yearly' },
    requiredFor: ALL_STAFF,
    evidenceRequired: true,
  },
  {
    // 004 §14: "Teachers and support staff will receive termly and ongoing training";
    // 000 §9.7: refreshed after significant incidents or changes (an admin records those too).
    id: 'online-safety-update',
    title: 'Online-safety update',
    cycle: { kind: 'termly' },
    requiredFor: ALL_STAFF,
    evidenceRequired: false,
  },
  {
    // KCSIE Annex C: the DSL (and any deputies) "should undergo training ... updated at least
    // every two years".
    id: 'dsl-training',
    title: 'Designated safeguarding lead training',
    cycle: { kind: 'every-two-years' },
    requiredFor: DSLS,
    evidenceRequired: true,
  },
  {
    // KCSIE Annex C: knowledge and skills refreshed "at regular intervals, and at least annually".
    id: 'dsl-refresher',
    title: 'DSL refresher',
    cycle: { kind: 'yearly' },
    requiredFor: DSLS,
    evidenceRequired: false,
  },
  {
    // 000 §9.1, 004 §14: "teachers will receive training in identifying potentially at-risk pupils".
    // The policies give no cycle; yearly, with the safeguarding update, is our choice.
    id: 'identifying-pupils-at-risk-online',
    title: 'Identifying pupils at risk online',
    cycle: { kind: 'yearly' },
    requiredFor: ['teacher'],
    evidenceRequired: false,
  },
  {
    // KCSIE Part 2 and the DfE filtering and monitoring standards: senior leaders, the DSL and IT
    // staff understand their roles in filtering and monitoring, reviewed at least annually.
    id: 'filtering-and-monitoring',
    title: 'Filtering and monitoring: roles and responsibilities',
    cycle: { kind: 'yearly' },
    requiredFor: ['dsl', 'deputy-dsl', 'headteacher', 'leadership', 'admin'],
    evidenceRequired: false,
  },
]);

export const courseApplies = (course: Course, roles: readonly Role[]) =>
  course.requiredFor.some((r) => roles.includes(r));
