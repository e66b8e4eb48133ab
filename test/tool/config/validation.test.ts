import { describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, exitCodeOf } from '../../../src/errors.js';
import { loadConfig } from '../../../src/config/load.js';
import { errorOf, HOSTS, tempConf } from './helpers.js';

// [file body after the two hosts, expected message]
const INVALID: Array<[string, string]> = [
  ['source_fe_query_port=abc', "conf/sync.properties: source_fe_query_port = 'abc' is not a port number (1-65535) (line 3)"],
  ['target_fe_query_port=0', "conf/sync.properties: target_fe_query_port = '0' is not a port number (1-65535) (line 3)"],
  ['target_fe_query_port=65536', "target_fe_query_port = '65536' is not a port number"],
  ['source_fe_query_port=-1', "source_fe_query_port = '-1' is not a port number"],
  ['source_fe_query_port=9030.5', "source_fe_query_port = '9030.5' is not a port number"],
  ['meta_job_interval_seconds=0', "meta_job_interval_seconds = '0' must be greater than 0"],
  ['ddl_job_interval_seconds=-5', "ddl_job_interval_seconds = '-5' is not a positive number"],
  ['replication_job_interval_seconds=soon', "replication_job_interval_seconds = 'soon' is not a positive number"],
  ['report_interval_seconds=0', "report_interval_seconds = '0' must be greater than 0"],
  ['ddl_job_batch_size=0', "ddl_job_batch_size = '0' must be at least 1"],
  ['replication_job_batch_size=-3', "replication_job_batch_size = '-3' must be at least 1"],
  ['meta_job_threads=four', "meta_job_threads = 'four' is not a whole number"],
  ['meta_job_threads=2.5', "meta_job_threads = '2.5' is not a whole number"],
  ['jdbc_connect_timeout_ms=0', "jdbc_connect_timeout_ms = '0' must be at least 1"],
  ['jdbc_socket_timeout_ms=99999999999', "jdbc_socket_timeout_ms = '99999999999' must be at most 2147483647"],
  ['max_replication_data_size_per_job_in_gb=0', "max_replication_data_size_per_job_in_gb = '0' must be greater than 0"],
  ['one_time_run_mode=yes', "one_time_run_mode = 'yes' is not a boolean (true or false)"],
  ['enable_view_sync=1', "enable_view_sync = '1' is not a boolean (true or false)"],
  ['ddl_job_allow_drop_target_only=flase', "ddl_job_allow_drop_target_only = 'flase' is not a boolean"],
  ['target_cluster_enable_persistent_index=maybe', "target_cluster_enable_persistent_index = 'maybe' is not true, false, null or empty"],
  ['include_data_list=db1,a.b.c', "include_data_list = 'db1,a.b.c' has entry 'a.b.c', which is not <db> or <db>.<table>"],
  ['exclude_data_list=db1.', "exclude_data_list = 'db1.' has entry 'db1.', which is not <db> or <db>.<table>"],
  ['include_data_list=.tbl', "include_data_list = '.tbl' has entry '.tbl'"],
  ['target_cluster_replication_num=0', "target_cluster_replication_num = '0' must be -1 (same as the source table) or a replica count of at least 1"],
  ['target_cluster_replication_num=-2', "target_cluster_replication_num = '-2' must be -1"],
  ['target_cluster_replication_num=three', "target_cluster_replication_num = 'three' is not a whole number"],
  ['target_cluster_max_disk_used_percent=101', "target_cluster_max_disk_used_percent = '101' is not a whole number from 0 to 100"],
  ['log_level=verbose', "log_level = 'verbose' is not one of DEBUG, INFO, WARN, ERROR"],
];

describe('invalid values are one-line ConfigErrors naming file, key and value', () => {
  it.each(INVALID)('%s', (line, expected) => {
    const e = errorOf(`${HOSTS}${line}\n`);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain(expected);
    expect(e.message.startsWith('conf/sync.properties: ')).toBe(true);
    expect(e.message).not.toMatch(/[\r\n]/);
    expect(e.key).toBe(line.split('=')[0]);
    expect(exitCodeOf(e)).toBe(ExitCode.config);
    expect(ExitCode.config).toBe(2);
  });

  it('a missing or empty host is refused', () => {
    expect(errorOf('target_fe_host=10.0.0.2\n').message).toBe(
      "conf/sync.properties: source_fe_host is not set (the IP address or FQDN of the source cluster's FE)",
    );
    expect(errorOf('source_fe_host=10.0.0.1\ntarget_fe_host=\n').message).toBe(
      "conf/sync.properties: target_fe_host is not set (the IP address or FQDN of the target cluster's FE) (line 2)",
    );
  });

  it('a host with a port or a URL is refused', () => {
    expect(errorOf('source_fe_host=10.0.0.1:9030\ntarget_fe_host=x\n').message).toContain(
      "source_fe_host = '10.0.0.1:9030' contains a port; put the port in the *_query_port key",
    );
    expect(errorOf('source_fe_host=http://fe\ntarget_fe_host=x\n').message).toContain(
      "source_fe_host = 'http://fe' is not a host name or IP address",
    );
  });

  it('source and target must not be the same FE', () => {
    expect(errorOf('source_fe_host=fe1\ntarget_fe_host=fe1\n').message).toMatch(/are the same FE \(fe1:9030\)/);
    expect(() => errorOf('source_fe_host=fe1\ntarget_fe_host=fe1\ntarget_fe_query_port=9031\n')).toThrow(/expected a ConfigError/);
  });

  it('reports the first problem in file order', () => {
    expect(errorOf(`${HOSTS}meta_job_threads=x\nsource_fe_query_port=y\n`).message).toContain("meta_job_threads = 'x'");
  });

  it('control characters in a value are escaped so the message stays on one line', () => {
    const e = errorOf(`${HOSTS}meta_job_threads=a\\nb\n`);
    expect(e.message).toContain("meta_job_threads = 'a\\nb'");
    expect(e.message).not.toContain('\n');
  });

  it('a missing sync.properties is a ConfigError', () => {
    const dir = tempConf({});
    expect(() => loadConfig(dir)).toThrow(ConfigError);
    expect(() => loadConfig(dir)).toThrow(/sync\.properties: file not found/);
  });

  it('loadConfig reads <dir>/sync.properties', () => {
    const dir = tempConf({ 'sync.properties': `${HOSTS}meta_job_threads=6\n` });
    expect(loadConfig(dir).config.metaJobThreads).toBe(6);
  });
});
