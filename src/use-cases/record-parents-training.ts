import { z } from 'zod';
import { isLocalDate } from '../domain/calendar/school-time.js';
import type { LocalDate } from '../domain/calendar/term-dates.js';
import { canRecords, type RecordsActor } from '../domain/training/access.js';
import { reminderKey } from '../domain/training/reminders.js';
import { addYearsTo } from '../domain/training/status.js';
import type { PolicyRepository } from '../store/policy-repository.js';

export type ParentsMeetingProblem =
  | 'title-missing'
  | 'date-not-a-date'
  | 'date-out-of-range'
  | 'attended-not-a-number'
  | 'attended-before-held';

/** As typed on the card: text in, checked here. */
export const ParentsMeetingInputSchema = z.object({
  title: z.string().trim().max(200).default(''),
  heldOn: z.string().trim().max(40).default(''),
  attended: z.string().trim().max(10).default(''),
});
export type ParentsMeetingInput = z.infer<typeof ParentsMeetingInputSchema>;

export type RecordParentsMeetingResult =
  | { outcome: 'added' | 'updated' | 'unchanged'; heldOn: LocalDate; title: string }
  | { outcome: 'invalid'; problems: ParentsMeetingProblem[] }
  | { outcome: 'not-allowed' };

/**
 * Records a parents' e-safety meeting (004 §14: parents are invited to online-safety training every
 * year), planned or held; the attendance (a count: parents are not on the roster) once it has
 * happened. Recording one for this academic year stops leadership's reminder.
 */
export async function recordParentsTraining(props: {
  policies: PolicyRepository;
  schoolId: string;
  actor: RecordsActor;
  input: ParentsMeetingInput;
  today: LocalDate;
  at: Date;
}): Promise<RecordParentsMeetingResult> {
  const { policies, schoolId, actor, input, today, at } = props;
  if (!canRecords(actor, 'record-parent-meeting')) return { outcome: 'not-allowed' };
  const problems: ParentsMeetingProblem[] = [];
  if (input.title === '' || input.title.length > 120) problems.push('title-missing');
  if (!isLocalDate(input.heldOn)) problems.push('date-not-a-date');
  else if (input.heldOn < addYearsTo(today, -2) || input.heldOn > addYearsTo(today, 1))
    problems.push('date-out-of-range');
  let attendedCount: number | undefined;
  if (input.attended !== '') {
    attendedCount = /^\d{1,5}$/.test(input.attended) ? Number(input.attended) : undefined;
    if (attendedCount === undefined) problems.push('attended-not-a-number');
    else if (isLocalDate(input.heldOn) && input.heldOn > today) problems.push('attended-before-held');
  }
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const outcome = await policies.saveParentMeeting(schoolId, {
    title: input.title,
    heldOn: input.heldOn,
    organiserId: actor.personId,
    attendedCount,
    at,
    idempotencyKey: reminderKey('parents-meeting', schoolId, input.heldOn, input.title.toLowerCase()),
  });
  return { outcome, heldOn: input.heldOn, title: input.title };
}
