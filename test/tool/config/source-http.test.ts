// Issue 11 item 4: the srsync-only keys source_fe_http_scheme and source_fe_http_ca_file.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { clusterLogin } from '../../../src/config/sync-config.js';
import { ExitCode } from '../../../src/errors.js';
import { HOSTS, errorOf, parse, tempConf } from './helpers.js';

const CERT = path.join(import.meta.dirname, '../status/fixtures/status-cert.pem');

function loadError(dir: string): Error & { key?: string; exitCode?: number; line?: number } {
  try {
    loadConfig(dir);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a ConfigError');
}

describe('source_fe_http_scheme / source_fe_http_ca_file', () => {
  it('default: plain http, no CA file', () => {
    const { config } = parse(HOSTS);
    expect(config.sourceFeHttpScheme).toBe('http');
    expect(config.sourceFeHttpCaFile).toBeNull();
  });

  it('accepts https (any case) and refuses anything else with a one-line error', () => {
    expect(parse(`${HOSTS}source_fe_http_scheme = HTTPS\n`).config.sourceFeHttpScheme).toBe('https');
    const e = errorOf(`${HOSTS}source_fe_http_scheme=ftp\n`);
    expect(e.message).toBe("conf/sync.properties: source_fe_http_scheme = 'ftp' is not http or https (line 3)");
    expect(e.exitCode).toBe(ExitCode.config);
  });

  it('resolves the CA file against the conf directory and keeps the absolute path', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}source_fe_http_scheme=https\nsource_fe_http_ca_file=tls/ca.pem\n` });
    mkdirSync(path.join(dir, 'tls'));
    copyFileSync(CERT, path.join(dir, 'tls/ca.pem'));
    const { config, warnings } = loadConfig(dir);
    expect(config.sourceFeHttpCaFile).toBe(path.join(dir, 'tls/ca.pem'));
    expect(warnings).toEqual([]);
  });

  it('an unreadable CA file is a one-line error naming the key and line (exit 2)', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}source_fe_http_scheme=https\nsource_fe_http_ca_file=missing.pem\n` });
    const e = loadError(dir);
    expect(e.message).toMatch(/^.*sync\.properties: source_fe_http_ca_file = 'missing\.pem' cannot be read \(ENOENT\) \(line 4\)$/);
    expect(e.exitCode).toBe(ExitCode.config);
    expect(e.key).toBe('source_fe_http_ca_file');
  });

  it('a directory or a file without a PEM certificate is refused', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}source_fe_http_ca_file=.\n`, 'notpem.txt': 'hello\n' });
    expect(loadError(dir).message).toMatch(/source_fe_http_ca_file = '\.' (is not a regular file|cannot be read \(EISDIR\))/);
    const dir2 = tempConf({ 'sync.properties': `${HOSTS}source_fe_http_ca_file=notpem.txt\n`, 'notpem.txt': 'hello\n' });
    expect(loadError(dir2).message).toMatch(/source_fe_http_ca_file = 'notpem\.txt' holds no PEM certificate/);
  });

  it('a CA file with the plain http scheme is a warning (it is not used)', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}source_fe_http_ca_file=ca.pem\n` });
    copyFileSync(CERT, path.join(dir, 'ca.pem'));
    const { warnings } = loadConfig(dir);
    expect(warnings).toEqual([expect.stringContaining('source_fe_http_ca_file is set but source_fe_http_scheme is http')]);
  });

  it('the source login carries the scheme and the CA file to the service-id request; the target login does not', () => {
    const config = parse(`${HOSTS}source_fe_http_scheme=https\n`).config;
    expect(clusterLogin(config, 'source')).toMatchObject({ host: '10.0.0.1', sourceFeHttpScheme: 'https', sourceFeHttpCaFile: null });
    expect(clusterLogin(config, 'target')).not.toHaveProperty('sourceFeHttpScheme');
  });
});
