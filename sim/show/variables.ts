// SHOW [GLOBAL|SESSION] VARIABLES [LIKE 'pat']: `Variable_name, Value`, sorted by name. The simulator knows the
// variables clients and srsync read; session overrides (SET ...) are passed in by the session layer.
import type { FeState } from '../fe/state.js';
import { likePredicate } from './format.js';
import { resultSet, varcharColumns, type ResultSet } from './result-set.js';

/** Default values (GlobalVariable / SessionVariable defaults of StarRocks 4.x). */
export function defaultVariables(fe: FeState): Record<string, string> {
  return {
    auto_increment_increment: '1',
    autocommit: 'true',
    character_set_client: 'utf8',
    character_set_connection: 'utf8',
    character_set_database: 'utf8',
    character_set_results: 'utf8',
    character_set_server: 'utf8',
    collation_connection: 'utf8_general_ci',
    collation_database: 'utf8_general_ci',
    collation_server: 'utf8_general_ci',
    // SessionVariable.enable_range_distribution (4.1+): off unless SET; the FE config of that name also turns it on.
    enable_range_distribution: 'false',
    init_connect: '',
    interactive_timeout: '3600',
    language: '/starrocks/share/english/',
    license: 'Apache License 2.0',
    lower_case_table_names: '0',
    max_allowed_packet: '33554432',
    net_buffer_length: '16384',
    net_read_timeout: '60',
    net_write_timeout: '60',
    performance_schema: 'false',
    query_cache_size: '1048576',
    query_cache_type: '0',
    query_timeout: '300',
    sql_mode: 'ONLY_FULL_GROUP_BY',
    sql_safe_updates: '0',
    system_time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    transaction_isolation: 'REPEATABLE-READ',
    transaction_read_only: 'OFF',
    tx_isolation: 'REPEATABLE-READ',
    tx_read_only: 'OFF',
    version: fe.config.get('mysql_server_version'),
    version_comment: `${fe.options.version}-${fe.options.commitHash}`,
    wait_timeout: '28800',
  };
}

export function showVariables(fe: FeState, likePattern?: string, sessionOverrides: Record<string, string> = {}): ResultSet {
  const match = likePredicate(likePattern);
  const vars = { ...defaultVariables(fe), ...sessionOverrides };
  const rows = Object.keys(vars)
    .filter(match)
    .sort()
    .map((k) => [k, vars[k]!]);
  return resultSet(varcharColumns(['Variable_name', 'Value']), rows);
}
