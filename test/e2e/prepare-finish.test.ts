// End to end through the CLI: `srsync prepare` and `srsync finish` between two srsync-sim clusters (one FE each:
// the simulator runs a single LEADER FE; the source reports 3.3.5, before WITH PERSISTENT). The FEs start with odd,
// non-default values (as if in fe.conf); prepare records them, applies the manual's settings (in memory on the source,
// WITH PERSISTENT on the 4.1 target) and creates the src_ volume; check is
// then READY; a second prepare changes nothing; after a restart of the target FE, finish restores exactly the
// recorded values (not the defaults), which survive another restart. Keys and passwords never appear in the output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { catalogFingerprint, runCli, tempDir, type CliRun } from '../../harness/e2e-catalog.js';
import { finishCommand } from '../../src/finish/command.js';
import { prepareCommand } from '../../src/prepare/command.js';
import { NO_TERMINAL, type Terminal } from '../../src/runbook/terminal.js';

const ACCESS_KEY = 'AKIAtempaccess1234';
const SECRET_KEY = 'temp-secret-key-5678';
const SECRETS = [ACCESS_KEY, SECRET_KEY, 'src-pw-9', 'tgt-pw-9'];

let dir: string;
let store: string;
let source: SimProcess;
let target: SimProcess;
let conf: string;
let record: string;
const runs: CliRun[] = [];

async function cli(args: string[]): Promise<CliRun> {
  const r = await runCli([...args, '--conf', conf]);
  runs.push(r);
  return r;
}

const startTarget = (ports?: { query: number; rpc: number; http: number }) =>
  startSim({
    name: 'target',
    objectStore: store,
    password: 'tgt-pw-9',
    cnCount: 1,
    dataDir: path.join(dir, 'target-data'),
    ...(ports ? { ports } : {}),
  });

async function restartTarget(): Promise<void> {
  const ports = { query: target.queryPort, rpc: target.rpcPort, http: target.httpPort };
  expect(await target.stop('SIGTERM')).toBe(0);
  target = await startTarget(ports);
}

async function config(sim: SimProcess, key: string): Promise<string | null> {
  return (await rows(sim, `ADMIN SHOW FRONTEND CONFIG LIKE '${key}'`))[0]?.['Value'] ?? null;
}

const values = async () => ({
  grace: await config(source, 'lake_autovacuum_grace_period_minutes'),
  compaction: await config(target, 'lake_compaction_max_tasks'),
  legacy: await config(target, 'enable_legacy_compatibility_for_replication'),
});

const volumes = async () => (await rows(target, 'SHOW STORAGE VOLUMES')).map((r) => r['Storage Volume']);

