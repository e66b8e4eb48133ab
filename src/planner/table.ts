// Tables: create the ones missing on the target, drop target-only ones (if allowed), and detect schema changes.
// Manual: ddl_job_allow_drop_target_only (default false), ddl_job_allow_drop_schema_change_table (default true,
// "The tool re-syncs them automatically"), "Storage volume mapping", target_cluster_replication_num,
// target_cluster_enable_persistent_index, and "Primary Key table persistent index: ... converts
// persistent_index_type = LOCAL to CLOUD_NATIVE in the CREATE TABLE statement for Primary Key tables".
import type { ClusterSnapshot, PartitionType, TableInfo } from '../model/snapshot.js';
import type { ActionReason, DdlAction, PlanNoteDraft } from './actions.js';
import type { PlannerConfig } from './config.js';
import type { PlanContext } from './context.js';
import { CreateSqlError, rewriteCreateSql, type PropertyChanges } from './create-sql.js';
import { createTable } from './ddl.js';
import { defaultBucketPartitionsOnly, foldGeneratedPartitionColumns, repairCreateSql, type IndexDefinition } from './show-create-repair.js';

export const BUILTIN_STORAGE_VOLUME = 'builtin_storage_volume';

/** The source table's storage volume name (the `storage_volume` property; the source default when unknown). */
export function sourceVolumeOf(table: TableInfo, source: ClusterSnapshot): string {
  return table.storageVolume || table.properties['storage_volume'] || source.defaultStorageVolume;
}

/**
 * Storage volume for a table created on the target, in the manual's order of precedence:
 * 1. target_cluster_use_builtin_storage_volume_only = true → builtin_storage_volume;
 * 2. target_cluster_storage_volume = <name> → that volume;
 * 3. otherwise the source table's volume name (it must exist on the target).
 */
export function chooseStorageVolume(
  table: TableInfo,
  source: ClusterSnapshot,
  cfg: Pick<PlannerConfig, 'targetClusterUseBuiltinStorageVolumeOnly' | 'targetClusterStorageVolume'>,
): { volume: string; rule: 'builtin_only' | 'target_cluster_storage_volume' | 'source' } {
  if (cfg.targetClusterUseBuiltinStorageVolumeOnly) return { volume: BUILTIN_STORAGE_VOLUME, rule: 'builtin_only' };
  if (cfg.targetClusterStorageVolume !== '') return { volume: cfg.targetClusterStorageVolume, rule: 'target_cluster_storage_volume' };
  return { volume: sourceVolumeOf(table, source), rule: 'source' };
}

/** Property edits for a CREATE TABLE on the target (storage volume, replication_num, persistent index). */
export function tablePropertyChanges(
  table: TableInfo,
  volume: string,
  cfg: PlannerConfig,
): (current: ReadonlyMap<string, string>) => PropertyChanges {
  return (current) => {
    const changes: PropertyChanges = new Map();
    if (volume !== '') changes.set('storage_volume', volume);
    if (cfg.targetClusterReplicationNum !== -1) changes.set('replication_num', String(cfg.targetClusterReplicationNum));
    if (table.keysType === 'PRIMARY_KEYS') {
      const type = current.get('persistent_index_type');
      if (cfg.targetClusterEnablePersistentIndex === false) {
        changes.set('enable_persistent_index', 'false');
        if (type !== undefined) changes.set('persistent_index_type', null);
      } else if (cfg.targetClusterEnablePersistentIndex === true) {
        changes.set('enable_persistent_index', 'true');
        changes.set('persistent_index_type', 'CLOUD_NATIVE');
      } else if (type !== undefined && type.toUpperCase() === 'LOCAL') {
        changes.set('persistent_index_type', 'CLOUD_NATIVE');
      }
    }
    return changes;
  };
}

