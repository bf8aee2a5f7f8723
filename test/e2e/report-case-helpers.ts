import { randomUUID } from 'node:crypto';
import type { ReportSubmission } from '../../src/domain/reports/report.js';
import type { ReportFacts } from '../../src/store/report-repository.js';
import { demoPerson } from '../../src/store/seed/demo-school.js';
import { submitReport } from '../../src/use-cases/submit-report.js';
import type { Scope } from '../support/activities.js';
import type { TestBot } from '../support/bot-harness.js';
import { cardOf, cardText, type ReceivedActivity } from '../support/connector-fake.js';

/** Words a pupil might write; none may reach a log line or a notification. */
export const WHERE = 'Roblox, in the Brookhaven game';
export const WHEN = 'yesterday after tea';
export const WHAT = 'A boy called Zephyrin said he would share my photo unless I sent another one';

/** What the refusal says, whatever the report and whoever asks: no hint of what it is. */
export const REFUSAL = "Sorry, you can't open this.";

export const MINUTE = 60_000;

export type Card = Record<string, unknown>;

/** The people of the demo school, by key, as the bot knows them. */
export async function personId(t: TestBot, key: string): Promise<string> {
  const person = await t.bot.deps.directory.findPersonByAadObjectId(demoPerson(key).aadObjectId);
  if (!person) throw new Error(`no demo person ${key}`);
  return person.id;
}

/** Each says hello once, so that their personal chat is known (messages to a person wait for it). */
export async function openChats(t: TestBot, keys: readonly string[]): Promise<void> {
  for (const key of keys) await t.post(t.activities.message(demoPerson(key), 'hello'));
  t.connector.clear();
}

/** A report as the pupil's flow makes it (use-cases/submit-report.ts), with its notices and timers. */
export async function fileReport(
  t: TestBot,
  at: Date,
  submission: Partial<ReportSubmission> = {},
  reporterKey = 'pupil-sofia',
): Promise<ReportFacts> {
  const { report } = await submitReport({
    directory: t.bot.deps.directory,
    reports: t.bot.deps.reports,
    schoolId: t.bot.demoSchoolId!,
    reporterPersonId: await personId(t, reporterKey),
    draftId: randomUUID(),
    submission: {
      category: 'asked-for-pictures-to-meet-or-a-secret',
      about: 'me',
      concernsStaff: 'no',
      where: WHERE,
      when: WHEN,
      what: WHAT,
      dangerNow: false,
      nameWithheld: false,
      ...submission,
    },
    at,
  });
  return report;
}

/** Presses a card button as `key`; returns the card that replaces it (Universal Actions). */
export async function press(
  t: TestBot,
  key: string,
  verb: string,
  data: Record<string, unknown>,
  scope?: Scope,
): Promise<Card> {
  const res = await t.post(t.activities.cardAction(demoPerson(key), verb, data, scope));
  const body = res.body as { statusCode?: number; value?: Card };
  if (res.status !== 200 || body.statusCode !== 200 || !body.value)
    throw new Error(`press ${verb} as ${key}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return body.value;
}

/** Every Action.Execute on a card (nested show-cards and action sets included). */
export function executeActions(
  card: unknown,
): { verb: string; title: string; data: Record<string, unknown> }[] {
  const found: { verb: string; title: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute')
        found.push({
          verb: String(n.verb),
          title: String(n.title ?? ''),
          data: (n.data ?? {}) as Record<string, unknown>,
        });
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** The data a case card sends with `verb` (reportId and formId), for pressing it. */
export function formOf(card: Card, verb: string): Record<string, unknown> {
  const action = executeActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} on the card: ${cardText(card)}`);
  return action.data;
}

export function openUrls(card: unknown): { title: string; url: string }[] {
  const found: { title: string; url: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.OpenUrl') found.push({ title: String(n.title), url: String(n.url) });
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** The cards sent to someone's personal chat since the last clear. */
export function cardsTo(t: TestBot, key: string): Card[] {
  return t.connector
    .in(`a:personal-${key}`)
    .map((a: ReceivedActivity) => cardOf(a))
    .filter((c): c is Card => c !== undefined);
}

export async function auditActions(t: TestBot, reportId: string): Promise<string[]> {
  return (await t.bot.deps.reports.auditTrail(t.bot.demoSchoolId!, reportId)).map((a) => a.action);
}