beforeAll(async () => {
  dir = tempDir('prepare');
  store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src-pw-9', cnCount: 1, version: '3.3.5' }),
    startTarget(),
  ]);
  await sql(source, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "45") WITH PERSISTENT',
    'CREATE DATABASE db1',
    'CREATE TABLE db1.t1 (k INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
  ]);
  await sql(target, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "7") WITH PERSISTENT']);
  conf = path.join(dir, 'conf');
  writeConf(conf, source, target, { prepare_src_volume_access_key: ACCESS_KEY, prepare_src_volume_secret_key: SECRET_KEY });
  record = path.join(dir, 'run', 'prepare-record.json');
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('srsync prepare / finish', { timeout: 60_000 }, () => {
  it('check on unprepared clusters exits 1; prepare without --yes and without a terminal refuses, changing nothing', async () => {
    expect((await cli(['check'])).code).toBe(1);
    const before = await Promise.all([catalogFingerprint(source), catalogFingerprint(target)]);
    const r = await cli(['prepare']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^prepare: not confirmed: no terminal to ask on; run with --yes/);
    // it listed what it would do first
    expect(r.stdout).toMatch(/lake_compaction_max_tasks 7 -> 0: ADMIN SET FRONTEND CONFIG \("lake_compaction_max_tasks" = "0"\) WITH PERSISTENT/);
    expect(r.stdout).toMatch(/target: CREATE STORAGE VOLUME `src_builtin_storage_volume` .*"aws\.s3\.access_key" = "\*{6}"/);
    expect(r.stdout).toMatch(/prepare: nothing changed\n$/);
    expect(await Promise.all([catalogFingerprint(source), catalogFingerprint(target)])).toEqual(before);
    expect(fs.existsSync(record)).toBe(false);
  });

  it('prepare --yes records every original, applies the settings (WITH PERSISTENT where the version has it) and creates src_; check is then READY', async () => {
    const r = await cli(['prepare', '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // the 3.3 source has no WITH PERSISTENT: set in memory, with the fe.conf line to add; the 4.1 target writes fe.conf
    expect(r.stdout).toMatch(/^applied: source FE .* lake_autovacuum_grace_period_minutes = 10000000$/m);
    expect(r.stdout).toMatch(
      /^source FE .*: add to fe\.conf "lake_autovacuum_grace_period_minutes = 10000000" \(set in memory only; a restart of that FE would revert it\)$/m,
    );
    expect(r.stdout).toMatch(/^applied: target FE .* lake_compaction_max_tasks = 0 \(WITH PERSISTENT/m);
    expect(r.stdout).toMatch(
      /^created: target storage volume src_builtin_storage_volume at s3:\/\/source-bucket\/ \(aws\.s3\.enable_partitioned_prefix = false\)$/m,
    );
    expect(r.stdout).toMatch(/temporary credentials/);
    expect(await values()).toEqual({ grace: '10000000', compaction: '0', legacy: 'true' });
    const desc = (await rows(target, 'DESC STORAGE VOLUME src_builtin_storage_volume'))[0]!;
    expect(desc['Location']).toBe('s3://source-bucket/');
    expect(JSON.parse(desc['Params']!)).toMatchObject({ 'aws.s3.enable_partitioned_prefix': 'false' });
    const rec = JSON.parse(fs.readFileSync(record, 'utf8')) as {
      state: string;
      settings: Array<{ side: string; key: string; original: string; mode: string }>;
      volumes: Array<{ name: string; createdAt?: string }>;
    };
    expect(rec.state).toBe('prepared');
    expect(rec.settings.map((s) => [s.side, s.key, s.original, s.mode])).toEqual([
      ['source', 'lake_autovacuum_grace_period_minutes', '45', 'memory'],
      ['target', 'lake_compaction_max_tasks', '7', 'persistent'],
      ['target', 'enable_legacy_compatibility_for_replication', 'false', 'persistent'],
    ]);
    expect(rec.volumes).toMatchObject([{ name: 'src_builtin_storage_volume', createdAt: expect.any(String) }]);
    expect(fs.readFileSync(record, 'utf8')).not.toContain(SECRET_KEY);
    const check = await cli(['check']);
    expect(check.code, check.stdout).toBe(0);
  });

  it('prepare twice: the second run changes nothing and keeps the record as it was', async () => {
    const text = fs.readFileSync(record, 'utf8');
    const before = await Promise.all([catalogFingerprint(source), catalogFingerprint(target)]);
    const r = await cli(['prepare', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'nothing to change', exitCode: 0 });
    expect(fs.readFileSync(record, 'utf8')).toBe(text);
    expect(await Promise.all([catalogFingerprint(source), catalogFingerprint(target)])).toEqual(before);
  });

  it('finish refuses while an srsync run of the same conf is running', async () => {
    // a stand-in with the command line of `srsync run --conf <conf>` (found through /proc as cutover finds runs)
    const fake = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', path.join(dir, 'bin', 'srsync.js'), 'run', '--conf', conf], {
      stdio: 'ignore',
    });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const r = { stdout: '', stderr: '' };
      const code = await finishCommand({ conf, yes: true }, {}, { stdout: (t) => void (r.stdout += t), stderr: (t) => void (r.stderr += t) });
      expect(code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^finish: srsync run of this configuration is still running \\(pid ${fake.pid}\\): stop it first`));
      expect(await values()).toEqual({ grace: '10000000', compaction: '0', legacy: 'true' });
    } finally {
      fake.kill('SIGKILL');
    }
  });

  it('after a target FE restart, finish restores the recorded non-default values (kept across another restart) and drops src_', async () => {
    await restartTarget();
    expect(await values()).toEqual({ grace: '10000000', compaction: '0', legacy: 'true' }); // WITH PERSISTENT kept
    const r = await cli(['finish', '--yes', '--drop-src-volumes', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { result: string; restored: string[]; dropped: string[]; feConf: string[] };
    expect(doc.result).toBe('done');
    // the manual's "After Migration" order: source vacuum grace, target compaction, target legacy compatibility
    expect(doc.restored.map((l) => /(\w+) = (\S+)/.exec(l.replace(/^.*\) /, ''))?.slice(1))).toEqual([
      ['lake_autovacuum_grace_period_minutes', '45'],
      ['lake_compaction_max_tasks', '7'],
      ['enable_legacy_compatibility_for_replication', 'false'],
    ]);
    expect(doc.dropped).toEqual(['dropped: target volume src_builtin_storage_volume']);
    expect(doc.feConf[0]).toMatch(/^source FE .*: remove "lake_autovacuum_grace_period_minutes = 10000000" from fe\.conf if you added it/);
    expect(doc.feConf.slice(1)).toEqual([
      expect.stringMatching(/^target FE .*: fe\.conf now holds "lake_compaction_max_tasks = 7" \(WITH PERSISTENT wrote it back\)/),
      expect.stringMatching(/^target FE .*: fe\.conf now holds "enable_legacy_compatibility_for_replication = false"/),
    ]);
    expect(await values()).toEqual({ grace: '45', compaction: '7', legacy: 'false' });
    expect(await volumes()).not.toContain('src_builtin_storage_volume');
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ state: 'finished' });
    await restartTarget();
    expect(await values()).toMatchObject({ compaction: '7', legacy: 'false' });
    const again = await cli(['finish', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^finish: already finished at /);
  });

  it('finish without a record refuses and explains; a bad configuration is exit 2', async () => {
    const other = path.join(dir, 'other', 'conf');
    writeConf(other, source, target);
    const r = await runCli(['finish', '--yes', '--conf', other]);
    runs.push(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^finish: no prepare record at .*other\/run\/prepare-record\.json: .*never assumed defaults/);
    const bad = path.join(dir, 'bad', 'conf');
    writeConf(bad, source, target, { target_fe_query_port: 'not-a-port' });
    const b = await runCli(['prepare', '--yes', '--conf', bad]);
    runs.push(b);
    expect(b.code).toBe(2);
  });

  it('on a terminal: asks before changing (n: nothing changed), then reads the keys hidden and never prints them', async () => {
    const home = path.join(dir, 'tty');
    writeConf(path.join(home, 'conf'), source, target);
    const asked: string[] = [];
    const terminal = (answer: string): Terminal => ({
      isTty: true,
      ask: (q) => (asked.push(q), Promise.resolve(answer)),
      askSecret: (q) => (asked.push(q), Promise.resolve(q.startsWith('access') ? ACCESS_KEY : SECRET_KEY)),
    });
    const io = () => {
      const r = { code: 0 as number | null, stdout: '', stderr: '' };
      return { r, io: { stdout: (t: string) => void (r.stdout += t), stderr: (t: string) => void (r.stderr += t) } };
    };
    // no keys in the conf and no terminal to ask them on: refused before anything changes, even with --yes
    const nokeys = io();
    nokeys.r.code = await prepareCommand({ conf: path.join(home, 'conf'), yes: true }, { terminal: NO_TERMINAL }, nokeys.io);
    runs.push(nokeys.r);
    expect(nokeys.r.code).toBe(1);
    expect(nokeys.r.stderr).toMatch(
      /^prepare: creating the src_ volumes needs their keys: set prepare_src_volume_access_key and prepare_src_volume_secret_key/,
    );
    expect(fs.existsSync(path.join(home, 'run'))).toBe(false);
    const no = io();
    no.r.code = await prepareCommand({ conf: path.join(home, 'conf') }, { terminal: terminal('n') }, no.io);
    runs.push(no.r);
    expect(no.r.code).toBe(1);
    expect(no.r.stderr).toBe('prepare: not confirmed\n');
    expect(asked).toEqual(['prepare: apply these changes? [y/N] ']);
    expect(await values()).toEqual({ grace: '45', compaction: '7', legacy: 'false' });
    const yes = io();
    yes.r.code = await prepareCommand({ conf: path.join(home, 'conf') }, { terminal: terminal('y') }, yes.io);
    runs.push(yes.r);
    expect(yes.r.code, yes.r.stdout + yes.r.stderr).toBe(0);
    expect(asked.slice(1)).toEqual([
      'prepare: apply these changes? [y/N] ',
      'access key for the src_ volumes (input hidden): ',
      'secret key for the src_ volumes (input hidden): ',
    ]);
    expect(await volumes()).toContain('src_builtin_storage_volume');
    const done = io();
    done.r.code = await finishCommand({ conf: path.join(home, 'conf'), yes: true, dropSrcVolumes: true }, {}, done.io);
    runs.push(done.r);
    expect(done.r.code, done.r.stdout).toBe(0);
    expect(await values()).toEqual({ grace: '45', compaction: '7', legacy: 'false' });
  });

  it('keys and passwords never appear in any output', () => {
    expect(runs.length).toBeGreaterThan(5);
    for (const r of runs) for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });
});
