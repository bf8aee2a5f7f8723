import { csvRow } from '../../csv.js';
import { type PublishedCount, percentOf } from '../../domain/statistics.js';
import type { TrainingState } from '../../domain/training/status.js';
import type { ParentMeeting } from '../../store/policy-repository.js';
import type { ParentsMeetingProblem } from '../../use-cases/record-parents-training.js';
import type { RegisterEntry } from '../../use-cases/view-policy-register.js';
import { type Coverage, HALF_TERMS, type SchoolOverview } from '../../use-cases/view-school-overview.js';
import type { TrainingOverview } from '../../use-cases/view-training.js';
import type { LeadershipDashboard } from '../../use-cases/view-training-and-policy-dashboard.js';
import type { CardRenderer } from '../cards.js';
import { displayDate, STATE_COLOUR } from './training.js';

export const LEADERSHIP_TRAINING = 'leadership.training';
export const LEADERSHIP_POLICIES = 'leadership.policies';
export const LEADERSHIP_DASHBOARD = 'leadership.dashboard';
export const PARENTS_RECORD = 'parents.record';

/** A card is read on a phone too: the list stops here and the CSV has the rest. */
export const MATRIX_LIST_LIMIT = 15;

type Counts = Record<Exclude<TrainingState, 'not-required'>, number>;
const STATES = ['done', 'due-soon', 'overdue', 'not-started'] as const;
/** Column styles of a bar's segments, the same colours as the words beside them. */
const BAR_STYLE: Record<(typeof STATES)[number], string> = {
  done: 'good',
  'due-soon': 'warning',
  overdue: 'attention',
  'not-started': 'accent',
};

function countStates(rows: TrainingOverview['rows']): Counts {
  const c: Counts = { done: 0, 'due-soon': 0, overdue: 0, 'not-started': 0 };
  for (const r of rows) if (r.state !== 'not-required') c[r.state] += 1;
  return c;
}

const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part * 100) / whole));

/**
 * A bar chart made of a ColumnSet: one column per state, its width weighted by the count (Adaptive
 * Cards 1.5 has no chart element; Teams renders weighted columns on every client). The same
 * numbers are written beside it, so nothing depends on seeing colour.
 */
function bar(c: Counts) {
  return STATES.filter((s) => c[s] > 0).map((s) => ({
    weight: c[s],
    style: BAR_STYLE[s],
    label: String(c[s]),
  }));
}

export type TrainingMatrixCardData = ReturnType<typeof trainingMatrixCardData>;

export function trainingMatrixCardData(cards: CardRenderer, overview: TrainingOverview) {
  const total = countStates(overview.rows);
  const all = STATES.reduce((n, s) => n + total[s], 0);
  const courses = overview.catalogue.map((course) => {
    const c = countStates(overview.rows.filter((r) => r.courseId === course.id));
    return {
      title: course.title,
      line: cards.text('leadership.training.courseLine', {
        done: String(c.done),
        dueSoon: String(c['due-soon']),
        overdue: String(c.overdue),
        notStarted: String(c['not-started']),
      }),
      bars: bar(c),
    };
  });
  const titles = new Map(overview.catalogue.map((c) => [c.id, c.title]));
  const attention = overview.rows.filter((r) => r.state !== 'done');
  return {
    title: cards.text('leadership.training.title'),
    summary: cards.text('leadership.training.summary', {
      done: String(total.done),
      total: String(all),
      percent: String(percent(total.done, all)),
      dueSoon: String(total['due-soon']),
      overdue: String(total.overdue),
      notStarted: String(total['not-started']),
    }),
    courses,
    listTitle:
      attention.length > 0
        ? cards.text('leadership.training.listTitle')
        : cards.text('leadership.training.allDone'),
    rows: attention.slice(0, MATRIX_LIST_LIMIT).map((r) => ({
      name: r.displayName,
      course: titles.get(r.courseId) ?? r.courseId,
      state: cards.text(`training.state.${r.state}`),
      colour: STATE_COLOUR[r.state],
      due: displayDate(r.dueOn),
    })),
    more:
      attention.length > MATRIX_LIST_LIMIT
        ? cards.text('leadership.training.listMore', { count: String(attention.length - MATRIX_LIST_LIMIT) })
        : '',
  };
}

