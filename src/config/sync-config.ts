// SyncConfig: conf/sync.properties as one typed, immutable object. Field names are the manual's keys in
// camelCase (source_fe_query_port → sourceFeQueryPort); defaults and meanings are the manual's.
import {
  bool,
  host,
  httpScheme,
  logLevel,
  nonEmptyName,
  optionalBool,
  optionalName,
  percent,
  port,
  portOrZero,
  positiveInt,
  positiveNumber,
  replicationNum,
  verbatim,
  type DataListEntry,
  type LogLevelName,
  type ValueParser,
} from './values.js';
import { dataList, databaseMapping, tableMapping, type NameMappingEntry } from './data-list.js';
import { z } from 'zod';
import { byteSize, timeZone, windowList } from '../steering/limits.js';

/** One privilege_sync_exclude_users entry: a name (every host: host null) or a full identity `'jack'@'%'`. */
export interface PrivilegeUserEntry {
  readonly user: string;
  readonly host: string | null;
}

const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** `jack, 'jill'@'%'` → entries; a quoted name without a host (`'jack'`) is a name. */
export const privilegeUserList: ValueParser<readonly PrivilegeUserEntry[]> = z.string().transform((s, ctx) => {
  const out: PrivilegeUserEntry[] = [];
  for (const item of splitList(s)) {
    const full = /^'([^']*)'@'([^']*)'$/.exec(item) ?? /^`([^`]*)`@`([^`]*)`$/.exec(item);
    const quoted = /^'([^']*)'$/.exec(item);
    if (full) out.push(Object.freeze({ user: full[1]!, host: full[2]! }));
    else if (quoted) out.push(Object.freeze({ user: quoted[1]!, host: null }));
    else if (!/['`@]/.test(item)) out.push(Object.freeze({ user: item, host: null }));
    else {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `has entry '${item}', which is not a user name (jack) or identity ('jack'@'%')` });
      return z.NEVER;
    }
  }
  return Object.freeze(out);
});

/** `r1, r2` → role names (quotes around a name are taken off). */
export const privilegeRoleList: ValueParser<readonly string[]> = z
  .string()
  .transform((s) => Object.freeze(splitList(s).map((x) => x.replace(/^'(.*)'$|^`(.*)`$/, (_m, a?: string, b?: string) => a ?? b ?? ''))));

export type { DataListEntry, LogLevelName };

export interface SyncConfig {
  /** Synchronize every table once, then exit (instead of running until stopped). Default false. */
  readonly oneTimeRunMode: boolean;

  /** IP address or FQDN of the source cluster's FE. Required. */
  readonly sourceFeHost: string;
  /** query_port of the source FE. Default 9030. */
  readonly sourceFeQueryPort: number;
  /** Source login; needs SYSTEM-level OPERATE. Default root. */
  readonly sourceClusterUser: string;
  /** Source password in plain text (already decrypted when a secret key is set). Default empty. */
  readonly sourceClusterPassword: string;
  /** The key source_cluster_password was encrypted with; empty: the password is plain text. */
  readonly sourceClusterPasswordSecretKey: string;
  /** Shared-nothing sources only (BE snapshot auth); not used for shared-data. Default empty. */
  readonly sourceClusterToken: string;

  /** IP address or FQDN of the target cluster's FE. Required. */
  readonly targetFeHost: string;
  /** query_port of the target FE. Default 9030. */
  readonly targetFeQueryPort: number;
  /** Target login; needs SYSTEM-level OPERATE. Default root. */
  readonly targetClusterUser: string;
  /** Target password in plain text (already decrypted when a secret key is set). Default empty. */
  readonly targetClusterPassword: string;
  /** The key target_cluster_password was encrypted with; empty: the password is plain text. */
  readonly targetClusterPasswordSecretKey: string;

