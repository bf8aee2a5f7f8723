import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { ReportAction } from '../../domain/access.js';
import { SCHOOL_TIME_ZONE } from '../../domain/calendar/school-time.js';
import { CASE_ACTIONS, PRIORITIES, type RoutedTo } from '../../domain/reports/report.js';
import type { EntryAuthor, ReportFacts } from '../../store/report-repository.js';
import type { OpenedCase } from '../../use-cases/open-case.js';
import type { CardRenderer } from '../cards.js';

/** Every case card verb (issue 5 §7): the notification's button opens the case. */
export const CASE_VERBS = {
  open: 'case.open',
  list: 'case.list',
  acknowledge: 'case.acknowledge',
  note: 'case.note',
  message: 'case.message',
  assign: 'case.assign',
  priority: 'case.priority',
  close: 'case.close',
  reopen: 'case.reopen',
  reveal: 'case.reveal',
  reroute: 'case.reroute',
  export: 'case.export',
} as const;

/**
 * Teams refuses a card over about 28 KB; a long chronology is cut to its latest entries on the
 * card, by count and by length of what they say (the export always has them all).
 */
export const CHRONOLOGY_ON_CARD = 30;
export const CHRONOLOGY_CHARS_ON_CARD = 10_000;

/** The latest entries that fit; always at least the latest one. */
function latestThatFit(entries: readonly CaseEntryView[]): CaseEntryView[] {
  const shown: CaseEntryView[] = [];
  let chars = 0;
  for (const entry of [...entries].reverse()) {
    chars += entry.body.length + entry.author.length + 40;
    if (shown.length > 0 && (shown.length >= CHRONOLOGY_ON_CARD || chars > CHRONOLOGY_CHARS_ON_CARD)) break;
    shown.push(entry);
  }
  return shown.reverse();
}

/** Times as the school reads them, whatever zone the server runs in (Azure runs in UTC). */
export function schoolTime(at: Date): string {
  return format(new TZDate(at, SCHOOL_TIME_ZONE), 'EEE d MMM yyyy, HH:mm');
}

export type Fact = { title: string; value: string };
export type CaseEntryView = { at: string; author: string; kind: string; body: string };

/** A case in words, for the card and for the export (the same words in both). */
export type CaseView = {
  reportId: string;
  reference: string;
  title: string;
  urgent: boolean;
  facts: Fact[];
  /** The pupil's own words, shown as plain text data, never as markdown. */
  words: { label: string; text: string }[];
  chronology: CaseEntryView[];
};

function authorName(cards: CardRenderer, author: EntryAuthor): string {
  if (author.kind === 'bot') return cards.text('case.author.bot');
  if (author.kind === 'pupil-name-withheld') return cards.text('case.author.withheld');
  return author.displayName || cards.text('case.author.unknown');
}

