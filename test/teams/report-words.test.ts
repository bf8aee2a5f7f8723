import { describe, expect, it } from 'vitest';
import {
  checkReadability,
  hardestSentences,
  measureReadability,
  splitSentences,
} from '../../src/domain/curriculum/readability.js';
import type { Person } from '../../src/domain/directory/person.js';
import { REPORT_CATEGORIES } from '../../src/domain/reports/report.js';
import { CardRenderer } from '../../src/teams/cards.js';
import * as flow from '../../src/teams/presenters/report-flow.js';
import * as status from '../../src/teams/presenters/report-status.js';
import { type ReportVoice, voiceOf, wordsFor } from '../../src/teams/presenters/report-words.js';
import { cardText } from '../support/connector-fake.js';

const cards = new CardRenderer();
const draftId = '5d0c7a52-3c1e-4f0e-9d7e-8a1b2c3d4e5f';

/** Everything a pupil of this voice can read in the report flow, card by card. */
function flowCards(voice: ReportVoice, dangerNow = false): Record<string, unknown>[] {
  const draft = { draftId, dangerNow, voice };
  const out = [
    cards.render('report-start', flow.reportStartData(cards, draft)),
    cards.render('report-category', flow.reportCategoryData(cards, draft)),
    cards.render('report-stopped', flow.reportStoppedData(cards, voice)),
  ];
  for (const category of REPORT_CATEGORIES) {
    out.push(cards.render('report-form', flow.reportFormData(cards, { ...draft, category })));
    out.push(
      cards.render(
        'report-thanks',
        flow.reportThanksData(cards, {
          voice,
          reference: 'R-0001',
          category,
          urgent: dangerNow,
          dangerNow,
          routedTo: 'safeguarding',
          nobodyTold: false,
          canFollow: voice !== 'staff',
        }),
      ),
    );
  }
  out.push(
    cards.render(
      'report-view',
      status.reportViewData(cards, {
        voice,
        report: { id: 'r', reference: 'R-0001', status: 'acknowledged', createdAt: new Date() },
        messages: [],
        replyId: draftId,
        noticeKey: 'report.view.sent',
      }),
    ),
  );
  return out;
}

describe('the report flow’s words', () => {
  it.each(['4-7', '7-11'] as const)('are within the %s band’s reading age, as the lessons are', (band) => {
    // What a pupil reads, without the emoji and the reference numbers that are not words.
    const texts = [...flowCards(band), ...flowCards(band, true)]
      .flatMap((card) => cardText(card).split('\n'))
      .map((t) => t.replace(/[^\p{L}\p{N}\s.,!?'’:;()-]/gu, '').trim())
      .filter((t) => t.length > 0 && !/^R-\d+/.test(t));
    const readability = measureReadability([...new Set(texts)]);
    const problems = checkReadability(band, readability);
    expect(problems, JSON.stringify(hardestSentences(readability, 5))).toEqual([]);
  });

  it('say the danger words first, and 999, on every card after "yes", in every voice', () => {
    for (const voice of ['4-7', '7-11', '11-14', '14-18', 'staff'] as const) {
      const draft = { draftId, dangerNow: true, voice };
      const after = [
        cards.render('report-category', flow.reportCategoryData(cards, draft)),
        cards.render('report-form', flow.reportFormData(cards, { ...draft, category: 'something-else' })),
        cards.render(
          'report-thanks',
          flow.reportThanksData(cards, {
            voice,
            reference: 'R-0001',
            category: 'something-else',
            urgent: true,
            dangerNow: true,
            routedTo: 'safeguarding',
            nobodyTold: false,
            canFollow: true,
          }),
        ),
      ];
      for (const card of after) expect(cardText((card.body as unknown[])[0]), voice).toContain('999');
      const calm = cards.render(
        'report-category',
        flow.reportCategoryData(cards, { ...draft, dangerNow: false }),
      );
      expect(cardText(calm), voice).not.toContain('999');
    }
  });

  it('name Report Remove from 11 only, and never ask for a picture', () => {
    const form = (voice: ReportVoice) =>
      cardText(
        cards.render(
          'report-form',
          flow.reportFormData(cards, { draftId, dangerNow: false, voice, category: 'something-else' }),
        ),
      );
    expect(form('4-7')).not.toContain('Report Remove');
    expect(form('7-11')).not.toContain('Report Remove');
    expect(form('11-14')).toContain('Report Remove');
    expect(form('14-18')).toContain('Report Remove');
    for (const voice of ['4-7', '7-11', '11-14', '14-18', 'staff'] as const) {
      expect(form(voice), voice).toMatch(/do not send|Do not send/);
    }
  });

  it('signpost by what happened and age: CEOP for contact, Report Harmful Content from 13', () => {
    const thanks = (voice: ReportVoice, category: (typeof REPORT_CATEGORIES)[number]) =>
      cardText(
        cards.render(
          'report-thanks',
          flow.reportThanksData(cards, {
            voice,
            reference: 'R-0001',
            category,
            urgent: false,
            dangerNow: false,
            routedTo: 'safeguarding',
            nobodyTold: false,
            canFollow: true,
          }),
        ),
      );
    for (const category of REPORT_CATEGORIES) expect(thanks('7-11', category)).toContain('0800 1111');
    expect(thanks('7-11', 'stranger-contact')).toContain('CEOP');
    expect(thanks('7-11', 'unkind-or-bullying')).not.toContain('CEOP');
    expect(thanks('11-14', 'saw-something-upsetting')).toContain('reportharmfulcontent.com');
    expect(thanks('7-11', 'saw-something-upsetting')).not.toContain('reportharmfulcontent.com');
    expect(thanks('14-18', 'asked-for-pictures-to-meet-or-a-secret')).toContain('Report Remove');
  });

  it('take a pupil’s voice from their class, the younger of two, and staff from their role', () => {
    const person = (roles: Person['roles'], bands: ('4-7' | '7-11')[]): Person => ({
      id: 'p',
      schoolId: 's',
      schoolName: 'S',
      displayName: 'X',
      givenName: undefined,
      roles,
      classes: bands.map((ageBand, i) => ({
        id: `c${i}`,
        name: `C${i}`,
        yearGroup: ageBand === '4-7' ? 2 : 3,
        ageBand,
        membership: 'pupil',
      })),
    });
    expect(voiceOf(person(['pupil'], ['7-11']))).toBe('7-11');
    expect(voiceOf(person(['pupil'], ['7-11', '4-7']))).toBe('4-7');
    expect(voiceOf(person(['pupil'], []))).toBe('7-11');
    expect(voiceOf(person(['teacher'], []))).toBe('staff');
    expect(voiceOf(undefined)).toBe('7-11');
  });

  it('fall back from the youngest words to the next simplest, then to the plain words', () => {
    expect(wordsFor(cards, 'report.form.about.a-friend', '4-7')).toBe('A friend');
    expect(wordsFor(cards, 'report.form.staff.staff', '4-7')).toBe('Yes, a grown-up at school');
    expect(wordsFor(cards, 'report.form.when', '7-11')).toBe('When did it happen?');
    expect(splitSentences(wordsFor(cards, 'report.start.title', 'staff'))).toHaveLength(1);
  });
});
