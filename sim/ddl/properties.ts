// Table properties of CREATE TABLE / ALTER TABLE SET: validation (PropertyAnalyzer) and the normalized map the
// catalog keeps for SHOW CREATE TABLE (OlapTable.getProperties + LakeTable.getUniqueProperties). storage_volume is
// kept apart (table.storageVolumeId). Keys StarRocks accepts but never prints (shared-nothing-only, or consumed
// at creation) are validated and dropped.
import type { Column, KeysType } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { ddlError, semanticError } from './errors.js';
import { javaMapToString } from './java.js';

/**
 * Config.default_automatic_bucket_size as recent StarRocks prints it for RANDOM tables (1 GiB; 3.2-era outputs show
 * 4 GiB). See sim/fidelity/ddl.md.
 */
export const DEFAULT_BUCKET_SIZE = '1073741824';

/** Printed only when set; value kept as normalized. */
const OPTIONAL_PRINTED = new Set([
  'bloom_filter_columns',
  'colocate_with',
  'bucket_size',
  'mutable_bucket_num',
  'enable_load_profile',
  'enable_statistic_collect_on_first_load',
  'base_compaction_forbidden_time_ranges',
  'primary_index_cache_expire_sec',
  'file_bundling',
  'compaction_strategy',
  'partition_live_number',
  'partition_ttl',
  'partition_retention_condition',
  'unique_constraints',
  'foreign_key_constraints',
  'time_drift_constraint',
  'datacache.partition_duration',
  'labels.location',
  // Accepted and printed as given (CREATE TABLE docs: light weight tablet creation, Flat JSON table properties 4.0+).
  'light_weight_tablet_creation',
  'flat_json.enable',
  'flat_json.null.factor',
  'flat_json.sparsity.factor',
  'flat_json.column.max',
]);

/** Accepted, analyzed, and not printed for a cloud-native table. */
const CONSUMED = new Set([
  'storage_medium',
  'storage_cooldown_time',
  'storage_cooldown_ttl',
  'in_memory',
  'storage_format',
  'storage_type',
  'write_quorum',
  'replicated_storage',
  'binlog_enable',
  'binlog_ttl_second',
  'binlog_max_size',
  'fast_schema_evolution',
  'short_key',
  'version_info',
  'tablet_type',
]);

const DYNAMIC_PARTITION_KEYS = new Set([
  'dynamic_partition.enable',
  'dynamic_partition.time_unit',
  'dynamic_partition.start',
  'dynamic_partition.end',
  'dynamic_partition.prefix',
  'dynamic_partition.buckets',
  'dynamic_partition.history_partition_num',
  'dynamic_partition.start_day_of_week',
  'dynamic_partition.start_day_of_month',
  'dynamic_partition.time_zone',
  'dynamic_partition.replication_num',
]);

const javaParseBoolean = (v: string) => (v.trim().toLowerCase() === 'true' ? 'true' : 'false');

function parseShort(v: string): number {
  if (!/^[+-]?\d+$/.test(v.trim())) throw ddlError(`For input string: "${v}"`);
  const n = Number(v.trim());
  if (n < -32768 || n > 32767) throw ddlError(`Value out of range. Value:"${v}" Radix:10`);
  return n;
}

function parseIntProp(key: string, v: string): number {
  if (!/^[+-]?\d+$/.test(v.trim())) throw ddlError(`Invalid ${key} format: ${v}`);
  return Number(v.trim());
}

/** PropertyAnalyzer.analyzeReplicationNum + checkReplicationNum. */
export function analyzeReplicationNum(v: string): string {
  const n = parseShort(v);
  if (n <= 0) throw ddlError('Replication num should larger than 0');
  return String(n);
}

/** PropertyAnalyzer.analyzeCompressionType: the printed name (`LZ4`, `ZSTD`, `ZSTD(3)`...). */
export function analyzeCompression(v: string): string {
  const s = v.trim().toLowerCase();
  const m = /^zstd\((\d+)\)$/.exec(s);
  if (m) {
    const level = Number(m[1]);
    if (level < 1 || level > 22) throw ddlError(`Invalid level for zstd compression type: ${level}`);
    return `ZSTD(${level})`;
  }
  const names: Record<string, string> = {
    lz4: 'LZ4',
    lz4_frame: 'LZ4',
    zstd: 'ZSTD',
    zlib: 'ZLIB',
    snappy: 'SNAPPY',
    no_compression: 'NO_COMPRESSION',
    default_compression: 'LZ4',
  };
  const n = names[s];
  if (!n) throw ddlError(`unknown compression type: ${v}`);
  return n;
}

export function analyzePersistentIndexType(v: string): string {
  const s = v.trim().toUpperCase();
  if (s !== 'LOCAL' && s !== 'CLOUD_NATIVE') throw ddlError(`Invalid persistent index type: ${v}`);
  return s;
}

export interface TablePropertyContext {
  keysType: KeysType;
  columns: Column[];
  cloudNative: boolean;
  distributionType: 'HASH' | 'RANDOM' | 'RANGE';
  autoBuckets: boolean;
  rangePartitioned: boolean;
  /** Extra keys the caller handles itself (e.g. MV-only keys). */
  extraKeys?: ReadonlySet<string>;
}

