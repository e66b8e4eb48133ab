import { describe, it, expect } from 'vitest';
import { SourceVersionWatcher } from '../../../src/engine/version-watcher.js';
import type { SqlClient } from '../../../src/cluster/sql-client.js';

function fakeSource(rows: () => Array<Record<string, string>>) {
  const queries: string[] = [];
  const sql = { query: async (q: string) => (queries.push(q), rows()) } as unknown as SqlClient;
  return { sql, queries };
}

describe('SourceVersionWatcher', () => {
  it('reads everything once, then only partitions at or after the newest time seen minus a slack', async () => {
    let data = [{ DB_NAME: 'd', PARTITION_ID: '1', VISIBLE_VERSION: '2', VISIBLE_VERSION_TIME: '2026-01-01 10:00:05' }];
    const { sql, queries } = fakeSource(() => data);
    const w = new SourceVersionWatcher(sql);
    expect(await w.poll()).toBe(false); // first look: a baseline, not a change
    expect(queries[0]).not.toMatch(/WHERE/);
    expect(await w.poll()).toBe(false);
    expect(queries[1]).toMatch(/WHERE VISIBLE_VERSION_TIME >= '2026-01-01 10:00:03'/);
    data = [{ DB_NAME: 'd', PARTITION_ID: '1', VISIBLE_VERSION: '3', VISIBLE_VERSION_TIME: '2026-01-01 10:00:09' }];
    expect(await w.poll()).toBe(true);
    expect(await w.poll()).toBe(false);
    expect(queries[3]).toMatch(/'2026-01-01 10:00:07'/);
  });

  it('treats versions already planned on (baseline) as known, and new partitions as changes', async () => {
    let data = [{ DB_NAME: 'd', PARTITION_ID: '1', VISIBLE_VERSION: '5', VISIBLE_VERSION_TIME: '2026-01-01 00:00:00' }];
    const { sql } = fakeSource(() => data);
    const w = new SourceVersionWatcher(sql);
    await w.poll();
    w.baseline({
      databases: new Map([['d', { tables: new Map([['t', { partitions: new Map([['p', { physical: [{ id: '1', visibleVersion: 5 }] }]]) }]]) }]]),
    } as never);
    expect(await w.poll()).toBe(false);
    data = [...data, { DB_NAME: 'd', PARTITION_ID: '2', VISIBLE_VERSION: '2', VISIBLE_VERSION_TIME: '2026-01-01 00:00:01' }];
    expect(await w.poll()).toBe(true);
    data = [{ DB_NAME: 'information_schema', PARTITION_ID: '9', VISIBLE_VERSION: '9', VISIBLE_VERSION_TIME: '2026-01-01 00:00:02' }];
    expect(await w.poll()).toBe(false);
  });
});

describe('SourceVersionWatcher.changes', () => {
  it('names the tables whose known partitions moved, and flags unknown partitions separately', async () => {
    let data = [
      { DB_NAME: 'd', TABLE_NAME: 't1', PARTITION_ID: '1', VISIBLE_VERSION: '2', VISIBLE_VERSION_TIME: '2026-01-01 00:00:00' },
      { DB_NAME: 'd', TABLE_NAME: 't2', PARTITION_ID: '2', VISIBLE_VERSION: '2', VISIBLE_VERSION_TIME: '2026-01-01 00:00:00' },
    ];
    const { sql, queries } = fakeSource(() => data);
    const w = new SourceVersionWatcher(sql);
    expect(await w.changes()).toEqual({ tables: [], newPartitions: false });
    expect(queries[0]).toMatch(/TABLE_NAME/);
    data = [{ ...data[1]!, VISIBLE_VERSION: '3', VISIBLE_VERSION_TIME: '2026-01-01 00:00:01' }];
    expect(await w.changes()).toEqual({ tables: [{ db: 'd', table: 't2' }], newPartitions: false });
    expect(w.knownVersion('2')).toBe(3);
    data = [{ DB_NAME: 'd', TABLE_NAME: 't3', PARTITION_ID: '7', VISIBLE_VERSION: '2', VISIBLE_VERSION_TIME: '2026-01-01 00:00:02' }];
    expect(await w.changes()).toEqual({ tables: [], newPartitions: true });
  });
});
