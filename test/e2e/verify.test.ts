// End to end through the CLI: `srsync verify` between two srsync-sim clusters, before and after a one-time
// migration and after a new load on the source; --rows, --json, a bad config (exit 2) and a wrong password
// (exit 3). verify only reads: both catalogs (volumes, tables, partition versions, jobs, FE configs) are the same
// before and after it runs.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../harness/e2e-run.js';
import { sql, writeConf } from '../../harness/sim-pair.js';
import { catalogFingerprint, ident, runCli, runSrsyncOnce, type CliRun } from '../../harness/e2e-catalog.js';

const T_ODD = 'odd `name`';

/** `bin/srsync.js verify <args>` to its end. */
const srsyncVerify = (args: string[]) => runCli(['verify', ...args]);

const lines = (r: CliRun) => r.stdout.split('\n').filter(Boolean);
const summary = (r: CliRun) => lines(r).at(-1) ?? '';

interface JsonReport {
  ok: boolean;
  rowsCounted: boolean;
  summary: { tablesChecked: number; inSync: number; lagging: number; missing: number };
  tables: Array<{
    db: string;
    table: string;
    status: string;
    laggingPartitions: Array<{ name: string; sourceVersion: number; targetDataVersion: number }>;
    rows?: { source: number; target: number };
  }>;
  views: Array<{ db: string; name: string; status: string }>;
}

let pair: Pair;
let conf: string;
const fingerprints = async () => Promise.all([catalogFingerprint(pair.source), catalogFingerprint(pair.target)]);

beforeAll(async () => {
  pair = await startPair({ cnCount: 1 });
  // No compaction on the source: it would raise VisibleVersion at any moment and make "in sync" a matter of timing.
  await sql(pair.source, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'CREATE DATABASE db1',
    'CREATE DATABASE db_skip',
    `CREATE TABLE db1.events (dt DATE NOT NULL, k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(dt, k)
       PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
       DISTRIBUTED BY HASH(k) BUCKETS 2`,
    `CREATE TABLE db1.users (id INT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
    `CREATE TABLE ${ident('db1', T_ODD)} (k INT NOT NULL) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    'CREATE VIEW db1.v_users AS SELECT id FROM db1.users',
    'CREATE TABLE db_skip.t (k INT NOT NULL) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    `INSERT INTO db1.events VALUES ("2024-01-05", 1, "a"), ("2024-02-05", 2, "b"), ("2024-02-06", 3, "c")`,
    `INSERT INTO db1.users VALUES (1, "ann"), (2, "bob")`,
    `INSERT INTO ${ident('db1', T_ODD)} VALUES (1), (2), (3), (4)`,
    'INSERT INTO db_skip.t VALUES (1)',
  ]);
  conf = path.join(pair.dir, 'verify', 'conf');
  writeConf(conf, pair.source, pair.target, {
    one_time_run_mode: 'true',
    exclude_data_list: 'db_skip',
    enable_view_sync: 'true',
    report_interval_seconds: '1',
  });
});

afterAll(async () => {
  await pair?.stop();
});

