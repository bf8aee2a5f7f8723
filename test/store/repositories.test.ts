import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLAND_DEFAULT_CALENDAR } from '../../src/domain/calendar/england-default.js';
import { ConversationRepository } from '../../src/store/conversation-repository.js';
import { migrateToLatest, type Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

describe.each(STORE_TARGETS)('repositories on $name', (target) => {
  let store: Store;
  let directory: DirectoryRepository;
  let conversations: ConversationRepository;
  let outbox: OutboxRepository;
  let schoolId: string;

  beforeAll(async () => {
    store = await target.open();
    directory = new DirectoryRepository(store.db);
    conversations = new ConversationRepository(store.db);
    outbox = new OutboxRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Test School', tenantId: 'tenant-1' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('migrations are already applied and running them again changes nothing', async () => {
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('stores a person with roles and classes and finds them by Entra id, with their age band', async () => {
    const classId = await directory.upsertClass(schoolId, {
      name: 'Year 8 Blue',
      yearGroup: 8,
      teamsTeamId: 'team-8',
    });
    const personId = await directory.upsertPerson(schoolId, {
      displayName: 'Jo Bloggs',
      givenName: 'Jo',
      email: 'Jo.Bloggs@school.example',
      aadObjectId: 'aad-jo',
      roles: ['pupil'],
    });
    await directory.addToClass(schoolId, classId, personId, 'pupil');
    const jo = await directory.findPersonByAadObjectId('aad-jo');
    expect(jo).toMatchObject({
      id: personId,
      schoolId,
      schoolName: 'Test School',
      roles: ['pupil'],
      classes: [{ name: 'Year 8 Blue', yearGroup: 8, ageBand: '11-14', membership: 'pupil' }],
    });
    expect(await directory.classForTeam('team-8')).toEqual({ id: classId, schoolId, name: 'Year 8 Blue' });
    expect(await directory.schoolForTenant('tenant-1')).toMatchObject({ id: schoolId });
  });

  it('updates a person found by email (case-insensitively) instead of adding them twice, replacing roles', async () => {
    const first = await directory.upsertPerson(schoolId, {
      displayName: 'Sam Teach',
      email: 'sam@school.example',
      roles: ['teacher'],
    });
    const again = await directory.upsertPerson(schoolId, {
      displayName: 'Sam Teach',
      email: 'SAM@school.example',
      aadObjectId: 'aad-sam',
      roles: ['teacher', 'dsl'],
    });
    expect(again).toBe(first);
    const sam = await directory.findPersonByAadObjectId('aad-sam');
    expect(sam?.roles.sort()).toEqual(['dsl', 'teacher']);
    expect((await directory.peopleWithRole(schoolId, 'dsl')).map((p) => p.id)).toEqual([first]);
  });

  it('keeps a person in one school apart from the same Entra id in another school', async () => {
    const other = await directory.createSchool({ name: 'Other School' });
    await directory.upsertPerson(other, {
      displayName: 'Jo Elsewhere',
      aadObjectId: 'aad-jo',
      roles: ['teacher'],
    });
    expect((await directory.findPersonByAadObjectId('aad-jo', schoolId))?.displayName).toBe('Jo Bloggs');
    expect((await directory.findPersonByAadObjectId('aad-jo', other))?.displayName).toBe('Jo Elsewhere');
  });

  it('round-trips the term calendar with dates as calendar days', async () => {
    await directory.replaceCalendar(schoolId, ENGLAND_DEFAULT_CALENDAR);
    const calendar = await directory.calendar(schoolId);
    expect(calendar.halfTerms).toEqual(ENGLAND_DEFAULT_CALENDAR.halfTerms);
    expect(calendar.closures).toEqual(ENGLAND_DEFAULT_CALENDAR.closures);
  });

  it('saves a conversation once per Teams id and keeps the latest reference', async () => {
    const base = {
      schoolId,
      teamsConversationId: 'a:conv',
      kind: 'personal' as const,
      tenantId: 'tenant-1',
      teamId: undefined,
      channelId: undefined,
      personId: undefined,
      serviceUrl: 'https://smba.example/one/',
      reference: { serviceUrl: 'https://smba.example/one/' },
    };
    const id1 = await conversations.save(base);
    const id2 = await conversations.save({
      ...base,
      serviceUrl: 'https://smba.example/two/',
      reference: { serviceUrl: 'two' },
    });
    expect(id2).toBe(id1);
    expect((await conversations.byId(id1))?.reference).toEqual({ serviceUrl: 'two' });
    await conversations.markUninstalled('a:conv');
  });

  it('queues a message once per idempotency key and lets two senders claim disjoint rows, safeguarding first', async () => {
    const conversationId = await conversations.save({
      schoolId,
      teamsConversationId: 'a:outbox',
      kind: 'personal',
      tenantId: undefined,
      teamId: undefined,
      channelId: undefined,
      personId: undefined,
      serviceUrl: 'https://smba.example/',
      reference: {},
    });
    for (let i = 0; i < 10; i++) {
      expect(
        await outbox.enqueue({
          idempotencyKey: `m${i}`,
          conversationId,
          schoolId,
          message: { text: `m${i}` },
        }),
      ).toBe(true);
    }
    expect(
      await outbox.enqueue({ idempotencyKey: 'm0', conversationId, schoolId, message: { text: 'again' } }),
    ).toBe(false);
    await outbox.enqueue({
      idempotencyKey: 'urgent',
      conversationId,
      schoolId,
      message: { text: 'u' },
      priority: 0,
    });

    const now = new Date();
    const [a, b] = await Promise.all([outbox.claimDue(now, 6, 60_000), outbox.claimDue(now, 6, 60_000)]);
    const ids = [...a, ...b].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(11);
    const first = [a[0]!, b[0]!].map((i) => (i.message as { text: string }).text);
    expect(first).toContain('u');

    // A claim that runs out (its sender died) makes the row due again; a sent row never is.
    await outbox.markSent(a[0]!.id, 'act-1', now);
    const later = new Date(now.getTime() + 61_000);
    const reclaimed = await outbox.claimDue(later, 50, 60_000);
    expect(reclaimed).toHaveLength(10);
    expect(reclaimed.every((r) => r.attempts === 2)).toBe(true);
    expect(await outbox.counts()).toMatchObject({ sent: 1, sending: 10 });
  });

  it('leaves a tenant another sender holds to it, until its lease runs out or is given up', async () => {
    const conversationId = await conversations.save({
      schoolId,
      teamsConversationId: '19:leased@thread.tacv2',
      kind: 'channel',
      tenantId: 'tenant-9',
      teamId: undefined,
      channelId: undefined,
      personId: undefined,
      serviceUrl: 'https://smba.example/',
      reference: {},
    });
    await outbox.enqueue({ idempotencyKey: 'leased-1', conversationId, schoolId, message: { text: 'x' } });
    const now = new Date('2030-01-01T10:00:00Z');
    const until = new Date(now.getTime() + 20_000);

    const a = await outbox.leaseTenants('sender-a', ['tenant-9', 'tenant-9'], now, until);
    expect([...a.keys()]).toEqual(['tenant-9']);
    expect(a.get('tenant-9')?.otherHolderUntil).toBeUndefined();
    // Another sender can neither take the lease nor claim the tenant's messages meanwhile.
    expect((await outbox.leaseTenants('sender-b', ['tenant-9'], now, until)).size).toBe(0);
    const claimedByB = await outbox.claimDue(now, 50, 60_000, 'sender-b');
    expect(claimedByB.filter((item) => item.tenantKey === 'tenant-9')).toEqual([]);

    // A gives it up: B takes it at once, and learns when A last held it.
    const stoppedAt = new Date(now.getTime() + 5_000);
    await outbox.releaseTenants('sender-a', stoppedAt);
    const b = await outbox.leaseTenants('sender-b', ['tenant-9'], stoppedAt, until);
    expect(b.get('tenant-9')?.otherHolderUntil).toEqual(stoppedAt);
    const mine = await outbox.claimDue(stoppedAt, 50, 60_000, 'sender-b');
    expect(mine.filter((item) => item.tenantKey === 'tenant-9').map((item) => item.message)).toEqual([
      { text: 'x' },
    ]);
    // And a lease nobody renews runs out by itself.
    const later = new Date(until.getTime() + 1);
    expect(
      (await outbox.leaseTenants('sender-a', ['tenant-9'], later, new Date(later.getTime() + 20_000))).size,
    ).toBe(1);
  });
});
