import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export type SavedConversation = {
  id: string;
  schoolId: string | null;
  teamsConversationId: string;
  kind: ConversationKind;
  personId: string | null;
  teamId: string | null;
  reference: Record<string, unknown>;
};

export type ConversationToSave = {
  schoolId: string | undefined;
  teamsConversationId: string;
  kind: ConversationKind;
  tenantId: string | undefined;
  teamId: string | undefined;
  channelId: string | undefined;
  personId: string | undefined;
  serviceUrl: string;
  reference: Record<string, unknown>;
  installed?: boolean;
};

/** Where the bot may write later: every conversation it is installed in or spoken to from. */
export class ConversationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Upserts; the latest reference wins because Teams may move a conversation to a new service URL. */
  async save(c: ConversationToSave): Promise<string> {
    const row = await this.db
      .insertInto('conversations')
      .values({
        school_id: c.schoolId ?? null,
        teams_conversation_id: c.teamsConversationId,
        kind: c.kind,
        tenant_id: c.tenantId ?? null,
        team_id: c.teamId ?? null,
        channel_id: c.channelId ?? null,
        person_id: c.personId ?? null,
        service_url: c.serviceUrl,
        reference: JSON.stringify(c.reference),
        installed: c.installed ?? true,
      })
      .onConflict((oc) =>
        oc.column('teams_conversation_id').doUpdateSet((eb) => ({
          school_id: eb.fn.coalesce('excluded.school_id', 'conversations.school_id'),
          person_id: eb.fn.coalesce('excluded.person_id', 'conversations.person_id'),
          team_id: eb.fn.coalesce('excluded.team_id', 'conversations.team_id'),
          channel_id: eb.fn.coalesce('excluded.channel_id', 'conversations.channel_id'),
          tenant_id: eb.fn.coalesce('excluded.tenant_id', 'conversations.tenant_id'),
          service_url: eb.ref('excluded.service_url'),
          reference: eb.ref('excluded.reference'),
          installed: eb.ref('excluded.installed'),
          updated_at: sql`now()`,
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async markUninstalled(teamsConversationId: string): Promise<void> {
    await this.db
      .updateTable('conversations')
      .set({ installed: false, updated_at: sql`now()` })
      .where('teams_conversation_id', '=', teamsConversationId)
      .execute();
  }

  async personalChatOf(personId: string): Promise<SavedConversation | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('person_id', '=', personId)
      .where('kind', '=', 'personal')
      .where('installed', '=', true)
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row && toSaved(row);
  }

  async byTeamsId(teamsConversationId: string): Promise<SavedConversation | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('teams_conversation_id', '=', teamsConversationId)
      .executeTakeFirst();
    return row && toSaved(row);
  }

  async byId(id: string): Promise<SavedConversation | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSaved(row);
  }
}

function toSaved(row: {
  id: string;
  school_id: string | null;
  teams_conversation_id: string;
  kind: ConversationKind;
  person_id: string | null;
  team_id: string | null;
  reference: Record<string, unknown>;
}): SavedConversation {
  return {
    id: row.id,
    schoolId: row.school_id,
    teamsConversationId: row.teams_conversation_id,
    kind: row.kind,
    personId: row.person_id,
    teamId: row.team_id,
    reference: row.reference,
  };
}
