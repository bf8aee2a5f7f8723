import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import { ManualClock } from '../../src/domain/clock.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';
import { seedSchoolOverview } from '../support/school-overview-seed.js';

type InvokeBody = { statusCode: number; type: string; value: unknown };
const NOT_LEADERSHIP = "That view is for the school's leadership team.";

/**
 * The school overview for leadership (issue 6, item 9) through the real endpoint: lesson coverage,
 * attendance, quiz results by strand and report numbers match what was recorded, small report
 * numbers are never shown, the CSV says the same, and only leadership sees any of it.
 */
describe('the school overview for leadership', () => {
  let t: TestBot;
  let schoolId: string;

  beforeAll(async () => {
    // Seeded: Hazel's autumn 1 delivered, autumn 2 posted, spring 1 planned; Oak's autumn 1
    // delivered; registers, quiz answers and reports as described beside each number below.
    // Monday 16 November 2026: September, October and November of 2026-27 so far.
    t = await startTestBot({ clock: new ManualClock(schoolTimeToUtc('2026-11-16', '09:00')) });
    schoolId = t.bot.demoSchoolId!;
    await seedSchoolOverview(t.bot.deps, schoolId);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.connector.clear());

  const say = async (key: string, text: string) => {
    await t.post(t.activities.message(demoPerson(key), text));
    return t.connector.in(`a:personal-${key}`).at(-1);
  };

  it('shows lesson coverage by class and half-term', async () => {
    const card = cardOf(await say('head', 'overview'));
    const text = cardText(card);
    expect(text).toContain('School overview 2026-27');
    // 7 classes x 6 half-terms: Hazel's autumn 1 and Oak's delivered, Hazel's autumn 2 posted,
    // Hazel's spring 1 planned.
    expect(text).toContain('2 of 42 delivered, 1 posted, 1 planned, 38 not planned.');
    expect(text).toContain('Class\nAut 1\nAut 2\nSpr 1\nSpr 2\nSum 1\nSum 2\nReception');
    expect(text).toContain('Year 4 Hazel\n✓\nSent\nPlan\n–\n–\n–\n');
    expect(text).toContain('Year 5 Oak\n✓\n–\n–\n–\n–\n–\n');
    expect(text).toContain('Year 6 Willow\n–\n');
    expect(text).toContain('✓ delivered · Sent: posted to the class, not yet marked delivered');
    // The chart: a column per state, as wide as its count.
    const json = JSON.stringify(card);
    expect(json).toContain('{"type":"Column","width":2,"style":"good"');
    expect(json).toContain('{"type":"Column","width":38,"style":"emphasis"');
  });

  it('shows attendance by class from the registers as they stand', async () => {
    const text = cardText(cardOf(await say('head', 'school overview')));
    // 5 present or late of 6 marks.
    expect(text).toContain('83% present or late, from the lesson registers.');
    expect(text).toContain(
      'Year 4 Hazel\n1\n1\n100% present or late (1 present, 1 late, 0 absent; registers taken: 1)',
    );
    expect(text).toContain(
      'Year 5 Oak\n3\n1\n75% present or late (3 present, 0 late, 1 absent; registers taken: 1)',
    );
    expect(text).toContain(
      'No registers yet: Reception Robins, Year 1 Wrens, Year 2 Owls, Year 3 Kestrels, Year 6 Willow.',
    );
    expect(text).not.toContain('Year 6 Willow\n1');
  });

  it('shows first-attempt quiz results by strand, and says which strands have none', async () => {
    const text = cardText(cardOf(await say('head', 'lessons overview')));
    // 5 right of 8 first answers, each answer counted once however many strands its lesson has.
    expect(text).toContain("63% of pupils' first answers were right this year.");
    expect(text).toContain('Privacy and security\n4\n2\n67% right first time (4 of 6 answers)');
    expect(text).toContain('Online reputation\n4\n2\n67% right first time (4 of 6 answers)');
    expect(text).toContain('Online relationships\n1\n1\n50% right first time (1 of 2 answers)');
    expect(text).toContain('Online bullying\n1\n1\n50% right first time (1 of 2 answers)');
    expect(text).toContain(
      'No answers yet: Self-image and identity, Managing online information, Health, well-being and lifestyle, Copyright and ownership.',
    );
  });

  it('counts reports by category and by London month, never showing a number below 5, nor any content', async () => {
    const reply = await say('head', 'overview');
    const text = cardText(cardOf(reply));
    expect(text).toContain('What happened\nReports\n');
    expect(text).toContain('Someone being unkind, or bullying\n6\n');
    expect(text).toContain('A stranger making contact\nfewer than 5\n');
    // Last year's five are not this year's.
    expect(text).toContain('A scam, a hack or money\nfewer than 5\n');
    expect(text).toContain('Something else\nfewer than 5\n');
    expect(text).toContain(
      'Month\nReports\nSeptember 2026\n5\nOctober 2026\nfewer than 5\nNovember 2026\nfewer than 5\n',
    );
    expect(text).not.toContain('December 2026');
    const body = JSON.stringify(reply?.body);
    expect(body).not.toContain('Secret words');
    expect(body).not.toContain('Amelia');
    // Every number in the two report tables is 5 or more, or "fewer than 5".
    type Cell = { items: { text: string }[] };
    const tables = ((cardOf(reply)?.body ?? []) as { type: string; rows?: { cells: Cell[] }[] }[])
      .filter((b) => b.type === 'Table')
      .slice(-2);
    const counts = tables.flatMap((table) => table.rows!.slice(1).map((r) => r.cells[1]!.items[0]!.text));
    expect(counts).toHaveLength(7 + 3);
    for (const c of counts) expect(c === 'fewer than 5' || Number(c) >= 5).toBe(true);
  });

  it('opens from the dashboard button, and its buttons lead back', async () => {
    const dashboard = cardOf(await say('head', 'dashboard'));
    expect(JSON.stringify(dashboard)).toContain('"verb":"leadership.overview"');
    const pressed = (await t.post(t.activities.cardAction(demoPerson('head'), 'leadership.overview')))
      .body as InvokeBody;
    const card = pressed.value as Record<string, unknown>;
    expect(cardText(card)).toContain('2 of 42 delivered');
    expect(JSON.stringify(card)).toContain('"verb":"leadership.dashboard"');
    expect(card.fallbackText).toContain(
      'School overview 2026-27. Online-safety lessons by half-term: 2 of 42 delivered',
    );
  });

  it('gives the same numbers as CSV, with the same small-number rule', async () => {
    const reply = await say('head', 'overview csv');
    expect(reply?.body.text).toContain('School overview as CSV');
    const csv = /```\n([\s\S]*)```/.exec(reply?.body.text ?? '')?.[1] ?? '';
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('section,name,measure,value');
    expect(lines).toContain('lesson coverage,Year 4 Hazel,Autumn 1,delivered');
    expect(lines).toContain('lesson coverage,Year 4 Hazel,Autumn 2,posted');
    expect(lines).toContain('lesson coverage,Year 4 Hazel,Spring 1,planned');
    expect(lines).toContain('lesson coverage,Year 5 Oak,Autumn 2,not planned');
    expect(lines).toContain('attendance,Year 5 Oak,absent,1');
    expect(lines).toContain('attendance,Year 5 Oak,percent present or late,75');
    expect(lines).toContain('quiz by strand,Privacy and security,first answers,6');
    expect(lines).toContain('quiz by strand,Privacy and security,right first time,4');
    expect(lines).toContain('quiz by strand,Copyright and ownership,percent right first time,');
    expect(lines).toContain('reports by category,"Someone being unkind, or bullying",reports,6');
    expect(lines).toContain('reports by category,A stranger making contact,reports,fewer than 5');
    expect(lines).toContain('reports by month,2026-09,reports,5');
    expect(lines).toContain('reports by month,2026-10,reports,fewer than 5');
    expect(lines).toContain('reports by month,2026-11,reports,fewer than 5');
    expect(lines.filter((l) => l.startsWith('reports by')).map((l) => l.split(',').at(-1))).not.toContain(
      '2',
    );
    expect(csv).not.toContain('Secret words');
  });

  it('is listed in help for the headteacher, and not for a teacher', async () => {
    const listed = 'See lessons, attendance, quiz results and report numbers for the school';
    expect(cardText(cardOf(await say('head', 'help')))).toContain(`overview\n${listed}`);
    expect(cardText(cardOf(await say('teacher', 'help')))).not.toContain(listed);
  });

  it('is refused, showing nothing, to a teacher, a deputy DSL and a pupil', async () => {
    for (const key of ['teacher', 'deputy']) {
      for (const words of ['overview', 'overview csv']) {
        const reply = await say(key, words);
        expect(reply?.body.text).toContain(NOT_LEADERSHIP);
        expect(cardOf(reply)).toBeUndefined();
      }
      const pressed = (await t.post(t.activities.cardAction(demoPerson(key), 'leadership.overview')))
        .body as InvokeBody;
      expect(JSON.stringify(pressed.value)).not.toContain('School overview');
    }
    for (const words of ['overview', 'overview csv']) {
      const reply = await say('pupil', words);
      expect(reply).toBeDefined(); // a kind answer, not silence
      const all = JSON.stringify(reply?.body ?? '');
      expect(all).not.toContain('School overview');
      expect(all).not.toContain('fewer than 5');
      expect(all).not.toContain('section,name');
    }
    const pressed = (await t.post(t.activities.cardAction(demoPerson('pupil'), 'leadership.overview')))
      .body as InvokeBody;
    expect(JSON.stringify(pressed.value)).not.toContain('School overview');
  });
});
