// The Thrift wire contract shared by srsync and its simulator: the generated code for idl/starrocks.thrift
// plus the one runtime fix both sides need (see ../shared/reference/libraries.md §3).
import thrift from 'thrift';
import FrontendService from './gen/FrontendService.js';
import ttypes from './gen/starrocks_types.js';

export { thrift, FrontendService, ttypes };

type ThriftRuntime = typeof thrift & { fromBigInt(v: bigint): unknown; toBigInt(v: unknown): bigint };
const runtime = thrift as ThriftRuntime;

let patched = false;
/**
 * node-int64 parses strings as hex, so `map<i64, …>` keys (always strings in JS) and decimal-string ids
 * would be corrupted on the wire. Route strings and bigints through thrift.fromBigInt instead. Idempotent.
 */
export function patchThriftI64(): void {
  if (patched) return;
  patched = true;
  for (const P of [thrift.TBinaryProtocol, thrift.TCompactProtocol] as unknown as Array<{ prototype: { writeI64(v: unknown): unknown } }>) {
    const orig = P.prototype.writeI64;
    P.prototype.writeI64 = function (this: unknown, v: unknown) {
      return orig.call(this, typeof v === 'string' || typeof v === 'bigint' ? runtime.fromBigInt(BigInt(v)) : v);
    };
  }
}
patchThriftI64();

/**
 * TBinaryProtocol allocates with the deprecated `Buffer()` constructor: Node checks the caller's stack on each of the
 * first 10,000 such calls (DEP0005, measured ~5 % of srsync's CPU over 1,000 replication requests, as much again in
 * the simulated FE) unless that warning was already emitted. Emitted once here, silenced: the checks end, and every
 * other deprecation warning is still printed.
 */
function endBufferDeprecationChecks(): void {
  const was = process.noDeprecation;
  process.noDeprecation = true;
  try {
    (Buffer as unknown as (size: number) => Buffer)(0);
  } finally {
    process.noDeprecation = was;
  }
}
endBufferDeprecationChecks();

/** A Thrift i64 as read off the wire (node-int64, number or bigint) → decimal string. */
export function i64ToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return BigInt(v).toString();
  return runtime.toBigInt(v).toString();
}

export const TStatusCode = ttypes.TStatusCode;
export const TRunMode = ttypes.TRunMode;
export const TTableType = ttypes.TTableType;

/** Plain-data forms of the replication structs (ids as decimal strings, maps as records). */
export interface TabletReplicationInfo {
  tablet_id?: string;
  src_tablet_id?: string;
  replica_replication_infos?: Array<{ src_backend?: { host: string; be_port: number; http_port: number } }> | null;
}
export interface IndexReplicationInfo {
  index_id?: string;
  src_schema_hash?: number;
  tablet_replication_infos?: Record<string, TabletReplicationInfo> | null;
}
export interface PartitionReplicationInfo {
  partition_id?: string;
  src_version?: string;
  index_replication_infos?: Record<string, IndexReplicationInfo> | null;
  src_version_epoch?: string;
  src_partition_id?: string;
}
export interface TableReplicationRequest {
  username?: string;
  password?: string;
  database_id?: string;
  table_id?: string;
  src_token?: string;
  src_table_type?: number;
  src_table_data_size?: string;
  partition_replication_infos?: Record<string, PartitionReplicationInfo> | null;
  job_id?: string;
  src_cluster_run_mode?: number;
  src_storage_volume_name?: string;
  src_service_id?: string;
  src_database_id?: string;
  src_table_id?: string;
}
export interface TableReplicationResponse {
  status?: { status_code: number; error_msgs?: string[] | null } | null;
}
