import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReviewed, type Policy } from '../../src/domain/policies/policy.js';
import type { Store } from '../../src/store/database.js';
import { DirectoryRepository } from '../../src/store/directory-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { PolicyRepository } from '../../src/store/policy-repository.js';
import { STORE_TARGETS } from '../support/stores.js';

const AT = new Date('2026-11-23T10:00:00Z');

describe.each(STORE_TARGETS)('the policy register on $name', (target) => {
  let store: Store;
  let policies: PolicyRepository;
  let schoolId: string;
  let headId: string;
  let teacherId: string;
  let policy: Policy;

  beforeAll(async () => {
    store = await target.open();
    const directory = new DirectoryRepository(store.db);
    policies = new PolicyRepository(store.db);
    schoolId = await directory.createSchool({ name: 'Policy School' });
    headId = await directory.upsertPerson(schoolId, { displayName: 'Hana Head', roles: ['headteacher'] });
    teacherId = await directory.upsertPerson(schoolId, { displayName: 'Tom Teacher', roles: ['teacher'] });
    policy = {
      id: 'social-media',
      title: 'Social media policy',
      kind: 'social-media',
      ownerId: headId,
      approvedOn: '2025-11-21',
      version: 1,
      reviewCycleYears: 1,
      nextReviewOn: '2026-11-21',
      link: 'https://example.org/policies/social-media-v1.pdf',
      signedBy: ['teacher', 'headteacher'],
    };
  });
  afterAll(async () => {
    await store.close();
  });

  it('adds a policy with its first version once, and its requests in the same transaction', async () => {
    const outbox = new OutboxRepository(store.db);
    const ask = { idempotencyKey: 'sign-1', personId: teacherId, schoolId, message: { text: 'x' } };
    expect(await policies.add(schoolId, policy, { by: headId, at: AT, outbox: [ask] })).toBe(true);
    expect(
      await policies.add(schoolId, policy, {
        by: headId,
        at: AT,
        outbox: [{ ...ask, idempotencyKey: 'sign-2' }],
      }),
    ).toBe(false);
    expect((await outbox.counts()).pending).toBe(1);
    expect(await policies.get(schoolId, 'social-media')).toEqual(policy);
    expect(await policies.list(schoolId)).toEqual([policy]);
  });

  it('keeps each signature once, per version', async () => {
    const s = { personId: teacherId, policyId: 'social-media', version: 1, signedOn: '2026-11-23' };
    expect(await policies.sign(schoolId, s, AT)).toBe(true);
    expect(await policies.sign(schoolId, s, AT)).toBe(false);
    await expect(policies.sign(schoolId, { ...s, version: 2 }, AT)).rejects.toThrow();
    expect(await policies.signatures(schoolId)).toEqual([s]);
  });

  it('records a review with a new version once; a second reviewer of the same version changes nothing', async () => {
    const { policy: updated, review } = markReviewed({
      policy,
      reviewedBy: headId,
      reviewedOn: '2026-11-25',
      changed: true,
    });
    const next = { ...updated, link: 'https://example.org/policies/social-media-v2.pdf' };
    expect(
      await policies.saveReview(schoolId, { updated: next, review, at: AT, idempotencyKey: 'review-a' }),
    ).toBe(true);
    expect(
      await policies.saveReview(schoolId, { updated: next, review, at: AT, idempotencyKey: 'review-b' }),
    ).toBe(false);
    expect(
      await policies.saveReview(schoolId, { updated: next, review, at: AT, idempotencyKey: 'review-a' }),
    ).toBe(false);
    expect(await policies.get(schoolId, 'social-media')).toMatchObject({
      version: 2,
      approvedOn: '2026-11-25',
      nextReviewOn: '2027-11-25',
      link: next.link,
    });
    expect(await policies.reviews(schoolId, 'social-media')).toMatchObject([
      { reviewedBy: headId, reviewedOn: '2026-11-25', fromVersion: 1, toVersion: 2 },
    ]);
    expect(
      await policies.sign(
        schoolId,
        { personId: teacherId, policyId: 'social-media', version: 2, signedOn: '2026-11-26' },
        AT,
      ),
    ).toBe(true);
  });

  it('refuses to change a signature, a version or a review', async () => {
    await expect(sql`DELETE FROM policy_signatures`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE policy_versions SET link = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM policy_reviews`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('records parents’ meetings once (planned, then with attendance) and finds them by date', async () => {
    const m = {
      title: 'E-safety evening',
      heldOn: '2027-02-10',
      organiserId: headId,
      attendedCount: 23,
      at: AT,
      idempotencyKey: 'pm-1',
    };
    expect(await policies.saveParentMeeting(schoolId, { ...m, attendedCount: undefined })).toBe('added');
    expect(await policies.saveParentMeeting(schoolId, { ...m, attendedCount: undefined })).toBe('unchanged');
    expect(await policies.saveParentMeeting(schoolId, m)).toBe('updated');
    expect(await policies.saveParentMeeting(schoolId, m)).toBe('unchanged');
    expect(await policies.parentMeetings(schoolId, '2026-09-01', '2027-08-31')).toMatchObject([
      { title: 'E-safety evening', heldOn: '2027-02-10', attendedCount: 23 },
    ]);
    expect(await policies.parentMeetings(schoolId, '2027-09-01', '2028-08-31')).toEqual([]);
  });
});