// Each test runs srsync processes (two or three): a generous bound for a loaded 2-core machine.
describe('srsync verify', { timeout: 120_000 }, () => {
  it('before the migration: exit 1, every selected table and the view missing; excluded objects not checked; nothing written', async () => {
    const before = await fingerprints();
    const r = await srsyncVerify(['--conf', conf]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(lines(r)).toEqual([
      'missing database db1: not on the target',
      'missing db1.events: not on the target',
      `missing db1.${T_ODD}: not on the target`,
      'missing db1.users: not on the target',
      'missing view db1.v_users: not on the target',
      'verify: 3 tables checked, 0 in sync, 0 lagging, 3 missing, 0 schema differs, 0 partitions differ, 1 databases missing; views: 1 checked, 1 missing, 0 differ; NOT IN SYNC',
    ]);
    expect(await fingerprints()).toEqual(before);
  });

  it('after a one-time migration: exit 0, also with --rows; verify changes neither cluster', async () => {
    const run = await runSrsyncOnce(conf, path.join(pair.dir, 'verify', 'log'));
    expect(run.code, run.stderr).toBe(0);
    const before = await fingerprints();
    const r = await srsyncVerify(['--conf', conf]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'verify: 3 tables checked, 3 in sync, 0 lagging, 0 missing, 0 schema differs, 0 partitions differ; views: 1 checked, 0 missing, 0 differ; IN SYNC',
    ]);
    const rows = await srsyncVerify(['--conf', conf, '--rows']);
    expect(rows.code, rows.stdout + rows.stderr).toBe(0);
    expect(summary(rows)).toMatch(/^verify: 3 tables checked, 3 in sync, .*, 0 row counts differ; .*IN SYNC$/);
    expect(await fingerprints()).toEqual(before);
  });

  it('after a new load on the source: exit 1, that table lagging (text, --json, --rows)', async () => {
    await sql(pair.source, ['INSERT INTO db1.events VALUES ("2024-02-07", 4, "d"), ("2024-02-08", 5, "e")']);
    const r = await srsyncVerify(['--conf', conf]);
    expect(r.code).toBe(1);
    expect(lines(r)).toEqual([
      'lagging db1.events: 1 partition(s) behind: p2 (source version 3, target data version 2)',
      'verify: 3 tables checked, 2 in sync, 1 lagging, 0 missing, 0 schema differs, 0 partitions differ; views: 1 checked, 0 missing, 0 differ; NOT IN SYNC',
    ]);

    const j = await srsyncVerify(['--conf', conf, '--json', '--rows']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as JsonReport;
    expect(doc.ok).toBe(false);
    expect(doc.rowsCounted).toBe(true);
    expect(doc.summary).toMatchObject({ tablesChecked: 3, inSync: 2, lagging: 1, missing: 0 });
    const byName = new Map(doc.tables.map((t) => [t.table, t]));
    expect(byName.get('events')).toMatchObject({
      status: 'lagging',
      laggingPartitions: [{ name: 'p2', sourceVersion: 3, targetDataVersion: 2 }],
      rows: { source: 5, target: 3 },
    });
    expect(byName.get('users')).toMatchObject({ status: 'in_sync', rows: { source: 2, target: 2 } });
    expect(byName.get(T_ODD)).toMatchObject({ status: 'in_sync', rows: { source: 4, target: 4 } });
    expect(doc.views).toEqual([{ db: 'db1', name: 'v_users', status: 'present' }]);
  });

  it('a bad config: exit 2, one stderr line naming file and key; a wrong password: exit 3, password not shown', async () => {
    const bad = path.join(pair.dir, 'bad', 'conf');
    writeConf(bad, pair.source, pair.target, { include_data_list: 'db1', jdbc_connect_timeout_ms: 'soon' });
    const r = await srsyncVerify(['--conf', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/sync\.properties: jdbc_connect_timeout_ms = 'soon'/);

    const wrong = path.join(pair.dir, 'wrong', 'conf');
    const password = 'not-the-Target-pw';
    writeConf(wrong, pair.source, pair.target, { target_cluster_password: password });
    const w = await srsyncVerify(['--conf', wrong]);
    expect(w.code).toBe(3);
    expect(w.stdout).toBe('');
    expect(w.stderr).toMatch(/^cannot log in to the target cluster at 127\.0\.0\.1:\d+ as 'root': /);
    expect(w.stderr).not.toContain(password);
  });
  it('--rows after the new load: every figure is the figure it names (issue 6, item 10)', async () => {
    const r = await srsyncVerify(['--conf', conf, '--rows']);
    expect(r.code, r.stderr).toBe(1);
    expect(lines(r)[0]).toMatch(/^lagging db1\.events: 1 partition\(s\) behind: p2 .*; rows source 5, target 3$/);
    expect(summary(r)).toBe(
      'verify: 3 tables checked, 2 in sync, 1 lagging, 0 missing, 0 schema differs, 0 partitions differ, 1 row counts differ; views: 1 checked, 0 missing, 0 differ; NOT IN SYNC',
    );
  });

  it('an include/exclude entry that matches nothing on the source: exit 2, one line naming key and entry, never IN SYNC (issue 6, item 3)', async () => {
    const before = await fingerprints();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ include_data_list: 'db2' }, /^include_data_list entry 'db2' matches no database on the source.*; nothing changed on either cluster$/],
      [
        { include_data_list: 'db1.nosuchtable' },
        /^include_data_list entry 'db1\.nosuchtable' matches no table, view or materialized view on the source\b/,
      ],
      [{ include_data_list: 'DB1' }, /^include_data_list entry 'DB1' matches no database/],
      [{ exclude_data_list: 'db_skip,db_skp' }, /^exclude_data_list entry 'db_skp' matches no database/],
    ];
    for (const [overrides, message] of cases) {
      const c = path.join(pair.dir, `selection-${Object.values(overrides)[0]!.replace(/\W/g, '_')}`, 'conf');
      writeConf(c, pair.source, pair.target, overrides);
      for (const args of [[], ['--rows'], ['--json']]) {
        const r = await srsyncVerify(['--conf', c, ...args]);
        expect(r.code, `${JSON.stringify(overrides)} ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(message)]);
      }
    }
    expect(await fingerprints()).toEqual(before);
  });
});
