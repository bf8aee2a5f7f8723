import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { loadLessonLibrary } from '../src/content/lesson-library.js';
import { AttendanceRepository } from '../src/store/attendance-repository.js';
import { migrateToLatest, openStore, type Store } from '../src/store/database.js';
import { DirectoryRepository } from '../src/store/directory-repository.js';
import { PolicyRepository } from '../src/store/policy-repository.js';
import { ReportCrypto } from '../src/store/report-crypto.js';
import { ReportRepository } from '../src/store/report-repository.js';
import type { Database } from '../src/store/schema.js';
import { TeachingRepository } from '../src/store/teaching-repository.js';
import { TrainingRepository } from '../src/store/training-repository.js';
import { ensureTrainingCatalogues } from '../src/use-cases/schedule-daily-reminders.js';
import { viewSchoolOverview } from '../src/use-cases/view-school-overview.js';
import { viewTrainingAndPolicyDashboard } from '../src/use-cases/view-training-and-policy-dashboard.js';
import { serverDatabase } from './server-database.js';
import { summarise } from './stats.js';

type Sizes = { schools: number; pupils: number; staff: number; answers: number };
type Row = { measure: string; value: string; note?: string };

/**
 * A trust at scale, generated in SQL: `schools` schools, `pupils` pupils in classes of 30,
 * `staff` staff with training records, and `answers` quiz answers over planned lessons. Then the
 * queries a leadership view runs, timed per school (p95), on PGlite and, when
 * BENCH_DATABASE_URL is set, on that PostgreSQL server (its database is left as it was: the data
 * goes into a new database that is dropped after).
 */
export async function benchTrustQueries(
  sizes: Sizes,
): Promise<{ rows: Row[]; detail: Record<string, unknown> }> {
  const rows: Row[] = [];
  const detail: Record<string, unknown> = {};
  const targets: { name: string; open(): Promise<{ store: Store; drop(): Promise<void> }> }[] = [
    {
      name: 'PGlite',
      open: async () => {
        const store = await openStore({ kind: 'memory' });
        return { store, drop: async () => {} };
      },
    },
  ];
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) targets.push({ name: 'PostgreSQL', open: () => serverDatabase(serverUrl) });

  for (const target of targets) {
    const { store, drop } = await target.open();
    try {
      await migrateToLatest(store.db);
      const generateStarted = performance.now();
      const trust = await generateTrust(store.db, sizes);
      const generateSeconds = (performance.now() - generateStarted) / 1000;
      const measured = await measure(store, trust);
      detail[target.name] = { generateSeconds, ...measured };
      for (const [name, s] of Object.entries(measured))
        rows.push({
          measure: `${target.name}: ${name} p95 (ms)`,
          value: s.p95.toFixed(1),
          note: `p50 ${s.p50.toFixed(1)}, n=${s.n}`,
        });
      rows.push({ measure: `${target.name}: generating the trust (s)`, value: generateSeconds.toFixed(1) });
    } finally {
      await store.close();
      await drop();
    }
  }
  if (!serverUrl)
    rows.push({
      measure: 'PostgreSQL server',
      value: 'not run',
      note: 'set BENCH_DATABASE_URL to include it',
    });
  return { rows, detail };
}

type Trust = { schoolIds: string[]; plannedLessonIds: string[] };

