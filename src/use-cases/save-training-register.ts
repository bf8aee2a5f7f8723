import { utcToSchoolTime } from '../domain/calendar/school-time.js';
import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type {
  AttendanceMark,
  AttendanceRepository,
  RegisterRecord,
  RegisterSource,
} from '../store/attendance-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { checkTrainingInput, type TrainingInputProblem } from './record-training.js';
import { trainingRegister, trainingSessionId } from './take-training-register.js';

export type SaveTrainingRegisterResult =
  | {
      ok: true;
      register: RegisterRecord;
      created: boolean;
      /** Training records added for those who came, and withdrawn for those a correction says did not. */
      recorded: number;
      withdrawn: number;
    }
  | { ok: false; reason: 'not-allowed' | 'roster-changed' }
  | { ok: false; reason: 'problems'; problems: TrainingInputProblem[] };

const CAME: readonly AttendanceMark[] = ['present', 'late'];

/**
 * Saves who came to a training session as the session's next register version, and with it the
 * course is done for those who came (issue 6 §7: "Attendance at a training session can complete
 * the course for those present"). A correction that says someone did not come withdraws the record
 * this register made for them (the record stays, marked withdrawn: training-repository.ts); one
 * they recorded themselves is theirs and is left alone. Registers and records each save once per
 * key, so pressing the same form again (after a failure half way) finishes the job without doubling it.
 */
export async function saveTrainingRegister(
  deps: { training: TrainingRepository; attendance: AttendanceRepository; clock: Clock },
  props: {
    person: Person | undefined;
    formId: string;
    courseId: string;
    completedOn: string;
    provider: string;
    source: RegisterSource;
    meetingId?: string | undefined;
    marks: ReadonlyMap<string, AttendanceMark>;
  },
): Promise<SaveTrainingRegisterResult> {
  const found = await trainingRegister(deps, { person: props.person });
  if (!found.ok) return found;
  const person = props.person as Person;
  const now = deps.clock.now();
  const checked = checkTrainingInput(
    {
      courseId: props.courseId,
      completedOn: props.completedOn,
      provider: props.provider,
      certificateUrl: '',
    },
    found.register.catalogue,
    utcToSchoolTime(now).date,
  );
  // The register is the evidence that they came: no certificate is asked for.
  const problems = checked.ok ? [] : checked.problems.filter((p) => p !== 'certificate-needed');
  if (problems.length > 0) return { ok: false, reason: 'problems', problems };
  const courseId = props.courseId;
  const completedOn = checked.ok ? checked.value.completedOn : props.completedOn;
  const provider = props.provider.trim();
  const staff = found.register.staff;
  const ids = new Set(staff.map((s) => s.id));
  if (props.marks.size !== ids.size || [...props.marks.keys()].some((id) => !ids.has(id)))
    return { ok: false, reason: 'roster-changed' };

  const saved = await deps.attendance.save({
    schoolId: person.schoolId,
    session: { kind: 'training-session', id: trainingSessionId(courseId, completedOn) },
    source: props.source,
    meetingId: props.meetingId,
    takenBy: person.id,
    takenAt: now,
    idempotencyKey: `register:training:${props.formId}`,
    marks: staff.map((s) => ({ personId: s.id, mark: props.marks.get(s.id) ?? 'absent' })),
  });

  let recorded = 0;
  let withdrawn = 0;
  const came = new Set(saved.register.marks.filter((m) => CAME.includes(m.mark)).map((m) => m.personId));
  // Each pass writes only its own person's rows, so one read before the loop serves them all.
  const before = await deps.training.records(person.schoolId);
  for (const { personId } of saved.register.marks) {
    const counted = before.find(
      (r) => r.personId === personId && r.courseId === courseId && r.completedOn === completedOn,
    );
    if (came.has(personId)) {
      if (counted) continue;
      // A record withdrawn by an earlier correction is put back by correcting the withdrawal.
      const rows = await deps.training.history(person.schoolId, personId);
      const replaced = new Set(rows.map((r) => r.correctsId));
      const withdrawal = rows.find(
        (r) => r.courseId === courseId && r.completedOn === completedOn && r.withdrawn && !replaced.has(r.id),
      );
      const record = {
        completedOn,
        provider,
        recordedBy: person.id,
        recordedAt: now,
        source: 'register' as const,
      };
      const added = withdrawal
        ? await deps.training.correct({
            schoolId: person.schoolId,
            recordId: withdrawal.id,
            replacement: record,
            by: person.id,
            at: now,
          })
        : (await deps.training.record({ schoolId: person.schoolId, personId, courseId, ...record })).recorded;
      if (added) recorded += 1;
    } else if (counted?.source === 'register') {
      const done = await deps.training.correct({
        schoolId: person.schoolId,
        recordId: counted.id,
        replacement: 'withdraw',
        by: person.id,
        at: now,
      });
      if (done) withdrawn += 1;
    }
  }
  return { ok: true, ...saved, recorded, withdrawn };
}
