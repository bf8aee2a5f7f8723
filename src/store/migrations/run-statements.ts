import { type Kysely, sql } from 'kysely';

/**
 * Runs a migration's SQL one statement at a time: PGlite's query protocol takes one statement per
 * call, and the same migrations must run unchanged on a PostgreSQL server. Statements end with a
 * semicolon (never inside a literal); comments start with `--` on their own line.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;(?=\s|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
