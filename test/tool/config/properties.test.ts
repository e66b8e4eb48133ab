import { describe, expect, it } from 'vitest';
import { HOSTS, parse } from './helpers.js';

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
    const { config, warnings } = parse('\ufeff# comment\r\n! other comment\r\n\r\nsource_fe_host=a.example\r\ntarget_fe_host=b.example\r\nmeta_job_threads=2\r\n');
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
    expect(warnings).toEqual(['conf/sync.properties: line 5: source_cluster_password has leading or trailing whitespace, which is kept as part of the password']);
  });

  it('unknown keys are warned about with their line number (and a suggestion when close)', () => {
    const { warnings } = parse(`${HOSTS}\nmeta_job_thread=3\nsome_other_thing=1\n`);
    expect(warnings).toEqual([
      "conf/sync.properties: line 4: unknown key 'meta_job_thread' is ignored (did you mean 'meta_job_threads'?)",
      "conf/sync.properties: line 5: unknown key 'some_other_thing' is ignored",
    ]);
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
