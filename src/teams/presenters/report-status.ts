import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SCHOOL_TIME_ZONE } from '../../domain/calendar/school-time.js';
import type { ReportStatus } from '../../domain/reports/report.js';
import type { CardRenderer } from '../cards.js';
import { knownCode, type ReportVoice, wordsFor } from './report-words.js';

/**
 * A pupil's own reports (issue 5 §5): status in words ("sent", "a trusted adult has read it",
 * "closed") and the two-way messages with the safeguarding team. Never the report's own words:
 * those are for the people who handle it.
 */

const STATUSES = ['sent', 'acknowledged', 'closed'] as const satisfies readonly ReportStatus[];

const dayOf = (at: Date) => format(new TZDate(at, SCHOOL_TIME_ZONE), 'EEEE d MMMM');
const momentOf = (at: Date) => format(new TZDate(at, SCHOOL_TIME_ZONE), 'd MMM, HH:mm');

function statusWords(cards: CardRenderer, status: ReportStatus, voice: ReportVoice): string {
  const code = knownCode(status, STATUSES);
  return wordsFor(cards, code === 'unknown' ? 'report.status.sent' : `report.status.${code}`, voice);
}

export type ReportMineCardData = {
  title: string;
  intro: string;
  emptyLine: string;
  openLabel: string;
  newLabel: string;
  items: { reportId: string; line: string; status: string }[];
};

export function reportMineData(
  cards: CardRenderer,
  input: {
    voice: ReportVoice;
    reports: readonly { id: string; reference: string; status: ReportStatus; createdAt: Date }[];
  },
): ReportMineCardData {
  const w = (key: string, values: Record<string, string> = {}) => wordsFor(cards, key, input.voice, values);
  return {
    title: w('report.mine.title'),
    intro: w(input.voice === 'staff' ? 'report.mine.staff' : 'report.mine.intro'),
    // Staff hand their reports over and follow none: no "you have not sent any".
    emptyLine: input.voice === 'staff' ? '' : w('report.mine.empty'),
    openLabel: w('report.mine.open'),
    newLabel: w('report.stopped.again'),
    items: input.reports.map((r) => ({
      reportId: r.id,
      line: w('report.mine.item', { reference: r.reference, date: dayOf(r.createdAt) }),
      status: statusWords(cards, r.status, input.voice),
    })),
  };
}

export type ReportViewCardData = {
  reportId: string;
  replyId: string;
  title: string;
  sentOn: string;
  statusTitle: string;
  status: string;
  notice: string;
  messagesTitle: string;
  noMessages: string;
  messages: { from: string; at: string; body: string; style: string }[];
  replyLabel: string;
  replyPlaceholder: string;
  sendLabel: string;
  mineLabel: string;
  privacy: string;
};

export function reportViewData(
  cards: CardRenderer,
  input: {
    voice: ReportVoice;
    report: { id: string; reference: string; status: ReportStatus; createdAt: Date };
    messages: readonly { kind: string; body: string; at: Date }[];
    /** A fresh id for the reply box: the same reply delivered twice is kept once. */
    replyId: string;
    /** A text key shown at the top: the reply just sent, or what was wrong with it. */
    noticeKey?: string;
  },
): ReportViewCardData {
  const w = (key: string, values: Record<string, string> = {}) => wordsFor(cards, key, input.voice, values);
  return {
    reportId: input.report.id,
    replyId: input.replyId,
    title: w('report.view.title', { reference: input.report.reference }),
    sentOn: w('report.view.sentOn', { date: dayOf(input.report.createdAt) }),
    statusTitle: w('report.view.status'),
    status: statusWords(cards, input.report.status, input.voice),
    notice: input.noticeKey ? w(input.noticeKey) : '',
    messagesTitle: w('report.view.messages'),
    noMessages: w('report.view.noMessages'),
    messages: input.messages.map((m) => {
      const mine = m.kind === 'message-from-pupil';
      return {
        from: w(mine ? 'report.view.fromMe' : 'report.view.fromTeam'),
        at: momentOf(m.at),
        // Shown as plain text (a TextRun), never markdown (STYLE.md).
        body: m.body,
        style: mine ? 'default' : 'emphasis',
      };
    }),
    replyLabel: w('report.view.reply'),
    replyPlaceholder: w('report.view.reply.placeholder'),
    sendLabel: w('report.view.send'),
    mineLabel: w('report.view.mine'),
    privacy: w('report.view.privacy'),
  };
}
