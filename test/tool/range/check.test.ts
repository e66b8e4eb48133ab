// `srsync check` / `srsync prepare` for range-distributed tables: the preparations are judged on every FE with the
// exact fix (fe.conf and a restart for the static key), required when range tables are selected, a warning when the
// source only creates them by default, and applied by prepare like the manual's settings.
import { describe, expect, it } from 'vitest';
import { allFindings, findingLine, type CheckFacts, type FrontendFacts, type SideFacts } from '../../../src/check/findings.js';
import { NEVER_SPLIT_SIZE, rangeAlignmentFindings, rangeFindings, rangeKeysOf, rangeNeed } from '../../../src/check/range.js';
import { keysOf } from '../../../src/check/read.js';
import { changeLines, preparePlan } from '../../../src/prepare/plan.js';

function fe(name: string, settings: Record<string, string | null>, mutable: Record<string, boolean | null> = {}): FrontendFacts {
  return {
    name,
    role: 'LEADER',
    alive: true,
    query: `${name}:9030`,
    rpc: `${name}:9020`,
    http: `${name}:8030`,
    queryError: null,
    rpcError: null,
    httpError: null,
    settings,
    mutable,
    queryEndpoint: { host: name, port: 9030 },
  };
}

const side = (s: 'source' | 'target', frontends: FrontendFacts[]): SideFacts => ({
  side: s,
  address: frontends[0]!.query,
  user: 'root',
  version: '4.1.0',
  runMode: 'shared_data',
  operateError: null,
  frontends,
});

