import type { AgeBand } from '../../domain/curriculum/lesson.js';
import type { Person } from '../../domain/directory/person.js';
import { isStaff } from '../../domain/directory/roles.js';
import type { CardRenderer } from '../cards.js';

/**
 * Whose words a report card speaks in: a pupil's age band (STYLE.md "Words pupils read": 4-7 a few
 * words and a picture, 7-11 plain words, 11+ straightforward), or a member of staff reporting a
 * concern they were told of (DESIGN.md, Roles: a teacher makes a report like anyone else).
 */
export type ReportVoice = AgeBand | 'staff';
export const REPORT_VOICES = ['4-7', '7-11', '11-14', '14-18', 'staff'] as const;

/**
 * A pupil speaks in the band of their class. A pupil on no class list yet gets the plain 7-11
 * words: too simple costs little, too hard could lose a young child halfway through.
 */
export function voiceOf(person: Person | undefined): ReportVoice {
  if (person && isStaff(person.roles)) return 'staff';
  const classes = person?.classes.filter((c) => c.membership === 'pupil') ?? [];
  if (classes.length === 0) return '7-11';
  // In two classes (a mixed-age group): the younger band's words.
  return classes.map((c) => c.ageBand).sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))[0]!;
}

/** The age band a voice stands for, for the domain's rules (signposts by band); staff read 11+. */
export function bandOfVoice(voice: ReportVoice): AgeBand {
  return voice === 'staff' ? '14-18' : voice;
}

/** The text keys tried for a voice, most specific first; the plain key holds the 11+ words. */
const FALLBACK: Record<ReportVoice, readonly string[]> = {
  '4-7': ['4-7', '7-11'],
  '7-11': ['7-11'],
  '11-14': ['11-14'],
  '14-18': ['14-18'],
  staff: ['staff'],
};

/** `key.<voice>` when the voice has words of its own, else the next simplest, else `key`. */
export function wordsFor(
  cards: CardRenderer,
  key: string,
  voice: ReportVoice,
  values: Record<string, string> = {},
): string {
  for (const suffix of FALLBACK[voice]) {
    if (cards.hasText(`${key}.${suffix}`)) return cards.text(`${key}.${suffix}`, values);
  }
  return cards.text(key, values);
}

/**
 * A code that came from a queue or a card (a category, a reason), if it is one we know; else
 * `unknown`, whose words say something true but general rather than failing a send or a turn.
 */
export function knownCode<T extends string>(code: unknown, known: readonly T[]): T | 'unknown' {
  return typeof code === 'string' && (known as readonly string[]).includes(code) ? (code as T) : 'unknown';
}