export function caseView(cards: CardRenderer, opened: Pick<OpenedCase, 'details' | 'names'>): CaseView {
  const { facts, reporter } = opened.details;
  const t = (key: string) => cards.text(key);
  const name = (id: string | null) => (id ? (opened.names[id] ?? t('case.author.unknown')) : '');
  const rows: (Fact | undefined)[] = [
    { title: t('case.fact.reference'), value: facts.reference },
    { title: t('case.fact.priority'), value: t(`report.priority.${facts.priority}`) },
    { title: t('case.fact.status'), value: t(`case.status.${facts.status}`) },
    {
      title: t('case.fact.category'),
      value: facts.detailsPending ? t('case.detailsPending') : t(`report.category.${facts.category}`),
    },
    { title: t('case.fact.about'), value: t(`case.about.${facts.about}`) },
    { title: t('case.fact.concernsStaff'), value: t(`case.concernsStaff.${facts.concernsStaff}`) },
    { title: t('case.fact.routedTo'), value: t(`case.routedTo.${facts.routedTo}`) },
    facts.escalatedTo
      ? { title: t('case.fact.escalatedTo'), value: t(`case.routedTo.${facts.escalatedTo}`) }
      : undefined,
    {
      title: t('case.fact.dangerNow'),
      value: t(facts.dangerNow ? 'case.dangerNow.yes' : 'case.dangerNow.no'),
    },
    {
      title: t('case.fact.reporter'),
      value: reporter.kind === 'person' ? reporter.displayName : t('case.reporter.withheld'),
    },
    {
      title: t('case.fact.assignedTo'),
      value: facts.assignedTo ? name(facts.assignedTo) : t('case.assignedTo.nobody'),
    },
    { title: t('case.fact.made'), value: schoolTime(facts.createdAt) },
    facts.acknowledgedAt
      ? {
          title: t('case.fact.acknowledged'),
          value: `${schoolTime(facts.acknowledgedAt)} · ${name(facts.acknowledgedBy)}`,
        }
      : undefined,
    facts.closedAt
      ? { title: t('case.fact.closed'), value: `${schoolTime(facts.closedAt)} · ${name(facts.closedBy)}` }
      : undefined,
    facts.outcome ? { title: t('case.fact.outcome'), value: t(`case.kind.${facts.outcome}`) } : undefined,
  ];
  const empty = t('case.words.empty');
  return {
    reportId: facts.id,
    reference: facts.reference,
    title: cards.text('case.title', { reference: facts.reference }),
    urgent: facts.priority === 'urgent',
    facts: rows.filter((r): r is Fact => r !== undefined),
    words: [
      { label: t('case.words.where'), text: opened.details.where || empty },
      { label: t('case.words.when'), text: opened.details.when || empty },
      { label: t('case.words.what'), text: opened.details.what || empty },
    ],
    chronology: opened.details.chronology.map((e) => ({
      at: schoolTime(e.at),
      author: authorName(cards, e.author),
      kind: t(`case.kind.${e.kind}`),
      body: e.body ?? '',
    })),
  };
}

export type Choice = { title: string; value: string };

export type CaseCardData = Omit<CaseView, 'chronology'> & {
  confidential: string;
  urgentLabel: string;
  notice: string;
  /** `good` after a change, `attention` for something to put right. */
  noticeStyle: 'good' | 'attention' | 'default';
  wordsTitle: string;
  chronologyTitle: string;
  chronologyMore: string;
  chronology: (CaseEntryView & { hasBody: boolean })[];
  othersTitle: string;
  others: { reportId: string; label: string }[];
  /** Sent with every press: a press delivered twice (a Teams retry) is made once. */
  formId: string;
  can: Record<
    | 'acknowledge'
    | 'note'
    | 'message'
    | 'assign'
    | 'priority'
    | 'close'
    | 'reopen'
    | 'reveal'
    | 'reroute'
    | 'export'
    | 'more',
    boolean
  >;
  noteKinds: Choice[];
  outcomes: Choice[];
  priorities: Choice[];
  currentPriority: string;
  assignees: Choice[];
  currentAssignee: string;
  reroutes: Choice[];
  exportLinks: { html: string; csv: string } | null;
};

const REROUTES: readonly RoutedTo[] = ['headteacher', 'chair', 'safeguarding'];

export type CaseCardExtras = {
  notice?: { key: string; style: 'good' | 'attention' | 'default' };
  exportLinks?: { html: string; csv: string };
};

