// compare(): numerically when both sides look numeric (MySQL's rule), else byte-wise as strings.
import { describe, expect, it } from 'vitest';
import { compare } from '../../../sim/query/eval.js';

describe('compare', () => {
  it('compares numbers as numbers, with signs, fractions, exponents and surrounding blanks', () => {
    expect(compare('10', '9')).toBe(1);
    expect(compare(' -2 ', '1')).toBe(-1);
    expect(compare('+.5', '0.50')).toBe(0);
    expect(compare('1e3', '999')).toBe(1);
    expect(compare('\u00a07', '7')).toBe(0); // a Unicode blank is white space too
  });
  it('compares anything else as strings, names starting with a letter or _ included', () => {
    expect(compare('a10', 'a9')).toBe(-1);
    expect(compare('e5', '1')).toBe(1);
    expect(compare('_1', '1')).toBe(1);
    expect(compare('Z', 'a')).toBe(-1);
    expect(compare('10', '9x')).toBe(-1);
    expect(compare('', '0')).toBe(-1);
    expect(compare('scale_db1_', 'scale_db1_')).toBe(0);
  });
});
