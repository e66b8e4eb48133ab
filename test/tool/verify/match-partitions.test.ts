// matchPartitions (the planner's read-only pairing, used by verify) must pair exactly as diffPartitions does.
import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { diffPartitions, matchPartitions } from '../../../src/planner/partition.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { part, phys, table, targetOf, tpart } from '../planner/fixtures.js';

const p2 = (o: Parameters<typeof part>[1] = {}) => part('p2', { lower: '2024-01-02', upper: '2024-01-03', ...o });
const tp2 = (o: Parameters<typeof part>[1] = {}) => tpart('p2', { lower: '2024-01-02', upper: '2024-01-03', ...o });
const p3 = (o: Parameters<typeof part>[1] = {}) => part('p3', { lower: '2024-01-03', upper: '2024-01-04', ...o });

const s = table('t', { partitions: [part('p1', { version: 4 }), p2({ version: 3 }), p3({ version: 2 })] });
const none = { bound: { kind: 'none' as const }, value: '' };
const u = table('u', { partitionType: 'UNPARTITIONED', partitionColumns: [], partitions: [part('u', { ...none, version: 4 })] });

const cases: Array<[string, TableInfo, TableInfo]> = [
  ['all consistent, some behind', s, targetOf(s, [tpart('p1', { version: 4 }), tp2({ version: 1 }), p3({ version: 1 })])],
  [
    'missing, extra, version ahead',
    s,
    targetOf(s, [tpart('p0', { lower: '2023-12-31', upper: '2024-01-01' }), tpart('p1', { version: 5 }), tp2({ version: 2 })]),
  ],
  ['bucket and bound mismatch', s, targetOf(s, [tpart('p1', { buckets: 8 }), tp2({ lower: '2024-01-05', upper: '2024-01-06' }), p3()])],
  ['physical partitions by position', s, targetOf(s, [{ ...tpart('p1'), physical: [phys('1', 1), phys('2', 1)] }, tp2(), p3()])],
  ['unpartitioned, consistent', u, targetOf(u, [tpart('u', { ...none, version: 2 })])],
  ['unpartitioned, target written', u, targetOf(u, [part('u', { ...none, version: 2, txnType: 'TXN_NORMAL' })])],
];

describe('matchPartitions', () => {
  it.each(cases)('%s: the same consistent pairs as diffPartitions', (_name, src, tgt) => {
    for (const cfg of [plannerConfig(), plannerConfig({ ddlJobAllowDropInconsistentPartition: false, ddlJobAllowDropPartitionTargetOnly: false })]) {
      expect(matchPartitions(src, tgt).pairs).toEqual(diffPartitions('db1', src, tgt, cfg).pairs);
    }
  });

  it('names what differs', () => {
    const m = matchPartitions(s, cases[1]![2]);
    expect(m.sourceOnly).toEqual(['p3']);
    expect(m.targetOnly).toEqual(['p0']);
    expect(m.inconsistent.map((i) => [i.name, i.cause])).toEqual([['p1', 'version_ahead']]);
    expect(m.pairs.map((p) => p.name)).toEqual(['p2']);
  });
});
