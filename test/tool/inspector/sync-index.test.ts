import { describe, expect, it } from 'vitest';
import { ClusterInspector } from '../../../src/inspector/inspector.js';
import { buildRollupText, parseDescAll, syncIndexesOf } from '../../../src/inspector/sync-index.js';
import type { SqlClient, Row } from '../../../src/cluster/sql-client.js';

const d = (IndexName: string, IndexKeysType: string, Field: string, Type: string, Null: string, Key: string, Extra: string): Row => ({
  IndexName,
  IndexKeysType,
  Field,
  Type,
  Null,
  Key,
  Default: null,
  Extra,
});
const gap: Row = d('', '', '', '', '', '', '');

/** DESC db.t ALL of a DUPLICATE table t (k1, k2, v) with rollup r (k2, v) and sync MV mv (k2, SUM(v)). */
const DESC_ALL: Row[] = [
  d('t', 'DUP_KEYS', 'k1', 'int', 'NO', 'true', ''),
  d('', '', 'k2', 'int', 'NO', 'true', ''),
  d('', '', 'v', 'bigint', 'YES', 'false', 'NONE'),
  gap,
  d('mv', 'AGG_KEYS', 'k2', 'int', 'NO', 'true', ''),
  d('', '', 'mv_sum_v', 'bigint', 'YES', 'false', 'SUM,BLOOM_FILTER'),
  gap,
  d('r', 'DUP_KEYS', 'k2', 'int', 'NO', 'true', ''),
  d('', '', 'v', 'bigint', 'YES', 'false', ''),
];
const INDEXES = [
  { id: '10', name: 't', schemaHash: 1, schemaVersion: 0 },
  { id: '30', name: 'r', schemaHash: 2, schemaVersion: 0 },
  { id: '20', name: 'mv', schemaHash: 3, schemaVersion: 0 },
];
const TEXTS = new Map([
  ['30', 'create materialized view r as select k2,NONE(v) from t group by k2'],
  ['20', 'CREATE MATERIALIZED VIEW mv ASSELECT k2, SUM(v)FROM tGROUP BY k2'],
  ['99', 'CREATE MATERIALIZED VIEW `async` REFRESH ASYNC AS SELECT 1'],
]);

describe('reading rollups and sync MVs', () => {
  it('parses DESC ALL per index, with implicit aggregations for value columns', () => {
    const idx = parseDescAll(DESC_ALL);
    expect(idx.map((i) => `${i.name} ${i.keysType} ${i.columns.map((c) => `${c.name}:${c.isKey ? 'key' : c.aggType}`).join(' ')}`)).toEqual([
      't DUP_KEYS k1:key k2:key v:NONE',
      'mv AGG_KEYS k2:key mv_sum_v:SUM',
      'r DUP_KEYS k2:key v:NONE',
    ]);
    expect(
      parseDescAll([d('u', 'UNIQUE_KEYS', 'k', 'int', 'NO', 'true', ''), d('', '', 'v', 'int', 'YES', 'false', '')])[0]!.columns[1]!.aggType,
    ).toBe('REPLACE');
  });

  it('tells a rollup (the text StarRocks builds from its columns) from a sync MV (the user statement), joined by index id', () => {
    const desc = parseDescAll(DESC_ALL);
    expect(buildRollupText('t', 'r', desc[2]!.columns)).toBe(TEXTS.get('30'));
    const out = syncIndexesOf({ name: 't', keysType: 'DUP_KEYS' }, INDEXES, desc, TEXTS)!;
    expect(out.map((i) => `${i.id} ${i.name} ${i.kind} ${i.keysType}`)).toEqual(['30 r rollup DUP_KEYS', '20 mv mv AGG_KEYS']);
    expect(out[1]!.definition).toBe(TEXTS.get('20'));
    // A user statement that happens to read like the built text but makes another keys type stays an MV.
    const aggText = new Map([...TEXTS, ['20', 'create materialized view mv as select k2,SUM(mv_sum_v) from t group by k2']]);
    expect(syncIndexesOf({ name: 't', keysType: 'DUP_KEYS' }, INDEXES, desc, aggText)!.map((i) => i.kind)).toEqual(['rollup', 'mv']);
  });

  it('unknown when the reads disagree: an index without a definition (still being built) or missing from DESC ALL', () => {
    const desc = parseDescAll(DESC_ALL);
    expect(syncIndexesOf({ name: 't', keysType: 'DUP_KEYS' }, INDEXES, desc, new Map([['30', TEXTS.get('30')!]]))).toBeUndefined();
    expect(syncIndexesOf({ name: 't', keysType: 'DUP_KEYS' }, INDEXES, desc.slice(0, 2), TEXTS)).toBeUndefined();
    expect(syncIndexesOf({ name: 't', keysType: 'DUP_KEYS' }, INDEXES.slice(0, 1), desc.slice(0, 1), TEXTS)).toEqual([]);
  });
});

