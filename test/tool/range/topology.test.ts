import { describe, expect, it } from 'vitest';
import {
  childrenOf,
  compareTopologies,
  layoutProblem,
  parseTopology,
  rangeText,
  sourceTabletIds,
  sourceTabletIdsOf,
  splitRequest,
  structurallyEqual,
  TopologyParseError,
  type RangeTopology,
  type TabletRange,
} from '../../../src/range/topology.js';
import { rangePartitionTablets } from '../../../src/range/pairing.js';

type B = Array<string | null> | null;
const r = (lower: B, upper: B): TabletRange => ({ lowerBound: lower, lowerIncluded: lower !== null, upperBound: upper, upperIncluded: false });

/** A one-partition, one-index topology cut at `bounds` (one-column keys), tablet ids from `firstId`. */
function topo(bounds: string[], firstId: number, opts: { pp?: string; table?: string; index?: string } = {}): RangeTopology {
  const edges: B[] = [null, ...bounds.map((b) => [b]), null];
  return {
    databaseName: 'd',
    tableName: opts.table ?? 't',
    tableId: '10',
    partitions: [
      {
        partitionName: 'p1',
        partitionId: '11',
        physicalPartitionId: opts.pp ?? '12',
        visibleVersion: 5,
        indexes: [
          {
            indexName: opts.index ?? 't',
            indexMetaId: '13',
            currentIndexId: '14',
            tablets: edges.slice(0, -1).map((e, i) => ({ tabletId: String(firstId + i), range: r(e, edges[i + 1]!) })),
          },
        ],
      },
    ],
  };
}

const link = [{ srcPhysicalId: '12', tgtPhysicalId: '12' }];

describe('parseTopology', () => {
  it('reads the documented JSON, ids as exact decimal strings (beyond 2^53 too)', () => {
    const text = [
      '{"databaseName":"d","tableName":"t","tableId":9007199254740993,"partitions":[{"partitionName":"p1","partitionId":2,',
      '"physicalPartitionId":3,"visibleVersion":7,"indexes":[{"indexName":"t","indexMetaId":4,"currentIndexId":5,"tablets":[',
      '{"tabletId":9007199254740995,"range":{"lowerBound":null,"lowerIncluded":false,"upperBound":["a\\"b",null],"upperIncluded":false}},',
      '{"tabletId":7,"range":{"lowerBound":["a\\"b",null],"lowerIncluded":true,"upperBound":null,"upperIncluded":false}}]}]}]}',
    ].join('\n');
    const t = parseTopology(text);
    expect(t.tableId).toBe('9007199254740993');
    const idx = t.partitions[0]!.indexes[0]!;
    expect(idx.tablets.map((x) => x.tabletId)).toEqual(['9007199254740995', '7']);
    expect(idx.tablets[0]!.range.upperBound).toEqual(['a"b', null]);
    expect(t.partitions[0]!.visibleVersion).toBe(7);
    expect(rangeText(idx.tablets[1]!.range)).toBe('[(a"b, NULL), +∞)');
  });

  it('refuses what is not the documented shape', () => {
    expect(() => parseTopology('not json')).toThrow(TopologyParseError);
    expect(() => parseTopology('{"databaseName":"d","tableName":"t","tableId":1}')).toThrow(/partitions/);
    expect(() =>
      parseTopology(
        '{"databaseName":"d","tableName":"t","tableId":1,"partitions":[{"partitionName":"p","partitionId":1,"physicalPartitionId":1,"visibleVersion":1,"indexes":[{"indexName":"t","indexMetaId":1,"currentIndexId":1,"tablets":[{"tabletId":1,"range":{"lowerBound":[1],"lowerIncluded":true,"upperBound":null,"upperIncluded":false}}]}]}]}',
      ),
    ).toThrow(/lowerBound/);
  });
});

describe('layoutProblem', () => {
  it('accepts a half-open cover of the key space and names what is not', () => {
    expect(layoutProblem(topo(['10', '20'], 1).partitions[0]!.indexes[0]!.tablets)).toBeNull();
    expect(layoutProblem([{ tabletId: '1', range: r(['1'], null) }])).toMatch(/does not start at -∞/);
    expect(layoutProblem([{ tabletId: '1', range: r(null, ['1']) }])).toMatch(/does not end at \+∞/);
    expect(
      layoutProblem([
        { tabletId: '1', range: r(null, ['1']) },
        { tabletId: '2', range: r(['2'], null) },
      ]),
    ).toMatch(/not adjacent/);
    expect(
      layoutProblem([
        { tabletId: '1', range: { ...r(null, ['1']), upperIncluded: true } },
        { tabletId: '2', range: r(['1'], null) },
      ]),
    ).toMatch(/not half-open/);
  });
});

