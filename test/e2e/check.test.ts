// End to end through the CLI: `srsync check` between two srsync-sim clusters. Unprepared clusters: every missing
// preparation listed with its fix, exit 1; a selection entry matching nothing and a user without OPERATE are
// findings too; after prepareForMigration: exit 0. check only reads: both catalogs are unchanged by it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { catalogFingerprint, freePort, runCli, tempDir, type CliRun } from '../../harness/e2e-catalog.js';

const lines = (r: CliRun) => r.stdout.split('\n').filter(Boolean);

let dir: string;
let source: SimProcess;
let target: SimProcess;
let conf: string;
const fingerprints = async () => Promise.all([catalogFingerprint(source), catalogFingerprint(target)]);

beforeAll(async () => {
  dir = tempDir('check');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src-pw', cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt-pw', cnCount: 1 }),
  ]);
  // No compaction on the source: it would publish a new version at any moment and make "nothing changed" timing.
  await sql(source, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'CREATE DATABASE db1',
    'CREATE TABLE db1.t1 (k INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2',
    'CREATE TABLE db1.t2 (k INT NOT NULL) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    'INSERT INTO db1.t1 VALUES (1, "a"), (2, "b")',
  ]);
  conf = path.join(dir, 'conf');
  writeConf(conf, source, target, { one_time_run_mode: 'true' });
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('srsync check', { timeout: 60_000 }, () => {
  it('unprepared clusters: every missing item with its fix, exit 1, nothing changed', async () => {
    const before = await fingerprints();
    const r = await runCli(['check', '--conf', conf]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(1);
    const out = lines(r);
    const find = (re: RegExp) => out.find((l) => re.test(l));
    expect(find(/^ERROR source FE .* lake_autovacuum_grace_period_minutes: is 30;/)).toMatch(
      /fix: ADMIN SET FRONTEND CONFIG \("lake_autovacuum_grace_period_minutes" = "10000000"\);/,
    );
    expect(find(/^ERROR target FE .* lake_compaction_max_tasks: is -1;/)).toMatch(
      /fix: ADMIN SET FRONTEND CONFIG \("lake_compaction_max_tasks" = "0"\); fe\.conf: lake_compaction_max_tasks = 0$/,
    );
    expect(find(/^ERROR target FE .* enable_legacy_compatibility_for_replication: is false;/)).toMatch(
      /fix: ADMIN SET FRONTEND CONFIG \("enable_legacy_compatibility_for_replication" = "true"\); fe\.conf: enable_legacy_compatibility_for_replication = true$/,
    );
    const volume = find(/^ERROR target volume src_builtin_storage_volume: is missing \(source volume builtin_storage_volume, 2 selected tables, at /);
    expect(volume).toMatch(
      /fix: CREATE STORAGE VOLUME `src_builtin_storage_volume` TYPE = S3 LOCATIONS = \(".+"\) PROPERTIES \(.*"aws\.s3\.access_key" = "<access_key>", "aws\.s3\.secret_key" = "<secret_key>", "aws\.s3\.enable_partitioned_prefix" = "false"\);$/,
    );
    expect(out.filter((l) => l.startsWith('ERROR'))).toHaveLength(4);
    // the simulator's tables are bundled (file_bundling, the 4.x default): a warning naming the CN-side fix
    expect(find(/^WARNING source tables with file_bundling=true \(db1\.t1, db1\.t2\): .*StarRocks PR #77362/)).toBeDefined();
    expect(out.at(-1)).toBe('check: 4 errors, 1 warnings, 0 notes; NOT READY');
    expect(await fingerprints()).toEqual(before);
  });

  it('--json: the same findings as one document', async () => {
    const r = await runCli(['check', '--conf', conf, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      ready: boolean;
      findings: Array<{ severity: string; object: string; fix: string[] }>;
      target: { frontends: Array<{ role: string; rpcError: string | null }> };
    };
    expect(doc.ready).toBe(false);
    expect(doc.findings.map((f) => f.object)).toContain('target volume src_builtin_storage_volume');
    expect(doc.target.frontends).toMatchObject([{ role: 'LEADER', rpcError: null }]);
  });

  it('a selection entry that matches nothing and a user without OPERATE are findings', async () => {
    await sql(source, ["CREATE USER 'reader'@'%' IDENTIFIED BY 'reader-pw'"]);
    const sel = path.join(dir, 'sel');
    writeConf(sel, source, target, { include_data_list: 'db1,nodb' });
    const r = await runCli(['check', '--conf', sel]);
    expect(r.code).toBe(1);
    expect(lines(r)).toContainEqual(
      expect.stringMatching(/^ERROR include_data_list 'nodb': include_data_list entry 'nodb' matches no database on the source/),
    );

    const weak = path.join(dir, 'weak');
    writeConf(weak, source, target, { source_cluster_user: 'reader', source_cluster_password: 'reader-pw' });
    const w = await runCli(['check', '--conf', weak]);
    expect(w.code).toBe(1);
    expect(lines(w)).toContainEqual(
      expect.stringMatching(
        /^ERROR source user 'reader': lacks the SYSTEM OPERATE privilege .* \| fix: GRANT OPERATE ON SYSTEM TO USER 'reader'@'%';$/,
      ),
    );
    expect(w.stdout).not.toContain('reader-pw');
  });

  it('every FE through conf/hosts.properties: an unreachable (mapped) rpc port is an error naming the address', async () => {
    const closed = await freePort();
    const mapped = path.join(dir, 'mapped');
    writeConf(mapped, source, target);
    fs.writeFileSync(path.join(mapped, 'hosts.properties'), `TARGET_127.0.0.1=127.0.0.1;${target.rpcPort}:${closed}\n`);
    const r = await runCli(['check', '--conf', mapped]);
    expect(r.code).toBe(1);
    expect(lines(r)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^ERROR target FE .* \\(LEADER\\): rpc port 127\\.0\\.0\\.1:${closed} is not reachable: .*\\| fix: open the port, or map the address in conf/hosts\\.properties`,
        ),
      ),
    );
  });

  it('a wrong password: exit 3, one line, password not shown', async () => {
    const wrong = path.join(dir, 'wrong');
    writeConf(wrong, source, target, { target_cluster_password: 'not-the-password' });
    const r = await runCli(['check', '--conf', wrong]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot log in to the target cluster/);
    expect(r.stderr).not.toContain('not-the-password');
  });

  it('after prepareForMigration: exit 0, READY', async () => {
    await prepareForMigration(source, target);
    const before = await fingerprints();
    const r = await runCli(['check', '--conf', conf]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lines(r)).toHaveLength(2);
    expect(lines(r)[0]).toMatch(/^WARNING source tables with file_bundling=true/);
    expect(lines(r)[1]).toBe('check: 0 errors, 1 warnings, 0 notes; READY');
    expect(await fingerprints()).toEqual(before);
  });
});
