// End to end through the CLI: one rich catalog migrated between two srsync-sim clusters in one-time mode.
// Every table model, every partition type, a PK table with a LOCAL persistent index, two storage volumes, views,
// an async MV, bitmap indexes, hostile names (as far as StarRocks accepts them), include/exclude lists, encrypted
// passwords and a hosts.properties mapping that sends the RPC and HTTP traffic through counting proxies.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, rows, sql, startSim, writeConf, type SimProcess, type TableCheck } from '../../harness/sim-pair.js';
import { startQueryCounter, type QueryCounter } from './query-counter.js';
import {
  catalogFingerprint,
  countingProxy,
  comparableCreateTable,
  createVolumeSql,
  ident,
  lastProgressLines,
  literal,
  progressFields,
  runSrsyncOnce,
  tempDir,
  type CountingProxy,
  type SrsyncRun,
  verifyFormal,
} from '../../harness/e2e-catalog.js';

// StarRocks' FeNameFormat: database names are ASCII letters, digits, `_` and -~!@#$%^&<>=+ (no spaces, quotes,
// dots or Unicode); table, view and column names are anything but NUL; partition names are [A-Za-z]\w*.
const DB_SHOP = 'shop';
const DB_RESERVED = 'order'; // a reserved word
const DB_SPECIAL = 'db-1~!@#$%^&<>=+';
const DB_SKIPPED = 'skipped_db';

const T_SPACE = 'my table';
const T_QUOTES = `it's "quoted"`;
const T_BACKTICK = 'back`tick';
const T_DOT = 'a.b';
const T_UNICODE = '表格_ünï';
const T_RESERVED = 'select';

const SRC_PASSWORD = 's3cret-\'src"pw';
const TGT_PASSWORD = 'tgt P@ss; word=1';
const SRC_KEY = 'source key 16+ chars';
const TGT_KEY = 'k';

