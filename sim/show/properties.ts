// The property map SHOW CREATE TABLE prints for a cloud-native table (OlapTable.getProperties +
// LakeTable.getUniqueProperties, ../shared/reference/starrocks-fe-interface.md §6.10) and that
// information_schema.tables_config.PROPERTIES serializes.
import type { OlapTable } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { volumeOf } from './lookup.js';

/** Keys LakeTable does not print (shared-nothing only; storage_volume is added from the table's volume). */
const HIDDEN_KEYS = new Set([
  'replicated_storage',
  'storage_medium',
  'storage_cooldown_time',
  'binlog_enable',
  'binlog_ttl_second',
  'binlog_max_size',
  'in_memory',
]);

/** Printed only when they differ from the default (value → hidden when equal). */
const HIDDEN_WHEN: Record<string, string> = {
  enable_load_profile: 'false',
  enable_statistic_collect_on_first_load: 'true',
  file_bundling: 'false',
  compaction_strategy: 'default',
};

/** The storage volume name of the table ('' when its volume is gone). */
export function storageVolumeName(fe: FeState, table: OlapTable): string {
  return volumeOf(fe, table)?.name ?? '';
}

/** The table's printed properties, keys sorted (PrintableMap over a TreeMap). */
export function tableProperties(fe: FeState, table: OlapTable): Array<[string, string]> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(table.properties)) {
    const key = k.toLowerCase();
    if (key === 'storage_volume' || (table.type === 'CLOUD_NATIVE' && HIDDEN_KEYS.has(key))) continue;
    if (HIDDEN_WHEN[key] !== undefined && v.toLowerCase() === HIDDEN_WHEN[key]) continue;
    m.set(key, key === 'compression' ? v.toUpperCase() : v);
  }
  const def = (k: string, v: string) => {
    if (!m.has(k)) m.set(k, v);
  };
  def('compression', 'LZ4');
  def('replication_num', '1');
  if (table.keysType === 'PRIMARY_KEYS') def('enable_persistent_index', 'true');
  if (table.type === 'CLOUD_NATIVE') {
    def('datacache.enable', 'true');
    def('enable_async_write_back', 'false');
    m.set('storage_volume', storageVolumeName(fe, table));
    if (table.keysType === 'PRIMARY_KEYS' && m.get('enable_persistent_index') === 'true') def('persistent_index_type', 'CLOUD_NATIVE');
    def('cloud_native_fast_schema_evolution_v2', 'true');
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** PrintableMap(map, "=", quoted, wrap): one `"k" = "v"` per line, `"` in values escaped. */
export function printableMap(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.map(([k, v]) => `"${k}" = "${v.replace(/"/g, '\\"')}"`).join(',\n');
}

/** MaterializedView.getMaterializedViewPropMap (tables_config.PROPERTIES of an async MV). */
export function mvPropMap(fe: FeState, mv: OlapTable): Record<string, string> {
  const props: Record<string, string> = {
    replication_num: mv.properties['replication_num'] ?? '1',
    storage_medium: 'HDD',
    mv_rewrite_staleness_second: mv.properties['mv_rewrite_staleness_second'] ?? '0',
  };
  for (const k of [
    'partition_ttl_number',
    'partition_ttl',
    'auto_refresh_partitions_limit',
    'partition_refresh_number',
    'excluded_trigger_tables',
    'partition_refresh_strategy',
  ]) {
    const v = mv.properties[k];
    if (v !== undefined) props[k] = v;
  }
  props['storage_volume'] = storageVolumeName(fe, mv);
  return props;
}
