import type { AgeBand } from '../curriculum/lesson.js';

/** England's year groups; Reception is year 0. */
export const YEAR_GROUPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];

export function isYearGroup(n: number): n is YearGroup {
  return Number.isInteger(n) && n >= 0 && n <= 13;
}

/** UKCIS Education for a Connected World bands: 4-7 is Reception to Y2, 7-11 is Y3-Y6, and so on. */
export function ageBandForYear(year: YearGroup): AgeBand {
  if (year <= 2) return '4-7';
  if (year <= 6) return '7-11';
  if (year <= 9) return '11-14';
  return '14-18';
}

export function yearGroupName(year: YearGroup): string {
  return year === 0 ? 'Reception' : `Year ${year}`;
}

/** Reads "Reception", "R", "Year 4", "Y4", "4". */
export function parseYearGroup(text: string): YearGroup | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'r' || t === 'reception' || t === 'rec' || t === 'yr' || t === 'fs2') return 0;
  const m = /^(?:year|yr|y)?\s*(\d{1,2})$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return isYearGroup(n) ? n : undefined;
}
