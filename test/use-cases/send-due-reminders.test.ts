import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../src/domain/training/catalogue.js';
import { ConversationRepository } from '../../src/store/conversation-repository.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { PolicyRepository } from '../../src/store/policy-repository.js';
import { TrainingRepository } from '../../src/store/training-repository.js';
import { sendDueReminders } from '../../src/use-cases/send-due-reminders.js';
import { STORE_TARGETS } from '../support/stores.js';

const AT = new Date('2026-11-23T08:00:00Z');

describe.each(STORE_TARGETS)('the daily reminders on $name', (target) => {
  let store: Store;
  let schoolId: string;
  let headId: string;
  let ownerId: string;
  let deps: {
    training: TrainingRepository;
    policies: PolicyRepository;
    directory: DirectoryRepository;
    outbox: OutboxRepository;
  };

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    deps = {
      directory,
      training: new TrainingRepository(store.db),
      policies: new PolicyRepository(store.db),
      outbox: new OutboxRepository(store.db),
    };
    schoolId = await directory.createSchool({ name: 'Reminder School' });
    headId = await directory.upsertPerson(schoolId, {
      displayName: 'Hana Head',
      roles: ['headteacher'],
      startsOn: '2020-09-01',
    });
    ownerId = await directory.upsertPerson(schoolId, {
      displayName: 'Owen Owner',
      roles: ['leadership'],
      startsOn: '2020-09-01',
    });
    await deps.training.ensureCatalogue(schoolId, DEFAULT_CATALOGUE);
    await deps.policies.add(
      schoolId,
      {
        id: 'online-safety',
        title: 'Online safety policy',
        kind: 'online-safety',
        ownerId,
        approvedOn: '2024-11-26',
        version: 1,
        reviewCycleYears: 2,
        nextReviewOn: '2026-11-26',
        link: 'https://example.org/online-safety.pdf',
        signedBy: ['teacher'],
      },
      { by: headId, at: AT },
    );
    const conversations = new ConversationRepository(store.db);
    for (const [personId, id] of [
      [headId, 'a:head'],
      [ownerId, 'a:owner'],
    ] as const)
      await conversations.save({
        schoolId,
        teamsConversationId: id,
        kind: 'personal',
        tenantId: undefined,
        teamId: undefined,
        channelId: undefined,
        personId,
        serviceUrl: 'https://smba.example/',
        reference: {},
      });
  });
  afterAll(async () => {
    await store.close();
  });

  const keysFor = async (personId: string) =>
    (
      await sql<{
        idempotency_key: string;
      }>`SELECT idempotency_key FROM outbox WHERE person_id = ${personId} ORDER BY id`.execute(store.db)
    ).rows.map((r) => r.idempotency_key);

  it("reminds the policy's owner once however often it runs", async () => {
    const first = await sendDueReminders({ ...deps, schoolId, today: '2026-11-23' });
    expect(first.policyReviews).toBe(1);
    expect((await sendDueReminders({ ...deps, schoolId, today: '2026-11-23' })).policyReviews).toBe(0);
    expect((await keysFor(ownerId)).filter((k) => k.startsWith('policy-review/'))).toEqual([
      'policy-review/online-safety/v1/2026-11-26/due-in-7-days/0',
    ]);
  });

  it('reminds the headteacher instead once the owner has left', async () => {
    await sql`UPDATE people SET left_on = '2026-11-24' WHERE id = ${ownerId}`.execute(store.db);
    const queued = await sendDueReminders({ ...deps, schoolId, today: '2026-11-27' });
    expect(queued.policyReviews).toBe(1);
    expect((await keysFor(headId)).filter((k) => k.startsWith('policy-review/'))).toEqual([
      `policy-review/online-safety/v1/2026-11-26/overdue/1/${headId}`,
    ]);
    expect(
      (await keysFor(ownerId)).filter((k) => k.startsWith('policy-review/') && k.includes('overdue')),
    ).toEqual([]);
  });

  it('queues nothing for someone with no personal chat yet: the open window reaches them after their first message', async () => {
    const newId = await deps.directory.upsertPerson(schoolId, {
      displayName: 'Nia New',
      roles: ['teacher'],
      startsOn: '2026-11-02',
    });
    await sendDueReminders({ ...deps, schoolId, today: '2026-11-27' });
    expect(await keysFor(newId)).toEqual([]);
    await new ConversationRepository(store.db).save({
      schoolId,
      teamsConversationId: 'a:nia',
      kind: 'personal',
      tenantId: undefined,
      teamId: undefined,
      channelId: undefined,
      personId: newId,
      serviceUrl: 'https://smba.example/',
      reference: {},
    });
    const queued = await sendDueReminders({ ...deps, schoolId, today: '2026-11-28' });
    // Four courses a teacher needs, each due 28 days after 2 November: one reminder each.
    expect(queued.training).toBe(4);
    expect((await keysFor(newId)).every((k) => k.includes('/2026-11-30/due-in-7-days/0'))).toBe(true);
  });
});
