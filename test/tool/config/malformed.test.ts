// Issue 11, item 6: malformed files. Each is one line naming file, line and key, values cut to a sane length and
// never shown for secrets, exit code 2, nothing contacted.
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadConfig, loadHostMap } from '../../../src/config/load.js';
import { parseHostMap } from '../../../src/config/hosts.js';
import { parseProperties, readPropertiesFile } from '../../../src/config/properties.js';
import { errorOf, HOSTS, parse, tempConf } from './helpers.js';

/** The ConfigError a load throws (fails the test when it throws something else or nothing). */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const MAX_LINE = 400;

describe('a \\u not followed by four hex digits', () => {
  it('in a password: one line naming file, line and key, no character of the password, exit 2', () => {
    const e = errorOf(`${HOSTS}source_cluster_password=Zq\\u12xy-secret\nmeta_job_threads=2\n`);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      "conf/sync.properties: line 3: key 'source_cluster_password' has a \\u escape that is not followed by four hex digits (write \\\\u for a backslash followed by u)",
    );
    for (const s of ['Zq', '12xy', 'secret']) expect(e.message).not.toContain(s);
  });

  it('anywhere: in a continuation line, in a key; an escaped backslash or a comment is fine', () => {
    expect(errorOf(`${HOSTS}include_data_list=db1,\\\n  db\\u00g2\n`).message).toMatch(
      /^conf\/sync\.properties: line 4: key 'include_data_list' has a \\u escape/,
    );
    expect(errorOf(`${HOSTS}some\\u00_key=1\n`).message).toMatch(/^conf\/sync\.properties: line 3: key 'some\\\\u00_key' has a \\u escape/);
    expect(errorOf(`${HOSTS}x=\\u`).message).toMatch(/line 3: key 'x'/);
    const { config } = parse(`# a comment \\u12\n${HOSTS}source_cluster_password=a\\\\u12\nsource_cluster_user=\\u0041dmin\n`);
    expect(config.sourceClusterPassword).toBe('a\\u12');
    expect(config.sourceClusterUser).toBe('Admin');
  });

  it('in hosts.properties too', () => {
    const e = configErrorOf(() => parseHostMap(parseProperties('SOURCE_10.0.0.1=10.1.1.\\u1\n', 'conf/hosts.properties')));
    expect(e.message).toMatch(/^conf\/hosts\.properties: line 1: key 'SOURCE_10\.0\.0\.1' has a \\u escape/);
  });
});

describe('sync.properties that is not a regular readable file', () => {
  it('a FIFO: refused at once (never opened for reading, so no hang)', () => {
    const dir = tempConf({});
    execFileSync('mkfifo', [path.join(dir, 'sync.properties')]);
    const e = configErrorOf(() => loadConfig(dir));
    expect(e.message).toMatch(/sync\.properties: is not a regular file \(a FIFO\); point --conf at the directory holding sync\.properties$/);
  });

  it('a directory, and hosts.properties as a directory', () => {
    const dir = tempConf({ 'sync.properties': HOSTS });
    mkdirSync(path.join(dir, 'hosts.properties'));
    expect(configErrorOf(() => loadHostMap(dir)).message).toMatch(/hosts\.properties: is not a regular file \(a directory\)/);
    const dir2 = tempConf({});
    mkdirSync(path.join(dir2, 'sync.properties'));
    expect(configErrorOf(() => loadConfig(dir2)).message).toMatch(/sync\.properties: is not a regular file \(a directory\)/);
  });

  it('larger than 1 MiB', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}# ${'x'.repeat(1024 * 1024)}\n` });
    expect(configErrorOf(() => loadConfig(dir)).message).toMatch(/sync\.properties: is larger than 1 MiB \(\d+ bytes\); is it the right file\?$/);
  });

  it('unreadable (any user: a path through a regular file cannot be opened)', () => {
    const dir = tempConf({ 'sync.properties': HOSTS });
    const blocked = path.join(dir, 'sync.properties', 'sync.properties');
    expect(configErrorOf(() => readPropertiesFile(blocked)).message).toMatch(/sync\.properties: cannot be read \(ENOTDIR\)/);
  });
});

