import type { Kysely } from 'kysely';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { type Policy, type PolicyReview, PolicySchema, type Signature } from '../domain/policies/policy.js';
import { OutboxRepository } from './outbox-repository.js';
import type { Database } from './schema.js';
import type { OutboxEntry } from './training-repository.js';

export type ParentMeeting = {
  id: string;
  title: string;
  heldOn: LocalDate;
  organiserId: string | undefined;
  attendedCount: number | undefined;
};

/**
 * The policy register, each version staff sign, the reviews, the signed declarations (issue 6,
 * items 4-5) and parents' e-safety meetings (item 6).
 */
export class PolicyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds a policy and its first version, with what it causes (the requests to sign) in the same
   * transaction. Returns false, changing nothing, when the school already has a policy with this id.
   */
  async add(
    schoolId: string,
    policy: Policy,
    props: { by: string | undefined; at: Date; outbox?: readonly OutboxEntry[] },
  ): Promise<boolean> {
    const p = PolicySchema.parse(policy);
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('policies')
        .values({ school_id: schoolId, ...policyColumns(p), created_at: props.at, updated_at: props.at })
        .onConflict((oc) => oc.columns(['school_id', 'policy_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await insertVersion(trx, schoolId, p, props.by, props.at);
      const outbox = new OutboxRepository(trx);
      for (const m of props.outbox ?? []) await outbox.enqueue(m, trx);
      return true;
    });
  }

  async list(schoolId: string): Promise<Policy[]> {
    const rows = await this.db
      .selectFrom('policies')
      .selectAll()
      .where('school_id', '=', schoolId)
      .orderBy('next_review_on')
      .orderBy('policy_id')
      .execute();
    return rows.map(toPolicy);
  }

  async get(schoolId: string, policyId: string): Promise<Policy | undefined> {
    const row = await this.db
      .selectFrom('policies')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('policy_id', '=', policyId)
      .executeTakeFirst();
    return row && toPolicy(row);
  }

  /**
   * Records a review (domain/policies markReviewed gives the policy after it) and, for a new
   * version, the version row and the requests to sign, in one transaction. The policy row is only
   * moved on from the version it was read at, so two reviewers pressing at once make one review.
   * Returns false when someone else's review got there first.
   */
  async saveReview(
    schoolId: string,
    props: {
      updated: Policy;
      review: PolicyReview;
      at: Date;
      idempotencyKey: string;
      outbox?: readonly OutboxEntry[];
    },
  ): Promise<boolean> {
    const { updated, review } = props;
    return this.db
      .transaction()
      .execute(async (trx) => {
        const inserted = await trx
          .insertInto('policy_reviews')
          .values({
            school_id: schoolId,
            policy_id: review.policyId,
            reviewed_by: review.reviewedBy,
            reviewed_on: review.reviewedOn,
            from_version: review.fromVersion,
            to_version: review.toVersion,
            reviewed_at: props.at,
            idempotency_key: props.idempotencyKey,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        const moved = await trx
          .updateTable('policies')
          .set({
            version: updated.version,
            approved_on: updated.approvedOn,
            next_review_on: updated.nextReviewOn,
            link: updated.link,
            updated_at: props.at,
          })
          .where('school_id', '=', schoolId)
          .where('policy_id', '=', review.policyId)
          .where('version', '=', review.fromVersion)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) throw new ReviewRaceLost();
        if (review.toVersion !== review.fromVersion)
          await insertVersion(trx, schoolId, updated, review.reviewedBy, props.at);
        const outbox = new OutboxRepository(trx);
        for (const m of props.outbox ?? []) await outbox.enqueue(m, trx);
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof ReviewRaceLost) return false;
        throw error;
      });
  }

  async reviews(schoolId: string, policyId: string): Promise<(PolicyReview & { reviewedAt: Date })[]> {
    const rows = await this.db
      .selectFrom('policy_reviews')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('policy_id', '=', policyId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      policyId: r.policy_id,
      reviewedBy: r.reviewed_by,
      reviewedOn: r.reviewed_on,
      fromVersion: r.from_version,
      toVersion: r.to_version,
      reviewedAt: r.reviewed_at,
    }));
  }

  /** Keeps the signature once: a double press or a retried turn signs once. Returns whether this call signed. */
  async sign(schoolId: string, s: Signature, at: Date): Promise<boolean> {
    const result = await this.db
      .insertInto('policy_signatures')
      .values({
        school_id: schoolId,
        policy_id: s.policyId,
        version: s.version,
        person_id: s.personId,
        signed_on: s.signedOn,
        signed_at: at,
      })
      .onConflict((oc) => oc.columns(['school_id', 'policy_id', 'version', 'person_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async signatures(schoolId: string, policyId?: string): Promise<Signature[]> {
    let q = this.db.selectFrom('policy_signatures').selectAll().where('school_id', '=', schoolId);
    if (policyId) q = q.where('policy_id', '=', policyId);
    const rows = await q.orderBy('signed_at').execute();
    return rows.map((r) => ({
      personId: r.person_id,
      policyId: r.policy_id,
      version: r.version,
      signedOn: r.signed_on,
    }));
  }

  /**
   * Records a parents' meeting, planned (no attendance yet) or held. The same meeting recorded again
   * (a retried turn, or the organiser adding the attendance afterwards) is one row: its attendance
   * is updated. Returns what happened.
   */
  async saveParentMeeting(
    schoolId: string,
    m: Omit<ParentMeeting, 'id'> & { at: Date; idempotencyKey: string },
  ): Promise<'added' | 'updated' | 'unchanged'> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('parent_meetings')
        .select(['id', 'attended_count'])
        .where('idempotency_key', '=', m.idempotencyKey)
        .forUpdate()
        .executeTakeFirst();
      if (existing) {
        if (m.attendedCount === undefined || m.attendedCount === existing.attended_count) return 'unchanged';
        await trx
          .updateTable('parent_meetings')
          .set({ attended_count: m.attendedCount, recorded_at: m.at })
          .where('id', '=', existing.id)
          .execute();
        return 'updated';
      }
      await trx
        .insertInto('parent_meetings')
        .values({
          school_id: schoolId,
          title: m.title,
          held_on: m.heldOn,
          organiser_id: m.organiserId ?? null,
          attended_count: m.attendedCount ?? null,
          recorded_at: m.at,
          idempotency_key: m.idempotencyKey,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
      return 'added';
    });
  }

  async parentMeetings(schoolId: string, from: LocalDate, to: LocalDate): Promise<ParentMeeting[]> {
    const rows = await this.db
      .selectFrom('parent_meetings')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('held_on', '>=', from)
      .where('held_on', '<=', to)
      .orderBy('held_on')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      heldOn: r.held_on,
      organiserId: r.organiser_id ?? undefined,
      attendedCount: r.attended_count ?? undefined,
    }));
  }
}

