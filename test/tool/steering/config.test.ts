// The steering keys: parsers, sync.properties re-read while running (steering keys live, others a WARN), and the
// status endpoint's changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { createMemoryLogger } from '../../../src/log/index.js';
import { ConfWatch } from '../../../src/steering/conf-watch.js';
import { byteSize, parseSteeringChange, timeZone, windowList, type SteeringChange } from '../../../src/steering/limits.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('steering key values', () => {
  it('byte sizes: bytes or units of 1024; 0 is off', () => {
    expect(byteSize.parse('0')).toBe(0);
    expect(byteSize.parse('1048576')).toBe(1048576);
    expect(byteSize.parse('500MB')).toBe(500 * 1024 ** 2);
    expect(byteSize.parse(' 1.5 gb ')).toBe(1.5 * 1024 ** 3);
    for (const bad of ['-1', '1 PB', 'lots', '']) expect(byteSize.safeParse(bad).success, bad).toBe(false);
  });

  it('windows are written canonically; a mistake names the piece', () => {
    expect(windowList.parse('mon-fri 22:00-6:00')).toBe('Mon,Tue,Wed,Thu,Fri 22:00-06:00');
    const bad = windowList.safeParse('22:00-25:00');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^has '25:00', which is not a time of day/);
  });

  it('time zones: IANA names Intl knows; empty = the machine', () => {
    expect(timeZone.parse('')).toBe('');
    expect(timeZone.parse('europe/berlin')).toBe('Europe/Berlin');
    expect(timeZone.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('a config file with the keys loads them; a bad value is the usual one-line error', () => {
    const conf = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-steer-conf-'));
    dirs.push(conf);
    const base = 'source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n';
    fs.writeFileSync(
      path.join(conf, 'sync.properties'),
      `${base}replication_max_bytes_in_flight=10GB\nreplication_bytes_per_second=100MB\nreplication_windows=22:00-06:00\nreplication_window_time_zone=UTC\n`,
    );
    expect(loadConfig(conf).config).toMatchObject({
      replicationMaxBytesInFlight: 10 * 1024 ** 3,
      replicationBytesPerSecond: 100 * 1024 ** 2,
      replicationWindows: '22:00-06:00',
      replicationWindowTimeZone: 'UTC',
    });
    fs.writeFileSync(path.join(conf, 'sync.properties'), `${base}replication_windows=22:00\n`);
    expect(() => loadConfig(conf)).toThrow(/replication_windows = '22:00' has '22:00', which is not a window/);
  });

  it('POST /steering bodies: only the steering keys, parsed like the file', () => {
    expect(parseSteeringChange({ replication_windows: '22:00-06:00', replication_bytes_per_second: 1000 })).toEqual({
      ok: true,
      change: { replicationWindows: '22:00-06:00', replicationBytesPerSecond: 1000 },
    });
    expect(parseSteeringChange({ meta_job_threads: '8' })).toMatchObject({
      ok: false,
      message: /meta_job_threads cannot be changed while srsync runs/,
    });
    expect(parseSteeringChange({ replication_max_bytes_in_flight: 'much' })).toMatchObject({ ok: false, message: /is not a byte size/ });
    expect(parseSteeringChange([1])).toMatchObject({ ok: false });
  });
});

describe('sync.properties re-read while running', () => {
  it('applies the steering keys that changed, WARNs about the others, keeps everything when the file is broken', () => {
    const conf = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-steer-watch-'));
    dirs.push(conf);
    const file = path.join(conf, 'sync.properties');
    const write = (extra: string) => {
      fs.writeFileSync(file, `source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n${extra}`);
      const t = new Date(Date.now() + Math.random() * 1e6); // a new mtime whatever the file system's resolution
      fs.utimesSync(file, t, t);
    };
    write('');
    const applied: SteeringChange[] = [];
    const { logger, lines } = createMemoryLogger();
    const w = new ConfWatch({ confDir: conf, config: loadConfig(conf).config, apply: (c) => applied.push(c), log: logger });
    w.check();
    expect(applied).toEqual([]);

    write('replication_windows=22:00-06:00\nmeta_job_threads=8\n');
    w.check();
    expect(applied).toEqual([{ replicationWindows: '22:00-06:00' }]);
    expect(lines.join('\n')).toMatch(/WARN .*sync.properties changed meta_job_threads: these take effect at the next start of srsync/);

    write('replication_windows=nonsense 1\nmeta_job_threads=8\n');
    w.check();
    expect(applied).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/changed but cannot be used: .*replication_windows.*; the values in effect stay/);

    write('replication_windows=22:00-06:00\nreplication_max_bytes_in_flight=1KB\nmeta_job_threads=8\n');
    w.check();
    expect(applied[1]).toEqual({ replicationMaxBytesInFlight: 1024 });
    w.check(); // unchanged file: nothing
    expect(applied).toHaveLength(2);
  });
});
