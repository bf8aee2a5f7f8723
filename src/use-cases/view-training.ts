import type { LocalDate } from '../domain/calendar/term-dates.js';
import type { Course } from '../domain/training/catalogue.js';
import {
  type MatrixRow,
  type TrainingStatus,
  trainingMatrix,
  trainingStatus,
} from '../domain/training/status.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { TrainingRecord, TrainingRepository } from '../store/training-repository.js';

export type MyCourse = { course: Course; status: TrainingStatus; last: TrainingRecord | undefined };

/**
 * One person's standing on every course in their school's catalogue, most urgent first; courses
 * their roles do not need come last. Undefined when they are not staff of the school.
 */
export async function viewMyTraining(props: {
  training: TrainingRepository;
  directory: DirectoryRepository;
  schoolId: string;
  personId: string;
  today: LocalDate;
}): Promise<MyCourse[] | undefined> {
  const { training, directory, schoolId, personId, today } = props;
  const [staff, catalogue, records, calendar] = await Promise.all([
    training.staff(schoolId),
    training.catalogue(schoolId),
    training.records(schoolId, personId),
    directory.calendar(schoolId),
  ]);
  const person = staff.find((s) => s.id === personId);
  if (!person) return undefined;
  const order = { overdue: 0, 'not-started': 1, 'due-soon': 2, done: 3, 'not-required': 4 } as const;
  return catalogue
    .map((course) => {
      const mine = records.filter((r) => r.courseId === course.id);
      const status = trainingStatus({
        course,
        person,
        completions: mine.map((r) => r.completedOn),
        today,
        calendar,
      });
      const last = mine.filter((r) => r.completedOn <= today).at(-1);
      return { course, status, last };
    })
    .sort((a, b) => order[a.status.state] - order[b.status.state]);
}

export type TrainingOverview = {
  catalogue: Course[];
  people: { id: string; displayName: string }[];
  /** Every person against every course they need, most urgent first (status.ts trainingMatrix). */
  rows: MatrixRow[];
};

/** The school's training matrix for the leadership view; courses nobody needs are left out. */
export async function viewTrainingMatrix(props: {
  training: TrainingRepository;
  directory: DirectoryRepository;
  schoolId: string;
  today: LocalDate;
}): Promise<TrainingOverview> {
  const { training, directory, schoolId, today } = props;
  const [staff, catalogue, records, calendar] = await Promise.all([
    training.staff(schoolId),
    training.catalogue(schoolId),
    training.records(schoolId),
    directory.calendar(schoolId),
  ]);
  const rows = trainingMatrix(staff, catalogue, records, today, calendar).filter(
    (r) => r.state !== 'not-required',
  );
  return {
    catalogue: catalogue.filter((c) => rows.some((r) => r.courseId === c.id)),
    people: staff.map((s) => ({ id: s.id, displayName: s.displayName })),
    rows,
  };
}