  /** Connect timeout for FE queries, ms. Default 30000. */
  readonly jdbcConnectTimeoutMs: number;
  /** Socket (per statement) timeout for FE queries, ms. Default 60000. */
  readonly jdbcSocketTimeoutMs: number;

  /** Databases / tables to migrate; empty: all. Applied before exclude_data_list. */
  readonly includeDataList: readonly DataListEntry[];
  /** Databases / tables not to migrate; include_data_list takes priority. */
  readonly excludeDataList: readonly DataListEntry[];

  /** Storage volume for tables created on the target; null: preserve the source table's volume name. */
  readonly targetClusterStorageVolume: string | null;
  /** Replicas for tables created on the target; -1: same as the source. Default -1. */
  readonly targetClusterReplicationNum: number;
  /** Shared-nothing targets only: BE disk usage threshold in %. Not used for shared-data. Default 80. */
  readonly targetClusterMaxDiskUsedPercent: number;
  /** enable_persistent_index for tables created on the target; null: same as the source. */
  readonly targetClusterEnablePersistentIndex: boolean | null;
  /** Create every target table in builtin_storage_volume. Default false. */
  readonly targetClusterUseBuiltinStorageVolumeOnly: boolean;

  /** Data size threshold per replication job, GB. Default 1024. */
  readonly maxReplicationDataSizePerJobInGb: number;
  /** Interval between metadata reads of both clusters, s. Default 180. */
  readonly metaJobIntervalSeconds: number;
  /** Threads for metadata reads. Default 4. */
  readonly metaJobThreads: number;
  /** Interval between DDL rounds on the target, s. Default 5. */
  readonly ddlJobIntervalSeconds: number;
  /** DDL statements per round. Default 10. */
  readonly ddlJobBatchSize: number;

  /** Drop databases/tables that exist only on the target. Default false. */
  readonly ddlJobAllowDropTargetOnly: boolean;
  /** Drop (and re-sync) tables whose schema differs. Default true. */
  readonly ddlJobAllowDropSchemaChangeTable: boolean;
  /** Drop (and re-sync) partitions whose data distribution differs. Default true. */
  readonly ddlJobAllowDropInconsistentPartition: boolean;
  /** Drop (and re-sync) partitions whose time range differs. Default true. */
  readonly ddlJobAllowDropInconsistentTimePartition: boolean;
  /** Drop partitions deleted on the source. Default true. */
  readonly ddlJobAllowDropPartitionTargetOnly: boolean;

  /** Synchronize bitmap indexes. Default false. */
  readonly enableBitmapIndexSync: boolean;
  /** Drop inconsistent bitmap indexes. Default true. */
  readonly ddlJobAllowDropInconsistentBitmapIndex: boolean;
  /** Drop bitmap indexes deleted on the source. Default true. */
  readonly ddlJobAllowDropBitmapIndexTargetOnly: boolean;

  /** Synchronize materialized view definitions (not their data). Default false. */
  readonly enableMaterializedViewSync: boolean;
  /** Drop inconsistent materialized views. Default true. */
  readonly ddlJobAllowDropInconsistentMaterializedView: boolean;
  /** Drop materialized views deleted on the source. Default false. */
  readonly ddlJobAllowDropMaterializedViewTargetOnly: boolean;

  /** Synchronize logical views. Default false. */
  readonly enableViewSync: boolean;
  /** Drop inconsistent logical views. Default true. */
  readonly ddlJobAllowDropInconsistentView: boolean;
  /** Drop logical views deleted on the source. Default false. */
  readonly ddlJobAllowDropViewTargetOnly: boolean;

  /** Interval between replication rounds, s. Default 10. */
  readonly replicationJobIntervalSeconds: number;
  /** Replication jobs started per round. Default 10. */
  readonly replicationJobBatchSize: number;
  /** Interval between progress reports in the log, s. Default 300. */
  readonly reportIntervalSeconds: number;
  /** Synchronize table properties. Default false. */
  readonly enableTablePropertySync: boolean;

