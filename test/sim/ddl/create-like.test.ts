// CREATE TABLE ... LIKE: the source's definition under a new name, with optional partition/distribution/properties.
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  f.run(`CREATE TABLE src (k1 DATE, k2 INT NOT NULL, s VARCHAR(20), v BIGINT, INDEX bm (k2) USING BITMAP COMMENT 'b')
         DUPLICATE KEY(k1, k2) COMMENT "source" PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("2024-01-01"))
         DISTRIBUTED BY HASH(k2) BUCKETS 3 ORDER BY (k2, k1) PROPERTIES ("replication_num" = "1")`);
  return f;
};
const ddl = (f: ReturnType<typeof setup>, t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);

describe('CREATE TABLE LIKE', () => {
  it('copies columns, keys, comment, partitions, distribution, sort keys, indexes and properties', () => {
    const f = setup();
    f.run('CREATE TABLE cp LIKE src');
    expect(ddl(f, 'cp')).toBe(ddl(f, 'src').replace('CREATE TABLE `src`', 'CREATE TABLE `cp`'));
    expect(f.table('cp').id).not.toBe(f.table('src').id);
  });

  it('takes a new distribution and extra properties; IF NOT EXISTS and an unknown source', () => {
    const f = setup();
    f.run('CREATE TABLE cp DISTRIBUTED BY HASH(k1) BUCKETS 5 PROPERTIES ("compression" = "ZSTD") LIKE d1.src');
    const cp = f.table('cp');
    expect(cp.distribution).toEqual({ type: 'HASH', columns: ['k1'], buckets: 5 });
    expect(cp.properties['compression']).toBe('ZSTD');
    expect(f.run('CREATE TABLE IF NOT EXISTS cp LIKE src')).toBeNull();
    expect(errorOf(() => f.run('CREATE TABLE cp2 LIKE nope')).message).toBe("Getting analyzing error. Detail message: Unknown table 'nope'.");
  });
});
