import { type Actor, can } from '../domain/access.js';
import type { ExportLinkFormat, ReportExportLinkRepository } from '../store/report-export-link-repository.js';
import type { ReportDetails } from '../store/report-repository.js';
import { type CaseStores, factsIfAllowed } from './open-case.js';

/** Long enough to open it from the card, short enough that a forwarded link is soon dead. */
export const EXPORT_LINK_MINUTES = 15;

export type ExportLinks = { html: string; csv: string; expiresAt: Date };

/**
 * Makes the links to a case's export for a handler allowed to export it (issue 5 §10): one for the
 * printable document, one for the CSV, each single-use. Making them is audited; each download is
 * audited again and written into the chronology when it happens (see `redeemExportLink`).
 */
export async function makeExportLinks(props: {
  stores: CaseStores;
  links: ReportExportLinkRepository;
  actor: Actor | undefined;
  schoolId: string | undefined;
  reportId: string;
  /** The bot's public address, where `/exports/<token>.<format>` is served. */
  baseUrl: string;
  at: Date;
}): Promise<ExportLinks | undefined> {
  const { stores, actor, at } = props;
  const facts = await factsIfAllowed(stores, actor, props.schoolId, props.reportId, 'export', at);
  if (!actor || !facts) return undefined;
  const validForMs = EXPORT_LINK_MINUTES * 60_000;
  const make = (format: ExportLinkFormat) =>
    props.links.create({
      schoolId: facts.schoolId,
      reportId: facts.id,
      personId: actor.personId,
      format,
      at,
      validForMs,
    });
  const html = await make('html');
  const csv = await make('csv');
  await stores.reports.audit({
    schoolId: facts.schoolId,
    actorPersonId: actor.personId,
    action: 'report.exported',
    reportId: facts.id,
    detail: { stage: 'links-made', minutes: EXPORT_LINK_MINUTES },
    at,
  });
  const base = props.baseUrl.replace(/\/+$/, '');
  return {
    html: `${base}/exports/${html}.html`,
    csv: `${base}/exports/${csv}.csv`,
    expiresAt: new Date(at.getTime() + validForMs),
  };
}

export type RedeemedExport =
  | {
      kind: 'document';
      format: ExportLinkFormat;
      details: ReportDetails;
      exportedBy: string;
      names: Record<string, string>;
      at: Date;
    }
  /** Used, expired, unknown, or its maker may no longer export the case: all answered alike. */
  | { kind: 'gone' };

/**
 * Opens an export link: uses it up, checks again that its maker may still export the case (a
 * re-route in the meantime takes the case from them), and reads the case through the repository's
 * export, which writes the chronology entry and the audit row in the same transaction.
 */
export async function redeemExportLink(props: {
  stores: CaseStores;
  links: ReportExportLinkRepository;
  token: string;
  format: ExportLinkFormat;
  at: Date;
}): Promise<RedeemedExport> {
  const { stores, at } = props;
  const link = await props.links.redeem(props.token, props.format, at);
  if (!link) return { kind: 'gone' };
  const person = await stores.directory.findPersonById(link.personId);
  const actor: Actor | undefined = person && {
    personId: person.id,
    schoolId: person.schoolId,
    roles: person.roles,
  };
  const facts = await stores.reports.facts(link.schoolId, link.reportId);
  if (!actor || !facts || !can(actor, 'export', facts)) {
    await stores.reports.audit({
      schoolId: link.schoolId,
      actorPersonId: link.personId,
      action: 'report.access-refused',
      reportId: link.reportId,
      detail: { attempted: 'export', format: link.format },
      at,
    });
    return { kind: 'gone' };
  }
  const details = await stores.reports.export({
    schoolId: facts.schoolId,
    reportId: facts.id,
    actorPersonId: actor.personId,
    format: link.format,
    at,
  });
  const names: Record<string, string> = { [actor.personId]: person!.displayName };
  for (const id of [facts.assignedTo, facts.acknowledgedBy, facts.closedBy]) {
    if (!id || names[id]) continue;
    const p = await stores.directory.findPersonById(id);
    if (p && p.schoolId === facts.schoolId) names[id] = p.displayName;
  }
  return { kind: 'document', format: link.format, details, exportedBy: person!.displayName, names, at };
}