/** A fake FE with one database `d` holding a table with a rollup, a plain table, an async MV (and its info_schema rows). */
function fakeCluster() {
  const queries: string[] = [];
  const answer = (q: string): Row[] => {
    if (q === 'SELECT @@version_comment') return [{ v: '4.1.0-abc' }];
    if (q.startsWith('ADMIN SHOW FRONTEND CONFIG')) return [{ Key: 'run_mode', Value: 'shared_data' }];
    if (q === 'SHOW STORAGE VOLUMES') return [];
    if (q === "SHOW PROC '/dbs'") return [{ DbId: '1', DbName: 'd' }];
    if (q === "SHOW PROC '/dbs/1'")
      return [
        { TableId: '2', TableName: 't', IndexNum: '3', State: 'NORMAL', Type: 'CLOUD_NATIVE', PartitionType: 'UNPARTITIONED' },
        { TableId: '3', TableName: 'plain', IndexNum: '1', State: 'NORMAL', Type: 'CLOUD_NATIVE', PartitionType: 'UNPARTITIONED' },
        { TableId: '99', TableName: 'async', IndexNum: '1', State: 'NORMAL', Type: 'CLOUD_NATIVE_MATERIALIZED_VIEW', PartitionType: 'UNPARTITIONED' },
      ];
    if (q.includes('information_schema.views')) return [];
    if (q.includes('information_schema.materialized_views'))
      return [
        { MATERIALIZED_VIEW_ID: '99', TABLE_SCHEMA: 'd', TABLE_NAME: 'async', REFRESH_TYPE: 'ASYNC', MATERIALIZED_VIEW_DEFINITION: 'SELECT 1' },
        // An OLAP table's sync MV listed there too: never an async MV (here it even shares the async MV's name).
        {
          MATERIALIZED_VIEW_ID: '20',
          TABLE_SCHEMA: 'd',
          TABLE_NAME: 'async',
          REFRESH_TYPE: 'ROLLUP',
          MATERIALIZED_VIEW_DEFINITION: 'CREATE MATERIALIZED VIEW ...',
        },
      ];
    if (q.includes('tables_config'))
      return ['t', 'plain'].map((n) => ({
        TABLE_SCHEMA: 'd',
        TABLE_NAME: n,
        TABLE_MODEL: 'DUP_KEYS',
        PROPERTIES: '{}',
        DISTRIBUTE_TYPE: 'HASH',
        DISTRIBUTE_KEY: '`k1`',
        DISTRIBUTE_BUCKET: '1',
      }));
    if (q.includes('information_schema.columns')) return [];
    if (q.includes('partitions_meta')) return [];
    if (q === 'SHOW MATERIALIZED VIEWS FROM `d`')
      return [...TEXTS].map(([id, text]) => ({ id, name: id, refresh_type: id === '99' ? 'ASYNC' : 'ROLLUP', text }));
    if (q === "SHOW PROC '/dbs/1/2/index_schema'")
      return INDEXES.map((i) => ({ IndexId: i.id, IndexName: i.name, SchemaHash: String(i.schemaHash), SchemaVersion: '0' }));
    if (q === 'DESC `d`.`t` ALL') return DESC_ALL;
    throw new Error(`unexpected query ${q}`);
  };
  const sql = { query: async (q: string) => (queries.push(q), answer(q)) } as unknown as SqlClient;
  return { sql, queries };
}

describe('ClusterInspector.snapshot with rollups and sync MVs', () => {
  it('reads indexes only for tables with IndexNum > 1: SHOW MATERIALIZED VIEWS once per database, index_schema + DESC ALL per table', async () => {
    const { sql, queries } = fakeCluster();
    const snap = await new ClusterInspector(sql).snapshot({ serviceId: 's' });
    const db = snap.databases.get('d')!;
    const t = db.tables.get('t')!;
    expect(t.indexNum).toBe(3);
    expect(t.indexes.map((i) => i.name)).toEqual(['t', 'r', 'mv']);
    expect(t.syncIndexes!.map((i) => `${i.name} ${i.kind}`)).toEqual(['r rollup', 'mv mv']);
    expect(db.tables.get('plain')!.syncIndexes).toEqual([]);
    expect(queries.filter((q) => /SHOW MATERIALIZED VIEWS|index_schema|^DESC /.test(q))).toEqual([
      'SHOW MATERIALIZED VIEWS FROM `d`',
      "SHOW PROC '/dbs/1/2/index_schema'",
      'DESC `d`.`t` ALL',
    ]);
    // The async MV keeps its own definition; the sync MV's row is not taken for it.
    expect(db.materializedViews.get('async')!.definition).toBe('SELECT 1');
  });

  it('a table whose index reads fail is left unknown, the rest of the catalog is read', async () => {
    const { sql } = fakeCluster();
    const failing = {
      query: async (q: string) => (q.startsWith('DESC ') ? Promise.reject(new Error('Unknown table')) : sql.query(q)),
    } as unknown as SqlClient;
    const snap = await new ClusterInspector(failing).snapshot({ serviceId: 's' });
    expect(snap.databases.get('d')!.tables.get('t')!.syncIndexes).toBeUndefined();
    expect(snap.databases.get('d')!.tables.get('plain')!.syncIndexes).toEqual([]);
  });
});
