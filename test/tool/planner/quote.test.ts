import { describe, expect, it } from 'vitest';
import { qualifiedName, quoteIdent, quoteString, quoteStringDouble } from '../../../src/sql/quote.js';

describe('quoteIdent', () => {
  it.each([
    ['t', '`t`'],
    ['my table', '`my table`'],
    ['a`b', '`a``b`'],
    ['``', '``````'],
    ['it\'s "x"', '`it\'s "x"`'],
    ['a.b', '`a.b`'],
    ['表名', '`表名`'],
    ['select', '`select`'],
    ['', '``'],
  ])('%j → %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it('qualifies db and name separately, so dots stay inside names', () => {
    expect(qualifiedName('d.b', 't`1')).toBe('`d.b`.`t``1`');
  });
});

describe('string literals', () => {
  it.each([
    ['plain', "'plain'", '"plain"'],
    ["it's", "'it\\'s'", '"it\'s"'],
    ['say "hi"', '\'say "hi"\'', '"say \\"hi\\""'],
    ['back\\slash', "'back\\\\slash'", '"back\\\\slash"'],
    ['line\nbreak', "'line\\nbreak'", '"line\\nbreak"'],
    ['nul\0', "'nul\\0'", '"nul\\0"'],
  ])('%j', (s, single, double) => {
    expect(quoteString(s)).toBe(single);
    expect(quoteStringDouble(s)).toBe(double);
  });
});