const MANUAL_SRC = { lake_autovacuum_grace_period_minutes: '10000000' };
const MANUAL_TGT = { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' };
const RANGE_BAD_SRC = {
  ...MANUAL_SRC,
  tablet_reshard_enable_tablet_merge: 'true',
  enable_execute_script_on_frontend: 'false',
  enable_range_distribution: 'false',
};
const RANGE_BAD_TGT = {
  ...MANUAL_TGT,
  tablet_reshard_enable_tablet_merge: 'true',
  tablet_reshard_target_size: '10737418240',
  enable_execute_script_on_frontend: 'true',
};
const STATIC = { enable_execute_script_on_frontend: false };

function facts(o: Partial<CheckFacts> = {}, src: Record<string, string> = RANGE_BAD_SRC, tgt: Record<string, string> = RANGE_BAD_TGT): CheckFacts {
  return {
    source: side('source', [fe('s1', src, STATIC)]),
    target: side('target', [fe('t1', tgt, STATIC)]),
    sourceVolumes: [],
    targetVolumes: new Map(),
    targetCaseInsensitive: null,
    selectedTables: ['d.r', 'd.h'],
    unmatchedSelection: [],
    blockingNotes: [],
    maxParallelTables: 100,
    rangeTables: ['d.r'],
    ...o,
  };
}

describe('range preparations in srsync check', () => {
  it('reads the range keys on every FE (enable_range_distribution on the source)', () => {
    expect(rangeKeysOf('source')).toEqual(['tablet_reshard_enable_tablet_merge', 'enable_execute_script_on_frontend', 'enable_range_distribution']);
    expect(keysOf('target')).toEqual(expect.arrayContaining(['tablet_reshard_target_size', 'tablet_reshard_enable_tablet_merge']));
  });

  it('with range tables selected: an error per FE and key, with the exact fix', () => {
    const lines = rangeFindings(facts()).map(findingLine);
    expect(lines).toEqual([
      expect.stringMatching(
        /^ERROR source FE s1 tablet_reshard_enable_tablet_merge: is true; a tablet merge removes a boundary.*1 selected table\(s\) are range-distributed \(d\.r\) \| fix: ADMIN SET FRONTEND CONFIG \("tablet_reshard_enable_tablet_merge" = "false"\); fe\.conf: tablet_reshard_enable_tablet_merge = false$/,
      ),
      expect.stringMatching(
        /^ERROR source FE s1 enable_execute_script_on_frontend: is false; .* \| fix: fe\.conf: enable_execute_script_on_frontend = true then restart that FE \(the key is static\)$/,
      ),
      expect.stringMatching(/^ERROR target FE t1 tablet_reshard_enable_tablet_merge: is true;/),
      expect.stringMatching(
        new RegExp(
          `^ERROR target FE t1 tablet_reshard_target_size: is 10737418240; .* \\| fix: ADMIN SET FRONTEND CONFIG \\("tablet_reshard_target_size" = "${NEVER_SPLIT_SIZE}"\\);`,
        ),
      ),
    ]);
    expect(allFindings(facts()).filter((f) => f.severity === 'error')).toHaveLength(4);
  });

  it('prepared: nothing to say; a huge (not maximal) target size is accepted', () => {
    const src = { ...MANUAL_SRC, tablet_reshard_enable_tablet_merge: 'false', enable_execute_script_on_frontend: 'true' };
    const tgt = {
      ...MANUAL_TGT,
      tablet_reshard_enable_tablet_merge: 'false',
      tablet_reshard_target_size: String(2n ** 55n),
      enable_execute_script_on_frontend: 'true',
    };
    expect(rangeFindings(facts({}, src, tgt))).toEqual([]);
  });

  it('no range table: nothing, unless the source creates range tables by default (a warning)', () => {
    expect(rangeNeed(facts({ rangeTables: [] }))).toBeNull();
    expect(rangeFindings(facts({ rangeTables: [] }))).toEqual([]);
    const f = facts({ rangeTables: [] }, { ...RANGE_BAD_SRC, enable_range_distribution: 'true' });
    const found = rangeFindings(f);
    expect(found.length).toBe(4);
    expect(found.every((x) => x.severity === 'warning')).toBe(true);
    expect(found[0]!.problem).toMatch(/tables created during the migration will be range-distributed/);
  });

  it('range-colocate tables are errors naming each', () => {
    const found = rangeFindings(
      facts(
        { rangeColocateTables: ['d.c'] },
        { ...RANGE_BAD_SRC, tablet_reshard_enable_tablet_merge: 'false', enable_execute_script_on_frontend: 'true' },
      ),
    );
    expect(found.filter((x) => x.object === 'd.c').map((x) => x.problem)).toEqual([expect.stringMatching(/range-colocate/)]);
  });
});

describe('the leader FE', () => {
  it('range tables and a configured target FE that is a follower: the leader is named in the fix', () => {
    const ok = { ...MANUAL_TGT, tablet_reshard_enable_tablet_merge: 'false', tablet_reshard_target_size: NEVER_SPLIT_SIZE };
    const follower = { ...fe('t1', ok), role: 'FOLLOWER' };
    const target = { ...side('target', [follower, fe('t2', ok)]) };
    const found = rangeFindings({ ...facts(), target }).filter((f) => f.object.startsWith('target FE t1 (FOLLOWER)'));
    expect(found.map(findingLine)).toEqual([
      expect.stringMatching(/is not the leader: .* \| fix: set target_fe_host\/target_fe_query_port .* \(t2:9030\)$/),
    ]);
    expect(rangeFindings({ ...facts({ rangeTables: [] }), target }).filter((f) => f.object.includes('FOLLOWER'))).toEqual([]);
  });
});

describe('range tables on both clusters', () => {
  it('a merge-needing table is an error with its reason, a coming split a note, an unread one a warning', () => {
    const found = rangeAlignmentFindings({
      rangeAlignment: [
        { table: 'd.a', verdict: 'aligned', detail: '' },
        { table: 'd.m', verdict: 'refuse', detail: 'partition m index m: the target has tablet boundary (5) that the source does not have' },
        { table: 'd.s', verdict: 'split', detail: 'partition p index s: 1 target tablet(s), 3 source tablet(s)' },
        { table: 'd.b', verdict: 'unreadable', detail: 'busy now' },
      ],
    });
    expect(found.map((f) => [f.severity, f.object])).toEqual([
      ['error', 'd.m'],
      ['info', 'd.s'],
      ['warning', 'd.b'],
    ]);
    expect(findingLine(found[0]!)).toMatch(
      /^ERROR d\.m: range-distributed table cannot be aligned on the target: partition m .*\| fix: DROP TABLE d\.m on the target/,
    );
  });
});

describe('range preparations in srsync prepare', () => {
  it('applies the mutable ones like the manual settings, lists the static one as an fe.conf line', () => {
    const plan = preparePlan(facts());
    expect(plan.settings.map((c) => [c.side, c.key, c.from, c.to, c.mode])).toEqual([
      ['source', 'tablet_reshard_enable_tablet_merge', 'true', 'false', 'persistent'],
      ['source', 'enable_execute_script_on_frontend', 'false', 'true', 'static'],
      ['target', 'tablet_reshard_enable_tablet_merge', 'true', 'false', 'persistent'],
      ['target', 'tablet_reshard_target_size', '10737418240', NEVER_SPLIT_SIZE, 'persistent'],
    ]);
    expect(plan.unchanged.map((u) => u.key)).toContain('enable_execute_script_on_frontend');
    // Handled by prepare: not left to the DBA as findings.
    expect(plan.byHand).toEqual([]);
    expect(changeLines(plan).join('\n')).toMatch(/enable_execute_script_on_frontend is false and static/);
  });

  it('no range table: prepare changes no range key', () => {
    expect(preparePlan(facts({ rangeTables: [] })).settings).toEqual([]);
  });
});
