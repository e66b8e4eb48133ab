// Hand-written subset of StarRocks' IDL: only what srsync and its simulator exchange.
// Field ids, types and names are those of StarRocks' gensrc/thrift/{Status,StatusCode,Types,FrontendService}.thrift
// (see ../shared/reference/starrocks-fe-interface.md §2). Thrift skips unknown fields, so leaving fields out is safe.
namespace java com.starrocks.thrift

enum TStatusCode {
  OK = 0,
  CANCELLED = 1,
  ANALYSIS_ERROR = 2,
  NOT_IMPLEMENTED_ERROR = 3,
  RUNTIME_ERROR = 4,
  MEM_LIMIT_EXCEEDED = 5,
  INTERNAL_ERROR = 6,
  THRIFT_RPC_ERROR = 7,
  TIMEOUT = 8,
  NOT_FOUND = 31,
  INVALID_ARGUMENT = 33,
  ALREADY_EXIST = 35,
  NOT_AUTHORIZED = 38
}

struct TStatus {
  1: required TStatusCode status_code
  2: optional list<string> error_msgs
}

typedef i32 TPort

struct TBackend {
  1: required string host
  2: required TPort be_port
  3: required TPort http_port
}

enum TRunMode {
  SHARED_NOTHING = 0,
  SHARED_DATA = 1,
  HYBRID = 2
}

enum TTableType {
  MYSQL_TABLE = 0,
  OLAP_TABLE = 1,
  SCHEMA_TABLE = 2,
  KUDU_TABLE = 3,
  BROKER_TABLE = 4,
  ES_TABLE = 5,
  HDFS_TABLE = 6,
  ICEBERG_TABLE = 7,
  HUDI_TABLE = 8,
  JDBC_TABLE = 9,
  PAIMON_TABLE = 10,
  VIEW = 20,
  MATERIALIZED_VIEW = 21,
  FILE_TABLE = 22
}

struct TReplicaReplicationInfo {
  1: optional TBackend src_backend
}

struct TTabletReplicationInfo {
  1: optional i64 tablet_id
  2: optional i64 src_tablet_id
  3: optional list<TReplicaReplicationInfo> replica_replication_infos
}

struct TIndexReplicationInfo {
  1: optional i64 index_id
  2: optional i32 src_schema_hash
  3: optional map<i64, TTabletReplicationInfo> tablet_replication_infos
}

struct TPartitionReplicationInfo {
  1: optional i64 partition_id
  2: optional i64 src_version
  3: optional map<i64, TIndexReplicationInfo> index_replication_infos
  4: optional i64 src_version_epoch
  5: optional i64 src_partition_id
}

struct TTableReplicationRequest {
  1: optional string username
  2: optional string password
  3: optional i64 database_id
  4: optional i64 table_id
  5: optional string src_token
  6: optional TTableType src_table_type
  7: optional i64 src_table_data_size
  8: optional map<i64, TPartitionReplicationInfo> partition_replication_infos
  9: optional string job_id
  10: optional TRunMode src_cluster_run_mode
  11: optional string src_storage_volume_name
  12: optional string src_service_id
  13: optional i64 src_database_id
  14: optional i64 src_table_id
}

struct TTableReplicationResponse {
  1: optional TStatus status
}

service FrontendService {
  TTableReplicationResponse startTableReplication(1: TTableReplicationRequest request)
}