export function caseCardData(
  cards: CardRenderer,
  opened: OpenedCase,
  extras: CaseCardExtras = {},
): CaseCardData {
  const view = caseView(cards, opened);
  const { facts } = opened.details;
  const allowed = (action: ReportAction) => opened.allowed.includes(action);
  const closed = facts.status === 'closed';
  const can = {
    acknowledge: allowed('acknowledge') && facts.status === 'sent',
    note: allowed('add-note'),
    message: allowed('message-pupil'),
    assign: allowed('assign') && !closed,
    priority: allowed('change-priority') && !closed,
    close: allowed('close') && !closed,
    reopen: allowed('reopen') && closed,
    // Only a name the pupil kept back, and only while it is still kept from this person.
    reveal: allowed('reveal-identity') && opened.details.reporter.kind !== 'person',
    reroute: allowed('reroute') && !closed,
    export: allowed('export'),
  };
  const shown = latestThatFit(view.chronology);
  const kindChoice = (kind: string) => ({ title: cards.text(`case.kind.${kind}`), value: kind });
  return {
    ...view,
    confidential: cards.text('case.confidential'),
    urgentLabel: cards.text('case.urgent'),
    notice: extras.notice ? cards.text(extras.notice.key) : '',
    noticeStyle: extras.notice?.style ?? 'default',
    wordsTitle: cards.text('case.words.title'),
    chronologyTitle: cards.text('case.chronology.title'),
    chronologyMore:
      shown.length < view.chronology.length
        ? cards.text('case.chronology.more', {
            shown: String(shown.length),
            total: String(view.chronology.length),
          })
        : '',
    chronology: shown.map((e) => ({ ...e, hasBody: e.body.length > 0 })),
    othersTitle: cards.text('case.others.title'),
    others: opened.others.map((o) => ({ reportId: o.id, label: listLabel(cards, o) })),
    formId: randomUUID(),
    can: { ...can, more: can.assign || can.priority || can.reveal || can.reroute || can.export },
    noteKinds: [...CASE_ACTIONS, 'note'].map(kindChoice),
    outcomes: CASE_ACTIONS.map(kindChoice),
    priorities: PRIORITIES.map((p) => ({ title: cards.text(`report.priority.${p}`), value: p })),
    currentPriority: facts.priority,
    assignees: opened.handlers.map((h) => ({ title: h.displayName, value: h.personId })),
    currentAssignee: facts.assignedTo ?? '',
    reroutes: REROUTES.filter(
      (r) => r !== facts.routedTo && !(r === 'headteacher' && facts.concernsStaff === 'headteacher'),
    ).map((r) => ({
      title: cards.text(`case.reroute.${r}`),
      value: r,
    })),
    exportLinks: extras.exportLinks ?? null,
  };
}

function listLabel(cards: CardRenderer, report: ReportFacts): string {
  return cards.text('case.list.item', {
    reference: report.reference,
    priority: cards.text(`report.priority.${report.priority}`),
    status: cards.text(`case.status.${report.status}`),
  });
}

/** Teams refuses a card over about 28 KB: the list shows the most pressing ones first. */
export const CASES_ON_LIST = 25;

export type CaseListData = {
  title: string;
  intro: string;
  empty: string;
  more: string;
  cases: { reportId: string; label: string; detail: string; urgent: boolean }[];
};

export function caseListData(cards: CardRenderer, reports: readonly ReportFacts[]): CaseListData {
  return {
    title: cards.text('case.list.title'),
    intro: cards.text('case.list.intro'),
    empty: reports.length === 0 ? cards.text('case.list.empty') : '',
    more:
      reports.length > CASES_ON_LIST
        ? cards.text('case.list.more', { shown: String(CASES_ON_LIST), total: String(reports.length) })
        : '',
    cases: reports.slice(0, CASES_ON_LIST).map((r) => ({
      reportId: r.id,
      label: listLabel(cards, r),
      detail: cards.text('case.list.detail', {
        category: cards.text(`report.category.${r.category}`),
        made: schoolTime(r.createdAt),
      }),
      urgent: r.priority === 'urgent',
    })),
  };
}

/** A short answer on a card of its own: a refusal, "open it in private", a case moved away. */
export type CaseNoticeData = { text: string; showList: boolean };

export function caseNoticeData(cards: CardRenderer, key: string, showList = false): CaseNoticeData {
  return { text: cards.text(key), showList };
}
