import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../sim/sql/lexer.js';

const values = (sql: string) =>
  tokenize(sql)
    .filter((t) => t.type !== 'eof')
    .map((t) => [t.type, t.value]);

describe('tokenize', () => {
  it.each([
    ["'a''b'", [['string', "a'b"]]],
    ['"a""b"', [['string', 'a"b']]],
    ["'it\\'s'", [['string', "it's"]]],
    ['"x\\"y"', [['string', 'x"y']]],
    ["'a\\nb\\tc\\\\d'", [['string', 'a\nb\tc\\d']]],
    ["'100\\%'", [['string', '100\\%']]],
    ['`a``b`', [['qident', 'a`b']]],
    ['`my table`', [['qident', 'my table']]],
    ['`a.b`', [['qident', 'a.b']]],
    ['café', [['ident', 'café']]],
    ['$x_1', [['ident', '$x_1']]],
    ['12', [['number', '12']]],
    ['1.5', [['number', '1.5']]],
    ['.5', [['number', '.5']]],
    ['1e3', [['number', '1e3']]],
    ['1abc', [['ident', '1abc']]],
    [
      'a<=>b',
      [
        ['ident', 'a'],
        ['op', '<=>'],
        ['ident', 'b'],
      ],
    ],
    [
      'a != b <> c',
      [
        ['ident', 'a'],
        ['op', '!='],
        ['ident', 'b'],
        ['op', '<>'],
        ['ident', 'c'],
      ],
    ],
    [
      'a -- comment\n b',
      [
        ['ident', 'a'],
        ['ident', 'b'],
      ],
    ],
    [
      'a /* x */ b /*+ hint */',
      [
        ['ident', 'a'],
        ['ident', 'b'],
      ],
    ],
    [
      't.1a',
      [
        ['ident', 't'],
        ['op', '.'],
        ['ident', '1a'],
      ],
    ],
  ] as const)('%s', (sql, expected) => {
    expect(values(sql)).toEqual(expected);
  });

  it('records exact positions', () => {
    const [a, b] = tokenize('  abc  `d`');
    expect([a!.start, a!.end, b!.start, b!.end]).toEqual([2, 5, 7, 10]);
  });

  it.each(["'unterminated", '`unterminated', '/* open', 'a # b', 'a \\ b'])('rejects %s with 1064', (sql) => {
    expect(() => tokenize(sql)).toThrow(expect.objectContaining({ code: 1064 }));
  });
});
