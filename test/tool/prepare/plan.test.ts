// `srsync prepare`'s plan: what to change on which FE given check's facts (values, mutability, version), which
// src_ volumes to create, what is left to the DBA and what blocks everything. Pure functions over plain data.
import { describe, expect, it } from 'vitest';
import type { CheckFacts, FrontendFacts, SideFacts, VolumeFacts } from '../../../src/check/findings.js';
import { changeLines, changesSomething, createVolumeSql, plannedRecord, preparePlan, volumeNotCreatable } from '../../../src/prepare/plan.js';
import { setConfigSql, supportsPersistent } from '../../../src/runbook/settings.js';

function fe(name: string, settings: Record<string, string | null>, o: Partial<FrontendFacts> = {}): FrontendFacts {
  return {
    name,
    role: 'FOLLOWER',
    alive: true,
    query: `${name}:9030`,
    rpc: `${name}:9020`,
    http: `${name}:8030`,
    queryError: null,
    rpcError: null,
    httpError: null,
    settings,
    queryEndpoint: { host: name, port: 9030 },
    ...o,
  };
}

function side(s: 'source' | 'target', frontends: FrontendFacts[], o: Partial<SideFacts> = {}): SideFacts {
  return {
    side: s,
    address: `${frontends[0]?.query ?? 'x:9030'}`,
    user: 'root',
    version: '4.1.0',
    runMode: 'shared_data',
    operateError: null,
    frontends,
    ...o,
  };
}

const vol = (name: string, o: Partial<VolumeFacts> = {}): VolumeFacts => ({
  name,
  type: 'S3',
  location: `s3://bucket/${name}`,
  enabled: true,
  params: { 'aws.s3.region': 'us-west-2', 'aws.s3.endpoint': 'https://s3.us-west-2.amazonaws.com', 'aws.s3.access_key': '******' },
  ...o,
});

