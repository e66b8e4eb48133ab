// snapshot() builds each table from its own rows only: rows are grouped by table within the database read (rows of
// another database are ignored), columns ordered by ORDINAL_POSITION, temporary partitions left out (IS_TEMP 1 /
// true), physical partitions sorted by id, the distribution from the first formal partition's non-empty key.
import { describe, expect, it } from 'vitest';
import { ClusterInspector } from '../../../src/inspector/inspector.js';
import type { SqlClient } from '../../../src/cluster/sql-client.js';

type Rows = Array<Record<string, string | null>>;
const p = (db: string, table: string, name: string, id: string, o: Record<string, string | null> = {}) => ({
  DB_NAME: db,
  TABLE_NAME: table,
  PARTITION_NAME: name,
  PARTITION_ID: id,
  VISIBLE_VERSION: '2',
  DATA_VERSION: '2',
  NEXT_VERSION: '3',
  VERSION_EPOCH: '900719925474099300',
  VERSION_TXN_TYPE: 'TXN_NORMAL',
  PARTITION_VALUE: '',
  BUCKETS: '2',
  IS_TEMP: '0',
  DATA_SIZE: '10',
  ROW_COUNT: '1',
  DISTRIBUTION_KEY: 'id',
  ...o,
});
const range = (a: string, b: string) => `[types: [DATE]; keys: [${a}]; ..types: [DATE]; keys: [${b}]; )`;
const c = (db: string, table: string, name: string, pos: string, o: Record<string, string | null> = {}) => ({
  TABLE_SCHEMA: db,
  TABLE_NAME: table,
  COLUMN_NAME: name,
  ORDINAL_POSITION: pos,
  COLUMN_DEFAULT: null,
  IS_NULLABLE: 'YES',
  COLUMN_TYPE: 'int(11)',
  COLUMN_KEY: '',
  EXTRA: '',
  COLUMN_COMMENT: '',
  ...o,
});
function catalog(q: string): Rows {
  if (q.startsWith('SELECT @@version_comment')) return [{ '@@version_comment': '4.1.0-abc' }];
  if (q.startsWith('ADMIN SHOW FRONTEND CONFIG')) return [{ Key: 'run_mode', Value: 'shared_data' }];
  if (q === 'SHOW STORAGE VOLUMES') return [{ 'Storage Volume': 'v' }];
  if (q.startsWith('DESC STORAGE VOLUME')) return [{ Type: 'S3', Location: 's3://a/, s3://b/', IsDefault: 'true', Enabled: 'true' }];
  if (q === "SHOW PROC '/dbs'")
    return [
      { DbId: '10', DbName: 'd' },
      { DbId: '1', DbName: 'information_schema' },
      { DbId: '11', DbName: 'e' },
    ];
  if (q.includes('information_schema.views')) return [{ TABLE_SCHEMA: 'd', TABLE_NAME: 'v', VIEW_DEFINITION: 'SELECT 1' }];
  if (q.includes('information_schema.materialized_views'))
    return [
      { MATERIALIZED_VIEW_ID: '30', TABLE_SCHEMA: 'd', TABLE_NAME: 'mv', REFRESH_TYPE: 'MANUAL', MATERIALIZED_VIEW_DEFINITION: 'SELECT id FROM t' },
      { MATERIALIZED_VIEW_ID: '99', TABLE_SCHEMA: 'd', TABLE_NAME: 'r1', REFRESH_TYPE: 'ROLLUP', MATERIALIZED_VIEW_DEFINITION: 'x' },
    ];
  const proc = (id: string, name: string, type: string, ptype = 'RANGE') => ({
    TableId: id,
    TableName: name,
    Type: type,
    State: 'NORMAL',
    PartitionType: ptype,
    IndexNum: '1',
  });
  if (q === "SHOW PROC '/dbs/10'")
    return [
      proc('20', 't', 'CLOUD_NATIVE'),
      proc('21', 'agg', 'CLOUD_NATIVE', 'UNPARTITIONED'),
      proc('22', 'rnd', 'CLOUD_NATIVE', 'UNPARTITIONED'),
      proc('23', 'v', 'VIEW'),
      proc('30', 'mv', 'CLOUD_NATIVE_MATERIALIZED_VIEW'),
      proc('24', 'gone', 'CLOUD_NATIVE'),
      proc('25', 'ext', 'MYSQL'),
    ];
  if (q === "SHOW PROC '/dbs/11'") return [proc('40', 't', 'CLOUD_NATIVE', 'LIST')];
  const cfg = (db: string, t: string, id: string, o: Record<string, string | null> = {}) => ({
    TABLE_SCHEMA: db,
    TABLE_NAME: t,
    TABLE_ID: id,
    TABLE_MODEL: 'DUP_KEYS',
    PROPERTIES: '{"storage_volume":"v","replication_num":"1"}',
    DISTRIBUTE_TYPE: 'HASH',
    DISTRIBUTE_KEY: '`id`',
    DISTRIBUTE_BUCKET: '2',
    PARTITION_KEY: '`dt`',
    SORT_KEY: '`dt`, `id`',
    ...o,
  });
  if (q.includes('tables_config') && q.includes("'d'"))
    return [
      cfg('d', 't', '20'),
      cfg('d', 'agg', '21', { TABLE_MODEL: 'AGG_KEYS', PARTITION_KEY: '', SORT_KEY: '`k`', DISTRIBUTE_KEY: '`k`' }),
      cfg('d', 'rnd', '22', { DISTRIBUTE_KEY: '', PARTITION_KEY: '', PROPERTIES: null }),
      cfg('e', 't', '77'),
      cfg('d', 't', '20', { SORT_KEY: '`id`' }),
    ];
  if (q.includes('tables_config'))
    return [cfg('e', 't', '40', { PARTITION_KEY: '`city`', PROPERTIES: '{"storage_volume":"v","replication_num":"1"}' })];
  if (q.includes('information_schema.columns') && q.includes("'d'"))
    return [
      c('d', 't', 'id', '2', { COLUMN_KEY: 'DUP', IS_NULLABLE: 'NO', COLUMN_TYPE: 'bigint(20)', EXTRA: 'auto_increment' }),
      c('d', 't', 'dt', '1', { COLUMN_KEY: 'DUP', IS_NULLABLE: 'NO', COLUMN_TYPE: 'date' }),
      c('d', 'agg', 'k', '1', { COLUMN_KEY: 'AGG', IS_NULLABLE: 'NO' }),
      c('d', 'agg', 'v', '2', { EXTRA: 'SUM', COLUMN_DEFAULT: '0', COLUMN_COMMENT: 'sum it' }),
      c('d', 'agg', 'r', '3', { EXTRA: 'replace_if_not_null', COLUMN_TYPE: 'varchar(10)' }),
      c('e', 't', 'zz', '1'),
      c('d', 't', 'name', '3', { COLUMN_TYPE: 'varchar(32)', COLUMN_DEFAULT: 'x' }),
      c('d', 'rnd', 'id', '1', { COLUMN_KEY: 'DUP' }),
      c('d', 'v', 'one', '1'),
      c('d', 'mv', 'id', '1', { COLUMN_KEY: 'DUP' }),
    ];
  if (q.includes('information_schema.columns')) return [c('e', 't', 'city', '1', { COLUMN_KEY: 'DUP', COLUMN_TYPE: 'varchar(10)' })];
  if (q.includes('partitions_meta') && q.includes("'d'"))
    return [
      p('d', 't', 'p1', '103', { PARTITION_VALUE: range('2024-01-01', '2024-01-02'), DISTRIBUTION_KEY: ' ' }),
      p('d', 't', 'tp', '150', { PARTITION_VALUE: range('2024-01-02', '2024-01-03'), IS_TEMP: '1', DISTRIBUTION_KEY: 'name' }),
      p('d', 't', 'p1', '101', {
        PARTITION_VALUE: range('2024-01-01', '2024-01-02'),
        VISIBLE_VERSION: '5',
        DATA_SIZE: '7',
        VERSION_TXN_TYPE: 'TXN_REPLICATION',
      }),
      p('d', 'agg', 'agg', '200', { DISTRIBUTION_KEY: 'k', DATA_SIZE: '\\N', ROW_COUNT: '' }),
      p('e', 't', 'p1', '999'),
      p('d', 't', 'p2', '102', { PARTITION_VALUE: range('2024-01-02', '2024-01-03'), IS_TEMP: 'false', DISTRIBUTION_KEY: 'dt' }),
      p('d', 't', 'tp2', '151', { IS_TEMP: 'TRUE' }),
      p('d', 'rnd', 'rnd', '300', { DISTRIBUTION_KEY: '\\N' }),
      p('d', 'rnd', 'rnd', '301', { DISTRIBUTION_KEY: 'ALL KEY' }),
      p('d', 'agg', 'agg', '201', { IS_TEMP: 'true', DISTRIBUTION_KEY: 'zzz' }),
    ];
  if (q.includes('partitions_meta')) return [p('e', 't', 'pa', '41', { PARTITION_VALUE: "('a', 'b')", DISTRIBUTION_KEY: 'city' })];
  throw new Error(`unexpected ${q}`);
}

