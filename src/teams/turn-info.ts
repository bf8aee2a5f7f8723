import { randomUUID } from 'node:crypto';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Person } from '../domain/directory/person.js';
import type { ConversationKind } from '../store/conversation-repository.js';
import type { BotDeps } from './deps.js';

/** Who is speaking, where, and for which school: resolved once per turn, before any route. */
export type TurnInfo = {
  person: Person | undefined;
  schoolId: string | undefined;
  scope: ConversationKind;
  /** Our row for this conversation (see ConversationRepository). */
  conversationId: string;
  /** Goes into every log line and error reply of the turn, so a school can quote it to support. */
  correlationId: string;
};

const TURN_INFO = Symbol('turnInfo');

export function scopeOf(context: TurnContext): ConversationKind {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel' || type === 'groupChat') return type;
  return 'personal';
}

type TeamsChannelData = { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };

export async function resolveTurnInfo(context: TurnContext, deps: BotDeps): Promise<TurnInfo> {
  const cached = context.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (cached) return cached;

  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const scope = scopeOf(context);
  const tenantId = channelData.tenant?.id ?? activity.conversation?.tenantId;
  const teamId = channelData.team?.id;

  let schoolId: string | undefined;
  if (teamId) schoolId = (await deps.directory.classForTeam(teamId))?.schoolId;
  const aadObjectId = activity.from?.aadObjectId;
  let person = aadObjectId ? await deps.directory.findPersonByAadObjectId(aadObjectId, schoolId) : undefined;
  if (!person && aadObjectId && activity.from?.id)
    person = await linkFromRoster(context, deps, aadObjectId, schoolId);
  schoolId ??= person?.schoolId;
  if (!schoolId && tenantId) schoolId = (await deps.directory.schoolForTenant(tenantId))?.id;
  schoolId ??= deps.fallbackSchoolId;

  if (person && activity.from?.id) await deps.directory.rememberTeamsUserId(person.id, activity.from.id);

  const conversationId = await deps.conversations.save({
    schoolId,
    teamsConversationId: activity.conversation.id,
    kind: scope,
    tenantId,
    teamId,
    channelId: channelData.channel?.id,
    personId: scope === 'personal' ? person?.id : undefined,
    serviceUrl: activity.serviceUrl,
    reference: conversationReferenceOf(context) as unknown as Record<string, unknown>,
  });

  if (scope === 'personal' && person) await deps.outbox.wakeFor(person.id, deps.clock.now());

  const info: TurnInfo = {
    person,
    schoolId,
    scope,
    conversationId,
    correlationId: activity.id ?? randomUUID(),
  };
  context.turnState.set(TURN_INFO, info);
  return info;
}

/**
 * Someone we have not met: a school that imported its roster by email/UPN is matched here, once,
 * by asking Teams for the member's email (the activity itself carries only the Entra id).
 */
async function linkFromRoster(
  context: TurnContext,
  deps: BotDeps,
  aadObjectId: string,
  schoolId: string | undefined,
): Promise<Person | undefined> {
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    email = member.email ?? member.userPrincipalName ?? undefined;
  } catch {
    return undefined; // not a Teams member we can look up; they are greeted as not on the roster
  }
  if (!email) return undefined;
  const linked = await deps.directory.linkEntraIdByEmail(email, aadObjectId);
  if (linked > 0) deps.log.info('directory.linked', { correlationId: context.activity.id ?? 'none' });
  return linked > 0 ? deps.directory.findPersonByAadObjectId(aadObjectId, schoolId) : undefined;
}

export function turnInfoOf(context: TurnContext): TurnInfo {
  const info = context.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!info) throw new Error('Turn info read before it was resolved');
  return info;
}

function conversationReferenceOf(context: TurnContext) {
  const a = context.activity;
  // The user in a reference is who spoke last; a proactive send does not need them, and a stored
  // name is personal data we do not need to keep here.
  return {
    activityId: undefined,
    bot: a.recipient,
    channelId: a.channelId,
    conversation: a.conversation,
    locale: a.locale,
    serviceUrl: a.serviceUrl,
  };
}
