import type { HttpRoute } from '../http/server.js';
import type { BotDeps } from '../teams/deps.js';
import { caseView, schoolTime } from '../teams/presenters/case.js';
import { redeemExportLink } from '../use-cases/export-report.js';
import { caseCsv, caseHtml, type DocumentLabels, escapeHtml } from './case-document.js';

/** 256 random bits in base64url: anything else is not one of ours and never reaches the database. */
const EXPORT_PATH = /^\/exports\/([A-Za-z0-9_-]{43})\.(html|csv)$/;

/**
 * The private, no-cache, no-referrer headers every answer carries: a safeguarding record must
 * not stay in a browser cache or a proxy, nor leak its address to another site.
 */
const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
};

/**
 * `GET /exports/<token>.html|csv` (issue 5 §10): a case export, once. Nothing of the case is
 * logged, only the outcome and ids.
 */
export function exportRoute(
  deps: Pick<BotDeps, 'reports' | 'directory' | 'exportLinks' | 'cards' | 'clock' | 'log'>,
): HttpRoute {
  return {
    method: 'GET',
    path: /^\/exports\/[^/]+$/,
    handle: async (_match, req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = EXPORT_PATH.exec(url.pathname);
      const at = deps.clock.now();
      const result = parts
        ? await redeemExportLink({
            stores: { reports: deps.reports, directory: deps.directory },
            links: deps.exportLinks,
            token: parts[1]!,
            format: parts[2] as 'html' | 'csv',
            at,
          })
        : ({ kind: 'gone' } as const);
      if (result.kind === 'gone') {
        deps.log.info('report.export-refused', {});
        const page = `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>410</title><p>${escapeHtml(deps.cards.text('case.export.gone'))}</p></html>`;
        res.writeHead(410, { 'content-type': 'text/html; charset=utf-8', ...PRIVATE_HEADERS }).end(page);
        return;
      }
      const view = caseView(deps.cards, result);
      const t = (key: string, values?: Record<string, string>) => deps.cards.text(key, values);
      const labels: DocumentLabels = {
        title: t('case.export.title', { reference: view.reference }),
        made: t('case.export.made', { name: result.exportedBy, at: schoolTime(result.at) }),
        confidential: t('case.export.confidential'),
        wordsTitle: t('case.words.title'),
        chronologyTitle: t('case.chronology.title'),
        when: t('case.export.when'),
        who: t('case.export.who'),
        what: t('case.export.what'),
        detail: t('case.export.detail'),
        csvSection: t('case.export.csvSection'),
        csvField: t('case.export.csvField'),
        csvValue: t('case.export.csvValue'),
        csvCase: t('case.export.csvCase'),
        csvEntry: t('case.export.csvEntry'),
      };
      deps.log.info('report.exported', { reportId: view.reportId, format: result.format });
      if (result.format === 'csv') {
        res
          .writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${view.reference}.csv"`,
            ...PRIVATE_HEADERS,
          })
          .end(caseCsv(view, labels));
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          // The document is static: no script runs in it, whatever a pupil typed.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'",
          ...PRIVATE_HEADERS,
        })
        .end(caseHtml(view, labels));
    },
  };
}
