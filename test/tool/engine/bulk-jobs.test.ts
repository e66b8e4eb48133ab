// Issue 10: the reads jobs are built from, for many jobs at once (src/inspector/bulk-jobs.ts), over a fake SQL client.
import { describe, expect, it } from 'vitest';
import { bucketOrder, readIndexes, readPartitionTablets, readPartitionVersions, TABLES_PER_QUERY } from '../../../src/inspector/bulk-jobs.js';
import type { Row } from '../../../src/cluster/sql-client.js';

function fakeSql(answer: (sql: string) => Row[]) {
  const queries: string[] = [];
  return {
    queries,
    query: async (sql: string) => {
      queries.push(sql);
      return answer(sql);
    },
  };
}

const meta = (db: string, table: string, id: string, v: number): Row => ({
  DB_NAME: db,
  TABLE_NAME: table,
  PARTITION_ID: id,
  COMPACT_VERSION: String(v - 1),
  VISIBLE_VERSION: String(v),
  NEXT_VERSION: String(v + 1),
  DATA_VERSION: String(v),
  VERSION_EPOCH: '9',
  DATA_SIZE: '1024',
});

describe('bulk job reads', () => {
  it('reads the partition versions of many tables in one query, keeping only the tables asked for', async () => {
    const sql = fakeSql(() => [meta('d1', 't1', '11', 3), meta('d1', 't2', '12', 4), meta('d2', 't1', '21', 5), meta('d2', 't2', '22', 6)]);
    const rows = await readPartitionVersions(sql, [
      { db: 'd1', table: 't1' },
      { db: 'd2', table: 't2' },
      { db: 'd1', table: 't1' },
    ]);
    expect(sql.queries).toHaveLength(1);
    expect(sql.queries[0]).toContain("DB_NAME IN ('d1', 'd2') AND TABLE_NAME IN ('t1', 't2')");
    expect(rows.map((r) => [r.db, r.table, r.id, r.visibleVersion, r.compactVersion, r.nextVersion])).toEqual([
      ['d1', 't1', '11', 3, 2, 4],
      ['d2', 't2', '22', 6, 5, 7],
    ]);
    expect(rows[0]).toMatchObject({ dataVersion: 3, versionEpoch: '9', dataSize: 1024 });
  });

  it('splits very many tables over several queries', async () => {
    const sql = fakeSql(() => []);
    await readPartitionVersions(
      sql,
      Array.from({ length: TABLES_PER_QUERY + 1 }, (_, i) => ({ db: 'd', table: `t${i}` })),
    );
    expect(sql.queries).toHaveLength(2);
  });

  it('reads a table index schema and a partition tablets of every index at once, in bucket order', async () => {
    const sql = fakeSql((q) => {
      if (q.includes('index_schema'))
        return [
          { IndexId: '100', IndexName: 't', SchemaHash: '55', SchemaVersion: '0' },
          { IndexId: '101', IndexName: 'r1', SchemaHash: '56', SchemaVersion: '1' },
        ];
      if (q.endsWith("/100'")) return [{ TabletId: '1000' }, { TabletId: '999' }];
      return [{ TabletId: '2001' }, { TabletId: '2000' }];
    });
    const indexes = await readIndexes(sql, '1', '2');
    expect(indexes).toEqual([
      { id: '100', name: 't', schemaHash: 55, schemaVersion: 0 },
      { id: '101', name: 'r1', schemaHash: 56, schemaVersion: 1 },
    ]);
    expect(sql.queries[0]).toBe("SHOW PROC '/dbs/1/2/index_schema'");
    const tablets = await readPartitionTablets(sql, '1', '2', '30', indexes);
    expect(tablets).toEqual({
      physicalPartitionId: '30',
      indexes: [
        { indexId: '100', indexName: 't', tabletIds: ['999', '1000'] },
        { indexId: '101', indexName: 'r1', tabletIds: ['2000', '2001'] },
      ],
    });
  });

  it('orders tablet ids numerically, beyond 2^53 too', () => {
    expect(bucketOrder(['10', '9', '90071992547409931', '90071992547409930'])).toEqual(['9', '10', '90071992547409930', '90071992547409931']);
  });
});
