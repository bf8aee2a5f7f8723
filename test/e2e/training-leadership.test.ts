import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schoolTimeToUtc } from '../../src/domain/calendar/school-time.js';
import { ManualClock } from '../../src/domain/clock.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardOf, cardText } from '../support/connector-fake.js';

type InvokeBody = { statusCode: number; type: string; value: unknown };
const NOT_LEADERSHIP = "That view is for the school's leadership team.";

/**
 * The leadership view (issue 6, item 9) through the real endpoint: its numbers match the records,
 * it is the same as the CSV, and only the headteacher, leadership and admins see it.
 */
describe('the leadership view of training and policies', () => {
  let t: TestBot;
  let schoolId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Monday 5 October 2026.
    t = await startTestBot({ clock: new ManualClock(schoolTimeToUtc('2026-10-05', '09:00')) });
    schoolId = t.bot.demoSchoolId!;
    for (const key of ['head', 'teacher', 'deputy', 'chair'])
      ids[key] = (await t.bot.deps.directory.findPersonByAadObjectId(demoPerson(key).aadObjectId))!.id;
    // A staff room of three (and the chair of governors, whose training the board arranges) with
    // known records; pupils stay.
    const db = t.bot.store.db;
    await sql`UPDATE people SET left_on = '2026-08-31' WHERE school_id = ${schoolId} AND id NOT IN (${ids.head}, ${ids.teacher}, ${ids.deputy}, ${ids.chair}) AND id IN (SELECT person_id FROM person_roles WHERE role <> 'pupil')`.execute(
      db,
    );
    await sql`UPDATE people SET starts_on = '2019-09-02' WHERE school_id = ${schoolId}`.execute(db);
    const record = (who: string, courseId: string, completedOn: string) =>
      t.bot.deps.training.record({
        schoolId,
        personId: ids[who]!,
        courseId,
        completedOn,
        provider: 'Local authority',
        certificateUrl: 'https://example.org/c',
        recordedBy: ids.head,
        recordedAt: new Date(),
        source: 'on-behalf',
      });
    await record('teacher', 'online-safety-induction', '2019-09-10');
    await record('teacher', 'safeguarding-child-protection', '2026-09-01');
    await record('teacher', 'online-safety-update', '2026-09-01');
    await record('teacher', 'identifying-pupils-at-risk-online', '2025-09-01');
    await record('deputy', 'dsl-training', '2025-10-20');
    await record('deputy', 'dsl-refresher', '2025-10-20');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.connector.clear());

  const say = async (key: string, text: string) => {
    await t.post(t.activities.message(demoPerson(key), text));
    return t.connector.in(`a:personal-${key}`).at(-1);
  };

  it('shows the headteacher the training matrix with numbers that match the records, overdue first', async () => {
    const card = cardOf(await say('head', 'training'));
    const text = cardText(card);
    // Sophie: 3 done, 1 overdue; the head: 4 overdue; the deputy (DSL courses, filtering and
    // monitoring, and a teacher's): 1 done, 1 due soon, 5 overdue.
    expect(text).toContain('4 of 15 done (27%), 1 due soon, 10 overdue, 0 not started.');
    expect(text).toContain('Safeguarding and child protection\n');
    expect(text).toContain('1 done · 0 due soon · 2 overdue · 0 not started');
    expect(text).toContain('DSL refresher');
    expect(text).toContain('0 done · 1 due soon · 0 overdue · 0 not started');
    // The chart: one column per state, as wide as its count.
    const safeguarding = JSON.stringify(
      ((card?.body ?? []) as { items?: { text?: string }[] }[]).find(
        (b) => b.items?.[0]?.text === 'Safeguarding and child protection',
      ),
    );
    expect(safeguarding).toContain('{"type":"Column","width":1,"style":"good"');
    expect(safeguarding).toContain('{"type":"Column","width":2,"style":"attention"');
    const list = text.slice(text.indexOf('Needs attention'));
    expect(list.indexOf('Overdue')).toBeLessThan(list.indexOf('Due soon'));
    expect(list).toContain('Mrs Priya Shah');
  });

  it('gives the same matrix as CSV', async () => {
    const reply = await say('head', 'training csv');
    const csv = /```\n([\s\S]*)```/.exec(reply?.body.text ?? '')?.[1] ?? '';
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('name,course,status,due by,last done');
    expect(lines).toHaveLength(16);
    expect(lines.filter((l) => l.includes(',Overdue,'))).toHaveLength(10);
    expect(lines[1]).toContain(',Overdue,');
    expect(
      lines.some((l) => l.startsWith('Mrs Priya Shah,DSL refresher,Due soon,2026-10-20,2025-10-20')),
    ).toBe(true);
  });

  it('shows the policy register with review dates and signatures, and a dashboard of both', async () => {
    const policies = cardText(cardOf(await say('head', 'policies')));
    expect(policies).toContain('Social media and online-safety policy\nReview due by 26 Oct 2026');
    expect(policies).toContain('0 of 3 signed version 3');
    expect(policies).toContain("Who hasn't signed");
    await t.bot.deps.policies.sign(
      schoolId,
      { personId: ids.teacher!, policyId: 'acceptable-use', version: 2, signedOn: '2026-10-05' },
      new Date(),
    );
    expect(cardText(cardOf(await say('head', 'policies')))).toContain('1 of 3 signed version 2');

    expect(cardText(cardOf(await say('head', 'dashboard')))).toContain('Online safety at a glance');
    const pressed = (await t.post(t.activities.cardAction(demoPerson('head'), 'leadership.dashboard')))
      .body as InvokeBody;
    const board = cardText(pressed.value);
    expect(board).toContain('Training: 27% done, 10 overdue');
    expect(board).toContain('Policies: 0 review overdue, 1 due within 30 days');
    expect(board).toContain('Declarations: 8 unsigned across current versions');
    expect(board).toContain("Parents' e-safety meeting: none recorded or planned this year");
  });

  it('shows a teacher only their own training, and nobody outside leadership the leadership view', async () => {
    for (const word of ['training', 'policies', 'dashboard', 'training csv']) {
      const reply = await say('teacher', word);
      expect(reply?.body.text, word).toContain(NOT_LEADERSHIP);
      expect(reply?.body.attachments ?? [], word).toEqual([]);
    }
    for (const verb of ['leadership.training', 'leadership.policies', 'leadership.dashboard']) {
      const body = (await t.post(t.activities.cardAction(demoPerson('teacher'), verb))).body as InvokeBody;
      expect(body.value, verb).toContain(NOT_LEADERSHIP);
    }
    expect((await say('chair', 'training'))?.body.text).toContain(NOT_LEADERSHIP);
    // To a pupil these are not words the bot knows: the catch-all answers, as for any other word.
    for (const word of ['training', 'my training', 'done', 'dashboard', 'courses']) {
      const reply = await say('pupil', word);
      expect(reply?.body.text, word).toContain("Sorry, I didn't quite understand that");
      expect(cardText(cardOf(reply)), word).not.toContain('training');
    }

    const mine = cardText(cardOf(await say('teacher', 'my training')));
    expect(mine).toContain('Identifying pupils at risk online\nWas due by 1 Sep 2026');
    expect(mine).not.toContain('Mrs Helen Carter');
    expect(mine).not.toContain('Mrs Priya Shah');
  });

  it('lets leadership record training for a member of staff, and not a teacher', async () => {
    const form = (
      await t.post(t.activities.cardAction(demoPerson('head'), 'training.form', { forOthers: true }))
    ).body as InvokeBody;
    expect(cardText(form.value)).toContain('Record training for a member of staff');
    expect(JSON.stringify(form.value)).toContain(ids.deputy);
    const saved = (
      await t.post(
        t.activities.cardAction(demoPerson('head'), 'training.record', {
          forOthers: true,
          personId: ids.deputy,
          courseId: 'dsl-refresher',
          completedOn: '2026-10-05',
          provider: 'Local authority DSL network',
          certificateUrl: '',
        }),
      )
    ).body as InvokeBody;
    expect(cardText(saved.value)).toContain('Recorded: Mrs Priya Shah, DSL refresher, done on 5 Oct 2026.');
    const deputyRecords = await t.bot.deps.training.records(schoolId, ids.deputy);
    expect(deputyRecords.at(-1)).toMatchObject({
      courseId: 'dsl-refresher',
      completedOn: '2026-10-05',
      source: 'on-behalf',
      recordedBy: ids.head,
    });

    const refused = (
      await t.post(t.activities.cardAction(demoPerson('teacher'), 'training.form', { forOthers: true }))
    ).body as InvokeBody;
    expect(refused.value).toContain(NOT_LEADERSHIP);
    const sneaky = (
      await t.post(
        t.activities.cardAction(demoPerson('teacher'), 'training.record', {
          forOthers: true,
          personId: ids.deputy,
          courseId: 'dsl-refresher',
          completedOn: '2026-10-01',
          provider: 'Me',
        }),
      )
    ).body as InvokeBody;
    expect(sneaky.value).toContain(NOT_LEADERSHIP);
    expect(await t.bot.deps.training.records(schoolId, ids.deputy)).toHaveLength(deputyRecords.length);
  });

  it('gives the policy register and who has not signed as CSV', async () => {
    const reply = await say('head', 'policies csv');
    const csv = /```\n([\s\S]*)```/.exec(reply?.body.text ?? '')?.[1] ?? '';
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('policy,version,review,next review by,signed,asked to sign,not yet signed');
    // The teacher signed the acceptable use agreement above: 3 + 2 + 3 names not yet signed.
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^Social media and online-safety policy,3,Due soon,2026-10-26,0,3,/);
    expect(lines.filter((l) => l.startsWith('Staff acceptable use agreement,2,Current,'))).toHaveLength(2);
    expect(lines.some((l) => l.endsWith(',Ms Sophie Green') && l.startsWith('Staff acceptable'))).toBe(false);
    expect((await say('teacher', 'policies csv'))?.body.text).toContain(NOT_LEADERSHIP);
  });

  // Last: it changes the catalogue the tests above count.
  it('lets the headteacher or an admin change a course and add one, and nobody else', async () => {
    expect((await say('teacher', 'courses'))?.body.text).toBe("Sorry, that isn't something you can do here.");
    const list = cardText(cardOf(await say('head', 'courses')));
    expect(list).toContain('Online-safety update\nEvery term · Teacher, Designated Safeguarding Lead');
    const press = async (verb: string, data: Record<string, unknown>) =>
      ((await t.post(t.activities.cardAction(demoPerson('head'), verb, data))).body as InvokeBody).value;
    const change = await press('training.courses', { courseId: 'online-safety-update' });
    expect(JSON.stringify(change)).toContain(
      '"id":"title","label":"Name","isRequired":true,"errorMessage":"Give the course a name.","maxLength":120,"value":"Online-safety update"',
    );

    const bad = cardText(
      await press('training.course.save', {
        courseId: 'Bad Id!',
        title: '',
        cycle: 'once',
        withinDays: 0,
        roles: '',
      }),
    );
    expect(bad).toContain('lower-case words joined by hyphens');
    expect(bad).toContain('Give the course a name');
    expect(bad).toContain('give the number of days after starting');
    expect(bad).toContain('Choose at least one staff role');

    const changed = cardText(
      await press('training.course.save', {
        courseId: 'online-safety-update',
        title: 'Online-safety update',
        cycle: 'yearly',
        withinDays: '',
        roles: 'teacher,headteacher',
        evidence: 'false',
      }),
    );
    expect(changed).toContain('Changed Online-safety update.');
    expect(changed).toContain('Online-safety update\nEvery year · Teacher, Headteacher');
    const added = cardText(
      await press('training.course.save', {
        courseId: 'prevent-duty',
        title: 'Prevent duty',
        cycle: 'every-two-years',
        roles: 'teacher',
        evidence: 'false',
      }),
    );
    expect(added).toContain('Added Prevent duty.');
    expect((await t.bot.deps.training.catalogue(schoolId)).at(-1)).toMatchObject({
      id: 'prevent-duty',
      cycle: { kind: 'every-two-years' },
      requiredFor: ['teacher'],
    });
    // Sophie has not done it, and started long ago: it is overdue for her at once.
    expect(cardText(cardOf(await say('teacher', 'my training')))).toContain(
      'Prevent duty\nWas due by 30 Sep 2019',
    );
  });
});
