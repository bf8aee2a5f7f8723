import { HALF_TERMS } from '../../../src/domain/curriculum/coverage.js';
import {
  AGE_BANDS,
  type AgeBand,
  FOUR_CS,
  type FourC,
  type HalfTermNumber,
  type Lesson,
  QUIZ_MODE_FOR_BAND,
  type Question,
  REQUIRED_HELP_ROUTES_FOR_BAND,
  STRANDS,
  type Strand,
  type Term,
} from '../../../src/domain/curriculum/lesson.js';

export const TEACHER_ONLY = 'Teacher only words';

const ROUTE_TEXT = {
  'trusted-adult': 'Tell a grown-up you trust.',
  'report-to-school': 'Tap the report button in this chat.',
  childline: 'Call Childline on 0800 1111. It is free.',
  ceop: 'If an adult asks for pictures, use CEOP.',
  'report-remove': 'If a nude photo of you is online, use Report Remove.',
  'report-harmful-content': 'Use Report Harmful Content.',
} as const;

function question(band: AgeBand, index: number): Question {
  const teacherLed = QUIZ_MODE_FOR_BAND[band] === 'teacher-led';
  const scenario = QUIZ_MODE_FOR_BAND[band] === 'scenario';
  return {
    id: `q${index + 1}`,
    kind: 'single',
    ...(scenario ? { scenario: 'Sam gets a message from someone she does not know.' } : {}),
    prompt: 'What should Sam do?',
    choices: [
      { id: 'tell', text: 'Tell a grown-up.', correct: true, ...(teacherLed ? { emoji: '🧑‍🏫' } : {}) },
      { id: 'reply', text: 'Reply to it.', correct: false, ...(teacherLed ? { emoji: '💬' } : {}) },
    ],
    explanation: 'A grown-up can help. Sam is not in trouble.',
  };
}

export interface FixtureOptions {
  band?: AgeBand;
  term?: Term;
  halfTerm?: HalfTermNumber;
  slug?: string;
  strands?: Strand[];
  fourCs?: FourC[];
}

/** A lesson that passes every rule for its band; tests break one thing at a time. */
export function validLesson(options: FixtureOptions = {}): Lesson {
  const { band = '7-11', term = 'autumn', halfTerm = 1, slug = 'safe-chats' } = options;
  const questionCount = band === '4-7' ? 3 : 5;
  return {
    id: `${band}-${term}-${halfTerm}-${slug}`,
    band,
    term,
    halfTerm,
    title: 'Safe chats',
    summary: 'We learn what to do when a chat feels wrong.',
    strands: options.strands ?? ['online-relationships'],
    fourCs: options.fourCs ?? ['contact'],
    outcomes: ['I can say who to tell.', 'I can say no to a chat I do not like.'],
    durationMinutes: 20,
    teacherNotes: {
      overview: `${TEACHER_ONLY}: an overview.`,
      howToRun: ['Read the story.', 'Talk about it.', 'Do the quiz.'],
      discussionPrompts: ['Who can you tell?', 'How does it feel?'],
      disclosure: 'A pupil may say a stranger messaged them. Pass it to the DSL; do not investigate.',
      vocabulary: [],
    },
    sections: [
      { heading: 'A new message', text: 'Sam gets a message. She does not know who sent it.', emoji: '📱' },
      {
        heading: 'What Sam does',
        text: 'Sam tells her dad. He helps her block it.',
        image: { src: 'images/dad.png', alt: 'Sam and her dad look at a phone.' },
      },
    ],
    reflection: 'Who would you tell?',
    help: {
      intro: 'You can always get help.',
      routes: REQUIRED_HELP_ROUTES_FOR_BAND[band].map((route) => ({ route, text: ROUTE_TEXT[route] })),
    },
    quiz: {
      mode: QUIZ_MODE_FOR_BAND[band],
      questions: Array.from({ length: questionCount }, (_, index) => question(band, index)),
    },
  };
}

/** A complete year for every band: six half-terms, all eight strands and all four Cs. */
export function validYear(): Lesson[] {
  return AGE_BANDS.flatMap((band) =>
    HALF_TERMS.map(({ term, halfTerm }, index) =>
      validLesson({
        band,
        term,
        halfTerm,
        // The first two lessons cover everything, so any one later lesson can go without a gap.
        strands: index < 2 ? STRANDS.slice(index * 4, index * 4 + 4) : [STRANDS[index]!],
        fourCs: index < 2 ? FOUR_CS.slice(index * 2, index * 2 + 2) : [FOUR_CS[index % 4]!],
      }),
    ),
  );
}
