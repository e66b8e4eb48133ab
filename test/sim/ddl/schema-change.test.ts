import { describe, expect, it } from 'vitest';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  f.run(`CREATE TABLE t (k int, d date, v bigint, s varchar(10)) DUPLICATE KEY(k, d)
         PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ("2024-02-01")) DISTRIBUTED BY HASH(k) BUCKETS 2`);
  return f;
};

describe('columns', () => {
  it('ADD / DROP of a value column is a fast schema evolution: version + 1, same hash', () => {
    const f = setup();
    const t = f.table('t');
    const idx0 = { ...t.baseIndex };
    const tablets0 = t.partitions[0]!.physicalPartitions[0]!.indexes[0]!.tablets.map((x) => x.id);
    f.run('ALTER TABLE t ADD COLUMN c int DEFAULT "0"');
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'd', 'v', 's', 'c']);
    expect(t.columns[4]).toMatchObject({ type: 'int(11)', defaultValue: '0', isKey: false, nullable: true });
    expect(t.baseIndex).toMatchObject({ indexId: idx0.indexId, schemaVersion: 1, schemaHash: idx0.schemaHash });
    f.run('ALTER TABLE t DROP COLUMN s');
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'd', 'v', 'c']);
    expect(t.baseIndex.schemaVersion).toBe(2);
    expect(t.baseIndex.schemaHash).toBe(idx0.schemaHash);
    expect(t.state).toBe('NORMAL');
    expect(t.partitions[0]!.physicalPartitions[0]!.indexes[0]!.tablets.map((x) => x.id)).toEqual(tablets0);
  });

  it('MODIFY COLUMN, key columns and disabled fast schema evolution change the schema hash', () => {
    const f = setup();
    const t = f.table('t');
    const h0 = t.baseIndex.schemaHash;
    f.run('ALTER TABLE t MODIFY COLUMN s varchar(20)');
    expect(t.columns.find((c) => c.name === 's')!.type).toBe('varchar(20)');
    expect(t.baseIndex.schemaVersion).toBe(1);
    const h1 = t.baseIndex.schemaHash;
    expect(h1).not.toBe(h0);
    f.run('ALTER TABLE t ADD COLUMN k2 int KEY AFTER d');
    expect(t.keyColumns).toEqual(['k', 'd', 'k2']);
    expect(t.baseIndex.schemaHash).not.toBe(h1);
    f.run('ALTER TABLE t SET ("cloud_native_fast_schema_evolution_v2" = "false")');
    const h2 = t.baseIndex.schemaHash;
    f.run('ALTER TABLE t ADD COLUMN z int');
    expect(t.baseIndex.schemaVersion).toBe(3);
    expect(t.baseIndex.schemaHash).not.toBe(h2);
  });

  it('rejects invalid column changes with StarRocks messages', () => {
    const f = setup();
    expect(errorOf(() => f.run('ALTER TABLE t ADD COLUMN v int')).message).toBe('Can not add column which already exists in base table: v');
    expect(errorOf(() => f.run('ALTER TABLE t DROP COLUMN nope')).message).toBe('Column does not exists: nope');
    expect(errorOf(() => f.run('ALTER TABLE t DROP COLUMN d')).message).toBe('Can not drop partition column: d');
    expect(errorOf(() => f.run('ALTER TABLE t MODIFY COLUMN s varchar(5)')).message).toBe('Cannot shorten string length');
    expect(errorOf(() => f.run('ALTER TABLE t MODIFY COLUMN v int')).message).toBe('Can not change BIGINT to INT');
    expect(errorOf(() => f.run('ALTER TABLE t ADD COLUMN f float KEY')).message).toContain("Invalid data type of key column 'f'");
    f.run('CREATE TABLE p (id bigint, v int) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    expect(errorOf(() => f.run('ALTER TABLE p DROP COLUMN id')).message).toMatch(/key column|Distribution column/);
    expect(f.table('t').baseIndex.schemaVersion).toBe(0);
  });

  it('renames columns, tables (base index and single partition follow) and the sort key', () => {
    const f = setup();
    f.run('ALTER TABLE t RENAME COLUMN k TO kk');
    const t = f.table('t');
    expect(t.keyColumns).toEqual(['kk', 'd']);
    expect(t.distribution.columns).toEqual(['kk']);
    f.run('CREATE TABLE u (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    f.run('ALTER TABLE u RENAME u2');
    const u = f.table('u2');
    expect([u.baseIndex.name, u.partitions[0]!.name]).toEqual(['u2', 'u2']);
    expect(f.db().tables.has('u')).toBe(false);
    expect(errorOf(() => f.run('ALTER TABLE u2 RENAME t')).code).toBe(1050);
    f.run('ALTER TABLE t ORDER BY (d, kk)');
    expect(t.sortKeys).toEqual(['d', 'kk']);
  });
});

