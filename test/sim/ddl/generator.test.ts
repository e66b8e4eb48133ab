import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../sim/generator/index.js';
import { fixture, ids } from './helpers.js';

describe('generateCatalog', () => {
  it('builds 10,000 tables / 100,000 partitions / 1,000,000 tablets', () => {
    const { fe } = fixture();
    const r = generateCatalog(fe, { databases: 10, tablesPerDb: 1000, partitionsPerTable: 10, bucketsPerPartition: 10 });
    expect([r.databases.length, r.tables, r.partitions, r.tablets]).toEqual([10, 10_000, 100_000, 1_000_000]);
    let tablets = 0;
    for (const db of fe.catalog.databases.values()) {
      for (const t of db.tables.values()) {
        if (t.kind !== 'olap') continue;
        for (const p of t.partitions) tablets += p.physicalPartitions[0]!.indexes[0]!.tablets.length;
      }
    }
    expect(tablets).toBe(1_000_000);
  });

  it('gives the same ids and structure as the equivalent CREATE TABLE', () => {
    const a = fixture();
    a.run('CREATE DATABASE gen_db0');
    a.run(`CREATE TABLE gen_db0.t0 (dt date NOT NULL, id bigint NOT NULL, name varchar(64), amount decimal(18, 4), ts datetime)
           DUPLICATE KEY(dt, id) PARTITION BY RANGE(dt) (START ("2024-01-01") END ("2024-01-04") EVERY (INTERVAL 1 DAY))
           DISTRIBUTED BY HASH(id) BUCKETS 4`);
    const b = fixture();
    const loaded: number[] = [];
    generateCatalog(b.fe, {
      databases: 1,
      tablesPerDb: 1,
      partitionsPerTable: 3,
      bucketsPerPartition: 4,
      rowsPerPartition: 7,
      load: (_db, _t, pp, rows) => loaded.push(pp.id, rows),
    });
    const ta = a.fe.getOlapTable('gen_db0', 't0');
    const tb = b.fe.getOlapTable('gen_db0', 't0');
    expect(tb.id).toBe(ta.id);
    expect(tb.baseIndex).toEqual(ta.baseIndex);
    expect(ids(tb)).toEqual(ids(ta));
    expect(tb.columns).toEqual(ta.columns);
    expect(tb.properties).toEqual(ta.properties);
    expect(tb.partitions.map((p) => [p.name, p.bound])).toEqual(ta.partitions.map((p) => [p.name, p.bound]));
    expect(loaded).toHaveLength(6);
    expect(b.created).toEqual([]);
  });

  it('calls the new-partition hook only with writeMetaFiles', () => {
    const f = fixture();
    generateCatalog(f.fe, { databases: 1, tablesPerDb: 2, partitionsPerTable: 2, bucketsPerPartition: 1, writeMetaFiles: true });
    expect(f.created).toHaveLength(4);
  });
});
