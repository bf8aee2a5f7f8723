import {
  AGE_BANDS,
  type AgeBand,
  FOUR_CS,
  type FourC,
  type HalfTermNumber,
  type Lesson,
  STRANDS,
  type Strand,
  TERMS,
  type Term,
} from './lesson.js';

/** The six half-terms of a school year, in teaching order. */
export const HALF_TERMS: readonly { term: Term; halfTerm: HalfTermNumber }[] = TERMS.flatMap((term) =>
  ([1, 2] as const).map((halfTerm) => ({ term, halfTerm })),
);

export type CoverageLesson = Pick<Lesson, 'id' | 'band' | 'term' | 'halfTerm' | 'strands' | 'fourCs'>;

export type CoverageProblem =
  | { kind: 'slot-empty'; band: AgeBand; term: Term; halfTerm: HalfTermNumber; message: string }
  | {
      kind: 'slot-shared';
      band: AgeBand;
      term: Term;
      halfTerm: HalfTermNumber;
      lessonIds: string[];
      message: string;
    }
  | { kind: 'strand-missing'; band: AgeBand; strand: Strand; message: string }
  | { kind: 'four-c-missing'; band: AgeBand; fourC: FourC; message: string };

export interface BandCoverage {
  band: AgeBand;
  /** The lesson ids in each half-term, in teaching order; a full year has exactly one in each. */
  slots: { term: Term; halfTerm: HalfTermNumber; lessonIds: string[] }[];
  strands: Strand[];
  fourCs: FourC[];
}

/** What each band's year covers (in the order of the framework's lists). */
export function describeCoverage(lessons: readonly CoverageLesson[]): BandCoverage[] {
  return AGE_BANDS.map((band) => {
    const inBand = lessons.filter((lesson) => lesson.band === band);
    return {
      band,
      slots: HALF_TERMS.map(({ term, halfTerm }) => ({
        term,
        halfTerm,
        lessonIds: inBand.filter((l) => l.term === term && l.halfTerm === halfTerm).map((l) => l.id),
      })),
      strands: STRANDS.filter((strand) => inBand.some((l) => l.strands.includes(strand))),
      fourCs: FOUR_CS.filter((fourC) => inBand.some((l) => l.fourCs.includes(fourC))),
    };
  });
}

/**
 * Gaps in the year: each band needs one lesson per half-term (schools promise e-safety teaching
 * every term), and over the year all eight *Education for a Connected World* strands and all four
 * KCSIE Cs.
 */
export function checkCoverage(
  lessons: readonly CoverageLesson[],
  bands: readonly AgeBand[] = AGE_BANDS,
): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  for (const coverage of describeCoverage(lessons)) {
    const { band } = coverage;
    if (!bands.includes(band)) continue;
    for (const { term, halfTerm, lessonIds } of coverage.slots) {
      if (lessonIds.length === 0) {
        problems.push({
          kind: 'slot-empty',
          band,
          term,
          halfTerm,
          message: `${band}: no lesson for ${term} ${halfTerm}`,
        });
      } else if (lessonIds.length > 1) {
        problems.push({
          kind: 'slot-shared',
          band,
          term,
          halfTerm,
          lessonIds,
          message: `${band}: ${lessonIds.length} lessons for ${term} ${halfTerm} (${lessonIds.join(', ')}); one per half-term`,
        });
      }
    }
    for (const strand of STRANDS.filter((s) => !coverage.strands.includes(s))) {
      problems.push({
        kind: 'strand-missing',
        band,
        strand,
        message: `${band}: no lesson teaches strand ${strand}`,
      });
    }
    for (const fourC of FOUR_CS.filter((c) => !coverage.fourCs.includes(c))) {
      problems.push({
        kind: 'four-c-missing',
        band,
        fourC,
        message: `${band}: no lesson touches the 4 C ${fourC}`,
      });
    }
  }
  return problems;
}
