// End to end through the real bin/start.sh and bin/stop.sh against simulated clusters (issue 6, item 6): start.sh
// waits until srsync has passed its start-up checks or failed them. A refusal (wrong password, shared_nothing
// target, 3.3 target, an include entry matching nothing) is printed by start.sh as one line with srsync's exit code,
// and no pid file is left; a good start says "srsync started" with a live process behind the pid file; stop.sh on a
// dead pid file says so and removes it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogFingerprint, tempDir } from '../../harness/e2e-catalog.js';
import { ROOT, prepareForMigration, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';

let dir: string;
let source: SimProcess;
let target: SimProcess;
let sharedNothing: SimProcess;
let oldTarget: SimProcess;
const livePids = new Set<number>();

interface Script {
  code: number | null;
  stdout: string;
  stderr: string;
}

function script(name: 'start.sh' | 'stop.sh', args: string[], env: NodeJS.ProcessEnv): Promise<Script> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, 'bin', name), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not return within 90 s; stdout ${stdout}; stderr ${stderr}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One install: its own conf, log dir and pid file (SRSYNC_LOG_DIR / SRSYNC_PID_FILE), the real scripts. */
function install(name: string, tgt: SimProcess, overrides: Record<string, string>) {
  const home = path.join(dir, name);
  const conf = path.join(home, 'conf');
  const pidFile = path.join(home, 'srsync.pid');
  writeConf(conf, source, tgt, { report_interval_seconds: '1', meta_job_interval_seconds: '2', ...overrides });
  const env = { SRSYNC_LOG_DIR: path.join(home, 'log'), SRSYNC_PID_FILE: pidFile };
  const pid = () => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : null);
  return {
    pidFile,
    pid,
    start: async () => {
      const r = await script('start.sh', ['--conf', conf], env);
      const p = pid();
      if (p) livePids.add(p);
      return r;
    },
    stop: (args: string[] = []) => script('stop.sh', ['--timeout', '30', ...args], env),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dir = tempDir('e2e-start-stop');
  const store = path.join(dir, 'object-store');
  [source, target, sharedNothing, oldTarget] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src-pw', cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt-pw', cnCount: 1 }),
    startSim({ name: 'nothing', objectStore: store, password: 'tgt-pw', cnCount: 1, runMode: 'shared_nothing' }),
    startSim({ name: 'old', objectStore: store, password: 'tgt-pw', cnCount: 1, version: '3.3.9' }),
  ]);
  // No compaction on the source: it would publish a second version ~100 ms after the load, at any moment of the
  // "nothing changed" comparison.
  await sql(source, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'CREATE DATABASE sales',
    'CREATE TABLE sales.orders (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    'INSERT INTO sales.orders VALUES (1, 1), (2, 2)',
  ]);
  await prepareForMigration(source, target);
}, 60_000);

afterEach(() => {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  livePids.clear();
});

afterAll(async () => {
  await Promise.all([source, target, sharedNothing, oldTarget].map((s) => s?.stop()));
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('bin/start.sh reports start-up failures', { timeout: 120_000 }, () => {
  it("refusals at start-up: one line with the reason, srsync's exit code, no pid file, nothing changed", async () => {
    const before = await Promise.all([catalogFingerprint(source), catalogFingerprint(target)]);
    const cases: Array<[string, SimProcess, Record<string, string>, number, RegExp]> = [
      [
        'wrong-password',
        target,
        { target_cluster_password: 'not-the-password' },
        3,
        /cannot log in to the target cluster at 127\.0\.0\.1:\d+ as 'root'/,
      ],
      ['shared-nothing', sharedNothing, {}, 3, /the target cluster runs in shared_nothing mode/],
      ['old-target', oldTarget, {}, 3, /the target cluster is StarRocks 3\.3\.9; .* needs a target of v4\.1 or later/],
      ['typo-db', target, { include_data_list: 'salez' }, 2, /include_data_list entry 'salez' matches no database on the source/],
      [
        'typo-db-one-time',
        target,
        { include_data_list: 'salez', one_time_run_mode: 'true' },
        2,
        /include_data_list entry 'salez' matches no database/,
      ],
    ];
    for (const [name, tgt, overrides, code, message] of cases) {
      const inst = install(name, tgt, overrides);
      const r = await inst.start();
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(code);
      expect(r.stdout, name).toBe('');
      expect(r.stderr.split('\n').filter(Boolean), name).toEqual([
        expect.stringMatching(new RegExp(`^srsync failed to start \\(exit code ${code}\\): .*${message.source}`)),
      ]);
      expect(r.stderr, name).not.toContain('not-the-password');
      expect(fs.existsSync(inst.pidFile), name).toBe(false);
      expect(fs.existsSync(`${inst.pidFile}.ready`), name).toBe(false);
    }
    expect(await Promise.all([catalogFingerprint(source), catalogFingerprint(target)])).toEqual(before);
  });

  it('a good start: "srsync started" with a live process behind the pid file; stop.sh stops it', async () => {
    const inst = install('good', target, { one_time_run_mode: 'false', include_data_list: 'sales' });
    const r = await inst.start();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^srsync started \(pid \d+\); conf .*; log .*sync\.INFO\.log\n$/);
    const pid = inst.pid()!;
    expect(alive(pid)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'good', 'log', 'sync.INFO.log'), 'utf8')).toMatch(/Source service id: /);
    const s = await inst.stop();
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/srsync stopped/);
    expect(fs.existsSync(inst.pidFile)).toBe(false);
  });

  it('stop.sh on a dead pid file (srsync killed) says so and removes it', async () => {
    const inst = install('killed', target, { one_time_run_mode: 'false', include_data_list: 'sales' });
    expect((await inst.start()).code).toBe(0);
    const pid = inst.pid()!;
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((res) => setTimeout(res, 50));
    const s = await inst.stop();
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(new RegExp(`^srsync is not running: pid ${pid} of .* is gone; removed the stale pid file`));
    expect(fs.existsSync(inst.pidFile)).toBe(false);
  });

  it('a one-time run: start.sh returns once the checks passed, with exit 0; the run ends by itself', async () => {
    const inst = install('one-time', target, { one_time_run_mode: 'true', include_data_list: 'sales' });
    const r = await inst.start();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^srsync started \(pid \d+\)/);
    const log = path.join(dir, 'one-time', 'log', 'sync.INFO.log');
    for (let i = 0; i < 600 && !/srsync exiting with code/.test(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''); i++)
      await new Promise((res) => setTimeout(res, 50));
    expect(fs.readFileSync(log, 'utf8')).toMatch(/srsync exiting with code 0/);
    const s = await inst.stop();
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/srsync is not running/);
    expect(fs.existsSync(inst.pidFile)).toBe(false);
  });
});
