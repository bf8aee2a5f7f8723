import { describe, expect, it } from 'vitest';
import {
  academicYearMonths,
  percentOf,
  publishedCount,
  SMALL_NUMBER_THRESHOLD,
} from '../../src/domain/statistics.js';

describe('the small-number rule for counts leadership sees (DESIGN.md, Leadership view)', () => {
  it('hides any count below five, zero included, so that "fewer than 5" never means "at least one"', () => {
    expect(SMALL_NUMBER_THRESHOLD).toBe(5);
    for (const n of [0, 1, 2, 3, 4]) expect(publishedCount(n)).toEqual({ kind: 'fewer-than', threshold: 5 });
  });

  it('publishes five and more as they are', () => {
    expect(publishedCount(5)).toEqual({ kind: 'count', value: 5 });
    expect(publishedCount(6)).toEqual({ kind: 'count', value: 6 });
    expect(publishedCount(120)).toEqual({ kind: 'count', value: 120 });
  });

  it('refuses a number that is not a count', () => {
    expect(() => publishedCount(-1)).toThrow(RangeError);
    expect(() => publishedCount(2.5)).toThrow(RangeError);
    expect(() => publishedCount(Number.NaN)).toThrow(RangeError);
  });
});

describe('the months of an academic year', () => {
  it('runs from September up to the month given, across the new year', () => {
    expect(academicYearMonths('2026-27', '2026-09')).toEqual(['2026-09']);
    expect(academicYearMonths('2026-27', '2027-01')).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(academicYearMonths('2026-27', '2027-08')).toHaveLength(12);
    expect(academicYearMonths('2026-27', '2027-08').at(-1)).toBe('2027-08');
  });

  it('stops at August even when the month given is later', () => {
    expect(academicYearMonths('2025-26', '2026-11')).toHaveLength(12);
    expect(academicYearMonths('2025-26', '2026-11').at(-1)).toBe('2026-08');
  });
});

describe('percentages', () => {
  it('rounds to a whole number and has none of nothing', () => {
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 4)).toBe(0);
    expect(percentOf(0, 0)).toBeUndefined();
  });
});
