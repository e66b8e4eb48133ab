// src/command/conf.ts: conf/ loading with its warnings, and a failure turned into one stderr line and an exit code.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attempt, failureLine, loadCommandConf, type CommandIo } from '../../../src/command/conf.js';
import { ClusterError, ConfigError } from '../../../src/errors.js';

function conf(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-command-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function io(): CommandIo & { out: string; err: string } {
  const r = { out: '', err: '', stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

const SYNC = 'source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n';

describe('failureLine', () => {
  it("an SrsyncError's message alone, other errors with their name, anything else as text", () => {
    expect(failureLine(new ClusterError('cannot log in', { side: 'source' }))).toBe('cannot log in');
    expect(failureLine(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(failureLine('plain')).toBe('plain');
  });
});

describe('attempt', () => {
  it('gives the value, printing nothing', () => {
    const o = io();
    expect(attempt(o, () => 7)).toEqual({ ok: true, value: 7 });
    expect(o.err + o.out).toBe('');
  });

  it('a throw: its line on stderr and its exit code (ConfigError 2, ClusterError 3, anything else 1)', () => {
    const o = io();
    expect(
      attempt(o, () => {
        throw new ConfigError('bad key');
      }),
    ).toEqual({ ok: false, exitCode: 2 });
    expect(
      attempt(o, () => {
        throw new ClusterError('refused');
      }),
    ).toEqual({ ok: false, exitCode: 3 });
    expect(
      attempt(o, () => {
        throw new RangeError('boom');
      }),
    ).toEqual({ ok: false, exitCode: 1 });
    expect(o.err).toBe('bad key\nrefused\nRangeError: boom\n');
    expect(o.out).toBe('');
  });
});

describe('loadCommandConf', () => {
  it('reads sync.properties and hosts.properties, printing the warnings of both', () => {
    const dir = conf({ 'sync.properties': `${SYNC}no_such_key=1\n`, 'hosts.properties': 'SOURCE_10.0.0.1=a\nSOURCE_10.0.0.1=b\n' });
    const o = io();
    const r = loadCommandConf({ conf: dir }, {}, o);
    if (!r.ok) throw new Error(o.err);
    expect(r.value.confDir).toBe(dir);
    expect(r.value.config.targetFeHost).toBe('127.0.0.2');
    expect(r.value.hostMap.mapAddress('source', '10.0.0.1', 9030).host).toBe('b');
    const lines = o.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warning: .*sync\.properties: line 3: unknown key .*no_such_key.* is ignored$/);
    expect(lines[1]).toMatch(/^warning: .*hosts\.properties/);
  });

  it('a bad file: exit 2, its one line, no warning', () => {
    const o = io();
    const r = loadCommandConf({ conf: conf({ 'sync.properties': `${SYNC}no_such_key=1\ntarget_fe_query_port=x\n` }) }, {}, o);
    expect(r).toEqual({ ok: false, exitCode: 2 });
    expect(o.err).toMatch(/^[^\n]*sync\.properties: target_fe_query_port = 'x' is not a port number[^\n]*\n$/);
  });

  it('no conf dir given: $SRSYNC_HOME/conf', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'srsync-command-home-'));
    const o = io();
    expect(loadCommandConf({}, { env: { SRSYNC_HOME: home } }, o)).toEqual({ ok: false, exitCode: 2 });
    expect(o.err).toMatch(/sync\.properties: file not found/);
  });

  it("the command's options are parsed before any warning is printed; their refusal is the only line", () => {
    const dir = conf({ 'sync.properties': `${SYNC}no_such_key=1\n` });
    const ok = io();
    const r = loadCommandConf({ conf: dir }, {}, ok, () => 42);
    expect(r.ok && r.value.options).toBe(42);
    expect(ok.err).toMatch(/^warning: /);
    const bad = io();
    expect(
      loadCommandConf({ conf: dir }, {}, bad, () => {
        throw new ConfigError('--throughput must be positive');
      }),
    ).toEqual({ ok: false, exitCode: 2 });
    expect(bad.err).toBe('--throughput must be positive\n');
  });
});
