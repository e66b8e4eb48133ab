import { describe, expect, it } from 'vitest';
import {
  contentVerdict,
  movementText,
  versionMovements,
  versionsOfRows,
  versionsOfSnapshot,
  type SourceVersions,
} from '../../../src/cutover/versions.js';
import { cluster, database, part, table } from '../planner/fixtures.js';

const row = (table: string, partition: string, id: string, visible: number, data = visible, db = 'db1') => ({
  DB_NAME: db,
  TABLE_NAME: table,
  PARTITION_NAME: partition,
  PARTITION_ID: id,
  VISIBLE_VERSION: String(visible),
  DATA_VERSION: String(data),
});

const all = () => true;

describe('source versions as cutover watches them', () => {
  it('partitions_meta rows of the selected tables only, by physical id', () => {
    const v = versionsOfRows([row('t', 'p1', '11', 3), row('u', 'p1', '21', 2), row('t', 'p2', '12', 5, 4)], (_db, t) => t === 't');
    expect([...v.entries()]).toEqual([
      ['11', { db: 'db1', table: 't', partition: 'p1', visible: 3, data: 3 }],
      ['12', { db: 'db1', table: 't', partition: 'p2', visible: 5, data: 4 }],
    ]);
  });

  it('a snapshot gives the same map as partitions_meta', () => {
    const snap = cluster([database('db1', { tables: [table('t', { partitions: [part('p1', { version: 3, id: '11' })] })] })]);
    expect(versionsOfSnapshot(snap, all)).toEqual(versionsOfRows([row('t', 'p1', '11', 3)], all));
  });

  it('nothing moved: no movement', () => {
    const v = versionsOfRows([row('t', 'p1', '11', 3)], all);
    expect(versionMovements(v, v)).toEqual([]);
  });

  it('loads, compaction, new and gone partitions, per table in name order', () => {
    const before: SourceVersions = versionsOfRows(
      [row('t', 'p1', '11', 3), row('t', 'p2', '12', 4), row('u', 'p1', '21', 2), row('a', 'p1', '31', 2)],
      all,
    );
    const after: SourceVersions = versionsOfRows(
      [row('t', 'p1', '11', 5), row('t', 'p2', '12', 5, 4), row('u', 'p1', '21', 2), row('a', 'p9', '39', 2)],
      all,
    );
    const moves = versionMovements(before, after);
    expect(moves).toEqual([
      { db: 'db1', table: 'a', changes: ['p1 gone', 'p9 new'], loads: true },
      { db: 'db1', table: 't', changes: ['p1 data version 3 -> 5', 'p2 visible version 4 -> 5 (compaction)'], loads: true },
    ]);
    expect(movementText(moves)).toBe('db1.a (p1 gone, p9 new), db1.t (p1 data version 3 -> 5, p2 visible version 4 -> 5 (compaction))');
    const compactionOnly = versionMovements(
      before,
      versionsOfRows([row('t', 'p1', '11', 3), row('t', 'p2', '12', 5, 4), row('u', 'p1', '21', 2), row('a', 'p1', '31', 2)], all),
    );
    expect(compactionOnly).toEqual([{ db: 'db1', table: 't', changes: ['p2 visible version 4 -> 5 (compaction)'], loads: false }]);
  });

  it('long lists are cut: 3 changes per table, 10 tables', () => {
    const before = versionsOfRows(
      Array.from({ length: 12 }, (_, i) => row(`t${String(i).padStart(2, '0')}`, 'p1', `${i}`, 1)).concat(
        Array.from({ length: 5 }, (_, i) => row('t00', `q${i}`, `q${i}`, 1)),
      ),
      all,
    );
    const after = new Map([...before].map(([id, v]) => [id, { ...v, visible: 2, data: 2 }]));
    const text = movementText(versionMovements(before, after));
    expect(text).toMatch(/^db1\.t00 \(p1 data version 1 -> 2, q0 data version 1 -> 2, q1 data version 1 -> 2 and 3 more\), db1\.t01 /);
    expect(text).toMatch(/ and 2 more tables$/);
  });
});

describe('step 3 verdict: what the content check and the source movements mean', () => {
  const before = versionsOfRows([row('t', 'p1', '11', 5), row('u', 'p1', '21', 3)], all);
  const compacted = versionMovements(before, versionsOfRows([row('t', 'p1', '11', 6, 5), row('u', 'p1', '21', 3)], all));
  const loaded = versionMovements(before, versionsOfRows([row('t', 'p1', '11', 6, 5), row('u', 'p1', '21', 4)], all));
  const clean = { notInSync: 0, differs: 0, notCompared: 0 };

  it('in sync, the same content, nothing moved: done', () => {
    expect(contentVerdict({ ...clean, after: [] })).toEqual({ kind: 'done' });
  });
  it('only a compaction moved the source during the check: verified again from step 1, even with partitions not compared', () => {
    const v = contentVerdict({ ...clean, notCompared: 1, after: compacted });
    expect(v).toEqual({
      kind: 'again',
      why: 'the source compacted during the verification (no writes): db1.t (p1 visible version 5 -> 6 (compaction))',
    });
  });
  it('a load during the check is a write: not done, with every reason', () => {
    const v = contentVerdict({ ...clean, notCompared: 2, after: loaded });
    expect(v.kind).toBe('not_done');
    expect(v.kind === 'not_done' && v.reasons).toEqual([
      '2 partition(s) could not be compared',
      'the source received writes during the verification: db1.t (p1 visible version 5 -> 6 (compaction)), db1.u (p1 data version 3 -> 4)',
    ]);
  });
  it('a compaction does not excuse a difference or a lag: not done', () => {
    expect(contentVerdict({ ...clean, differs: 1, after: compacted }).kind).toBe('not_done');
    expect(contentVerdict({ ...clean, notInSync: 1, after: compacted }).kind).toBe('not_done');
    expect(contentVerdict({ ...clean, differs: 1, after: [] })).toEqual({ kind: 'not_done', reasons: ['1 partition(s) with different content'] });
  });
});
