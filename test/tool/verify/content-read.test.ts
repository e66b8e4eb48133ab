// verify --content, the reading half, against scripted SQL clients: the order of the reads (versions, then the
// fingerprints, then versions again, on both sides), which partitions are fingerprinted, and failures per partition.
import { describe, expect, it } from 'vitest';
import { contentOfTables } from '../../../src/verify/content-read.js';
import type { VerifySide } from '../../../src/verify/read.js';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';

type Answer = Array<Record<string, unknown>> | Error;

/** A side whose SQL client answers by statement kind, recording every statement. */
function fakeSide(side: 'source' | 'target', answer: (sql: string, n: number) => Answer, log: string[]): VerifySide {
  let versionReads = 0;
  const sql = {
    query: async (text: string) => {
      const isVersions = text.includes('partitions_meta');
      log.push(`${side} ${isVersions ? `versions#${++versionReads}` : /PARTITION \(`(\w+)`\)/.exec(text)?.[1]}`);
      const a = answer(text, versionReads);
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { side, sql, inspector: {} } as unknown as VerifySide;
}

function snapshot(partitions: string[]): ClusterSnapshot {
  const table = {
    name: 't',
    columns: [
      { name: 'k', type: 'int(11)' },
      { name: 'b', type: 'bitmap' },
    ],
    partitions: new Map(partitions.map((p) => [p, { name: p }])),
  };
  return { databases: new Map([['db1', { tables: new Map([['t', table]]) }]]) } as unknown as ClusterSnapshot;
}

const meta = (versions: Record<string, number>) =>
  Object.entries(versions).map(([p, v], i) => ({ PARTITION_NAME: p, PARTITION_ID: String(10 + i), VISIBLE_VERSION: v, DATA_VERSION: v }));
const print = (rows: number, h: string) => [{ row_count: rows, hash1: h, hash2: h }];

describe('contentOfTables', () => {
  it('reads versions, fingerprints the common partitions, reads versions again; judges each partition', async () => {
    const log: string[] = [];
    const source = fakeSide(
      'source',
      (q, n) => (q.includes('partitions_meta') ? meta({ p1: 2, p2: n === 1 ? 3 : 4, p3: 2 }) : print(1, q.includes('`p1`') ? '5' : '6')),
      log,
    );
    const target = fakeSide(
      'target',
      (q) => (q.includes('partitions_meta') ? meta({ p1: 2, p2: 3 }) : q.includes('`p1`') ? print(1, '5') : new Error('Not found: s3://x.dat')),
      log,
    );
    const [t] = await contentOfTables(source, target, snapshot(['p1', 'p2', 'p3']), snapshot(['p1', 'p2']), [{ db: 'db1', table: 't' }], 2);
    expect(t!.skippedColumns).toEqual(['b']);
    expect(t!.partitions.map((p) => [p.name, p.status, p.reason])).toEqual([
      ['p1', 'same', undefined],
      ['p2', 'not_compared', 'versions moved on the source'],
    ]);
    const order = (side: string) => log.filter((l) => l.startsWith(side));
    expect(order('source')).toEqual(['source versions#1', 'source p1', 'source p2', 'source versions#2']);
    expect(order('target')).toEqual(['target versions#1', 'target p1', 'target p2', 'target versions#2']);
  });

  it('a failed fingerprint at stable versions, or a failed versions read, is "could not compare" with the reason', async () => {
    const log: string[] = [];
    const source = fakeSide('source', (q) => (q.includes('partitions_meta') ? meta({ p1: 2 }) : print(1, '5')), log);
    const target = fakeSide('target', (q) => (q.includes('partitions_meta') ? meta({ p1: 2 }) : new Error('Not found: s3://x.dat')), log);
    const [t] = await contentOfTables(source, target, snapshot(['p1']), snapshot(['p1']), [{ db: 'db1', table: 't' }], 1);
    expect(t!.partitions[0]).toMatchObject({ status: 'not_compared', reason: 'query failed: target: Not found: s3://x.dat' });
    const broken = fakeSide('target', (q) => (q.includes('partitions_meta') ? new Error('lost connection') : print(1, '5')), log);
    const [u] = await contentOfTables(source, broken, snapshot(['p1']), snapshot(['p1']), [{ db: 'db1', table: 't' }], 1);
    expect(u!.partitions[0]).toMatchObject({ status: 'not_compared', reason: 'partition versions unavailable on the target' });
  });
});
