import { describe, expect, it } from 'vitest';
import { javaLongSetToString, javaMapToString, javaStringHash, javaStringHashMapOrder } from '../../../sim/ddl/java.js';

// Expected values printed by a JDK 17 (java.util.HashMap / HashSet / String.hashCode).
describe('Java compatibility', () => {
  it('String.hashCode', () => {
    expect(javaStringHash('pAB')).toBe(0x1ac91);
    expect(javaStringHash('pabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz5fx') >>> 0).toBe(0x182ee9fd);
  });

  it('HashMap iteration order', () => {
    expect(javaStringHashMapOrder(['p20240101', 'p20240102', 'p20240103', 'p20240104'])).toEqual([
      'p20240103',
      'p20240104',
      'p20240101',
      'p20240102',
    ]);
    expect(javaStringHashMapOrder(['p1', 'p2', 'p3', 'p10', 'p11', 'p12', 'p13', 'p14', 'p15', 'p16', 'p17', 'p18', 'p19', 'p20'])).toEqual([
      'p1',
      'p2',
      'p3',
      'p10',
      'p20',
      'p12',
      'p11',
      'p14',
      'p13',
      'p16',
      'p15',
      'p18',
      'p17',
      'p19',
    ]);
    expect(javaStringHashMapOrder(['t1', '$shadow_automatic_partition'])).toEqual(['$shadow_automatic_partition', 't1']);
    expect(javaMapToString({ foo: 'bar', abc: '1', zzz: '2' })).toBe('{abc=1, foo=bar, zzz=2}');
    expect(javaLongSetToString([10005, 10020, 10011, 9999999999])).toBe('[10020, 10005, 9999999999, 10011]');
  });
});
