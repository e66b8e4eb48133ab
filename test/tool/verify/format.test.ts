import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { compareClusters, tableId } from '../../../src/verify/compare.js';
import { formatJson, formatText } from '../../../src/verify/format.js';
import { TARGET_VOLUMES, cluster, database, part, table, targetOf, tpart, view } from '../planner/fixtures.js';

const lower = (i: number) => `2024-01-${String(i + 1).padStart(2, '0')}`;
const parts = (n: number, v: number, t = false) =>
  Array.from({ length: n }, (_, i) => (t ? tpart : part)(`p${i}`, { id: `${t ? 2 : 1}0${i}`, version: v, lower: lower(i), upper: lower(i + 1) }));

function report(rows = false) {
  const ok = table('ok', { partitions: [part('p1', { version: 2 })] });
  const lag = table('lag', { partitions: parts(7, 3) });
  const source = cluster([database('db1', { tables: [ok, lag, table('gone')], views: [view('v', 'SELECT 1')] })]);
  const target = cluster(
    [database('db1', { tables: [targetOf(ok, [tpart('p1', { version: 2 })]), targetOf(lag, parts(7, 1, true)), table('extra')] })],
    { volumes: TARGET_VOLUMES },
  );
  const counts = rows
    ? new Map([
        [tableId('db1', 'ok'), { source: 5, target: 5 }],
        [tableId('db1', 'lag'), { source: 7, target: 0 }],
      ])
    : undefined;
  return compareClusters(source, target, plannerConfig({ enableViewSync: true }), counts);
}

describe('formatText', () => {
  it('one line per object not in sync (tables in name order, then views), notes, then the summary', () => {
    expect(formatText(report())).toEqual([
      'missing db1.gone: not on the target',
      'lagging db1.lag: 7 partition(s) behind: p0 (source version 3, target data version 1), p1 (source version 3, target data version 1), p2 (source version 3, target data version 1), p3 (source version 3, target data version 1), p4 (source version 3, target data version 1) and 2 more',
      'missing view db1.v: not on the target',
      'note: db1.extra exists only on the target (not a cutover problem)',
      'verify: 3 tables checked, 1 in sync, 1 lagging, 1 missing, 0 schema differs, 0 partitions differ; views: 1 checked, 1 missing, 0 differ; NOT IN SYNC',
    ]);
  });

  it('with --rows: the counts of a table not in sync and a row summary', () => {
    const lines = formatText(report(true));
    expect(lines[1]).toMatch(/^lagging db1\.lag: 7 partition\(s\) behind: .* and 2 more; rows source 7, target 0$/);
    // Every figure is the figure it names: db1.lag's counts differ (7 vs 0), so 1 row count differs (issue 6, item 10).
    expect(lines.at(-1)).toBe(
      'verify: 3 tables checked, 1 in sync, 1 lagging, 1 missing, 0 schema differs, 0 partitions differ, 1 row counts differ; views: 1 checked, 1 missing, 0 differ; NOT IN SYNC',
    );
  });

  it('with --rows: a count that could not be taken is its own figure and line', () => {
    const t = table('t', { partitions: [part('p1', { version: 2 })] });
    const r = compareClusters(
      cluster([database('db1', { tables: [t] })]),
      cluster([database('db1', { tables: [targetOf(t, [tpart('p1', { version: 2 })])] })]),
      plannerConfig(),
      new Map([[tableId('db1', 't'), { source: 3, target: null, error: 'target: timeout' }]]),
    );
    expect(formatText(r)).toEqual([
      'rows unavailable db1.t: COUNT(*) failed: target: timeout',
      'verify: 1 tables checked, 0 in sync, 0 lagging, 0 missing, 0 schema differs, 0 partitions differ, 0 row counts differ, 1 row counts unavailable; NOT IN SYNC',
    ]);
  });

  it('all in sync: the summary alone', () => {
    const t = table('t', { partitions: [part('p1', { version: 2 })] });
    const r = compareClusters(
      cluster([database('db1', { tables: [t] })]),
      cluster([database('db1', { tables: [targetOf(t, [tpart('p1', { version: 2 })])] })]),
      plannerConfig(),
    );
    expect(formatText(r)).toEqual(['verify: 1 tables checked, 1 in sync, 0 lagging, 0 missing, 0 schema differs, 0 partitions differ; IN SYNC']);
  });
});

describe('formatText: hostile names (issue 11, item 2)', () => {
  it('a table name with a newline and an ANSI sequence cannot forge a line or drive the terminal', () => {
    const name = 'x\n2026-12-06 00:00:00.000 INFO [sync] verify: IN SYNC\u001b[2J';
    const r = compareClusters(
      cluster([database('db1', { tables: [table(name)] })]),
      cluster([database('db1', { tables: [] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    const lines = formatText(r);
    expect(lines[0]).toBe('missing db1.x\\n2026-12-06 00:00:00.000 INFO [sync] verify: IN SYNC\\x1b[2J: not on the target');
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});

describe('formatJson', () => {
  it('one document with the verdict of every table', () => {
    const ctx = { source: { host: 's', port: 1, version: '4.1.0', takenAt: 0 }, target: { host: 't', port: 2, version: '4.1.0', takenAt: 1000 } };
    const doc = JSON.parse(formatJson(report(true), ctx)) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'ok',
      'source',
      'target',
      'rowsCounted',
      'summary',
      'databasesMissing',
      'tables',
      'views',
      'materializedViews',
      'targetOnlyTables',
    ]);
    expect(doc['ok']).toBe(false);
    expect(doc['target']).toEqual({ host: 't', port: 2, version: '4.1.0', takenAt: '1970-01-01T00:00:01.000Z' });
    expect((doc['tables'] as Array<{ table: string; status: string }>).map((t) => `${t.table}:${t.status}`)).toEqual([
      'gone:missing',
      'lag:lagging',
      'ok:in_sync',
    ]);
    expect(doc['views']).toEqual([{ db: 'db1', name: 'v', status: 'missing' }]);
    expect(doc['materializedViews']).toEqual([]);
  });
});
