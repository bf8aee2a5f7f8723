import type { TrainingState } from '../../domain/training/status.js';
import type { ParentMeeting } from '../../store/policy-repository.js';
import type { ParentsMeetingProblem } from '../../use-cases/record-parents-training.js';
import type { RegisterEntry } from '../../use-cases/view-policy-register.js';
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

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The matrix as CSV, in the card's order (overdue first). A cell starting with = + - @ is prefixed
 * with ' so that a spreadsheet never runs a name as a formula (OWASP, CSV injection).
 */
export function trainingMatrixCsv(cards: CardRenderer, overview: TrainingOverview): string {
  const titles = new Map(overview.catalogue.map((c) => [c.id, c.title]));
  const safe = (v: string) => csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const lines = [['name', 'course', 'status', 'due by', 'last done'].join(',')];
  for (const r of overview.rows)
    lines.push(
      [
        r.displayName,
        titles.get(r.courseId) ?? r.courseId,
        cards.text(`training.state.${r.state}`),
        r.dueOn ?? '',
        r.lastDoneOn ?? '',
      ]
        .map(safe)
        .join(','),
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
  const safe = (v: string) => csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
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
    for (const name of names) lines.push([...base, name].map(safe).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
