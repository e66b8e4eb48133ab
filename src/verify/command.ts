// `srsync verify [--conf DIR] [--rows] [--json]`: the read-only cutover check. Same conf/ as `srsync run`, same
// scope, the planner's definition of "in sync" (compare.ts). Exit codes: 0 everything selected is in sync,
// 1 something is not (or an unexpected failure), 2 bad configuration (nothing touched; also an include/exclude
// entry that matches nothing on the source), 3 a cluster cannot be reached, logged into or read.
import path from 'node:path';
import { configSecrets, loadConfig, loadHostMap, type SyncConfig } from '../config/index.js';
import { engineSettings } from '../engine/run-sync.js';
import { checkSelection } from '../engine/selection-check.js';
import { ExitCode, exitCodeOf, SrsyncError } from '../errors.js';
import { MASK, MIN_SECRET_LENGTH } from '../log/logger.js';
import { makeScope } from '../planner/scope.js';
import { compareClusters, tablesOnBothSides, type VerifyConfig } from './compare.js';
import { formatJson, formatText } from './format.js';
import { confDirOf } from '../util/install.js';
import { countTables, login, openSide, readCatalog } from './read.js';

/** Exit code when something selected is not in sync (the same number as ExitCode.internal). */
export const VERIFY_NOT_IN_SYNC = 1;

export interface VerifyOptions {
  conf?: string;
  rows?: boolean;
  json?: boolean;
}

export interface VerifyIo {
  stdout(t: string): void;
  stderr(t: string): void;
}

function masker(secrets: readonly string[]): (text: string) => string {
  const long = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return (text) => long.reduce((t, s) => t.split(s).join(MASK), text);
}

function verifyConfig(config: SyncConfig): VerifyConfig {
  const p = engineSettings(config).planner;
  return { includeDataList: p.includeDataList, excludeDataList: p.excludeDataList, enableViewSync: p.enableViewSync, enableMaterializedViewSync: p.enableMaterializedViewSync };
}

export async function verifyCommand(opts: VerifyOptions, deps: { env?: NodeJS.ProcessEnv }, io: VerifyIo): Promise<number> {
  const confDir = confDirOf(opts.conf, deps.env);
  let config: SyncConfig;
  try {
    const loaded = loadConfig(confDir);
    const hosts = loadHostMap(confDir); // validated like `run` does; verify itself only uses the query ports
    config = loaded.config;
    for (const w of [...loaded.warnings, ...hosts.warnings]) io.stderr(`warning: ${w}\n`);
  } catch (e) {
    io.stderr(`${e instanceof SrsyncError ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
  const mask = masker(configSecrets(config));
  const cfg = verifyConfig(config);
  const scope = makeScope(cfg);
  const source = openSide(config, 'source');
  const target = openSide(config, 'target');
  try {
    await Promise.all([login(source), login(target)]);
    // An include/exclude entry that names nothing on the source: exit 2, never "IN SYNC" for an empty selection.
    await checkSelection(source.sql, source.inspector, cfg);
    const [src, tgt] = await Promise.all([readCatalog(source, scope.database), readCatalog(target, scope.database)]);
    let report = compareClusters(src, tgt, cfg);
    if (opts.rows) {
      const counts = await countTables(source, target, tablesOnBothSides(src, tgt, cfg), config.metaJobThreads);
      report = compareClusters(src, tgt, cfg, counts);
    }
    if (opts.json) {
      const side = (s: typeof source, snap: typeof src) => ({ host: s.sql.endpoint.host, port: s.sql.endpoint.port, version: snap.version, takenAt: snap.takenAt });
      io.stdout(`${formatJson(report, { source: side(source, src), target: side(target, tgt) })}\n`);
    } else {
      // Catalog names only: nothing from the config (no secret) is in the report.
      for (const line of formatText(report)) io.stdout(`${line}\n`);
    }
    return report.ok ? ExitCode.ok : VERIFY_NOT_IN_SYNC;
  } catch (e) {
    const text = e instanceof SrsyncError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.stderr(`${mask(text)}\n`);
    return exitCodeOf(e);
  } finally {
    await Promise.all([source.sql.close(), target.sql.close()]);
  }
}
