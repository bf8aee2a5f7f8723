import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { SCHOOL_TIME_ZONE } from '../domain/calendar/school-time.js';
import { badInput, DomainError, notFound } from '../domain/errors.js';
import {
  type ConcernsStaff,
  ENTRY_KINDS_NEEDING_TEXT,
  type EntryKind,
  escalationJobKeyPrefix,
  formatReference,
  type Priority,
  PUPIL_VISIBLE_ENTRY_KINDS,
  priorityFor,
  type ReportAbout,
  type ReportCategory,
  type ReportOutcome,
  type ReportStatus,
  type RoutedTo,
  WRITTEN_ENTRY_KINDS,
  type WrittenEntryKind,
} from '../domain/reports/report.js';
import { JobRepository, type NewJob } from './job-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import type { ReportCrypto } from './report-crypto.js';
import type { Database, ReportsTable } from './schema.js';

/** A message to queue with the change that caused it (see OutboxRepository.enqueue). */
export type OutboxEntry = Parameters<OutboxRepository['enqueue']>[0];

/**
 * What commits with a change, or not at all: notifications through the outbox (issue 5 §14: a crash
 * between commit and notification still notifies), timers, and timers made moot.
 */
export type ReportEffects = {
  outbox?: readonly OutboxEntry[];
  jobs?: readonly NewJob[];
  cancelJobKeyPrefixes?: readonly string[];
};

/**
 * A report without its content: enough to decide access (domain/access.ts), to notify, and to
 * list. `reporterPersonId` is for access checks only; a view must not show who reported when the
 * name is withheld (use `view`, which masks it).
 */
export type ReportFacts = {
  id: string;
  schoolId: string;
  reference: string;
  reporterPersonId: string;
  category: ReportCategory;
  about: ReportAbout;
  concernsStaff: ConcernsStaff;
  namedStaffPersonId: string | null;
  routedTo: RoutedTo;
  dangerNow: boolean;
  priority: Priority;
  status: ReportStatus;
  nameWithheld: boolean;
  assignedTo: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  outcome: ReportOutcome | null;
  createdAt: Date;
  /** Who an unread report was escalated to (the headteacher, the chair); they may then act on it. */
  escalatedTo: RoutedTo | null;
  /** An urgent alert raised the moment a pupil said they were in danger; their details follow. */
  detailsPending: boolean;
};

export type EntryAuthor =
  | { kind: 'person'; personId: string; displayName: string }
  /** The pupil who asked for their name to be kept back, to someone it has not been revealed to. */
  | { kind: 'pupil-name-withheld' }
  /** The bot itself (an escalation). */
  | { kind: 'bot' };

export type ChronologyEntry = {
  id: string;
  kind: EntryKind;
  body: string | null;
  author: EntryAuthor;
  at: Date;
};

export type ReportDetails = {
  facts: Omit<ReportFacts, 'reporterPersonId'>;
  where: string;
  when: string;
  what: string;
  reporter: EntryAuthor;
  chronology: ChronologyEntry[];
};

export type NewReport = {
  schoolId: string;
  reporterPersonId: string;
  /** From the Teams activity: the same delivery twice makes one report (issue 5 §14). */
  idempotencyKey: string;
  at: Date;
  category: ReportCategory;
  about: ReportAbout;
  concernsStaff: ConcernsStaff;
  namedStaffPersonId?: string | null;
  routedTo: RoutedTo;
  where: string;
  when: string;
  what: string;
  dangerNow: boolean;
  nameWithheld: boolean;
  /** An alert raised before the pupil wrote anything (see `completeDetails`). */
  detailsPending?: boolean;
  /** Built from the new report (its id and reference), committed with it; not called for a duplicate. */
  effects?: (report: ReportFacts) => ReportEffects;
};

/** Audit actions. Details are codes and ids: the log is read by people who must not read reports. */
export type AuditAction =
  | 'report.created'
  | 'report.viewed'
  | 'report.messages-viewed'
  | 'report.acknowledged'
  | 'report.entry-added'
  | 'report.assigned'
  | 'report.priority-changed'
  | 'report.closed'
  | 'report.reopened'
  | 'report.rerouted'
  | 'report.identity-revealed'
  | 'report.details-added'
  | 'report.exported'
  | 'report.escalated'
  | 'report.access-refused';
