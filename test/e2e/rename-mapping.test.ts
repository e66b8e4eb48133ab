// Issue 9, rename mapping, end to end through the CLI: a one-time `srsync run` with target_database_mapping and
// target_table_mapping between two srsync-sim clusters. A renamed database and a renamed table land under their
// target names with equal rows; a view and an async MV naming them (qualified, unqualified, from another database)
// are created with their references rewritten; `srsync verify` (and --content) compare source to mapped target and
// exit 0. A mapping that puts two sources onto one target name exits 2 before anything is created.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../harness/e2e-run.js';
import { rows, sql, writeConf } from '../../harness/sim-pair.js';
import {
  catalogFingerprint,
  ident,
  lastProgressLines,
  progressFields,
  runCli,
  runSrsyncOnce,
  scalar,
  type CliRun,
  type SrsyncRun,
} from '../../harness/e2e-catalog.js';

const MAPPING = {
  one_time_run_mode: 'true',
  report_interval_seconds: '1',
  enable_view_sync: 'true',
  enable_materialized_view_sync: 'true',
  target_database_mapping: 'sales:sales_new',
  target_table_mapping: 'sales.orders:orders_2024',
};

let pair: Pair;
let conf: string;
let collision: CliRun;
let targetBefore: string;
let targetAfterCollision: string;
let run: SrsyncRun;
let planned: CliRun;

const count = async (side: Pair['source'], db: string, table: string) => scalar(side, `SELECT COUNT(*) FROM ${ident(db, table)}`);
const databases = async (side: Pair['source']) => (await rows(side, 'SHOW DATABASES')).map((r) => Object.values(r)[0]);
const showCreate = async (side: Pair['source'], kind: 'VIEW' | 'MATERIALIZED VIEW', db: string, name: string) => {
  const r = (await rows(side, `SHOW CREATE ${kind} ${ident(db, name)}`))[0] ?? {};
  return String(r['Create View'] ?? r['Create Materialized View'] ?? Object.values(r)[1] ?? '');
};