class ReviewRaceLost extends Error {}

function policyColumns(p: Policy) {
  return {
    policy_id: p.id,
    title: p.title,
    kind: p.kind,
    owner_id: p.ownerId,
    approved_on: p.approvedOn,
    version: p.version,
    review_cycle_years: p.reviewCycleYears,
    next_review_on: p.nextReviewOn,
    link: p.link,
    signed_by: JSON.stringify(p.signedBy),
  };
}

async function insertVersion(
  db: Kysely<Database>,
  schoolId: string,
  p: Policy,
  by: string | undefined,
  at: Date,
): Promise<void> {
  await db
    .insertInto('policy_versions')
    .values({
      school_id: schoolId,
      policy_id: p.id,
      version: p.version,
      approved_on: p.approvedOn,
      link: p.link,
      created_by: by ?? null,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['school_id', 'policy_id', 'version']).doNothing())
    .execute();
}

function toPolicy(r: {
  policy_id: string;
  title: string;
  kind: string;
  owner_id: string;
  approved_on: string;
  version: number;
  review_cycle_years: number;
  next_review_on: string;
  link: string;
  signed_by: string[];
}): Policy {
  return PolicySchema.parse({
    id: r.policy_id,
    title: r.title,
    kind: r.kind,
    ownerId: r.owner_id,
    approvedOn: r.approved_on,
    version: r.version,
    reviewCycleYears: r.review_cycle_years,
    nextReviewOn: r.next_review_on,
    link: r.link,
    signedBy: r.signed_by,
  });
}