const SRC_BAD = { lake_autovacuum_grace_period_minutes: '45' };
const TGT_BAD = { lake_compaction_max_tasks: '7', enable_legacy_compatibility_for_replication: 'false' };
const TGT_OK = { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' };

function facts(o: Partial<CheckFacts> = {}): CheckFacts {
  return {
    source: side('source', [fe('s1', SRC_BAD)]),
    target: side('target', [fe('t1', TGT_BAD), fe('t2', TGT_OK)]),
    sourceVolumes: [{ ...vol('v1'), tables: 3 }],
    targetVolumes: new Map(),
    targetCaseInsensitive: null,
    selectedTables: ['db.t'],
    unmatchedSelection: [],
    blockingNotes: [],
    maxParallelTables: 100,
    ...o,
  };
}

describe('preparePlan', () => {
  it("changes each FE whose value is not the manual's, in the manual's order (source first), WITH PERSISTENT on 4.1", () => {
    const plan = preparePlan(facts());
    expect(plan.blockers).toEqual([]);
    expect(plan.settings.map((c) => [c.side, c.fe, c.key, c.from, c.to, c.mode])).toEqual([
      ['source', 's1', 'lake_autovacuum_grace_period_minutes', '45', '10000000', 'persistent'],
      ['target', 't1', 'lake_compaction_max_tasks', '7', '0', 'persistent'],
      ['target', 't1', 'enable_legacy_compatibility_for_replication', 'false', 'true', 'persistent'],
    ]);
    // t2 already prepared: recorded as unchanged, with its value as the original
    expect(plan.unchanged.map((u) => [u.fe, u.key, u.original, u.mode])).toEqual([
      ['t2', 'lake_compaction_max_tasks', '0', 'unchanged'],
      ['t2', 'enable_legacy_compatibility_for_replication', 'true', 'unchanged'],
    ]);
    expect(plan.settings[1]!.endpoint).toEqual({ host: 't1', port: 9030 });
    expect(plan.volumes).toEqual([
      {
        name: 'src_v1',
        sourceVolume: 'v1',
        type: 'S3',
        locations: ['s3://bucket/v1'],
        region: 'us-west-2',
        endpoint: 'https://s3.us-west-2.amazonaws.com',
      },
    ]);
    expect(plan.byHand).toEqual([]);
    expect(changesSomething(plan)).toBe(true);
  });

  it('an older source gets the in-memory statement (fe.conf by hand); a static key is only fe.conf lines', () => {
    const plan = preparePlan(
      facts({
        source: side('source', [fe('s1', SRC_BAD)], { version: '3.3.9' }),
        target: side('target', [
          fe('t1', TGT_BAD, { mutable: { lake_compaction_max_tasks: false, enable_legacy_compatibility_for_replication: true } }),
        ]),
      }),
    );
    expect(plan.settings.map((c) => [c.key, c.mode])).toEqual([
      ['lake_autovacuum_grace_period_minutes', 'memory'],
      ['lake_compaction_max_tasks', 'static'],
      ['enable_legacy_compatibility_for_replication', 'persistent'],
    ]);
    const lines = changeLines(plan);
    expect(lines[0]).toBe(
      'source FE s1 (s1:9030): lake_autovacuum_grace_period_minutes 45 -> 10000000: ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000")',
    );
    expect(lines[1]).toMatch(
      /^target FE t1 \(t1:9030\): lake_compaction_max_tasks is 7 and static .*add "lake_compaction_max_tasks = 0" to that FE's fe\.conf and restart it/,
    );
    expect(plannedRecord(plan).settings.find((s) => s.key === 'lake_compaction_max_tasks')).toMatchObject({
      mode: 'static',
      mutable: false,
      original: '7',
    });
  });

  it('only static changes: nothing is changed on a cluster (no confirmation needed)', () => {
    const plan = preparePlan(
      facts({
        source: side('source', [fe('s1', { lake_autovacuum_grace_period_minutes: '10000000' })]),
        target: side('target', [fe('t1', { ...TGT_OK, lake_compaction_max_tasks: '5' }, { mutable: { lake_compaction_max_tasks: false } })]),
        targetVolumes: new Map([['src_v1', vol('src_v1', { location: 's3://bucket/v1', params: { 'aws.s3.enable_partitioned_prefix': 'false' } })]]),
      }),
    );
    expect(plan.settings.map((c) => c.mode)).toEqual(['static']);
    expect(changesSomething(plan)).toBe(false);
  });

  it('an FE that cannot be used or a missing OPERATE blocks everything; an absent key is not touched', () => {
    const plan = preparePlan(
      facts({
        target: side('target', [fe('t1', TGT_BAD), fe('t2', {}, { queryError: 'connect ECONNREFUSED' })]),
        source: side('source', [fe('s1', { lake_autovacuum_grace_period_minutes: null })], { operateError: 'Access denied' }),
      }),
    );
    expect(plan.blockers).toEqual([
      { reason: "source user 'root' lacks SYSTEM OPERATE (needed to read and set FE configs): Access denied", unreachable: false },
      { reason: 'target FE t2 (t2:9030) cannot be used: connect ECONNREFUSED; every FE must be changed', unreachable: true },
    ]);
    expect(plan.settings.some((c) => c.side === 'source')).toBe(false);
  });

  it('volumes: an existing src_ is left alone; a non-S3 or unnamed-region volume and a wrong location are left to the DBA', () => {
    const plan = preparePlan(
      facts({
        sourceVolumes: [
          { ...vol('v1'), tables: 1 },
          { ...vol('hd', { type: 'HDFS', location: 'hdfs://nn/x' }), tables: 1 },
          { ...vol('bare', { params: { 'aws.s3.access_key': '******' } }), tables: 1 },
          { ...vol('moved'), tables: 1 },
        ],
        targetVolumes: new Map([
          ['src_v1', vol('src_v1', { location: 's3://bucket/v1', params: { 'aws.s3.enable_partitioned_prefix': 'false' } })],
          ['src_moved', vol('src_moved', { location: 's3://elsewhere', params: {} })],
        ]),
      }),
    );
    expect(plan.volumes).toEqual([]);
    expect(plan.byHand.map((f) => `${f.object}: ${f.problem.slice(0, 10)}`)).toEqual([
      'target volume src_hd: is missing',
      'target volume src_bare: is missing',
      'target volume src_moved: has locati',
    ]);
    expect(volumeNotCreatable(vol('hd', { type: 'HDFS' }))).toMatch(/type HDFS/);
    expect(volumeNotCreatable(vol('bare', { params: {} }))).toMatch(/neither aws\.s3\.region nor aws\.s3\.endpoint/);
    expect(volumeNotCreatable(vol('x'.repeat(61)))).toMatch(/longer than 64/);
    expect(volumeNotCreatable(vol('ok', { params: { 'aws.s3.region': 'us-east-1' } }))).toBeNull();
  });

  it("errors prepare does not fix are listed with check's fix", () => {
    const plan = preparePlan(facts({ unmatchedSelection: [{ key: 'include_data_list', entry: 'nodb', kind: 'database' }] }));
    expect(plan.byHand.map((f) => f.object)).toEqual(["include_data_list 'nodb'"]);
  });
});

describe('statements', () => {
  it('the manual CREATE STORAGE VOLUME with the keys, the partitioned prefix off, and region/endpoint only when known', () => {
    const v = { name: 'src_v`1', sourceVolume: 'v`1', type: 'S3', locations: ['s3://a/', 's3://b/'], region: 'us-east-1', endpoint: null };
    expect(createVolumeSql(v, 'AK"x', 'SK')).toBe(
      'CREATE STORAGE VOLUME `src_v``1` TYPE = S3 LOCATIONS = ("s3://a/", "s3://b/") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", ' +
        '"aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "AK\\"x", ' +
        '"aws.s3.secret_key" = "SK", "aws.s3.enable_partitioned_prefix" = "false")',
    );
  });

  it('WITH PERSISTENT from 3.5.0 on', () => {
    expect(setConfigSql('k', 'v', true)).toBe('ADMIN SET FRONTEND CONFIG ("k" = "v") WITH PERSISTENT');
    expect(setConfigSql('k', 'v', false)).toBe('ADMIN SET FRONTEND CONFIG ("k" = "v")');
    expect([supportsPersistent('3.4.9'), supportsPersistent('3.5.0'), supportsPersistent('4.1.0-rc1'), supportsPersistent('')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});