  /** Synchronize users, roles and their privileges to the target (2026 tool). Default false. */
  readonly enablePrivilegeSync: boolean;
  /** Drop users that exist only on the target. Default false. */
  readonly ddlJobAllowDropUserTargetOnly: boolean;
  /** Drop roles that exist only on the target. Default false. */
  readonly ddlJobAllowDropRoleTargetOnly: boolean;
  /** Drop and re-create a user whose definition differs (its grants read in the same round are re-granted). Default true. */
  readonly ddlJobAllowDropInconsistentUser: boolean;
  /** Revoke grants that exist only on the target. Default false. */
  readonly ddlJobAllowRevokeGrantTargetOnly: boolean;
  /** Users never changed: names (`jack`, every host) or identities (`'jack'@'%'`); root and target_cluster_user always. */
  readonly privilegeSyncExcludeUsers: readonly PrivilegeUserEntry[];
  /** Roles never changed, by name. */
  readonly privilegeSyncExcludeRoles: readonly string[];

  // srsync-only keys (absent from the official tool's file; defaults apply).
  /** log_level: lowest level written to the log files. Default INFO. */
  readonly logLevel: LogLevelName;
  /** log_max_file_size_mb: a log file is rotated when it would exceed this size. Default 100. */
  readonly logMaxFileSizeMb: number;
  /** log_max_backup_files: rotated files kept per log (sync.INFO.log.1 .. .N). Default 10. */
  readonly logMaxBackupFiles: number;
  /** status_http_port: port of the status/metrics HTTP endpoint (GET /status, GET /metrics); 0 = off. Default 0. */
  readonly statusHttpPort: number;
  /** status_http_host: address the status endpoint listens on. Default 127.0.0.1 (this machine only). */
  readonly statusHttpHost: string;
  /** status_http_token: bearer token the status endpoint requires (always when set; a must beyond loopback). '' = none. */
  readonly statusHttpToken: string;
  /** status_http_tls_cert_file: PEM certificate (chain) for HTTPS on the status endpoint; null = plain HTTP. */
  readonly statusHttpTlsCertFile: string | null;
  /** status_http_tls_key_file: PEM private key of status_http_tls_cert_file; null = plain HTTP. */
  readonly statusHttpTlsKeyFile: string | null;
  /** source_fe_http_scheme: how GET /service_id reaches the source FE (https: its https_port, mapped in hosts.properties). Default http. */
  readonly sourceFeHttpScheme: 'http' | 'https';
  /** source_fe_http_ca_file: extra trusted CA certificates (PEM) for https to the source FE, resolved against conf/; null = Node's roots. */
  readonly sourceFeHttpCaFile: string | null;
  /** prepare_src_volume_access_key: access key `srsync prepare` puts in the src_ volumes it creates ('' = ask on a terminal). */
  readonly prepareSrcVolumeAccessKey: string;
  /** prepare_src_volume_secret_key: secret key `srsync prepare` puts in the src_ volumes it creates ('' = ask on a terminal). */
  readonly prepareSrcVolumeSecretKey: string;
  /** target_database_mapping: `<src_db>:<target_db>[,...]`; a source database created under another name on the target. */
  readonly targetDatabaseMapping: readonly NameMappingEntry[];
  /** target_table_mapping: `<src_db>.<src_table>:<target_table>[,...]`; the table keeps its database's mapping. */
  readonly targetTableMapping: readonly NameMappingEntry[];
  /** replication_max_bytes_in_flight: most planned bytes of jobs on the target at once (0 = off); changeable while running. */
  readonly replicationMaxBytesInFlight: number;
  /** replication_bytes_per_second: job admission budget over the jobs' planned sizes (0 = off); changeable while running. */
  readonly replicationBytesPerSecond: number;
  /** replication_windows: time windows outside which no new job starts ('' = always; canonical text); changeable while running. */
  readonly replicationWindows: string;
  /** replication_window_time_zone: IANA zone of replication_windows ('' = the machine's); changeable while running. */
  readonly replicationWindowTimeZone: string;
}

