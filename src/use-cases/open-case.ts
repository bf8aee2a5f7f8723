import { type Actor, allowedActions, can, type ReportAction } from '../domain/access.js';
import type { Role } from '../domain/directory/roles.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { ReportDetails, ReportFacts, ReportRepository } from '../store/report-repository.js';

/** What the case use-cases read and change. */
export type CaseStores = { reports: ReportRepository; directory: DirectoryRepository };

/** The roles that can ever handle a report (domain/access.ts ALLOW_RULES); anyone else sees none. */
export const HANDLER_ROLES: readonly Role[] = ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors'];

export type Handler = { personId: string; displayName: string };

export type OpenedCase = {
  kind: 'case';
  details: ReportDetails;
  /** What this person may do with it, for the card's buttons (deny by default). */
  allowed: ReportAction[];
  /** Other reports from the same pupil this person may see (issue 5 §7). */
  others: ReportFacts[];
  /** The people of the school who may handle this report: whom it can be assigned to. */
  handlers: Handler[];
  /** Names of the staff the case refers to by id (assigned to, acknowledged by, closed by). */
  names: Record<string, string>;
};

/** The same answer whether the report is someone else's or does not exist: no hint of either. */
export type CaseRefusal = { kind: 'refused' };

/**
 * The people of a school who may view this report, by the same rules as everyone else. Their
 * roles come from the directory, so a DSL who leaves stops being offered.
 */
export async function handlersOf(stores: CaseStores, facts: ReportFacts): Promise<Handler[]> {
  const byId = new Map<string, { displayName: string; roles: Role[] }>();
  for (const role of HANDLER_ROLES) {
    for (const p of await stores.directory.peopleWithRole(facts.schoolId, role)) {
      const entry = byId.get(p.id) ?? { displayName: p.displayName, roles: [] };
      entry.roles.push(role);
      byId.set(p.id, entry);
    }
  }
  return [...byId.entries()]
    .filter(([personId, p]) => can({ personId, schoolId: facts.schoolId, roles: p.roles }, 'view', facts))
    .map(([personId, p]) => ({ personId, displayName: p.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * Checks access and writes the refusal to the audit log (issue 5 §12: every attempt is
 * recorded, refused ones most of all). Returns the facts only if the actor may do `action`.
 */
export async function factsIfAllowed(
  stores: CaseStores,
  actor: Actor | undefined,
  schoolId: string | undefined,
  reportId: string,
  action: ReportAction,
  at: Date,
): Promise<ReportFacts | undefined> {
  const facts = schoolId ? await stores.reports.facts(schoolId, reportId) : undefined;
  if (actor && facts && can(actor, action, facts)) return facts;
  if (schoolId)
    await stores.reports.audit({
      schoolId,
      actorPersonId: actor?.personId ?? null,
      action: 'report.access-refused',
      // A report of another school, or none, is not named in this school's log.
      reportId: facts?.id ?? null,
      detail: { attempted: action },
      at,
    });
  return undefined;
}

/**
 * Opens a case for a handler (issue 5 §7): the details and chronology through the audited read,
 * what they may do, and the other reports from the same pupil they may see.
 */
export async function openCase(props: {
  stores: CaseStores;
  actor: Actor | undefined;
  /** The school of the conversation; with no actor, where a refusal is recorded. */
  schoolId: string | undefined;
  reportId: string;
  at: Date;
}): Promise<OpenedCase | CaseRefusal> {
  const { stores, actor, reportId, at } = props;
  const facts = await factsIfAllowed(stores, actor, props.schoolId, reportId, 'view', at);
  if (!actor || !facts) return { kind: 'refused' };
  const details = await stores.reports.view({
    schoolId: facts.schoolId,
    reportId,
    viewerPersonId: actor.personId,
    at,
  });
  if (!details) return { kind: 'refused' };
  const others = await stores.reports.otherReportsFromSamePupil({
    schoolId: facts.schoolId,
    reportId,
    viewerPersonId: actor.personId,
    canSee: (other) => can(actor, 'view', other),
  });
  const handlers = await handlersOf(stores, facts);
  const names: Record<string, string> = Object.fromEntries(handlers.map((h) => [h.personId, h.displayName]));
  for (const id of [facts.assignedTo, facts.acknowledgedBy, facts.closedBy]) {
    if (!id || names[id]) continue;
    const person = await stores.directory.findPersonById(id);
    if (person && person.schoolId === facts.schoolId) names[id] = person.displayName;
  }
  return { kind: 'case', details, allowed: allowedActions(actor, facts), others, handlers, names };
}
