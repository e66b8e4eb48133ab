// `srsync check`'s finding builders: pure functions over read facts, table-driven.
import { describe, expect, it } from 'vitest';
import {
  allFindings,
  caseFindings,
  findingLine,
  mirrorVolumeSql,
  planFindings,
  selectionFindings,
  settingFindings,
  sideFindings,
  slotFindings,
  summaryLine,
  volumeFindings,
  type CheckFacts,
  type FrontendFacts,
  type SideFacts,
  type VolumeFacts,
} from '../../../src/check/findings.js';

function fe(o: Partial<FrontendFacts> = {}): FrontendFacts {
  return {
    name: 'fe1',
    role: 'LEADER',
    alive: true,
    query: '10.0.0.1:9030',
    rpc: '10.0.0.1:9020',
    http: '10.0.0.1:8030',
    queryError: null,
    rpcError: null,
    httpError: null,
    settings: {},
    ...o,
  };
}

function side(s: 'source' | 'target', o: Partial<SideFacts> = {}): SideFacts {
  return { side: s, address: '10.0.0.1:9030', user: 'root', version: '4.1.0', runMode: 'shared_data', operateError: null, frontends: [fe()], ...o };
}

const vol = (name: string, o: Partial<VolumeFacts> = {}): VolumeFacts => ({
  name,
  type: 'S3',
  location: `s3://bucket/${name}`,
  enabled: true,
  params: { 'aws.s3.region': 'us-east-1', 'aws.s3.endpoint': 'http://s3', 'aws.s3.access_key': '******' },
  ...o,
});

