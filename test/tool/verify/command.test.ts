// verifyCommand and `srsync verify` in-process, without clusters: configuration errors (exit 2) and an FE that
// cannot be reached (exit 3). The checks against real (simulated) clusters are in test/e2e/verify.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { verifyCommand } from '../../../src/verify/index.js';

function conf(syncProperties: string, hosts?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-verify-'));
  writeFileSync(path.join(dir, 'sync.properties'), syncProperties);
  if (hosts !== undefined) writeFileSync(path.join(dir, 'hosts.properties'), hosts);
  return dir;
}

async function verify(opts: Parameters<typeof verifyCommand>[0], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await verifyCommand(opts, { env }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('verifyCommand: configuration', () => {
  it('an invalid value: exit 2, one stderr line naming file and key, nothing on stdout', async () => {
    const r = await verify({ conf: conf('source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\ntarget_fe_query_port=x\n') });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/sync\.properties: target_fe_query_port = 'x' is not a port number/);
    expect(r.stdout).toBe('');
  });

  it('no sync.properties: exit 2', async () => {
    const r = await verify({ conf: path.join(os.tmpdir(), 'srsync-verify-does-not-exist') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sync\.properties: file not found/);
  });

  it('a malformed hosts.properties is refused like `run` refuses it', async () => {
    const r = await verify({ conf: conf('source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n', 'SOURCE_fe=1.2.3.4;9030\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hosts\.properties: line 1/);
  });

  it('the default conf directory is $SRSYNC_HOME/conf', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'srsync-verify-home-'));
    const r = await verify({}, { SRSYNC_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(home, 'conf', 'sync.properties').replace(/^.*?conf/, 'conf'));
  });
});

describe('verifyCommand: clusters', () => {
  it('an FE that cannot be reached: exit 3, one line naming the side and address, no password', async () => {
    const port = await closedPort();
    const other = await closedPort();
    const password = 'Very-Secret-Pw-42';
    const r = await verify({
      conf: conf(
        `source_fe_host=127.0.0.1\nsource_fe_query_port=${port}\nsource_cluster_password=${password}\ntarget_fe_host=127.0.0.1\ntarget_fe_query_port=${other === port ? port + 1 : other}\ntarget_cluster_password=${password}\njdbc_connect_timeout_ms=2000\n`,
      ),
    });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`cannot log in to the (source|target) cluster at 127\\.0\\.0\\.1:\\d+ as 'root'`));
    expect(r.stderr + r.stdout).not.toContain(password);
    expect(r.stdout).toBe('');
  });
});

describe('srsync verify (CLI registration)', () => {
  it('is a subcommand with --conf, --rows and --json', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), readStdin: async () => '' };
    expect(await main(['verify', '--help'], { io, installSignalHandlers: false })).toBe(0);
    expect(stdout).toMatch(/--conf <dir>/);
    expect(stdout).toMatch(/--rows/);
    expect(stdout).toMatch(/--json/);
    const dir = conf('source_fe_host=a\ntarget_fe_host=b\njdbc_socket_timeout_ms=-1\n');
    expect(await main(['verify', '--conf', dir, '--rows', '--json'], { io, installSignalHandlers: false })).toBe(2);
    expect(stderr).toMatch(/jdbc_socket_timeout_ms/);
  });
});