describe('compareTopologies', () => {
  it('equal layouts pair tablets by range, never by position of ids', () => {
    const src = topo(['10', '20'], 100);
    const tgt = topo(['10', '20'], 200);
    const c = compareTopologies(src, tgt, link);
    expect(c.kind).toBe('equal');
    if (c.kind !== 'equal') return;
    const idx = c.partitions[0]!.indexes[0]!;
    expect([...idx.pairs]).toEqual([
      ['200', '100'],
      ['201', '101'],
      ['202', '102'],
    ]);
    expect(idx.tgtIndexId).toBe('14');
    expect(c.partitions[0]!.srcVisibleVersion).toBe(5);
  });

  it('pairs by range when tablet ids are not in range order', () => {
    const src = topo(['10'], 100);
    const tgt = topo(['10'], 200);
    const tablets = tgt.partitions[0]!.indexes[0]!.tablets as unknown as Array<{ tabletId: string }>;
    tablets[0]!.tabletId = '999';
    const c = compareTopologies(src, tgt, link);
    expect(c.kind === 'equal' && [...c.partitions[0]!.indexes[0]!.pairs]).toEqual([
      ['999', '100'],
      ['201', '101'],
    ]);
  });

  it('a source boundary missing on the target is an exact-boundary split of the target tablet that contains it', () => {
    const c = compareTopologies(topo(['10', '20', '30'], 100), topo(['20'], 200), link);
    expect(c.kind).toBe('split');
    if (c.kind !== 'split') return;
    expect(c.splits).toEqual([
      { parentTabletId: '200', children: [r(null, ['10']), r(['10'], ['20'])] },
      { parentTabletId: '201', children: [r(['20'], ['30']), r(['30'], null)] },
    ]);
    expect(splitRequest(c.splits)).toEqual({ '200': [r(null, ['10']), r(['10'], ['20'])], '201': [r(['20'], ['30']), r(['30'], null)] });
    expect(c.why).toMatch(/partition p1 index t: 2 target tablet\(s\), 4 source tablet\(s\)/);
  });

  it('a new single-tablet target table is split at every source boundary', () => {
    const c = compareTopologies(topo(['a', 'b'], 100), topo([], 200), link);
    expect(c.kind === 'split' && c.splits).toEqual([{ parentTabletId: '200', children: [r(null, ['a']), r(['a'], ['b']), r(['b'], null)] }]);
  });

  it('a target boundary missing on the source needs a merge: refused, naming the partition, index and boundary', () => {
    const c = compareTopologies(topo(['10'], 100), topo(['10', '15'], 200), link);
    expect(c.kind).toBe('refuse');
    expect(c.kind === 'refuse' && c.reason).toMatch(
      /^partition p1 index t: the target has tablet boundary \(15\) that the source does not have .*merge/,
    );
    // A source merge (fewer source boundaries than the target's) is the same refusal.
    expect(compareTopologies(topo([], 100), topo(['5'], 200), link).kind).toBe('refuse');
  });

  it('refuses missing partitions, indexes and layouts that are not half-open', () => {
    expect(compareTopologies(topo([], 1), topo([], 2, { pp: '99' }), link)).toMatchObject({ kind: 'refuse', reason: /target physical partition 12/ });
    expect(compareTopologies(topo([], 1), topo([], 2, { index: 'other' }), link)).toMatchObject({ kind: 'refuse', reason: /index other/ });
    const bad = topo(['1'], 1);
    (bad.partitions[0]!.indexes[0]!.tablets[0]!.range as { upperIncluded: boolean }).upperIncluded = true;
    expect(compareTopologies(bad, topo(['1'], 5), link)).toMatchObject({ kind: 'refuse', reason: /source layout .*not half-open/ });
  });

  it('pairs a renamed base index (rename mapping) by the names given', () => {
    const c = compareTopologies(topo([], 1), topo([], 2, { table: 'u', index: 'u' }), link, { baseIndexNames: { src: 't', tgt: 'u' } });
    expect(c.kind).toBe('equal');
  });

  it('caps the children of one submission (tablet_reshard_max_split_count): the last child keeps the rest', () => {
    const c = compareTopologies(topo(['1', '2', '3', '4'], 100), topo([], 200), link, { maxChildren: 3 });
    expect(c.kind === 'split' && c.splits[0]!.children).toEqual([r(null, ['1']), r(['1'], ['2']), r(['2'], null)]);
    expect(childrenOf(r(null, null), [['x']])).toEqual([r(null, ['x']), r(['x'], null)]);
  });
});

describe('structural equality and source tablet identity', () => {
  it('compares names and ordered ranges, not ids', () => {
    expect(structurallyEqual(topo(['1'], 1), topo(['1'], 50, { pp: '77' }))).toBe(true);
    expect(structurallyEqual(topo(['1'], 1), topo(['2'], 1))).toBe(false);
  });

  it('notices a source split between two reads', () => {
    const c = compareTopologies(topo(['1'], 1), topo(['1'], 50), link);
    if (c.kind !== 'equal') throw new Error('expected equal');
    expect(sourceTabletIdsOf(topo(['1'], 1), c.partitions)).toBe(sourceTabletIds(c.partitions));
    expect(sourceTabletIdsOf(topo(['1', '2'], 3), c.partitions)).not.toBe(sourceTabletIds(c.partitions));
  });

  it('turns a pairing into request inputs keyed by the current index ids', () => {
    const c = compareTopologies(topo(['1'], 1), topo(['1'], 50), link);
    if (c.kind !== 'equal') throw new Error('expected equal');
    const p = rangePartitionTablets(c.partitions[0]!);
    expect(p.tgt).toEqual({ physicalPartitionId: '12', indexes: [{ indexId: '14', indexName: 't', tabletIds: ['50', '51'] }] });
    expect([...p.tabletPairs]).toEqual([
      ['50', '1'],
      ['51', '2'],
    ]);
  });
});
