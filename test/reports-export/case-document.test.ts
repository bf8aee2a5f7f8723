import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/csv.js';
import {
  caseCsv,
  caseHtml,
  type DocumentLabels,
  escapeHtml,
} from '../../src/reports-export/case-document.js';
import type { CaseView } from '../../src/teams/presenters/case.js';

const LABELS: DocumentLabels = {
  title: 'Record R-0001',
  made: 'Exported by Mr A on Tue',
  confidential: 'Confidential',
  wordsTitle: 'Words',
  chronologyTitle: 'Chronology',
  when: 'When',
  who: 'Who',
  what: 'What',
  detail: 'Detail',
  csvSection: 'Section',
  csvField: 'Field',
  csvValue: 'Value',
  csvCase: 'case',
  csvEntry: 'chronology',
};

const VIEW: CaseView = {
  reportId: 'r1',
  reference: 'R-0001',
  title: 'Record R-0001',
  urgent: false,
  facts: [{ title: 'Reference', value: 'R-0001' }],
  words: [{ label: 'What', text: '<img src=x onerror=alert(1)>\n"quoted"' }],
  chronology: [{ at: 'Tue 24 Nov 2026, 10:00', author: 'Mr A', kind: 'Note', body: '-1+2' }],
};

describe('the case export document', () => {
  it('escapes everything written as text, never markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = caseHtml(VIEW, LABELS);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>&quot;quoted&quot;');
  });

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded ', '" padded "'],
  ])('makes %j the CSV cell %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes the facts, the words and the chronology as rows, CRLF, with a byte-order mark', () => {
    const csv = caseCsv(VIEW, LABELS);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFSection,When,Who,Field,Value',
      'case,,,Reference,R-0001',
      'case,,,What,"<img src=x onerror=alert(1)>\n""quoted"""',
      'chronology,"Tue 24 Nov 2026, 10:00",Mr A,Note,\'-1+2',
      '',
    ]);
  });
});