export type SyncConfigField = keyof SyncConfig;

export interface KeySpec<F extends SyncConfigField> {
  readonly key: string;
  readonly field: F;
  /** The default as it would be written in the file (the manual's value). */
  readonly default: string;
  readonly parse: ValueParser<SyncConfig[F]>;
  /** Shown as ****** by redact and registered with the logger's masking. */
  readonly secret?: boolean;
  /** Only meaningful for shared-nothing clusters: accepted, not used. */
  readonly sharedNothingOnly?: boolean;
  /** Not a key of the official tool. */
  readonly srsyncOnly?: boolean;
}

type SpecTable = { readonly [F in SyncConfigField]: Omit<KeySpec<F>, 'field'> };

const TABLE: SpecTable = {
  oneTimeRunMode: { key: 'one_time_run_mode', default: 'false', parse: bool },
  sourceFeHost: { key: 'source_fe_host', default: '', parse: host },
  sourceFeQueryPort: { key: 'source_fe_query_port', default: '9030', parse: port },
  sourceClusterUser: { key: 'source_cluster_user', default: 'root', parse: nonEmptyName },
  sourceClusterPassword: { key: 'source_cluster_password', default: '', parse: verbatim, secret: true },
  sourceClusterPasswordSecretKey: { key: 'source_cluster_password_secret_key', default: '', parse: verbatim, secret: true },
  sourceClusterToken: { key: 'source_cluster_token', default: '', parse: verbatim, secret: true, sharedNothingOnly: true },
  targetFeHost: { key: 'target_fe_host', default: '', parse: host },
  targetFeQueryPort: { key: 'target_fe_query_port', default: '9030', parse: port },
  targetClusterUser: { key: 'target_cluster_user', default: 'root', parse: nonEmptyName },
  targetClusterPassword: { key: 'target_cluster_password', default: '', parse: verbatim, secret: true },
  targetClusterPasswordSecretKey: { key: 'target_cluster_password_secret_key', default: '', parse: verbatim, secret: true },
  jdbcConnectTimeoutMs: { key: 'jdbc_connect_timeout_ms', default: '30000', parse: positiveInt },
  jdbcSocketTimeoutMs: { key: 'jdbc_socket_timeout_ms', default: '60000', parse: positiveInt },
  includeDataList: { key: 'include_data_list', default: '', parse: dataList },
  excludeDataList: { key: 'exclude_data_list', default: '', parse: dataList },
  targetClusterStorageVolume: { key: 'target_cluster_storage_volume', default: '', parse: optionalName },
  targetClusterReplicationNum: { key: 'target_cluster_replication_num', default: '-1', parse: replicationNum },
  targetClusterMaxDiskUsedPercent: { key: 'target_cluster_max_disk_used_percent', default: '80', parse: percent, sharedNothingOnly: true },
  targetClusterEnablePersistentIndex: { key: 'target_cluster_enable_persistent_index', default: '', parse: optionalBool },
  targetClusterUseBuiltinStorageVolumeOnly: { key: 'target_cluster_use_builtin_storage_volume_only', default: 'false', parse: bool },
  maxReplicationDataSizePerJobInGb: { key: 'max_replication_data_size_per_job_in_gb', default: '1024', parse: positiveNumber },
  metaJobIntervalSeconds: { key: 'meta_job_interval_seconds', default: '180', parse: positiveNumber },
  metaJobThreads: { key: 'meta_job_threads', default: '4', parse: positiveInt },
  ddlJobIntervalSeconds: { key: 'ddl_job_interval_seconds', default: '5', parse: positiveNumber },
  ddlJobBatchSize: { key: 'ddl_job_batch_size', default: '10', parse: positiveInt },
  ddlJobAllowDropTargetOnly: { key: 'ddl_job_allow_drop_target_only', default: 'false', parse: bool },
  ddlJobAllowDropSchemaChangeTable: { key: 'ddl_job_allow_drop_schema_change_table', default: 'true', parse: bool },
  ddlJobAllowDropInconsistentPartition: { key: 'ddl_job_allow_drop_inconsistent_partition', default: 'true', parse: bool },
  ddlJobAllowDropInconsistentTimePartition: { key: 'ddl_job_allow_drop_inconsistent_time_partition', default: 'true', parse: bool },
  ddlJobAllowDropPartitionTargetOnly: { key: 'ddl_job_allow_drop_partition_target_only', default: 'true', parse: bool },
  enableBitmapIndexSync: { key: 'enable_bitmap_index_sync', default: 'false', parse: bool },
  ddlJobAllowDropInconsistentBitmapIndex: { key: 'ddl_job_allow_drop_inconsistent_bitmap_index', default: 'true', parse: bool },
  ddlJobAllowDropBitmapIndexTargetOnly: { key: 'ddl_job_allow_drop_bitmap_index_target_only', default: 'true', parse: bool },
  enableMaterializedViewSync: { key: 'enable_materialized_view_sync', default: 'false', parse: bool },
  ddlJobAllowDropInconsistentMaterializedView: { key: 'ddl_job_allow_drop_inconsistent_materialized_view', default: 'true', parse: bool },
  ddlJobAllowDropMaterializedViewTargetOnly: { key: 'ddl_job_allow_drop_materialized_view_target_only', default: 'false', parse: bool },
  enableViewSync: { key: 'enable_view_sync', default: 'false', parse: bool },
  ddlJobAllowDropInconsistentView: { key: 'ddl_job_allow_drop_inconsistent_view', default: 'true', parse: bool },
  ddlJobAllowDropViewTargetOnly: { key: 'ddl_job_allow_drop_view_target_only', default: 'false', parse: bool },
  replicationJobIntervalSeconds: { key: 'replication_job_interval_seconds', default: '10', parse: positiveNumber },
  replicationJobBatchSize: { key: 'replication_job_batch_size', default: '10', parse: positiveInt },
  reportIntervalSeconds: { key: 'report_interval_seconds', default: '300', parse: positiveNumber },
  enableTablePropertySync: { key: 'enable_table_property_sync', default: 'false', parse: bool },
  enablePrivilegeSync: { key: 'enable_privilege_sync', default: 'false', parse: bool },
  ddlJobAllowDropUserTargetOnly: { key: 'ddl_job_allow_drop_user_target_only', default: 'false', parse: bool },
  ddlJobAllowDropRoleTargetOnly: { key: 'ddl_job_allow_drop_role_target_only', default: 'false', parse: bool },
  ddlJobAllowDropInconsistentUser: { key: 'ddl_job_allow_drop_inconsistent_user', default: 'true', parse: bool },
  ddlJobAllowRevokeGrantTargetOnly: { key: 'ddl_job_allow_revoke_grant_target_only', default: 'false', parse: bool },
  privilegeSyncExcludeUsers: { key: 'privilege_sync_exclude_users', default: '', parse: privilegeUserList },
  privilegeSyncExcludeRoles: { key: 'privilege_sync_exclude_roles', default: '', parse: privilegeRoleList },
  logLevel: { key: 'log_level', default: 'INFO', parse: logLevel, srsyncOnly: true },
  logMaxFileSizeMb: { key: 'log_max_file_size_mb', default: '100', parse: positiveNumber, srsyncOnly: true },
  logMaxBackupFiles: { key: 'log_max_backup_files', default: '10', parse: positiveInt, srsyncOnly: true },
  statusHttpPort: { key: 'status_http_port', default: '0', parse: portOrZero, srsyncOnly: true },
  statusHttpHost: { key: 'status_http_host', default: '127.0.0.1', parse: host, srsyncOnly: true },
  statusHttpToken: { key: 'status_http_token', default: '', parse: verbatim, secret: true, srsyncOnly: true },
  statusHttpTlsCertFile: { key: 'status_http_tls_cert_file', default: '', parse: optionalName, srsyncOnly: true },
  statusHttpTlsKeyFile: { key: 'status_http_tls_key_file', default: '', parse: optionalName, srsyncOnly: true },
  sourceFeHttpScheme: { key: 'source_fe_http_scheme', default: 'http', parse: httpScheme, srsyncOnly: true },
  sourceFeHttpCaFile: { key: 'source_fe_http_ca_file', default: '', parse: optionalName, srsyncOnly: true },
  prepareSrcVolumeAccessKey: { key: 'prepare_src_volume_access_key', default: '', parse: verbatim, secret: true, srsyncOnly: true },
  prepareSrcVolumeSecretKey: { key: 'prepare_src_volume_secret_key', default: '', parse: verbatim, secret: true, srsyncOnly: true },
  targetDatabaseMapping: { key: 'target_database_mapping', default: '', parse: databaseMapping, srsyncOnly: true },
  targetTableMapping: { key: 'target_table_mapping', default: '', parse: tableMapping, srsyncOnly: true },
  replicationMaxBytesInFlight: { key: 'replication_max_bytes_in_flight', default: '0', parse: byteSize, srsyncOnly: true },
  replicationBytesPerSecond: { key: 'replication_bytes_per_second', default: '0', parse: byteSize, srsyncOnly: true },
  replicationWindows: { key: 'replication_windows', default: '', parse: windowList, srsyncOnly: true },
  replicationWindowTimeZone: { key: 'replication_window_time_zone', default: '', parse: timeZone, srsyncOnly: true },
};

