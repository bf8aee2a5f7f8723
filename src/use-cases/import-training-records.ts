import type { LocalDate } from '../domain/calendar/term-dates.js';
import { parseCsv } from '../domain/directory/roster-csv.js';
import type { NewTrainingRecord, TrainingRepository } from '../store/training-repository.js';
import { checkTrainingInput, type TrainingInputProblem } from './record-training.js';

export type TrainingImportProblem = {
  line: number;
  problems: (TrainingInputProblem | 'missing-columns' | 'email-unknown')[];
};

export type TrainingImportResult =
  | { ok: true; lines: number; added: number }
  | { ok: false; problems: TrainingImportProblem[] };

const HEADERS: Record<string, 'email' | 'course' | 'completedOn' | 'provider' | 'certificateUrl'> = {
  email: 'email',
  upn: 'email',
  'email/upn': 'email',
  course: 'course',
  'course id': 'course',
  training: 'course',
  'completed on': 'completedOn',
  completed: 'completedOn',
  date: 'completedOn',
  'date completed': 'completedOn',
  provider: 'provider',
  'provided by': 'provider',
  'who ran it': 'provider',
  certificate: 'certificateUrl',
  'certificate link': 'certificateUrl',
  'certificate url': 'certificateUrl',
};

/**
 * Records training for many staff from a CSV (email, course, completed on, provider[, certificate]),
 * as an admin's spreadsheet has it: a course by its id or its title, a date as YYYY-MM-DD or
 * DD/MM/YYYY. A file with any bad line imports nothing and every bad line is listed, so the admin
 * fixes the file in one go (issue 6, item 2). A line already recorded is not recorded twice.
 */
export async function importTrainingRecords(props: {
  training: TrainingRepository;
  schoolId: string;
  csv: string;
  /** Who ran the import; undefined for an operator at the command line. */
  recordedBy: string | undefined;
  today: LocalDate;
  at: Date;
}): Promise<TrainingImportResult> {
  const { training, schoolId, today, at } = props;
  const table = parseCsv(props.csv);
  const header = (table[0] ?? []).map((h) => HEADERS[h.trim().toLowerCase().replace(/\s+/g, ' ')]);
  const column = (name: (typeof HEADERS)[string]) => header.indexOf(name);
  if (['email', 'course', 'completedOn', 'provider'].some((c) => column(c as never) < 0))
    return { ok: false, problems: [{ line: 1, problems: ['missing-columns'] }] };

  const [catalogue, people] = await Promise.all([
    training.catalogue(schoolId),
    training.staffByEmail(schoolId),
  ]);
  const byTitle = new Map(catalogue.map((c) => [c.title.toLowerCase(), c.id]));
  const problems: TrainingImportProblem[] = [];
  const records: NewTrainingRecord[] = [];
  table.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const cell = (name: (typeof HEADERS)[string]) => (cells[column(name)] ?? '').trim();
    const course = cell('course');
    const checked = checkTrainingInput(
      {
        courseId: byTitle.get(course.toLowerCase()) ?? course,
        completedOn: cell('completedOn'),
        provider: cell('provider'),
        certificateUrl: column('certificateUrl') >= 0 ? cell('certificateUrl') : '',
      },
      catalogue,
      today,
    );
    const personId = people.get(cell('email').toLowerCase());
    const found: TrainingImportProblem['problems'] = [
      ...(personId ? [] : (['email-unknown'] as const)),
      ...(checked.ok ? [] : checked.problems),
    ];
    if (found.length > 0 || !checked.ok || !personId) {
      problems.push({ line, problems: found });
      return;
    }
    records.push({
      schoolId,
      personId,
      ...checked.value,
      recordedBy: props.recordedBy,
      recordedAt: at,
      source: 'import',
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  const added = await training.recordAll(records);
  return { ok: true, lines: records.length, added };
}