export type AuditDetail = Record<string, string | number | boolean | null>;

export type AuditRecord = {
  id: string;
  schoolId: string;
  actorPersonId: string | null;
  action: string;
  reportId: string | null;
  detail: AuditDetail;
  at: Date;
};

export type ExportFormat = 'pdf' | 'html' | 'csv';

type Db = Kysely<Database>;
type ReportRow = Selectable<ReportsTable>;

/** Thrown inside the create transaction to roll it back when a concurrent delivery won the race. */
class DuplicateDelivery extends Error {}

const conflict = () => new DomainError('conflict', 'error.badInput');

function toFacts(r: ReportRow): ReportFacts {
  return {
    id: r.id,
    schoolId: r.school_id,
    reference: r.reference,
    reporterPersonId: r.reporter_person_id,
    category: r.category,
    about: r.about,
    concernsStaff: r.concerns_staff,
    namedStaffPersonId: r.named_staff_person_id,
    routedTo: r.routed_to,
    dangerNow: r.danger_now,
    priority: r.priority,
    status: r.status,
    nameWithheld: r.name_withheld,
    assignedTo: r.assigned_to,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    outcome: r.outcome,
    createdAt: r.created_at,
    escalatedTo: r.escalated_to ?? null,
    detailsPending: r.details_pending,
  };
}

/** Additional authenticated data: a sealed text only opens in the place it was written for. */
const reportTextContext = (reportId: string, field: 'where' | 'when' | 'what') =>
  `report:${reportId}:${field}`;
const entryContext = (reportId: string) => `report-entry:${reportId}`;

/**
 * Reports, their chronology and their audit trail (issue 5). Every query is scoped by school. The
 * repository does not decide access (use-cases call `can` from domain/access.ts first), but every
 * read of content writes an audit row in the same transaction, and every change writes a
 * chronology entry and an audit row with it: there is no way through this class to read a
 * pupil's words, or change a report, without leaving a trace (issue 5 §12).
 */
type AuditedReadProps = { schoolId: string; reportId: string; viewerPersonId: string; at: Date };

export class ReportRepository {
  private readonly outbox: OutboxRepository;
  private readonly jobs: JobRepository;

  constructor(
    private readonly db: Db,
    private readonly crypto: ReportCrypto,
  ) {
    this.outbox = new OutboxRepository(db);
    this.jobs = new JobRepository(db);
  }

