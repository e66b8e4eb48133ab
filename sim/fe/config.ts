// FE configuration as `ADMIN SHOW/SET FRONTEND CONFIG` sees it (keys and defaults from StarRocks' Config.java,
// see ../shared/reference/starrocks-fe-interface.md §8 and sim/FIDELITY.md).
import { SimError } from './errors.js';

export type ConfigType = 'int' | 'long' | 'boolean' | 'String' | 'double';

export interface ConfigDef {
  key: string;
  type: ConfigType;
  defaultValue: string;
  mutable: boolean;
  comment: string;
}

const def = (key: string, type: ConfigType, defaultValue: string, mutable: boolean, comment = ''): ConfigDef => ({
  key,
  type,
  defaultValue,
  mutable,
  comment,
});

/** The keys the simulator knows, in Config.java order groups. Unknown keys are rejected as StarRocks does. */
export const CONFIG_DEFS: readonly ConfigDef[] = [
  def('run_mode', 'String', 'shared_nothing', false),
  def('cloud_native_meta_port', 'int', '6090', false),
  def('http_port', 'int', '8030', false),
  def('rpc_port', 'int', '9020', false),
  def('query_port', 'int', '9030', false),
  def('edit_log_port', 'int', '9010', false),
  def('mysql_server_version', 'String', '8.0.33', true),
  def('thrift_client_timeout_ms', 'int', '5000', false),
  def('thrift_rpc_strict_mode', 'boolean', 'true', false),
  def('thrift_rpc_max_body_size', 'int', '-1', false),
  def('thrift_backlog_num', 'int', '1024', false),
  def('thrift_server_queue_size', 'int', '4096', false),
  def('thrift_server_max_worker_threads', 'int', '4096', true),
  def('replication_interval_ms', 'int', '100', false),
  def('replication_max_parallel_table_count', 'int', '100', true),
  def('replication_max_parallel_replica_count', 'int', '10240', true),
  def('replication_max_parallel_data_size_mb', 'int', '1048576', true),
  def('replication_transaction_timeout_sec', 'int', '86400', true),
  def('enable_legacy_compatibility_for_replication', 'boolean', 'false', true),
  // PR #70053 (StorageVolumeAccessChecker): CREATE/ALTER STORAGE VOLUME writes a probe file at every location first
  def('enable_storage_volume_access_check', 'boolean', 'true', true),
  def('lake_autovacuum_grace_period_minutes', 'long', '30', true),
  def('lake_autovacuum_partition_naptime_seconds', 'long', '180', true),
  def('lake_autovacuum_parallel_partitions', 'int', '8', false),
  def('lake_compaction_max_tasks', 'int', '-1', true),
  def('lake_compaction_interval_ms_on_success', 'long', '10000', true),
  def('history_job_keep_max_second', 'int', '604800', true),
  def('max_show_proc_transactions_entry', 'int', '2000', true),
  def('label_keep_max_second', 'int', '259200', true),
  def('enable_http_auth', 'boolean', 'false', false), // static (fe.conf): PR #73822
  // Range distribution and tablet reshard (Config.java@6b3e681e; starrocks-2026.md §1.5, §1.6). The default of
  // enable_range_distribution follows the reported version: false in 4.1.x, true from 4.2 (PR #76543).
  def('enable_range_distribution', 'boolean', 'false', true),
  def('enable_mv_range_distribution', 'boolean', 'false', true),
  def('tablet_reshard_target_size', 'long', '10737418240', true),
  def('tablet_reshard_max_split_count', 'int', '1024', true),
  def('tablet_reshard_enable_tablet_merge', 'boolean', 'false', true),
  def('tablet_reshard_history_job_keep_max_ms', 'long', '259200000', true),
  def('tablet_reshard_max_parallel_tablets', 'long', '10240', true),
  def('enable_tablet_pre_split_for_insert_from_files', 'boolean', 'true', true),
  def('enable_tablet_pre_split_for_broker_load', 'boolean', 'true', true),
  def('enable_tablet_pre_split_for_insert_from_table', 'boolean', 'true', true),
  def('enable_tablet_pre_split_for_mv_refresh', 'boolean', 'true', true),
  def('enable_execute_script_on_frontend', 'boolean', 'true', false), // static (fe.conf)
];

