import { describe, expect, it } from 'vitest';
import type { Partition } from '../../../sim/catalog/model.js';
import {
  columnsTable,
  informationSchemaTable,
  materializedViewsTable,
  partitionsMetaTable,
  schemataTable,
  tablesConfigTable,
  tablesTable,
  viewsTable,
} from '../../../sim/show/info-schema/index.js';
import { columnNames } from '../../../sim/show/result-set.js';
import { SERVICE_ID, addDb, addTable, addView, col, key, newFe, physical, range } from './fixtures.js';

function world() {
  const fe = newFe();
  const db = addDb(fe, 'd');
  const t = addTable(fe, db, {
    name: 't',
    keysType: 'PRIMARY_KEYS',
    columns: [key('dt', 'date'), key('id', 'bigint(20)'), col('name', 'varchar(32)', { comment: 'who' }), col('amt', 'decimal(10, 2)')],
    partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
    distribution: { type: 'HASH', columns: ['id'], buckets: 2 },
    sortKeys: ['name'],
    partitions: [
      { name: 'p1', bound: range(['2024-01-01'], ['2024-02-01']) },
      { name: 'tp', bound: range(['2024-02-01'], ['2024-03-01']), temp: true },
    ],
  });
  addView(fe, db, 'v', 'SELECT id, name AS who FROM t');
  const mv = addTable(fe, db, {
    name: 'mv1',
    columns: [key('id', 'bigint(20)')],
    mv: { query: 'SELECT id FROM t', refreshType: 'MANUAL', refreshClause: 'REFRESH MANUAL', isActive: true, creator: "'root'@'%'" },
  });
  return { fe, db, t, mv };
}

