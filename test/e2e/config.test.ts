// End to end through the CLI: configuration and target-side refusals, storage volume mapping and the sync switches.
// - a bad sync.properties (invalid value, wrong secret key): exit 2, one stderr line, neither cluster touched;
// - an include/exclude entry matching nothing on the source, a misspelt key: exit 2, one stderr line, nothing created;
// - a shared-nothing target and a 4.0.5 target: a clear refusal (exit 3), nothing changed anywhere;
// - storage volume precedence (manual, "Storage volume mapping"), run by run: the default keeps the source's volume
//   name (it must exist on the target), target_cluster_storage_volume, then use_builtin_storage_volume_only over both;
// - a missing src_<volume> mirror: that table is reported and one-time mode exits non-zero, the others sync;
// - target_cluster_replication_num; enable_view_sync / enable_materialized_view_sync / enable_bitmap_index_sync off
//   (and bitmap on for a table that already exists on the target);
// - malformed files (issue 11, item 6): a bad \u escape, a FIFO as sync.properties, a wildcard entry: exit 2, one line;
// - a table named `a.b, c ` selected by a backtick-quoted include_data_list entry (issue 11, item 7);
// - no password, encrypted password or secret key in any log file, stdout or stderr.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, rows, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import {
  catalogFingerprint,
  createVolumeSql,
  ident,
  lastProgressLines,
  literal,
  progressFields,
  runCli,
  runSrsyncOnce,
  scalar,
  tempDir,
  verifyFormal as verify,
  type SrsyncRun,
} from '../../harness/e2e-catalog.js';

const SRC_PASSWORD = 'Src-Pa55word!';
const TGT_PASSWORD = 'Tgt-Pa55word?';
const SECRET_KEY = 'config-test-secret-key';

let dir: string;
let source: SimProcess;
let target: SimProcess;
let sharedNothing: SimProcess;
let oldTarget: SimProcess;
const runs: SrsyncRun[] = [];

