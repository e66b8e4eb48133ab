import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_SPECS } from '../../../src/config/sync-config.js';
import { HOSTS, parse } from './helpers.js';

// Every key of the manual's conf/sync.properties with the manual's default, as the typed value srsync uses.
const MANUAL_DEFAULTS: Record<string, unknown> = {
  one_time_run_mode: false,
  source_fe_host: '10.0.0.1', // required; set by HOSTS
  source_fe_query_port: 9030,
  source_cluster_user: 'root',
  source_cluster_password: '',
  source_cluster_password_secret_key: '',
  source_cluster_token: '',
  target_fe_host: '10.0.0.2', // required; set by HOSTS
  target_fe_query_port: 9030,
  target_cluster_user: 'root',
  target_cluster_password: '',
  target_cluster_password_secret_key: '',
  jdbc_connect_timeout_ms: 30000,
  jdbc_socket_timeout_ms: 60000,
  include_data_list: [],
  exclude_data_list: [],
  target_cluster_storage_volume: null,
  target_cluster_replication_num: -1,
  target_cluster_max_disk_used_percent: 80,
  target_cluster_enable_persistent_index: null,
  target_cluster_use_builtin_storage_volume_only: false,
  max_replication_data_size_per_job_in_gb: 1024,
  meta_job_interval_seconds: 180,
  meta_job_threads: 4,
  ddl_job_interval_seconds: 5,
  ddl_job_batch_size: 10,
  ddl_job_allow_drop_target_only: false,
  ddl_job_allow_drop_schema_change_table: true,
  ddl_job_allow_drop_inconsistent_partition: true,
  ddl_job_allow_drop_inconsistent_time_partition: true,
  ddl_job_allow_drop_partition_target_only: true,
  enable_bitmap_index_sync: false,
  ddl_job_allow_drop_inconsistent_bitmap_index: true,
  ddl_job_allow_drop_bitmap_index_target_only: true,
  enable_materialized_view_sync: false,
  ddl_job_allow_drop_inconsistent_materialized_view: true,
  ddl_job_allow_drop_materialized_view_target_only: false,
  enable_view_sync: false,
  ddl_job_allow_drop_inconsistent_view: true,
  ddl_job_allow_drop_view_target_only: false,
  replication_job_interval_seconds: 10,
  replication_job_batch_size: 10,
  report_interval_seconds: 300,
  enable_table_property_sync: false,
};

/** The 2026 tool's privilege sync keys (../shared/reference/starrocks-2026.md; not in the manual's shipped file). */
const PRIVILEGE_2026: Record<string, unknown> = {
  enable_privilege_sync: false,
  ddl_job_allow_drop_user_target_only: false,
  ddl_job_allow_drop_role_target_only: false,
  ddl_job_allow_drop_inconsistent_user: true,
  ddl_job_allow_revoke_grant_target_only: false,
  privilege_sync_exclude_users: [],
  privilege_sync_exclude_roles: [],
};

const SRSYNC_ONLY: Record<string, unknown> = {
  log_level: 'INFO',
  log_max_file_size_mb: 100,
  log_max_backup_files: 10,
  status_http_port: 0,
  status_http_host: '127.0.0.1',
  status_http_token: '',
  status_http_tls_cert_file: null,
  status_http_tls_key_file: null,
  source_fe_http_scheme: 'http',
  source_fe_http_ca_file: null,
  prepare_src_volume_access_key: '',
  prepare_src_volume_secret_key: '',
  target_database_mapping: [],
  target_table_mapping: [],
  replication_max_bytes_in_flight: 0,
  replication_bytes_per_second: 0,
  replication_windows: '',
  replication_window_time_zone: '',
};

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('sync.properties defaults', () => {
  it('knows exactly the manual keys plus the srsync-only ones', () => {
    expect(KEY_SPECS.map((s) => s.key).sort()).toEqual(
      [...Object.keys(MANUAL_DEFAULTS), ...Object.keys(PRIVILEGE_2026), ...Object.keys(SRSYNC_ONLY)].sort(),
    );
    for (const s of KEY_SPECS) expect(s.field).toBe(camel(s.key));
    expect(
      KEY_SPECS.filter((s) => s.srsyncOnly)
        .map((s) => s.key)
        .sort(),
    ).toEqual(Object.keys(SRSYNC_ONLY).sort());
  });

  it('a file with only the two hosts gets every manual default', () => {
    const { config, warnings, notes } = parse(HOSTS);
    const actual = config as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries({ ...MANUAL_DEFAULTS, ...PRIVILEGE_2026, ...SRSYNC_ONLY }))
      expect(actual[camel(key)], key).toEqual(value);
    expect(Object.keys(actual).length).toBe(
      Object.keys(MANUAL_DEFAULTS).length + Object.keys(PRIVILEGE_2026).length + Object.keys(SRSYNC_ONLY).length,
    );
    expect(warnings).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('the shipped conf/sync.properties is the manual file: every key, the same values, no warnings', () => {
    const text = readFileSync(path.join(import.meta.dirname, '../../../conf/sync.properties'), 'utf8');
    const filled = text.replace(/^source_fe_host=$/m, 'source_fe_host=10.0.0.1').replace(/^target_fe_host=$/m, 'target_fe_host=10.0.0.2');
    const { config, warnings, notes } = parse(filled);
    expect(config).toEqual(parse(HOSTS).config);
    expect(warnings).toEqual([]);
    // The manual's file sets target_cluster_max_disk_used_percent=80: accepted with one explanatory note.
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/target_cluster_max_disk_used_percent applies only to shared-nothing targets/);
    for (const key of Object.keys(MANUAL_DEFAULTS)) expect(text, key).toMatch(new RegExp(`^${key}\\s*=`, 'm'));
    // The manual's comment lines are kept.
    expect(text).toContain('# To maintain consistency with the source cluster, use null.');
    expect(text).toContain('# Effective order: 1. include 2. exclude');
  });

  it('returns a frozen config', () => {
    const { config } = parse(HOSTS);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.includeDataList)).toBe(true);
  });
});
