// The distribution srsync learns from a table's information_schema rows (issue 6 item 1/8: tables_config says HASH
// even for RANDOM tables; partitions_meta DISTRIBUTION_KEY says `ALL KEY` for them).
import { describe, expect, it } from 'vitest';
import { ClusterInspector } from '../../../src/inspector/inspector.js';
import { parseDistribution } from '../../../src/inspector/parse.js';
import type { SqlClient } from '../../../src/cluster/sql-client.js';
import type { TableInfo } from '../../../src/model/snapshot.js';

const cols = ['ts', 'uid', 'url'];

describe('parseDistribution', () => {
  it('RANDOM although tables_config says HASH: partitions_meta prints ALL KEY', () => {
    expect(parseDistribution({ type: 'HASH', key: '', buckets: 0 }, ['ALL KEY', 'ALL KEY'], cols)).toEqual({
      type: 'RANDOM',
      columns: [],
      buckets: 0,
    });
  });

  it('RANDOM for a table with no partitions yet: HASH always names columns', () => {
    expect(parseDistribution({ type: 'HASH', key: '', buckets: 0 }, [], cols)).toEqual({ type: 'RANDOM', columns: [], buckets: 0 });
  });

  it('RANDOM when tables_config says so (newer versions print the real type)', () => {
    expect(parseDistribution({ type: 'RANDOM', key: '', buckets: 3 }, [], cols)).toEqual({ type: 'RANDOM', columns: [], buckets: 3 });
  });

  it('HASH with the columns of DISTRIBUTE_KEY (back-quoted, names with commas kept whole)', () => {
    const names = ['a, b', 'c'];
    expect(parseDistribution({ type: 'HASH', key: '`a, b`, `c`', buckets: 4 }, ['a, b, c'], names)).toEqual({
      type: 'HASH',
      columns: ['a, b', 'c'],
      buckets: 4,
    });
    expect(parseDistribution({ type: 'HASH', key: '`uid`', buckets: 4 }, [], cols)).toEqual({ type: 'HASH', columns: ['uid'], buckets: 4 });
  });

  it('HASH from partitions_meta alone when DISTRIBUTE_KEY is empty', () => {
    expect(parseDistribution({ type: 'HASH', key: '', buckets: 2 }, ['uid, url'], cols)).toEqual({
      type: 'HASH',
      columns: ['uid', 'url'],
      buckets: 2,
    });
  });

  it('a column named ALL KEY is a HASH column, not RANDOM', () => {
    expect(parseDistribution({ type: 'HASH', key: '`ALL KEY`', buckets: 1 }, ['ALL KEY'], ['ALL KEY'])).toEqual({
      type: 'HASH',
      columns: ['ALL KEY'],
      buckets: 1,
    });
  });
});

describe('ClusterInspector: logs.clicks as StarRocks reports it', () => {
  it('tables_config says HASH, partitions_meta says ALL KEY: the snapshot says RANDOM', async () => {
    const queries: string[] = [];
    const answer = (q: string): Array<Record<string, string>> => {
      if (q.includes('tables_config')) {
        return [
          {
            TABLE_SCHEMA: 'logs',
            TABLE_NAME: 'clicks',
            TABLE_ID: '12',
            TABLE_MODEL: 'DUP_KEYS',
            PROPERTIES: '{}',
            DISTRIBUTE_TYPE: 'HASH',
            DISTRIBUTE_KEY: '',
            DISTRIBUTE_BUCKET: '0',
            PARTITION_KEY: '`ts`',
            SORT_KEY: '`ts`, `uid`, `url`',
          },
        ];
      }
      if (q.includes('information_schema.columns')) {
        return ['ts', 'uid', 'url'].map((c, i) => ({
          TABLE_SCHEMA: 'logs',
          TABLE_NAME: 'clicks',
          COLUMN_NAME: c,
          ORDINAL_POSITION: String(i + 1),
          IS_NULLABLE: 'YES',
          COLUMN_TYPE: 'x',
          COLUMN_KEY: 'DUP',
          EXTRA: '',
          COLUMN_COMMENT: '',
        }));
      }
      const value = '[types: [DATETIME]; keys: [2024-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-01-02 00:00:00]; )';
      return [
        {
          DB_NAME: 'logs',
          TABLE_NAME: 'clicks',
          PARTITION_NAME: 'p20240101',
          PARTITION_ID: '100',
          VISIBLE_VERSION: '2',
          DATA_VERSION: '2',
          NEXT_VERSION: '3',
          VERSION_EPOCH: '1',
          VERSION_TXN_TYPE: 'TXN_NORMAL',
          PARTITION_VALUE: value,
          DISTRIBUTION_KEY: 'ALL KEY',
          BUCKETS: '6',
          IS_TEMP: '0',
          DATA_SIZE: '10',
          ROW_COUNT: '1',
        },
      ];
    };
    const sql = { query: async (q: string) => (queries.push(q), answer(q)) } as unknown as SqlClient;
    const known = {
      id: '12',
      dbName: 'logs',
      name: 'clicks',
      engine: 'CLOUD_NATIVE',
      state: 'NORMAL',
      partitionType: 'EXPR_RANGE',
      createSql: '',
      bitmapIndexes: [],
      indexes: [],
    } as unknown as TableInfo;
    const t = (await new ClusterInspector(sql).tables([known])).get('logs.clicks')!;
    expect(queries.find((q) => q.includes('partitions_meta'))).toContain('DISTRIBUTION_KEY');
    expect(t.distribution).toEqual({ type: 'RANDOM', columns: [], buckets: 0 });
  });
});
