// Acceptance: `srsync-sim start` as a real process (harness/sim-pair.ts startSim), the `mysql` command-line client
// printing SHOW PROC as a table, and a restart with --data-dir that keeps the catalog, data, versions,
// transactions and the service id, while ADMIN SET FRONTEND CONFIG without WITH PERSISTENT is lost (StarRocks keeps
// such a change in memory only).
import { execFile } from 'node:child_process';
import type mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { startSim as startSimProcess, type SimProcess } from '../../../harness/sim-pair.js';
import { connect, eventually, exec, query, removeTempDirs, scalar, serviceId, tempDir, PASSWORD, type Result } from './helpers.js';

const FAST = ['--daemon-interval-ms', '50', '--ddl-latency-ms', '0', '--query-latency-ms', '0', '--rpc-latency-ms', '0'];

const running: SimProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  removeTempDirs();
});

async function start(objectStore: string, dataDir: string): Promise<SimProcess> {
  const p = await startSimProcess({ name: 'rs', objectStore, dataDir, password: PASSWORD, cnCount: 3, extra: FAST });
  running.push(p);
  return p;
}

/** The exact command of the issue, run in a pseudo-terminal (`script`) so that mysql prints a boxed table. */
function mysqlInTerminal(port: number, sql: string): Promise<{ code: number; out: string }> {
  const cmd = `mysql -h127.0.0.1 -P${port} -uroot -p${PASSWORD} -e '${sql}'`;
  return new Promise((resolve) => {
    execFile('script', ['-qec', cmd, '/dev/null'], { timeout: 15_000 }, (err, stdout) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: stdout.replace(/\r\n/g, '\n') });
    });
  });
}

const rowsOf = (r: Result) => r.rows;

describe('srsync-sim start, the mysql CLI, and a restart with --data-dir', () => {
  it('keeps the state across a restart; volatile config changes are lost, WITH PERSISTENT ones kept', async () => {
    const objectStore = tempDir('rs-os');
    const dataDir = tempDir('rs-data');
    const first = await start(objectStore, dataDir);

    const cli = await mysqlInTerminal(first.queryPort, 'SHOW PROC "/dbs"');
    expect(cli.code).toBe(0);
    const lines = cli.out.trim().split('\n');
    expect(lines[0]).toMatch(/^\+-+(\+-+){5}\+$/);
    expect(lines[1]).toMatch(/^\| DbId\s+\| DbName\s+\| TableNum \| Quota\s+\| LastConsistencyCheckTime \| ReplicaQuota \|$/);
    expect(lines.some((l) => /^\| \d+\s+\| information_schema \|/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(lines[2]).toBe(lines[0]);

    let c: mysql.Connection = await connect(first.queryPort);
    await exec(
      c,
      // in memory only: lets compaction catch up after every load here, and is gone after the restart
      'ADMIN SET FRONTEND CONFIG ("lake_compaction_interval_ms_on_success" = "0")',
      'CREATE DATABASE keep',
      `CREATE TABLE keep.t (id INT, dt DATE, v VARCHAR(8)) DUPLICATE KEY(id)
         PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
         DISTRIBUTED BY HASH(id) BUCKETS 2`,
      'CREATE TABLE keep.pk (id INT NOT NULL, n INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
      "INSERT INTO keep.t VALUES (1, '2024-01-01', 'a'), (2, '2024-02-02', 'b')",
      "INSERT INTO keep.t VALUES (3, '2024-01-03', 'c')",
      'INSERT INTO keep.pk VALUES (1, 1), (2, 2)',
      'CREATE VIEW keep.v AS SELECT id FROM keep.t',
      'CREATE STORAGE VOLUME sv_keep TYPE = S3 LOCATIONS = ("s3://keep-bucket/") PROPERTIES ("aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk")',
      'ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7") WITH PERSISTENT',
      'ADMIN SET FRONTEND CONFIG ("replication_max_parallel_replica_count" = "5")',
    );
    // let background compaction (default lake_compaction_max_tasks = -1) catch up with every load, so that nothing
    // moves after the restart: CompactVersion = VisibleVersion everywhere
    await eventually(
      async () => [...(await query(c, 'SHOW PARTITIONS FROM keep.t')).objects, ...(await query(c, 'SHOW PARTITIONS FROM keep.pk')).objects],
      (rows) => rows.every((r) => r['CompactVersion'] === r['VisibleVersion']),
      15_000,
      'compaction',
    );
    const snapshot = async (conn: mysql.Connection) => ({
      dbs: rowsOf(await query(conn, "SHOW PROC '/dbs'")),
      tables: rowsOf(await query(conn, "SHOW PROC '/dbs/keep'")),
      partitions: rowsOf(await query(conn, 'SHOW PARTITIONS FROM keep.t')),
      pkPartitions: rowsOf(await query(conn, 'SHOW PARTITIONS FROM keep.pk')),
      tablets: rowsOf(await query(conn, 'SHOW TABLET FROM keep.t')),
      ddl: rowsOf(await query(conn, 'SHOW CREATE TABLE keep.t')),
      view: rowsOf(await query(conn, 'SHOW CREATE VIEW keep.v')),
      volumes: rowsOf(await query(conn, 'DESC STORAGE VOLUME sv_keep')),
      txns: rowsOf(await query(conn, "SHOW PROC '/transactions/keep/finished'")),
      count: await scalar(conn, 'SELECT COUNT(*) FROM keep.t'),
      countP1: await scalar(conn, 'SELECT COUNT(*) FROM keep.t PARTITION (p1)'),
      countPk: await scalar(conn, 'SELECT COUNT(*) FROM keep.pk'),
    });
    const before = await snapshot(c);
    const sid = await serviceId(first.httpPort);
    await c.end();
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await start(objectStore, dataDir);
    c = await connect(second.queryPort);
    try {
      expect(await snapshot(c)).toEqual(before);
      expect(before.count).toBe('3');
      expect(await serviceId(second.httpPort)).toBe(sid);
      const cfg = await query(c, 'ADMIN SHOW FRONTEND CONFIG');
      expect(Object.fromEntries(cfg.rows.map((r) => [r[0], r[2]]))).toMatchObject({
        replication_max_parallel_table_count: '7',
        replication_max_parallel_replica_count: '10240',
        lake_compaction_interval_ms_on_success: '10000',
        query_port: String(second.queryPort),
      });
      // the FE goes on from where it stopped: new ids above the old ones, the next load takes the next version
      // (compaction off first: a background compaction after the load would publish one more version)
      await exec(c, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
      await exec(
        c,
        'CREATE TABLE keep.after (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
        "INSERT INTO keep.t VALUES (4, '2024-01-04', 'd')",
      );
      const ids = (await query(c, "SHOW PROC '/dbs/keep'")).objects.map((r) => Number(r['TableId']));
      expect(ids.at(-1)).toBeGreaterThan(Math.max(...before.tables.map((r) => Number(r[0]))));
      const p1 = (await query(c, 'SHOW PARTITIONS FROM keep.t')).objects[0]!;
      const old = before.partitions[0]!;
      expect(Number(p1['VisibleVersion'])).toBe(Number(old[3]) + 1);
      expect(await scalar(c, 'SELECT COUNT(*) FROM keep.t')).toBe('4');
      const again = await mysqlInTerminal(second.queryPort, 'SHOW PROC "/dbs"');
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/\| \d+\s+\| keep\s+\| 4\s+\|/);
    } finally {
      await c.end();
    }
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
