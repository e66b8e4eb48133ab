// `node bin/srsync-sim.js start ...` end to end: ready line, a MySQL connection, SIGTERM → exit 0; bad flags → exit 2.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBandwidth, parsePort, toSimOptions, type StartFlags } from '../../../sim/cli.js';

const BIN = resolve(import.meta.dirname, '../../../bin/srsync-sim.js');
const work = mkdtempSync(join(tmpdir(), 'srsync-sim-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  const r: Run = {
    child,
    stdout: [],
    stderr: [],
    exit: new Promise((res) => child.on('exit', (code, signal) => res({ code, signal }))),
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => r.stdout.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => r.stderr.push(d));
  return r;
}

/** The first stdout line (the ready line), or a failure with what the process printed. */
async function firstLine(r: Run): Promise<string> {
  for (let i = 0; i < 1500; i++) {
    const out = r.stdout.join('');
    if (out.includes('\n')) return out.slice(0, out.indexOf('\n'));
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`no ready line; stderr: ${r.stderr.join('')}`);
}

describe('srsync-sim start', () => {
  it('prints one ready line with the bound ports, serves MySQL, and exits 0 on SIGTERM', async () => {
    const r = run([
      'start',
      '--name',
      'clitest',
      '--query-port',
      '0',
      '--rpc-port',
      '0',
      '--http-port',
      '0',
      '--object-store',
      join(work, 'os'),
      '--root-password',
      'secret',
      '--cn-count',
      '1',
    ]);
    try {
      const ready = JSON.parse(await firstLine(r)) as Record<string, unknown>;
      expect(Object.keys(ready)).toEqual(['ready', 'name', 'queryPort', 'rpcPort', 'httpPort', 'pid']);
      expect(ready).toMatchObject({ ready: true, name: 'clitest', pid: r.child.pid });
      for (const k of ['queryPort', 'rpcPort', 'httpPort']) expect(ready[k]).toBeGreaterThan(0);
      const c = await mysql.createConnection({ host: '127.0.0.1', port: ready.queryPort as number, user: 'root', password: 'secret' });
      const [rows] = await c.query<mysql.RowDataPacket[]>('SELECT 1');
      expect(Object.values(rows[0]!)).toEqual([1]);
      await c.end();
      r.child.kill('SIGTERM');
      expect(await r.exit).toEqual({ code: 0, signal: null });
      expect(r.stdout.join('').trim().split('\n')).toHaveLength(1);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it.each([
    [['--query-port', 'abc'], "error: option '--query-port <port>' argument 'abc' is invalid. must be an integer 0-65535."],
    [['--query-port', '65536'], "error: option '--query-port <port>' argument '65536' is invalid. must be an integer 0-65535."],
    [['--query-port', '-1'], "error: option '--query-port <port>' argument '-1' is invalid. must be an integer 0-65535."],
    [
      ['--query-port', '1', '--run-mode', 'hybrid'],
      "error: option '--run-mode <mode>' argument 'hybrid' is invalid. Allowed choices are shared_data, shared_nothing.",
    ],
  ])('rejects %j with exit 2 and one line', async (bad, message) => {
    const base = ['--name', 'x', '--rpc-port', '0', '--http-port', '0', '--object-store', join(work, 'os')];
    const r = run(['start', ...base, ...bad]);
    const { code } = await r.exit;
    expect(code).toBe(2);
    expect(r.stderr.join('')).toBe(message + '\n');
    expect(r.stdout.join('')).toBe('');
  });

  it('rejects a missing required flag with exit 2', async () => {
    const r = run(['start', '--query-port', '0', '--rpc-port', '0', '--http-port', '0', '--object-store', 'os']);
    expect((await r.exit).code).toBe(2);
    expect(r.stderr.join('')).toBe("error: required option '--name <name>' not specified\n");
  });
});

describe('flag parsing', () => {
  it('parses ports and bandwidths', () => {
    expect([parsePort('0'), parsePort('65535'), parsePort('9030')]).toEqual([0, 65535, 9030]);
    expect(() => parsePort('1.5')).toThrow();
    expect(() => parsePort('')).toThrow();
    expect([parseBandwidth('0'), parseBandwidth('1024'), parseBandwidth('50M'), parseBandwidth('2GiB/s')]).toEqual([
      0,
      1024,
      50 * 2 ** 20,
      2 * 2 ** 30,
    ]);
    expect(() => parseBandwidth('fast')).toThrow();
  });

  it('builds SimOptions: absolute paths, defaults kept for unset knobs', () => {
    const flags: StartFlags = {
      name: 'src',
      queryPort: 9030,
      rpcPort: 9020,
      httpPort: 8030,
      objectStore: 'os',
      version: '4.1.0',
      runMode: 'shared_data',
      rootPassword: 'pw',
      cnCount: 2,
      ddlLatencyMs: 0,
      cnBandwidth: 1000,
    };
    const o = toSimOptions(flags);
    expect(o).toMatchObject({
      name: 'src',
      queryPort: 9030,
      rpcPort: 9020,
      httpPort: 8030,
      objectStore: resolve('os'),
      version: '4.1.0',
      runMode: 'shared_data',
      rootPassword: 'pw',
      cnCount: 2,
      cnBandwidthBytesPerSec: 1000,
      builtinVolumeName: 'builtin_storage_volume',
      builtinVolumeLocation: 's3://src-bucket/',
      daemonIntervalMs: 100,
      latencies: { ddlMs: 0, queryMs: 1, rpcMs: 2 },
    });
    expect(o.dataDir).toBeUndefined();
    expect(toSimOptions({ ...flags, dataDir: 'd', builtinVolumeLocation: 's3://b/p' })).toMatchObject({
      dataDir: resolve('d'),
      builtinVolumeLocation: 's3://b/p',
    });
  });
});