  /**
   * Makes a report, its first chronology entry, its audit row and its effects (the DSLs'
   * notifications, the escalation timers) in one transaction. A delivery seen before returns the
   * report it made, with `created: false`, and changes nothing.
   */
  async create(props: NewReport): Promise<{ report: ReportFacts; created: boolean }> {
    const seen = await this.byIdempotencyKey(props.schoolId, props.idempotencyKey);
    if (seen) return { report: seen, created: false };
    try {
      return await this.db.transaction().execute(async (trx) => {
        // The counter row's lock orders concurrent reports in a school; a rolled-back one leaves no gap.
        const { last_number: number } = await trx
          .insertInto('report_counters')
          .values({ school_id: props.schoolId, last_number: 1 })
          .onConflict((oc) =>
            oc
              .column('school_id')
              .doUpdateSet((eb) => ({ last_number: eb('report_counters.last_number', '+', 1) })),
          )
          .returning('last_number')
          .executeTakeFirstOrThrow();
        const id = randomUUID();
        const sealed = {
          where: this.crypto.encrypt(props.where, reportTextContext(id, 'where')),
          when: this.crypto.encrypt(props.when, reportTextContext(id, 'when')),
          what: this.crypto.encrypt(props.what, reportTextContext(id, 'what')),
        };
        const row = await trx
          .insertInto('reports')
          .values({
            id,
            school_id: props.schoolId,
            number,
            reference: formatReference(number),
            reporter_person_id: props.reporterPersonId,
            category: props.category,
            about: props.about,
            concerns_staff: props.concernsStaff,
            named_staff_person_id: props.namedStaffPersonId ?? null,
            routed_to: props.routedTo,
            // One key seals all three texts of a row.
            key_id: sealed.what.keyId,
            where_text_enc: sealed.where.ciphertext,
            when_text_enc: sealed.when.ciphertext,
            what_text_enc: sealed.what.ciphertext,
            danger_now: props.dangerNow,
            priority: priorityFor(props),
            name_withheld: props.nameWithheld,
            details_pending: props.detailsPending ?? false,
            assigned_to: null,
            acknowledged_at: null,
            acknowledged_by: null,
            closed_at: null,
            closed_by: null,
            outcome: null,
            idempotency_key: props.idempotencyKey,
            created_at: props.at,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new DuplicateDelivery();
        const report = toFacts(row);
        await this.insertEntry(trx, report, {
          kind: 'reported',
          authorPersonId: props.reporterPersonId,
          body: null,
          at: props.at,
        });
        await this.insertAudit(trx, {
          schoolId: props.schoolId,
          actorPersonId: props.reporterPersonId,
          action: 'report.created',
          reportId: id,
          detail: { reference: report.reference, priority: report.priority, routedTo: report.routedTo },
          at: props.at,
        });
        await this.apply(trx, props.effects?.(report), props.at);
        return { report, created: true };
      });
    } catch (error) {
      if (!(error instanceof DuplicateDelivery)) throw error;
      const winner = await this.byIdempotencyKey(props.schoolId, props.idempotencyKey);
      if (!winner) throw conflict();
      return { report: winner, created: false };
    }
  }

  /** The report's facts, no content: for access checks, notifications and lists. Not audited. */
  async facts(schoolId: string, reportId: string): Promise<ReportFacts | undefined> {
    const row = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('id', '=', reportId)
      .executeTakeFirst();
    return row && toFacts(row);
  }

  async factsByReference(schoolId: string, reference: string): Promise<ReportFacts | undefined> {
    const row = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row && toFacts(row);
  }

  /** The case: details and chronology, decrypted. Writes `report.viewed` in the same transaction. */
  async view(props: AuditedReadProps): Promise<ReportDetails | undefined> {
    return this.auditedRead(props, 'case', (trx, row) => this.details(trx, row, props.viewerPersonId));
  }

  /** The chronology alone, decrypted. Writes `report.viewed` in the same transaction. */
  async chronology(props: AuditedReadProps): Promise<ChronologyEntry[] | undefined> {
    return this.auditedRead(props, 'chronology', async (trx, row) =>
      this.entries(trx, row, await this.revealedTo(trx, row, props.viewerPersonId)),
    );
  }

  /** Every read of a report's content goes through here, so none can skip its audit row. */
  private auditedRead<T>(
    props: AuditedReadProps,
    part: 'case' | 'chronology',
    read: (trx: Kysely<Database>, row: ReportRow) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, props.schoolId, props.reportId);
      if (!row) return undefined;
      await this.insertAudit(trx, {
        schoolId: props.schoolId,
        actorPersonId: props.viewerPersonId,
        action: 'report.viewed',
        reportId: row.id,
        detail: { part },
        at: props.at,
      });
      return read(trx, row);
    });
  }

  /**
   * The two-way messages of a pupil's own report, for that pupil (issue 5 §5); undefined for anyone
   * else's report. Audited like any read.
   */
  async pupilMessages(props: {
    schoolId: string;
    reportId: string;
    pupilPersonId: string;
    at: Date;
  }): Promise<{ kind: EntryKind; body: string; at: Date }[] | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, props.schoolId, props.reportId);
      if (!row || row.reporter_person_id !== props.pupilPersonId) return undefined;
      await this.insertAudit(trx, {
        schoolId: props.schoolId,
        actorPersonId: props.pupilPersonId,
        action: 'report.messages-viewed',
        reportId: row.id,
        detail: {},
        at: props.at,
      });
      const rows = await trx
        .selectFrom('report_entries')
        .select(['kind', 'body_enc', 'key_id', 'created_at'])
        .where('school_id', '=', props.schoolId)
        .where('report_id', '=', row.id)
        .where('kind', 'in', [...PUPIL_VISIBLE_ENTRY_KINDS])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((e) => ({
        kind: e.kind,
        body: this.openEntry(row.id, e.body_enc, e.key_id) ?? '',
        at: e.created_at,
      }));
    });
  }

  /** A pupil's own reports, status only (issue 5 §5): no content, so not audited. */
  async listForReporter(
    schoolId: string,
    reporterPersonId: string,
  ): Promise<{ id: string; reference: string; status: ReportStatus; createdAt: Date }[]> {
    const rows = await this.db
      .selectFrom('reports')
      .select(['id', 'reference', 'status', 'created_at'])
      .where('school_id', '=', schoolId)
      .where('reporter_person_id', '=', reporterPersonId)
      .orderBy('created_at', 'desc')
      .orderBy('number', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, createdAt: r.created_at }));
  }

  /**
   * How many reports were made in each category and school month (Europe/London) from `from` up to
   * (not including) `to`, for the leadership view (issue 6 §9). It selects the category and the
   * time only: no report text is read or decrypted and no person is named, so, like `facts`, it
   * writes no audit row. The caller applies the small-number rule before anyone sees a count.
   */
  async countsByCategoryAndMonth(
    schoolId: string,
    from: Date,
    to: Date,
  ): Promise<{ category: ReportCategory; month: string; count: number }[]> {
    const month = sql<string>`to_char(created_at AT TIME ZONE ${sql.lit(SCHOOL_TIME_ZONE)}, 'YYYY-MM')`;
    const rows = await this.db
      .selectFrom('reports')
      .select((eb) => ['category', month.as('month'), eb.fn.countAll<string>().as('count')])
      .where('school_id', '=', schoolId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy(['category', month])
      .orderBy('month')
      .orderBy('category')
      .execute();
    return rows.map((r) => ({ category: r.category, month: r.month, count: Number(r.count) }));
  }

  /** Reports not yet closed, urgent first then oldest first. Filter each with `can(actor, 'view', facts)`. */
  async listOpen(schoolId: string): Promise<ReportFacts[]> {
    const rows = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('status', '<>', 'closed')
      .execute();
    return rows
      .map(toFacts)
      .sort(
        (a, b) =>
          Number(b.priority === 'urgent') - Number(a.priority === 'urgent') ||
          a.createdAt.getTime() - b.createdAt.getTime(),
      );
  }

  /**
   * Other reports made by the same pupil (issue 5 §7), as facts, for those `canSee` allows.
   * A withheld name stays withheld: nothing is linked from a report whose reporter the viewer has
   * not revealed, and no report whose reporter is withheld from them is listed, since either link
   * would tell them who it was.
   */
  async otherReportsFromSamePupil(props: {
    schoolId: string;
    reportId: string;
    viewerPersonId: string;
    canSee: (report: ReportFacts) => boolean;
  }): Promise<ReportFacts[]> {
    const row = await this.row(this.db, props.schoolId, props.reportId);
    if (!row) return [];
    if (!(await this.revealedTo(this.db, row, props.viewerPersonId))) return [];
    const others = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', props.schoolId)
      .where('reporter_person_id', '=', row.reporter_person_id)
      .where('id', '<>', row.id)
      .orderBy('created_at', 'desc')
      .execute();
    const visible: ReportFacts[] = [];
    for (const other of others) {
      const facts = toFacts(other);
      if (!props.canSee(facts)) continue;
      if (!(await this.revealedTo(this.db, other, props.viewerPersonId))) continue;
      visible.push(facts);
    }
    return visible;
  }

  /**
   * Marks the report read: the pupil's status becomes "a trusted adult has read it" and its
   * escalation timers are cancelled, in one transaction. False if it was already acknowledged.
   */
  async acknowledge(props: ChangeProps): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.status !== 'sent') return false;
      await trx
        .updateTable('reports')
        .set({ status: 'acknowledged', acknowledged_at: props.at, acknowledged_by: props.actorPersonId })
        .where('id', '=', row.id)
        .execute();
      await this.jobs.cancelByKeyPrefix(escalationJobKeyPrefix(row.id), props.at, trx);
      await this.record(trx, row, props, 'acknowledged', null, 'report.acknowledged', {});
      return true;
    });
  }

  /**
   * A written entry: an action taken (spoke to pupil, referred to police...), a note, or a message
   * between the pupil and the team. Messages to the pupil go out through `effects.outbox`.
   */
  async addEntry(
    props: ChangeProps & {
      kind: WrittenEntryKind;
      body?: string | null;
      /**
       * The same card press delivered twice makes one entry; the second returns the first's id.
       * Other words under a key already used (a press from a card out of date) are a conflict.
       */
      idempotencyKey?: string | null;
    },
  ): Promise<string> {
    if (!(WRITTEN_ENTRY_KINDS as readonly string[]).includes(props.kind)) throw badInput();
    return this.change(props, async (trx, row) => {
      // The report row is locked (change), so this look-up cannot race another delivery.
      if (props.idempotencyKey) {
        const seen = await trx
          .selectFrom('report_entries')
          .select(['id', 'kind', 'body_enc', 'key_id'])
          .where('report_id', '=', row.id)
          .where('idempotency_key', '=', props.idempotencyKey)
          .executeTakeFirst();
        if (seen) {
          const same =
            seen.kind === props.kind &&
            (this.openEntry(row.id, seen.body_enc, seen.key_id) ?? '') === (props.body?.trim() ?? '');
          if (!same) throw conflict();
          return seen.id;
        }
      }
      const id = await this.insertEntry(trx, toFacts(row), {
        kind: props.kind,
        authorPersonId: props.actorPersonId,
        body: props.body ?? null,
        at: props.at,
        idempotencyKey: props.idempotencyKey ?? null,
      });
      await this.insertAudit(trx, {
        schoolId: row.school_id,
        actorPersonId: props.actorPersonId,
        action: 'report.entry-added',
        reportId: row.id,
        detail: { kind: props.kind },
        at: props.at,
      });
      return id;
    });
  }

  /** Gives the case to one person of the school (or to nobody). False if nothing changed. */
  async assign(props: ChangeProps & { assigneePersonId: string | null }): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.assigned_to === props.assigneePersonId) return false;
      // The composite foreign key refuses an assignee from another school.
      await trx
        .updateTable('reports')
        .set({ assigned_to: props.assigneePersonId })
        .where('id', '=', row.id)
        .execute();
      await this.record(trx, row, props, 'assigned', null, 'report.assigned', {
        assignedTo: props.assigneePersonId,
      });
      return true;
    });
  }

  /** False if the priority was already that. The caller restarts escalation through `effects`. */
  async changePriority(
    props: ChangeProps & { priority: Priority; reason?: string | null },
  ): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.priority === props.priority) return false;
      await trx.updateTable('reports').set({ priority: props.priority }).where('id', '=', row.id).execute();
      await this.record(
        trx,
        row,
        props,
        'priority-changed',
        props.reason ?? null,
        'report.priority-changed',
        {
          from: row.priority,
          to: props.priority,
        },
      );
      return true;
    });
  }

  /** Closes the case with its outcome (issue 5 §7); closing also counts as reading it. False if closed. */
  async close(props: ChangeProps & { outcome: ReportOutcome; note?: string | null }): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.status === 'closed') return false;
      await trx
        .updateTable('reports')
        .set({
          status: 'closed',
          outcome: props.outcome,
          closed_at: props.at,
          closed_by: props.actorPersonId,
          acknowledged_at: row.acknowledged_at ?? props.at,
          acknowledged_by: row.acknowledged_by ?? props.actorPersonId,
        })
        .where('id', '=', row.id)
        .execute();
      await this.jobs.cancelByKeyPrefix(escalationJobKeyPrefix(row.id), props.at, trx);
      await this.record(trx, row, props, 'closed', props.note ?? null, 'report.closed', {
        outcome: props.outcome,
      });
      return true;
    });
  }

  /** Re-opens a closed case; it stays acknowledged. The last close remains in the chronology. */
  async reopen(props: ChangeProps & { reason?: string | null }): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.status !== 'closed') return false;
      await trx
        .updateTable('reports')
        .set({ status: 'acknowledged', outcome: null, closed_at: null, closed_by: null })
        .where('id', '=', row.id)
        .execute();
      await this.record(trx, row, props, 'reopened', props.reason ?? null, 'report.reopened', {});
      return true;
    });
  }

  /**
   * Sends the report to other handlers, with a written reason (issue 5 §9): a DSL who learns it is
   * about a member of staff re-routes it to the headteacher, who may send a misfiled one back.
   * The decision of where comes from `routeReport`; the new handlers' notifications and timers
   * come in `effects`.
   */
  async reroute(
    props: ChangeProps & {
      routedTo: RoutedTo;
      concernsStaff: ConcernsStaff;
      namedStaffPersonId: string | null;
      reason: string;
    },
  ): Promise<boolean> {
    requireText(props.reason);
    return this.change(props, async (trx, row) => {
      if (
        row.routed_to === props.routedTo &&
        row.concerns_staff === props.concernsStaff &&
        row.named_staff_person_id === props.namedStaffPersonId
      )
        return false;
      await trx
        .updateTable('reports')
        .set({
          routed_to: props.routedTo,
          concerns_staff: props.concernsStaff,
          named_staff_person_id: props.namedStaffPersonId,
          // New handlers, new escalation: an earlier escalation no longer gives anyone access.
          escalated_to: null,
        })
        .where('id', '=', row.id)
        .execute();
      await this.jobs.cancelByKeyPrefix(escalationJobKeyPrefix(row.id), props.at, trx);
      await this.record(trx, row, props, 'rerouted', props.reason, 'report.rerouted', {
        from: row.routed_to,
        to: props.routedTo,
        concernsStaff: props.concernsStaff,
      });
      return true;
    });
  }

  /**
   * The pupil's own account completes an alert they raised by saying they were in danger (issue 5
   * §2): what happened, to whom, where, when and in their words, sealed like any report text. Their
   * answer to "is it about an adult at school?" may send it to other handlers: the routing comes
   * from `routeReport` and, when it changes, their notifications and timers come in `effects` as for
   * a re-route. The report keeps its reference, its urgency and its chronology. False if the
   * details were already added (a second press of the same form).
   */
  async completeDetails(
    props: ChangeProps & {
      category: ReportCategory;
      about: ReportAbout;
      concernsStaff: ConcernsStaff;
      routedTo: RoutedTo;
      where: string;
      when: string;
      what: string;
      nameWithheld: boolean;
    },
  ): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (!row.details_pending) return false;
      const rerouted = row.routed_to !== props.routedTo || row.concerns_staff !== props.concernsStaff;
      const seal = (text: string, field: 'where' | 'when' | 'what') =>
        this.crypto.encrypt(text, reportTextContext(row.id, field));
      const sealed = {
        where: seal(props.where, 'where'),
        when: seal(props.when, 'when'),
        what: seal(props.what, 'what'),
      };
      await trx
        .updateTable('reports')
        .set({
          category: props.category,
          about: props.about,
          concerns_staff: props.concernsStaff,
          routed_to: props.routedTo,
          key_id: sealed.what.keyId,
          where_text_enc: sealed.where.ciphertext,
          when_text_enc: sealed.when.ciphertext,
          what_text_enc: sealed.what.ciphertext,
          name_withheld: props.nameWithheld,
          details_pending: false,
          ...(rerouted ? { escalated_to: null } : {}),
        })
        .where('id', '=', row.id)
        .execute();
      if (rerouted) await this.jobs.cancelByKeyPrefix(escalationJobKeyPrefix(row.id), props.at, trx);
      await this.record(trx, row, props, 'details-added', null, 'report.details-added', {
        category: props.category,
        routedTo: props.routedTo,
        rerouted,
      });
      return true;
    });
  }

  /**
   * Reveals a withheld reporter to one handler, who must say why (issue 5 §3: safeguarding may
   * require it). The reason goes into the chronology, the reveal into the audit log; from then on
   * this handler sees the name in the case.
   */
  async revealIdentity(
    props: ChangeProps & { reason: string },
  ): Promise<{ personId: string; displayName: string }> {
    requireText(props.reason);
    return this.change(props, async (trx, row) => {
      await this.record(trx, row, props, 'identity-revealed', props.reason, 'report.identity-revealed', {});
      const person = await trx
        .selectFrom('people')
        .select(['id', 'display_name'])
        .where('school_id', '=', row.school_id)
        .where('id', '=', row.reporter_person_id)
        .executeTakeFirstOrThrow();
      return { personId: person.id, displayName: person.display_name };
    });
  }

  /**
   * The case for a referral or the school's CPOMS / MyConcern (issue 5 §10). The export is itself
   * an entry in the chronology and a row in the audit log, so the document shows when it was made.
   */
  async export(props: ChangeProps & { format: ExportFormat }): Promise<ReportDetails> {
    return this.change(props, async (trx, row) => {
      await this.record(trx, row, props, 'exported', null, 'report.exported', { format: props.format });
      return this.details(trx, row, props.actorPersonId);
    });
  }

  /**
   * Records an escalation step, signed by the bot, with its notifications in `effects`, only if
   * the report is still unread: a timer that fires as a DSL acknowledges sends nothing.
   */
  async recordEscalation(props: {
    schoolId: string;
    reportId: string;
    step: number;
    at: Date;
    /** The step went to the next in line: they may act on the report from now on (domain/access.ts). */
    escalatedTo?: RoutedTo | null;
    effects?: ReportEffects;
  }): Promise<boolean> {
    return this.change(props, async (trx, row) => {
      if (row.status !== 'sent') return false;
      if (props.escalatedTo)
        await trx
          .updateTable('reports')
          .set({ escalated_to: props.escalatedTo })
          .where('id', '=', row.id)
          .execute();
      await this.record(trx, row, { ...props, actorPersonId: null }, 'escalated', null, 'report.escalated', {
        step: props.step,
        escalatedTo: props.escalatedTo ?? null,
      });
      return true;
    });
  }

  /** Records something about a report that changed nothing in it: above all, a refused attempt. */
  async audit(props: {
    schoolId: string;
    actorPersonId: string | null;
    action: AuditAction;
    reportId: string | null;
    detail?: AuditDetail;
    at: Date;
  }): Promise<void> {
    await this.insertAudit(this.db, { ...props, detail: props.detail ?? {} });
  }

  /** The audit trail of a report, oldest first (for the DSL's view of who has seen it). */
  async auditTrail(schoolId: string, reportId: string): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('report_id', '=', reportId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      actorPersonId: r.actor_person_id,
      action: r.action,
      reportId: r.report_id,
      detail: r.detail,
      at: r.at,
    }));
  }

  /** The report a draft made, if any (the pupil's form after a danger alert completes it). */
  async factsByIdempotencyKey(schoolId: string, key: string): Promise<ReportFacts | undefined> {
    return this.byIdempotencyKey(schoolId, key);
  }

  private async byIdempotencyKey(schoolId: string, key: string): Promise<ReportFacts | undefined> {
    const row = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && toFacts(row);
  }

  private async row(
    db: Db,
    schoolId: string,
    reportId: string,
    lock = false,
  ): Promise<ReportRow | undefined> {
    let query = db
      .selectFrom('reports')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('id', '=', reportId);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /**
   * One change to one report: the row is locked so that two handlers acting at once are applied
   * one after the other (two acknowledgements make one entry), and the effects commit with it.
   */
  private async change<T>(
    props: { schoolId: string; reportId: string; at: Date; effects?: ReportEffects },
    work: (trx: Transaction<Database>, row: ReportRow) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, props.schoolId, props.reportId, true);
      if (!row) throw notFound();
      const result = await work(trx, row);
      // A change that did not happen (already acknowledged, already closed) sends nothing either.
      if (result !== false) await this.apply(trx, props.effects, props.at);
      return result;
    });
  }

  private async apply(trx: Db, effects: ReportEffects | undefined, at: Date): Promise<void> {
    if (!effects) return;
    for (const prefix of effects.cancelJobKeyPrefixes ?? [])
      await this.jobs.cancelByKeyPrefix(prefix, at, trx);
    for (const message of effects.outbox ?? []) await this.outbox.enqueue(message, trx);
    for (const job of effects.jobs ?? []) await this.jobs.schedule(job, trx);
  }

  /** A chronology entry and its audit row, for a change made through its own method. */
  private async record(
    trx: Db,
    row: ReportRow,
    props: { actorPersonId: string | null; at: Date },
    kind: EntryKind,
    body: string | null,
    action: AuditAction,
    detail: AuditDetail,
  ): Promise<void> {
    await this.insertEntry(trx, toFacts(row), {
      kind,
      authorPersonId: props.actorPersonId,
      body,
      at: props.at,
    });
    await this.insertAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: props.actorPersonId,
      action,
      reportId: row.id,
      detail,
      at: props.at,
    });
  }

  private async insertEntry(
    trx: Db,
    report: Pick<ReportFacts, 'id' | 'schoolId'>,
    entry: {
      kind: EntryKind;
      authorPersonId: string | null;
      body: string | null;
      at: Date;
      idempotencyKey?: string | null;
    },
  ): Promise<string> {
    const text = entry.body?.trim() || null;
    if (ENTRY_KINDS_NEEDING_TEXT.includes(entry.kind)) requireText(text);
    const sealed = text === null ? undefined : this.crypto.encrypt(text, entryContext(report.id));
    const row = await trx
      .insertInto('report_entries')
      .values({
        report_id: report.id,
        school_id: report.schoolId,
        author_person_id: entry.authorPersonId,
        kind: entry.kind,
        body_enc: sealed?.ciphertext ?? null,
        key_id: sealed?.keyId ?? null,
        created_at: entry.at,
        idempotency_key: entry.idempotencyKey ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private async insertAudit(
    db: Db,
    a: {
      schoolId: string;
      actorPersonId: string | null;
      action: AuditAction;
      reportId: string | null;
      detail: AuditDetail;
      at: Date;
    },
  ): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        school_id: a.schoolId,
        actor_person_id: a.actorPersonId,
        action: a.action,
        report_id: a.reportId,
        detail: JSON.stringify(a.detail),
        at: a.at,
      })
      .execute();
  }

  /** Whether the viewer may see who reported: the name was not withheld, or they revealed it. */
  private async revealedTo(db: Db, row: ReportRow, viewerPersonId: string): Promise<boolean> {
    if (!row.name_withheld) return true;
    const reveal = await db
      .selectFrom('report_entries')
      .select('id')
      .where('school_id', '=', row.school_id)
      .where('report_id', '=', row.id)
      .where('kind', '=', 'identity-revealed')
      .where('author_person_id', '=', viewerPersonId)
      .executeTakeFirst();
    return reveal !== undefined;
  }

  private async details(trx: Db, row: ReportRow, viewerPersonId: string): Promise<ReportDetails> {
    const revealed = await this.revealedTo(trx, row, viewerPersonId);
    const { reporterPersonId: _hidden, ...facts } = toFacts(row);
    const sealed = (ciphertext: string) => ({ keyId: row.key_id, ciphertext });
    return {
      facts,
      where: this.crypto.decrypt(sealed(row.where_text_enc), reportTextContext(row.id, 'where')),
      when: this.crypto.decrypt(sealed(row.when_text_enc), reportTextContext(row.id, 'when')),
      what: this.crypto.decrypt(sealed(row.what_text_enc), reportTextContext(row.id, 'what')),
      reporter: revealed
        ? await this.person(trx, row.school_id, row.reporter_person_id)
        : { kind: 'pupil-name-withheld' },
      chronology: await this.entries(trx, row, revealed),
    };
  }

  private async entries(trx: Db, row: ReportRow, revealed: boolean): Promise<ChronologyEntry[]> {
    const rows = await trx
      .selectFrom('report_entries')
      .leftJoin('people', 'people.id', 'report_entries.author_person_id')
      .select([
        'report_entries.id',
        'report_entries.kind',
        'report_entries.body_enc',
        'report_entries.key_id',
        'report_entries.author_person_id',
        'report_entries.created_at',
        'people.display_name',
      ])
      .where('report_entries.school_id', '=', row.school_id)
      .where('report_entries.report_id', '=', row.id)
      .orderBy('report_entries.created_at')
      .orderBy('report_entries.id')
      .execute();
    return rows.map((e) => {
      let author: EntryAuthor;
      if (e.author_person_id === null) author = { kind: 'bot' };
      else if (e.author_person_id === row.reporter_person_id && !revealed)
        author = { kind: 'pupil-name-withheld' };
      else author = { kind: 'person', personId: e.author_person_id, displayName: e.display_name ?? '' };
      return {
        id: e.id,
        kind: e.kind,
        body: this.openEntry(row.id, e.body_enc, e.key_id),
        author,
        at: e.created_at,
      };
    });
  }

  private openEntry(reportId: string, bodyEnc: string | null, keyId: string | null): string | null {
    if (bodyEnc === null || keyId === null) return null;
    return this.crypto.decrypt({ keyId, ciphertext: bodyEnc }, entryContext(reportId));
  }

  private async person(db: Db, schoolId: string, personId: string): Promise<EntryAuthor> {
    const p = await db
      .selectFrom('people')
      .select(['id', 'display_name'])
      .where('school_id', '=', schoolId)
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    return { kind: 'person', personId: p.id, displayName: p.display_name };
  }
}

/** Who changes a report, when, and what commits with the change. */
export type ChangeProps = {
  schoolId: string;
  reportId: string;
  actorPersonId: string;
  at: Date;
  effects?: ReportEffects;
};

function requireText(text: string | null | undefined): void {
  if (!text?.trim()) throw badInput();
}
