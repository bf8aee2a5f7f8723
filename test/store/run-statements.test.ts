import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/store/migrations/run-statements.js';

/** The split the migrations relied on before dollar quotes were understood. */
const previousSplit = (script: string) =>
  script
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;(?=\s|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

describe('splitStatements', () => {
  it('splits plain SQL exactly as before: on a semicolon before whitespace, dropping comment lines', () => {
    const script = `
      CREATE TABLE a (
        -- a comment; with a semicolon
        id int,
        pattern text DEFAULT 'x;y'
      );
      CREATE INDEX a_id ON a (id);DROP TABLE a;
    `;
    expect(splitStatements(script)).toEqual(previousSplit(script));
    expect(splitStatements(script)).toHaveLength(2);
  });

  it('keeps a dollar-quoted function body whole', () => {
    const script = `
      CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'no';
        RETURN NULL;
      END;
      $$;
      CREATE FUNCTION tagged() RETURNS text LANGUAGE plpgsql AS $body$
      BEGIN
        RETURN 'has $$ inside; and a semicolon';
      END;
      $body$;
      SELECT 1;
    `;
    const statements = splitStatements(script);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^CREATE FUNCTION refuse\(\)[\s\S]*RETURN NULL;\s+END;\s+\$\$$/);
    expect(statements[1]).toMatch(/has \$\$ inside; and a semicolon[\s\S]*\$body\$$/);
    expect(statements[2]).toBe('SELECT 1');
  });

  it('does not take a $ inside an identifier, or a positional parameter, for a quote', () => {
    expect(splitStatements('SELECT a$b$ FROM t; SELECT $1; SELECT 2;')).toEqual([
      'SELECT a$b$ FROM t',
      'SELECT $1',
      'SELECT 2',
    ]);
  });

  it('stops at an unclosed block rather than running half a function', () => {
    expect(() => splitStatements('CREATE FUNCTION f() AS $$ BEGIN; SELECT 1;')).toThrow(/unclosed \$\$/);
  });
});
