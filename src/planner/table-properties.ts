// Table properties of a table present on both sides (manual: enable_table_property_sync, default false).
// Only properties that ALTER TABLE ... SET can change without rewriting data are synced. Never synced:
// storage_volume (chosen by the storage volume mapping), and the keys the config overrides on the target
// (replication_num when target_cluster_replication_num != -1; the persistent index keys when
// target_cluster_enable_persistent_index is set). persistent_index_type LOCAL counts as CLOUD_NATIVE (manual).
import type { TableInfo } from '../model/snapshot.js';
import type { PlannerConfig } from './config.js';
import { sortedNames, type DiffResult } from './context.js';
import { alterTableProperty } from './ddl.js';

/** Properties ALTER TABLE SET changes in place (StarRocks' metadata-only alters). */
export const SYNCED_PROPERTIES: ReadonlySet<string> = new Set([
  'replication_num',
  'partition_live_number',
  'partition_ttl',
  'partition_retention_condition',
  'labels.location',
  'enable_persistent_index',
  'persistent_index_type',
  'primary_index_cache_expire_sec',
  'base_compaction_forbidden_time_ranges',
  'compaction_strategy',
  'enable_load_profile',
  'enable_statistic_collect_on_first_load',
  'bucket_size',
  'mutable_bucket_num',
  'datacache.partition_duration',
  'unique_constraints',
  'foreign_key_constraints',
  'time_drift_constraint',
]);

export function isSyncedProperty(key: string, cfg: PlannerConfig): boolean {
  if (key === 'storage_volume') return false;
  if (key === 'replication_num' && cfg.targetClusterReplicationNum !== -1) return false;
  if ((key === 'enable_persistent_index' || key === 'persistent_index_type') && cfg.targetClusterEnablePersistentIndex !== null) return false;
  return SYNCED_PROPERTIES.has(key) || key.startsWith('dynamic_partition.');
}

function wanted(key: string, value: string): string {
  return key === 'persistent_index_type' && value.toUpperCase() === 'LOCAL' ? 'CLOUD_NATIVE' : value;
}

export function diffTableProperties(db: string, src: TableInfo, tgt: TableInfo, cfg: PlannerConfig): DiffResult {
  const out: DiffResult = { actions: [], notes: [] };
  if (!cfg.enableTablePropertySync) return out;
  const s = new Map(Object.entries(src.properties));
  const t = new Map(Object.entries(tgt.properties));
  for (const key of sortedNames(s, t)) {
    if (!isSyncedProperty(key, cfg)) continue;
    const sv = s.get(key);
    const tv = t.get(key);
    if (sv === undefined) {
      out.notes.push({
        object: 'property',
        db,
        table: src.name,
        name: key,
        reason: 'property_not_on_source',
        message: `= ${tv ?? ''} is set only on the target; kept`,
      });
      continue;
    }
    const want = wanted(key, sv);
    if (tv !== want) out.actions.push(alterTableProperty(db, src.name, key, want));
  }
  return out;
}