function catalog(): string[] {
  const s = ident;
  return [
    `CREATE DATABASE ${s(DB_SHOP)}`,
    `CREATE DATABASE ${s(DB_RESERVED)}`,
    `CREATE DATABASE ${s(DB_SPECIAL)}`,
    `CREATE DATABASE ${s(DB_SKIPPED)}`,
    createVolumeSql('ssd_volume', 's3://src-ssd/data'),
    // DUPLICATE, RANGE with a reserved-word partition name, bitmap index.
    `CREATE TABLE ${s(DB_SHOP, 'orders')} (id BIGINT NOT NULL, dt DATE NOT NULL, customer VARCHAR(40), amount DECIMAL(12, 2),
       INDEX idx_customer (customer) USING BITMAP COMMENT 'by customer')
     DUPLICATE KEY(id) PARTITION BY RANGE(dt) (
       PARTITION p202401 VALUES LESS THAN ("2024-02-01"), PARTITION \`select\` VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(id) BUCKETS 4`,
    // PRIMARY KEY with a LOCAL persistent index on the second volume.
    // A temporary partition: not part of the migration (SHOW PARTITIONS lists it separately).
    `ALTER TABLE ${s(DB_SHOP, 'orders')} ADD TEMPORARY PARTITION tp_jan VALUES [("2024-01-01"), ("2024-02-01"))`,
    `CREATE TABLE ${s(DB_SHOP, 'customers')} (id INT NOT NULL COMMENT 'the "id" \\\\ key', name VARCHAR(40) COMMENT "it's", city VARCHAR(20))
     PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3
     PROPERTIES ("enable_persistent_index" = "true", "persistent_index_type" = "LOCAL", "storage_volume" = "ssd_volume")`,
    // AGGREGATE with an expression (date_trunc) partition.
    `CREATE TABLE ${s(DB_SHOP, 'daily_sales')} (dt DATE NOT NULL, city VARCHAR(20) NOT NULL, total DECIMAL(18, 2) SUM, hits BIGINT MAX)
     AGGREGATE KEY(dt, city) PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(city) BUCKETS 2`,
    // UNIQUE with a LIST partition.
    `CREATE TABLE ${s(DB_SHOP, 'stock')} (sku VARCHAR(20) NOT NULL, region VARCHAR(10) NOT NULL, qty INT)
     UNIQUE KEY(sku, region) PARTITION BY LIST(region) (PARTITION p_eu VALUES IN ("eu", "uk"), PARTITION p_us VALUES IN ("us"))
     DISTRIBUTED BY HASH(sku) BUCKETS 2`,
    // Multi-column LIST, random distribution.
    `CREATE TABLE ${s(DB_SHOP, 'events')} (region VARCHAR(10) NOT NULL, channel VARCHAR(10) NOT NULL, n INT)
     DUPLICATE KEY(region) PARTITION BY LIST(region, channel) (
       PARTITION p_eu_web VALUES IN (("eu", "web"), ("eu", "app")), PARTITION p_us_web VALUES IN (("us", "web")))
     DISTRIBUTED BY RANDOM BUCKETS 2`,
    // Column-expression (automatic list) partition.
    `CREATE TABLE ${s(DB_SHOP, 'visits')} (\`ci\`\`ty\` VARCHAR(20) NOT NULL, v INT) DUPLICATE KEY(\`ci\`\`ty\`) PARTITION BY \`ci\`\`ty\` DISTRIBUTED BY HASH(v) BUCKETS 1`,
    // Multi-column RANGE.
    `CREATE TABLE ${s(DB_SHOP, 'ledger')} (k INT NOT NULL, d DATE NOT NULL, v INT) DUPLICATE KEY(k, d)
     PARTITION BY RANGE(k, d) (PARTITION p1 VALUES LESS THAN ("10", "2024-01-01"), PARTITION p2 VALUES LESS THAN ("20", "2025-01-01"))
     DISTRIBUTED BY HASH(k) BUCKETS 2`,
    // Batch-created RANGE partitions on DATETIME, ORDER BY, automatic bucketing, defaults with quotes.
    `CREATE TABLE ${s(DB_SHOP, 'fancy')} (ts DATETIME NOT NULL, k INT NOT NULL, note VARCHAR(30) DEFAULT "say \\"hi\\" \\\\o/", n BIGINT DEFAULT "7")
     DUPLICATE KEY(ts, k) PARTITION BY RANGE(ts) (START ("2024-01-01") END ("2024-01-04") EVERY (INTERVAL 1 DAY))
     DISTRIBUTED BY HASH(k) ORDER BY(k, ts)`,
    `CREATE TABLE ${s(DB_SHOP, 'excluded_table')} (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    // Hostile names: tables and columns (anything but NUL), partitions (reserved words), views.
    `CREATE TABLE ${s(DB_RESERVED, T_SPACE)} (\`order\` INT NOT NULL, \`col with space\` VARCHAR(20), \`名字\` VARCHAR(20),
       INDEX \`idx_名字\` (\`名字\`) USING BITMAP)
     DUPLICATE KEY(\`order\`) PARTITION BY RANGE(\`order\`) (PARTITION \`select\` VALUES LESS THAN ("100"), PARTITION \`from\` VALUES LESS THAN ("200"))
     DISTRIBUTED BY HASH(\`order\`) BUCKETS 2`,
    `CREATE TABLE ${s(DB_RESERVED, T_QUOTES)} (\`q"uo'te\` INT NOT NULL, \`b\`\`t\` VARCHAR(10), \`dot.col\` INT)
     PRIMARY KEY(\`q"uo'te\`) DISTRIBUTED BY HASH(\`q"uo'te\`) BUCKETS 2 PROPERTIES ("persistent_index_type" = "LOCAL")`,
    // Backticks and commas in key, partition, distribution, sort and bitmap-index columns; an index comment with a quote.
    `CREATE TABLE ${s(DB_SPECIAL, T_BACKTICK)} (\`k\`\`1\` INT NOT NULL, \`a,b\` INT NOT NULL, v INT,
       INDEX i_ab (\`a,b\`) USING BITMAP COMMENT "it's \\\\ here")
     DUPLICATE KEY(\`k\`\`1\`, \`a,b\`) PARTITION BY RANGE(\`k\`\`1\`) (PARTITION p1 VALUES LESS THAN ("5"), PARTITION p2 VALUES LESS THAN ("10"))
     DISTRIBUTED BY HASH(\`a,b\`, \`k\`\`1\`) BUCKETS 2 ORDER BY(\`a,b\`, \`k\`\`1\`)`,
    // A partition with its own bucket count.
    `ALTER TABLE ${s(DB_SPECIAL, T_BACKTICK)} ADD PARTITION p3 VALUES LESS THAN MAXVALUE DISTRIBUTED BY HASH(\`a,b\`, \`k\`\`1\`) BUCKETS 3`,
    `CREATE TABLE ${s(DB_SPECIAL, T_DOT)} (k INT NOT NULL, \`where\` VARCHAR(10) NOT NULL) UNIQUE KEY(k, \`where\`)
     PARTITION BY LIST(\`where\`) (PARTITION \`in\` VALUES IN ("in", "it's"), PARTITION p_out VALUES IN ("out")) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    `CREATE TABLE ${s(DB_SPECIAL, T_UNICODE)} (dt DATE NOT NULL, \`ключ\` VARCHAR(10), \`值\` INT) DUPLICATE KEY(dt)
     PARTITION BY date_trunc('month', dt) DISTRIBUTED BY HASH(\`值\`) BUCKETS 1 PROPERTIES ("storage_volume" = "ssd_volume")`,
    `CREATE TABLE ${s(DB_SPECIAL, T_RESERVED)} (\`table\` INT NOT NULL) DISTRIBUTED BY HASH(\`table\`) BUCKETS 1`,
    `CREATE TABLE ${s(DB_SKIPPED, 'keep_me')} (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    `CREATE TABLE ${s(DB_SKIPPED, 'not_me')} (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    // Views and an MV.
    `CREATE VIEW ${s(DB_SHOP, 'view with space')} AS SELECT id, amount FROM ${s(DB_SHOP, 'orders')} WHERE amount > 100`,
    `CREATE VIEW ${s(DB_RESERVED, `v"q'.视图`)} AS SELECT \`order\`, \`名字\` FROM ${s(DB_RESERVED, T_SPACE)}`,
    `CREATE VIEW ${s(DB_SPECIAL, 'v`bt')} (\`x\`\`y\`, \`z\`) COMMENT "a \\"view\\"" AS SELECT k, \`where\` FROM ${s(DB_SPECIAL, T_DOT)}`,
    `CREATE MATERIALIZED VIEW ${s(DB_SHOP, 'mv sales')} (\`ci\`\`ty\` COMMENT "the \\"city\\"", \`total "sum"\`) COMMENT "it's an MV" REFRESH ASYNC
     DISTRIBUTED BY HASH(\`ci\`\`ty\`) BUCKETS 2
     AS SELECT city, sum(total) AS total FROM ${s(DB_SHOP, 'daily_sales')} GROUP BY city`,
  ];
}

function loads(round: number): string[] {
  const s = ident;
  const b = round * 100;
  const orders = Array.from(
    { length: 20 },
    (_, i) => `(${b + i}, "2024-0${1 + (i % 2)}-${String(1 + (i % 27)).padStart(2, '0')}", "c${i % 7}", ${(i * 13.7).toFixed(2)})`,
  );
  return [
    `INSERT INTO ${s(DB_SHOP, 'orders')} VALUES ${orders.join(', ')}`,
    `INSERT INTO ${s(DB_SHOP, 'customers')} VALUES ${Array.from({ length: 5 }, (_, i) => `(${i + round}, "customer ${i}", "${['Paris', 'Lyon', 'Oslo'][i % 3]}")`).join(', ')}`,
    `INSERT INTO ${s(DB_SHOP, 'daily_sales')} VALUES ("2024-01-0${1 + round}", "Paris", 10.5, ${round}), ("2024-01-0${1 + round}", "Oslo", 7.25, 3)`,
    `INSERT INTO ${s(DB_SHOP, 'stock')} VALUES ("sku${round}", "eu", ${round}), ("sku${round}", "us", ${round * 2}), ("sku${round}", "uk", 1)`,
    `INSERT INTO ${s(DB_SHOP, 'events')} VALUES ("eu", "web", ${round}), ("eu", "app", 1), ("us", "web", 2)`,
    `INSERT INTO ${s(DB_SHOP, 'visits')} VALUES ("Paris", ${round}), ("Oslo", 1), ("city ${round}", 2), ("it's", 3)`,
    `INSERT INTO ${s(DB_SHOP, 'ledger')} VALUES (${round}, "2023-05-01", 1), (${15 + round}, "2024-06-01", 2)`,
    `INSERT INTO ${s(DB_SHOP, 'excluded_table')} VALUES (${round})`,
    `INSERT INTO ${s(DB_SHOP, 'fancy')} (ts, k) VALUES ("2024-01-0${1 + round} 10:00:00", ${round}), ("2024-01-03 23:59:59", 9)`,
    `INSERT INTO ${s(DB_RESERVED, T_SPACE)} VALUES (${round}, "a b", "名"), (${150 + round}, "c", "字")`,
    `INSERT INTO ${s(DB_RESERVED, T_QUOTES)} VALUES (${round}, "x\`y", ${round})`,
    `INSERT INTO ${s(DB_SPECIAL, T_BACKTICK)} VALUES (1, ${round}, 0), (${round + 4}, 5, 1), (${round + 20}, 6, 2)`,
    `INSERT INTO ${s(DB_SPECIAL, T_DOT)} VALUES (${round}, "in"), (${round}, "it's"), (${round}, "out")`,
    `INSERT INTO ${s(DB_SPECIAL, T_UNICODE)} VALUES ("2024-0${1 + round}-15", "к${round}", ${round})`,
    `INSERT INTO ${s(DB_SPECIAL, T_RESERVED)} VALUES (${round})`,
    `INSERT INTO ${s(DB_SKIPPED, 'keep_me')} VALUES (${round})`,
    `INSERT INTO ${s(DB_SKIPPED, 'not_me')} VALUES (${round})`,
  ];
}

let dir: string;
let source: SimProcess;
let target: SimProcess;
let rpcProxy: CountingProxy;
let sourceQueries: QueryCounter;
let httpProxy: CountingProxy;
let run: SrsyncRun;
let srcBefore: string;

beforeAll(async () => {
  dir = tempDir('e2e-catalog');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: SRC_PASSWORD, cnCount: 2 }),
    startSim({ name: 'target', objectStore: store, password: TGT_PASSWORD, cnCount: 2 }),
  ]);
  // No compaction on the source either: a compaction raises its VisibleVersion at any moment, which would make
  // "the target is in sync" and "the source is unchanged" depend on timing.
  await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")']);
  await sql(source, catalog());
  for (let round = 0; round < 3; round++) await sql(source, loads(round));
  await prepareForMigration(source, target);
  // The target keeps the source's volume names (manual, "Storage volume mapping"): ssd_volume must exist there too.
  await sql(target, [createVolumeSql('ssd_volume', 's3://tgt-ssd/data')]);

  // Encrypted passwords, computed by the cluster itself as the manual says.
  const enc = async (pw: string, key: string) =>
    String(Object.values((await rows(source, `SELECT TO_BASE64(AES_ENCRYPT(${literal(pw)}, ${literal(key)}))`))[0]!)[0]);
  const [srcEnc, tgtEnc] = [await enc(SRC_PASSWORD, SRC_KEY), await enc(TGT_PASSWORD, TGT_KEY)];

  sourceQueries = await startQueryCounter(source.queryPort);
  rpcProxy = await countingProxy(target.rpcPort);
  httpProxy = await countingProxy(source.httpPort);
  const conf = path.join(dir, 'conf');
  writeConf(conf, source, target, {
    one_time_run_mode: 'true',
    report_interval_seconds: '1',
    // Every statement srsync sends to the source goes through a recorder: the source is read-only to srsync.
    source_fe_query_port: String(sourceQueries.port),
    source_cluster_password: srcEnc,
    source_cluster_password_secret_key: SRC_KEY,
    target_cluster_password: tgtEnc,
    target_cluster_password_secret_key: TGT_KEY,
    include_data_list: `${DB_SHOP},${DB_RESERVED}, ${DB_SPECIAL} ,${DB_SKIPPED}.keep_me`,
    exclude_data_list: `${DB_SKIPPED},${DB_SHOP}.excluded_table`,
    enable_view_sync: 'true',
    enable_materialized_view_sync: 'true',
    enable_bitmap_index_sync: 'true',
  });
  // SHOW FRONTENDS reports 127.0.0.1 and the real ports: map the target's rpc port and the source's http port
  // to the proxies, so that the traffic is seen to follow hosts.properties.
  fs.writeFileSync(
    path.join(conf, 'hosts.properties'),
    `TARGET_127.0.0.1=127.0.0.1;${target.rpcPort}:${rpcProxy.port}\nSOURCE_127.0.0.1=127.0.0.1;${source.httpPort}:${httpProxy.port}\n`,
  );
  srcBefore = await catalogFingerprint(source);
  run = await runSrsyncOnce(conf, path.join(dir, 'log'));
}, 150_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop(), rpcProxy?.close(), httpProxy?.close(), sourceQueries?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const IN_SCOPE = [DB_SHOP, DB_RESERVED, DB_SPECIAL];

