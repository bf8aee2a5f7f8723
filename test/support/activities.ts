import { randomUUID } from 'node:crypto';
import { DEMO_TENANT_ID, type DemoPerson } from '../../src/store/seed/demo-school.js';

export type Scope =
  | { kind: 'personal' }
  | { kind: 'channel'; teamId: string; channelId?: string }
  | { kind: 'groupChat'; id: string };

export const BOT = { id: '28:online-safety-bot', name: 'Online Safety Bot' };

/** Teams-shaped activities, as the Bot Connector posts them to /api/messages. */
export class ActivityFactory {
  constructor(
    private readonly serviceUrl: string,
    private readonly tenantId = DEMO_TENANT_ID,
  ) {}

  conversationIdFor(person: Pick<DemoPerson, 'key'>, scope: Scope): string {
    if (scope.kind === 'personal') return `a:personal-${person.key}`;
    if (scope.kind === 'channel') return scope.channelId ?? scope.teamId;
    return scope.id;
  }

  private base(person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>, scope: Scope) {
    const conversationId = this.conversationIdFor(person, scope);
    const channelData: Record<string, unknown> = { tenant: { id: this.tenantId } };
    if (scope.kind === 'channel') {
      channelData.team = { id: scope.teamId, name: 'Year 4 Hazel' };
      channelData.channel = { id: scope.channelId ?? scope.teamId };
    }
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      locale: 'en-GB',
      from: { id: `29:${person.key}`, aadObjectId: person.aadObjectId, name: person.displayName },
      recipient: BOT,
      conversation: {
        id: conversationId,
        conversationType: scope.kind,
        tenantId: this.tenantId,
        ...(scope.kind === 'channel' ? { isGroup: true } : {}),
      },
      channelData,
    };
  }

  message(
    person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>,
    text: string,
    scope: Scope = { kind: 'personal' },
  ) {
    return { ...this.base(person, scope), type: 'message', text };
  }

  botInstalled(person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>, scope: Scope) {
    return { ...this.base(person, scope), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
  }

  installationUpdate(
    person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>,
    scope: Scope,
    action: 'add' | 'remove',
  ) {
    return { ...this.base(person, scope), type: 'installationUpdate', action };
  }

  /** A press of an Action.Execute button (Universal Actions). */
  cardAction(
    person: Pick<DemoPerson, 'key' | 'aadObjectId' | 'displayName'>,
    verb: string,
    data: Record<string, unknown> = {},
    scope: Scope = { kind: 'personal' },
  ) {
    return {
      ...this.base(person, scope),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
  }
}
