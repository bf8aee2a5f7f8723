import { demoPerson, PLAYGROUND_TEAM } from '../../src/store/seed/demo-school.js';
import type { TestBot } from '../support/bot-harness.js';
import { cardOf } from '../support/connector-fake.js';

/** Helpers shared by the teaching and quiz endpoint tests. */
export const TEAM = { kind: 'channel' as const, teamId: PLAYGROUND_TEAM.id };

export type Action = { verb: string; title: string; data: Record<string, unknown> };

/** Every Action.Execute on a card, with its data, in order. */
export function actionsOf(card: unknown): Action[] {
  const found: Action[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && typeof n.verb === 'string')
        found.push({
          verb: n.verb,
          title: String(n.title ?? ''),
          data: (n.data ?? {}) as Record<string, unknown>,
        });
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

export function actionFor(card: unknown, verb: string, title?: string): Action {
  const action = actionsOf(card).find(
    (a) => a.verb === verb && (title === undefined || a.title.includes(title)),
  );
  if (!action) throw new Error(`no ${verb} action${title ? ` titled ${title}` : ''} on the card`);
  return action;
}

/** Posts an Action.Execute and returns the card the invoke answered with (shown to the presser only). */
export async function press(
  t: TestBot,
  key: string,
  verb: string,
  data: Record<string, unknown>,
  scope: Parameters<TestBot['activities']['cardAction']>[3] = { kind: 'personal' },
): Promise<Record<string, unknown>> {
  const res = await t.post(t.activities.cardAction(demoPerson(key), verb, data, scope));
  if (res.status !== 200) throw new Error(`invoke ${verb} answered ${res.status}`);
  const body = res.body as { statusCode: number; value: Record<string, unknown> };
  if (body.statusCode !== 200) throw new Error(`invoke ${verb} answered ${body.statusCode}`);
  return body.value;
}

/** Says something in the person's personal chat; returns the card (or text) of the bot's last reply. */
export async function say(
  t: TestBot,
  key: string,
  text: string,
  scope: Parameters<TestBot['activities']['message']>[2] = { kind: 'personal' },
) {
  const before = t.connector.received.length;
  const activity = t.activities.message(demoPerson(key), text, scope);
  await t.post(activity);
  // Only the replies to this message: the outbox may be sending elsewhere meanwhile.
  const replies = t.connector.received.slice(before).filter((a) => a.replyToId === activity.id);
  const last = replies.at(-1);
  return { card: cardOf(last), text: last?.body.text ?? '', replies };
}

/** The teacher plans the term and confirms it; returns the confirmed plan card. */
export async function planAndConfirm(t: TestBot, key = 'teacher'): Promise<Record<string, unknown>> {
  const { card } = await say(t, key, 'plan');
  if (!card) throw new Error('no plan card');
  return press(t, key, 'plan.confirm', actionFor(card, 'plan.confirm').data);
}

export async function personId(t: TestBot, key: string): Promise<string> {
  const person = await t.bot.deps.directory.findPersonByAadObjectId(demoPerson(key).aadObjectId);
  if (!person) throw new Error(`no ${key}`);
  return person.id;
}

export async function year4ClassId(t: TestBot): Promise<string> {
  const cls = await t.bot.deps.directory.classForTeam(PLAYGROUND_TEAM.id);
  if (!cls) throw new Error('no Year 4 class');
  return cls.id;
}

/** The outbox also drains on its own timer: wait for what it sends rather than racing it. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
