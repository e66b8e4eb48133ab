// The status endpoint's srsync-only keys checked together (issue 11, item 5): beyond loopback it needs
// status_http_token; a token is long enough to resist guessing and fits an HTTP header; TLS needs both files.
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { PropertiesDocument } from './properties.js';
import { show } from './show.js';
import type { SyncConfig } from './sync-config.js';

/** The shortest status_http_token accepted (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_TOKEN_CHARS = 16;

/** Only this machine can connect: 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

type Mutable = { -readonly [K in keyof SyncConfig]: SyncConfig[K] };

/**
 * Checks the status keys of a parsed config and resolves the TLS files against the directory of sync.properties.
 * Throws ConfigError (one line, never showing the token).
 */
export function checkStatusKeys(config: Mutable, doc: PropertiesDocument): void {
  const { file } = doc;
  const lineOf = (key: string) => doc.entries.get(key)?.line;
  const at = (key: string) => (lineOf(key) ? ` (line ${lineOf(key)})` : '');
  const token = config.statusHttpToken;
  if (token !== '' && !new RegExp(`^[\\x21-\\x7e]{${MIN_TOKEN_CHARS},}$`).test(token)) {
    throw new ConfigError(
      `${file}: status_http_token must be at least ${MIN_TOKEN_CHARS} printable ASCII characters without spaces (e.g. the output of openssl rand -hex 32)${at('status_http_token')}`,
      { file, key: 'status_http_token', line: lineOf('status_http_token') },
    );
  }
  const cert = config.statusHttpTlsCertFile;
  const key = config.statusHttpTlsKeyFile;
  if ((cert === null) !== (key === null)) {
    const [set, missing] =
      cert === null ? ['status_http_tls_key_file', 'status_http_tls_cert_file'] : ['status_http_tls_cert_file', 'status_http_tls_key_file'];
    throw new ConfigError(`${file}: ${set} is set but ${missing} is not; HTTPS needs both (or neither for plain HTTP)${at(set)}`, {
      file,
      key: missing,
      line: lineOf(set),
    });
  }
  const confDir = path.dirname(path.resolve(file));
  if (cert !== null) config.statusHttpTlsCertFile = path.resolve(confDir, cert);
  if (key !== null) config.statusHttpTlsKeyFile = path.resolve(confDir, key);
  if (config.statusHttpPort !== 0 && token === '' && !isLoopbackHost(config.statusHttpHost)) {
    throw new ConfigError(
      `${file}: status_http_host = ${show(config.statusHttpHost)} lets other machines connect, and status_http_token is not set; set status_http_token (clients send Authorization: Bearer <token>) or bind to 127.0.0.1${at('status_http_host')}`,
      { file, key: 'status_http_token', line: lineOf('status_http_host') },
    );
  }
}
