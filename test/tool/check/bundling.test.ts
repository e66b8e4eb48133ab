import { describe, expect, it } from 'vitest';
import { bundlingFindings, isBundled } from '../../../src/check/bundling.js';

describe('bundled source tables (file_bundling)', () => {
  it('names the CN-side fix (PR #77362) once, as a warning, listing at most five tables', () => {
    const tables = ['d.a', 'd.b', 'd.c', 'd.d', 'd.e', 'd.f'];
    const [f, ...rest] = bundlingFindings({ bundledTables: tables });
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    expect(f!.object).toBe('source tables with file_bundling=true (d.a, d.b, d.c, d.d, d.e, … (6 in all))');
    expect(f!.problem).toMatch(/StarRocks PR #77362/);
    expect(f!.problem).toMatch(/shard does not exist/);
  });

  it('no bundled table, no finding; the property is read case-insensitively', () => {
    expect(bundlingFindings({})).toEqual([]);
    expect(bundlingFindings({ bundledTables: [] })).toEqual([]);
    expect(isBundled({ file_bundling: 'TRUE' })).toBe(true);
    expect(isBundled({ file_bundling: 'false' })).toBe(false);
    expect(isBundled({})).toBe(false);
  });
});
