import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type MainDeps } from '../../../src/cli.js';
import { decryptPassword } from '../../../src/config/password.js';
import { ClusterError } from '../../../src/errors.js';

function conf(syncProperties: string, hosts?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-cli-'));
  writeFileSync(path.join(dir, 'sync.properties'), syncProperties);
  if (hosts !== undefined) writeFileSync(path.join(dir, 'hosts.properties'), hosts);
  return dir;
}

const GOOD =
  'source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\nsource_cluster_password=3o8FZWjtnDJX870XGWZNiA==\nsource_cluster_password_secret_key=key\ntarget_cluster_password=tgt-pass-123\n';

async function run(argv: string[], deps: MainDeps = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    installSignalHandlers: false,
    ...deps,
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => stdin },
  });
  return { code, stdout, stderr };
}

const neverCalled: MainDeps['runSync'] = async () => {
  throw new Error('runSync must not be called');
};

describe('srsync run', () => {
  it('a bad config: exit 2, exactly one stderr line, no cluster touched, no log written', async () => {
    const dir = conf('source_fe_host=a\ntarget_fe_host=b\nsource_fe_query_port=abc\n');
    const logDir = path.join(dir, 'log');
    const r = await run(['run', '--conf', dir, '--log-dir', logDir], { runSync: neverCalled });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/sync\.properties: source_fe_query_port = 'abc' is not a port number \(1-65535\) \(line 3\)\n$/);
    expect(r.stdout).toBe('');
    expect(existsSync(logDir)).toBe(false);
  });

  it('a bad hosts.properties is refused the same way', async () => {
    const dir = conf(GOOD, 'SOURCE_fe=1.2.3.4;9030\n');
    const r = await run(['run', '--conf', dir, '--log-dir', path.join(dir, 'log')], { runSync: neverCalled });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hosts\.properties: line 1: 'SOURCE_fe' has port mapping '9030'/);
  });

  it('passes the config, host map, a logger and the stop signal to runSync; returns its exit code', async () => {
    const dir = conf(GOOD, 'TARGET_fe-0=127.0.0.1;9030:19030\n');
    const logDir = path.join(dir, 'log');
    const stop = new AbortController();
    const seen: string[] = [];
    const r = await run(['run', '--conf', dir, '--log-dir', logDir, '--no-console'], {
      signal: stop.signal,
      runSync: async ({ config, hostMap, logger, signal }) => {
        seen.push(config.sourceClusterPassword, String(hostMap.mapAddress('target', 'fe-0', 9030).port));
        logger.child('engine').info(`connecting with password ${config.sourceClusterPassword} and ${config.targetClusterPassword}`);
        setTimeout(() => stop.abort(), 5);
        await new Promise((res) => signal.addEventListener('abort', res));
        return { exitCode: 7 };
      },
    });
    expect(r.code).toBe(7);
    expect(seen).toEqual(['pwd', '19030']);
    const info = readFileSync(path.join(logDir, 'sync.INFO.log'), 'utf8');
    expect(info).toMatch(/INFO \[main\] srsync \S+ starting/);
    expect(info).toContain('source_cluster_password=******');
    expect(info).toContain('host mapping: TARGET fe-0 -> 127.0.0.1 ports 9030->19030');
    expect(info).toContain('INFO [engine] connecting with password pwd and ******'); // 'pwd' is too short to mask
    expect(info).not.toContain('tgt-pass-123');
    expect(info).not.toContain('3o8FZWjtnDJX870XGWZNiA==');
    expect(info).toMatch(/srsync exiting with code 7/);
    expect(r.stdout).toBe(''); // --no-console
  });

  it('logs to the console too unless --no-console', async () => {
    const dir = conf(`${GOOD}one_time_run_mode=true\n`);
    const r = await run(['run', '--conf', dir, '--log-dir', path.join(dir, 'log')], { runSync: async () => ({ exitCode: 0 }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/INFO \[main\] srsync \S+ starting/);
  });

  it('an error thrown by the engine: its exit code and one stderr line', async () => {
    const dir = conf(GOOD);
    const r = await run(['run', '--conf', dir, '--log-dir', path.join(dir, 'log'), '--no-console'], {
      runSync: async () => {
        throw new ClusterError('target cluster is shared_nothing; srsync needs a shared-data target', { side: 'target' });
      },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('target cluster is shared_nothing; srsync needs a shared-data target\n');
    expect(readFileSync(path.join(dir, 'log', 'sync.WARN.log'), 'utf8')).toMatch(
      /ERROR \[main\] srsync stopped by an error \(exit code 3\): target cluster is shared_nothing/,
    );
  });

  it('the real engine refuses an unreachable source with exit 3, one stderr line and no password', async () => {
    const dir = conf(`${GOOD}one_time_run_mode=true\nsource_fe_query_port=1\ntarget_fe_query_port=2\njdbc_connect_timeout_ms=2000\n`);
    const r = await run(['run', '--conf', dir, '--log-dir', path.join(dir, 'log'), '--no-console']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot log in to the (source|target) cluster at 127\.0\.0\.[12]:[12]/);
    expect(r.stderr).not.toContain('tgt-pass-123');
    expect(readFileSync(path.join(dir, 'log', 'sync.INFO.log'), 'utf8')).not.toContain('tgt-pass-123');
  });
});

describe('srsync check-config / encrypt / version / help', () => {
  it('check-config prints the effective config with masked passwords', async () => {
    const dir = conf(`${GOOD}bogus_key=1\n`);
    const r = await run(['check-config', '--conf', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('source_cluster_password=******\n');
    expect(r.stdout).toContain('target_cluster_password=******\n');
    expect(r.stdout).toContain('configuration OK');
    expect(r.stdout).not.toContain('tgt-pass-123');
    expect(r.stderr).toMatch(/^warning: .*line 6: unknown key 'bogus_key' is ignored\n$/);
  });

  it('check-config --quiet prints only warnings and errors', async () => {
    const ok = await run(['check-config', '--quiet', '--conf', conf(GOOD)]);
    expect(ok).toEqual({ code: 0, stdout: '', stderr: '' });
    const bad = await run(['check-config', '-q', '--conf', conf('target_fe_host=x\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/source_fe_host is not set/);
  });

  it('encrypt prints what decrypts back (argument or stdin)', async () => {
    const r = await run(['encrypt', '--password', 'my secret', '--key', 'k3y']);
    expect(r.code).toBe(0);
    expect(decryptPassword(r.stdout.trim(), 'k3y')).toBe('my secret');
    expect((await run(['encrypt', '--password', 'pwd', '--key', 'key'])).stdout).toBe('3o8FZWjtnDJX870XGWZNiA==\n');
    const fromStdin = await run(['encrypt', '--key', 'k3y'], {}, 'from stdin\n');
    expect(decryptPassword(fromStdin.stdout.trim(), 'k3y')).toBe('from stdin');
    expect((await run(['encrypt', '--password', 'x', '--key', ''])).code).toBe(2);
    expect((await run(['encrypt', '--password', 'x'])).code).toBe(2); // --key is required
  });

  it('version, --version, --help, usage errors', async () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect((await run(['version'])).stdout).toBe(`srsync ${pkg.version}\n`);
    expect((await run(['--version'])).stdout).toBe(`${pkg.version}\n`);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['run', 'check-config', 'encrypt', 'version']) expect(help.stdout).toContain(cmd);
    const runHelp = await run(['run', '--help']);
    expect(runHelp.stdout).toContain('--conf <dir>');
    expect(runHelp.stdout).toContain('--log-dir <dir>');
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'frobnicate'");
    expect((await run(['run', '--bogus'])).code).toBe(2);
  });

  it('defaults to <SRSYNC_HOME>/conf', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'srsync-home-'));
    const r = await run(['check-config'], { env: { SRSYNC_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(home, 'conf', 'sync.properties'));
  });
});