describe('hostile names as StarRocks takes them (FeNameFormat)', () => {
  it.each([
    ['CREATE DATABASE `a b`', 1102],
    ['CREATE DATABASE `ünï`', 1102],
    ['CREATE DATABASE `a.b`', 1102],
    [
      `CREATE TABLE ${ident(DB_SHOP, 'bad_part')} (k INT) PARTITION BY RANGE(k) (PARTITION \`p 1\` VALUES LESS THAN ("1")) DISTRIBUTED BY HASH(k) BUCKETS 1`,
      1567,
    ],
    [createVolumeSql('vol-1', 's3://x/y'), 5063],
  ])('the simulated FE refuses %s', async (statement, errno) => {
    await expect(sql(source, [statement])).rejects.toMatchObject({ errno });
  });
});

describe('one-time migration of a rich catalog through the CLI', () => {
  it('exits 0 and ends with 100 % progress lines', () => {
    expect(run.code, `stderr: ${run.stderr}\n${run.warn}`).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.info).toContain('One-time synchronization finished: every selected table is in sync');
    // A fresh target needs no drop (a partition with its own bucket count is added, not dropped and re-added).
    expect(run.info).not.toMatch(/DDL done on target: (DROP|ALTER TABLE .* DROP)/);
    expect(run.info).toMatch(
      /ADD PARTITION `p3` VALUES \[\("10"\), \(MAXVALUE\)\) DISTRIBUTED BY HASH\(`a,b`, `k``1`\) BUCKETS 3 \(missing_on_target\)/,
    );
    const { job, table } = lastProgressLines(run.info);
    expect(job).toMatch(/Sync job progress: 100\.00%/);
    expect(progressFields(job!)).toMatchObject({ ddlPending: '0', jobPending: '0', sent: '0', running: '0', failed: '0', unknown: '0' });
    expect(table).toMatch(/Sync table progress: finishedTableRatio: 100\.00%/);
    // 8 shop tables + 2 + 4 + keep_me (MVs are not tables to migrate).
    expect(progressFields(table!)).toMatchObject({ 'total table': '15', 'finished table': '15', 'unfinished table': '0' });
  });

  it('every in-scope table has the same COUNT(*) and partition versions on both clusters', async () => {
    const checks: TableCheck[] = await verifyFormal(source, target, [...IN_SCOPE, DB_SKIPPED]);
    const inScope = checks
      .filter((c) => !c.table.startsWith(`${DB_SKIPPED}.`) || c.table === `${DB_SKIPPED}.keep_me`)
      .filter((c) => c.table !== `${DB_SHOP}.excluded_table`);
    expect(inScope.map((c) => c.table).sort()).toEqual(
      [
        ...['orders', 'customers', 'daily_sales', 'stock', 'events', 'visits', 'ledger', 'fancy', 'mv sales'].map((t) => `${DB_SHOP}.${t}`),
        `${DB_RESERVED}.${T_SPACE}`,
        `${DB_RESERVED}.${T_QUOTES}`,
        ...[T_BACKTICK, T_DOT, T_UNICODE, T_RESERVED].map((t) => `${DB_SPECIAL}.${t}`),
        `${DB_SKIPPED}.keep_me`,
      ].sort(),
    );
    for (const c of inScope) {
      expect(c, c.table).toMatchObject({ targetRows: c.sourceRows, versionsMatch: true });
      if (!c.table.endsWith('mv sales')) expect(c.sourceRows, c.table).toBeGreaterThan(0);
    }
  });

  it('every migrated table, view and MV has the same columns on both clusters', async () => {
    const columns = async (sim: SimProcess) =>
      (
        await rows(
          sim,
          `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_COMMENT FROM information_schema.columns WHERE TABLE_SCHEMA IN (${IN_SCOPE.map(literal).join(', ')})`,
        )
      )
        .filter((r) => r['TABLE_NAME'] !== 'excluded_table')
        .map((r) => Object.values(r).join(' | '))
        .sort();
    const src = await columns(source);
    expect(src.some((c) => c.includes('x`y'))).toBe(true);
    expect(await columns(target)).toEqual(src);
  });

  it('SHOW CREATE TABLE is the same on both clusters, except persistent_index_type LOCAL → CLOUD_NATIVE', async () => {
    const tables = (
      await rows(
        source,
        `SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.tables WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (${IN_SCOPE.map(literal).join(', ')})`,
      )
    )
      .map((r) => [r['TABLE_SCHEMA']!, r['TABLE_NAME']!] as const)
      .filter(([, t]) => t !== 'excluded_table');
    expect(tables.length).toBe(14);
    for (const [db, t] of tables) {
      const ddl = async (sim: SimProcess) =>
        comparableCreateTable(String((await rows(sim, `SHOW CREATE TABLE ${ident(db, t)}`))[0]!['Create Table']));
      expect(await ddl(target), `${db}.${t}`).toBe(
        (await ddl(source)).replace('"persistent_index_type" = "LOCAL"', '"persistent_index_type" = "CLOUD_NATIVE"'),
      );
    }
  });

  it('include/exclude: excluded objects are not on the target', async () => {
    const dbs = (await rows(target, "SHOW PROC '/dbs'")).map((r) => r['DbName']);
    expect(dbs).toEqual(expect.arrayContaining([...IN_SCOPE, DB_SKIPPED]));
    const tables = async (db: string) =>
      (await rows(target, `SELECT TABLE_NAME FROM information_schema.tables WHERE TABLE_SCHEMA = ${literal(db)}`)).map((r) => r['TABLE_NAME']);
    expect(await tables(DB_SKIPPED)).toEqual(['keep_me']);
    expect(await tables(DB_SHOP)).not.toContain('excluded_table');
  });

  it('PK tables: LOCAL persistent index becomes CLOUD_NATIVE; storage volume names are kept', async () => {
    const create = async (db: string, t: string) => String((await rows(target, `SHOW CREATE TABLE ${ident(db, t)}`))[0]!['Create Table']);
    const customers = await create(DB_SHOP, 'customers');
    expect(customers).toContain('"persistent_index_type" = "CLOUD_NATIVE"');
    expect(customers).toContain('"storage_volume" = "ssd_volume"');
    expect(await create(DB_RESERVED, T_QUOTES)).toContain('"persistent_index_type" = "CLOUD_NATIVE"');
    expect(await create(DB_SPECIAL, T_UNICODE)).toContain('"storage_volume" = "ssd_volume"');
    expect(await create(DB_SHOP, 'orders')).toContain('"storage_volume" = "builtin_storage_volume"');
    // The source is untouched.
    expect(String((await rows(source, `SHOW CREATE TABLE ${ident(DB_SHOP, 'customers')}`))[0]!['Create Table'])).toContain(
      '"persistent_index_type" = "LOCAL"',
    );
  });

  it('views, the MV and bitmap indexes exist on the target (sync enabled)', async () => {
    const views = async (sim: SimProcess) =>
      (
        await rows(
          sim,
          `SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.views WHERE TABLE_SCHEMA IN (${IN_SCOPE.map(literal).join(', ')})`,
        )
      )
        .map((r) => `${r['TABLE_SCHEMA']}.${r['TABLE_NAME']}: ${r['VIEW_DEFINITION']}`)
        .sort();
    const srcViews = await views(source);
    expect(srcViews).toHaveLength(3);
    expect(await views(target)).toEqual(srcViews);
    const mvs = await rows(target, `SELECT TABLE_NAME FROM information_schema.materialized_views WHERE TABLE_SCHEMA = ${literal(DB_SHOP)}`);
    expect(mvs.map((r) => r['TABLE_NAME'])).toEqual(['mv sales']);
    const mvDdl = async (sim: SimProcess) => Object.values((await rows(sim, `SHOW CREATE MATERIALIZED VIEW ${ident(DB_SHOP, 'mv sales')}`))[0]!)[1];
    expect(await mvDdl(target)).toBe(await mvDdl(source));
    const bitmap = async (db: string, t: string) =>
      (await rows(target, `SHOW INDEX FROM ${ident(db, t)}`))
        .filter((r) => r['Index_type'] === 'BITMAP')
        .map((r) => `${r['Key_name']}(${r['Column_name']})`);
    expect(await bitmap(DB_SHOP, 'orders')).toEqual(['idx_customer(customer)']);
    expect(await bitmap(DB_RESERVED, T_SPACE)).toEqual(['idx_名字(名字)']);
    expect(await bitmap(DB_SPECIAL, T_BACKTICK)).toEqual(['i_ab(a,b)']);
  });

  it('followed hosts.properties (RPC and /service_id through the mapped ports) and logged the mapping', () => {
    expect(rpcProxy.connections()).toBeGreaterThan(0);
    expect(httpProxy.connections()).toBeGreaterThan(0);
    expect(run.info).toContain(`host mapping: TARGET 127.0.0.1 -> 127.0.0.1 ports ${target.rpcPort}->${rpcProxy.port}`);
  });

  it('sends the source only reads (SELECT, SHOW, DESC), never DDL, DML or ADMIN SET', () => {
    const statements = sourceQueries.statements.map((x) => x.sql.trim());
    expect(statements.length).toBeGreaterThan(10);
    const writes = statements.filter((q) => !/^(SELECT|SHOW|ADMIN\s+SHOW|DESC|DESCRIBE)\b/i.test(q));
    expect(writes).toEqual([]);
  });

  it('never writes a password, an encrypted password or a secret key to the logs or the console', () => {
    const all = [
      run.info,
      run.warn,
      run.stdout,
      run.stderr,
      ...fs.readdirSync(run.logDir).map((f) => fs.readFileSync(path.join(run.logDir, f), 'utf8')),
    ].join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [SRC_PASSWORD, TGT_PASSWORD, SRC_KEY, 's3cret', 'P@ss']) expect(all, secret).not.toContain(secret);
    const conf = fs.readFileSync(path.join(dir, 'conf', 'sync.properties'), 'utf8');
    for (const line of conf.split('\n').filter((l) => /password=/.test(l))) expect(all).not.toContain(line.split('=').slice(1).join('='));
  });

  it('changed nothing on the source', async () => {
    expect(await catalogFingerprint(source)).toBe(srcBefore);
  });

  it('a second run finds everything in sync: no DDL, no job, exit 0, 100 %, the target unchanged', async () => {
    const before = await catalogFingerprint(target);
    const again = await runSrsyncOnce(path.join(dir, 'conf'), path.join(dir, 'log2'));
    expect(again.code, again.warn).toBe(0);
    expect(again.info).not.toMatch(/DDL done|Replication job .* sent/);
    expect(again.warn).toBe('');
    const { job, table } = lastProgressLines(again.info);
    expect(job).toMatch(/Sync job progress: 100\.00%, total: 0,/);
    expect(table).toMatch(/finishedTableRatio: 100\.00%.*total table: 15, finished table: 15/);
    expect(await catalogFingerprint(target)).toBe(before);
  }, 120_000);
});
