import { type DemoPerson, demoPerson } from '../../src/store/seed/demo-school.js';
import type { Scope } from './activities.js';
import type { TestBot } from './bot-harness.js';
import { cardOf } from './connector-fake.js';

/**
 * Drives a pupil through the private report flow over the real endpoint, as Teams does: each
 * button press is an `adaptiveCard/action` invoke whose response is the next card.
 */

export type Card = Record<string, unknown>;
export type Action = {
  type: string;
  verb?: string;
  title?: string;
  url?: string;
  data?: Record<string, unknown>;
};

/** Every action on a card, wherever it sits (card actions, ActionSets, a container's selectAction). */
export function actionsOf(card: unknown): Action[] {
  const found: Action[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Action.')) found.push(n as Action);
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

export function actionFor(card: unknown, verb: string, match: Record<string, unknown> = {}): Action {
  const action = actionsOf(card).find(
    (a) => a.verb === verb && Object.entries(match).every(([k, v]) => a.data?.[k] === v),
  );
  if (!action) throw new Error(`No ${verb} action ${JSON.stringify(match)} on the card`);
  return action;
}

/** Every input on a card by id. */
export function inputsOf(card: unknown): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
        found.set(n.id, n);
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

export async function press(
  t: TestBot,
  person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>,
  verb: string,
  data: Record<string, unknown> = {},
  scope: Scope = { kind: 'personal' },
): Promise<Card> {
  const res = await t.post(t.activities.cardAction(person, verb, data, scope));
  const body = res.body as { statusCode?: number; value?: Card };
  if (res.status !== 200 || body?.statusCode !== 200 || !body.value)
    throw new Error(`${verb} answered ${res.status} ${JSON.stringify(res.body)}`);
  return body.value;
}

/** Presses a button on a card, with the inputs a person filled in (Teams merges them into the data). */
export function pressOn(
  t: TestBot,
  person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>,
  card: unknown,
  verb: string,
  inputs: Record<string, unknown> = {},
  match: Record<string, unknown> = {},
): Promise<Card> {
  return press(t, person, verb, { ...actionFor(card, verb, match).data, ...inputs });
}

export type ReportAnswers = {
  dangerNow?: boolean;
  category?: string;
  about?: string;
  concernsStaff?: string;
  where?: string;
  when?: string;
  what?: string;
  nameWithheld?: 'true' | 'false';
};

/**
 * A whole report from the start card to the thank-you card. Returns every card on the way and the
 * submit's data, so a test can deliver it again.
 */
export async function fileReport(
  t: TestBot,
  key: string,
  answers: ReportAnswers = {},
): Promise<{ start: Card; categories: Card; form: Card; thanks: Card; submit: Record<string, unknown> }> {
  const person = demoPerson(key);
  const start = await press(t, person, 'report.start');
  const categories = await pressOn(
    t,
    person,
    start,
    'report.danger',
    {},
    { dangerNow: answers.dangerNow ?? false },
  );
  const form = await pressOn(
    t,
    person,
    categories,
    'report.category',
    {},
    {
      category: answers.category ?? 'unkind-or-bullying',
    },
  );
  const submit = {
    ...actionFor(form, 'report.submit').data,
    about: answers.about ?? 'me',
    concernsStaff: answers.concernsStaff ?? 'no',
    where: answers.where ?? '',
    when: answers.when ?? '',
    what: answers.what ?? '',
    nameWithheld: answers.nameWithheld ?? 'false',
  };
  const thanks = await press(t, person, 'report.submit', submit);
  return { start, categories, form, thanks, submit };
}

/** Makes sure someone has a personal chat with the bot, as a DSL must for notifications to reach them. */
export async function sayHello(t: TestBot, ...keys: string[]): Promise<void> {
  for (const key of keys) await t.post(t.activities.message(demoPerson(key), 'hello'));
}

/** The adaptive cards that reached a person's personal chat. */
export function cardsIn(t: TestBot, key: string): Card[] {
  return t.connector
    .in(`a:personal-${key}`)
    .map((a) => cardOf(a))
    .filter((c): c is Card => c !== undefined);
}