describe('bitmap indexes', () => {
  it('CREATE INDEX / DROP INDEX and ALTER TABLE ADD/DROP INDEX are schema changes', () => {
    const f = setup();
    const t = f.table('t');
    f.run('CREATE INDEX i_s ON t (s) USING BITMAP COMMENT "by s"');
    expect(t.bitmapIndexes).toEqual([{ name: 'i_s', columns: ['s'], comment: 'by s' }]);
    expect(t.baseIndex.schemaVersion).toBe(1);
    f.run('ALTER TABLE t ADD INDEX i_v (v)');
    expect(errorOf(() => f.run('CREATE INDEX i_s ON t (k)')).message).toBe('index `i_s` already exist.');
    expect(errorOf(() => f.run('CREATE INDEX i_x ON t (s)')).message).toBe('index for columns (s) already exist.');
    f.run('DROP INDEX i_s ON t');
    f.run('ALTER TABLE t DROP INDEX i_v');
    expect(t.bitmapIndexes).toEqual([]);
    expect(t.baseIndex.schemaVersion).toBe(4);
    expect(errorOf(() => f.run('DROP INDEX nope ON t')).message).toBe('index nope does not exist');
  });

  it('refuses bitmap indexes on AGG value columns and on unknown columns', () => {
    const f = setup();
    f.run('CREATE TABLE a (k int, v bigint SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(errorOf(() => f.run('CREATE INDEX i ON a (v)')).message).toContain('BITMAP index only used in columns of DUP_KEYS/PRIMARY_KEYS table');
    expect(errorOf(() => f.run('CREATE INDEX i ON a (zz)')).message).toContain('i column does not exist in table. invalid column: zz');
  });

  it('indexes in CREATE TABLE', () => {
    const f = setup();
    f.run('CREATE TABLE x (k int, s varchar(10), INDEX i1 (s) USING BITMAP COMMENT "c") DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(f.table('x').bitmapIndexes).toEqual([{ name: 'i1', columns: ['s'], comment: 'c' }]);
  });
});

describe('ALTER TABLE SET', () => {
  it('updates printed properties and validates values', () => {
    const f = setup();
    const t = f.table('t');
    f.run('ALTER TABLE t SET ("replication_num" = "3", "datacache.enable" = "false")');
    expect(t.properties).toMatchObject({ replication_num: '3', 'datacache.enable': 'false' });
    expect(t.partitions[0]!.dataCacheEnable).toBe(false);
    expect(t.baseIndex.schemaVersion).toBe(0);
    expect(errorOf(() => f.run('ALTER TABLE t SET ("replication_num" = "x")')).message).toBe('For input string: "x"');
    expect(errorOf(() => f.run('ALTER TABLE t SET ("nope" = "1")')).message).toBe(
      'Getting analyzing error. Detail message: Unknown properties: {nope=1}.',
    );
    f.run('ALTER TABLE t SET ("bloom_filter_columns" = "s")');
    expect(t.properties['bloom_filter_columns']).toBe('s');
    expect(t.baseIndex.schemaVersion).toBe(1);
  });

  it('refuses ALTER TABLE on views and MVs', () => {
    const f = setup();
    f.run('CREATE VIEW v AS SELECT k FROM t');
    expect(errorOf(() => f.run('ALTER TABLE v SET ("replication_num" = "1")')).message).toContain('Do not support alter non-native table');
  });
});