export function policyRegisterCardData(cards: CardRenderer, register: RegisterEntry[]) {
  return {
    title: cards.text('leadership.policies.title'),
    empty: register.length === 0 ? cards.text('leadership.policies.empty') : '',
    policies: register.map((e) => {
      const signed = e.required - e.unsigned.length;
      return {
        title: e.policy.title,
        review: cards.text(`leadership.policies.review.${e.reviewState}`, {
          date: displayDate(e.policy.nextReviewOn),
        }),
        reviewColour:
          e.reviewState === 'overdue' ? 'attention' : e.reviewState === 'due-soon' ? 'warning' : 'default',
        signedLine: cards.text('leadership.policies.signed', {
          signed: String(signed),
          required: String(e.required),
          version: String(e.policy.version),
        }),
        bars: [
          ...(signed > 0 ? [{ weight: signed, style: 'good', label: String(signed) }] : []),
          ...(e.unsigned.length > 0
            ? [{ weight: e.unsigned.length, style: 'attention', label: String(e.unsigned.length) }]
            : []),
        ],
        policyId: e.policy.id,
        hasUnsigned: e.unsigned.length > 0,
      };
    }),
  };
}

export function leadershipDashboardCardData(cards: CardRenderer, d: LeadershipDashboard) {
  const total = countStates(d.training.rows);
  const all = STATES.reduce((n, s) => n + total[s], 0);
  const overdueReviews = d.policies.filter((p) => p.reviewState === 'overdue').length;
  const dueSoonReviews = d.policies.filter((p) => p.reviewState === 'due-soon').length;
  const unsigned = d.policies.reduce((n, p) => n + p.unsigned.length, 0);
  return {
    title: cards.text('leadership.dashboard.title'),
    training: cards.text('leadership.dashboard.training', {
      percent: String(percent(total.done, all)),
      overdue: String(total.overdue),
    }),
    trainingBars: bar(total),
    trainingAlert: total.overdue > 0,
    policies: cards.text('leadership.dashboard.policies', {
      overdue: String(overdueReviews),
      dueSoon: String(dueSoonReviews),
    }),
    policiesAlert: overdueReviews > 0,
    unsigned: cards.text('leadership.dashboard.unsigned', { count: String(unsigned) }),
    parents:
      d.parentMeetings > 0
        ? cards.text('leadership.dashboard.parents.some', { count: String(d.parentMeetings) })
        : cards.text('leadership.dashboard.parents.none'),
    parentsAlert: d.parentMeetings === 0,
  };
}

/**
 * The matrix as CSV, in the card's order (overdue first). A cell starting with = + - @ is prefixed
 * with ' so that a spreadsheet never runs a name as a formula (OWASP, CSV injection).
 */
export function trainingMatrixCsv(cards: CardRenderer, overview: TrainingOverview): string {
  const titles = new Map(overview.catalogue.map((c) => [c.id, c.title]));
  const lines = [['name', 'course', 'status', 'due by', 'last done'].join(',')];
  for (const r of overview.rows)
    lines.push(
      csvRow([
        r.displayName,
        titles.get(r.courseId) ?? r.courseId,
        cards.text(`training.state.${r.state}`),
        r.dueOn ?? '',
        r.lastDoneOn ?? '',
      ]),
    );
  return `${lines.join('\r\n')}\r\n`;
}

export function parentsMeetingCardData(
  cards: CardRenderer,
  props: {
    academicYear: string;
    meetings: ParentMeeting[];
    values?: { title?: string; heldOn?: string };
    problems?: ParentsMeetingProblem[];
    message?: string;
  },
) {
  return {
    title: cards.text('parents.form.title'),
    intro: cards.text('parents.form.intro'),
    message: props.message ?? '',
    problemsIntro: cards.text('parents.problems.intro'),
    problems: (props.problems ?? []).map((p) => ({ text: cards.text(`parents.problem.${p}`) })),
    yearTitle: props.academicYear,
    meetings:
      props.meetings.length === 0
        ? [{ line: cards.text('parents.form.none', { year: props.academicYear }) }]
        : props.meetings.map((m) => ({
            line:
              m.attendedCount !== undefined
                ? cards.text('parents.form.meetingAttended', {
                    date: displayDate(m.heldOn),
                    title: m.title,
                    count: String(m.attendedCount),
                  })
                : cards.text('parents.form.meetingPlanned', { date: displayDate(m.heldOn), title: m.title }),
          })),
    values: {
      title: props.values?.title ?? cards.text('parents.form.defaultTitle'),
      heldOn: props.values?.heldOn ?? '',
    },
  };
}

/**
 * The register as CSV: one line per member of staff who has not signed a policy's current version
 * (a policy everyone has signed has one line with no name), in the card's order.
 */