describe('huge keys and values are cut in every line', () => {
  it('a 10 KB unknown key in a warning', () => {
    const key = `k${'y'.repeat(10_000)}`;
    const { warnings } = parse(`${HOSTS}${key}=1\n`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.length).toBeLessThan(MAX_LINE);
    expect(warnings[0]).toMatch(/^conf\/sync\.properties: line 3: unknown key 'kyyyy+\.\.\. \(10001 characters\)' is ignored$/);
  });

  it('a 10 KB duplicated key', () => {
    const key = `k${'y'.repeat(10_000)}`;
    const { warnings } = parse(`${HOSTS}${key}=1\n${key}=2\n`);
    expect(warnings.every((w) => w.length < MAX_LINE)).toBe(true);
  });

  it('a 100 KB host name is an error, cut', () => {
    const e = errorOf(`source_fe_host=${'h'.repeat(100_000)}\ntarget_fe_host=b\n`);
    expect(e.message.length).toBeLessThan(MAX_LINE);
    expect(e.message).toMatch(
      /^conf\/sync\.properties: source_fe_host = 'hhh+\.\.\. \(100000 characters\)' is longer than 253 characters, the longest host name \(line 1\)$/,
    );
  });

  it('hosts.properties: a 100 KB mapped host and a 10 KB key are cut', () => {
    const big = configErrorOf(() => parseHostMap(parseProperties(`SOURCE_10.0.0.1=${'h'.repeat(100_000)}\n`, 'conf/hosts.properties')));
    expect(big.message.length).toBeLessThan(MAX_LINE);
    expect(big.message).toMatch(/longer than 253 characters/);
    const bad = configErrorOf(() => parseHostMap(parseProperties(`X${'y'.repeat(10_000)}=a\n`, 'conf/hosts.properties')));
    expect(bad.message.length).toBeLessThan(MAX_LINE);
    const key = configErrorOf(() => parseHostMap(parseProperties(`SOURCE_10.0.0.1=${'!'.repeat(10_000)}\n`, 'conf/hosts.properties')));
    expect(key.message.length).toBeLessThan(MAX_LINE);
    const ctl = configErrorOf(() => parseHostMap(parseProperties('SOURCE_a\\nb=c d\n', 'conf/hosts.properties')));
    expect(ctl.message).not.toContain('\n');
    expect(ctl.message).toContain("'SOURCE_a\\nb'");
  });
});

describe('durations and sizes below their resolution', () => {
  it.each([
    ['meta_job_interval_seconds', '0.0000001', 'is below 0.001 (1 ms), the resolution of this key'],
    ['ddl_job_interval_seconds', '0.0004', 'is below 0.001 (1 ms), the resolution of this key'],
    ['replication_job_interval_seconds', '0.00099', 'is below 0.001 (1 ms), the resolution of this key'],
    ['report_interval_seconds', '1e-9', 'is not a positive number'],
    ['report_interval_seconds', '0.0000000001', 'is below 0.001 (1 ms), the resolution of this key'],
    ['max_replication_data_size_per_job_in_gb', '0.0000000000001', 'is below 1 byte, the resolution of this key'],
    ['log_max_file_size_mb', '0.0000001', 'is below 1 byte, the resolution of this key'],
  ])('%s = %s', (key, value, why) => {
    const e = errorOf(`${HOSTS}${key}=${value}\n`);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`conf/sync.properties: ${key} = '${value}' ${why} (line 3)`);
  });

  it('the smallest values are accepted', () => {
    const { config } = parse(`${HOSTS}meta_job_interval_seconds=0.001\nreport_interval_seconds=0.5\n`);
    expect(config.metaJobIntervalSeconds).toBe(0.001);
    expect(config.reportIntervalSeconds).toBe(0.5);
  });
});

describe('include_data_list / exclude_data_list wildcards', () => {
  it.each(['*', 'db1.*', '%', '*.t', 'db1, *'])('%s is an error: wildcards are not supported', (value) => {
    for (const key of ['include_data_list', 'exclude_data_list']) {
      const e = errorOf(`${HOSTS}${key}=${value}\n`);
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(
        new RegExp(
          `^conf/sync\\.properties: ${key} = '.*' has entry '.*', a wildcard: wildcards are not supported; list the databases or tables by name \\(line 3\\)$`,
        ),
      );
    }
  });

  it.each(['db-1~!@#$%^&<>=+', 'sales_?', 'a*b'])('%s is a name (StarRocks allows these characters), not a wildcard', (value) => {
    expect(parse(`${HOSTS}include_data_list=${value}\n`).config.includeDataList).toEqual([{ db: value, table: null }]);
  });
});
