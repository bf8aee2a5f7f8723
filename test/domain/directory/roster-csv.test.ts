import { describe, expect, it } from 'vitest';
import { parseCsv, parseRoster } from '../../../src/domain/directory/roster-csv.js';

/** A roster file as a school's MIS or an admin in Excel writes it: one line per entry. */
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const UNKNOWN_YEAR =
  'the year group is unknown: add a "year" column or start the class name with "Year N" or "Reception"';

describe('parseCsv', () => {
  it('splits lines and commas', () => {
    expect(parseCsv('a,b,c\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps a comma inside a quoted field', () => {
    expect(parseCsv('"Smith, Evie",evie@oakfield.sch.uk')).toEqual([['Smith, Evie', 'evie@oakfield.sch.uk']]);
  });

  it('reads a doubled quote inside a quoted field as one quote', () => {
    expect(parseCsv('"Class ""Hazel""",4\n""""')).toEqual([['Class "Hazel"', '4'], ['"']]);
  });

  it('keeps a newline inside a quoted field, LF or CRLF', () => {
    expect(parseCsv('"line one\nline two",x\r\n"a\r\nb",y')).toEqual([
      ['line one\nline two', 'x'],
      ['a\r\nb', 'y'],
    ]);
  });

  it('ends rows at CRLF, LF or a lone CR, with no empty row for the final line break', () => {
    expect(parseCsv('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a\rb\nc')).toEqual([['a'], ['b'], ['c']]);
  });

  it('drops the byte-order mark Excel writes at the start of "CSV UTF-8"', () => {
    expect(parseCsv('\uFEFFName,Email\r\n')).toEqual([['Name', 'Email']]);
  });

  it('keeps empty fields, quoted or not, and a blank line as one empty field', () => {
    expect(parseCsv('a,,c\n"",b\n\nlast,')).toEqual([['a', '', 'c'], ['', 'b'], [''], ['last', '']]);
  });

  it('reads nothing from an empty file', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
  });
});

describe('parseRoster: a good file', () => {
  it('reads staff and pupils, with header aliases, several roles and year groups from class names', () => {
    const { rows, problems } = parseRoster(
      csv(
        'Name,Email/UPN,Role,Class',
        'Amira Patel,A.Patel@Oakfield.sch.uk,Teacher; DSL,Year 4 Hazel',
        '"Smith, Evie",evie.smith@oakfield.sch.uk,Pupil,Year 4 Hazel',
        'Noah Jones,noah.jones@oakfield.sch.uk,student,Reception Robins',
        'Tom Reed,t.reed@oakfield.sch.uk,Head teacher,',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        name: 'Amira Patel',
        givenName: undefined,
        email: 'a.patel@oakfield.sch.uk',
        roles: ['teacher', 'dsl'],
        className: 'Year 4 Hazel',
        yearGroup: 4,
      },
      {
        line: 3,
        name: 'Evie Smith',
        givenName: 'Evie',
        email: 'evie.smith@oakfield.sch.uk',
        roles: ['pupil'],
        className: 'Year 4 Hazel',
        yearGroup: 4,
      },
      {
        line: 4,
        name: 'Noah Jones',
        givenName: 'Noah',
        email: 'noah.jones@oakfield.sch.uk',
        roles: ['pupil'],
        className: 'Reception Robins',
        yearGroup: 0,
      },
      {
        line: 5,
        name: 'Tom Reed',
        givenName: undefined,
        email: 't.reed@oakfield.sch.uk',
        roles: ['headteacher'],
        className: undefined,
        yearGroup: undefined,
      },
    ]);
  });

  it.each([
    ['Year 4 Hazel', 4],
    ['year 10 Form', 10],
    ['Y6 Oak', 6],
    ['Y11', 11],
    ['Rec Robins', 0],
    ['Reception', 0],
    ['Year 1/2 Willow', 1],
  ] as const)('takes the year group from a class named "%s": %i', (className, year) => {
    const { rows, problems } = parseRoster(
      csv('Name,Email,Role,Class', `Evie Smith,evie@oakfield.sch.uk,Pupil,${className}`),
    );
    expect(problems).toEqual([]);
    expect(rows[0]?.yearGroup).toBe(year);
  });

  it('reads an explicit year column, which wins over the class name; an empty one falls back to it', () => {
    const { rows, problems } = parseRoster(
      csv(
        'Full name,UPN,Roles,Form,Year group',
        'Ava Brown,ava.brown@oakfield.sch.uk,Pupil,Hazel,Y5',
        'Ben Cole,ben.cole@oakfield.sch.uk,Pupil,Year 4 Hazel,5',
        'Cara Dunn,cara.dunn@oakfield.sch.uk,Pupil,Year 3 Ash,',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.name, r.className, r.yearGroup])).toEqual([
      ['Ava Brown', 'Hazel', 5],
      ['Ben Cole', 'Year 4 Hazel', 5],
      ['Cara Dunn', 'Year 3 Ash', 3],
    ]);
  });

  it.each([
    ['Display Name,User Principal Name,Roles,Class Name'],
    ['NAME , EMAIL , ROLE , CLASS'],
    ['name,upn,role,form'],
  ])('finds the columns under the header "%s"', (header) => {
    const { rows, problems } = parseRoster(csv(header, 'Evie Smith,evie@oakfield.sch.uk,Pupil,Year 4 Hazel'));
    expect(problems).toEqual([]);
    expect(rows).toMatchObject([{ name: 'Evie Smith', email: 'evie@oakfield.sch.uk', yearGroup: 4 }]);
  });

  it('finds the columns in any order', () => {
    const { rows } = parseRoster(
      csv('Class,Role,Email,Name', 'Year 4 Hazel,Pupil,evie@oakfield.sch.uk,Evie Smith'),
    );
    expect(rows).toMatchObject([{ name: 'Evie Smith', email: 'evie@oakfield.sch.uk', roles: ['pupil'] }]);
  });

  it('splits roles on ";", "|" and "/"', () => {
    const { rows } = parseRoster(
      csv('Name,Email,Role', 'Amira Patel,amira@oakfield.sch.uk,Teacher/Deputy DSL | Admin'),
    );
    expect(rows[0]?.roles).toEqual(['teacher', 'deputy-dsl', 'admin']);
  });

  it('reads an Excel "CSV UTF-8" export: byte-order mark, CRLF and quoted names', () => {
    const { rows, problems } = parseRoster(
      '\uFEFFName,Email,Role,Class\r\n"Smith, Evie",evie@oakfield.sch.uk,Pupil,Year 4 Hazel\r\n',
    );
    expect(problems).toEqual([]);
    expect(rows).toMatchObject([{ line: 2, name: 'Evie Smith', givenName: 'Evie' }]);
  });

  it('skips blank lines but keeps counting them', () => {
    const { rows, problems } = parseRoster(
      csv(
        'Name,Email,Role',
        'Amira Patel,amira@oakfield.sch.uk,Teacher',
        '',
        ' , , ',
        'Tom Reed,tom@oakfield.sch.uk,Head',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Amira Patel'],
      [5, 'Tom Reed'],
    ]);
  });

  it('greets a pupil by the first word of their name', () => {
    const { rows } = parseRoster(
      csv('Name,Email,Role,Class', 'Mary  Jane Watson,mj@oakfield.sch.uk,Pupil,Y6 Oak'),
    );
    expect(rows[0]?.givenName).toBe('Mary');
  });
});

