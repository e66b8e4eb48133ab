// Loading conf/sync.properties and conf/hosts.properties into a validated SyncConfig and HostMap. Every problem
// is a ConfigError with one line naming the file, the key and the value (never a secret); anything suspicious
// but usable is a warning line, anything merely informative a note line.
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { EMPTY_HOST_MAP, parseHostMap, type HostMap } from './hosts.js';
import { decryptPassword, WrongKeyError } from './password.js';
import { displayPath, duplicateWarnings, readPropertiesFile, type PropertiesDocument } from './properties.js';
import { KEY_SPECS, SPEC_BY_KEY, type AnyKeySpec, type SyncConfig } from './sync-config.js';
import { keyLimit } from './limits.js';
import { show } from './show.js';
import { checkStatusKeys } from './status-keys.js';
import { checkSourceHttpKeys } from './source-http-keys.js';

export const SYNC_PROPERTIES = 'sync.properties';
export const HOSTS_PROPERTIES = 'hosts.properties';

export interface LoadedConfig {
  readonly config: SyncConfig;
  /** Operator-facing warning lines (unknown or duplicated keys, empty values replaced by defaults, ...). */
  readonly warnings: string[];
  /** Informational lines (keys accepted but not used for shared-data clusters). */
  readonly notes: string[];
}

/** Reads `<confDir>/sync.properties`. Throws ConfigError when it is missing or invalid. */
export function loadConfig(confDir: string): LoadedConfig {
  const filePath = path.join(confDir, SYNC_PROPERTIES);
  const doc = readPropertiesFile(filePath);
  if (!doc)
    throw new ConfigError(`${displayPath(filePath)}: file not found (point --conf at the directory holding sync.properties)`, {
      file: displayPath(filePath),
    });
  return parseSyncProperties(doc);
}

/** Reads `<confDir>/hosts.properties`; a missing file maps nothing. Throws ConfigError on a malformed line. */
export function loadHostMap(confDir: string): { hostMap: HostMap; warnings: string[] } {
  const doc = readPropertiesFile(path.join(confDir, HOSTS_PROPERTIES));
  return doc ? parseHostMap(doc) : { hostMap: EMPTY_HOST_MAP, warnings: [] };
}

/** Edit distance where swapping two adjacent characters costs 1 (optimal string alignment): `lsit` is 1 from `list`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known key an unknown key is a near miss of: the closest one, when it is within 2 edits (or 1 per 8 characters
 * of a long key), compared case-insensitively. Such a key is an error (issue 6, item 4): the misspelt setting would
 * otherwise be ignored, e.g. `include_data_lsit` → every database migrated. Keys farther away stay warnings.
 */
export function nearMissKey(unknown: string): string | undefined {
  const lower = unknown.trim().toLowerCase();
  if (lower.length > 100) return undefined; // no key is that long; and a 10 KB key must not cost 10 KB × 50 edits
  let best: { key: string; d: number } | undefined;
  for (const { key } of KEY_SPECS) {
    // The length difference is a lower bound of the distance: skip keys that cannot be within reach.
    if (Math.abs(key.length - lower.length) > Math.max(2, Math.floor(key.length / 8))) continue;
    const d = key === lower ? 0 : editDistance(lower, key);
    if (!best || d < best.d) best = { key, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.key.length / 8)) ? best.key : undefined;
}

interface Failure {
  line: number;
  error: ConfigError;
}

