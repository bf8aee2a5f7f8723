import { csvRow } from '../csv.js';
import type { CaseView } from '../teams/presenters/case.js';

/**
 * A case as a document for a referral or the school's CPOMS / MyConcern (issue 5 §10): printable
 * HTML (a browser's "Save as PDF" makes the PDF) and CSV. Both are built from the case card's own
 * words (presenters/case.ts `caseView`), so the card and the record never disagree.
 */

export type DocumentLabels = {
  title: string;
  made: string;
  confidential: string;
  wordsTitle: string;
  chronologyTitle: string;
  when: string;
  who: string;
  what: string;
  detail: string;
  csvSection: string;
  csvField: string;
  csvValue: string;
  csvCase: string;
  csvEntry: string;
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything a person wrote goes through here: text, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Paragraphs as written: line breaks kept, nothing else interpreted. */
const multiline = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

export function caseHtml(view: CaseView, labels: DocumentLabels): string {
  const facts = view.facts
    .map((f) => `<tr><th scope="row">${escapeHtml(f.title)}</th><td>${escapeHtml(f.value)}</td></tr>`)
    .join('\n');
  const words = view.words
    .map((w) => `<h3>${escapeHtml(w.label)}</h3><p class="words">${multiline(w.text)}</p>`)
    .join('\n');
  const entries = view.chronology
    .map(
      (e) =>
        `<tr><td class="when">${escapeHtml(e.at)}</td><td>${escapeHtml(e.author)}</td><td>${escapeHtml(e.kind)}</td><td>${multiline(e.body)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(labels.title)}</title>
<style>
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; }
  h3 { font-size: 1rem; margin: .75rem 0 .15rem; }
  .confidential { border: 2px solid #a00; color: #a00; padding: .4rem .6rem; font-weight: 600; }
  .made { color: #444; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border: 1px solid #bbb; }
  th { background: #f0f0f0; }
  .facts th { width: 14rem; }
  .when { white-space: nowrap; }
  .words { white-space: normal; margin: 0; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  @media print { body { margin: 0; max-width: none; } .confidential { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
  @page { margin: 18mm; }
</style>
</head>
<body>
<p class="confidential">${escapeHtml(labels.confidential)}</p>
<h1>${escapeHtml(labels.title)}</h1>
<p class="made">${escapeHtml(labels.made)}</p>
<table class="facts">
${facts}
</table>
<h2>${escapeHtml(labels.wordsTitle)}</h2>
${words}
<h2>${escapeHtml(labels.chronologyTitle)}</h2>
<table class="chronology">
<thead><tr><th scope="col">${escapeHtml(labels.when)}</th><th scope="col">${escapeHtml(labels.who)}</th><th scope="col">${escapeHtml(labels.what)}</th><th scope="col">${escapeHtml(labels.detail)}</th></tr></thead>
<tbody>
${entries}
</tbody>
</table>
</body>
</html>
`;
}

/**
 * The case as rows a CPOMS / MyConcern import or a spreadsheet can take: the case's facts and the
 * pupil's words as field/value pairs, then the chronology with its time, author, kind and text.
 */
export function caseCsv(view: CaseView, labels: DocumentLabels): string {
  const rows: string[][] = [
    [labels.csvSection, labels.when, labels.who, labels.csvField, labels.csvValue],
    ...view.facts.map((f) => [labels.csvCase, '', '', f.title, f.value]),
    ...view.words.map((w) => [labels.csvCase, '', '', w.label, w.text]),
    ...view.chronology.map((e) => [labels.csvEntry, e.at, e.author, e.kind, e.body]),
  ];
  // A byte-order mark so that Excel reads the names and words as UTF-8; CRLF per RFC 4180.
  return `\uFEFF${rows.map(csvRow).join('\r\n')}\r\n`;
}