describe('information_schema column sets', () => {
  it('tables', () => {
    const { fe, db, t } = world();
    const rs = tablesTable(fe);
    expect(columnNames(rs)).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'TABLE_TYPE',
      'ENGINE',
      'VERSION',
      'ROW_FORMAT',
      'TABLE_ROWS',
      'AVG_ROW_LENGTH',
      'DATA_LENGTH',
      'MAX_DATA_LENGTH',
      'INDEX_LENGTH',
      'DATA_FREE',
      'AUTO_INCREMENT',
      'CREATE_TIME',
      'UPDATE_TIME',
      'CHECK_TIME',
      'TABLE_COLLATION',
      'CHECKSUM',
      'CREATE_OPTIONS',
      'TABLE_COMMENT',
    ]);
    t.partitions[0]!.physicalPartitions[0]!.dataSize = 1000;
    t.partitions[0]!.physicalPartitions[0]!.rowCount = 3;
    const rows = tablesTable(fe, { dbNames: new Set(['d']) }).rows;
    const byName = new Map(rows.map((r) => [r[2], r]));
    expect(byName.get('t')!.slice(0, 10)).toEqual(['def', 'd', 't', 'BASE TABLE', 'StarRocks', null, null, '3', '333', '1000']);
    expect(byName.get('t')![20]).toBe('OLAP');
    expect(byName.get('v')!.slice(3, 10)).toEqual(['VIEW', null, null, null, null, null, null]);
    expect(byName.get('mv1')![3]).toBe('VIEW');
    expect(rows.every((r) => r[1] === db.name)).toBe(true);
    const sys = tablesTable(fe, { dbNames: new Set(['information_schema']), tableNames: new Set(['tables']) }).rows;
    expect(sys).toEqual([
      [
        'def',
        'information_schema',
        'tables',
        'SYSTEM VIEW',
        'MEMORY',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'utf8_general_ci',
        null,
        null,
        '',
      ],
    ]);
  });

  it('tables_config with the SHOW CREATE TABLE property map as JSON', () => {
    const { fe, t } = world();
    const rs = tablesConfigTable(fe);
    expect(columnNames(rs)).toEqual([
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'TABLE_ENGINE',
      'TABLE_MODEL',
      'PRIMARY_KEY',
      'PARTITION_KEY',
      'DISTRIBUTE_KEY',
      'DISTRIBUTE_TYPE',
      'DISTRIBUTE_BUCKET',
      'SORT_KEY',
      'PROPERTIES',
      'TABLE_ID',
    ]);
    const row = rs.rows.find((r) => r[1] === 't')!;
    expect(row.slice(0, 10)).toEqual(['d', 't', 'CLOUD_NATIVE', 'PRIMARY_KEYS', '`dt`, `id`', '`dt`', '`id`', 'HASH', '2', '`name`']);
    expect(JSON.parse(row[10]!)).toMatchObject({ storage_volume: 'builtin_storage_volume', replication_num: '1', enable_persistent_index: 'true' });
    expect(row[11]).toBe(String(t.id));
    const mvRow = rs.rows.find((r) => r[1] === 'mv1')!;
    expect(mvRow[2]).toBe('CLOUD_NATIVE_MATERIALIZED_VIEW');
    expect(JSON.parse(mvRow[10]!)).toMatchObject({ storage_medium: 'HDD', storage_volume: 'builtin_storage_volume' });
  });

  it('partitions_meta: 31 typed columns, physical ids, temp partitions flagged, storage path', () => {
    const { fe, db, t } = world();
    const rs = partitionsMetaTable(fe);
    expect(columnNames(rs)).toEqual([
      'DB_NAME',
      'TABLE_NAME',
      'PARTITION_NAME',
      'PARTITION_ID',
      'COMPACT_VERSION',
      'VISIBLE_VERSION',
      'VISIBLE_VERSION_TIME',
      'NEXT_VERSION',
      'DATA_VERSION',
      'VERSION_EPOCH',
      'VERSION_TXN_TYPE',
      'PARTITION_KEY',
      'PARTITION_VALUE',
      'DISTRIBUTION_KEY',
      'BUCKETS',
      'REPLICATION_NUM',
      'STORAGE_MEDIUM',
      'COOLDOWN_TIME',
      'LAST_CONSISTENCY_CHECK_TIME',
      'IS_IN_MEMORY',
      'IS_TEMP',
      'DATA_SIZE',
      'ROW_COUNT',
      'ENABLE_DATACACHE',
      'AVG_CS',
      'P50_CS',
      'MAX_CS',
      'STORAGE_PATH',
      'STORAGE_SIZE',
      'TABLET_BALANCED',
      'METADATA_SWITCH_VERSION',
    ]);
    expect(rs.columns.find((c) => c.name === 'DATA_SIZE')!.type).toBe('BIGINT');
    expect(rs.columns.find((c) => c.name === 'IS_TEMP')!.type).toBe('BOOLEAN');
    const rows = rs.rows.filter((r) => r[1] === 't');
    expect(rows.map((r) => [r[2], r[20]])).toEqual([
      ['p1', '0'],
      ['tp', '1'],
    ]);
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    expect(rows[0]![3]).toBe(String(pp.id));
    expect(rows[0]![11]).toBe('`dt` date NOT NULL COMMENT ""');
    expect(rows[0]![12]).toBe('[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )');
    expect(rows[0]![27]).toBe(`s3://src-bucket/prefix/${SERVICE_ID}/db${db.id}/${t.id}/${pp.id}`);
  });

  it('partitions_meta returns all 100,000 physical partitions of a large table', () => {
    const fe = newFe();
    const db = addDb(fe, 'big');
    const t = addTable(fe, db, {
      name: 'events',
      columns: [key('k', 'int(11)')],
      partitionInfo: { type: 'RANGE', columns: ['k'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['k'], buckets: 1 },
      partitions: [],
    });
    const indexId = t.baseIndex.indexId;
    const parts: Partition[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = fe.allocId();
      parts.push({
        id,
        name: `p${i}`,
        bound: range([String(i)], [String(i + 1)]),
        buckets: 1,
        isTemp: false,
        physicalPartitions: [physical(fe, id, indexId, 1)],
        dataCacheEnable: true,
      });
    }
    t.partitions = parts;
    const rs = partitionsMetaTable(fe, { dbNames: new Set(['big']), tableNames: new Set(['events']) });
    expect(rs.rows).toHaveLength(100_000);
    expect(rs.rows[99_999]![2]).toBe('p99999');
    expect(rs.rows[99_999]![12]).toBe('[types: [INT]; keys: [99999]; ..types: [INT]; keys: [100000]; )');
  });

  it('views, materialized_views (27 columns), columns, schemata', () => {
    const { fe, mv } = world();
    const views = viewsTable(fe);
    expect(columnNames(views)).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'VIEW_DEFINITION',
      'CHECK_OPTION',
      'IS_UPDATABLE',
      'DEFINER',
      'SECURITY_TYPE',
      'CHARACTER_SET_CLIENT',
      'COLLATION_CONNECTION',
    ]);
    expect(views.rows).toEqual([['def', 'd', 'v', 'SELECT id, name AS who FROM t', 'NONE', 'NO', '', '', 'utf8', 'utf8_general_ci']]);

    const mvs = materializedViewsTable(fe);
    expect(columnNames(mvs)).toHaveLength(27);
    expect(columnNames(mvs).slice(0, 5)).toEqual(['MATERIALIZED_VIEW_ID', 'TABLE_SCHEMA', 'TABLE_NAME', 'REFRESH_TYPE', 'IS_ACTIVE']);
    expect(columnNames(mvs)[21]).toBe('MATERIALIZED_VIEW_DEFINITION');
    expect(columnNames(mvs).slice(-5)).toEqual([
      'EXTRA_MESSAGE',
      'QUERY_REWRITE_STATUS',
      'CREATOR',
      'LAST_REFRESH_PROCESS_TIME',
      'LAST_REFRESH_JOB_ID',
    ]);
    expect(mvs.rows[0]!.slice(0, 5)).toEqual([String(mv.id), 'd', 'mv1', 'MANUAL', 'true']);
    expect(mvs.rows[0]![21]).toMatch(/^CREATE MATERIALIZED VIEW `mv1` \(`id`\)\n/);

    const cols = columnsTable(fe, { tableNames: new Set(['t', 'v']) });
    expect(columnNames(cols)).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'COLUMN_NAME',
      'ORDINAL_POSITION',
      'COLUMN_DEFAULT',
      'IS_NULLABLE',
      'DATA_TYPE',
      'CHARACTER_MAXIMUM_LENGTH',
      'CHARACTER_OCTET_LENGTH',
      'NUMERIC_PRECISION',
      'NUMERIC_SCALE',
      'DATETIME_PRECISION',
      'CHARACTER_SET_NAME',
      'COLLATION_NAME',
      'COLUMN_TYPE',
      'COLUMN_KEY',
      'EXTRA',
      'PRIVILEGES',
      'COLUMN_COMMENT',
      'COLUMN_SIZE',
      'DECIMAL_DIGITS',
      'GENERATION_EXPRESSION',
      'SRS_ID',
    ]);
    const name = cols.rows.find((r) => r[2] === 't' && r[3] === 'name')!;
    expect([name[4], name[6], name[7], name[8], name[15], name[16], name[19]]).toEqual(['3', 'YES', 'varchar', '32', 'varchar(32)', '', 'who']);
    const id = cols.rows.find((r) => r[2] === 't' && r[3] === 'id')!;
    expect([id[6], id[7], id[10], id[16]]).toEqual(['NO', 'bigint', '19', 'PRI']);
    expect(cols.rows.filter((r) => r[2] === 'v').map((r) => [r[3], r[15]])).toEqual([
      ['id', 'bigint(20)'],
      ['who', 'varchar(32)'],
    ]);

    const schemata = schemataTable(fe);
    expect(columnNames(schemata)).toEqual(['CATALOG_NAME', 'SCHEMA_NAME', 'DEFAULT_CHARACTER_SET_NAME', 'DEFAULT_COLLATION_NAME', 'SQL_PATH']);
    expect(schemata.rows.map((r) => r[1])).toEqual(['d', 'information_schema', 'sys']);
    expect(informationSchemaTable(fe, 'SCHEMATA')).toEqual(schemata);
    expect(informationSchemaTable(fe, 'nope')).toBeUndefined();
  });
});
