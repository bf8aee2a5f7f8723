import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../../src/paths.js';

/**
 * Term dates are calendar dates: a school day is a day whatever the clocks do, and whatever zone
 * the server runs in (Azure App Service runs in UTC; a developer may be anywhere). Node reads TZ
 * once per process, so each zone gets its own `node` process running the real module, and every
 * answer it gives over two academic years must be the same as in Europe/London.
 *
 * The zones: the school's own; UTC; New York, whose clocks change on other dates than ours;
 * Santiago, Beirut and Havana, where the clocks change at midnight, so that some dates have no
 * 00:00 (the hour a date is parsed to); and zones far ahead of and behind UTC.
 */
const SCHOOL_ZONE = 'Europe/London';
const ZONES = [
  SCHOOL_ZONE,
  'UTC',
  'America/New_York',
  'America/Santiago',
  'Asia/Beirut',
  'America/Havana',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
] as const;

const moduleUrl = (file: string) => pathToFileURL(path.join(ROOT_DIR, file)).href;

/** Runs in the child: every date from 25 Aug 2026 to 5 Aug 2028, and what the module says of it. */
const SCRIPT = `
const t = await import(${JSON.stringify(moduleUrl('src/domain/calendar/term-dates.ts'))});
const st = await import(${JSON.stringify(moduleUrl('src/domain/calendar/school-time.ts'))});
const { ENGLAND_DEFAULT_CALENDAR: calendar } = await import(
  ${JSON.stringify(moduleUrl('src/domain/calendar/england-default.ts'))}
);
const days = {};
for (let ms = Date.UTC(2026, 7, 25); ms <= Date.UTC(2028, 7, 5); ms += 86400000) {
  const d = new Date(ms).toISOString().slice(0, 10);
  const h = t.halfTermOn(calendar, d);
  days[d] = {
    schoolDay: t.isSchoolDay(calendar, d),
    next: t.addSchoolDays(calendar, d, 1) ?? null,
    fiveOn: t.addSchoolDays(calendar, d, 5) ?? null,
    halfTerm: h ? h.academicYear + ' ' + h.term + ' ' + h.halfTerm : null,
    academicYear: t.academicYearOf(d),
    roundTrip: st.addDaysToLocalDate(st.addDaysToLocalDate(d, 1), -1),
  };
}
process.stdout.write(JSON.stringify({
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  offsets: [new Date(2027, 0, 15).getTimezoneOffset(), new Date(2027, 6, 15).getTimezoneOffset()],
  days,
  schoolDaysIn: calendar.halfTerms.map((h) => t.schoolDaysIn(calendar, h)),
}));
`;

type DayAnswer = {
  schoolDay: boolean;
  next: string | null;
  fiveOn: string | null;
  halfTerm: string | null;
  academicYear: string;
  roundTrip: string;
};
type ZoneAnswers = {
  zone: string;
  offsets: [number, number];
  days: Record<string, DayAnswer>;
  schoolDaysIn: string[][];
};

async function answersIn(zone: string): Promise<ZoneAnswers> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', SCRIPT],
    // A date that parses to the day before never advances: without a limit the loop would hang.
    { cwd: ROOT_DIR, env: { ...process.env, TZ: zone }, maxBuffer: 16 * 1024 * 1024, timeout: 90_000 },
  );
  return JSON.parse(stdout) as ZoneAnswers;
}

const answers = new Map<string, ZoneAnswers>();

beforeAll(async () => {
  const all = await Promise.all(ZONES.map(async (zone) => [zone, await answersIn(zone)] as const));
  for (const [zone, a] of all) answers.set(zone, a);
}, 120_000);

const inZone = (zone: string) => answers.get(zone)!;

