// End to end through the CLI: `srsync cutover` (issue 8) between two srsync-sim clusters. (a) On a quiet source
// with a run started by bin/start.sh still copying the last load: the source stays quiet for --quiet-seconds, it
// waits for zero lag (saying which table lags), every table's content
// verified the same, the run stopped (SIGTERM to the pid in its pid file), the report written as text and JSON
// (counts, fingerprints, versions, timings, addresses without passwords), exit 0. (b) A still-written source: it
// waits, says which table still moves, and exits 1 at --timeout. (c) A row changed on the target (no run to repair
// it): exit 1, the difference listed, the report says not done. (d) Bad options: exit 2. The source's compaction
// is off: its versions move only with the loads the tests make.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql, writeConf, ROOT } from '../../harness/sim-pair.js';
import { freePort } from '../../harness/e2e-catalog.js';
import {
  control,
  killAllSrsync,
  loadLoop,
  scriptInstall,
  startPair,
  waitForConvergence,
  waitUntil,
  type Pair,
  type ScriptInstall,
} from '../../harness/e2e-run.js';

let pair: Pair;
let install: ScriptInstall | undefined;

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 }).catch(() => undefined);
});

afterAll(async () => {
  if (install?.pid()) install.stop(['--force']);
  await pair?.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bin/srsync.js cutover ...` with `env` added, started; never interactive (stdin closed). */
function startCutover(args: string[], env: Record<string, string> = {}): { output(): string; done: Promise<Run> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/srsync.js'), 'cutover', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return { output: () => stdout, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

const cutover = (args: string[], env: Record<string, string> = {}): Promise<Run> => startCutover(args, env).done;

/** Running (a zombie is not: the orphaned run is reaped by whoever is pid 1, maybe late). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZXx]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true;
  }
};

interface ReportDoc {
  outcome: string;
  reasons: string[];
  srsync_version: string;
  source: { address: string; user: string; version: string };
  target: { address: string; user: string; version: string };
  steps: Array<{ step: string; seconds: number; result: string }>;
  summary: Record<string, number>;
  tables: Array<{
    db: string;
    table: string;
    status: string;
    content: string;
    rows: { source: number; target: number };
    partitions: Array<{
      name: string;
      content: string;
      source_visible_versions: number[];
      target_data_versions: number[];
      source: { rows: number; hash1: string };
      target: { rows: number; hash1: string };
    }>;
  }>;
  differences: string[];
  run: { state: string; pids: number[] };
  next_steps: string[];
}

describe('srsync cutover through the CLI', () => {
  it('(a) a quiet source, the run catching up: waits for zero lag, every table verified, the run stopped, the report written, exit 0', async () => {
    await sql(pair.source, [
      'CREATE DATABASE co',
      'CREATE TABLE co.events (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) PARTITION BY RANGE(id) (PARTITION p1 VALUES LESS THAN ("100"), PARTITION p2 VALUES LESS THAN ("200")) DISTRIBUTED BY HASH(id) BUCKETS 2',
      'CREATE TABLE co.users (id INT NOT NULL, name VARCHAR(40)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2',
      'INSERT INTO co.events VALUES (1, "a"), (2, "b"), (150, "c")',
      'INSERT INTO co.users VALUES (1, "alice"), (2, "bob")',
    ]);
    install = scriptInstall(pair, 'co', { include_data_list: 'co' });
    const started = install.start();
    expect(started.code, started.stderr).toBe(0);
    const pid = install.pid()!;
    expect(alive(pid)).toBe(true);
    await waitForConvergence(pair.source, pair.target, ['co'], 45_000);
    // The last load's job crawls (16 B/s on the target's CNs): the target lags when the cutover starts.
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 16 });
    await sql(pair.source, [
      `INSERT INTO co.events VALUES ${Array.from({ length: 50 }, (_, i) => `(${10 + i}, "row-${i}-xxxxxxxxxxxxxxxx")`).join(', ')}`,
    ]);

    const report = path.join(install.home, 'reports', 'cutover-a');
    const c = startCutover(['--conf', install.confDir, '--quiet-seconds', '2', '--timeout', '40', '--report', report, '--yes'], {
      SRSYNC_PID_FILE: install.pidFile,
    });
    // Quiet source, lagging target: it waits and says which table lags; the copy then finishes.
    await waitUntil(
      () => /^waiting for zero lag: 1 of 2 table\(s\) not in sync yet: lagging co\.events: 1 partition\(s\) behind: p1 /m.test(c.output()),
      'cutover waiting for zero lag',
      30_000,
    );
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    const r = await c.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`srsync run of ${install.confDir} is running (pid ${pid})`);
    expect(r.stdout).toMatch(/^step 1\/5 done: no new version on 3 selected partition\(s\) for 2 s$/m);
    expect(r.stdout).toMatch(/^step 2\/5 done: 2 table\(s\) in sync$/m);
    expect(r.stdout).toMatch(/^step 3\/5 done: 3 partition\(s\) of 2 table\(s\): 3 same, 0 differ, 0 could not compare$/m);
    expect(r.stdout).toMatch(/^step 4\/5 done: srsync run stopped \(pid \d+\)$/m);
    expect(r.stdout).toMatch(/^cutover DONE: 2 table\(s\) verified/m);
    expect(r.stdout).toMatch(/^ {2}1\. Point your applications at the target cluster \(127\.0\.0\.1:\d+\)/m);
    expect(r.stdout).toMatch(/srsync finish --conf /);

    // The run ended gracefully and its pid file is gone (as bin/stop.sh leaves it).
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(install.pidFile)).toBe(false);
    expect(install.infoLog()).toMatch(/received SIGTERM; stopping gracefully/);

    const doc = JSON.parse(fs.readFileSync(`${report}.json`, 'utf8')) as ReportDoc;
    expect(doc).toMatchObject({ outcome: 'done', reasons: [], run: { state: 'stopped', pids: [pid] } });
    expect(doc.source).toMatchObject({ address: `127.0.0.1:${pair.source.queryPort}`, user: 'root' });
    expect(doc.target).toMatchObject({ address: `127.0.0.1:${pair.target.queryPort}`, user: 'root' });
    expect(doc.steps.map((s) => s.step)).toEqual(['source_quiet', 'zero_lag', 'verify_content', 'stop_run']);
    expect(doc.summary).toMatchObject({
      tables: 2,
      tables_in_sync: 2,
      tables_content_same: 2,
      partitions: 3,
      partitions_same: 3,
      rows_source: 55,
      rows_target: 55,
    });
    const events = doc.tables.find((t) => t.table === 'events')!;
    expect(events).toMatchObject({ db: 'co', status: 'in_sync', content: 'same', rows: { source: 53, target: 53 } });
    for (const p of events.partitions) {
      expect(p.content).toBe('same');
      expect(p.source.hash1).toBe(p.target.hash1);
      expect(p.target_data_versions).toEqual(p.source_visible_versions);
    }
    expect(doc.differences).toEqual([]);
    expect(doc.next_steps.length).toBeGreaterThan(0);
    const text = fs.readFileSync(`${report}.txt`, 'utf8');
    expect(text).toMatch(/^outcome: DONE$/m);
    expect(text).toMatch(
      /^ {4}partition p1: same; source visible version \d+, target data version \d+; source 52 rows, fingerprint \S+; target 52 rows, fingerprint \S+$/m,
    );
    for (const secret of [pair.source.password, pair.target.password]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(doc)).not.toContain(secret);
      expect(r.stdout).not.toContain(secret);
    }
  }, 60_000);

  it('(b) a still-written source: it waits, says which table moves, and exits 1 at --timeout', async () => {
    await sql(pair.source, [
      'CREATE DATABASE busy',
      'CREATE TABLE busy.t (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
    ]);
    const conf = path.join(pair.dir, 'busy', 'conf');
    writeConf(conf, pair.source, pair.target, { include_data_list: 'busy' });
    const loads = loadLoop(pair.source, (i) => [`INSERT INTO busy.t VALUES (${i}, "x")`], 100);
    let r: Run;
    try {
      r = await cutover(['--conf', conf, '--quiet-seconds', '3', '--timeout', '5', '--report', path.join(pair.dir, 'busy', 'report')]);
    } finally {
      await loads.stop();
    }
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^waiting: the source is still receiving writes: 1 table\(s\) moved: busy\.t \(t data version \d+ -> \d+\); waiting for 3 s without new versions$/m,
    );
    expect(r.stdout).toMatch(/^cutover NOT DONE: the source kept receiving writes until --timeout 5 s .*last moved: busy\.t /m);
    expect(r.stdout).not.toMatch(/^step 2\/5/m);
    const doc = JSON.parse(fs.readFileSync(path.join(pair.dir, 'busy', 'report.json'), 'utf8')) as ReportDoc;
    expect(doc).toMatchObject({ outcome: 'not_done', run: { state: 'not_running' } });
    expect(doc.steps).toMatchObject([{ step: 'source_quiet', result: expect.stringMatching(/^timed out: /) }]);
  }, 30_000);

  it('(c) a row changed on the target: exit 1, the difference listed, nothing declared done', async () => {
    // After (a): the run is stopped and co is in sync. An upsert on the target changes one row (COUNT(*) unchanged).
    await sql(pair.target, ['INSERT INTO co.users VALUES (2, "bobby")']);
    expect((await rows(pair.target, 'SELECT COUNT(*) AS n FROM co.users'))[0]).toMatchObject({ n: '2' });
    const conf = path.join(pair.dir, 'co', 'conf');
    const report = path.join(pair.dir, 'co', 'reports', 'cutover-c.json');
    const r = await cutover(['--conf', conf, '--quiet-seconds', '1', '--timeout', '20', '--report', report, '--yes'], {
      SRSYNC_PID_FILE: path.join(pair.dir, 'co', 'srsync.pid'),
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/no srsync run of .* is running/);
    expect(r.stdout).toMatch(
      /^difference: partitions differ co\.users: inconsistent partitions: users \(target data version \d+ > source visible version \d+\)$/m,
    );
    expect(r.stdout).toMatch(/^difference: content differs co\.users partition users: rows source 2, target 2; fingerprint /m);
    expect(r.stdout).toMatch(/^cutover NOT DONE: 1 table\(s\) not in sync; 1 partition\(s\) with different content$/m);
    expect(r.stdout).not.toMatch(/cutover DONE/);
    const doc = JSON.parse(fs.readFileSync(report, 'utf8')) as ReportDoc;
    expect(doc.outcome).toBe('not_done');
    expect(doc.tables.find((t) => t.table === 'users')).toMatchObject({ content: 'differs', rows: { source: 2, target: 2 } });
    expect(doc.tables.find((t) => t.table === 'events')).toMatchObject({ content: 'same' });
    expect(doc.next_steps).toEqual([]);
    expect(fs.readFileSync(report.replace(/\.json$/, '.txt'), 'utf8')).toMatch(/^outcome: NOT DONE /m);
  }, 30_000);

  it('(d) bad options or configuration: exit 2; a cluster that cannot be reached: exit 3; no report either way', async () => {
    const conf = path.join(pair.dir, 'co', 'conf');
    const down = path.join(pair.dir, 'down', 'conf');
    writeConf(down, pair.source, { ...pair.target, queryPort: await freePort() });
    const reports = path.join(pair.dir, 'down', 'reports', 'r');
    const [r, missing, unreachable] = await Promise.all([
      cutover(['--conf', conf, '--quiet-seconds', 'soon']),
      cutover(['--conf', path.join(pair.dir, 'nowhere')]),
      cutover(['--conf', down, '--report', reports]),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--quiet-seconds 'soon' is not a positive number of seconds/);
    expect(missing.code).toBe(2);
    expect(unreachable.code, unreachable.stdout + unreachable.stderr).toBe(3);
    expect(unreachable.stderr).toMatch(/cannot log in to the target cluster at 127\.0\.0\.1:\d+/);
    expect(fs.existsSync(`${reports}.json`)).toBe(false);
  }, 20_000);
});