function catalog(): string[] {
  const t = (db: string, name: string, volume: string, extra = '') =>
    `CREATE TABLE ${ident(db, name)} (k INT NOT NULL, v VARCHAR(20)${extra}) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("storage_volume" = "${volume}")`;
  return [
    createVolumeSql('vol_a', 's3://src-a/data'),
    createVolumeSql('vol_b', 's3://src-b/data'),
    createVolumeSql('vol_c', 's3://src-c/data'),
    ...['db_a', 'db_b', 'db_c', 'idx_db'].map((db) => `CREATE DATABASE ${db}`),
    // db_a: default precedence. vol_b has no src_vol_b mirror on the target; vol_c does not exist on the target.
    t('db_a', 't_builtin', 'builtin_storage_volume'),
    t('db_a', 't_vol_a', 'vol_a'),
    t('db_a', 't_vol_b', 'vol_b'),
    t('db_a', 't_vol_c', 'vol_c'),
    'CREATE VIEW db_a.v AS SELECT k FROM db_a.t_builtin',
    'CREATE MATERIALIZED VIEW db_a.mv REFRESH ASYNC DISTRIBUTED BY HASH(k) BUCKETS 1 AS SELECT k, count(*) AS c FROM db_a.t_builtin GROUP BY k',
    // db_b: target_cluster_storage_volume = tgt_vol, replication_num 2; views/MVs/bitmap sync off.
    t('db_b', 't_builtin', 'builtin_storage_volume', ', INDEX i_v (v) USING BITMAP'),
    t('db_b', 't_vol_a', 'vol_a'),
    t('db_b', 't_vol_c', 'vol_c'),
    'CREATE VIEW db_b.v AS SELECT k FROM db_b.t_builtin',
    // db_c: use_builtin_storage_volume_only wins over target_cluster_storage_volume.
    t('db_c', 't_vol_a', 'vol_a'),
    t('db_c', 't_vol_c', 'vol_c'),
    // idx_db.t exists on both sides (the target's without the source's bitmap index).
    `CREATE TABLE idx_db.t (k INT NOT NULL, \`v,1\` VARCHAR(20), INDEX i_v (\`v,1\`) USING BITMAP COMMENT "it's") DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
  ];
}

function loads(round: number): string[] {
  const tables = [
    'db_a.t_builtin',
    'db_a.t_vol_a',
    'db_a.t_vol_b',
    'db_a.t_vol_c',
    'db_b.t_builtin',
    'db_b.t_vol_a',
    'db_b.t_vol_c',
    'db_c.t_vol_a',
    'db_c.t_vol_c',
    'idx_db.t',
  ];
  return tables.map((t) => `INSERT INTO ${t} VALUES ${Array.from({ length: 4 }, (_, i) => `(${round * 10 + i}, "r${round}")`).join(', ')}`);
}

function conf(name: string, tgt: SimProcess, overrides: Record<string, string>): { conf: string; log: string } {
  const c = path.join(dir, name, 'conf');
  writeConf(c, source, tgt, { one_time_run_mode: 'true', report_interval_seconds: '1', ...overrides });
  return { conf: c, log: path.join(dir, name, 'log') };
}

async function srsync(name: string, tgt: SimProcess, overrides: Record<string, string>): Promise<SrsyncRun> {
  const c = conf(name, tgt, overrides);
  const r = await runSrsyncOnce(c.conf, c.log);
  runs.push(r);
  return r;
}

const encrypted = async (pw: string) => String(await scalar(source, `SELECT TO_BASE64(AES_ENCRYPT(${literal(pw)}, ${literal(SECRET_KEY)}))`));

async function fingerprints(...sims: SimProcess[]): Promise<string[]> {
  return Promise.all(sims.map(catalogFingerprint));
}

const createTable = async (sim: SimProcess, db: string, t: string) =>
  String((await rows(sim, `SHOW CREATE TABLE ${ident(db, t)}`))[0]!['Create Table']);
const tablesOf = async (sim: SimProcess, db: string) =>
  (await rows(sim, `SELECT TABLE_NAME FROM information_schema.tables WHERE TABLE_SCHEMA = ${literal(db)} ORDER BY TABLE_NAME`)).map(
    (r) => r['TABLE_NAME'],
  );
const bitmapIndexes = async (sim: SimProcess, db: string, t: string) =>
  (await rows(sim, `SHOW INDEX FROM ${ident(db, t)}`)).filter((r) => r['Index_type'] === 'BITMAP').map((r) => r['Key_name']);

function expectAllProgress100(r: SrsyncRun, tables: number): void {
  const { job, table } = lastProgressLines(r.info);
  expect(job).toMatch(/Sync job progress: 100\.00%/);
  expect(table).toMatch(/Sync table progress: finishedTableRatio: 100\.00%/);
  expect(progressFields(table!)).toMatchObject({ 'total table': String(tables), 'finished table': String(tables) });
}

beforeAll(async () => {
  dir = tempDir('e2e-config');
  const store = path.join(dir, 'object-store');
  [source, target, sharedNothing, oldTarget] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: SRC_PASSWORD, cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: TGT_PASSWORD, cnCount: 1 }),
    startSim({ name: 'nothing', objectStore: store, password: TGT_PASSWORD, cnCount: 1, runMode: 'shared_nothing' }),
    startSim({ name: 'old', objectStore: store, password: TGT_PASSWORD, cnCount: 1, version: '4.0.5' }),
  ]);
  // No compaction on the source either: a compaction raises its VisibleVersion at any moment, which would make
  // "the target is in sync" and "the source is unchanged" depend on timing.
  await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")']);
  await sql(source, catalog());
  for (let round = 0; round < 2; round++) await sql(source, loads(round));
  await prepareForMigration(source, target);
  await prepareForMigration(source, oldTarget);
  await sql(sharedNothing, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")', 'CREATE DATABASE keep_me']);
  // The target: vol_a, vol_b and tgt_vol exist (no vol_c); the src_vol_b mirror is missing.
  await sql(target, [
    'DROP STORAGE VOLUME src_vol_b',
    createVolumeSql('vol_a', 's3://tgt-a/data'),
    createVolumeSql('vol_b', 's3://tgt-b/data'),
    createVolumeSql('tgt_vol', 's3://tgt-t/data'),
    'CREATE DATABASE idx_db',
    `CREATE TABLE idx_db.t (k INT NOT NULL, \`v,1\` VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    'CREATE DATABASE untouched',
    'CREATE TABLE untouched.x (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1',
    'INSERT INTO untouched.x VALUES (1)',
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([source, target, sharedNothing, oldTarget].map((s) => s?.stop()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Each test runs one to three srsync processes: a generous bound for a loaded 2-core machine.
describe('configuration and target refusals: exit code, one line, nothing changed', { timeout: 120_000 }, () => {
  it('an invalid value, a wrong secret key, a bad hosts.properties: exit 2, one stderr line naming the key, no log, no cluster touched', async () => {
    const before = await fingerprints(source, target);
    const invalid = await srsync('bad-value', target, { replication_job_batch_size: 'ten' });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/replication_job_batch_size = 'ten' .*\(line \d+\)$/)]);
    expect(invalid.info).toBe('');
    const wrongKey = await srsync('bad-key', target, {
      target_cluster_password: await encrypted(TGT_PASSWORD),
      target_cluster_password_secret_key: 'not-the-key',
    });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/target_cluster_password_secret_key does not decrypt target_cluster_password/),
    ]);
    expect(fs.existsSync(wrongKey.logDir)).toBe(false);
    const hosts = conf('bad-hosts', target, {});
    fs.writeFileSync(path.join(hosts.conf, 'hosts.properties'), 'TARGET_127.0.0.1=127.0.0.1;9020\n');
    const badHosts = await runSrsyncOnce(hosts.conf, hosts.log);
    runs.push(badHosts);
    expect(badHosts.code).toBe(2);
    expect(badHosts.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/hosts\.properties: line 1: .*port mapping '9020'/)]);
    expect(await fingerprints(source, target)).toEqual(before);
  });

  it('selection mistakes (issue 6, item 3): an include/exclude entry matching nothing is exit 2 at start-up, one line, nothing created', async () => {
    const before = await fingerprints(source, target);
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      [
        'sel-db',
        { include_data_list: 'db_x' },
        /^include_data_list entry 'db_x' matches no database on the source.*; nothing changed on either cluster$/,
      ],
      [
        'sel-table',
        { include_data_list: 'db_c.nosuchtable' },
        /^include_data_list entry 'db_c\.nosuchtable' matches no table, view or materialized view on the source/,
      ],
      ['sel-case', { include_data_list: 'DB_B' }, /^include_data_list entry 'DB_B' matches no database/],
      // continuous mode: refused at start-up too (the run would otherwise never end)
      [
        'sel-continuous',
        { one_time_run_mode: 'false', include_data_list: 'db_b', exclude_data_list: 'db_b.t_vol_z' },
        /^exclude_data_list entry 'db_b\.t_vol_z' matches no table/,
      ],
    ];
    for (const [name, overrides, message] of cases) {
      const c = conf(name, target, overrides);
      const r = await runSrsyncOnce(c.conf, c.log, 60_000);
      runs.push(r);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(message)]);
      expect(r.info).not.toMatch(/srsync started:|every selected table is in sync|CREATE /);
    }
    expect(await fingerprints(source, target)).toEqual(before);
  });

  it('a misspelt key (issue 6, item 4): exit 2 naming file, line, key and the key it resembles; other unknown keys stay warnings', async () => {
    const before = await fingerprints(source, target);
    const c = conf('near-miss', target, { include_data_lsit: 'db_b' });
    const r = await runSrsyncOnce(c.conf, c.log);
    runs.push(r);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(
        /sync\.properties: line \d+: unknown key 'include_data_lsit' looks like a misspelling of 'include_data_list'; correct it or remove the line$/,
      ),
    ]);
    expect(r.info).toBe('');
    const check = await runCli(['check-config', '--conf', c.conf, '-q']);
    expect(check.code).toBe(2);
    const far = conf('far-key', target, { include_data_list: 'db_b', some_other_setting: '1' });
    const ok = await runCli(['check-config', '--conf', far.conf, '-q']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^warning: .*line \d+: unknown key 'some_other_setting' is ignored\n$/);
    expect(await fingerprints(source, target)).toEqual(before);
  });

  it('malformed files (issue 11, item 6): a bad \\u escape, a FIFO, a wildcard: exit 2, one line naming file, line and key, nothing touched', async () => {
    const before = await fingerprints(source, target);
    // The password's own characters around the bad escape never appear.
    const escape = await srsync('bad-escape', target, { target_cluster_password: 'Qz7\\u12kW-zorg' });
    expect(escape.code).toBe(2);
    expect(escape.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/sync\.properties: line \d+: key 'target_cluster_password' has a \\u escape that is not followed by four hex digits/),
    ]);
    for (const part of ['Qz7', '12kW', 'zorg']) expect(escape.stderr).not.toContain(part);
    expect(escape.info).toBe('');
    const fifo = conf('fifo', target, {});
    fs.rmSync(path.join(fifo.conf, 'sync.properties'));
    execFileSync('mkfifo', [path.join(fifo.conf, 'sync.properties')]);
    const fifoRun = await runSrsyncOnce(fifo.conf, fifo.log, 20_000);
    runs.push(fifoRun);
    expect(fifoRun.code).toBe(2);
    expect(fifoRun.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/sync\.properties: is not a regular file \(a FIFO\)/)]);
    const star = await srsync('wildcard', target, { include_data_list: '*' });
    expect(star.code).toBe(2);
    expect(star.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/include_data_list = '\*' has entry '\*', a wildcard: wildcards are not supported.*\(line \d+\)$/),
    ]);
    const tiny = await srsync('tiny-interval', target, { meta_job_interval_seconds: '0.0000001' });
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/meta_job_interval_seconds = '0\.0000001' is below 0\.001 \(1 ms\), the resolution of this key \(line \d+\)\n$/);
    expect(await fingerprints(source, target)).toEqual(before);
  });

  it('a shared-nothing target: refused with one line (exit 3), nothing changed on either cluster', async () => {
    const before = await fingerprints(source, sharedNothing);
    const r = await srsync('shared-nothing', sharedNothing, {});
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/target cluster runs in shared_nothing mode; srsync migrates only to a shared-data/),
    ]);
    expect(await fingerprints(source, sharedNothing)).toEqual(before);
  });

  it('a 4.0.5 target: refused with one line (exit 3), nothing changed on either cluster', async () => {
    const before = await fingerprints(source, oldTarget);
    const r = await srsync('old-version', oldTarget, {});
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/target cluster is StarRocks 4\.0\.5; .* needs a target of v4\.1 or later/),
    ]);
    expect(await fingerprints(source, oldTarget)).toEqual(before);
  });
});

describe('storage volumes, replication_num and the sync switches', { timeout: 120_000 }, () => {
  it('default: keeps the source volume name; a missing volume or src_ mirror is reported, the rest syncs, exit non-zero', async () => {
    const srcBefore = await catalogFingerprint(source);
    const r = await srsync('default-volumes', target, {
      include_data_list: 'db_a,idx_db',
      source_cluster_password: await encrypted(SRC_PASSWORD),
      source_cluster_password_secret_key: SECRET_KEY,
    });
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^2 object\(s\) not synchronized: table db_a\.t_vol_\w.* \(and 1 more\); see .*sync\.WARN\.log$/),
    ]);
    expect(r.warn).toMatch(/ERROR \[sync\] Not synchronized: table db_a\.t_vol_b: storage volume src_vol_b is missing on the target/);
    expect(r.warn).toMatch(/ERROR \[sync\] Not synchronized: table db_a\.t_vol_c: storage volume vol_c does not exist on the target/);
    const checks = await verify(source, target, ['db_a', 'idx_db']);
    const synced = checks.filter((c) => ['db_a.t_builtin', 'db_a.t_vol_a', 'idx_db.t'].includes(c.table));
    expect(synced).toHaveLength(3);
    for (const c of synced) expect(c, c.table).toMatchObject({ targetRows: c.sourceRows, versionsMatch: true });
    expect(checks.find((c) => c.table === 'db_a.t_vol_b')).toMatchObject({ targetRows: 0, versionsMatch: false });
    expect(await tablesOf(target, 'db_a')).toEqual(['t_builtin', 't_vol_a', 't_vol_b']); // no t_vol_c; no view, no MV (sync off)
    expect(await createTable(target, 'db_a', 't_vol_a')).toContain('"storage_volume" = "vol_a"');
    expect(await createTable(target, 'db_a', 't_vol_b')).toContain('"storage_volume" = "vol_b"');
    expect(await createTable(target, 'db_a', 't_builtin')).toContain('"replication_num" = "1"');
    expect(await bitmapIndexes(target, 'idx_db', 't')).toEqual([]); // enable_bitmap_index_sync=false
    expect(await catalogFingerprint(source)).toBe(srcBefore);
  });

  it('target_cluster_storage_volume puts every new table there; target_cluster_replication_num; views off', async () => {
    const r = await srsync('target-volume', target, {
      include_data_list: 'db_b',
      target_cluster_storage_volume: 'tgt_vol',
      target_cluster_replication_num: '2',
    });
    expect(r.code, r.warn).toBe(0);
    expectAllProgress100(r, 3);
    for (const c of await verify(source, target, ['db_b'])) expect(c, c.table).toMatchObject({ targetRows: c.sourceRows, versionsMatch: true });
    expect(await tablesOf(target, 'db_b')).toEqual(['t_builtin', 't_vol_a', 't_vol_c']); // no view
    for (const t of ['t_builtin', 't_vol_a', 't_vol_c']) {
      const ddl = await createTable(target, 'db_b', t);
      expect(ddl, t).toContain('"storage_volume" = "tgt_vol"');
      expect(ddl, t).toContain('"replication_num" = "2"');
    }
  });

  it('use_builtin_storage_volume_only wins over target_cluster_storage_volume; bitmap index sync on', async () => {
    const r = await srsync('builtin-only', target, {
      include_data_list: 'db_c,idx_db',
      target_cluster_storage_volume: 'tgt_vol',
      target_cluster_use_builtin_storage_volume_only: 'true',
      enable_bitmap_index_sync: 'true',
    });
    expect(r.code, r.warn).toBe(0);
    expectAllProgress100(r, 3);
    for (const c of await verify(source, target, ['db_c', 'idx_db']))
      expect(c, c.table).toMatchObject({ targetRows: c.sourceRows, versionsMatch: true });
    for (const t of ['t_vol_a', 't_vol_c']) expect(await createTable(target, 'db_c', t), t).toContain('"storage_volume" = "builtin_storage_volume"');
    expect(await bitmapIndexes(target, 'idx_db', 't')).toEqual(['i_v']);
    expect(await createTable(target, 'idx_db', 't')).toBe(await createTable(source, 'idx_db', 't'));
    expect(await tablesOf(target, 'untouched')).toEqual(['x']);
  });

  it('a table named `a.b, c ` selected by a backtick-quoted entry (issue 11, item 7) migrates; its neighbours do not', async () => {
    const odd = 'a.b, c ';
    const t = (name: string) =>
      `CREATE TABLE ${ident('odd_db', name)} (k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`;
    await sql(source, [
      'CREATE DATABASE odd_db',
      t(odd),
      t('a'),
      t('a.b'),
      `INSERT INTO ${ident('odd_db', odd)} VALUES (1, "x"), (2, "y"), (3, "z")`,
      `INSERT INTO ${ident('odd_db', 'a')} VALUES (1, "x")`,
    ]);
    const r = await srsync('quoted-entry', target, { include_data_list: '`odd_db`.`a.b, c `' });
    expect(r.code, r.warn + r.stderr).toBe(0);
    expectAllProgress100(r, 1);
    expect(await tablesOf(target, 'odd_db')).toEqual([odd]);
    expect(await scalar(target, `SELECT COUNT(*) FROM ${ident('odd_db', odd)}`)).toBe('3');
    const checks = await verify(source, target, ['odd_db']);
    expect(checks.find((c) => c.table === `odd_db.${odd}`)).toMatchObject({ sourceRows: 3, targetRows: 3, versionsMatch: true });
    // The effective configuration prints the entry so that it reads back the same.
    expect(r.info).toContain('include_data_list=odd_db.`a.b, c `');
  });

  it('no password, encrypted password or secret key in any log file, stdout or stderr of any run', async () => {
    const secrets = [SRC_PASSWORD, TGT_PASSWORD, SECRET_KEY, await encrypted(SRC_PASSWORD), await encrypted(TGT_PASSWORD)];
    expect(runs.length).toBeGreaterThanOrEqual(8);
    for (const r of runs) {
      const files = fs.existsSync(r.logDir) ? fs.readdirSync(r.logDir).map((f) => fs.readFileSync(path.join(r.logDir, f), 'utf8')) : [];
      const all = [r.stdout, r.stderr, ...files].join('\n');
      for (const s of secrets) expect(all, `${s} in ${r.logDir}`).not.toContain(s);
    }
  });
});
