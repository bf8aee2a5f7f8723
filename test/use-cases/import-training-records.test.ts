import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../src/domain/training/catalogue.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { TrainingRepository } from '../../src/store/training-repository.js';
import { CardRenderer } from '../../src/teams/cards.js';
import { importTrainingRecords } from '../../src/use-cases/import-training-records.js';
import { STORE_TARGETS } from '../support/stores.js';

const AT = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

describe.each(STORE_TARGETS)('importing training records from CSV on $name', (target) => {
  let store: Store;
  let training: TrainingRepository;
  let schoolId: string;
  let tessId: string;

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    training = new TrainingRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Import School' });
    tessId = await directory.upsertPerson(schoolId, {
      displayName: 'Tess Teacher',
      email: 'Tess@School.example',
      roles: ['teacher'],
    });
    await directory.upsertPerson(schoolId, {
      displayName: 'Pip Pupil',
      email: 'pip@school.example',
      roles: ['pupil'],
    });
    await training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE);
  });
  afterAll(async () => {
    await store.close();
  });

  const run = (csv: string) =>
    importTrainingRecords({ training, schoolId, csv, recordedBy: undefined, today: TODAY, at: AT });

  it('imports nothing when any line is bad, and names every bad line and what is wrong with it', async () => {
    const csv = [
      'Email,Course,Completed on,Provider,Certificate',
      'tess@school.example,Online-safety update,01/11/2026,INSET day,',
      'nobody@school.example,online-safety-update,2026-11-01,INSET day,',
      'tess@school.example,Knitting,2026-13-01,,',
      '',
      'pip@school.example,safeguarding-child-protection,2027-01-01,LA,https://x.example/c',
    ].join('\r\n');
    const result = await run(csv);
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, problems: ['email-unknown'] },
        { line: 4, problems: ['course-unknown', 'date-not-a-date', 'provider-missing'] },
        { line: 6, problems: ['email-unknown', 'date-in-future'] },
      ],
    });
    expect(await training.records(schoolId)).toEqual([]);
    // Every problem has words for the admin.
    const cards = new CardRenderer();
    for (const p of result.ok ? [] : result.problems)
      for (const code of p.problems) expect(cards.text(`training.problem.${code}`)).not.toBe('');
  });

  it('imports a good file in one go (course by id or title, UK or ISO dates), and nothing twice when run again', async () => {
    const csv = [
      'email,course,date,provider,certificate link',
      'tess@school.example,Online-safety update,01/11/2026,INSET day,',
      'TESS@school.example,safeguarding-child-protection,2026-10-10,Local authority,https://training.example/cert/9',
    ].join('\n');
    expect(await run(csv)).toEqual({ ok: true, lines: 2, added: 2 });
    expect(await run(csv)).toEqual({ ok: true, lines: 2, added: 0 });
    const rows = await training.records(schoolId, tessId);
    expect(rows.map((r) => [r.courseId, r.completedOn, r.source])).toEqual([
      ['safeguarding-child-protection', '2026-10-10', 'import'],
      ['online-safety-update', '2026-11-01', 'import'],
    ]);
  });

  it('says so when the columns are not there', async () => {
    expect(await run('name,when\nTess,yesterday')).toEqual({
      ok: false,
      problems: [{ line: 1, problems: ['missing-columns'] }],
    });
  });
});
