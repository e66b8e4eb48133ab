// End to end through the CLI: `srsync plan` between two prepared srsync-sim clusters. The dry run changes neither
// cluster (catalog fingerprints before and after; not one DDL or ADMIN SET statement reaches the target), and its
// DDL list is exactly what a following one-time `srsync run` sends to the target (recorded by a proxy).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../harness/e2e-run.js';
import { sql, writeConf } from '../../harness/sim-pair.js';
import { catalogFingerprint, runCli, runSrsyncOnce } from '../../harness/e2e-catalog.js';
import { startQueryCounter, type QueryCounter } from './query-counter.js';

interface PlanJson {
  ddl: Array<{ n: number; kind: string; object: string; drop: boolean; sql: string }>;
  drops: number;
  replication: Array<{ db: string; table: string; partitions: number; bytes: number; jobs: number }>;
  notMigrated: Array<{ object: string; reason: string; message: string }>;
  totals: { statements: number; drops: number; tables: number; partitions: number; jobs: number };
  estimate: { throughputMBps: number; seconds: number; assumption: string };
}

const WRITES = /^\s*(CREATE|DROP|ALTER|ADMIN\s+SET|INSERT|TRUNCATE|GRANT|REVOKE)\b/i;

let pair: Pair;
let counter: QueryCounter;
let conf: string;
const fingerprints = async () => Promise.all([catalogFingerprint(pair.source), catalogFingerprint(pair.target)]);

beforeAll(async () => {
  pair = await startPair({ cnCount: 1, sourceCompaction: false });
  await sql(pair.source, [
    'CREATE DATABASE db1',
    'CREATE DATABASE db_skip',
    `CREATE TABLE db1.events (dt DATE NOT NULL, k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(dt, k)
       PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
       DISTRIBUTED BY HASH(k) BUCKETS 2`,
    'CREATE TABLE db1.users (id INT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2',
    'CREATE VIEW db1.v_users AS SELECT id FROM db1.users',
    'CREATE TABLE db_skip.t (k INT NOT NULL) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    'INSERT INTO db1.events VALUES ("2024-01-05", 1, "a"), ("2024-02-05", 2, "b")',
    'INSERT INTO db1.users VALUES (1, "ann"), (2, "bob")',
  ]);
  // A table only on the target: dropped (ddl_job_allow_drop_target_only=true), marked as a drop.
  await sql(pair.target, ['CREATE DATABASE db1', 'CREATE TABLE db1.gone (k INT NOT NULL) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1']);
  counter = await startQueryCounter(pair.target.queryPort);
  conf = path.join(pair.dir, 'plan', 'conf');
  writeConf(conf, pair.source, pair.target, {
    target_fe_query_port: String(counter.port),
    one_time_run_mode: 'true',
    exclude_data_list: 'db_skip',
    enable_view_sync: 'true',
    ddl_job_allow_drop_target_only: 'true',
  });
});

afterAll(async () => {
  await counter?.close();
  await pair?.stop();
});

describe('srsync plan', { timeout: 120_000 }, () => {
  let planned: PlanJson;

  it('prints the DDL (drops marked), the replication and what is not migrated; both clusters unchanged', async () => {
    const before = await fingerprints();
    const r = await runCli(['plan', '--conf', conf, '--json', '--throughput', '50']);
    expect(r.code, r.stderr).toBe(0);
    planned = JSON.parse(r.stdout) as PlanJson;
    expect(await fingerprints()).toEqual(before);
    expect(counter.statements.filter((s) => WRITES.test(s.sql))).toEqual([]);

    expect(planned.ddl.map((d) => `${d.kind} ${d.object}${d.drop ? ' DROP' : ''}`)).toEqual([
      'create_table db1.events',
      'create_table db1.users',
      'drop_table db1.gone DROP',
      'create_view db1.v_users',
    ]);
    expect(planned.drops).toBe(1);
    expect(planned.replication).toEqual([
      expect.objectContaining({ db: 'db1', table: 'events', partitions: 2, jobs: 1, partitionNames: ['p1', 'p2'] }),
      expect.objectContaining({ db: 'db1', table: 'users', partitions: 1, jobs: 1 }),
    ]);
    expect(planned.notMigrated.map((n) => `${n.reason} ${n.object}`)).toEqual(
      expect.arrayContaining(['excluded db_skip', 'not_supported users, roles, privileges']),
    );
    expect(planned.estimate).toMatchObject({ throughputMBps: 50, assumption: '--throughput 50 MB/s' });

    const text = await runCli(['plan', '--conf', conf]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n').filter(Boolean);
    expect(lines).toContain('   3. [DROP] DROP TABLE `db1`.`gone`;');
    expect(lines.at(-1)).toBe('plan: 4 DDL statements (1 drops), 2 tables to replicate (3 partitions, ' + lines.at(-1)!.split('partitions, ')[1]);
    expect(lines.at(-1)).toMatch(/; nothing was changed$/);
  });

  it('a bad --throughput: exit 2 before any cluster is contacted', async () => {
    const from = counter.statements.length;
    const r = await runCli(['plan', '--conf', conf, '--throughput', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("--throughput must be a positive number of MB/s, not 'fast'");
    expect(counter.statements.length).toBe(from);
  });

  it('its DDL list is what a following one-time run sends to the target', async () => {
    const from = counter.statements.length;
    const run = await runSrsyncOnce(conf, path.join(pair.dir, 'plan', 'log'));
    expect(run.code, run.stderr + run.warn).toBe(0);
    const sent = counter.statements
      .slice(from)
      .map((s) => s.sql)
      .filter((s) => WRITES.test(s));
    expect([...sent].sort()).toEqual(planned.ddl.map((d) => d.sql).sort());
    // Same order across kinds: the missing tables first (one pipelined batch), then the rest of the plan.
    const kindOf = new Map(planned.ddl.map((d) => [d.sql, d.n]));
    const positions = sent.map((s) => kindOf.get(s)!);
    expect(positions.slice(2)).toEqual([3, 4]);
  });
});
