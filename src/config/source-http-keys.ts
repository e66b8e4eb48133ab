// The source FE's HTTP keys (srsync-only, issue 11 item 4; notes/decisions/security-http.md): source_fe_http_scheme
// and source_fe_http_ca_file. The CA file is resolved against the directory of sync.properties and checked here, so
// that an unreadable or wrong file is a one-line configuration error (exit 2) before any cluster is contacted.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { PropertiesDocument } from './properties.js';
import { show } from './show.js';
import type { SyncConfig } from './sync-config.js';

/** A CA bundle larger than this is not one (the system bundle is about 200 KB). */
export const MAX_CA_FILE_BYTES = 1024 * 1024;

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * The PEM text of a CA file. Throws a plain Error whose message says why not (errno code, not a regular file, too
 * large, no PEM certificate). Opened non-blocking and checked before it is read: a FIFO never blocks.
 */
export function readCaFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new Error(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('is not a regular file');
    if (st.size > MAX_CA_FILE_BYTES) throw new Error(`is larger than 1 MiB (${st.size} bytes)`);
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code ? new Error(`cannot be read (${code})`) : e;
  } finally {
    closeSync(fd);
  }
  if (!text.includes(PEM_CERTIFICATE)) throw new Error(`holds no PEM certificate (${PEM_CERTIFICATE})`);
  return text;
}

type Mutable = { -readonly [K in keyof SyncConfig]: SyncConfig[K] };

/**
 * Resolves source_fe_http_ca_file against the directory of sync.properties and checks that it holds PEM
 * certificates (ConfigError naming file, key and line otherwise). A CA file with the plain http scheme is a warning.
 */
export function checkSourceHttpKeys(config: Mutable, doc: PropertiesDocument, warnings: string[]): void {
  const ca = config.sourceFeHttpCaFile;
  if (ca === null) return;
  const key = 'source_fe_http_ca_file';
  const line = doc.entries.get(key)?.line;
  const resolved = path.resolve(path.dirname(path.resolve(doc.file)), ca);
  try {
    readCaFile(resolved);
  } catch (e) {
    throw new ConfigError(`${doc.file}: ${key} = ${show(ca)} ${(e as Error).message}${line ? ` (line ${line})` : ''}`, { file: doc.file, key, line });
  }
  config.sourceFeHttpCaFile = resolved;
  if (config.sourceFeHttpScheme !== 'https') {
    warnings.push(
      `${doc.file}: line ${line}: ${key} is set but source_fe_http_scheme is http; the CA file is used only with source_fe_http_scheme=https`,
    );
  }
}