/** Validates a parsed sync.properties document. Pure apart from the document it is given and reading source_fe_http_ca_file. */
export function parseSyncProperties(doc: PropertiesDocument): LoadedConfig {
  const { file } = doc;
  const warnings = duplicateWarnings(doc);
  const notes: string[] = [];

  const values: Record<string, unknown> = {};
  const failures: Failure[] = [];
  for (const { key, line } of doc.entries.values()) {
    if (SPEC_BY_KEY.has(key)) continue;
    const known = nearMissKey(key);
    if (known === undefined) {
      warnings.push(`${file}: line ${line}: unknown key ${show(key)} is ignored`);
      continue;
    }
    failures.push({
      line,
      error: new ConfigError(
        `${file}: line ${line}: unknown key ${show(key)} looks like a misspelling of '${known}'; correct it or remove the line`,
        {
          file,
          key,
          line,
        },
      ),
    });
  }

  for (const spec of KEY_SPECS as readonly AnyKeySpec[]) {
    const entry = doc.entries.get(spec.key);
    let raw = entry?.value ?? spec.default;
    if (entry && raw.trim() === '' && spec.default !== '') {
      warnings.push(`${file}: line ${entry.line}: ${spec.key} is empty; using the default ${spec.default}`);
      raw = spec.default;
    }
    const parsed = (spec.parse as AnyKeySpec['parse']).safeParse(raw);
    const limitWhy = parsed.success ? keyLimit(spec.key, parsed.data) : undefined;
    if (!parsed.success || limitWhy !== undefined) {
      const why = parsed.success ? limitWhy : (parsed.error.issues[0]?.message ?? 'is not valid');
      const where = entry ? ` (line ${entry.line})` : ' (default)';
      const shown = spec.secret ? "'******'" : show(raw);
      failures.push({
        line: entry?.line ?? 0,
        error: new ConfigError(`${file}: ${spec.key} = ${shown} ${why}${where}`, { file, key: spec.key, line: entry?.line }),
      });
      continue;
    }
    values[spec.field] = parsed.data;
    if (spec.sharedNothingOnly && entry && raw.trim() !== '') {
      notes.push(
        spec.key === 'source_cluster_token'
          ? `${file}: source_cluster_token is set but not used: cluster tokens only authenticate BE snapshots of shared-nothing sources; shared-data data is read from object storage`
          : `${file}: ${spec.key} applies only to shared-nothing targets (BE disk usage); it is accepted and not used for a shared-data target`,
      );
    }
  }
  failures.sort((a, b) => a.line - b.line);
  if (failures[0]) throw failures[0].error;

  const config = values as unknown as { -readonly [K in keyof SyncConfig]: SyncConfig[K] };
  for (const side of ['source', 'target'] as const) {
    const hostKey = `${side}_fe_host`;
    if ((side === 'source' ? config.sourceFeHost : config.targetFeHost) === '') {
      const line = doc.entries.get(hostKey)?.line;
      throw new ConfigError(`${file}: ${hostKey} is not set (the IP address or FQDN of the ${side} cluster's FE)${line ? ` (line ${line})` : ''}`, {
        file,
        key: hostKey,
        line,
      });
    }
    resolvePassword(config, side, doc, warnings);
  }
  checkStatusKeys(config, doc);
  checkSourceHttpKeys(config, doc, warnings);
  if (config.sourceFeHost === config.targetFeHost && config.sourceFeQueryPort === config.targetFeQueryPort) {
    throw new ConfigError(
      `${file}: source_fe_host/source_fe_query_port and target_fe_host/target_fe_query_port are the same FE (${config.sourceFeHost}:${config.sourceFeQueryPort}); source and target must be different clusters`,
      { file, key: 'target_fe_host' },
    );
  }
  return { config: Object.freeze(config), warnings, notes };
}

function resolvePassword(
  config: { -readonly [K in keyof SyncConfig]: SyncConfig[K] },
  side: 'source' | 'target',
  doc: PropertiesDocument,
  warnings: string[],
): void {
  const pwdKey = `${side}_cluster_password`;
  const secretKey = `${pwdKey}_secret_key`;
  const pwdField = side === 'source' ? 'sourceClusterPassword' : 'targetClusterPassword';
  const keyField = side === 'source' ? 'sourceClusterPasswordSecretKey' : 'targetClusterPasswordSecretKey';
  const secret = config[keyField];
  const line = doc.entries.get(pwdKey)?.line;
  if (secret === '') {
    if (config[pwdField] !== config[pwdField].trim())
      warnings.push(`${doc.file}: line ${line}: ${pwdKey} has leading or trailing whitespace, which is kept as part of the password`);
    return;
  }
  if (config[pwdField].trim() === '') {
    warnings.push(`${doc.file}: ${secretKey} is set but ${pwdKey} is empty; using an empty password`);
    config[pwdField] = '';
    return;
  }
  try {
    config[pwdField] = decryptPassword(config[pwdField], secret);
  } catch (e) {
    if (!(e instanceof WrongKeyError)) throw e;
    throw new ConfigError(
      `${doc.file}: ${secretKey} does not decrypt ${pwdKey} (wrong key, or ${pwdKey} is not the output of SELECT TO_BASE64(AES_ENCRYPT('<password>', '<key>')))`,
      { file: doc.file, key: secretKey, line: doc.entries.get(secretKey)?.line },
    );
  }
}
