import type { LessonLibrary } from '../content/lesson-library.js';
import { schoolTimeToUtc } from '../domain/calendar/school-time.js';
import { academicYearOf, type LocalDate } from '../domain/calendar/term-dates.js';
import { type HalfTermNumber, STRANDS, type Strand, TERMS, type Term } from '../domain/curriculum/lesson.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../domain/reports/report.js';
import { academicYearMonths, type PublishedCount, publishedCount } from '../domain/statistics.js';
import type { AttendanceRepository } from '../store/attendance-repository.js';
import type { ReportRepository } from '../store/report-repository.js';
import type { PlannedLessonStatus, TeachingRepository } from '../store/teaching-repository.js';
import { isScored } from './quiz-progress.js';

/** The six half-terms of a school year, Autumn 1 first. */
export const HALF_TERMS: readonly { term: Term; halfTerm: HalfTermNumber }[] = TERMS.flatMap((term) =>
  ([1, 2] as const).map((halfTerm) => ({ term, halfTerm })),
);

export type Coverage = Exclude<PlannedLessonStatus, 'cancelled'> | 'not-planned';
/** When a class has more than one live lesson in a half-term, the furthest along is shown. */
const COVERAGE_ORDER: readonly Coverage[] = ['not-planned', 'planned', 'posted', 'delivered'];

export type SchoolOverview = {
  academicYear: string;
  /** One row per class, youngest first, each with a cell per half-term in `HALF_TERMS` order. */
  coverage: { classId: string; className: string; halfTerms: Coverage[] }[];
  /** Lesson registers as they stand (latest version of each), counted by mark; counts only. */
  attendance: {
    classId: string;
    className: string;
    registers: number;
    present: number;
    late: number;
    absent: number;
  }[];
  /** Every strand, in the framework's order; `answered` 0 means no pupil has answered one yet. */
  strands: { strand: Strand; answered: number; correct: number }[];
  /** All first answers once each (a lesson with two strands counts in both strands above). */
  quiz: { answered: number; correct: number };
  /** Already through the small-number rule: no raw report count leaves this use-case. */
  reports: {
    byCategory: { category: ReportCategory; count: PublishedCount }[];
    byMonth: { month: string; count: PublishedCount }[];
  };
};

/**
 * The school overview for leadership (issue 6 §9): lesson coverage by class and half-term, lesson
 * attendance by class, first-attempt quiz results by strand and the number of reports by category
 * and month, all for the academic year `today` falls in. Numbers only: no pupil, no report content.
 */
export async function viewSchoolOverview(props: {
  teaching: TeachingRepository;
  attendance: AttendanceRepository;
  reports: ReportRepository;
  lessons: LessonLibrary;
  schoolId: string;
  today: LocalDate;
}): Promise<SchoolOverview> {
  const { teaching, schoolId, today } = props;
  const academicYear = academicYearOf(today);
  const classes = (await teaching.classesOfSchool(schoolId)).sort(
    (a, b) => a.yearGroup - b.yearGroup || a.name.localeCompare(b.name),
  );
  const planned = (await teaching.plannedLessonsOf(classes.map((c) => c.id))).filter(
    (p) => p.academicYear === academicYear,
  );

  const coverage = classes.map((c) => ({
    classId: c.id,
    className: c.name,
    halfTerms: HALF_TERMS.map(({ term, halfTerm }) =>
      planned
        .filter((p) => p.classId === c.id && p.term === term && p.halfTerm === halfTerm)
        .map((p): Coverage => (p.status === 'cancelled' ? 'not-planned' : p.status))
        .reduce<Coverage>(
          (best, s) => (COVERAGE_ORDER.indexOf(s) > COVERAGE_ORDER.indexOf(best) ? s : best),
          'not-planned',
        ),
    ),
  }));

  const registers = new Map(
    (await props.attendance.attendanceByClass(schoolId, academicYear)).map((r) => [r.classId, r] as const),
  );
  const attendance = classes.map((c) => {
    const r = registers.get(c.id);
    return {
      classId: c.id,
      className: c.name,
      registers: r?.registers ?? 0,
      present: r?.present ?? 0,
      late: r?.late ?? 0,
      absent: r?.absent ?? 0,
    };
  });

  const strands = new Map<Strand, { answered: number; correct: number }>(
    STRANDS.map((s) => [s, { answered: 0, correct: 0 }]),
  );
  const taught = planned.filter((p) => p.status !== 'planned');
  // Pupils' own answers on their first attempt (a retry shows what they learned, not what they
  // knew); a whole-class answer in a teacher-led quiz is not a pupil's, and a talk-about-it
  // question has no right answer. The same rule as the teacher's class results (summariseClass).
  const tallies = await teaching.firstAttemptTallies(taught.map((p) => p.id));
  const quiz = { answered: 0, correct: 0 };
  for (const p of taught) {
    const lesson = props.lessons.byId(p.lessonId);
    if (!lesson) continue;
    const scored = new Set(lesson.quiz.questions.filter(isScored).map((q) => q.id));
    const counted = tallies.filter((t) => t.plannedLessonId === p.id && scored.has(t.questionId));
    const total = counted.reduce((n, t) => n + t.answered, 0);
    const correct = counted.reduce((n, t) => n + t.correct, 0);
    quiz.answered += total;
    quiz.correct += correct;
    for (const strand of lesson.strands) {
      const s = strands.get(strand);
      if (s) {
        s.answered += total;
        s.correct += correct;
      }
    }
  }

  const start = Number(academicYear.slice(0, 4));
  const counts = await props.reports.countsByCategoryAndMonth(
    schoolId,
    schoolTimeToUtc(`${start}-09-01`, '00:00'),
    schoolTimeToUtc(`${start + 1}-09-01`, '00:00'),
  );
  const sum = (rows: typeof counts) => rows.reduce((n, r) => n + r.count, 0);
  // No total is given: a total less the published counts would reveal a hidden one.
  const reports = {
    byCategory: REPORT_CATEGORIES.map((category) => ({
      category,
      count: publishedCount(sum(counts.filter((r) => r.category === category))),
    })),
    byMonth: academicYearMonths(academicYear, today.slice(0, 7)).map((month) => ({
      month,
      count: publishedCount(sum(counts.filter((r) => r.month === month))),
    })),
  };

  return {
    academicYear,
    coverage,
    attendance,
    strands: STRANDS.map((strand) => ({ strand, ...(strands.get(strand) ?? { answered: 0, correct: 0 }) })),
    quiz,
    reports,
  };
}