describe('parseRoster: problems', () => {
  it('reports an empty file on line 1', () => {
    expect(parseRoster('')).toEqual({ rows: [], problems: [{ line: 1, message: 'the file is empty' }] });
    expect(parseRoster('\uFEFF')).toEqual({
      rows: [],
      problems: [{ line: 1, message: 'the file is empty' }],
    });
  });

  it('reports a missing column on line 1, and reads no further', () => {
    expect(parseRoster(csv('Name,Email,Class', 'Evie Smith,evie@oakfield.sch.uk,Year 4 Hazel'))).toEqual({
      rows: [],
      problems: [{ line: 1, message: 'missing a "role" column' }],
    });
  });

  it('reports every missing column at once', () => {
    expect(parseRoster(csv('Pupil,Address', 'Evie,1 High St')).problems).toEqual([
      { line: 1, message: 'missing a "name" column' },
      { line: 1, message: 'missing a "email" column' },
      { line: 1, message: 'missing a "role" column' },
    ]);
  });

  it.each([
    ['a bad email', 'Evie Smith,evie.smith,Pupil,Year 4 Hazel', 'email/UPN is not an email address'],
    [
      'an email with a space',
      'Evie Smith,evie smith@oakfield.sch.uk,Pupil,Year 4 Hazel',
      'email/UPN is not an email address',
    ],
    ['an empty email', 'Evie Smith,,Pupil,Year 4 Hazel', 'email/UPN is not an email address'],
    ['an empty name', ',evie@oakfield.sch.uk,Pupil,Year 4 Hazel', 'name is empty'],
    [
      'an unknown role',
      'Sam Hill,sam@oakfield.sch.uk,Caretaker,',
      '"Caretaker" is not a role this app knows',
    ],
    ['an empty role', 'Sam Hill,sam@oakfield.sch.uk,,', 'role is empty'],
    [
      'a pupil with a staff role',
      'Evie Smith,evie@oakfield.sch.uk,Pupil; Teacher,Year 4 Hazel',
      'a pupil cannot also hold a staff role',
    ],
    ['a pupil without a class', 'Evie Smith,evie@oakfield.sch.uk,Pupil,', 'a pupil needs a class'],
    ['a class with no year in its name', 'Evie Smith,evie@oakfield.sch.uk,Pupil,Hazel', UNKNOWN_YEAR],
    ['a class in year 14', 'Evie Smith,evie@oakfield.sch.uk,Pupil,Year 14 Hazel', UNKNOWN_YEAR],
  ])('reports %s on its line, and returns no rows', (_, line, message) => {
    const { rows, problems } = parseRoster(
      csv('Name,Email,Role,Class', 'Amira Patel,amira@oakfield.sch.uk,Teacher,Year 4 Hazel', line),
    );
    expect(problems).toEqual([{ line: 3, message }]);
    expect(rows).toEqual([]);
  });

  it('reports an unknown value in the year column', () => {
    const { rows, problems } = parseRoster(
      csv('Name,Email,Role,Class,Year', 'Evie Smith,evie@oakfield.sch.uk,Pupil,Hazel,Year 14'),
    );
    expect(problems).toEqual([{ line: 2, message: UNKNOWN_YEAR }]);
    expect(rows).toEqual([]);
  });

  it('reports a duplicate email, whatever its case, naming the first line', () => {
    const { rows, problems } = parseRoster(
      csv(
        'Name,Email,Role',
        'Amira Patel,amira@oakfield.sch.uk,Teacher',
        'Tom Reed,tom@oakfield.sch.uk,Head',
        'Amira Patel,Amira@Oakfield.sch.uk,DSL',
      ),
    );
    expect(problems).toEqual([{ line: 4, message: 'the same email is already on line 2' }]);
    expect(rows).toEqual([]);
  });

  it('reports each unknown role in a list', () => {
    const { problems } = parseRoster(
      csv('Name,Email,Role', 'Sam Hill,sam@oakfield.sch.uk,Teacher; Caretaker; Cook'),
    );
    expect(problems).toEqual([
      { line: 2, message: '"Caretaker" is not a role this app knows' },
      { line: 2, message: '"Cook" is not a role this app knows' },
    ]);
  });

  it('reports every problem in the file in one go, in line order, and imports nothing', () => {
    const { rows, problems } = parseRoster(
      csv(
        'Name,Email/UPN,Role,Class',
        'Amira Patel,amira@oakfield.sch.uk,Teacher; DSL,Year 4 Hazel',
        'Evie Smith,evie.smith,Pupil,',
        'Noah Jones,noah@oakfield.sch.uk,Pupil,Year 4 Hazel',
        'Sam Hill,sam@oakfield.sch.uk,Caretaker,',
        'Noah Jones,noah@oakfield.sch.uk,Pupil,Year 4 Hazel',
      ),
    );
    expect(problems).toEqual([
      { line: 3, message: 'email/UPN is not an email address' },
      { line: 3, message: 'a pupil needs a class' },
      { line: 5, message: '"Caretaker" is not a role this app knows' },
      { line: 6, message: 'the same email is already on line 4' },
    ]);
    expect(rows).toEqual([]);
  });

  it('reports the lines of a CRLF file the same as an LF one', () => {
    const lf = csv('Name,Email,Role', 'Amira Patel,amira@oakfield.sch.uk,Teacher', '', 'Bad Row,bad,Teacher');
    expect(parseRoster(lf.replaceAll('\n', '\r\n')).problems).toEqual(parseRoster(lf).problems);
    expect(parseRoster(lf).problems).toEqual([{ line: 4, message: 'email/UPN is not an email address' }]);
  });
});

describe('parseRoster: class names and empty files seen in real exports', () => {
  it.each([
    ['Yr 4 Hazel', 4],
    ['R Oak', 0],
    ['FS2 Robins', 0],
  ])('reads the year group from "%s"', (className, year) => {
    const { rows, problems } = parseRoster(
      `name,email,role,class\nA Pupil,a@school.example,pupil,${className}\n`,
    );
    expect(problems).toEqual([]);
    expect(rows[0]?.yearGroup).toBe(year);
  });

  it('reports a file with a header and nobody in it', () => {
    expect(parseRoster('name,email,role,class\n')).toEqual({
      rows: [],
      problems: [{ line: 2, message: 'the file has no people in it' }],
    });
  });
});
