import { describe, expect, it } from 'vitest';
import { checkCoverage, describeCoverage, HALF_TERMS } from '../../../src/domain/curriculum/coverage.js';
import { validLesson, validYear } from './lesson-fixture.js';

describe('checkCoverage', () => {
  it('finds nothing missing in a complete year', () => {
    expect(validYear()).toHaveLength(24);
    expect(checkCoverage(validYear())).toEqual([]);
  });

  it('lists the six half-terms in teaching order', () => {
    expect(HALF_TERMS.map(({ term, halfTerm }) => `${term} ${halfTerm}`)).toEqual([
      'autumn 1',
      'autumn 2',
      'spring 1',
      'spring 2',
      'summer 1',
      'summer 2',
    ]);
  });

  it('reports an empty half-term', () => {
    const year = validYear().filter((l) => !(l.band === '7-11' && l.term === 'spring' && l.halfTerm === 2));
    expect(checkCoverage(year)).toEqual([
      {
        kind: 'slot-empty',
        band: '7-11',
        term: 'spring',
        halfTerm: 2,
        message: '7-11: no lesson for spring 2',
      },
    ]);
  });

  it('reports two lessons in one half-term', () => {
    const extra = validLesson({ band: '4-7', term: 'autumn', halfTerm: 1, slug: 'another' });
    const problems = checkCoverage([...validYear(), extra]);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'slot-shared',
        band: '4-7',
        lessonIds: ['4-7-autumn-1-safe-chats', '4-7-autumn-1-another'],
      }),
    ]);
  });

  it('reports a strand or a C no lesson in the band covers', () => {
    const year = validYear().map((lesson) =>
      lesson.band === '11-14'
        ? {
            ...lesson,
            strands: lesson.strands.filter((s) => s !== 'copyright-and-ownership'),
            fourCs: lesson.fourCs.map((c) => (c === 'commerce' ? 'content' : c)),
          }
        : lesson,
    );
    expect(checkCoverage(year).map((p) => p.message)).toEqual([
      '11-14: no lesson teaches strand copyright-and-ownership',
      '11-14: no lesson touches the 4 C commerce',
    ]);
  });

  it('checks only the bands asked for', () => {
    const partial = validYear().filter((l) => l.band === '14-18');
    expect(checkCoverage(partial, ['14-18'])).toEqual([]);
    expect(checkCoverage(partial).filter((p) => p.band === '4-7')).toHaveLength(6 + 8 + 4);
  });
});

describe('describeCoverage', () => {
  it('shows each band with its slots, strands and Cs', () => {
    const [first] = describeCoverage([validLesson({ band: '4-7' })]);
    expect(first?.band).toBe('4-7');
    expect(first?.slots[0]).toEqual({ term: 'autumn', halfTerm: 1, lessonIds: ['4-7-autumn-1-safe-chats'] });
    expect(first?.slots[1]?.lessonIds).toEqual([]);
    expect(first?.strands).toEqual(['online-relationships']);
    expect(first?.fourCs).toEqual(['contact']);
  });
});
