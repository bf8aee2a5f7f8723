import type { Person } from '../domain/directory/person.js';
import { canRecords } from '../domain/training/access.js';
import type { Catalogue } from '../domain/training/catalogue.js';
import type { AttendanceRepository, RegisterRecord, RosterEntry } from '../store/attendance-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';

/**
 * A training session is named by its course and day: the same course on the same day is one
 * session, as it is one training record per person (store/training-repository.ts trainingRecordKey).
 */
export const trainingSessionId = (courseId: string, completedOn: string) => `${courseId}/${completedOn}`;

export type TrainingRegister = {
  catalogue: Catalogue;
  /** Every member of staff now, by name. */
  staff: RosterEntry[];
  /** The session shown, when one was chosen, with every version of its register. */
  session: { courseId: string; completedOn: string } | undefined;
  history: RegisterRecord[];
};

/**
 * Who came to a training session (issue 6 §7), kept by those who record training for others
 * (leadership, the headteacher, the admin: domain/training/access.ts); anyone else is refused.
 */
export async function trainingRegister(
  deps: { training: TrainingRepository; attendance: AttendanceRepository },
  props: { person: Person | undefined; courseId?: string | undefined; completedOn?: string | undefined },
): Promise<{ ok: true; register: TrainingRegister } | { ok: false; reason: 'not-allowed' }> {
  const person = props.person;
  if (!person || !canRecords({ personId: person.id, roles: person.roles }, 'record-training-for-others'))
    return { ok: false, reason: 'not-allowed' };
  const catalogue = await deps.training.catalogue(person.schoolId);
  const staff = await deps.attendance.roster((await deps.training.staff(person.schoolId)).map((s) => s.id));
  const session =
    props.courseId && props.completedOn && catalogue.some((c) => c.id === props.courseId)
      ? { courseId: props.courseId, completedOn: props.completedOn }
      : undefined;
  const history = session
    ? await deps.attendance.history({
        kind: 'training-session',
        id: trainingSessionId(session.courseId, session.completedOn),
      })
    : [];
  return { ok: true, register: { catalogue, staff, session, history } };
}
