import { describe, expect, it } from 'vitest';
import { REPORT_CATEGORIES } from '../../src/domain/reports/report.js';
import { CardRenderer } from '../../src/teams/cards.js';
import { OUTBOX_PRESENTERS } from '../../src/teams/outbox-presenters.js';
import { handlerNotices, pupilNotice } from '../../src/teams/reports/notices.js';
import { cardText } from '../support/connector-fake.js';

const cards = new CardRenderer();
const report = {
  id: '0b7d3f0e-4f7a-4c55-9a53-2f1f7c1e9a10',
  schoolId: 's1',
  reference: 'R-0042',
  priority: 'urgent' as const,
  category: 'asked-for-pictures-to-meet-or-a-secret' as const,
  reporterPersonId: 'p1',
};

/** What the outbox sender does with a queued card: present its codes, then render the template. */
function send(message: { card: string; data: Record<string, unknown> }) {
  const present = OUTBOX_PRESENTERS[message.card]!;
  return cards.render(message.card, present(message.data, cards));
}

const buttons = (card: Record<string, unknown>) =>
  card.actions as { type: string; verb: string; data: Record<string, unknown> }[];

describe('report notifications at send time', () => {
  it('tell a handler the reference, priority, category and why, in words, with one button to the case', () => {
    const [notice] = handlerNotices(report, ['dsl-1'], 'new', 'new');
    const card = send(notice!.message as { card: string; data: Record<string, unknown> });
    const text = cardText(card);
    expect(text).toContain('R-0042');
    expect(text).toContain('URGENT');
    expect(text).toContain('Someone asking for pictures, to meet, or to keep a secret');
    expect(text).toContain('new report');
    expect(text).not.toMatch(/\$\{/);
    expect(buttons(card)).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: 'case.open', data: { reportId: report.id } }),
    ]);
  });

  it('let a normal report look ordinary, and every reason and category have words', () => {
    for (const reason of ['new', 'escalated', 'pupil-message', 'rerouted'] as const) {
      for (const category of REPORT_CATEGORIES) {
        const [notice] = handlerNotices({ ...report, priority: 'normal', category }, ['d'], reason, reason);
        const text = cardText(send(notice!.message as { card: string; data: Record<string, unknown> }));
        expect(text).not.toContain('URGENT');
        expect(text).toContain('Normal');
        expect(text).toContain(cards.text(`report.category.${category}`));
        expect(text).toContain(cards.text(`report.notice.reason.${reason}`));
      }
    }
  });

  it('survive a code a later release no longer knows, with general words', () => {
    const text = cardText(
      send({
        card: 'report-notification',
        data: { reportId: 'x', reference: 'R-1', reason: 'zzz', category: 7 },
      }),
    );
    expect(text).toContain(cards.text('report.notice.reason.unknown'));
    expect(text).toContain(cards.text('report.category.unknown'));
  });

  it('tell the pupil what changed, never any words, with a button to their report', () => {
    const expected = {
      acknowledged: 'A trusted adult has read your report',
      message: 'You have a new message from the safeguarding team',
      closed: 'Your report is closed',
    };
    for (const [reason, words] of Object.entries(expected)) {
      const notice = pupilNotice(report, reason as keyof typeof expected, reason);
      const card = send(notice.message as { card: string; data: Record<string, unknown> });
      expect(cardText(card)).toContain(words);
      expect(cardText(card)).toContain('R-0042');
      expect(buttons(card)).toEqual([
        expect.objectContaining({
          type: 'Action.Execute',
          verb: 'report.view',
          data: { reportId: report.id },
        }),
      ]);
    }
  });
});
