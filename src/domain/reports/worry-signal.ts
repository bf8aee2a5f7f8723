/**
 * Words a child might use when something is wrong. A match is never ignored: the bot answers
 * with where to get help. Matching is deliberately generous: a false alarm costs one kind card,
 * a miss could cost a child the moment they reached out.
 */
const WORRY_PATTERNS: readonly RegExp[] = [
  /\b(worried|worrying|worry|scared|frightened|afraid|upset|unsafe|not safe)\b/,
  /\bhelp me\b/,
  /^\s*help\s*!+\s*$/,
  /\b(bull(y|ied|ying)|threat(en|ened|ening)?|blackmail(ed|ing)?|stalk(ed|ing)?|groom(ed|ing)?)\b/,
  /\b(nudes?|naked|sexual|pictures? of me|photos? of me)\b/,
  /\b(hurt(ing)? myself|self[- ]harm|kill myself|suicid\w*|want to die)\b/,
  /\bsomething (bad |awful |weird |scary )?happened\b/,
  /\b(tell|talk to) (someone|somebody)\b/,
  /\b(i'?m|i am|im) (being )?(hurt|in danger)\b/,
];

export function soundsWorried(text: string): boolean {
  const t = text.toLowerCase().replace(/[’`]/g, "'");
  return WORRY_PATTERNS.some((p) => p.test(t));
}
