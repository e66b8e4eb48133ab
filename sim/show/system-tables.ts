// Names of the tables of the virtual system databases (for SHOW PROC '/dbs' TableNum,
// information_schema.tables and SHOW TABLES FROM information_schema).

export const INFORMATION_SCHEMA_TABLES: readonly string[] = [
  'analyze_status', 'applicable_roles', 'be_bvars', 'be_cloud_native_compactions', 'be_compactions', 'be_configs',
  'be_datacache_metrics', 'be_logs', 'be_metrics', 'be_tablet_write_log', 'be_tablets', 'be_threads', 'be_txns',
  'character_sets', 'cluster_snapshot_jobs', 'cluster_snapshots', 'collation_character_set_applicability',
  'collations', 'column_privileges', 'column_stats_usage', 'columns', 'engines', 'events', 'fe_metrics',
  'fe_tablet_schedules', 'fe_threads', 'global_variables', 'key_column_usage', 'keywords', 'load_tracking_logs',
  'loads', 'materialized_views', 'partitions', 'partitions_meta', 'pipe_files', 'pipes', 'referential_constraints',
  'routine_load_jobs', 'routines', 'schema_privileges', 'schemata', 'session_variables', 'statistics',
  'stream_loads', 'table_constraints', 'table_privileges', 'tables', 'tables_config', 'task_runs', 'tasks',
  'temp_tables', 'triggers', 'user_privileges', 'verbose_session_variables', 'views', 'warehouse_metrics',
  'warehouse_queries',
];

export const SYS_TABLES: readonly string[] = [
  'fe_locks', 'fe_memory_usage', 'grants_to_roles', 'grants_to_users', 'object_dependencies', 'role_edges',
];

export function systemTablesOf(dbName: string): readonly string[] | undefined {
  if (dbName === 'information_schema') return INFORMATION_SCHEMA_TABLES;
  if (dbName === 'sys') return SYS_TABLES;
  return undefined;
}
