import { isLocalTime } from '../domain/calendar/school-time.js';
import { PSHE_DAYS, type PsheDay } from '../domain/curriculum/term-plan.js';
import type { Person } from '../domain/directory/person.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass } from './lesson-access.js';

export type SetSlotResult =
  | { ok: true }
  | { ok: false; reason: 'not-allowed' | 'not-found' | 'bad-day' | 'bad-time' };

/** A class's usual PSHE day and time, changed by its teacher (or the PSHE lead) for the next plan. */
export async function setPlanSlot(
  deps: { teaching: TeachingRepository },
  props: { person: Person | undefined; classId: string; psheDay: string; psheTime: string },
): Promise<SetSlotResult> {
  const cls = await deps.teaching.classById(props.classId);
  if (!cls) return { ok: false, reason: 'not-found' };
  if (!canManageClass(props.person, cls)) return { ok: false, reason: 'not-allowed' };
  if (!(PSHE_DAYS as readonly string[]).includes(props.psheDay)) return { ok: false, reason: 'bad-day' };
  if (!isLocalTime(props.psheTime)) return { ok: false, reason: 'bad-time' };
  await deps.teaching.setSlot({
    schoolId: cls.schoolId,
    classId: cls.id,
    psheDay: props.psheDay as PsheDay,
    psheTime: props.psheTime,
    by: (props.person as Person).id,
  });
  return { ok: true };
}
