// srsync pause / resume: through the paused file (the run acknowledges in its presence file) or the status
// endpoint (POST with the token); exit 1 when nothing runs, nothing changed then.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/log/index.js';
import { steeringCommand } from '../../../src/steering/command.js';
import { readPause, runFilesOf, writePresence } from '../../../src/steering/run-files.js';
import { steeringActions } from '../../../src/steering/status.js';
import { Steering } from '../../../src/steering/steering.js';
import type { SteeringFields } from '../../../src/steering/limits.js';
import { StatusServer } from '../../../src/status/server.js';

const OFF: SteeringFields = { replicationMaxBytesInFlight: 0, replicationBytesPerSecond: 0, replicationWindows: '', replicationWindowTimeZone: '' };
const TOKEN = 'steering-token-0123456789';
const dirs: string[] = [];
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function confWith(extra = ''): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-pause-'));
  dirs.push(home);
  const conf = path.join(home, 'conf');
  fs.mkdirSync(conf);
  fs.writeFileSync(path.join(conf, 'sync.properties'), `source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n${extra}`);
  return conf;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

function runOf(conf: string): Steering {
  const s = new Steering({ fields: OFF, log: createMemoryLogger().logger, files: runFilesOf(conf), confDir: conf, pollMs: 20 });
  s.start();
  closers.push(() => s.close());
  return s;
}

describe('srsync pause / resume without a status endpoint', () => {
  it('nothing running: exit 1, nothing written', async () => {
    const conf = confWith();
    const r = io();
    expect(await steeringCommand('pause', { conf }, {}, r.io)).toBe(1);
    expect(r.err.join('')).toMatch(/srsync is not running for .*; nothing changed/);
    expect(fs.existsSync(runFilesOf(conf).paused)).toBe(false);
    // A presence file of a process that is gone is not a run.
    writePresence(runFilesOf(conf).presence, { pid: 2 ** 22 + 12345, conf, paused: false, at: '' });
    expect(await steeringCommand('resume', { conf }, {}, io().io)).toBe(1);
  });

  it('reaches the run of the conf and returns once it applied the state', async () => {
    const conf = confWith();
    const run = runOf(conf);
    const r = io();
    expect(await steeringCommand('pause', { conf }, {}, r.io)).toBe(0);
    expect(run.paused()).toBe(true);
    expect(r.out.join('')).toMatch(new RegExp(`^srsync \\(pid ${process.pid}\\) paused: no new replication jobs or DDL start`));
    expect(readPause(runFilesOf(conf).paused)).toMatchObject({ by: 'srsync pause' });
    expect(await steeringCommand('pause', { conf }, {}, io().io)).toBe(0); // already paused: done
    expect(await steeringCommand('resume', { conf }, {}, io().io)).toBe(0);
    expect(run.paused()).toBe(false);
    expect(fs.existsSync(runFilesOf(conf).paused)).toBe(false);
  });

  it('a bad configuration is exit 2', async () => {
    const conf = confWith('replication_windows=soon\n');
    const r = io();
    expect(await steeringCommand('pause', { conf }, {}, r.io)).toBe(2);
    expect(r.err.join('')).toMatch(/replication_windows = 'soon'/);
  });
});

describe('srsync pause / resume through the status endpoint', () => {
  async function serve(conf: string, token = TOKEN) {
    const run = new Steering({ fields: OFF, log: createMemoryLogger().logger, files: runFilesOf(conf) });
    const server = await StatusServer.start(
      { status: () => ({}), metrics: async () => ({ contentType: 'text/plain', body: '' }) },
      { host: '127.0.0.1', port: 0, token, actions: steeringActions(run) },
    );
    closers.push(() => server.close());
    return { run, port: server.port };
  }

  it('POSTs /pause and /resume with the token; the run writes the durable file', async () => {
    const conf = confWith();
    const { run, port } = await serve(conf);
    fs.appendFileSync(path.join(conf, 'sync.properties'), `status_http_port=${port}\nstatus_http_token=${TOKEN}\n`);
    expect(await steeringCommand('pause', { conf }, {}, io().io)).toBe(0);
    expect(run.paused()).toBe(true);
    expect(readPause(runFilesOf(conf).paused)).toMatchObject({ by: 'the status endpoint' });
    expect(await steeringCommand('resume', { conf }, {}, io().io)).toBe(0);
    expect(run.paused()).toBe(false);
  });

  it('nothing listening: exit 1; a wrong token: exit 2', async () => {
    const conf = confWith(`status_http_port=1\nstatus_http_token=${TOKEN}\n`);
    const r = io();
    expect(await steeringCommand('pause', { conf }, {}, r.io)).toBe(1);
    expect(r.err.join('')).toMatch(/srsync is not running \(no answer from http:\/\/127\.0\.0\.1:1\/pause/);
    const { port } = await serve(confWith(), 'another-token-0123456789');
    const conf2 = confWith(`status_http_port=${port}\nstatus_http_token=${TOKEN}\n`);
    expect(await steeringCommand('pause', { conf: conf2 }, {}, io().io)).toBe(2);
  });
});