async function snapshot() {
  const sql = { query: async (q: string) => catalog(q) } as unknown as SqlClient;
  return new ClusterInspector(sql).snapshot({ serviceId: 's' });
}

const phys = (id: string, o: Record<string, unknown> = {}) => ({
  id,
  visibleVersion: 2,
  dataVersion: 2,
  nextVersion: 3,
  versionEpoch: '900719925474099300',
  versionTxnType: 'TXN_NORMAL',
  dataSize: 10,
  rowCount: 1,
  ...o,
});

describe('ClusterInspector.snapshot builds tables from their own rows', () => {
  it('keeps user databases, readable tables, views and async MVs, in SHOW PROC order', async () => {
    const snap = await snapshot();
    expect([...snap.databases.keys()]).toEqual(['d', 'e']);
    const d = snap.databases.get('d')!;
    expect([...d.tables.keys()]).toEqual(['t', 'agg', 'rnd']); // 'gone' has no tables_config row, 'ext' is no OLAP table
    expect(d.views.get('v')).toMatchObject({ id: '23', definition: 'SELECT 1', columns: ['one'] });
    expect(d.materializedViews.get('mv')).toMatchObject({ id: '30', definition: 'SELECT id FROM t', columns: ['id'] });
    expect(snap.storageVolumes.get('v')).toEqual({ name: 'v', type: 'S3', locations: ['s3://a/', 's3://b/'], isDefault: true, enabled: true });
  });

  it('a table: its rows only, columns by position, formal partitions, physical ids sorted', async () => {
    const t = (await snapshot()).databases.get('d')!.tables.get('t')!;
    expect(t.id).toBe('20'); // e.t's tables_config row (id 77) in d's answer is not d.t's
    expect(t.sortKeys).toEqual(['id']); // the later of d.t's two tables_config rows
    expect(t.columns.map((c) => [c.name, c.type, c.isKey, c.nullable, c.autoIncrement, c.defaultValue])).toEqual([
      ['dt', 'date', true, false, false, null],
      ['id', 'bigint(20)', true, false, true, null],
      ['name', 'varchar(32)', false, true, false, 'x'],
    ]);
    expect(t.keyColumns).toEqual(['dt', 'id']);
    expect(t.partitionColumns).toEqual(['dt']);
    expect(t.distribution).toEqual({ type: 'HASH', columns: ['id'], buckets: 2 });
    expect(t.properties).toEqual({ storage_volume: 'v', replication_num: '1' });
    expect(t.storageVolume).toBe('v');
    expect([...t.partitions.keys()]).toEqual(['p1', 'p2']); // tp (IS_TEMP 1) and tp2 (TRUE) are temporary; e's p1 is not d.t's
    expect(t.partitions.get('p1')).toEqual({
      name: 'p1',
      value: '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-01-02]; )',
      bound: { kind: 'range', lower: ['2024-01-01'], upper: ['2024-01-02'] },
      buckets: 2,
      physical: [phys('101', { visibleVersion: 5, dataSize: 7, versionTxnType: 'TXN_REPLICATION' }), phys('103')],
    });
    expect(t.partitions.get('p2')!.physical).toEqual([phys('102')]);
    expect(t.dataSize).toBe(27);
    expect(t.readError).toBeUndefined();
  });

  it('aggregate columns, empty sizes, temporary partitions flagged `true`', async () => {
    const agg = (await snapshot()).databases.get('d')!.tables.get('agg')!;
    expect(agg.keysType).toBe('AGG_KEYS');
    expect(agg.columns.map((c) => [c.name, c.aggType, c.defaultValue, c.comment])).toEqual([
      ['k', null, null, ''],
      ['v', 'SUM', '0', 'sum it'],
      ['r', 'REPLACE_IF_NOT_NULL', null, ''],
    ]);
    expect([...agg.partitions.values()].map((p) => p.physical)).toEqual([[phys('200', { dataSize: 0, rowCount: 0 })]]);
    expect(agg.distribution).toEqual({ type: 'HASH', columns: ['k'], buckets: 2 });
    expect(agg.dataSize).toBe(0);
  });

  it('RANDOM from the first formal partition with a key; no PROPERTIES is no properties', async () => {
    const rnd = (await snapshot()).databases.get('d')!.tables.get('rnd')!;
    expect(rnd.distribution).toEqual({ type: 'RANDOM', columns: [], buckets: 2 });
    expect(rnd.properties).toEqual({});
    expect(rnd.partitions.get('rnd')!.physical.map((p) => p.id)).toEqual(['300', '301']);
    expect(rnd.dataSize).toBe(20);
  });

  it('a database read on its own: a LIST table of e', async () => {
    const t = (await snapshot()).databases.get('e')!.tables.get('t')!;
    expect(t.id).toBe('40');
    expect(t.columns.map((c) => c.name)).toEqual(['city']);
    expect(t.partitions.get('pa')).toMatchObject({ value: "('a', 'b')", bound: { kind: 'list', values: [['a'], ['b']] } });
  });

  it('shares the partition texts and bounds tables have in common', async () => {
    const d = (await snapshot()).databases.get('d')!;
    const t = d.tables.get('t')!;
    const [p1, p2] = [t.partitions.get('p1')!, t.partitions.get('p2')!];
    expect(p1.bound).not.toBe(p2.bound);
    expect(t.properties).toBe(d.tables.get('agg')!.properties); // same PROPERTIES text, one object
  });
});
