import { expect } from 'vitest';
import { SimError } from '../../../sim/fe/errors.js';
import type { Statement } from '../../../sim/sql/ast.js';
import { parse } from '../../../sim/sql/parser.js';

/** Parse and narrow to one statement kind (fails the test otherwise). */
export function parseAs<K extends Statement['kind']>(sql: string, kind: K): Extract<Statement, { kind: K }> {
  const stmt = parse(sql);
  expect(stmt.kind).toBe(kind);
  return stmt as Extract<Statement, { kind: K }>;
}

/** The SimError thrown by parse(sql); fails when parse succeeds or throws something else. */
export function parseError(sql: string): SimError {
  try {
    parse(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    return e as SimError;
  }
  throw new Error(`expected a syntax error for: ${sql}`);
}
