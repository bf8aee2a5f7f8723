/**
 * Words a child might use when something is wrong. A match is never ignored: the bot answers
 * with where to get help. Matching is deliberately generous: a false alarm costs one kind card,
 * a miss could cost a child the moment they reached out.
 */
const WORRY_PATTERNS: readonly RegExp[] = [
  // Feelings
  /\b(worried|worrying|worry|scared|frightened|afraid|upset|unsafe|not safe|anxious|nervous|sad|lonely|hate myself)\b/,
  /\bdon'?t feel safe\b/,
  // Asking for help ("help" alone is the help command; the help card signposts pupils too)
  /\bhelp me\b/,
  /\b(need|want|get) (some )?help\b/,
  /\b(please|pls|plz) help\b|\bhelp (please|pls|plz)\b/,
  /^\s*help\s*!+\s*$/,
  /\b(tell|talk to|speak to) (someone|somebody|a teacher|an adult|a grown[- ]?up)\b/,
  // Being hurt, threatened or bullied
  /\b(cyber)?bull(y|ies|ied|ying)\b/,
  /\b(threat\w*|blackmail\w*|stalk\w*|groom\w*|sextort\w*)\b/,
  /\b(hurt|hit|hits|touched|touch) me\b/,
  /\b(will|gonna|going to) hurt me\b/,
  /\b(i'?m|i am|im) (being )?(hurt|in danger|abused)\b/,
  // Pictures, contact and secrets
  /\b(nudes?|naked|sexual|pictures? of me|photos? of me|pics? of me)\b/,
  /\bsend (a |them |him |her )?(pics?|photos?|pictures?|selfies?|videos?)\b/,
  /\b(wants?|asked|asking) (me )?to meet\b/,
  /\b(keep (it )?(a )?secret|don'?t tell (anyone|anybody|my))\b/,
  // Self-harm and suicide
  /\b(hurt(ing)? myself|self[- ]?harm\w*|cut(ting)? myself|kill myself|suicid\w*|want to die|don'?t want to (be alive|live))\b/,
  /\bsomething (bad |awful |weird |scary |horrible )?happened\b/,
];

export function soundsWorried(text: string): boolean {
  const t = text.toLowerCase().replace(/[’`]/g, "'");
  return WORRY_PATTERNS.some((p) => p.test(t));
}
