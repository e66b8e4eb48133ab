// The rehearsal's conf/sync.properties (pure): the official keys a DBA fills in for production, pointed at the two
// simulated clusters, plus the srsync-only keys the rehearsal uses (status endpoint, src_ volume keys for prepare).

export interface ClusterAddress {
  queryPort: number;
  password: string;
}

export interface RehearsalConfOptions {
  source: ClusterAddress;
  target: ClusterAddress;
  statusPort: number;
  statusToken: string;
}

/** The text of sync.properties; every value is one the simulated clusters accept. */
export function rehearsalConf(o: RehearsalConfOptions): string {
  const lines = [
    '# Written by bin/rehearse.sh for two simulated clusters on this machine. In production, start from the',
    "# package's conf/sync.properties: the same keys, with your clusters' FE addresses and users.",
    'one_time_run_mode=false',
    'source_fe_host=127.0.0.1',
    `source_fe_query_port=${o.source.queryPort}`,
    'source_cluster_user=root',
    `source_cluster_password=${o.source.password}`,
    'target_fe_host=127.0.0.1',
    `target_fe_query_port=${o.target.queryPort}`,
    'target_cluster_user=root',
    `target_cluster_password=${o.target.password}`,
    'include_data_list=',
    'exclude_data_list=',
    'enable_view_sync=true',
    'enable_materialized_view_sync=true',
    'report_interval_seconds=2',
    '# srsync only: the status page, GET /status and /metrics (srsync status, pause and resume use it).',
    `status_http_port=${o.statusPort}`,
    'status_http_host=127.0.0.1',
    `status_http_token=${o.statusToken}`,
    '# srsync only: the keys srsync prepare gives the src_ storage volumes it creates (use temporary keys).',
    'prepare_src_volume_access_key=rehearsal-access-key',
    'prepare_src_volume_secret_key=rehearsal-secret-key',
  ];
  return `${lines.join('\n')}\n`;
}
