import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../src/domain/calendar/term-dates.js';
import {
  markReviewed,
  type Policy,
  PolicySchema,
  reviewReminderDue,
  reviewReminders,
  type Signature,
  type StaffMember,
  unsignedStaff,
} from '../../../src/domain/policies/policy.js';
import { playJob } from '../training/walk.js';

const socialMedia: Policy = PolicySchema.parse({
  id: 'social-media',
  title: 'Social media policy',
  kind: 'social-media',
  ownerId: 'head',
  approvedOn: '2026-09-30',
  version: 1,
  // 000 §10.1: reviewed on an annual basis by the headteacher.
  reviewCycleYears: 1,
  nextReviewOn: '2027-09-30',
  link: 'https://school.example/policies/social-media.pdf',
  signedBy: ['teacher', 'admin', 'dsl', 'deputy-dsl', 'headteacher', 'leadership'],
});

describe('the policy register', () => {
  it('rejects a review date before approval, a three-year cycle and a bad date', () => {
    expect(PolicySchema.safeParse({ ...socialMedia, nextReviewOn: '2026-09-01' }).success).toBe(false);
    expect(PolicySchema.safeParse({ ...socialMedia, reviewCycleYears: 3 }).success).toBe(false);
    expect(PolicySchema.safeParse({ ...socialMedia, approvedOn: '2026-02-30x' }).success).toBe(false);
  });
});

describe('review reminders', () => {
  it('reminds the owner 30 and 7 days before, weekly once the date passes, and stops when reviewed', () => {
    let policy = socialMedia;
    const sent = playJob('2026-09-30', '2028-10-31', (today: LocalDate) => {
      if (today === '2027-10-20') {
        policy = markReviewed({ policy, reviewedBy: 'head', reviewedOn: today, changed: true }).policy;
      }
      return reviewReminderDue(policy, today);
    });
    expect(sent.map((s) => `${s.on} ${s.reminder.ownerId} ${s.reminder.kind} ${s.reminder.week}`)).toEqual([
      '2027-08-31 head due-in-30-days 0',
      '2027-09-23 head due-in-7-days 0',
      '2027-10-01 head overdue 1',
      '2027-10-08 head overdue 2',
      '2027-10-15 head overdue 3',
      '2028-09-20 head due-in-30-days 0',
      '2028-10-13 head due-in-7-days 0',
      '2028-10-21 head overdue 1',
      '2028-10-28 head overdue 2',
    ]);
    expect(sent[2]!.reminder.key).toBe('policy-review/social-media/v1/2027-09-30/overdue/1');
  });

  it('lists at most one reminder a day', () => {
    expect(reviewReminders(socialMedia, '2027-01-01')).toEqual([]);
    expect(reviewReminders(socialMedia, '2027-09-30').map((r) => r.kind)).toEqual(['due-in-7-days']);
  });
});

describe('marking a policy reviewed', () => {
  it('makes a new version when the text changed, due again a cycle after the review', () => {
    const { policy, review } = markReviewed({
      policy: socialMedia,
      reviewedBy: 'head',
      reviewedOn: '2027-10-20',
      changed: true,
    });
    expect(policy).toMatchObject({ version: 2, approvedOn: '2027-10-20', nextReviewOn: '2028-10-20' });
    expect(review).toEqual({
      policyId: 'social-media',
      reviewedBy: 'head',
      reviewedOn: '2027-10-20',
      fromVersion: 1,
      toVersion: 2,
    });
    expect(PolicySchema.safeParse(policy).success).toBe(true);
  });

  it('keeps the version when nothing changed, and counts two years for a two-yearly policy (004 §15)', () => {
    const trust = { ...socialMedia, id: 'trust-social-media', reviewCycleYears: 2 as const };
    const { policy } = markReviewed({
      policy: trust,
      reviewedBy: 'head',
      reviewedOn: '2028-02-29',
      changed: false,
    });
    expect(policy).toMatchObject({ version: 1, nextReviewOn: '2030-02-28' });
  });
});

describe('read and sign', () => {
  const staff: (StaffMember & { name: string })[] = [
    { id: 'head', name: 'Hana', roles: ['headteacher'] },
    { id: 't1', name: 'Tom', roles: ['teacher'] },
    { id: 't2', name: 'Tia', roles: ['teacher', 'deputy-dsl'] },
    { id: 'office', name: 'Olu', roles: ['admin'] },
    { id: 'gov', name: 'Gil', roles: ['chair-of-governors'] },
    { id: 'pupil', name: 'Pip', roles: ['pupil'] },
  ];
  const sign = (personId: string, version: number, signedOn: LocalDate): Signature => ({
    personId,
    policyId: 'social-media',
    version,
    signedOn,
  });

  it('asks the roles the policy applies to, never pupils, and shrinks as staff sign', () => {
    const everyone = ['head', 't1', 't2', 'office'];
    const v1 = socialMedia;
    const signatures: Signature[] = [];
    expect(unsignedStaff(v1, staff, signatures).map((p) => p.id)).toEqual(everyone);
    for (const id of everyone) signatures.push(sign(id, 1, '2026-10-01'));
    expect(unsignedStaff(v1, staff, signatures)).toEqual([]);

    // Updated at review: version 2 needs every signature again; version 1's do not count.
    const v2 = markReviewed({
      policy: v1,
      reviewedBy: 'head',
      reviewedOn: '2027-10-20',
      changed: true,
    }).policy;
    const remaining = [everyone];
    for (const id of ['t1', 'office', 'head', 't2']) {
      signatures.push(sign(id, 2, '2027-10-21'));
      remaining.push(unsignedStaff(v2, staff, signatures).map((p) => p.id));
    }
    expect(remaining).toEqual([everyone, ['head', 't2', 'office'], ['head', 't2'], ['t2'], []]);
  });

  it('ignores signatures of another policy', () => {
    const other: Signature = {
      personId: 't1',
      policyId: 'acceptable-use',
      version: 1,
      signedOn: '2026-10-01',
    };
    expect(unsignedStaff(socialMedia, staff, [other]).map((p) => p.id)).toContain('t1');
  });
});
