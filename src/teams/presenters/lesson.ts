import { type LessonLibrary, loadLessonLibrary } from '../../content/lesson-library.js';
import type { Lesson, Question } from '../../domain/curriculum/lesson.js';
import type { CardRenderer } from '../cards.js';
import { formatLocalDate } from './plan.js';

export type LessonCardData = {
  plannedLessonId: string;
  catchUp: boolean;
  catchUpIntro: string;
  title: string;
  summary: string;
  sections: { heading: string; text: string }[];
  reflection: string;
  quizHeading: string;
  quizIntro: string;
  scenario: string;
  prompt: string;
  questionId: string;
  choices: { id: string; label: string }[];
  helpIntro: string;
  helpRoutes: { text: string }[];
};

/** A choice as a button: ages 4-7 see the picture first (STYLE.md: a few words and a picture). */
export const choiceLabel = (choice: Question['choices'][number]) =>
  choice.emoji ? `${choice.emoji} ${choice.text}` : choice.text;

/** The lesson card for the class channel (or a pupil's catch-up): content, the quiz's first question, help. */
export function lessonCardData(
  cards: CardRenderer,
  lesson: Lesson,
  props: { plannedLessonId: string; catchUp: boolean },
): LessonCardData {
  const first = lesson.quiz.questions[0];
  return {
    plannedLessonId: props.plannedLessonId,
    catchUp: props.catchUp,
    catchUpIntro: props.catchUp ? cards.text('teaching.lesson.catchUpIntro') : '',
    title: lesson.title,
    summary: lesson.summary,
    sections: lesson.sections.map((s) => ({
      heading: s.emoji ? `${s.emoji} ${s.heading}` : s.heading,
      text: s.text,
    })),
    reflection: lesson.reflection,
    quizHeading: cards.text('teaching.lesson.quizHeading'),
    quizIntro: cards.text(`teaching.lesson.quizIntro.${lesson.quiz.mode}`),
    scenario: first?.scenario ?? '',
    prompt: first?.prompt ?? '',
    questionId: first?.id ?? '',
    choices: (first?.choices ?? []).map((c) => ({ id: c.id, label: choiceLabel(c) })),
    helpIntro: lesson.help.intro,
    helpRoutes: lesson.help.routes.map((r) => ({ text: r.text })),
  };
}

let sendTimeLibrary: LessonLibrary | undefined;
/**
 * Queued lesson cards hold ids; the words come from the lesson files of the release that sends
 * them. The bot has already checked these files at start-up, so this load does not fail.
 */
function library(): LessonLibrary {
  sendTimeLibrary ??= loadLessonLibrary();
  return sendTimeLibrary;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Outbox presenter for `lesson`: `{ plannedLessonId, lessonId, catchUp? }`. */
export function queuedLessonCardData(data: Record<string, unknown>, cards: CardRenderer): object {
  const lesson = library().byId(str(data.lessonId));
  if (!lesson) throw new Error('lesson.unknown-id');
  return lessonCardData(cards, lesson, {
    plannedLessonId: str(data.plannedLessonId),
    catchUp: data.catchUp === true,
  });
}

/** Outbox presenter for `lesson-reminder`: the teacher notes, the day before. */
export function queuedLessonReminderData(data: Record<string, unknown>, cards: CardRenderer): object {
  const lesson = library().byId(str(data.lessonId));
  if (!lesson) throw new Error('lesson.unknown-id');
  const notes = lesson.teacherNotes;
  return {
    plannedLessonId: str(data.plannedLessonId),
    title: cards.text('teaching.reminder.title', { title: lesson.title }),
    when: cards.text('teaching.reminder.when', {
      className: str(data.className),
      date: formatLocalDate(str(data.localDate)),
      time: str(data.localTime),
    }),
    notesHeading: cards.text('teaching.reminder.notesHeading'),
    overview: notes.overview,
    steps: notes.howToRun.map((text, i) => ({ number: String(i + 1), text })),
    disclosure: notes.disclosure,
  };
}

/** Outbox presenter for `lesson-notice`: a short note to a teacher or the PSHE lead, by code. */
export function queuedLessonNoticeData(data: Record<string, unknown>, cards: CardRenderer): object {
  const values = {
    className: str(data.className),
    title: library().byId(str(data.lessonId))?.title ?? '',
    date: formatLocalDate(str(data.localDate)),
    time: str(data.localTime),
  };
  if (str(data.notice) === 'results') {
    return {
      title: cards.text('teaching.notice.results.title', values),
      text:
        data.answeredTogether === true
          ? cards.text('teaching.notice.results.textTogether', values)
          : cards.text('teaching.notice.results.text', {
              ...values,
              n: String(Number(data.tookPart) || 0),
              total: String(Number(data.pupils) || 0),
            }),
      actions: [
        {
          title: cards.text('teaching.notice.results.button'),
          verb: 'results.show',
          data: { plannedLessonId: str(data.plannedLessonId) },
        },
      ],
    };
  }
  const notice = str(data.notice) === 'no-channel' ? 'no-channel' : 'undelivered';
  return {
    title: cards.text(`teaching.notice.${notice}.title`),
    text: cards.text(`teaching.notice.${notice}.text`, values),
  };
}
