// `srsync verify [--conf DIR] [--rows] [--content] [--json]`: the read-only cutover check. Same conf/ as `srsync run`, same
// scope, the planner's definition of "in sync" (compare.ts). Exit codes: 0 everything selected is in sync,
// 1 something is not (or an unexpected failure), 2 bad configuration (nothing touched; also an include/exclude
// entry that matches nothing on the source), 3 a cluster cannot be reached, logged into or read.
import type { SyncConfig } from '../config/index.js';
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { loginSide, withReadSides } from '../command/sides.js';
import { engineSettings } from '../engine/run-sync.js';
import { checkSelection } from '../engine/selection-check.js';
import { ExitCode } from '../errors.js';
import { escapeControl } from '../log/escape.js';
import { makeScope } from '../planner/scope.js';
import { compareClusters, tablesOnBothSides, targetDatabaseFilter, type VerifyConfig } from './compare.js';
import { contentLines, contentSummaryLine, summarizeContent, type ContentSummary, type TableContent } from './content.js';
import { contentOfTables } from './content-read.js';
import { formatJson, formatText } from './format.js';
import { countTables, readCatalog } from './read.js';

/** Exit code when something selected is not in sync (the same number as ExitCode.internal). */
export const VERIFY_NOT_IN_SYNC = 1;

export interface VerifyOptions {
  conf?: string;
  rows?: boolean;
  json?: boolean;
  /** Per-partition content fingerprints on both sides (content.ts). */
  content?: boolean;
}

export type VerifyIo = CommandIo;

/** The keys verify reads (cutover compares with the same scope and mapping). */
export function verifyConfig(config: SyncConfig): VerifyConfig {
  const p = engineSettings(config).planner;
  return {
    includeDataList: p.includeDataList,
    excludeDataList: p.excludeDataList,
    enableViewSync: p.enableViewSync,
    enableMaterializedViewSync: p.enableMaterializedViewSync,
    targetDatabaseMapping: p.targetDatabaseMapping,
    targetTableMapping: p.targetTableMapping,
  };
}

export async function verifyCommand(opts: VerifyOptions, deps: { env?: NodeJS.ProcessEnv }, io: VerifyIo): Promise<number> {
  // conf/hosts.properties is validated like `run` does; verify itself only uses the query ports.
  const conf = loadCommandConf(opts, deps, io);
  if (!conf.ok) return conf.exitCode;
  const { config } = conf.value;
  const cfg = verifyConfig(config);
  const scope = makeScope(cfg);
  return withReadSides(config, io, async ({ source, target }) => {
    await Promise.all([loginSide(source), loginSide(target)]);
    // An include/exclude entry that names nothing on the source: exit 2, never "IN SYNC" for an empty selection.
    await checkSelection(source.sql, source.inspector, cfg);
    // Rename mapping: the target's databases are selected by the source names they come from.
    const [src, tgt] = await Promise.all([readCatalog(source, scope.database), readCatalog(target, targetDatabaseFilter(cfg))]);
    let report = compareClusters(src, tgt, cfg);
    if (opts.rows) {
      const counts = await countTables(source, target, tablesOnBothSides(src, tgt, cfg), config.metaJobThreads);
      report = compareClusters(src, tgt, cfg, counts);
    }
    let content: { summary: ContentSummary; tables: TableContent[] } | undefined;
    if (opts.content) {
      // Tables on both sides with the same schema: their common partitions are fingerprinted on both sides.
      const comparable = report.tables
        .filter((t) => t.status !== 'missing' && t.schemaDifferences.length === 0)
        .map(({ db, table, targetDb, targetTable }) => ({ db, table, ...(targetDb === undefined ? {} : { targetDb, targetTable }) }));
      const tables = await contentOfTables(source, target, src, tgt, comparable, config.metaJobThreads);
      content = { summary: summarizeContent(tables), tables };
    }
    const contentOk = !content || content.summary.differs + content.summary.notCompared === 0;
    if (opts.json) {
      const side = (s: typeof source, snap: typeof src) => ({
        host: s.sql.endpoint.host,
        port: s.sql.endpoint.port,
        version: snap.version,
        takenAt: snap.takenAt,
      });
      io.stdout(`${formatJson(report, { source: side(source, src), target: side(target, tgt) }, content)}\n`);
    } else {
      // Catalog names only: nothing from the config (no secret) is in the report.
      for (const line of formatText(report)) io.stdout(`${line}\n`);
      if (content) for (const line of [...contentLines(content.tables), contentSummaryLine(content.summary)]) io.stdout(`${escapeControl(line)}\n`);
    }
    return report.ok && contentOk ? ExitCode.ok : VERIFY_NOT_IN_SYNC;
  });
}
