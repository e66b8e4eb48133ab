import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const started: number[] = [];

/** A fake install: the real bin/start.sh and bin/stop.sh next to a stand-in bin/srsync.js. */
function install(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'srsync-home-'));
  mkdirSync(path.join(home, 'bin'));
  mkdirSync(path.join(home, 'conf'));
  for (const f of ['start.sh', 'stop.sh']) copyFileSync(path.join(ROOT, 'bin', f), path.join(home, 'bin', f));
  copyFileSync(path.join(import.meta.dirname, 'fixtures', 'fake-srsync.js'), path.join(home, 'bin', 'srsync.js'));
  writeFileSync(path.join(home, 'conf', 'sync.properties'), '');
  return home;
}

function sh(script: string, args: string[] = [], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync('bash', [script, ...args], { cwd: opts.cwd ?? os.tmpdir(), env: { ...process.env, ...opts.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startAndWait(home: string, args: string[] = [], env: Record<string, string> = {}) {
  const r = sh(path.join(home, 'bin', 'start.sh'), args, { env });
  const pidFile = path.join(home, 'srsync.pid');
  if (existsSync(pidFile)) started.push(Number(read(pidFile)));
  return { ...r, ready: waitFor(() => read(path.join(home, 'events')).includes('running'), 'the fake srsync to run') };
}

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('bin/start.sh and bin/stop.sh', () => {
  it('start runs `srsync run` in the background with absolute conf/log dirs and a pid file; stop ends it gracefully', async () => {
    const home = install();
    const s = startAndWait(home);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^srsync started \(pid \d+\)/);
    await s.ready;
    const pid = Number(read(path.join(home, 'srsync.pid')));
    expect(pid).toBeGreaterThan(0);
    const { args } = JSON.parse(read(path.join(home, 'run.args'))) as { args: string[] };
    expect(args).toEqual(['--no-console', '--conf', path.join(home, 'conf'), '--log-dir', path.join(home, 'log')]);
    expect(JSON.parse(read(path.join(home, 'check-config.args')).trim())).toEqual(['--quiet', '--conf', path.join(home, 'conf')]);
    expect(existsSync(path.join(home, 'log', 'sync.out'))).toBe(true);

    const t = sh(path.join(home, 'bin', 'stop.sh'));
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('srsync stopped');
    expect(read(path.join(home, 'events'))).toBe('running\nSIGTERM\n');
    expect(existsSync(path.join(home, 'srsync.pid'))).toBe(false);
  });

  it('refuses a second start while running', async () => {
    const home = install();
    const s = startAndWait(home);
    await s.ready;
    const again = sh(path.join(home, 'bin', 'start.sh'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/srsync is already running \(pid \d+/);
    expect(read(path.join(home, 'events'))).toBe('running\n');
    expect(sh(path.join(home, 'bin', 'stop.sh')).code).toBe(0);
  });

  it('a stale pid file (dead process) does not block a start', async () => {
    const home = install();
    writeFileSync(path.join(home, 'srsync.pid'), '999999\n');
    const s = startAndWait(home);
    expect(s.code).toBe(0);
    await s.ready;
    expect(read(path.join(home, 'srsync.pid')).trim()).not.toBe('999999');
    expect(sh(path.join(home, 'bin', 'stop.sh')).code).toBe(0);
  });

  it('a bad configuration is reported by start.sh itself and nothing is started', () => {
    const home = install();
    const s = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_CHECK_EXIT: '2' } });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("source_fe_query_port = 'abc' is not a port number");
    expect(existsSync(path.join(home, 'srsync.pid'))).toBe(false);
    expect(existsSync(path.join(home, 'run.args'))).toBe(false);
  });

  it("--conf DIR is resolved against the caller's working directory; unknown arguments are refused", async () => {
    const home = install();
    const other = mkdtempSync(path.join(os.tmpdir(), 'srsync-other-'));
    mkdirSync(path.join(other, 'myconf'));
    const r = sh(path.join(home, 'bin', 'start.sh'), ['--conf', 'myconf'], { cwd: other });
    if (existsSync(path.join(home, 'srsync.pid'))) started.push(Number(read(path.join(home, 'srsync.pid'))));
    expect(r.code).toBe(0);
    await waitFor(() => existsSync(path.join(home, 'run.args')), 'run');
    const { args } = JSON.parse(read(path.join(home, 'run.args'))) as { args: string[] };
    expect(args.slice(1, 3)).toEqual(['--conf', path.join(other, 'myconf')]);
    expect(sh(path.join(home, 'bin', 'stop.sh'), [], { cwd: other }).code).toBe(0);

    expect(sh(path.join(home, 'bin', 'start.sh'), ['--conf', path.join(other, 'missing')]).code).toBe(2);
    const bad = sh(path.join(home, 'bin', 'start.sh'), ['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown argument '--frobnicate'");
  });

  it('stop when not running exits 0; a process ignoring SIGTERM is reported, and killed with --force', async () => {
    const home = install();
    const none = sh(path.join(home, 'bin', 'stop.sh'));
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('srsync is not running');

    const s = startAndWait(home, [], { FAKE_STUBBORN: '1' });
    await s.ready;
    const t = sh(path.join(home, 'bin', 'stop.sh'), ['--timeout', '1']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/did not stop within 1s; it is still running/);
    expect(existsSync(path.join(home, 'srsync.pid'))).toBe(true);
    const f = sh(path.join(home, 'bin', 'stop.sh'), ['--timeout', '0', '--force']);
    expect(f.code).toBe(0);
    expect(f.stdout).toContain('killed (SIGKILL)');
    expect(existsSync(path.join(home, 'srsync.pid'))).toBe(false);
  });
});

describe('bin/start.sh waits for the start-up checks (issue 6, item 6)', () => {
  const pidFile = (home: string) => path.join(home, 'srsync.pid');

  it('reports "srsync started" only once the checks passed (the ready file), and leaves no ready file behind', () => {
    const home = install();
    const s = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_READY_DELAY_MS: '700' } });
    if (existsSync(pidFile(home))) started.push(Number(read(pidFile(home))));
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^srsync started \(pid \d+\); conf .*; log .*sync\.INFO\.log\n$/);
    // The fake wrote "running" at once and the ready file 700 ms later: start.sh returned after the latter.
    expect(read(path.join(home, 'events'))).toBe('running\n');
    expect(existsSync(`${pidFile(home)}.ready`)).toBe(false);
    expect(existsSync(pidFile(home))).toBe(true);
    expect(sh(path.join(home, 'bin', 'stop.sh')).code).toBe(0);
  });

  it('a run that fails its checks: the one-line error, its exit code, no pid file', () => {
    const home = install();
    for (const code of ['3', '2']) {
      const s = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_RUN_FAIL: code, FAKE_READY_DELAY_MS: '300' } });
      expect(s.code).toBe(Number(code));
      expect(s.stdout).toBe('');
      expect(s.stderr).toBe(
        `srsync failed to start (exit code ${code}): cannot log in to the target cluster at 127.0.0.1:9030 as 'root': Access denied\n`,
      );
      expect(existsSync(pidFile(home))).toBe(false);
      expect(existsSync(`${pidFile(home)}.ready`)).toBe(false);
    }
    // Only this run's output is quoted: an earlier line in sync.out is not reported as the error.
    writeFileSync(path.join(home, 'log', 'sync.out'), 'an old error line from last week\n');
    const s = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_RUN_FAIL: '3' } });
    expect(s.stderr).not.toContain('last week');
  });

  it('a one-time run that passes its checks and ends at once: reported with its exit code, no pid file', () => {
    const home = install();
    const ok = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_EXIT_AFTER_READY: '0' } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^srsync started \(pid \d+\)/);
    const bad = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_EXIT_AFTER_READY: '4' } });
    if (bad.code === 0) {
      // start.sh saw the ready file in the instant before the process ended: a start it reports truthfully as
      // such; stop.sh then finds the dead pid file.
      expect(bad.stdout).toMatch(/^srsync started \(pid \d+\)/);
      expect(sh(path.join(home, 'bin', 'stop.sh')).stdout).toMatch(/srsync is not running: pid \d+ .* is gone/);
    } else {
      expect(bad.code).toBe(4);
      expect(bad.stderr).toMatch(/^srsync started \(pid \d+\) but has already ended with exit code 4/);
    }
    expect(existsSync(pidFile(home))).toBe(false);
    expect(existsSync(`${pidFile(home)}.ready`)).toBe(false);
  });

  it('checks still running after SRSYNC_START_TIMEOUT: says so (exit 5), keeps the pid file of the live process', () => {
    const home = install();
    const s = sh(path.join(home, 'bin', 'start.sh'), [], { env: { FAKE_NEVER_READY: '1', SRSYNC_START_TIMEOUT: '1' } });
    if (existsSync(pidFile(home))) started.push(Number(read(pidFile(home))));
    expect(s.code).toBe(5);
    expect(s.stderr).toMatch(/^srsync \(pid \d+\) is still starting after 1s .*sync\.INFO\.log/);
    expect(existsSync(pidFile(home))).toBe(true);
    expect(sh(path.join(home, 'bin', 'stop.sh')).code).toBe(0);
  });

  it('stop.sh on a dead pid file says so and removes it', () => {
    const home = install();
    writeFileSync(pidFile(home), '999999\n');
    writeFileSync(`${pidFile(home)}.ready`, '999999\n');
    const t = sh(path.join(home, 'bin', 'stop.sh'));
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/srsync is not running: pid 999999 .* is gone; removed the stale pid file/);
    expect(existsSync(pidFile(home))).toBe(false);
    expect(existsSync(`${pidFile(home)}.ready`)).toBe(false);
  });
});