export type AnyKeySpec = { [F in SyncConfigField]: KeySpec<F> }[SyncConfigField];

/** Every key of sync.properties, in the order of the manual's file (srsync-only keys last). */
export const KEY_SPECS: readonly AnyKeySpec[] = Object.freeze(
  (Object.keys(TABLE) as SyncConfigField[]).map((field) => Object.freeze({ ...TABLE[field], field }) as AnyKeySpec),
);

export const SPEC_BY_KEY: ReadonlyMap<string, AnyKeySpec> = new Map(KEY_SPECS.map((s) => [s.key, s]));

/** A key's default, parsed: the value a sync.properties without the key gets (the one place defaults are written). */
export function keyDefault<F extends SyncConfigField>(field: F): SyncConfig[F] {
  const spec = TABLE[field] as unknown as KeySpec<F>;
  return spec.parse.parse(spec.default);
}

/** A cluster login as the SQL client needs it; the source's also says how to reach its FE's HTTP port. */
export interface ClusterLogin {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Source only: source_fe_http_scheme, for GET /service_id. */
  readonly sourceFeHttpScheme?: 'http' | 'https';
  /** Source only: source_fe_http_ca_file (absolute path) or null. */
  readonly sourceFeHttpCaFile?: string | null;
}

export function clusterLogin(config: SyncConfig, side: 'source' | 'target'): ClusterLogin {
  return side === 'source'
    ? {
        host: config.sourceFeHost,
        port: config.sourceFeQueryPort,
        user: config.sourceClusterUser,
        password: config.sourceClusterPassword,
        sourceFeHttpScheme: config.sourceFeHttpScheme,
        sourceFeHttpCaFile: config.sourceFeHttpCaFile,
      }
    : { host: config.targetFeHost, port: config.targetFeQueryPort, user: config.targetClusterUser, password: config.targetClusterPassword };
}

/** The secret strings of a config (non-empty passwords, keys, token): register them with the logger's masking. */
export function configSecrets(config: SyncConfig): string[] {
  return KEY_SPECS.filter((s) => s.secret)
    .map((s) => config[s.field])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}
