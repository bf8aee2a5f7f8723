import { parseRole, type Role } from './roles.js';
import { parseYearGroup, type YearGroup } from './year-groups.js';

/** One person from a school's roster file: name, email/UPN, role(s), class. */
export type RosterRow = {
  line: number;
  name: string;
  /** What the bot calls a pupil ("Hello, Evie!"); staff are greeted by their full name. */
  givenName: string | undefined;
  email: string;
  roles: Role[];
  className: string | undefined;
  yearGroup: YearGroup | undefined;
};

export type RosterProblem = { line: number; message: string };

const HEADER_ALIASES: Record<string, 'name' | 'email' | 'role' | 'class' | 'year'> = {
  name: 'name',
  'full name': 'name',
  'display name': 'name',
  email: 'email',
  upn: 'email',
  'email/upn': 'email',
  'user principal name': 'email',
  role: 'role',
  roles: 'role',
  class: 'class',
  'class name': 'class',
  form: 'class',
  year: 'year',
  'year group': 'year',
};

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Reads a roster export (one row per person). Every problem is reported with its line, so that
 * an admin can fix the file in one go; nothing is half-imported.
 */
export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  const table = parseCsv(text);
  const problems: RosterProblem[] = [];
  const header = table[0];
  if (!header) return { rows: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()]);
  for (const needed of ['name', 'email', 'role'] as const) {
    if (!columns.includes(needed)) problems.push({ line: 1, message: `missing a "${needed}" column` });
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, index) => {
    const line = index + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (col: string) => {
      const i = columns.indexOf(col as never);
      return i >= 0 ? (cells[i] ?? '').trim() : '';
    };
    // MIS exports often write "Surname, Forename".
    const rawName = get('name');
    const swapped = /^([^,]+),\s*(.+)$/.exec(rawName);
    const name = swapped ? `${swapped[2]} ${swapped[1]}` : rawName;
    const email = get('email').toLowerCase();
    const roleCells = get('role')
      .split(/[;|/]/)
      .map((r) => r.trim())
      .filter(Boolean);
    const roles = roleCells.map(parseRole);
    const className = get('class') || undefined;
    const yearText = get('year');
    const yearGroup = yearText
      ? parseYearGroup(yearText)
      : className
        ? yearFromClassName(className)
        : undefined;

    if (!name) problems.push({ line, message: 'name is empty' });
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      problems.push({ line, message: 'email/UPN is not an email address' });
    if (roleCells.length === 0) problems.push({ line, message: 'role is empty' });
    roleCells.forEach((r, i) => {
      if (!roles[i]) problems.push({ line, message: `"${r}" is not a role this app knows` });
    });
    if (roles.includes('pupil') && roles.some((r) => r !== 'pupil')) {
      problems.push({ line, message: 'a pupil cannot also hold a staff role' });
    }
    if (roles.includes('pupil') && !className) problems.push({ line, message: 'a pupil needs a class' });
    if (className && yearGroup === undefined) {
      problems.push({
        line,
        message:
          'the year group is unknown: add a "year" column or start the class name with "Year N" or "Reception"',
      });
    }
    const previous = seen.get(email);
    if (email && previous) problems.push({ line, message: `the same email is already on line ${previous}` });
    if (email) seen.set(email, line);
    const givenName = roles.includes('pupil') ? name.split(/\s+/)[0] : undefined;
    rows.push({
      line,
      name,
      givenName,
      email,
      roles: roles.filter((r): r is Role => !!r),
      className,
      yearGroup,
    });
  });
  if (rows.length === 0 && problems.length === 0)
    problems.push({ line: 2, message: 'the file has no people in it' });
  return problems.length > 0 ? { rows: [], problems } : { rows, problems };
}

function yearFromClassName(name: string): YearGroup | undefined {
  // "Year 4 Hazel", "Y4", "Yr 4 Hazel", "Reception Robins", "R Oak", "FS2 Robins"; a mixed-age
  // class ("Year 1/2 Willow") takes its first year.
  const m = /^(reception|rec|fs2|r|year\s*\d{1,2}|yr\s*\d{1,2}|y\d{1,2})(?=$|[\s/&,-])/i.exec(name.trim());
  return m ? parseYearGroup(m[1]!) : undefined;
}
