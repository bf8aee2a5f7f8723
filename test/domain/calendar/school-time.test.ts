import { describe, expect, it } from 'vitest';
import {
  addDaysToLocalDate,
  isLocalDate,
  isLocalTime,
  LocalTimeSchema,
  schoolTimeToUtc,
  utcToSchoolTime,
  weekdayOf,
} from '../../../src/domain/calendar/school-time.js';

/**
 * Every expectation is a UTC instant written out in full, so the tests mean the same under any
 * machine zone; they are run under TZ=UTC and TZ=Europe/London. In 2027 BST starts at 01:00 UTC
 * on Sunday 28 March; in 2026 it ends at 01:00 UTC on Sunday 25 October.
 */
const iso = (d: Date) => d.toISOString();

describe('schoolTimeToUtc', () => {
  it.each([
    ['2027-02-22', '10:30', '2027-02-22T10:30:00.000Z'], // GMT: wall clock is UTC
    ['2027-03-26', '10:30', '2027-03-26T10:30:00.000Z'], // last Friday before the change
    ['2027-03-29', '10:30', '2027-03-29T09:30:00.000Z'], // first Monday of BST
    ['2026-10-23', '10:30', '2026-10-23T09:30:00.000Z'], // last Friday of BST
    ['2026-10-26', '10:30', '2026-10-26T10:30:00.000Z'], // first Monday of GMT
    ['2027-07-01', '00:30', '2027-06-30T23:30:00.000Z'], // a BST time after midnight is the day before in UTC
    ['2027-01-01', '00:00', '2027-01-01T00:00:00.000Z'],
    ['2027-12-31', '23:59', '2027-12-31T23:59:00.000Z'],
  ])('%s %s in London is %s', (date, time, expected) => {
    expect(iso(schoolTimeToUtc(date, time))).toBe(expected);
  });

  it('spring forward: 01:00-01:59 does not exist and is read with the offset before the gap', () => {
    expect(iso(schoolTimeToUtc('2027-03-28', '00:59'))).toBe('2027-03-28T00:59:00.000Z');
    expect(iso(schoolTimeToUtc('2027-03-28', '01:00'))).toBe('2027-03-28T01:00:00.000Z'); // = 02:00 BST
    expect(iso(schoolTimeToUtc('2027-03-28', '01:30'))).toBe('2027-03-28T01:30:00.000Z'); // = 02:30 BST
    expect(iso(schoolTimeToUtc('2027-03-28', '02:00'))).toBe('2027-03-28T01:00:00.000Z');
    expect(iso(schoolTimeToUtc('2027-03-28', '03:00'))).toBe('2027-03-28T02:00:00.000Z');
    expect(utcToSchoolTime(schoolTimeToUtc('2027-03-28', '01:30'))).toEqual({
      date: '2027-03-28',
      time: '02:30',
    });
  });

  it('fall back: 01:00-01:59 happens twice and the first (BST) is meant', () => {
    expect(iso(schoolTimeToUtc('2026-10-25', '00:30'))).toBe('2026-10-24T23:30:00.000Z');
    expect(iso(schoolTimeToUtc('2026-10-25', '01:00'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(schoolTimeToUtc('2026-10-25', '01:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(schoolTimeToUtc('2026-10-25', '01:59'))).toBe('2026-10-25T00:59:00.000Z');
    expect(iso(schoolTimeToUtc('2026-10-25', '02:00'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses a malformed date or time', () => {
    expect(() => schoolTimeToUtc('2027-02-30', '10:30')).toThrow(RangeError);
    expect(() => schoolTimeToUtc('4/1/2027', '10:30')).toThrow(RangeError);
    expect(() => schoolTimeToUtc('2027-01-04', '24:00')).toThrow(RangeError);
    expect(() => schoolTimeToUtc('2027-01-04', '9:30')).toThrow(RangeError);
  });
});

describe('utcToSchoolTime', () => {
  it.each([
    ['2027-02-22T10:30:00.000Z', '2027-02-22', '10:30'],
    ['2027-03-29T09:30:00.000Z', '2027-03-29', '10:30'],
    ['2027-03-28T00:59:00.000Z', '2027-03-28', '00:59'],
    ['2027-03-28T01:00:00.000Z', '2027-03-28', '02:00'],
    ['2026-10-25T00:30:00.000Z', '2026-10-25', '01:30'], // first 01:30, BST
    ['2026-10-25T01:30:00.000Z', '2026-10-25', '01:30'], // second 01:30, GMT
    ['2027-06-30T23:30:00.000Z', '2027-07-01', '00:30'], // the date itself moves in BST
    ['2027-12-31T23:30:00.000Z', '2027-12-31', '23:30'],
  ])('%s reads %s %s on the school clock', (instant, date, time) => {
    expect(utcToSchoolTime(new Date(instant))).toEqual({ date, time });
  });

  it('round-trips every quarter hour around both clock changes, the repeated hour to its first reading', () => {
    for (const [from, to] of [
      ['2027-03-27T00:00:00Z', '2027-03-30T00:00:00Z'],
      ['2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z'],
    ] as const) {
      for (let ms = Date.parse(from); ms < Date.parse(to); ms += 15 * 60_000) {
        const { date, time } = utcToSchoolTime(new Date(ms));
        const back = schoolTimeToUtc(date, time).getTime();
        // Only the second pass through 01:00-01:59 on 25 Oct 2026 maps back an hour earlier.
        const repeated = ms >= Date.parse('2026-10-25T01:00:00Z') && ms < Date.parse('2026-10-25T02:00:00Z');
        expect(back, new Date(ms).toISOString()).toBe(repeated ? ms - 3_600_000 : ms);
      }
    }
  });
});

describe('local dates and times', () => {
  it('knows real dates and 24-hour times', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2027-13-01')).toBe(false);
    expect(isLocalDate('2027-1-04')).toBe(false);
    expect(isLocalTime('00:00')).toBe(true);
    expect(isLocalTime('23:59')).toBe(true);
    expect(isLocalTime('24:00')).toBe(false);
    expect(isLocalTime('10:60')).toBe(false);
    expect(LocalTimeSchema.safeParse('10:30').success).toBe(true);
    expect(LocalTimeSchema.safeParse('10.30').success).toBe(false);
  });

  it('reads the weekday from the date, and counts days across months, years and clock changes', () => {
    expect(weekdayOf('2027-01-04')).toBe(1); // Monday
    expect(weekdayOf('2027-03-28')).toBe(0); // Sunday of the spring change
    expect(weekdayOf('2026-10-25')).toBe(0); // Sunday of the autumn change
    expect(addDaysToLocalDate('2027-03-29', -1)).toBe('2027-03-28');
    expect(addDaysToLocalDate('2027-03-28', -1)).toBe('2027-03-27');
    expect(addDaysToLocalDate('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDaysToLocalDate('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDaysToLocalDate('2028-02-28', 1)).toBe('2028-02-29');
  });
});
