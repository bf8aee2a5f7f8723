import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestBot, type TestBot } from '../support/bot-harness.js';
import { cardText } from '../support/connector-fake.js';
import {
  auditActions,
  fileReport,
  formOf,
  MINUTE,
  openChats,
  openUrls,
  personId,
  press,
  REFUSAL,
  WHAT,
  WHERE,
} from './report-case-helpers.js';

const FORMULA = '=HYPERLINK("https://evil.example","click")';
const SCRIPT = '<script>alert("x")</script> & more';

/** Issue 5 §10: a case's chronology as a printable document and a CSV, audited, single-use, short-lived. */
describe('exporting a case', () => {
  let t: TestBot;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  beforeAll(async () => {
    t = await startTestBot({ clock, env: { OUTBOX_POLL_MS: '100000', JOBS_POLL_MS: '100000' } });
    await openChats(t, ['dsl', 'deputy', 'head', 'teacher']);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => clock.advanceMs(MINUTE));

  async function caseWithHistory() {
    const report = await fileReport(t, clock.now(), { where: `${WHERE}, "the lobby"` });
    let card = await press(t, 'dsl', 'case.open', { reportId: report.id });
    card = await press(t, 'dsl', 'case.acknowledge', formOf(card, 'case.acknowledge'));
    clock.advanceMs(MINUTE);
    card = await press(t, 'dsl', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'note',
      noteText: FORMULA,
    });
    card = await press(t, 'dsl', 'case.note', {
      ...formOf(card, 'case.note'),
      noteKind: 'spoke-to-pupil',
      noteText: `${SCRIPT}\nsecond line`,
    });
    return { report, card };
  }

  const get = (url: string) => fetch(url);

  it('makes single-use links to a printable document and a CSV holding the whole chronology, audited', async () => {
    const { report, card } = await caseWithHistory();
    const exported = await press(t, 'dsl', 'case.export', formOf(card, 'case.export'));
    expect(cardText(exported)).toContain('Each works once, for 15 minutes');
    const links = openUrls(exported);
    expect(links).toHaveLength(2);
    const html = links.find((l) => l.url.endsWith('.html'))!.url;
    const csv = links.find((l) => l.url.endsWith('.csv'))!.url;
    expect(html.startsWith(`${t.bot.url}/exports/`)).toBe(true);
    const made = (await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id)).filter(
      (a) => a.action === 'report.exported',
    );
    expect(made.map((a) => a.detail)).toEqual([{ stage: 'links-made', minutes: 15 }]);
    // Only a hash of the token is kept.
    const stored = await t.bot.store.db.selectFrom('report_export_links').select('token_hash').execute();
    const token = html.split('/').pop()!.replace('.html', '');
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await get(html);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).toContain(`Safeguarding record ${report.reference}`);
    expect(body).toContain(WHAT);
    expect(body).toContain('&quot;the lobby&quot;');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more<br>second line');
    expect(body).not.toContain('<script>');
    for (const entry of [
      'Report made',
      'Acknowledged',
      'Note',
      'Spoke to the pupil',
      'Exported',
      'Mr Daniel Okafor',
    ])
      expect(body).toContain(entry);
    expect(body).toContain('Exported by Mr Daniel Okafor on Tue 24 Nov 2026');
    expect(body).toContain('@media print');

    // Used once: gone.
    const again = await get(html);
    expect(again.status).toBe(410);
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(await again.text()).not.toContain(WHAT);

    const sheet = await get(csv);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toContain('text/csv');
    expect(sheet.headers.get('content-disposition')).toContain(`${report.reference}.csv`);
    const bytes = Buffer.from(await sheet.arrayBuffer());
    // A UTF-8 byte-order mark first, so that Excel reads names and words as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString('utf8');
    expect(rows.startsWith('Section,When,Who,Field,Value\r\n')).toBe(true);
    expect(rows).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(rows).not.toMatch(/,=HYPERLINK/);
    expect(rows).toContain(`"${WHERE}, ""the lobby"""`);
    expect(rows).toContain(`"${SCRIPT.replaceAll('"', '""')}\nsecond line"`);
    expect(rows).toContain('chronology,"Tue 24 Nov 2026, 10:0');
    expect((await get(csv)).status).toBe(410);

    const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(audit.filter((a) => a.action === 'report.exported').map((a) => a.detail)).toEqual([
      { stage: 'links-made', minutes: 15 },
      { format: 'html' },
      { format: 'csv' },
    ]);
    const reopened = await press(t, 'dsl', 'case.open', { reportId: report.id });
    expect(
      cardText(reopened)
        .split('\n')
        .filter((line) => line === 'Exported'),
    ).toHaveLength(2);
  });

  it('runs out after 15 minutes', async () => {
    const { card } = await caseWithHistory();
    const links = openUrls(await press(t, 'dsl', 'case.export', formOf(card, 'case.export')));
    clock.advanceMs(15 * MINUTE + 1000);
    for (const link of links) expect((await get(link.url)).status).toBe(410);
  });

  it('answers a made-up or malformed link with the same "gone" page, touching nothing', async () => {
    for (const path of [
      '/exports/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.html',
      '/exports/x.html',
      '/exports/..%2f.csv',
    ]) {
      const res = await get(`${t.bot.url}${path}`);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('Make a new export from the case card');
    }
  });

  it('is refused to someone who may not export, and a link dies with its maker’s access', async () => {
    const { report, card } = await caseWithHistory();
    expect(cardText(await press(t, 'teacher', 'case.export', { reportId: report.id }))).toContain(REFUSAL);
    const links = openUrls(await press(t, 'dsl', 'case.export', formOf(card, 'case.export')));
    await press(t, 'dsl', 'case.reroute', {
      ...formOf(card, 'case.reroute'),
      rerouteTo: 'headteacher',
      rerouteReason: 'It is about a member of staff.',
    });
    expect((await get(links[0]!.url)).status).toBe(410);
    const audit = await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, report.id);
    expect(
      audit.filter((a) => a.action === 'report.access-refused').map((a) => [a.actorPersonId, a.detail]),
    ).toEqual([
      [await personId(t, 'teacher'), { attempted: 'export' }],
      [await personId(t, 'dsl'), { attempted: 'export', format: 'html' }],
    ]);
    expect(await auditActions(t, report.id)).not.toContainEqual('report.identity-revealed');
  });

  it('logs no words, names or tokens', () => {
    const logs = t.logLines.join('\n');
    for (const words of [WHAT, WHERE, 'HYPERLINK', 'alert', 'Daniel', 'Sofia'])
      expect(logs).not.toContain(words);
    expect(logs).toContain('report.exported');
  });
});

describe('export links with PUBLIC_URL set', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { PUBLIC_URL: 'https://safety.example.org/bot/' } });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('point at the public address', async () => {
    const report = await fileReport(t, new Date());
    const links = openUrls(await press(t, 'dsl', 'case.export', { reportId: report.id }));
    expect(links.map((l) => l.url)).toEqual([
      expect.stringMatching(/^https:\/\/safety\.example\.org\/bot\/exports\/[A-Za-z0-9_-]{43}\.html$/),
      expect.stringMatching(/^https:\/\/safety\.example\.org\/bot\/exports\/[A-Za-z0-9_-]{43}\.csv$/),
    ]);
  });
});
