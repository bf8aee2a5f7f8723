import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { LessonLibrary } from '../../content/lesson-library.js';
import { SCHOOL_TIME_ZONE } from '../../domain/calendar/school-time.js';
import type { AttendanceMark, RegisterRecord, RegisterSource } from '../../store/attendance-repository.js';
import type { LessonRegister } from '../../use-cases/take-register.js';
import type { TrainingRegister } from '../../use-cases/take-training-register.js';
import type { CardRenderer } from '../cards.js';
import { formatLocalDate } from './plan.js';

export const REGISTER_CARD = 'register';
/** Each pupil's choice on the card is the input `mark-<personId>`. */
export const MARK_INPUT_PREFIX = 'mark-';

export type RegisterCardData = {
  title: string;
  subtitle: string;
  notices: { text: string }[];
  noticeStyle: 'good' | 'attention' | 'accent';
  intro: string;
  history: { text: string }[];
  pupils: { inputId: string; name: string; mark: AttendanceMark }[];
  meetingHeading: string;
  meeting: string;
  fillTitle: string;
  plannedLessonId: string;
  /** New each time the card is drawn: saving one drawing of the card saves one version. */
  formId: string;
  source: RegisterSource;
  meetingId: string;
  saveTitle: string;
};

const when = (at: Date) => format(new TZDate(at, SCHOOL_TIME_ZONE), 'EEEE d MMMM yyyy, HH:mm');

function historyLine(cards: CardRenderer, r: RegisterRecord): string {
  const line = cards.text(
    r.version === 1 ? 'attendance.register.history.first' : 'attendance.register.history.correction',
    { name: r.takenByName, when: when(r.takenAt) },
  );
  return r.source === 'teams-meeting'
    ? cards.text('attendance.register.history.fromMeeting', { line })
    : line;
}

/**
 * The register card: the class with each pupil's mark (the current register's, a meeting's
 * proposal, or present for all when none is taken), who took each version and when, and the
 * meeting link box. `proposal` marks come from Graph and are saved only when the teacher confirms.
 */
export function registerCardData(
  cards: CardRenderer,
  lessons: LessonLibrary,
  register: LessonRegister,
  options: {
    notices?: readonly string[];
    noticeStyle?: RegisterCardData['noticeStyle'];
    proposal?: { marks: ReadonlyMap<string, AttendanceMark>; meetingId: string; meeting: string };
  } = {},
): RegisterCardData {
  const { lesson } = register;
  const current = register.history.at(-1);
  const currentMark = new Map(current?.marks.map((m) => [m.personId, m.mark]));
  const markOf = (id: string): AttendanceMark =>
    options.proposal?.marks.get(id) ?? currentMark.get(id) ?? 'present';
  return {
    title: cards.text('attendance.register.title', { className: register.className }),
    subtitle: cards.text('attendance.register.subtitle', {
      lessonTitle: lessons.byId(lesson.lessonId)?.title ?? lesson.lessonId,
      date: formatLocalDate(lesson.localDate),
      time: lesson.localTime,
    }),
    notices: (options.notices ?? []).filter((n) => n !== '').map((text) => ({ text })),
    noticeStyle: options.noticeStyle ?? 'good',
    intro: cards.text(current ? 'attendance.register.intro.taken' : 'attendance.register.intro.new'),
    history: register.history.map((r) => ({ text: historyLine(cards, r) })),
    pupils: register.pupils.map((p) => ({
      inputId: `${MARK_INPUT_PREFIX}${p.id}`,
      name: p.displayName,
      mark: markOf(p.id),
    })),
    meetingHeading: cards.text('attendance.meeting.heading'),
    meeting: options.proposal?.meeting ?? '',
    fillTitle: cards.text('attendance.meeting.fill'),
    plannedLessonId: lesson.id,
    formId: randomUUID(),
    source: options.proposal ? 'teams-meeting' : 'manual',
    meetingId: options.proposal?.meetingId ?? '',
    saveTitle: cards.text(options.proposal ? 'attendance.register.confirm' : 'attendance.register.save'),
  };
}

/** "Saved: 3 present, 0 late, 1 absent." */
export function savedText(cards: CardRenderer, register: RegisterRecord): string {
  const count = (mark: AttendanceMark) => String(register.marks.filter((m) => m.mark === mark).length);
  return cards.text('attendance.register.saved', {
    present: count('present'),
    late: count('late'),
    absent: count('absent'),
  });
}

export const TRAINING_REGISTER_CARD = 'register-training';

export type TrainingRegisterCardData = {
  title: string;
  notices: { text: string }[];
  noticeStyle: RegisterCardData['noticeStyle'];
  intro: string;
  courses: { title: string; value: string }[];
  courseId: string;
  completedOn: string;
  today: string;
  provider: string;
  showTitle: string;
  history: { text: string }[];
  staff: { inputId: string; name: string; mark: AttendanceMark }[];
  meetingHeading: string;
  meeting: string;
  fillTitle: string;
  formId: string;
  source: RegisterSource;
  meetingId: string;
  saveTitle: string;
};

/**
 * A training session's register: the course, its date and who ran it, then each member of staff
 * (absent until marked: the course is recorded as done for those who came, so nobody is credited
 * by default). What was typed is kept when the card is drawn again.
 */
export function trainingRegisterCardData(
  cards: CardRenderer,
  register: TrainingRegister,
  options: {
    today: string;
    values?: { courseId?: string; completedOn?: string; provider?: string };
    notices?: readonly string[];
    noticeStyle?: RegisterCardData['noticeStyle'];
    proposal?: { marks: ReadonlyMap<string, AttendanceMark>; meetingId: string; meeting: string };
  },
): TrainingRegisterCardData {
  const current = register.history.at(-1);
  const currentMark = new Map(current?.marks.map((m) => [m.personId, m.mark]));
  return {
    title: cards.text('attendance.training.title'),
    notices: (options.notices ?? []).filter((n) => n !== '').map((text) => ({ text })),
    noticeStyle: options.noticeStyle ?? 'good',
    intro: cards.text(current ? 'attendance.training.intro.taken' : 'attendance.training.intro'),
    courses: register.catalogue.map((c) => ({ title: c.title, value: c.id })),
    courseId: register.session?.courseId ?? options.values?.courseId ?? '',
    completedOn: register.session?.completedOn ?? options.values?.completedOn ?? options.today,
    today: options.today,
    provider: options.values?.provider ?? '',
    showTitle: cards.text('attendance.training.show'),
    history: register.history.map((r) => ({ text: historyLine(cards, r) })),
    staff: register.staff.map((s) => ({
      inputId: `${MARK_INPUT_PREFIX}${s.id}`,
      name: s.displayName,
      mark: options.proposal?.marks.get(s.id) ?? currentMark.get(s.id) ?? 'absent',
    })),
    meetingHeading: cards.text('attendance.training.meetingHeading'),
    meeting: options.proposal?.meeting ?? '',
    fillTitle: cards.text('attendance.meeting.fill'),
    formId: randomUUID(),
    source: options.proposal ? 'teams-meeting' : 'manual',
    meetingId: options.proposal?.meetingId ?? '',
    saveTitle: cards.text(options.proposal ? 'attendance.register.confirm' : 'attendance.register.save'),
  };
}
