// Generated Thrift structs (node-int64 values, maps as objects keyed by decimal strings) → the plain-data
// request of idl/thrift.ts, and back for the response. Unset fields stay undefined and null maps/lists stay
// null, so that the FE can react to them the way Java does (primitive default 0, NullPointerException).
import {
  i64ToString,
  type IndexReplicationInfo,
  type PartitionReplicationInfo,
  type TableReplicationRequest,
  type TableReplicationResponse,
  type TabletReplicationInfo,
} from '../../idl/thrift.js';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object';

function i64(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : i64ToString(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** A thrift map as read: an object keyed by the decimal i64 key; null/undefined when the field was not sent. */
function mapOf<T>(v: unknown, conv: (raw: Raw) => T): Record<string, T> | null | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return null;
  const out: Record<string, T> = {};
  for (const [k, val] of Object.entries(v)) out[k] = conv(isObject(val) ? val : {});
  return out;
}

function tabletFromThrift(r: Raw): TabletReplicationInfo {
  const replicas = r.replica_replication_infos;
  return {
    tablet_id: i64(r.tablet_id),
    src_tablet_id: i64(r.src_tablet_id),
    replica_replication_infos: Array.isArray(replicas)
      ? replicas.map((x: unknown) => {
          const b = isObject(x) && isObject(x.src_backend) ? x.src_backend : null;
          return b ? { src_backend: { host: String(b.host ?? ''), be_port: Number(b.be_port ?? 0), http_port: Number(b.http_port ?? 0) } } : {};
        })
      : null,
  };
}

function indexFromThrift(r: Raw): IndexReplicationInfo {
  return {
    index_id: i64(r.index_id),
    src_schema_hash: int(r.src_schema_hash),
    tablet_replication_infos: mapOf(r.tablet_replication_infos, tabletFromThrift) ?? null,
  };
}

function partitionFromThrift(r: Raw): PartitionReplicationInfo {
  return {
    partition_id: i64(r.partition_id),
    src_version: i64(r.src_version),
    index_replication_infos: mapOf(r.index_replication_infos, indexFromThrift) ?? null,
    src_version_epoch: i64(r.src_version_epoch),
    src_partition_id: i64(r.src_partition_id),
  };
}

/** The generated TTableReplicationRequest (or null when the args struct had no field 1) → plain data. */
export function requestFromThrift(raw: unknown): TableReplicationRequest {
  const r: Raw = isObject(raw) ? raw : {};
  return {
    username: str(r.username),
    password: str(r.password),
    database_id: i64(r.database_id),
    table_id: i64(r.table_id),
    src_token: str(r.src_token),
    src_table_type: int(r.src_table_type),
    src_table_data_size: i64(r.src_table_data_size),
    partition_replication_infos: mapOf(r.partition_replication_infos, partitionFromThrift) ?? null,
    job_id: str(r.job_id),
    src_cluster_run_mode: int(r.src_cluster_run_mode),
    src_storage_volume_name: str(r.src_storage_volume_name),
    src_service_id: str(r.src_service_id),
    src_database_id: i64(r.src_database_id),
    src_table_id: i64(r.src_table_id),
  };
}

/** Plain response → the shape the generated TTableReplicationResponse constructor accepts. */
export function responseToThrift(res: TableReplicationResponse): { status: { status_code: number; error_msgs?: string[] } | null } {
  if (!res.status) return { status: null };
  const { status_code, error_msgs } = res.status;
  return { status: error_msgs ? { status_code, error_msgs: [...error_msgs] } : { status_code } };
}