const READY_SETTINGS = {
  source: { lake_autovacuum_grace_period_minutes: '10000000' },
  target: { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' },
};

function facts(o: Partial<CheckFacts> = {}): CheckFacts {
  return {
    source: side('source', { frontends: [fe({ settings: READY_SETTINGS.source })] }),
    target: side('target', { frontends: [fe({ settings: READY_SETTINGS.target })] }),
    sourceVolumes: [{ ...vol('v1'), tables: 2 }],
    targetVolumes: new Map([['src_v1', vol('src_v1', { location: 's3://bucket/v1', params: { 'aws.s3.enable_partitioned_prefix': 'false' } })]]),
    targetCaseInsensitive: null,
    selectedTables: ['db1.a', 'db1.b'],
    unmatchedSelection: [],
    blockingNotes: [],
    maxParallelTables: 100,
    ...o,
  };
}

describe('check findings', () => {
  it('a prepared pair has no finding: READY', () => {
    const f = allFindings(facts());
    expect(f).toEqual([]);
    expect(summaryLine(f)).toBe('check: 0 errors, 0 warnings, 0 notes; READY');
  });

  it('the manual settings on EVERY FE: one finding per FE and key, with ADMIN SET and (target) the fe.conf line', () => {
    const target = side('target', {
      frontends: [
        fe({ name: 'fe1', settings: READY_SETTINGS.target }),
        fe({ name: 'fe2', role: 'FOLLOWER', settings: { lake_compaction_max_tasks: '-1', enable_legacy_compatibility_for_replication: 'false' } }),
      ],
    });
    const source = side('source', { frontends: [fe({ settings: { lake_autovacuum_grace_period_minutes: '30' } })] });
    const lines = settingFindings({ source, target }).map(findingLine);
    expect(lines).toEqual([
      'ERROR source FE fe1 lake_autovacuum_grace_period_minutes: is 30; vacuum may delete versions the target still needs; the manual asks for a very large value (10000000) | fix: ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000");',
      'ERROR target FE fe2 lake_compaction_max_tasks: is -1; compaction must be off on the target during migration (0) | fix: ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0"); fe.conf: lake_compaction_max_tasks = 0',
      'ERROR target FE fe2 enable_legacy_compatibility_for_replication: is false; legacy compatibility for replication must be on during migration (true) | fix: ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true"); fe.conf: enable_legacy_compatibility_for_replication = true',
    ]);
  });

  it('an FE whose query port cannot be used is an error (its settings unjudged); rpc matters on the target, http on the source', () => {
    const t = sideFindings(side('target', { frontends: [fe({ queryError: 'ECONNREFUSED', rpcError: 'timeout', httpError: 'x', settings: {} })] }));
    expect(t.map((f) => `${f.severity} ${f.problem}`)).toEqual([
      'error query port 10.0.0.1:9030 cannot be used: ECONNREFUSED',
      'error rpc port 10.0.0.1:9020 is not reachable: timeout',
    ]);
    expect(t[0]!.fix[0]).toMatch(/conf\/hosts\.properties: TARGET_<IP of SHOW FRONTENDS>=/);
    const s = sideFindings(side('source', { frontends: [fe({ rpcError: 'timeout', httpError: 'refused' })] }));
    expect(s.map((f) => `${f.severity} ${f.problem}`)).toEqual(['warning http port 10.0.0.1:8030 is not reachable (GET /service_id): refused']);
  });

  it('the source service id: a failed GET /service_id and a password sent in clear are warnings', () => {
    const failed = sideFindings(
      side('source', {
        frontends: [],
        serviceId: {
          id: null,
          warnings: ['Cannot read the source service id from http://h:8030/service_id (refused); falling back'],
          address: 'h:8030',
        },
      }),
    );
    expect(failed.map((f) => `${f.severity} ${f.object}: ${f.fix[0]}`)).toEqual([
      'warning source FE http h:8030: open the source FE http_port (manual: "Open ports"), or map it in conf/hosts.properties',
    ]);
    const clear = sideFindings(
      side('source', {
        frontends: [],
        serviceId: { id: 'svc', warnings: ['the source FE asked for credentials over plain HTTP'], address: 'h:8030' },
      }),
    );
    expect(clear[0]!.fix).toEqual(['set source_fe_http_scheme=https in conf/sync.properties where the FE offers HTTPS']);
    expect(sideFindings(side('source', { frontends: [], serviceId: { id: 'svc', warnings: [], address: 'h:8030' } }))).toEqual([]);
    expect(sideFindings(side('source', { frontends: [], serviceId: { id: null, warnings: [], address: 'h:8030' } }))[0]!.problem).toMatch(
      /^GET \/service_id gave no service id/,
    );
  });

  it('run mode, target version and the OPERATE privilege', () => {
    const f = sideFindings(
      side('target', { runMode: 'shared_nothing', version: '4.0.9', operateError: 'Access denied', user: "o'brien", frontends: [] }),
    );
    expect(f.map((x) => x.problem)).toEqual([
      'runs in shared_nothing mode; srsync migrates shared-data clusters only',
      'is StarRocks 4.0.9; the target must be v4.1 or later',
      expect.stringMatching(/^lacks the SYSTEM OPERATE privilege .*: Access denied$/),
    ]);
    expect(f[2]!.fix).toEqual(["GRANT OPERATE ON SYSTEM TO USER 'o\\'brien'@'%';"]);
    expect(sideFindings(side('source', { version: '3.3.0' }))).toEqual([]);
  });

  it('src_ volumes: missing (the manual template, location filled, credentials as placeholders), moved, disabled, partitioned prefix, name too long', () => {
    const missing = volumeFindings({ sourceVolumes: [{ ...vol('v1'), tables: 3 }], targetVolumes: new Map() });
    expect(missing).toEqual([
      {
        severity: 'error',
        object: 'target volume src_v1',
        problem: 'is missing (source volume v1, 3 selected tables, at s3://bucket/v1)',
        fix: [
          'CREATE STORAGE VOLUME `src_v1` TYPE = S3 LOCATIONS = ("s3://bucket/v1") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://s3", "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "<access_key>", "aws.s3.secret_key" = "<secret_key>", "aws.s3.enable_partitioned_prefix" = "false");',
        ],
      },
    ]);
    const wrong = vol('src_v1', { location: 's3://other/v1', enabled: false, params: { 'aws.s3.enable_partitioned_prefix': 'true' } });
    const f = volumeFindings({ sourceVolumes: [{ ...vol('v1'), tables: 1 }], targetVolumes: new Map([['src_v1', wrong]]) });
    expect(f.map((x) => x.problem)).toEqual([
      'has location s3://other/v1; source volume v1 is at s3://bucket/v1',
      'is disabled',
      expect.stringMatching(/^has aws\.s3\.enable_partitioned_prefix=true/),
    ]);
    expect(f[0]!.fix[0]).toBe('DROP STORAGE VOLUME `src_v1`;');
    expect(f[1]!.fix).toEqual(['ALTER STORAGE VOLUME `src_v1` SET ("enabled" = "true");']);
    const long = 'v'.repeat(61);
    expect(volumeFindings({ sourceVolumes: [{ ...vol(long), tables: 1 }], targetVolumes: new Map() })[0]!.problem).toMatch(
      /^name is 65 characters; StarRocks allows 64/,
    );
    expect(volumeFindings({ sourceVolumes: [{ ...vol('v'.repeat(60)), tables: 1 }], targetVolumes: new Map() })[0]!.problem).toMatch(/^is missing/);
  });

  it('unknown region / endpoint become placeholders', () => {
    expect(mirrorVolumeSql({ name: 'v', type: 'S3', location: 's3://a, s3://b', params: { 'aws.s3.region': '******' } })).toMatch(
      /LOCATIONS = \("s3:\/\/a", "s3:\/\/b"\) .*"aws\.s3\.region" = "<region>", "aws\.s3\.endpoint" = "<endpoint>"/,
    );
  });

  it('case conflicts only when the target folds table names (and the config exists)', () => {
    const tables = ['db1.Orders', 'db1.orders', 'db1.x'];
    expect(caseFindings({ selectedTables: tables, targetCaseInsensitive: null })).toEqual([]);
    expect(caseFindings({ selectedTables: tables, targetCaseInsensitive: false })).toEqual([]);
    expect(caseFindings({ selectedTables: tables, targetCaseInsensitive: true }).map((f) => f.object)).toEqual(['db1.Orders, db1.orders']);
  });

  it('selection entries matching nothing, blocking plan notes, slot limits', () => {
    expect(selectionFindings({ unmatchedSelection: [{ key: 'include_data_list', entry: 'salez', kind: 'database' }] }).map(findingLine)).toEqual([
      "ERROR include_data_list 'salez': include_data_list entry 'salez' matches no database on the source | fix: fix the entry in conf/sync.properties (names are case-sensitive)",
    ]);
    const note = {
      object: 'table' as const,
      db: 'db1',
      table: 't',
      reason: 'unparsable_create_sql' as const,
      message: 'cannot rewrite its SHOW CREATE TABLE text: x',
      blocking: true,
    };
    expect(planFindings({ blockingNotes: [note] }).map(findingLine)).toEqual([
      'ERROR db1.t: cannot be migrated: table db1.t: cannot rewrite its SHOW CREATE TABLE text: x (unparsable_create_sql)',
    ]);
    expect(slotFindings({ selectedTables: ['a', 'b', 'c'], maxParallelTables: 3 })).toEqual([]);
    expect(slotFindings({ selectedTables: ['a', 'b', 'c'], maxParallelTables: 2 }).map((f) => `${f.severity} ${f.problem}`)).toEqual([
      'info is 2; 3 selected tables replicate at most 2 at a time (the first copy takes about 2 waves)',
    ]);
    expect(slotFindings({ selectedTables: ['a'], maxParallelTables: 0 })[0]!.severity).toBe('error');
  });

  it('errors first; a line never spans lines (names escaped)', () => {
    const f = allFindings(facts({ maxParallelTables: 1, unmatchedSelection: [{ key: 'exclude_data_list', entry: 'a\nb', kind: 'database' }] }));
    expect(f.map((x) => x.severity)).toEqual(['error', 'info']);
    expect(findingLine(f[0]!)).not.toContain('\n');
    expect(summaryLine(f)).toBe('check: 1 errors, 0 warnings, 1 notes; NOT READY');
  });
});