export interface AnalyzedProperties {
  properties: Record<string, string>;
  /** The storage_volume property ('' when not given). */
  storageVolume: string;
}

function checkBloomFilterColumns(value: string, ctx: TablePropertyContext): string {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: string[] = [];
  for (const n of names) {
    const col = ctx.columns.find((c) => c.name.toLowerCase() === n.toLowerCase());
    if (!col) throw ddlError(`Bloom filter column does not exist in table. invalid column: ${n}`);
    if (/^(float|double|boolean|tinyint|hll|bitmap|percentile|json|array|map|struct)/.test(col.type)) {
      throw ddlError(`Invalid bloom filter column '${col.name}': unsupported type ${col.type}`);
    }
    if (ctx.keysType === 'AGG_KEYS' && !col.isKey) {
      throw ddlError(
        `Bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE/AGG table. invalid column: ${col.name}`,
      );
    }
    if (out.some((o) => o.toLowerCase() === col.name.toLowerCase())) throw ddlError(`Duplicate bloom filter column: ${n}`);
    out.push(col.name);
  }
  return out.join(', ');
}

/** Normalizes one settable property value; returns null for a key it does not handle. */
function analyzeOne(key: string, value: string, ctx: TablePropertyContext): string | null {
  switch (key) {
    case 'replication_num':
      return analyzeReplicationNum(value);
    case 'compression':
      return analyzeCompression(value);
    case 'datacache.enable':
    case 'enable_async_write_back':
    case 'enable_persistent_index':
    case 'enable_load_profile':
    case 'file_bundling':
    case 'enable_statistic_collect_on_first_load':
    case 'cloud_native_fast_schema_evolution_v2':
    case 'light_weight_tablet_creation':
    case 'flat_json.enable':
      return javaParseBoolean(value);
    case 'persistent_index_type':
      return analyzePersistentIndexType(value);
    case 'bloom_filter_columns':
      return checkBloomFilterColumns(value, ctx);
    case 'bucket_size': {
      // CREATE TABLE: OlapTableFactory's check surfaces as an unexpected exception; ALTER re-checks it in the analyzer.
      const n = parseIntProp(key, value);
      if (n <= 0) throw ddlError(`Unexpected exception: Illegal bucket size: ${n}`);
      return String(n);
    }
    case 'mutable_bucket_num':
    case 'partition_live_number':
    case 'primary_index_cache_expire_sec':
      return String(parseIntProp(key, value));
    case 'compaction_strategy': {
      const s = value.trim().toUpperCase();
      if (s !== 'DEFAULT' && s !== 'REAL_TIME') throw ddlError(`Invalid compaction strategy: ${value}`);
      return s;
    }
    default:
      if (OPTIONAL_PRINTED.has(key) || DYNAMIC_PARTITION_KEYS.has(key) || CONSUMED.has(key)) return value;
      return null;
  }
}

/**
 * DynamicPartitionUtil.checkInputDynamicPartitionProperties: enable defaults to true, prefix to `p`, start to
 * Integer.MIN_VALUE, time_zone to the FE's system time zone; time_unit and end are required (DdlException).
 */
function fillDynamicPartitionDefaults(props: Record<string, string>): void {
  const empty = (k: string) => (props[k] ?? '') === '';
  if (empty('dynamic_partition.enable')) props['dynamic_partition.enable'] = 'true';
  if (empty('dynamic_partition.time_unit')) throw ddlError('Must assign dynamic_partition.time_unit properties');
  if (empty('dynamic_partition.prefix')) props['dynamic_partition.prefix'] = 'p';
  if (empty('dynamic_partition.start')) props['dynamic_partition.start'] = '-2147483648';
  if (empty('dynamic_partition.end')) throw ddlError('Must assign dynamic_partition.end properties');
  if (empty('dynamic_partition.time_zone')) {
    props['dynamic_partition.time_zone'] = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  }
}

