import { z } from 'zod';
import { isLocalDate } from '../domain/calendar/school-time.js';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import type { Catalogue } from '../domain/training/catalogue.js';
import { addYearsTo } from '../domain/training/status.js';
import type { RecordSource, TrainingRepository } from '../store/training-repository.js';

/**
 * What someone may get wrong when recording a course, as codes: the card and the CSV import turn
 * each into kind words (cards/text/training.json `training.problem.<code>`).
 */
export type TrainingInputProblem =
  | 'course-unknown'
  | 'date-missing'
  | 'date-not-a-date'
  | 'date-in-future'
  | 'date-too-old'
  | 'provider-missing'
  | 'provider-too-long'
  | 'certificate-not-a-link'
  | 'certificate-needed'
  | 'person-unknown'
  | 'record-unknown';

/**
 * A training record as typed on the card or in a CSV line: text in, checked here, before anything
 * is stored. Trimmed; an empty certificate is no certificate.
 */
export const TrainingInputSchema = z.object({
  courseId: z.string().trim().max(80).default(''),
  completedOn: z.string().trim().max(40).default(''),
  provider: z.string().trim().max(400).default(''),
  certificateUrl: z.string().trim().max(2000).default(''),
});
export type TrainingInput = z.infer<typeof TrainingInputSchema>;

/** Records older than this are not training anyone can rely on now: almost certainly a typo. */
const OLDEST_YEARS = 10;
const MAX_PROVIDER = 200;

export type CheckedTraining = {
  courseId: string;
  completedOn: LocalDate;
  provider: string;
  certificateUrl: string | undefined;
};

/** Every problem with the input, or the record to store. */
export function checkTrainingInput(
  input: TrainingInput,
  catalogue: Catalogue,
  today: LocalDate,
): { ok: true; value: CheckedTraining } | { ok: false; problems: TrainingInputProblem[] } {
  const problems: TrainingInputProblem[] = [];
  const course = catalogue.find((c) => c.id === input.courseId);
  if (!course) problems.push('course-unknown');
  const date = normaliseDate(input.completedOn);
  if (input.completedOn === '') problems.push('date-missing');
  else if (!date) problems.push('date-not-a-date');
  else if (date > today) problems.push('date-in-future');
  else if (date < addYearsTo(today, -OLDEST_YEARS)) problems.push('date-too-old');
  if (input.provider === '') problems.push('provider-missing');
  else if (input.provider.length > MAX_PROVIDER) problems.push('provider-too-long');
  let certificateUrl: string | undefined;
  if (input.certificateUrl !== '') {
    if (isWebLink(input.certificateUrl)) certificateUrl = input.certificateUrl;
    else problems.push('certificate-not-a-link');
  } else if (course?.evidenceRequired) problems.push('certificate-needed');
  if (problems.length > 0 || !course || !date) return { ok: false, problems };
  return {
    ok: true,
    value: { courseId: course.id, completedOn: date, provider: input.provider, certificateUrl },
  };
}

/** YYYY-MM-DD (what Input.Date sends) or DD/MM/YYYY (what a UK spreadsheet writes). */
function normaliseDate(text: string): LocalDate | undefined {
  if (isLocalDate(text)) return text;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!uk) return undefined;
  const iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return isLocalDate(iso) ? iso : undefined;
}

function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export type RecordTrainingResult =
  | {
      outcome: 'recorded' | 'already-recorded' | 'corrected' | 'already-corrected';
      courseId: string;
      completedOn: LocalDate;
    }
  | { outcome: 'invalid'; problems: TrainingInputProblem[] }
  | { outcome: 'not-allowed' };

/**
 * Records a course done: by the person themselves, or by leadership or an admin for a member of
 * staff of the same school (deny by default, domain/training/access.ts). Committed before anyone is
 * told it was done; the same course on the same day is recorded once.
 */
export async function recordTraining(props: {
  training: TrainingRepository;
  schoolId: string;
  actor: RecordsActor;
  /** Whose training it is; the actor's own when undefined. */
  personId?: string | undefined;
  /**
   * A record of theirs this one puts right (a wrong date, a missing certificate). The old record is
   * kept as written and marked corrected (migration 006); the course stays the record's own.
   */
  correctsId?: string | undefined;
  input: TrainingInput;
  today: LocalDate;
  at: Date;
}): Promise<RecordTrainingResult> {
  const { training, schoolId, actor, input, today, at } = props;
  const personId = props.personId ?? actor.personId;
  const own = personId === actor.personId;
  if (!canRecords(actor, own ? 'record-own-training' : 'record-training-for-others'))
    return { outcome: 'not-allowed' };
  if (!own) {
    const staff = await training.staff(schoolId);
    if (!staff.some((s) => s.id === personId)) return { outcome: 'invalid', problems: ['person-unknown'] };
  }
  const catalogue = await training.catalogue(schoolId);
  const source: RecordSource = own ? 'self' : 'on-behalf';
  if (props.correctsId) {
    const old = (await training.records(schoolId, personId)).find((r) => r.id === props.correctsId);
    if (!old) return { outcome: 'invalid', problems: ['record-unknown'] };
    const checked = checkTrainingInput({ ...input, courseId: old.courseId }, catalogue, today);
    if (!checked.ok) return { outcome: 'invalid', problems: checked.problems };
    const corrected = await training.correct({
      schoolId,
      recordId: old.id,
      replacement: {
        completedOn: checked.value.completedOn,
        provider: checked.value.provider,
        certificateUrl: checked.value.certificateUrl,
        recordedBy: actor.personId,
        recordedAt: at,
        source,
      },
      by: actor.personId,
      at,
    });
    return {
      outcome: corrected ? 'corrected' : 'already-corrected',
      courseId: old.courseId,
      completedOn: checked.value.completedOn,
    };
  }
  const checked = checkTrainingInput(input, catalogue, today);
  if (!checked.ok) return { outcome: 'invalid', problems: checked.problems };
  const { recorded } = await training.record({
    schoolId,
    personId,
    ...checked.value,
    recordedBy: actor.personId,
    recordedAt: at,
    source,
  });
  return {
    outcome: recorded ? 'recorded' : 'already-recorded',
    courseId: checked.value.courseId,
    completedOn: checked.value.completedOn,
  };
}
