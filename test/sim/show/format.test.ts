import { describe, expect, it } from 'vitest';
import { byteSizeValue, formatDateTime, gsonJson, likeMatch, readableSize3, timeOrNullString } from '../../../sim/show/format.js';

describe('byteSizeValue (ByteSizeValue.toString)', () => {
  it.each([
    [0, '0B'],
    [100, '100B'],
    [1023, '1023B'],
    [1024, '1KB'],
    [1536, '1.5KB'],
    [1300, '1.2KB'], // 1.2695...: truncated, not rounded
    [1024 * 1024 * 1.99, '1.9MB'],
    [Math.round(1.2 * 1024 ** 3), '1.2GB'],
    [5 * 1024 ** 4, '5TB'],
    [2 * 1024 ** 5, '2PB'],
  ])('%d -> %s', (bytes, text) => expect(byteSizeValue(bytes)).toBe(text));
});

describe('readableSize3 (DebugUtil.getByteUint + 3 decimals)', () => {
  it('prints 0 with an empty unit and a trailing space', () => expect(readableSize3(0)).toBe('0.000 '));
  it('uses strict > between units', () => {
    expect(readableSize3(1024)).toBe('1024.000 B');
    expect(readableSize3(1025)).toBe('1.001 KB');
    expect(readableSize3(3 * 1024 * 1024 * 1024 + 1)).toBe('3.000 GB');
  });
  it('prints the default db quota (Long.MAX_VALUE) in TB', () =>
    expect(readableSize3(2 ** 63) /* Long.MAX_VALUE as a double */).toBe('8388608.000 TB'));
});

describe('dates and LIKE', () => {
  it('formats yyyy-MM-dd HH:mm:ss in local time', () => {
    const ms = new Date(2024, 0, 2, 3, 4, 5).getTime();
    expect(formatDateTime(ms)).toBe('2024-01-02 03:04:05');
    expect(timeOrNullString(ms)).toBe('2024-01-02 03:04:05');
    expect(timeOrNullString(-1)).toBe('\\N');
    expect(timeOrNullString(0)).toBe('\\N');
  });
  it('matches % and _ case-insensitively, everything else literally', () => {
    expect(likeMatch('replication_interval_ms', 'replication%')).toBe(true);
    expect(likeMatch('Run_Mode', 'run_mode')).toBe(true);
    expect(likeMatch('runXmode', 'run_mode')).toBe(true);
    expect(likeMatch('run_mode2', 'run_mode')).toBe(false);
    expect(likeMatch('a.b', 'a_b')).toBe(true);
    expect(likeMatch('aXb', 'a.b')).toBe(false);
    expect(likeMatch('a_b', 'a\\_b')).toBe(true);
    expect(likeMatch('axb', 'a\\_b')).toBe(false);
    expect(likeMatch('anything', undefined)).toBe(true);
  });
  it('serializes JSON the Gson way (HTML-safe)', () => {
    expect(gsonJson({ a: 'x=y', b: "<'&>" })).toBe('{"a":"x\\u003dy","b":"\\u003c\\u0027\\u0026\\u003e"}');
  });
});
