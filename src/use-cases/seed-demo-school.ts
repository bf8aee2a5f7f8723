import { ENGLAND_DEFAULT_CALENDAR } from '../domain/calendar/england-default.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import { DEMO_PEOPLE, DEMO_SCHOOL, DEMO_TENANT_ID } from '../store/seed/demo-school.js';

/**
 * Seeds the demo school once. Returns its id, and whether this call created it. The demo school
 * stands in for the tenant of the local playground.
 */
export async function seedDemoSchool(props: {
  directory: DirectoryRepository;
  tenantId?: string;
}): Promise<{ schoolId: string; created: boolean }> {
  const { directory } = props;
  const existing = await directory.findDemoSchool();
  if (existing) return { schoolId: existing.id, created: false };

  const schoolId = await directory.createSchool({
    name: DEMO_SCHOOL.name,
    tenantId: props.tenantId ?? DEMO_TENANT_ID,
    isDemo: true,
  });
  await directory.replaceCalendar(schoolId, ENGLAND_DEFAULT_CALENDAR);
  const classIds = new Map<string, string>();
  for (const c of DEMO_SCHOOL.classes) {
    classIds.set(c.name, await directory.upsertClass(schoolId, c));
  }
  for (const p of DEMO_PEOPLE) {
    const personId = await directory.upsertPerson(schoolId, {
      displayName: p.displayName,
      givenName: p.givenName,
      email: p.email,
      aadObjectId: p.aadObjectId,
      roles: p.roles,
    });
    for (const c of p.classes) await directory.addToClass(schoolId, classIds.get(c.name)!, personId, c.as);
  }
  return { schoolId, created: true };
}
