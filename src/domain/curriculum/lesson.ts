import { z } from 'zod';

/** Age bands after UKCIS *Education for a Connected World* (2020). */
export const AGE_BANDS = ['4-7', '7-11', '11-14', '14-18'] as const;
export const AgeBandSchema = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBandSchema>;

export const TERMS = ['autumn', 'spring', 'summer'] as const;
export const TermSchema = z.enum(TERMS);
export type Term = z.infer<typeof TermSchema>;

export const HalfTermNumberSchema = z.union([z.literal(1), z.literal(2)]);
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
    image: z.object({ src: z.string().min(1), alt: text }).strict().optional(),
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

export const LessonSchema = z
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
export type Lesson = z.infer<typeof LessonSchema>;
