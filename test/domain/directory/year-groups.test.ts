import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../../src/domain/curriculum/lesson.js';
import {
  ageBandForYear,
  isYearGroup,
  parseYearGroup,
  YEAR_GROUPS,
  yearGroupName,
} from '../../../src/domain/directory/year-groups.js';

describe('ageBandForYear', () => {
  // UKCIS Education for a Connected World: Reception-Y2, Y3-Y6, Y7-Y9, Y10-Y13.
  it.each([
    [0, '4-7'],
    [1, '4-7'],
    [2, '4-7'],
    [3, '7-11'],
    [4, '7-11'],
    [5, '7-11'],
    [6, '7-11'],
    [7, '11-14'],
    [8, '11-14'],
    [9, '11-14'],
    [10, '14-18'],
    [11, '14-18'],
    [12, '14-18'],
    [13, '14-18'],
  ] as const)('puts year %i in band %s', (year, band) => {
    expect(ageBandForYear(year)).toBe(band);
  });

  it('covers every year group and uses every band', () => {
    expect(YEAR_GROUPS).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect([...new Set(YEAR_GROUPS.map(ageBandForYear))]).toEqual([...AGE_BANDS]);
  });
});

describe('parseYearGroup', () => {
  it.each([
    ['Reception', 0],
    ['reception', 0],
    ['R', 0],
    ['Rec', 0],
    ['YR', 0],
    ['FS2', 0],
    ['Year 4', 4],
    ['year4', 4],
    ['Y4', 4],
    ['Y 4', 4],
    ['Yr 4', 4],
    ['4', 4],
    ['04', 4],
    [' Year 10 ', 10],
    ['Year 13', 13],
    ['13', 13],
    ['Year 0', 0],
  ] as const)('reads "%s" as %i', (text, year) => {
    expect(parseYearGroup(text)).toBe(year);
  });

  it.each([
    'Year 14',
    '14',
    'Y99',
    'Nursery',
    'Year -1',
    'Year 4.5',
    'Year 4 Hazel',
    '4H',
    '',
    '   ',
    'Year',
  ])('reads no year group from "%s"', (text) => {
    expect(parseYearGroup(text)).toBeUndefined();
  });

  it('reads back every name it gives', () => {
    for (const year of YEAR_GROUPS) expect(parseYearGroup(yearGroupName(year))).toBe(year);
  });
});

describe('yearGroupName and isYearGroup', () => {
  it('names Reception and the numbered years', () => {
    expect(yearGroupName(0)).toBe('Reception');
    expect(yearGroupName(4)).toBe('Year 4');
    expect(yearGroupName(13)).toBe('Year 13');
  });

  it('accepts 0 to 13 and nothing else', () => {
    for (const year of YEAR_GROUPS) expect(isYearGroup(year)).toBe(true);
    for (const n of [-1, 14, 4.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(isYearGroup(n), `${n}`).toBe(false);
  });
});
