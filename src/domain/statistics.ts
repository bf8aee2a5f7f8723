/**
 * Counts that leave the safeguarding records for a wider audience (leadership, governors, a trust).
 *
 * DESIGN.md, "Leadership view": counts, not content, of reports by category and month, "any count
 * below five shown as 'fewer than 5'". A small count in a small school can point at one pupil
 * (the only report of its kind in March), so a count below the threshold is never published,
 * and zero is hidden too: otherwise "fewer than 5" would mean "at least one".
 */
export const SMALL_NUMBER_THRESHOLD = 5;

export type PublishedCount =
  | { kind: 'count'; value: number }
  | { kind: 'fewer-than'; threshold: typeof SMALL_NUMBER_THRESHOLD };

export function publishedCount(count: number): PublishedCount {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('a count is a whole number, 0 or more');
  return count < SMALL_NUMBER_THRESHOLD
    ? { kind: 'fewer-than', threshold: SMALL_NUMBER_THRESHOLD }
    : { kind: 'count', value: count };
}

/** The months of an academic year ("2026-27") from September up to and including `lastMonth`. */
export function academicYearMonths(academicYear: string, lastMonth: string): string[] {
  const start = Number(academicYear.slice(0, 4));
  const months: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const year = start + Math.floor((8 + i) / 12);
    const month = `${year}-${String(((8 + i) % 12) + 1).padStart(2, '0')}`;
    if (month > lastMonth) break;
    months.push(month);
  }
  return months;
}

/** A whole-number percentage, or undefined when there is nothing to divide. */
export function percentOf(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : Math.round((part * 100) / whole);
}
