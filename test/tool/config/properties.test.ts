import { describe, expect, it } from 'vitest';
import { ConfigError, exitCodeOf } from '../../../src/errors.js';
import { errorOf, HOSTS, parse } from './helpers.js';

describe('sync.properties is read with java.util.Properties semantics', () => {
  it('continuation lines, ":" and whitespace separators, escapes', () => {
    const { config } = parse(
      [
        'source_fe_host : 10.0.0.1',
        'target_fe_host 10.0.0.2',
        'include_data_list = db1, \\',
        '    db2.tbl2, \\',
        '    db3',
        'source_cluster_user=ad\\u006din',
        'target_cluster_password=p\\=w\\:d\\\\x\\tz',
        'ddl_job_batch_size\\\n  =  7',
      ].join('\n'),
    );
    expect(config.sourceFeHost).toBe('10.0.0.1');
    expect(config.targetFeHost).toBe('10.0.0.2');
    expect(config.includeDataList).toEqual([
      { db: 'db1', table: null },
      { db: 'db2', table: 'tbl2' },
      { db: 'db3', table: null },
    ]);
    expect(config.sourceClusterUser).toBe('admin');
    expect(config.targetClusterPassword).toBe('p=w:d\\x\tz');
    expect(config.ddlJobBatchSize).toBe(7);
  });

  it('comments with # and !, blank lines, CRLF and a BOM', () => {
    const { config, warnings } = parse(
      '\ufeff# comment\r\n! other comment\r\n\r\nsource_fe_host=a.example\r\ntarget_fe_host=b.example\r\nmeta_job_threads=2\r\n',
    );
    expect(config.sourceFeHost).toBe('a.example');
    expect(config.metaJobThreads).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('duplicate keys: the last one wins, with a warning naming the lines', () => {
    const { config, warnings } = parse(`${HOSTS}meta_job_threads=2\nreport_interval_seconds=60\nmeta_job_threads=8\n`);
    expect(config.metaJobThreads).toBe(8);
    expect(warnings).toEqual(["conf/sync.properties: 'meta_job_threads' is set 2 times (lines 3, 5); the last one (line 5) is used"]);
  });

  it('typed values are trimmed, passwords are kept exactly (trailing spaces are part of the value in Java)', () => {
    const { config, warnings } = parse(`${HOSTS}meta_job_threads = 3   \none_time_run_mode = TRUE \nsource_cluster_password=se cret  \n`);
    expect(config.metaJobThreads).toBe(3);
    expect(config.oneTimeRunMode).toBe(true);
    expect(config.sourceClusterPassword).toBe('se cret  ');
    expect(warnings).toEqual([
      'conf/sync.properties: line 5: source_cluster_password has leading or trailing whitespace, which is kept as part of the password',
    ]);
  });

  it('unknown keys far from every known key are warned about with their line number', () => {
    // includ_dat_lis is 3 edits from include_data_list: beyond "a small edit distance" (2), so a warning.
    const { warnings } = parse(`${HOSTS}\nsome_other_thing=1\nsink_mode=fast\ninclud_dat_lis=x\n`);
    expect(warnings).toEqual([
      "conf/sync.properties: line 4: unknown key 'some_other_thing' is ignored",
      "conf/sync.properties: line 5: unknown key 'sink_mode' is ignored",
      "conf/sync.properties: line 6: unknown key 'includ_dat_lis' is ignored",
    ]);
  });

  // Issue 6, item 4: `include_data_lsit=sales` used to be a warning, and then every database was migrated.
  // [line, the key it resembles]
  const NEAR_MISSES: Array<[string, string]> = [
    ['include_data_lsit=sales', 'include_data_list'],
    ['include_dta_lst=sales', 'include_data_list'],
    ['exclude_data_lists=hr', 'exclude_data_list'],
    ['meta_job_thread=3', 'meta_job_threads'],
    ['Include_Data_List=sales', 'include_data_list'],
    ['one_time_runmode=true', 'one_time_run_mode'],
    ['target_cluster_storage_volum=v', 'target_cluster_storage_volume'],
    ['ddl_job_alow_drop_target_only=true', 'ddl_job_allow_drop_target_only'],
    ['log_levl=DEBUG', 'log_level'],
  ];
  it.each(NEAR_MISSES)('a near-miss key is an error naming file, line, key and the key it resembles: %s', (line, known) => {
    const e = errorOf(`${HOSTS}${line}\n`);
    const key = line.split('=')[0]!;
    expect(e).toBeInstanceOf(ConfigError);
    expect(exitCodeOf(e)).toBe(2);
    expect(e.message).toBe(
      `conf/sync.properties: line 3: unknown key '${key}' looks like a misspelling of '${known}'; correct it or remove the line`,
    );
    expect(e.key).toBe(key);
    expect((e as ConfigError).line).toBe(3);
  });

  it('a near-miss key and an invalid value: the first in file order is reported', () => {
    expect(errorOf(`${HOSTS}meta_job_threads=x\ninclude_data_lsit=a\n`).message).toContain("meta_job_threads = 'x'");
    expect(errorOf(`${HOSTS}include_data_lsit=a\nmeta_job_threads=x\n`).message).toContain("unknown key 'include_data_lsit'");
  });

  it('an empty value of a key with a default uses the default, with a warning', () => {
    const { config, warnings } = parse(`${HOSTS}meta_job_threads=\n`);
    expect(config.metaJobThreads).toBe(4);
    expect(warnings).toEqual(['conf/sync.properties: line 3: meta_job_threads is empty; using the default 4']);
    expect(parse(`${HOSTS}source_cluster_user=  \n`).config.sourceClusterUser).toBe('root');
  });

  it('include/exclude lists: entries trimmed, empty entries ignored, duplicates dropped', () => {
    const { config } = parse(`${HOSTS}include_data_list= db1 ,, db2.tbl2 ,db1,\nexclude_data_list=db2 . tbl3\n`);
    expect(config.includeDataList).toEqual([
      { db: 'db1', table: null },
      { db: 'db2', table: 'tbl2' },
    ]);
    expect(config.excludeDataList).toEqual([{ db: 'db2', table: 'tbl3' }]);
  });

  it('optional values: storage volume, persistent index (empty or null = follow the source)', () => {
    expect(parse(`${HOSTS}target_cluster_storage_volume= vol1 \ntarget_cluster_enable_persistent_index=true\n`).config).toMatchObject({
      targetClusterStorageVolume: 'vol1',
      targetClusterEnablePersistentIndex: true,
    });
    expect(parse(`${HOSTS}target_cluster_enable_persistent_index=null\n`).config.targetClusterEnablePersistentIndex).toBeNull();
    expect(parse(`${HOSTS}target_cluster_enable_persistent_index=false\n`).config.targetClusterEnablePersistentIndex).toBe(false);
  });

  it('fractional intervals and job sizes are accepted (an srsync extension, useful for tests)', () => {
    const { config } = parse(`${HOSTS}replication_job_interval_seconds=0.2\nmax_replication_data_size_per_job_in_gb=0.5\n`);
    expect(config.replicationJobIntervalSeconds).toBe(0.2);
    expect(config.maxReplicationDataSizePerJobInGb).toBe(0.5);
  });

  it('shared-nothing-only keys are accepted with an explanatory note', () => {
    const { config, notes } = parse(`${HOSTS}source_cluster_token=abc-123\ntarget_cluster_max_disk_used_percent=90\n`);
    expect(config.sourceClusterToken).toBe('abc-123');
    expect(config.targetClusterMaxDiskUsedPercent).toBe(90);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^conf\/sync.properties: source_cluster_token is set but not used/);
    expect(notes[0]).not.toContain('abc-123');
    expect(notes[1]).toMatch(/target_cluster_max_disk_used_percent applies only to shared-nothing targets/);
  });

  it('IPv6 and bracketed hosts', () => {
    expect(parse('source_fe_host=[fd00::1]\ntarget_fe_host=fd00::2\n').config).toMatchObject({ sourceFeHost: 'fd00::1', targetFeHost: 'fd00::2' });
  });
});