beforeAll(async () => {
  pair = await startPair({ cnCount: 1, sourceCompaction: false });
  const { source, target } = pair;
  await sql(source, [
    'CREATE DATABASE sales',
    'CREATE DATABASE hr',
    'CREATE TABLE sales.orders (k INT, amt INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2',
    'CREATE TABLE sales.items (k INT, name VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    'CREATE TABLE hr.staff (id INT, name VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
    'INSERT INTO sales.orders VALUES (1, 10), (2, 20), (3, 30)',
    'INSERT INTO sales.orders VALUES (4, 40)',
    "INSERT INTO sales.items VALUES (1, 'a'), (2, 'b')",
    "INSERT INTO hr.staff VALUES (7, 'x')",
    // Qualified names, an alias, and a literal that must stay as it is.
    "CREATE VIEW sales.v_orders AS SELECT `sales`.`orders`.`k`, o2.amt, 'sales.orders' AS src FROM `sales`.`orders` JOIN sales.orders o2 ON `sales`.`orders`.k = o2.k",
    // Unqualified base table (resolves in the MV's own database).
    'CREATE MATERIALIZED VIEW sales.mv_totals DISTRIBUTED BY HASH(k) BUCKETS 1 REFRESH ASYNC AS SELECT k, sum(amt) AS total FROM orders GROUP BY k',
    // Another database naming the renamed ones.
    'CREATE VIEW hr.v_cross AS SELECT s.id, o.amt FROM hr.staff s JOIN sales.orders o ON s.id = o.k',
    'CREATE MATERIALIZED VIEW hr.mv_items DISTRIBUTED BY HASH(k) BUCKETS 1 REFRESH ASYNC AS SELECT k, count(*) AS n FROM sales.items GROUP BY k',
  ]);

  // Two sources onto one target name (sales.items is not mapped and keeps its name): exit 2, nothing created.
  const bad = path.join(pair.dir, 'bad', 'conf');
  writeConf(bad, source, target, { ...MAPPING, target_table_mapping: 'sales.orders:items' });
  targetBefore = await catalogFingerprint(target);
  collision = await runCli(['run', '--conf', bad, '--log-dir', path.join(pair.dir, 'bad', 'log'), '--no-console']);
  targetAfterCollision = await catalogFingerprint(target);

  conf = path.join(pair.dir, 'ok', 'conf');
  writeConf(conf, source, target, MAPPING);
  planned = await runCli(['plan', '--conf', conf]);
  run = await runSrsyncOnce(conf, path.join(pair.dir, 'ok', 'log'), 60_000);
}, 120_000);

afterAll(async () => {
  await pair?.stop();
});

describe('rename mapping (target_database_mapping, target_table_mapping)', { timeout: 60_000 }, () => {
  it('two sources onto one target name: exit 2, one line naming the file, key and both sources, nothing created', () => {
    expect(collision.code).toBe(2);
    expect(collision.stderr).toContain(
      'sync.properties: target_table_mapping: the source objects sales.items (not mapped) and sales.orders (mapped) would all be sales_new.items on the target',
    );
    expect(
      collision.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('target_table_mapping')),
    ).toHaveLength(1);
    expect(targetAfterCollision).toBe(targetBefore);
  });

  it('srsync plan shows the DDL under the target names', () => {
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('CREATE DATABASE `sales_new`;');
    expect(planned.stdout).toContain('CREATE TABLE `sales_new`.`orders_2024`');
    expect(planned.stdout).not.toMatch(/CREATE TABLE `sales`\./);
  });

  it('the one-time run ends with exit code 0, its progress complete (mapped tables count as on the target)', () => {
    expect(run.code, run.warn.slice(0, 4000)).toBe(0);
    const { job, table } = lastProgressLines(run.info);
    expect(progressFields(job!)).toMatchObject({ percent: '100.00%', total: '3', ddlPending: '0', jobPending: '0', finished: '3' });
    expect(progressFields(table!)).toMatchObject({ 'finished table': '3', 'unfinished table': '0' });
  });

  it('databases and tables land under their target names, rows equal', async () => {
    const { source, target } = pair;
    const dbs = await databases(target);
    expect(dbs).toContain('sales_new');
    expect(dbs).toContain('hr');
    expect(dbs).not.toContain('sales');
    expect(await count(target, 'sales_new', 'orders_2024')).toBe(await count(source, 'sales', 'orders'));
    expect(await count(target, 'sales_new', 'orders_2024')).toBe('4');
    expect(await count(target, 'sales_new', 'items')).toBe(await count(source, 'sales', 'items'));
    expect(await count(target, 'hr', 'staff')).toBe('1');
    const tables = (await rows(target, 'SHOW TABLES FROM sales_new')).map((r) => Object.values(r)[0]);
    expect(tables).not.toContain('orders');
  });

  it('views and MVs naming renamed objects are created with their references rewritten', async () => {
    const { target } = pair;
    const v = await showCreate(target, 'VIEW', 'sales_new', 'v_orders');
    expect(v).toContain('FROM `sales_new`.`orders_2024` JOIN `sales_new`.`orders_2024` o2');
    expect(v).toContain('SELECT `sales_new`.`orders_2024`.`k`');
    expect(v).toContain("'sales.orders' AS src");
    expect(await showCreate(target, 'MATERIALIZED VIEW', 'sales_new', 'mv_totals')).toContain('FROM `orders_2024` GROUP BY k');
    expect(await showCreate(target, 'VIEW', 'hr', 'v_cross')).toContain('JOIN `sales_new`.`orders_2024` o ON');
    expect(await showCreate(target, 'MATERIALIZED VIEW', 'hr', 'mv_items')).toContain('FROM `sales_new`.items GROUP BY k');
  });

  it('srsync verify (and --content) compares the source with the mapped target: exit 0', async () => {
    const r = await runCli(['verify', '--conf', conf]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('3 tables checked, 3 in sync');
    const c = await runCli(['verify', '--conf', conf, '--content']);
    expect(c.code, c.stdout + c.stderr).toBe(0);
  });
});