describe('term dates in every time zone', () => {
  it('really ran each process in its own zone (the comparison below is not vacuous)', () => {
    // ICU names a zone by its canonical alias (Asia/Kolkata may come back as Asia/Calcutta).
    const canonical = (zone: string) =>
      new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    for (const zone of ZONES) expect(inZone(zone).zone).toBe(canonical(zone));
    expect(inZone(SCHOOL_ZONE).offsets).toEqual([0, -60]);
    expect(inZone('America/New_York').offsets).toEqual([300, 240]);
    expect(inZone('UTC').offsets).toEqual([0, 0]);
    // Every other zone is off London's clock in winter, in summer, or both.
    for (const zone of ZONES.filter((z) => z !== SCHOOL_ZONE)) {
      expect(inZone(zone).offsets, zone).not.toEqual(inZone(SCHOOL_ZONE).offsets);
    }
  });

  it('covers two academic years, day by day', () => {
    const days = Object.keys(inZone(SCHOOL_ZONE).days);
    expect(days[0]).toBe('2026-08-25');
    expect(days.at(-1)).toBe('2028-08-05');
    expect(days).toHaveLength(712);
    expect(Object.values(inZone(SCHOOL_ZONE).days).filter((d) => d.schoolDay).length).toBeGreaterThan(370);
  });

  it.each(ZONES.filter((z) => z !== SCHOOL_ZONE))(
    'gives the same answers in %s as in Europe/London',
    (zone) => {
      const london = inZone(SCHOOL_ZONE);
      const there = inZone(zone);
      const differences = Object.entries(there.days)
        .filter(([day, answer]) => JSON.stringify(answer) !== JSON.stringify(london.days[day]))
        .map(
          ([day, answer]) =>
            `${day}: ${JSON.stringify(answer)} in ${zone}, ${JSON.stringify(london.days[day])}`,
        );
      expect(differences).toEqual([]);
      expect(there.schoolDaysIn).toEqual(london.schoolDaysIn);
    },
  );

  it('parses every date back to itself, in every zone', () => {
    for (const zone of ZONES) {
      const wrong = Object.entries(inZone(zone).days).filter(([day, a]) => a.roundTrip !== day);
      expect(wrong.map(([day, a]) => `${zone} ${day} -> ${a.roundTrip}`)).toEqual([]);
    }
  });

  // The clock changes in and around the calendar: in each, the answer is the calendar's.
  it.each([
    ['2026-10-23', 'next', '2026-11-03', 'BST ends 25 Oct 2026, in half-term week'],
    ['2026-10-30', 'next', '2026-11-03', 'New York clocks go back 1 Nov 2026'],
    ['2026-09-04', 'next', '2026-09-07', 'Santiago skips midnight on 6 Sep 2026'],
    ['2027-03-12', 'next', '2027-03-15', 'New York and Havana clocks go forward 14 Mar 2027'],
    ['2027-03-26', 'next', '2027-04-12', 'BST starts 28 Mar 2027, in the Easter holidays'],
    ['2027-10-22', 'next', '2027-11-02', 'BST ends 31 Oct 2027, in half-term week'],
    ['2028-03-24', 'next', '2028-03-27', 'BST starts 26 Mar 2028, in term'],
    ['2028-03-21', 'fiveOn', '2028-03-28', 'five school days across the 2028 BST start'],
    ['2026-10-21', 'fiveOn', '2026-11-05', 'five school days across the 2026 BST end and half-term'],
  ] as const)('from %s, %s is %s in every zone (%s)', (from, field, expected, _why) => {
    for (const zone of ZONES) expect(inZone(zone).days[from]?.[field], zone).toBe(expected);
  });

  it.each([
    ['2026-10-25', false, 'the Sunday BST ends'],
    ['2026-10-26', false, 'the Monday after, in half-term'],
    ['2027-03-28', false, 'the Sunday BST starts (Easter Day)'],
    ['2027-03-29', false, 'the Monday after (Easter Monday)'],
    ['2028-03-26', false, 'the Sunday BST starts in 2028'],
    ['2028-03-27', true, 'the Monday after, in term'],
    ['2026-09-07', true, 'the Monday after Santiago skips midnight'],
    ['2027-03-15', true, 'the Monday after New York and Havana go forward'],
  ] as const)('%s is a school day: %s, in every zone (%s)', (day, expected, _why) => {
    for (const zone of ZONES) expect(inZone(zone).days[day]?.schoolDay, zone).toBe(expected);
  });
});
