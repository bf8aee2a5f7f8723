import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  formatFieldPath,
  type Lesson,
  LessonSchema,
  validateLesson,
} from '../../../src/domain/curriculum/lesson.js';
import { validLesson } from './lesson-fixture.js';

/** Each problem as `field: message`, the way a writer sees it. */
function problemsOf(lesson: unknown): string[] {
  const result = LessonSchema.safeParse(lesson);
  return result.success ? [] : result.error.issues.map((i) => `${formatFieldPath(i.path)}: ${i.message}`);
}

function broken(change: (lesson: Lesson) => void, options: Parameters<typeof validLesson>[0] = {}): Lesson {
  const lesson = structuredClone(validLesson(options));
  change(lesson);
  return lesson;
}

function firstQuestion(lesson: Lesson) {
  const question = lesson.quiz.questions[0];
  if (!question) throw new Error('fixture has no questions');
  return question;
}

describe('lesson cross-field rules', () => {
  it.each(AGE_BANDS)('accepts the valid %s fixture', (band) => {
    expect(problemsOf(validLesson({ band }))).toEqual([]);
    expect(validateLesson(validLesson({ band }))).toEqual([]);
  });

  it('requires the quiz mode of the band', () => {
    const lesson = broken((l) => {
      l.quiz.mode = 'scenario';
    });
    expect(problemsOf(lesson)).toContain('quiz.mode: band 7-11 quizzes are "individual", not "scenario"');
  });

  it('requires exactly one correct choice in a single-answer question', () => {
    const none = broken((l) => {
      for (const choice of firstQuestion(l).choices) choice.correct = false;
    });
    const two = broken((l) => {
      for (const choice of firstQuestion(l).choices) choice.correct = true;
    });
    expect(problemsOf(none)).toContain(
      'quiz.questions[0].choices: exactly one choice must be correct (has 0)',
    );
    expect(problemsOf(two)).toContain(
      'quiz.questions[0].choices: exactly one choice must be correct (has 2)',
    );
  });

  it('allows no correct choice in a talk-about-it question, and rejects one marked correct', () => {
    const open = broken((l) => {
      const question = firstQuestion(l);
      question.kind = 'talk-about-it';
      for (const choice of question.choices) choice.correct = false;
    });
    expect(problemsOf(open)).toEqual([]);
    const marked = broken((l) => {
      firstQuestion(l).kind = 'talk-about-it';
    });
    expect(problemsOf(marked)).toContain(
      'quiz.questions[0].choices: a talk-about-it question has no right answer: mark no choice correct',
    );
  });

  it('limits teacher-led questions to three choices, each with an emoji', () => {
    const four = broken(
      (l) => {
        firstQuestion(l).choices.push(
          { id: 'c', text: 'Hide.', correct: false, emoji: '🙈' },
          { id: 'd', text: 'Run.', correct: false, emoji: '🏃' },
        );
      },
      { band: '4-7' },
    );
    expect(problemsOf(four)).toContain(
      'quiz.questions[0].choices: teacher-led questions have at most 3 choices',
    );
    const noEmoji = broken(
      (l) => {
        delete firstQuestion(l).choices[1]!.emoji;
      },
      { band: '4-7' },
    );
    expect(problemsOf(noEmoji)).toContain(
      'quiz.questions[0].choices[1].emoji: teacher-led choices need an emoji',
    );
  });

  it('needs at least five questions, or three for 4-7', () => {
    const short = broken((l) => {
      l.quiz.questions.pop();
    });
    expect(problemsOf(short)).toContain('quiz.questions: at least 5 questions for band 7-11 (has 4)');
    expect(validateLesson(validLesson({ band: '4-7' }))).toEqual([]);
    const shortest = broken(
      (l) => {
        l.quiz.questions.pop();
      },
      { band: '4-7' },
    );
    expect(problemsOf(shortest)).toContain('quiz.questions: at least 3 questions for band 4-7 (has 2)');
  });

  it('needs a scenario on every question of a scenario quiz', () => {
    const lesson = broken(
      (l) => {
        delete l.quiz.questions[3]!.scenario;
      },
      { band: '11-14' },
    );
    expect(problemsOf(lesson)).toEqual([
      'quiz.questions[3].scenario: scenario quizzes need a scenario for every question',
    ]);
  });

  it('needs the help routes of the band', () => {
    const noChildline = broken((l) => {
      l.help.routes = l.help.routes.filter((r) => r.route !== 'childline');
      l.help.routes.push({ route: 'report-harmful-content', text: 'Use Report Harmful Content.' });
    });
    expect(problemsOf(noChildline)).toContain('help.routes: missing help route(s) for band 7-11: childline');
    const noCeop = broken(
      (l) => {
        l.help.routes = l.help.routes.filter((r) => r.route !== 'ceop' && r.route !== 'report-remove');
      },
      { band: '14-18' },
    );
    expect(problemsOf(noCeop)).toContain(
      'help.routes: missing help route(s) for band 14-18: ceop, report-remove',
    );
    // Younger bands are not required to name CEOP or Report Remove.
    expect(validLesson({ band: '4-7' }).help.routes.map((r) => r.route)).not.toContain('ceop');
  });

  it('needs the Childline number in the Childline route', () => {
    const lesson = broken((l) => {
      const childline = l.help.routes.find((r) => r.route === 'childline')!;
      childline.text = 'Call Childline. It is free.';
    });
    expect(problemsOf(lesson)).toEqual([
      'help.routes[2].text: Childline text must give the number 0800 1111',
    ]);
  });

  it('needs the id to start with band, term and half-term', () => {
    const wrongTerm = broken((l) => {
      l.term = 'spring';
    });
    expect(problemsOf(wrongTerm)).toEqual([
      'id: must be "7-11-spring-1-<short-slug>" (band, term and half-term, then a short name)',
    ]);
    const noSlug = broken((l) => {
      l.id = '7-11-autumn-1';
    });
    expect(problemsOf(noSlug)).toHaveLength(1);
  });

  it('needs unique choice ids within a question and unique question ids within a quiz', () => {
    const lesson = broken((l) => {
      firstQuestion(l).choices[1]!.id = 'tell';
      l.quiz.questions[2]!.id = 'q1';
    });
    expect(problemsOf(lesson)).toEqual([
      'quiz.questions[2].id: question id used twice in this quiz',
      'quiz.questions[0].choices[1].id: choice id used twice in this question',
    ]);
  });

  it('reports field problems and cross-field problems together when the shape is right', () => {
    const lesson = broken((l) => {
      l.title = '';
      l.quiz.mode = 'teacher-led';
    });
    const problems = problemsOf(lesson);
    expect(problems.some((p) => p.startsWith('title: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('quiz.mode: '))).toBe(true);
  });
});

describe('formatFieldPath', () => {
  it('writes paths the way a YAML writer reads them', () => {
    expect(formatFieldPath(['quiz', 'questions', 2, 'choices'])).toBe('quiz.questions[2].choices');
    expect(formatFieldPath([])).toBe('(whole file)');
  });
});