export function policyRegisterCsv(cards: CardRenderer, register: RegisterEntry[]): string {
  const lines = [
    ['policy', 'version', 'review', 'next review by', 'signed', 'asked to sign', 'not yet signed'].join(','),
  ];
  for (const e of register) {
    const base = [
      e.policy.title,
      String(e.policy.version),
      cards.text(`leadership.policies.state.${e.reviewState}`),
      e.policy.nextReviewOn,
      String(e.required - e.unsigned.length),
      String(e.required),
    ];
    const names = e.unsigned.length > 0 ? e.unsigned.map((u) => u.displayName) : [''];
    for (const name of names) lines.push(csvRow([...base, name]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const LEADERSHIP_OVERVIEW = 'leadership.overview';

const COVERAGE_STYLE: Record<Coverage, { colour: string; bar: string }> = {
  delivered: { colour: 'good', bar: 'good' },
  // Posted and planned are both still to come; the columns' gap and labels tell them apart.
  posted: { colour: 'accent', bar: 'accent' },
  planned: { colour: 'accent', bar: 'accent' },
  // Not yet planned is normal for a later term, so it is grey rather than a warning.
  'not-planned': { colour: 'default', bar: 'emphasis' },
};
const COVERAGES = ['delivered', 'posted', 'planned', 'not-planned'] as const;

const halfTermKey = (h: (typeof HALF_TERMS)[number]) => `${h.term}-${h.halfTerm}`;
const publishedText = (cards: CardRenderer, c: PublishedCount) =>
  c.kind === 'count'
    ? String(c.value)
    : cards.text('leadership.overview.fewerThan', { threshold: String(c.threshold) });
const monthLabel = (cards: CardRenderer, month: string) =>
  cards.text('leadership.overview.monthLabel', {
    month: cards.text(`leadership.overview.month.${month.slice(5, 7)}`),
    year: month.slice(0, 4),
  });
/** One line naming what has nothing yet, or '' when everything has something. */
const missing = (cards: CardRenderer, key: string, names: string[]) =>
  names.length === 0 ? '' : cards.text(key, { names: names.join(', ') });
/** Present includes late: a pupil marked late was in the lesson. */
const attended = (a: SchoolOverview['attendance'][number]) => a.present + a.late;

export function schoolOverviewCardData(cards: CardRenderer, o: SchoolOverview) {
  const cells = o.coverage.flatMap((c) => c.halfTerms);
  const tally = (s: Coverage) => cells.filter((c) => c === s).length;
  const allAttended = o.attendance.reduce((n, a) => n + attended(a), 0);
  const allMarked = o.attendance.reduce((n, a) => n + a.present + a.late + a.absent, 0);
  const allAnswered = o.quiz.answered;
  const allCorrect = o.quiz.correct;
  const coverageSummary = cards.text('leadership.overview.coverage.summary', {
    delivered: String(tally('delivered')),
    total: String(cells.length),
    posted: String(tally('posted')),
    planned: String(tally('planned')),
    notPlanned: String(tally('not-planned')),
  });
  const attendanceSummary =
    allMarked === 0
      ? cards.text('leadership.overview.attendance.none')
      : cards.text('leadership.overview.attendance.summary', {
          percent: String(percentOf(allAttended, allMarked)),
        });
  const quizSummary =
    allAnswered === 0
      ? cards.text('leadership.overview.quiz.none')
      : cards.text('leadership.overview.quiz.summary', {
          percent: String(percentOf(allCorrect, allAnswered)),
        });
  return {
    title: cards.text('leadership.overview.title', { year: o.academicYear }),
    coverageTitle: cards.text('leadership.overview.coverage.title'),
    coverageSummary,
    coverageBars: COVERAGES.filter((s) => tally(s) > 0).map((s) => ({
      weight: tally(s),
      style: COVERAGE_STYLE[s].bar,
      label: String(tally(s)),
    })),
    coverageKey: cards.text('leadership.overview.coverage.key'),
    classHeading: cards.text('leadership.overview.coverage.class'),
    halfTermHeadings: HALF_TERMS.map((h) => ({
      // Short: seven columns must fit a phone without breaking a word.
      label: cards.text(`leadership.overview.halfTermShort.${halfTermKey(h)}`),
    })),
    coverage: o.coverage.map((c) => ({
      className: c.className,
      cells: c.halfTerms.map((s) => ({
        text: cards.text(`leadership.overview.coverage.${s}`),
        colour: COVERAGE_STYLE[s].colour,
      })),
    })),
    hasClasses: o.coverage.length > 0,
    noClasses: cards.text('leadership.overview.noClasses'),
    attendanceTitle: cards.text('leadership.overview.attendance.title'),
    attendanceSummary,
    attendanceMissing: missing(
      cards,
      'leadership.overview.attendance.classesNone',
      o.attendance.filter((a) => a.present + a.late + a.absent === 0).map((a) => a.className),
    ),
    // Classes without a register share one line, so that the card stays short.
    attendance: o.attendance
      .filter((a) => a.present + a.late + a.absent > 0)
      .map((a) => {
        const marked = a.present + a.late + a.absent;
        return {
          className: a.className,
          line: cards.text('leadership.overview.attendance.classLine', {
            percent: String(percentOf(attended(a), marked)),
            present: String(a.present),
            late: String(a.late),
            absent: String(a.absent),
            registers: String(a.registers),
          }),
          bars: [
            ...(a.present > 0 ? [{ weight: a.present, style: 'good', label: String(a.present) }] : []),
            ...(a.late > 0 ? [{ weight: a.late, style: 'warning', label: String(a.late) }] : []),
            ...(a.absent > 0 ? [{ weight: a.absent, style: 'attention', label: String(a.absent) }] : []),
          ],
        };
      }),
    quizTitle: cards.text('leadership.overview.quiz.title'),
    quizSummary,
    strandsMissing: missing(
      cards,
      'leadership.overview.quiz.strandsNone',
      o.strands.filter((s) => s.answered === 0).map((s) => cards.text(`teaching.strand.${s.strand}`)),
    ),
    strands: o.strands
      .filter((s) => s.answered > 0)
      .map((s) => ({
        title: cards.text(`teaching.strand.${s.strand}`),
        line: cards.text('leadership.overview.quiz.strandLine', {
          percent: String(percentOf(s.correct, s.answered)),
          correct: String(s.correct),
          answered: String(s.answered),
        }),
        bars: [
          ...(s.correct > 0 ? [{ weight: s.correct, style: 'good', label: String(s.correct) }] : []),
          ...(s.answered - s.correct > 0
            ? [{ weight: s.answered - s.correct, style: 'attention', label: String(s.answered - s.correct) }]
            : []),
        ],
      })),
    reportsTitle: cards.text('leadership.overview.reports.title'),
    reportsIntro: cards.text('leadership.overview.reports.intro'),
    categoryHeading: cards.text('leadership.overview.reports.category'),
    monthHeading: cards.text('leadership.overview.reports.month'),
    numberHeading: cards.text('leadership.overview.reports.number'),
    // A table, not a bar: a bar's width would show how many "fewer than 5" is.
    byCategory: o.reports.byCategory.map((r) => ({
      label: cards.text(`report.category.${r.category}`),
      count: publishedText(cards, r.count),
    })),
    byMonth: o.reports.byMonth.map((r) => ({
      label: monthLabel(cards, r.month),
      count: publishedText(cards, r.count),
    })),
    csvHint: cards.text('leadership.overview.csvHint'),
  };
}

/**
 * The overview as CSV, one number a line ("section,name,measure,value"), ready for a pivot table.
 * Report counts go through the same small-number rule as the card.
 */
export function schoolOverviewCsv(cards: CardRenderer, o: SchoolOverview): string {
  const lines = [['section', 'name', 'measure', 'value'].join(',')];
  const add = (...cells: string[]) => lines.push(csvRow(cells));
  for (const c of o.coverage)
    c.halfTerms.forEach((s, i) => {
      const h = HALF_TERMS[i];
      if (h)
        add(
          'lesson coverage',
          c.className,
          cards.text(`leadership.overview.halfTerm.${halfTermKey(h)}`),
          cards.text(`leadership.overview.csv.coverage.${s}`),
        );
    });
  for (const a of o.attendance) {
    const marked = a.present + a.late + a.absent;
    add('attendance', a.className, 'registers', String(a.registers));
    add('attendance', a.className, 'present', String(a.present));
    add('attendance', a.className, 'late', String(a.late));
    add('attendance', a.className, 'absent', String(a.absent));
    add('attendance', a.className, 'percent present or late', String(percentOf(attended(a), marked) ?? ''));
  }
  for (const s of o.strands) {
    const title = cards.text(`teaching.strand.${s.strand}`);
    add('quiz by strand', title, 'first answers', String(s.answered));
    add('quiz by strand', title, 'right first time', String(s.correct));
    add('quiz by strand', title, 'percent right first time', String(percentOf(s.correct, s.answered) ?? ''));
  }
  for (const r of o.reports.byCategory)
    add(
      'reports by category',
      cards.text(`report.category.${r.category}`),
      'reports',
      publishedText(cards, r.count),
    );
  for (const r of o.reports.byMonth)
    add('reports by month', r.month, 'reports', publishedText(cards, r.count));
  return `${lines.join('\r\n')}\r\n`;
}