async function generateTrust(db: Kysely<Database>, sizes: Sizes): Promise<Trust> {
  const pupilsPerSchool = Math.floor(sizes.pupils / sizes.schools);
  const staffPerSchool = Math.floor(sizes.staff / sizes.schools);
  const classesPerSchool = Math.ceil(pupilsPerSchool / 30);
  const lessonsPerClass = 6;
  await sql`INSERT INTO trusts (name) VALUES ('Benchmark Trust')`.execute(db);
  await sql`
    INSERT INTO schools (trust_id, name, teams_tenant_id)
    SELECT (SELECT id FROM trusts LIMIT 1), 'School ' || s, 'tenant-' || s FROM generate_series(1, ${sizes.schools}) s`.execute(
    db,
  );
  // Pupils and staff: names are placeholders (a benchmark holds no real person).
  await sql`
    INSERT INTO people (school_id, display_name, given_name)
    SELECT sc.id, 'Pupil ' || n, 'Pupil' FROM schools sc, generate_series(1, ${pupilsPerSchool}) n`.execute(
    db,
  );
  await sql`
    INSERT INTO people (school_id, display_name, given_name, email)
    SELECT sc.id, 'Staff ' || n, 'Staff', 'staff' || n || '@' || replace(sc.id::text, '-', '') || '.example'
    FROM schools sc, generate_series(1, ${staffPerSchool}) n`.execute(db);
  await sql`
    INSERT INTO person_roles (school_id, person_id, role)
    SELECT school_id, id, CASE WHEN display_name LIKE 'Pupil %' THEN 'pupil' ELSE 'teacher' END FROM people`.execute(
    db,
  );
  await sql`
    INSERT INTO classes (school_id, name, year_group)
    SELECT sc.id, 'Class ' || c, 1 + (c % 11) FROM schools sc, generate_series(1, ${classesPerSchool}) c`.execute(
    db,
  );
  // Pupil n of a school goes to its class ((n - 1) / 30) + 1.
  await sql`
    INSERT INTO class_members (school_id, class_id, person_id, membership)
    SELECT p.school_id, c.id, p.id, 'pupil'
    FROM people p JOIN classes c ON c.school_id = p.school_id
      AND c.name = 'Class ' || ((split_part(p.display_name, ' ', 2)::int - 1) / 30 + 1)
    WHERE p.display_name LIKE 'Pupil %'`.execute(db);
  await sql`
    INSERT INTO planned_lessons (school_id, class_id, lesson_id, academic_year, term, half_term, local_date,
      local_time, starts_at, status, planned_by, confirmed_by, delivered_at, delivered_by)
    SELECT c.school_id, c.id, 'lesson-' || l, '2026-27', (ARRAY['autumn','spring','summer'])[(l + 1) / 2], 2 - (l % 2),
      DATE '2026-09-07' + (l * 42), '10:00', TIMESTAMPTZ '2026-09-07 09:00Z' + (l * 42) * INTERVAL '1 day', 'delivered',
      st.id, st.id, TIMESTAMPTZ '2026-09-07 10:00Z' + (l * 42) * INTERVAL '1 day', st.id
    FROM classes c
    JOIN LATERAL (SELECT id FROM people WHERE school_id = c.school_id AND display_name = 'Staff 1') st ON true,
    generate_series(1, ${lessonsPerClass}) l`.execute(db);
  // Quiz answers: each pupil answers questions q1..qN of their class's lessons in turn, until the total is reached.
  const perPupil = Math.max(1, Math.round(sizes.answers / sizes.pupils));
  const questionsPerLesson = Math.max(1, Math.ceil(perPupil / lessonsPerClass));
  await sql`
    INSERT INTO quiz_answers (school_id, planned_lesson_id, person_id, attempt, question_id, choice_id, correct, answered_at)
    SELECT pl.school_id, pl.id, m.person_id, 1, 'q' || q, 'c' || (1 + (q % 3)), (hashtext(m.person_id::text || q) % 3) <> 0,
      pl.starts_at + INTERVAL '20 minutes'
    FROM class_members m
    JOIN planned_lessons pl ON pl.class_id = m.class_id
    CROSS JOIN generate_series(1, ${questionsPerLesson}) q
    WHERE (split_part(pl.lesson_id, '-', 2)::int - 1) * ${questionsPerLesson} + q <= ${perPupil}`.execute(db);
  // The training catalogue each school gets at start-up, and a record of each course for most staff.
  const training = new TrainingRepository(db);
  await ensureTrainingCatalogues({ training });
  await sql`
    INSERT INTO training_records (school_id, person_id, course_id, completed_on, provider, recorded_at, source, idempotency_key)
    SELECT p.school_id, p.id, tc.course_id, DATE '2026-01-15', 'Benchmark provider', now(), 'import',
      'bench:' || p.id || ':' || tc.course_id
    FROM people p JOIN training_courses tc ON tc.school_id = p.school_id
    WHERE p.display_name LIKE 'Staff %' AND hashtext(p.id::text || tc.course_id) % 5 <> 0`.execute(db);
  await sql`ANALYZE`.execute(db);
  const schools = await db.selectFrom('schools').select('id').execute();
  const lessons = await db.selectFrom('planned_lessons').select('id').execute();
  return { schoolIds: schools.map((s) => s.id), plannedLessonIds: lessons.map((l) => l.id) };
}

/** The leadership views' queries that exist today, each timed once per school (or per lesson). */
async function measure(store: Store, trust: Trust): Promise<Record<string, ReturnType<typeof summarise>>> {
  const db = store.db;
  const training = new TrainingRepository(db);
  const policies = new PolicyRepository(db);
  const directory = new DirectoryRepository(db);
  const teaching = new TeachingRepository(db);
  const attendance = new AttendanceRepository(db);
  // The overview reads report counts only, never a sealed text: any key will do.
  const reports = new ReportRepository(db, new ReportCrypto({ id: 'bench', key: randomBytes(32) }));
  const lessonLibrary = loadLessonLibrary();
  const time = async (runs: string[], run: (id: string) => Promise<unknown>) => {
    const samples: number[] = [];
    for (const id of runs) {
      const started = performance.now();
      await run(id);
      samples.push(performance.now() - started);
    }
    return summarise(samples);
  };
  const lessons = trust.plannedLessonIds.filter(
    (_, i) => i % Math.ceil(trust.plannedLessonIds.length / 200) === 0,
  );
  const counts = await sql<{ answers: string; people: string }>`
    SELECT (SELECT count(*) FROM quiz_answers) AS answers, (SELECT count(*) FROM people) AS people`.execute(
    db,
  );
  process.stderr.write(`[bench] trust: ${JSON.stringify(counts.rows[0])}\n`);
  return {
    'training and policy dashboard (per school)': await time(trust.schoolIds, (schoolId) =>
      viewTrainingAndPolicyDashboard({ training, policies, directory, schoolId, today: '2026-11-29' }),
    ),
    'school overview: coverage, attendance, quiz by strand, report counts (per school)': await time(
      trust.schoolIds,
      (schoolId) =>
        viewSchoolOverview({
          teaching,
          attendance,
          reports,
          lessons: lessonLibrary,
          schoolId,
          today: '2026-11-29',
        }),
    ),
    "a lesson's quiz answers (per lesson)": await time(lessons, (id) => teaching.answers(id)),
    // No trust-wide view exists yet (issue 6 builds the per-school one): the query such a view
    // would need, written here so that its cost at this scale is known before it is built.
    'trust-wide quiz summary by school (SQL)': await time(trust.schoolIds.slice(0, 10), async () =>
      sql`
        SELECT school_id, count(*) AS answers, avg(CASE WHEN correct THEN 1 ELSE 0 END) AS correct_share
        FROM quiz_answers WHERE correct IS NOT NULL GROUP BY school_id`.execute(db),
    ),
  };
}
