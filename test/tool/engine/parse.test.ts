import { describe, it, expect } from 'vitest';
import { parseListText, parseNameList, parseRangeText, parseVersionComment, versionAtLeast, parseByteSize } from '../../../src/inspector/parse.js';

describe('inspector text parsers', () => {
  it('splits version comments at the last dash and accepts the legacy form', () => {
    expect(parseVersionComment('4.1.0-a1b2c3d')).toEqual({ version: '4.1.0', commit: 'a1b2c3d' });
    expect(parseVersionComment('4.1.0-rc01-7c18dd9')).toEqual({ version: '4.1.0-rc01', commit: '7c18dd9' });
    expect(parseVersionComment('StarRocks version 3.0.2')).toEqual({ version: '3.0.2', commit: '' });
  });

  it('compares versions numerically', () => {
    expect(versionAtLeast('4.1.0', '4.1')).toBe(true);
    expect(versionAtLeast('4.10.1', '4.9')).toBe(true);
    expect(versionAtLeast('4.0.14', '4.1')).toBe(false);
    expect(versionAtLeast('main', '4.1')).toBe(false);
  });

  it('parses back-quoted name lists with hostile names', () => {
    expect(parseNameList('`a`, `b c`, `d``e`, `x, y`')).toEqual(['a', 'b c', 'd`e', 'x, y']);
    expect(parseNameList('k1, k2')).toEqual(['k1', 'k2']);
    expect(parseNameList('')).toEqual([]);
  });

  it('parses StarRocks range texts', () => {
    expect(parseRangeText('[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )')).toEqual({
      kind: 'range',
      lower: ['2024-01-01'],
      upper: ['2024-02-01'],
    });
    expect(parseRangeText('[types: [INT, DATE]; keys: [1, 2024-01-01]; ..types: [INT, DATE]; keys: [5, 2024-02-01]; )')).toEqual({
      kind: 'range',
      lower: ['1', '2024-01-01'],
      upper: ['5', '2024-02-01'],
    });
    expect(parseRangeText('nonsense')).toBeNull();
  });

  it('parses list texts in both quoting styles', () => {
    expect(parseListText("(('a'), ('b'))")).toEqual({ kind: 'list', values: [['a'], ['b']] });
    expect(parseListText("(('a', '1'), ('b', '2'))")).toEqual({
      kind: 'list',
      values: [
        ['a', '1'],
        ['b', '2'],
      ],
    });
    expect(parseListText('[["a"],["b"]]')).toEqual({ kind: 'list', values: [['a'], ['b']] });
  });

  it('reads human-readable sizes', () => {
    expect(parseByteSize('0B')).toBe(0);
    expect(parseByteSize('1.5KB')).toBe(1536);
    expect(parseByteSize('2.000 MB')).toBe(2 * 1024 * 1024);
  });
});