/** StarRocks 4.2 and later (main after PR #76543) default `enable_range_distribution` to true. */
export function rangeDistributionDefault(version: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 4 || (major === 4 && minor >= 2);
}

const BY_KEY = new Map(CONFIG_DEFS.map((d) => [d.key, d]));

export class FeConfig {
  private readonly values = new Map<string, string>();
  /** What survives an FE restart (fe.conf): defaults, startup values and `WITH PERSISTENT` changes. */
  private readonly persisted = new Map<string, string>();

  constructor(overrides: Record<string, string> = {}) {
    for (const d of CONFIG_DEFS) this.values.set(d.key, d.defaultValue);
    for (const [k, v] of Object.entries(overrides)) this.values.set(k, v);
    for (const [k, v] of this.values) this.persisted.set(k, v);
  }

  /**
   * Version-dependent defaults (called once at FE start with the reported version): a key not given explicitly
   * (fe.conf / image) takes the default of that StarRocks version.
   */
  applyVersionDefaults(version: string, explicit: Record<string, string> = {}): void {
    if (explicit['enable_range_distribution'] !== undefined) return;
    const v = String(rangeDistributionDefault(version));
    this.values.set('enable_range_distribution', v);
    this.persisted.set('enable_range_distribution', v);
  }

  get(key: string): string {
    const v = this.values.get(key);
    if (v === undefined) throw new Error(`unknown FE config ${key}`);
    return v;
  }

  getInt(key: string): number {
    return Number(this.get(key));
  }

  getBool(key: string): boolean {
    return this.get(key) === 'true';
  }

  /**
   * ADMIN SET FRONTEND CONFIG: StarRocks' ConfigBase.setConfig checks existence, mutability and the value's type.
   * `persist` = false (no `WITH PERSISTENT`): the change lives in memory only and is gone after an FE restart.
   */
  set(key: string, value: string, persist = true): void {
    const d = BY_KEY.get(key);
    // ErrorCode.ERR_CONFIG_NOT_EXIST / ConfigBase.setConfig (sim/fidelity/research.md §10).
    if (!d || !d.mutable) throw new SimError(5102, `Config '${key}' does not exist or is not mutable`, 'F0000');
    const v = normalize(d, value);
    this.values.set(key, v);
    if (persist) this.persisted.set(key, v);
  }

  /** Set regardless of mutability (startup options, restore from the image). */
  setInternal(key: string, value: string): void {
    this.values.set(key, value);
    this.persisted.set(key, value);
  }

  defs(): readonly ConfigDef[] {
    return CONFIG_DEFS;
  }

  /** What an FE image keeps: the values a restart starts from (in-memory-only changes are left out). */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.persisted);
  }
}

function normalize(d: ConfigDef, value: string): string {
  const bad = () => new SimError(5102, `Failed to set config '${d.key}'. err: invalid value '${value}' for type ${d.type}`, 'F0000');
  switch (d.type) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(value.trim())) throw bad();
      // BigInt keeps a Java long exact (tablet_reshard_target_size = 9223372036854775807 in the migration docs).
      const n = BigInt(value.trim());
      if (d.type === 'int' && (n > 2147483647n || n < -2147483648n)) throw bad();
      if (n > 9223372036854775807n || n < -9223372036854775808n) throw bad();
      return n.toString();
    }
    case 'double':
      if (Number.isNaN(Number(value))) throw bad();
      return value.trim();
    case 'boolean': {
      const v = value.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw bad();
      return v;
    }
    default:
      return value;
  }
}
