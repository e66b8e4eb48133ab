// SHOW CREATE TABLE texts of every partitioning / distribution / property class replay on the simulator and print
// the same text again (what srsync relies on when it re-creates a table from its printed DDL).
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { fixture } from './helpers.js';

const CASES: Record<string, string> = {
  random_auto: 'CREATE TABLE t (id int, note varchar(30))',
  random_buckets: 'CREATE TABLE t (id int, note varchar(30)) DUPLICATE KEY(id) DISTRIBUTED BY RANDOM BUCKETS 6 PROPERTIES ("bucket_size" = "2048")',
  hash_pk: `CREATE TABLE t (id bigint, city varchar(20), v int) PRIMARY KEY(id, city) DISTRIBUTED BY HASH(id)
            PROPERTIES ("compression" = "zstd(3)", "bloom_filter_columns" = "city", "persistent_index_type" = "CLOUD_NATIVE")`,
  date_trunc: `CREATE TABLE t (ts datetime, v int) DUPLICATE KEY(ts) PARTITION BY date_trunc('hour', ts)
               PROPERTIES ("partition_live_number" = "48", "partition_ttl" = "2 day")`,
  time_slice: 'CREATE TABLE t (ts datetime, v int) PARTITION BY time_slice(ts, INTERVAL 4 DAY)',
  range_fn: `CREATE TABLE t (sec bigint, v int) PARTITION BY RANGE(from_unixtime(sec))
             (START ("2025-01-01") END ("2025-01-04") EVERY (INTERVAL 1 DAY))`,
  str2date: `CREATE TABLE t (d varchar(10), v int) PARTITION BY RANGE(str2date(d, '%Y%m%d'))
             (PARTITION p1 VALUES LESS THAN ("2025-01-01"), PARTITION p2 VALUES LESS THAN ("2025-02-01"))`,
  multi_expr: `CREATE TABLE t (d date, region varchar(10), sku varchar(20)) DUPLICATE KEY(d)
               PARTITION BY substr(sku, 1, 2), region, date_trunc('month', d) DISTRIBUTED BY HASH(region) BUCKETS 2`,
  list_multi: `CREATE TABLE t (a int, b varchar(5), v int) DUPLICATE KEY(a, b) PARTITION BY LIST(a, b)
               (PARTITION p1 VALUES IN (("1", "x"), ("2", "y")), PARTITION p2 VALUES IN (("3", "z"))) DISTRIBUTED BY HASH(a) BUCKETS 1`,
  range_multi_max: `CREATE TABLE t (a int, b int, v int) DUPLICATE KEY(a, b) PARTITION BY RANGE(a, b)
                    (PARTITION p1 VALUES LESS THAN ("10", "20"), PARTITION p2 VALUES [("10", "20"), ("30", "40")))
                    DISTRIBUTED BY HASH(a) BUCKETS 1`,
  dynamic: `CREATE TABLE t (dt date, v int) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(v) BUCKETS 2
            PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-7", "dynamic_partition.end" = "2", "dynamic_partition.buckets" = "2")`,
  colocate: 'CREATE TABLE t (id int, v int) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("colocate_with" = "grp1")',
};

describe('SHOW CREATE TABLE replays', () => {
  for (const [name, sql] of Object.entries(CASES)) {
    it(name, () => {
      const f = fixture();
      f.run('CREATE DATABASE d1');
      f.run(sql);
      const first = String(showCreateTable(f.fe, 'd1', 't').rows[0]![1]);
      f.run('DROP TABLE t FORCE');
      f.run(first);
      expect(String(showCreateTable(f.fe, 'd1', 't').rows[0]![1])).toBe(first);
    });
  }
});