/** The CREATE TABLE action for a source table, or a note saying why it cannot be created. */
export function planCreateTable(
  db: string,
  table: TableInfo,
  ctx: PlanContext,
  reason: ActionReason,
): { action: DdlAction; note?: undefined } | { action?: undefined; note: PlanNoteDraft } {
  const base = { object: 'table' as const, db, table: table.name };
  if (table.createSql.trim() === '') {
    return { note: { ...base, reason: 'missing_create_sql', message: 'no SHOW CREATE TABLE text; read it and plan again' } };
  }
  const { volume, rule } = chooseStorageVolume(table, ctx.source, ctx.cfg);
  if (volume !== '' && !ctx.target.storageVolumes.has(volume)) {
    const configKey =
      rule === 'builtin_only'
        ? 'target_cluster_use_builtin_storage_volume_only'
        : rule === 'target_cluster_storage_volume'
          ? 'target_cluster_storage_volume'
          : undefined;
    return {
      note: {
        ...base,
        reason: 'missing_storage_volume',
        ...(configKey ? { configKey } : {}),
        message: `storage volume ${volume} does not exist on the target; create it (or set target_cluster_storage_volume) to create the table`,
      },
    };
  }
  try {
    const repaired = repairCreateSql(foldGeneratedPartitionColumns(table.createSql), {
      identifiers: [table.name, ...table.columns.map((c) => c.name)],
      columns: table.columns,
      partitions: table.partitions,
      partitionColumnCount: table.partitionColumns.length,
      // SHOW CREATE TABLE prints index names bare (a space or a backtick breaks the text): SHOW INDEX's names.
      indexes: indexDefinitionsOf(table),
    });
    const text = defaultBucketPartitionsOnly(repaired, table);
    const sql = rewriteCreateSql(text, { db, name: table.name, properties: tablePropertyChanges(table, volume, ctx.cfg) });
    return { action: createTable(db, table.name, sql, reason) };
  } catch (e) {
    if (!(e instanceof CreateSqlError)) throw e;
    return { note: { ...base, reason: 'unparsable_create_sql', message: `cannot rewrite its SHOW CREATE TABLE text: ${e.message}` } };
  }
}

/** The table's bitmap indexes as SHOW INDEX lists them (the snapshot's bitmapIndexes), for repairCreateSql. */
export function indexDefinitionsOf(table: Pick<TableInfo, 'bitmapIndexes'>): IndexDefinition[] {
  return table.bitmapIndexes.map((i) => ({ name: i.name, columns: [...i.columns], type: 'BITMAP', comment: i.comment }));
}

const normType = (t: string) => t.toLowerCase().replace(/\s+/g, '');

function partitionFamily(t: PartitionType): string {
  return t === 'UNPARTITIONED' ? 'none' : t === 'LIST' ? 'list' : 'range';
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Differences that make the target table unusable as a replica (segment files are copied as they are, and tablets
 * pair by position, reference §7): columns (name, type, key flag, aggregate type, nullability, default, in order),
 * keys type, key columns, distribution, partitioning, and the sort key when both sides report one.
 * Bitmap indexes and properties are not part of it. Empty = same schema.
 */
export function schemaDifferences(src: TableInfo, tgt: TableInfo): string[] {
  const out: string[] = [];
  if (src.keysType !== tgt.keysType) out.push(`keys type ${tgt.keysType} != ${src.keysType}`);
  if (src.columns.length !== tgt.columns.length) out.push(`column count ${tgt.columns.length} != ${src.columns.length}`);
  const n = Math.min(src.columns.length, tgt.columns.length);
  for (let i = 0; i < n; i++) {
    const s = src.columns[i]!;
    const t = tgt.columns[i]!;
    const what: string[] = [];
    if (s.name !== t.name) what.push('name');
    if (normType(s.type) !== normType(t.type)) what.push('type');
    if (s.isKey !== t.isKey) what.push('key flag');
    if ((s.aggType ?? '') !== (t.aggType ?? '')) what.push('aggregate type');
    if (s.nullable !== t.nullable) what.push('nullability');
    if (s.defaultValue !== t.defaultValue) what.push('default');
    if (what.length > 0) out.push(`column ${i + 1} (${s.name}): ${what.join(', ')}`);
  }
  if (!sameList(src.keyColumns, tgt.keyColumns)) out.push('key columns');
  if (src.distribution.type !== tgt.distribution.type) out.push('distribution type');
  if (!sameList(src.distribution.columns, tgt.distribution.columns)) out.push('distribution columns');
  if (partitionFamily(src.partitionType) !== partitionFamily(tgt.partitionType)) out.push('partition type');
  if (!sameList(src.partitionColumns, tgt.partitionColumns)) out.push('partition columns');
  if (src.sortKeys.length > 0 && tgt.sortKeys.length > 0 && !sameList(src.sortKeys, tgt.sortKeys)) out.push('sort key');
  return out;
}
