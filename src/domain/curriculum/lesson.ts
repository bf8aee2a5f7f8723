import { z } from 'zod';

/** Age bands after UKCIS *Education for a Connected World* (2020). */
export const AGE_BANDS = ['4-7', '7-11', '11-14', '14-18'] as const;
export const AgeBandSchema = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBandSchema>;

export const TERMS = ['autumn', 'spring', 'summer'] as const;
export const TermSchema = z.enum(TERMS);
export type Term = z.infer<typeof TermSchema>;

export const HalfTermNumberSchema = z.union([z.literal(1), z.literal(2)], {
  errorMap: () => ({ message: 'half-term is 1 or 2' }),
});
export type HalfTermNumber = z.infer<typeof HalfTermNumberSchema>;

/** The eight strands of *Education for a Connected World*. */
export const STRANDS = [
  'self-image-and-identity',
  'online-relationships',
  'online-reputation',
  'online-bullying',
  'managing-online-information',
  'health-wellbeing-and-lifestyle',
  'privacy-and-security',
  'copyright-and-ownership',
] as const;
export const StrandSchema = z.enum(STRANDS);
export type Strand = z.infer<typeof StrandSchema>;

/** The four areas of risk in *Keeping Children Safe in Education*. */
export const FOUR_CS = ['content', 'contact', 'conduct', 'commerce'] as const;
export const FourCSchema = z.enum(FOUR_CS);
export type FourC = z.infer<typeof FourCSchema>;

/** Where a pupil can get help; every lesson closes with these. */
export const HELP_ROUTES = [
  'trusted-adult',
  'report-to-school',
  'childline',
  'ceop',
  'report-remove',
  'report-harmful-content',
] as const;
export const HelpRouteSchema = z.enum(HELP_ROUTES);
export type HelpRoute = z.infer<typeof HelpRouteSchema>;

export const QUIZ_MODES = ['teacher-led', 'individual', 'scenario'] as const;
export const QuizModeSchema = z.enum(QUIZ_MODES);
export type QuizMode = z.infer<typeof QuizModeSchema>;

/** How each band takes its quiz (DESIGN.md, "Age bands and curriculum"). */
export const QUIZ_MODE_FOR_BAND: Record<AgeBand, QuizMode> = {
  '4-7': 'teacher-led',
  '7-11': 'individual',
  '11-14': 'scenario',
  '14-18': 'scenario',
};

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens');
const text = z.string().trim().min(1);

export const ChoiceSchema = z
  .object({
    id: slug,
    text,
    /** A picture for pupils who cannot read yet (required in teacher-led quizzes). */
    emoji: z.string().min(1).optional(),
    correct: z.boolean().default(false),
  })
  .strict();
export type Choice = z.infer<typeof ChoiceSchema>;

export const QuestionSchema = z
  .object({
    id: slug,
    /** `talk-about-it` questions have no wrong answer: every choice leads to the explanation. */
    kind: z.enum(['single', 'talk-about-it']).default('single'),
    /** The situation a scenario question is about ("Sam gets a message from ..."). */
    scenario: text.optional(),
    prompt: text,
    choices: z.array(ChoiceSchema).min(2).max(4),
    explanation: text,
  })
  .strict();
export type Question = z.infer<typeof QuestionSchema>;

export const QuizSchema = z
  .object({
    mode: QuizModeSchema,
    questions: z.array(QuestionSchema).min(3),
  })
  .strict();
export type Quiz = z.infer<typeof QuizSchema>;

export const SectionSchema = z
  .object({
    heading: text,
    text,
    emoji: z.string().min(1).optional(),
    image: z
      .object({ src: z.string().min(1), alt: text })
      .strict()
      .optional(),
  })
  .strict();
export type Section = z.infer<typeof SectionSchema>;

export const TeacherNotesSchema = z
  .object({
    overview: text,
    /** Steps to run the lesson, in order. */
    howToRun: z.array(text).min(3),
    discussionPrompts: z.array(text).min(2),
    /** What a disclosure might sound like in this lesson, and that it goes to the DSL. */
    disclosure: text,
    vocabulary: z.array(z.object({ term: text, meaning: text }).strict()).default([]),
  })
  .strict();
export type TeacherNotes = z.infer<typeof TeacherNotesSchema>;

export const HelpSchema = z
  .object({
    intro: text,
    routes: z.array(z.object({ route: HelpRouteSchema, text }).strict()).min(3),
  })
  .strict();
export type Help = z.infer<typeof HelpSchema>;

/** The lesson's shape alone; `LessonSchema` adds the rules that span fields. */
export const LessonShapeSchema = z
  .object({
    id: slug,
    band: AgeBandSchema,
    term: TermSchema,
    halfTerm: HalfTermNumberSchema,
    title: text,
    summary: text,
    strands: z.array(StrandSchema).min(1),
    fourCs: z.array(FourCSchema).min(1),
    /** "I can ..." statements. */
    outcomes: z.array(z.string().regex(/^I can /, 'start each outcome with "I can "')).min(2),
    durationMinutes: z.number().int().min(20).max(40),
    teacherNotes: TeacherNotesSchema,
    sections: z.array(SectionSchema).min(2),
    reflection: text,
    help: HelpSchema,
    quiz: QuizSchema,
  })
  .strict();
export type Lesson = z.infer<typeof LessonShapeSchema>;

/** A rule broken by a lesson, with the path of the field to fix (as zod reports it). */
export interface LessonProblem {
  path: (string | number)[];
  message: string;
}

