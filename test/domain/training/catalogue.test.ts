import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/directory/roles.js';
import { CatalogueSchema, courseApplies, DEFAULT_CATALOGUE } from '../../../src/domain/training/catalogue.js';

const needs = (roles: Role[]) =>
  DEFAULT_CATALOGUE.filter((c) => courseApplies(c, roles))
    .map((c) => c.id)
    .sort();

describe('the default training catalogue', () => {
  it('holds the courses the policies and KCSIE require, with their cycles', () => {
    expect(Object.fromEntries(DEFAULT_CATALOGUE.map((c) => [c.id, c.cycle]))).toEqual({
      'online-safety-induction': { kind: 'once', withinDaysOfStart: 28 },
      'safeguarding-child-protection': { kind: 'yearly' },
      'online-safety-update': { kind: 'termly' },
      'dsl-training': { kind: 'every-two-years' },
      'dsl-refresher': { kind: 'yearly' },
      'identifying-pupils-at-risk-online': { kind: 'yearly' },
      'filtering-and-monitoring': { kind: 'yearly' },
    });
  });

  it('asks each role for the right courses', () => {
    const everyone = ['online-safety-induction', 'online-safety-update', 'safeguarding-child-protection'];
    expect(needs(['pupil'])).toEqual([]);
    expect(needs(['teacher'])).toEqual([...everyone, 'identifying-pupils-at-risk-online'].sort());
    expect(needs(['dsl'])).toEqual(
      [...everyone, 'dsl-refresher', 'dsl-training', 'filtering-and-monitoring'].sort(),
    );
    expect(needs(['deputy-dsl'])).toEqual(needs(['dsl']));
    expect(needs(['headteacher'])).toEqual([...everyone, 'filtering-and-monitoring'].sort());
    expect(needs(['admin'])).toEqual([...everyone, 'filtering-and-monitoring'].sort());
    expect(needs(['chair-of-governors'])).toEqual([]);
    expect(needs(['teacher', 'deputy-dsl'])).toEqual(
      [
        ...everyone,
        'dsl-refresher',
        'dsl-training',
        'filtering-and-monitoring',
        'identifying-pupils-at-risk-online',
      ].sort(),
    );
  });

  it('rejects a school catalogue with a repeated id, a bad id or no roles', () => {
    const course = DEFAULT_CATALOGUE[0]!;
    expect(CatalogueSchema.safeParse([course, course]).success).toBe(false);
    expect(CatalogueSchema.safeParse([{ ...course, id: 'Has Spaces' }]).success).toBe(false);
    expect(CatalogueSchema.safeParse([{ ...course, requiredFor: [] }]).success).toBe(false);
    expect(CatalogueSchema.safeParse([{ ...course, cycle: { kind: 'once' } }]).success).toBe(false);
    expect(CatalogueSchema.safeParse([{ ...course, cycle: { kind: 'monthly' } }]).success).toBe(false);
  });
});
