import { parseRoster, type RosterProblem } from '../domain/directory/roster-csv.js';
import type { DirectoryRepository } from '../store/directory-repository.js';

export type RosterImportResult =
  | { ok: true; people: number; classes: number }
  | { ok: false; problems: RosterProblem[] };

/**
 * Imports a school's roster from CSV, for schools without Microsoft Graph yet. People are
 * matched by email/UPN, so running it again updates rather than duplicates; a file with any
 * problem imports nothing.
 */
export async function importRoster(props: {
  directory: DirectoryRepository;
  schoolId: string;
  csv: string;
}): Promise<RosterImportResult> {
  const { rows, problems } = parseRoster(props.csv);
  if (problems.length > 0) return { ok: false, problems };
  const classIds = new Map<string, string>();
  for (const row of rows) {
    if (row.className && row.yearGroup !== undefined && !classIds.has(row.className)) {
      classIds.set(
        row.className,
        await props.directory.upsertClass(props.schoolId, { name: row.className, yearGroup: row.yearGroup }),
      );
    }
  }
  for (const row of rows) {
    const personId = await props.directory.upsertPerson(props.schoolId, {
      displayName: row.name,
      ...(row.givenName ? { givenName: row.givenName } : {}),
      email: row.email,
      roles: row.roles,
    });
    const classId = row.className ? classIds.get(row.className) : undefined;
    if (classId) {
      await props.directory.addToClass(
        props.schoolId,
        classId,
        personId,
        row.roles.includes('pupil') ? 'pupil' : 'teacher',
      );
    }
  }
  return { ok: true, people: rows.length, classes: classIds.size };
}
