import type { Person } from '../domain/directory/person.js';
import {
  isMeetingReference,
  type MeetingAttendanceReader,
  type MeetingAttendanceReport,
} from '../graph/meeting-attendance.js';
import type { AttendanceMark, AttendanceRepository, RosterEntry } from '../store/attendance-repository.js';
import type { TeachingRepository } from '../store/teaching-repository.js';
import { type LessonRegister, lessonRegister } from './take-register.js';

/** Present means in the meeting for at least this share of it (issue 6 §8: a minimum, then the person checks). */
export const PRESENT_SHARE = 0.5;

export type MarksFromMeeting = {
  meetingId: string;
  marks: Map<string, AttendanceMark>;
  /** People of the roster found in the report, and those who joined for less than the minimum. */
  joined: number;
  briefly: number;
};

export type MeetingProblem =
  | 'not-connected'
  | 'bad-meeting'
  | 'no-organiser'
  | 'meeting-not-found'
  | 'no-report'
  | 'refused'
  | 'unavailable';

export type ProposeResult =
  | { ok: true; proposal: MarksFromMeeting & { register: LessonRegister } }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-taught-yet' | MeetingProblem };

type MeetingDeps = {
  attendance: AttendanceRepository;
  meetingAttendance: MeetingAttendanceReader | undefined;
};

/**
 * Reads the lesson's Teams meeting attendance report through Graph and proposes the register from
 * it. Nothing is saved: the teacher checks the proposal on the register card and saves it
 * (use-cases/save-register.ts).
 */
export async function proposeRegisterFromMeeting(
  deps: MeetingDeps & { teaching: TeachingRepository },
  props: {
    person: Person | undefined;
    plannedLessonId: string;
    meeting: string;
    tenantId: string | undefined;
  },
): Promise<ProposeResult> {
  const found = await lessonRegister(deps, props);
  if (!found.ok) return found;
  const read = await marksFromMeeting(deps, {
    person: props.person as Person,
    roster: found.register.pupils,
    meeting: props.meeting,
    tenantId: props.tenantId,
    near: found.register.lesson.startsAt,
  });
  if (!read.ok) return read;
  return { ok: true, proposal: { ...read.proposal, register: found.register } };
}

/**
 * The marks a meeting's attendance report suggests for a roster, read with the person's own
 * account as the organiser (application permission reads a meeting through its organiser). The
 * caller checks the person may take this register.
 */
export async function marksFromMeeting(
  deps: MeetingDeps,
  props: {
    person: Person;
    roster: readonly RosterEntry[];
    meeting: string;
    tenantId: string | undefined;
    near?: Date | undefined;
  },
): Promise<{ ok: true; proposal: MarksFromMeeting } | { ok: false; reason: MeetingProblem }> {
  if (!deps.meetingAttendance) return { ok: false, reason: 'not-connected' };
  const meeting = props.meeting.trim();
  if (!isMeetingReference(meeting)) return { ok: false, reason: 'bad-meeting' };
  const [me] = await deps.attendance.roster([props.person.id]);
  if (!me?.aadObjectId) return { ok: false, reason: 'no-organiser' };
  const read = await deps.meetingAttendance.attendance({
    tenantId: props.tenantId,
    organizerAadObjectId: me.aadObjectId,
    meeting,
    near: props.near,
  });
  if (!read.ok) return { ok: false, reason: read.reason === 'not-found' ? 'meeting-not-found' : read.reason };
  return { ok: true, proposal: proposeMarks(props.roster, read.report) };
}

/**
 * Pure: each person of the roster matched by Entra object id, present when they attended at least
 * half the meeting, absent otherwise (a late arrival is for the person taking it to judge).
 */
export function proposeMarks(
  roster: readonly RosterEntry[],
  report: MeetingAttendanceReport,
): MarksFromMeeting {
  const seconds = new Map<string, number>();
  for (const a of report.attendees) {
    if (!a.aadObjectId) continue;
    const id = a.aadObjectId.toLowerCase();
    seconds.set(id, (seconds.get(id) ?? 0) + a.totalSeconds);
  }
  const length =
    report.meetingStart && report.meetingEnd
      ? Math.max(0, (report.meetingEnd.getTime() - report.meetingStart.getTime()) / 1000)
      : 0;
  // Without the meeting's length, anyone who joined at all counts as there.
  const minimum = length > 0 ? length * PRESENT_SHARE : 1;
  const marks = new Map<string, AttendanceMark>();
  let joined = 0;
  let briefly = 0;
  for (const person of roster) {
    const attended = person.aadObjectId ? (seconds.get(person.aadObjectId.toLowerCase()) ?? 0) : 0;
    if (attended > 0) joined += 1;
    if (attended > 0 && attended < minimum) briefly += 1;
    marks.set(person.id, attended >= minimum ? 'present' : 'absent');
  }
  return { meetingId: report.meetingId, marks, joined, briefly };
}
