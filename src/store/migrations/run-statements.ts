import { type Kysely, sql } from 'kysely';

/**
 * Runs a migration's SQL one statement at a time: PGlite's query protocol takes one statement per
 * call, and the same migrations must run unchanged on a PostgreSQL server. Statements end with a
 * semicolon followed by whitespace (never inside a quoted literal); comments start with `--` on
 * their own line. A dollar-quoted block (a function body, `$$ ... $$` or `$tag$ ... $tag$`) is
 * kept whole, semicolons and all.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitStatements(script)) {
    await sql.raw(statement).execute(db);
  }
}

/** `$$` or `$tag$`, where a tag is an identifier without `$` (PostgreSQL, "Dollar-Quoted String Constants"). */
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
/** `$` also continues an identifier (`a$b`), which is not the start of a quote. */
const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

export function splitStatements(script: string): string[] {
  const text = script
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '$' && !(i > 0 && IDENTIFIER_CHAR.test(text[i - 1]!))) {
      DOLLAR_TAG.lastIndex = i;
      const open = DOLLAR_TAG.exec(text);
      if (open) {
        const close = text.indexOf(open[0], i + open[0].length);
        if (close === -1) throw new Error(`Migration SQL has an unclosed ${open[0]} block`);
        i = close + open[0].length;
        continue;
      }
    }
    if (ch === ';' && (i + 1 === text.length || /\s/.test(text[i + 1]!))) {
      statements.push(text.slice(start, i));
      start = i + 1;
    }
    i += 1;
  }
  statements.push(text.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
