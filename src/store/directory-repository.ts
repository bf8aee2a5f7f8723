import type { Kysely } from 'kysely';
import type { Calendar } from '../domain/calendar/term-dates.js';
import type { Person } from '../domain/directory/person.js';
import { type Role, RoleSchema } from '../domain/directory/roles.js';
import { ageBandForYear, isYearGroup, type YearGroup } from '../domain/directory/year-groups.js';
import type { SafeguardingContacts } from '../domain/reports/report.js';
import type { Database } from './schema.js';

export type NewPerson = {
  displayName: string;
  givenName?: string;
  email?: string;
  aadObjectId?: string;
  roles: Role[];
  startsOn?: string;
};

/** Schools, people, roles, classes and term dates. */
export class DirectoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createSchool(props: {
    name: string;
    tenantId?: string;
    trustId?: string;
    isDemo?: boolean;
  }): Promise<string> {
    const row = await this.db
      .insertInto('schools')
      .values({
        name: props.name,
        teams_tenant_id: props.tenantId ?? null,
        trust_id: props.trustId ?? null,
        is_demo: props.isDemo ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async createTrust(name: string): Promise<string> {
    const row = await this.db.insertInto('trusts').values({ name }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async findDemoSchool(): Promise<{ id: string; name: string } | undefined> {
    return this.db
      .selectFrom('schools')
      .select(['id', 'name'])
      .where('is_demo', '=', true)
      .executeTakeFirst();
  }

  async schoolForTenant(tenantId: string): Promise<{ id: string; name: string } | undefined> {
    return this.db
      .selectFrom('schools')
      .select(['id', 'name'])
      .where('teams_tenant_id', '=', tenantId)
      .orderBy('created_at')
      .executeTakeFirst();
  }

  /**
   * Adds a person, or updates them when the same email or Entra id is already on the school's
   * roster (a roster import can be run again). Roles are replaced by the ones given.
   */
  async upsertPerson(schoolId: string, p: NewPerson): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      let existing: { id: string } | undefined;
      if (p.aadObjectId) {
        existing = await trx
          .selectFrom('people')
          .select('id')
          .where('school_id', '=', schoolId)
          .where('aad_object_id', '=', p.aadObjectId)
          .executeTakeFirst();
      }
      if (!existing && p.email) {
        existing = await trx
          .selectFrom('people')
          .select('id')
          .where('school_id', '=', schoolId)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', p.email!.toLowerCase()))
          .executeTakeFirst();
      }
      const values = {
        display_name: p.displayName,
        given_name: p.givenName ?? null,
        email: p.email ?? null,
        aad_object_id: p.aadObjectId ?? null,
        starts_on: p.startsOn ?? null,
      };
      let id: string;
      if (existing) {
        id = existing.id;
        await trx
          .updateTable('people')
          .set({ ...values, aad_object_id: p.aadObjectId ?? undefined })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('person_roles').where('person_id', '=', id).execute();
      } else {
        id = (
          await trx
            .insertInto('people')
            .values({ school_id: schoolId, ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      if (p.roles.length > 0) {
        await trx
          .insertInto('person_roles')
          .values(p.roles.map((role) => ({ school_id: schoolId, person_id: id, role })))
          .execute();
      }
      return id;
    });
  }

  async upsertClass(
    schoolId: string,
    c: { name: string; yearGroup: YearGroup; teamsTeamId?: string },
  ): Promise<string> {
    const row = await this.db
      .insertInto('classes')
      .values({
        school_id: schoolId,
        name: c.name,
        year_group: c.yearGroup,
        teams_team_id: c.teamsTeamId ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['school_id', 'name']).doUpdateSet((eb) => ({
          year_group: eb.ref('excluded.year_group'),
          teams_team_id: eb.fn.coalesce('excluded.teams_team_id', 'classes.teams_team_id'),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async addToClass(
    schoolId: string,
    classId: string,
    personId: string,
    membership: 'pupil' | 'teacher',
  ): Promise<void> {
    await this.db
      .insertInto('class_members')
      .values({ school_id: schoolId, class_id: classId, person_id: personId, membership })
      .onConflict((oc) => oc.columns(['class_id', 'person_id']).doUpdateSet({ membership }))
      .execute();
  }

  async classForTeam(teamId: string): Promise<{ id: string; schoolId: string; name: string } | undefined> {
    const row = await this.db
      .selectFrom('classes')
      .select(['id', 'school_id', 'name'])
      .where('teams_team_id', '=', teamId)
      .executeTakeFirst();
    return row && { id: row.id, schoolId: row.school_id, name: row.name };
  }

  /** The person behind a Teams activity, in the school of that conversation when known. */
  async findPersonByAadObjectId(aadObjectId: string, schoolId?: string): Promise<Person | undefined> {
    let q = this.personRows()
      .where('people.aad_object_id', '=', aadObjectId)
      .where('people.left_on', 'is', null);
    if (schoolId) q = q.where('people.school_id', '=', schoolId);
    const row = await q.orderBy('people.created_at').executeTakeFirst();
    return row ? this.loadPerson(row) : undefined;
  }

  async findPersonById(personId: string): Promise<Person | undefined> {
    const row = await this.personRows().where('people.id', '=', personId).executeTakeFirst();
    return row ? this.loadPerson(row) : undefined;
  }

  private personRows() {
    return this.db
      .selectFrom('people')
      .innerJoin('schools', 'schools.id', 'people.school_id')
      .select([
        'people.id',
        'people.school_id',
        'people.display_name',
        'people.given_name',
        'schools.name as school_name',
      ]);
  }

  /**
   * Links a roster entry (imported by email/UPN) to the Entra id Teams gives on first contact.
   * Only an entry with no Entra id yet is linked: an id once set is never moved to someone else.
   */
  async linkEntraIdByEmail(email: string, aadObjectId: string): Promise<number> {
    const result = await this.db
      .updateTable('people')
      .set({ aad_object_id: aadObjectId })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('aad_object_id', 'is', null)
      .where('left_on', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async rememberTeamsUserId(personId: string, teamsUserId: string): Promise<void> {
    await this.db
      .updateTable('people')
      .set({ teams_user_id: teamsUserId })
      .where('id', '=', personId)
      .where((eb) => eb.or([eb('teams_user_id', 'is', null), eb('teams_user_id', '!=', teamsUserId)]))
      .execute();
  }

  async peopleWithRole(schoolId: string, role: Role): Promise<{ id: string; displayName: string }[]> {
    const rows = await this.db
      .selectFrom('people')
      .innerJoin('person_roles', 'person_roles.person_id', 'people.id')
      .select(['people.id', 'people.display_name'])
      .where('person_roles.school_id', '=', schoolId)
      .where('person_roles.role', '=', role)
      .where('people.left_on', 'is', null)
      .orderBy('people.display_name')
      .execute();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  }

  /** Who may receive a school's reports, by role (domain/reports/report.ts routes among them). */
  async safeguardingContacts(schoolId: string): Promise<SafeguardingContacts> {
    // One query for the four roles: it runs on every report, reply, escalation and re-route.
    const rows = await this.db
      .selectFrom('people')
      .innerJoin('person_roles', 'person_roles.person_id', 'people.id')
      .select(['people.id', 'person_roles.role'])
      .where('person_roles.school_id', '=', schoolId)
      .where('person_roles.role', 'in', ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors'])
      .where('people.left_on', 'is', null)
      .orderBy('people.display_name')
      .execute();
    const ids = (role: Role) => rows.filter((r) => r.role === role).map((r) => r.id);
    return {
      dsl: ids('dsl'),
      deputyDsl: ids('deputy-dsl'),
      headteacher: ids('headteacher'),
      chairOfGovernors: ids('chair-of-governors'),
    };
  }

  async countPeople(schoolId: string): Promise<number> {
    const row = await this.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('school_id', '=', schoolId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async replaceCalendar(schoolId: string, calendar: Calendar): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('half_terms').where('school_id', '=', schoolId).execute();
      await trx.deleteFrom('school_closures').where('school_id', '=', schoolId).execute();
      if (calendar.halfTerms.length > 0) {
        await trx
          .insertInto('half_terms')
          .values(
            calendar.halfTerms.map((h) => ({
              school_id: schoolId,
              academic_year: h.academicYear,
              term: h.term,
              half_term: h.halfTerm,
              starts_on: h.startsOn,
              ends_on: h.endsOn,
            })),
          )
          .execute();
      }
      if (calendar.closures.length > 0) {
        await trx
          .insertInto('school_closures')
          .values(
            calendar.closures.map((c) => ({
              school_id: schoolId,
              on_date: c.date,
              kind: c.kind,
              label: c.label,
            })),
          )
          .execute();
      }
    });
  }

  async calendar(schoolId: string): Promise<Calendar> {
    const [halfTerms, closures] = await Promise.all([
      this.db
        .selectFrom('half_terms')
        .selectAll()
        .where('school_id', '=', schoolId)
        .orderBy('starts_on')
        .execute(),
      this.db
        .selectFrom('school_closures')
        .selectAll()
        .where('school_id', '=', schoolId)
        .orderBy('on_date')
        .execute(),
    ]);
    return {
      halfTerms: halfTerms.map((h) => ({
        academicYear: h.academic_year,
        term: h.term as 'autumn' | 'spring' | 'summer',
        halfTerm: h.half_term as 1 | 2,
        startsOn: h.starts_on,
        endsOn: h.ends_on,
      })),
      closures: closures.map((c) => ({
        date: c.on_date,
        kind: c.kind as 'inset' | 'bank-holiday' | 'closure',
        label: c.label,
      })),
    };
  }

  private async loadPerson(row: {
    id: string;
    school_id: string;
    display_name: string;
    given_name: string | null;
    school_name: string;
  }): Promise<Person> {
    const [roles, classes] = await Promise.all([
      this.db.selectFrom('person_roles').select('role').where('person_id', '=', row.id).execute(),
      this.db
        .selectFrom('class_members')
        .innerJoin('classes', 'classes.id', 'class_members.class_id')
        .select(['classes.id', 'classes.name', 'classes.year_group', 'class_members.membership'])
        .where('class_members.person_id', '=', row.id)
        .orderBy('classes.year_group')
        .execute(),
    ]);
    return {
      id: row.id,
      schoolId: row.school_id,
      schoolName: row.school_name,
      displayName: row.display_name,
      givenName: row.given_name ?? undefined,
      roles: roles.map((r) => RoleSchema.parse(r.role)),
      classes: classes.flatMap((c) =>
        isYearGroup(c.year_group)
          ? [
              {
                id: c.id,
                name: c.name,
                yearGroup: c.year_group,
                ageBand: ageBandForYear(c.year_group),
                membership: c.membership,
              },
            ]
          : [],
      ),
    };
  }
}