/** The printed properties of a new table, validated; throws StarRocks' errors for bad keys or values. */
export function analyzeTableProperties(fe: FeState, given: Record<string, string>, ctx: TablePropertyContext): AnalyzedProperties {
  const sharedData = fe.options.runMode === 'shared_data';
  const props: Record<string, string> = {
    compression: 'LZ4',
    replication_num: sharedData ? '1' : '3',
  };
  if (ctx.cloudNative) {
    props['datacache.enable'] = 'true';
    props['enable_async_write_back'] = 'false';
    props['cloud_native_fast_schema_evolution_v2'] = 'true';
    // File bundling is on for cloud-native tables created since v4.0 (FE config enable_file_bundling, default true).
    props['file_bundling'] = 'true';
  } else {
    props['fast_schema_evolution'] = 'true';
    props['replicated_storage'] = 'true';
  }
  if (ctx.keysType === 'PRIMARY_KEYS') {
    props['enable_persistent_index'] = 'true';
    if (ctx.cloudNative) props['persistent_index_type'] = 'CLOUD_NATIVE';
  }
  // Every RANDOM table records its bucket size (automatic or explicit BUCKETS alike).
  if (ctx.distributionType === 'RANDOM') props['bucket_size'] = DEFAULT_BUCKET_SIZE;

  let storageVolume = '';
  const unknown: Record<string, string> = {};
  const hasDynamic = Object.keys(given).some((k) => DYNAMIC_PARTITION_KEYS.has(k));
  if (hasDynamic && !ctx.rangePartitioned) throw ddlError('Only support dynamic partition properties on range partition table');
  for (const [key, value] of Object.entries(given)) {
    if (key === 'storage_volume') {
      storageVolume = value;
      continue;
    }
    if (ctx.extraKeys?.has(key)) continue;
    const v = analyzeOne(key, value, ctx);
    if (v === null) {
      unknown[key] = value;
      continue;
    }
    if (CONSUMED.has(key)) {
      if (key === 'fast_schema_evolution' && !ctx.cloudNative) props[key] = javaParseBoolean(value);
      if (key === 'replicated_storage' && !ctx.cloudNative) props[key] = javaParseBoolean(value);
      continue;
    }
    props[key] = v;
  }
  if (ctx.keysType !== 'PRIMARY_KEYS') {
    delete props['enable_persistent_index'];
    delete props['persistent_index_type'];
    delete props['primary_index_cache_expire_sec'];
  } else {
    if (props['enable_persistent_index'] === 'false') delete props['persistent_index_type'];
    else if (ctx.cloudNative && !props['persistent_index_type']) props['persistent_index_type'] = 'CLOUD_NATIVE';
    if (props['primary_index_cache_expire_sec'] !== undefined && Number(props['primary_index_cache_expire_sec']) <= 0) {
      delete props['primary_index_cache_expire_sec'];
    }
  }
  if (!ctx.cloudNative) {
    for (const k of ['datacache.enable', 'enable_async_write_back', 'datacache.partition_duration', 'persistent_index_type', 'file_bundling']) {
      delete props[k];
    }
  }
  if (props['enable_load_profile'] === 'false') delete props['enable_load_profile'];
  if (props['enable_statistic_collect_on_first_load'] === 'true') delete props['enable_statistic_collect_on_first_load'];
  if (props['file_bundling'] === 'false') delete props['file_bundling'];
  if (props['compaction_strategy'] === 'DEFAULT') delete props['compaction_strategy'];
  if (hasDynamic) fillDynamicPartitionDefaults(props);
  if (props['colocate_with'] !== undefined && ctx.distributionType === 'RANDOM') {
    throw ddlError("random distribution does not support 'colocate_with'");
  }
  if (Object.keys(unknown).length > 0) throw ddlError(`Unknown properties: ${javaMapToString(unknown)}`);
  return { properties: props, storageVolume };
}

/** Keys ALTER TABLE ... SET (...) may change on a cloud-native table (ModifyTablePropertiesClause, simplified). */
const ALTERABLE = new Set([
  'replication_num',
  'datacache.enable',
  'enable_async_write_back',
  'enable_persistent_index',
  'persistent_index_type',
  ...OPTIONAL_PRINTED,
  'compression',
  'cloud_native_fast_schema_evolution_v2',
]);

/** ALTER TABLE t SET ("k" = "v"): the table's new printed properties. */
export function alterTableProperties(
  current: Record<string, string>,
  given: Record<string, string>,
  ctx: TablePropertyContext,
): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(given)) {
    if (key === 'storage_volume' || (!ALTERABLE.has(key) && !DYNAMIC_PARTITION_KEYS.has(key))) {
      throw semanticError(`Unknown properties: {${key}=${value}}`);
    }
    if (DYNAMIC_PARTITION_KEYS.has(key) && !ctx.rangePartitioned) {
      throw ddlError('Only support dynamic partition properties on range partition table');
    }
    if (
      (key === 'enable_persistent_index' || key === 'persistent_index_type' || key === 'primary_index_cache_expire_sec') &&
      ctx.keysType !== 'PRIMARY_KEYS'
    ) {
      throw ddlError(`Property ${key} can only be set on a primary key table`);
    }
    if (key === 'bucket_size' && /^[+-]?\d+$/.test(value.trim()) && Number(value.trim()) <= 0) {
      throw semanticError(`Illegal bucket size: ${Number(value.trim())}`);
    }
    const v = analyzeOne(key, value, ctx) ?? value;
    next[key] = v;
  }
  if (ctx.keysType === 'PRIMARY_KEYS') {
    if (next['enable_persistent_index'] === 'false') delete next['persistent_index_type'];
    else if (ctx.cloudNative && !next['persistent_index_type']) next['persistent_index_type'] = 'CLOUD_NATIVE';
  }
  if (next['enable_load_profile'] === 'false') delete next['enable_load_profile'];
  if (next['enable_statistic_collect_on_first_load'] === 'true') delete next['enable_statistic_collect_on_first_load'];
  if (next['file_bundling'] === 'false') delete next['file_bundling'];
  if (next['compaction_strategy'] === 'DEFAULT') delete next['compaction_strategy'];
  return next;
}
