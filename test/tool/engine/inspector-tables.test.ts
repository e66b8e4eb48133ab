import { describe, expect, it } from 'vitest';
import { ClusterInspector } from '../../../src/inspector/inspector.js';
import type { SqlClient } from '../../../src/cluster/sql-client.js';
import type { TableInfo } from '../../../src/model/snapshot.js';

function fakeSql(answer: (q: string) => Array<Record<string, string>>) {
  const queries: string[] = [];
  const sql = { query: async (q: string) => (queries.push(q), answer(q)) } as unknown as SqlClient;
  return { sql, queries };
}

const known = {
  id: '11',
  dbName: 'd',
  name: 't',
  engine: 'CLOUD_NATIVE',
  state: 'NORMAL',
  partitionType: 'UNPARTITIONED',
  createSql: 'CREATE ...',
  bitmapIndexes: [],
  indexes: [],
} as unknown as TableInfo;

describe('ClusterInspector.tables', () => {
  it('re-reads just the named tables with filtered information_schema queries', async () => {
    const { sql, queries } = fakeSql((q) => {
      if (q.includes('tables_config'))
        return [
          {
            TABLE_SCHEMA: 'd',
            TABLE_NAME: 't',
            TABLE_ID: '12',
            TABLE_MODEL: 'DUP_KEYS',
            PROPERTIES: '{}',
            DISTRIBUTE_TYPE: 'HASH',
            DISTRIBUTE_KEY: 'id',
            DISTRIBUTE_BUCKET: '1',
            PARTITION_KEY: '',
            SORT_KEY: 'id',
          },
        ];
      if (q.includes('columns'))
        return [
          {
            TABLE_SCHEMA: 'd',
            TABLE_NAME: 't',
            COLUMN_NAME: 'id',
            ORDINAL_POSITION: '1',
            IS_NULLABLE: 'NO',
            COLUMN_TYPE: 'int(11)',
            COLUMN_KEY: 'DUP',
            EXTRA: '',
            COLUMN_COMMENT: '',
          },
        ];
      return [
        {
          DB_NAME: 'd',
          TABLE_NAME: 't',
          PARTITION_NAME: 't',
          PARTITION_ID: '100',
          VISIBLE_VERSION: '7',
          DATA_VERSION: '7',
          NEXT_VERSION: '8',
          VERSION_EPOCH: '1',
          VERSION_TXN_TYPE: 'TXN_NORMAL',
          PARTITION_VALUE: '',
          BUCKETS: '1',
          IS_TEMP: 'false',
          DATA_SIZE: '10',
          ROW_COUNT: '1',
        },
      ];
    });
    const out = await new ClusterInspector(sql).tables([known]);
    expect(queries).toHaveLength(3);
    for (const q of queries) expect(q).toMatch(/IN \('d'\) AND TABLE_NAME IN \('t'\)/);
    const t = out.get('d.t')!;
    expect(t.id).toBe('12'); // tables_config's id: a re-created table shows a new one
    expect(t.createSql).toBe('CREATE ...');
    expect(t.partitions.get('t')!.physical[0]).toMatchObject({ id: '100', visibleVersion: 7 });
  });

  it('leaves out a table that is gone', async () => {
    const { sql } = fakeSql(() => []);
    expect((await new ClusterInspector(sql).tables([known])).size).toBe(0);
  });
});