/** The minimum quiz length per band: little ones answer together, so three questions is enough. */
export const MIN_QUESTIONS_FOR_BAND: Record<AgeBand, number> = {
  '4-7': 3,
  '7-11': 5,
  '11-14': 5,
  '14-18': 5,
};

/** Teacher-led quizzes are answered aloud by the whole class: two or three picture choices. */
export const MAX_TEACHER_LED_CHOICES = 3;

/**
 * Help routes every lesson must close with. CEOP (an adult asking for pictures or to meet) and
 * Report Remove (a nude image online) are named from 11, when pupils are most likely to need them
 * and old enough to hear about them without fright.
 */
export const REQUIRED_HELP_ROUTES_FOR_BAND: Record<AgeBand, readonly HelpRoute[]> = {
  '4-7': ['trusted-adult', 'report-to-school', 'childline'],
  '7-11': ['trusted-adult', 'report-to-school', 'childline'],
  '11-14': ['trusted-adult', 'report-to-school', 'childline', 'ceop', 'report-remove'],
  '14-18': ['trusted-adult', 'report-to-school', 'childline', 'ceop', 'report-remove'],
};

/** Childline's free number; a pupil must be able to read it in every lesson. */
export const CHILDLINE_NUMBER = '0800 1111';

/** The id prefix a lesson must carry, so the id alone says where it sits in the year. */
export function lessonIdPrefix(lesson: Pick<Lesson, 'band' | 'term' | 'halfTerm'>): string {
  return `${lesson.band}-${lesson.term}-${lesson.halfTerm}-`;
}

function duplicatesOf<T>(values: readonly T[]): number[] {
  const seen = new Set<T>();
  const repeated: number[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push(index);
    seen.add(value);
  });
  return repeated;
}

/** The rules that span more than one field; the schema checks each field on its own. */
export function validateLesson(lesson: Lesson): LessonProblem[] {
  const problems: LessonProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  const prefix = lessonIdPrefix(lesson);
  if (!lesson.id.startsWith(prefix) || lesson.id.length === prefix.length) {
    add(['id'], `must be "${prefix}<short-slug>" (band, term and half-term, then a short name)`);
  }

  for (const index of duplicatesOf(lesson.strands)) add(['strands', index], 'strand listed twice');
  for (const index of duplicatesOf(lesson.fourCs)) add(['fourCs', index], '4 C listed twice');

  const routes = lesson.help.routes.map((r) => r.route);
  for (const index of duplicatesOf(routes))
    add(['help', 'routes', index, 'route'], 'help route listed twice');
  const missing = REQUIRED_HELP_ROUTES_FOR_BAND[lesson.band].filter((route) => !routes.includes(route));
  if (missing.length > 0) {
    add(['help', 'routes'], `missing help route(s) for band ${lesson.band}: ${missing.join(', ')}`);
  }
  lesson.help.routes.forEach((r, index) => {
    if (r.route === 'childline' && !r.text.includes(CHILDLINE_NUMBER)) {
      add(['help', 'routes', index, 'text'], `Childline text must give the number ${CHILDLINE_NUMBER}`);
    }
  });

  const quiz = lesson.quiz;
  const expectedMode = QUIZ_MODE_FOR_BAND[lesson.band];
  if (quiz.mode !== expectedMode) {
    add(['quiz', 'mode'], `band ${lesson.band} quizzes are "${expectedMode}", not "${quiz.mode}"`);
  }
  const minQuestions = MIN_QUESTIONS_FOR_BAND[lesson.band];
  if (quiz.questions.length < minQuestions) {
    add(
      ['quiz', 'questions'],
      `at least ${minQuestions} questions for band ${lesson.band} (has ${quiz.questions.length})`,
    );
  }
  for (const index of duplicatesOf(quiz.questions.map((q) => q.id))) {
    add(['quiz', 'questions', index, 'id'], 'question id used twice in this quiz');
  }

  quiz.questions.forEach((question, q) => {
    const at = ['quiz', 'questions', q];
    const correct = question.choices.filter((c) => c.correct).length;
    if (question.kind === 'single' && correct !== 1) {
      add([...at, 'choices'], `exactly one choice must be correct (has ${correct})`);
    }
    if (question.kind === 'talk-about-it' && correct !== 0) {
      add([...at, 'choices'], 'a talk-about-it question has no right answer: mark no choice correct');
    }
    for (const index of duplicatesOf(question.choices.map((c) => c.id))) {
      add([...at, 'choices', index, 'id'], 'choice id used twice in this question');
    }
    if (quiz.mode === 'teacher-led') {
      if (question.choices.length > MAX_TEACHER_LED_CHOICES) {
        add([...at, 'choices'], `teacher-led questions have at most ${MAX_TEACHER_LED_CHOICES} choices`);
      }
      question.choices.forEach((choice, c) => {
        if (!choice.emoji) add([...at, 'choices', c, 'emoji'], 'teacher-led choices need an emoji');
      });
    }
    if (quiz.mode === 'scenario' && !question.scenario) {
      add([...at, 'scenario'], 'scenario quizzes need a scenario for every question');
    }
  });

  return problems;
}

export const LessonSchema = LessonShapeSchema.superRefine((lesson, ctx) => {
  for (const problem of validateLesson(lesson)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: problem.path, message: problem.message });
  }
});

/** `quiz.questions[2].choices`: how a writer finds the field in the YAML. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(whole file)' : out;
}
