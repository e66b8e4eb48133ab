import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties } from '../../../src/config/load.js';
import { createHostMap } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { runSync } from '../../../src/engine/run-sync.js';
import { startStatusService, statusCommand, type StatusService } from '../../../src/status/index.js';
import { config, confDir, confText, freePort } from './helpers.js';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe('sync.properties keys', () => {
  const parse = (extra: Record<string, string>) => parseSyncProperties(parseProperties(confText(extra), 'conf/sync.properties'));
  it('default: off, on 127.0.0.1', () => {
    const { config: c, warnings } = parse({});
    expect(c.statusHttpPort).toBe(0);
    expect(c.statusHttpHost).toBe('127.0.0.1');
    expect(warnings).toEqual([]);
  });

  it('accepts a port and a host (beyond loopback with a token)', () => {
    const { config: c } = parse({ status_http_port: '9100', status_http_host: '0.0.0.0', status_http_token: 'abcdefghijklmnop' });
    expect([c.statusHttpPort, c.statusHttpHost]).toEqual([9100, '0.0.0.0']);
  });

  it.each([
    ['abc', "conf/sync.properties: status_http_port = 'abc' is not a port number (1-65535) or 0 (disabled) (line 7)"],
    ['65536', "conf/sync.properties: status_http_port = '65536' is not a port number (1-65535) or 0 (disabled) (line 7)"],
    ['-1', "conf/sync.properties: status_http_port = '-1' is not a port number (1-65535) or 0 (disabled) (line 7)"],
  ])('status_http_port=%s is a ConfigError', (v, message) => {
    const err = (() => {
      try {
        parse({ status_http_port: v });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect([err.message, err.key, err.exitCode]).toEqual([message, 'status_http_port', 2]);
  });

  it('status_http_host with a port is a ConfigError', () => {
    expect(() => parse({ status_http_host: '127.0.0.1:9100' })).toThrow(/status_http_host = '127.0.0.1:9100' contains a port/);
  });
});

describe('srsync run with status_http_port', () => {
  it('a port in use stops the run with exit code 2 before any cluster is touched', async () => {
    // A fake FE that counts connections.
    let connections = 0;
    const fe = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => fe.listen(0, '127.0.0.1', r));
    const fePort = (fe.address() as net.AddressInfo).port;
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const c = config({ source_fe_query_port: String(fePort), target_fe_query_port: String(fePort + 1), status_http_port: String(port) });
      const { logger } = createMemoryLogger();
      const err = await runSync({ config: c, hostMap: createHostMap(), logger, signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).exitCode).toBe(2);
      expect((err as ConfigError).message).toMatch(new RegExp(`^status_http_port = ${port}: 127\\.0\\.0\\.1:${port} is already in use`));
      expect(connections).toBe(0);
    } finally {
      busy.close();
      fe.close();
    }
  });
});

describe('srsync status', () => {
  let service: StatusService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('exit 2 and the one-line error on a bad config', async () => {
    const dir = confDir(confText({ status_http_port: 'x' }));
    const { out, io: o } = io();
    expect(await statusCommand({ conf: dir }, {}, o)).toBe(2);
    expect(out.stderr).toMatch(/sync\.properties: status_http_port = 'x' is not a port number \(1-65535\) or 0 \(disabled\) \(line 7\)\n$/);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    const missing = io();
    expect(await statusCommand({ conf: path.join(dir, 'nope') }, {}, missing.io)).toBe(2);
  });

  it('exit 1 when status_http_port is 0', async () => {
    const dir = confDir(confText());
    const { out, io: o } = io();
    expect(await statusCommand({ conf: dir }, {}, o)).toBe(1);
    expect(out.stderr).toContain(`status_http_port is 0 in ${path.join(dir, 'sync.properties')} (the status endpoint is off)`);
  });

  it('exit 1 with one line when nothing answers', async () => {
    const port = await freePort();
    const { out, io: o } = io();
    expect(await statusCommand({ conf: confDir(confText({ status_http_port: String(port) })) }, {}, o)).toBe(1);
    expect(out.stderr).toBe(`srsync status: srsync is not running (no answer from http://127.0.0.1:${port}/status: nothing listens there)\n`);
  });

  it('exit 1 when something else answers on the port', async () => {
    const other = net.createServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const { out, io: o } = io();
      expect(await statusCommand({ conf: confDir(confText({ status_http_port: String(port) })) }, {}, o)).toBe(1);
      expect(out.stderr).toContain('which is not srsync');
    } finally {
      other.close();
    }
  });

  it('exit 0 with a summary (or the JSON) when srsync answers; finds conf/ under SRSYNC_HOME', async () => {
    const { logger } = createMemoryLogger();
    service = await startStatusService({ config: config(), version: '7.7.7', log: logger, port: 0, defaultMetrics: false });
    service.observer.phase('running');
    service.observer.progress({
      job: { ddlPending: 0, jobPending: 0, sent: 0, running: 1, finished: 3, failed: 0, unknown: 0 },
      table: { total: 2, finished: 1, expired: 0 },
      unsynced: { count: 1, tables: [{ table: 'db.t2', reason: 'not synchronized yet; replication job running' }] },
      lag: { partitions: 2, tables: 1 },
    });
    service.observer.warning('WARN', 'something odd');
    const home = confDir('');
    mkdirSync(path.join(home, 'conf'));
    writeFileSync(path.join(home, 'conf', 'sync.properties'), confText({ status_http_port: String(service.port) }));
    const { out, io: o } = io();
    expect(await statusCommand({}, { env: { SRSYNC_HOME: home } }, o)).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^srsync 7\\.7\\.7 running \\(pid ${process.pid}\\) since \\S+, uptime \\d+s, continuous mode$`));
    expect(lines[1]).toBe('source 127.0.0.1:19030 -> target 127.0.0.1:29030');
    expect(lines[2]).toMatch(
      /^Sync job progress: 75\.00%, total: 4, ddlPending: 0, jobPending: 0, sent: 0, running: 1, finished: 3, failed: 0, unknown: 0 \(at \S+\)$/,
    );
    expect(lines[3]).toBe(
      'Sync table progress: finishedTableRatio: 50.00%, expiredTableRatio: 0.00%, total table: 2, finished table: 1, unfinished table: 1, expired table: 0',
    );
    expect(out.stdout).toContain('target lag: 2 partition(s) in 1 table(s)');
    expect(out.stdout).toContain('tables not in sync: 1\n  db.t2: not synchronized yet; replication job running\n');
    expect(out.stdout).toMatch(/warnings: 1, errors: 0\n {2}\S+ WARN something odd\n/);

    const j = io();
    expect(await statusCommand({ conf: path.join(home, 'conf'), json: true }, {}, j.io)).toBe(0);
    expect(JSON.parse(j.out.stdout)).toMatchObject({ service: 'srsync', version: '7.7.7', tables_not_in_sync: { count: 1 } });
  });
});
