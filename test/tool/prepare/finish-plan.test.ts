// `srsync finish`'s plan: the recorded originals restored in the manual's "After Migration" order, FEs found again by
// address (names change at a restart), nothing sent where the original is back, fe.conf lines per mode.
import { describe, expect, it } from 'vitest';
import type { FrontendFacts } from '../../../src/check/findings.js';
import { createdVolumes, feConfLines, restoreLine, restorePlan } from '../../../src/finish/plan.js';
import { RECORD_VERSION, type PrepareRecord, type RecordedSetting } from '../../../src/runbook/record.js';
import { FINISH_ORDER, inFinishOrder, PREPARE_SETTINGS } from '../../../src/runbook/settings.js';

const setting = (o: Partial<RecordedSetting>): RecordedSetting => ({
  side: 'target',
  fe: 'fe1',
  address: 't1:9030',
  key: 'lake_compaction_max_tasks',
  original: '7',
  value: '0',
  mode: 'persistent',
  mutable: true,
  appliedAt: 't',
  ...o,
});

const record = (settings: RecordedSetting[], volumes: PrepareRecord['volumes'] = []): PrepareRecord => ({
  version: RECORD_VERSION,
  createdAt: 'c',
  updatedAt: 'u',
  state: 'prepared',
  source: { address: 's1:9030', version: '4.1.0' },
  target: { address: 't1:9030', version: '4.1.0' },
  settings,
  volumes,
});

function fe(name: string, query: string, settings: Record<string, string | null>, o: Partial<FrontendFacts> = {}): FrontendFacts {
  const [host, port] = query.split(':');
  return {
    name,
    role: 'LEADER',
    alive: true,
    query,
    rpc: '',
    http: '',
    queryError: null,
    rpcError: null,
    httpError: null,
    settings,
    queryEndpoint: { host: host!, port: Number(port) },
    ...o,
  };
}

describe('restore order', () => {
  it("is the manual's After Migration order: source vacuum grace, target compaction, target legacy compatibility", () => {
    expect(FINISH_ORDER).toEqual([
      'lake_autovacuum_grace_period_minutes',
      'lake_compaction_max_tasks',
      'enable_legacy_compatibility_for_replication',
    ]);
    expect(PREPARE_SETTINGS.map((m) => `${m.side} ${m.key}`)).toEqual([
      'source lake_autovacuum_grace_period_minutes',
      'target lake_compaction_max_tasks',
      'target enable_legacy_compatibility_for_replication',
    ]);
    const keys = ['enable_legacy_compatibility_for_replication', 'zzz_unknown', 'lake_compaction_max_tasks', 'lake_autovacuum_grace_period_minutes'];
    expect(inFinishOrder(keys.map((key, i) => ({ key, i }))).map((x) => x.key)).toEqual([
      'lake_autovacuum_grace_period_minutes',
      'lake_compaction_max_tasks',
      'enable_legacy_compatibility_for_replication',
      'zzz_unknown',
    ]);
  });

  it('restores every recorded FE in that order, FE order kept within a key; found by address after a restart', () => {
    const r = record([
      setting({ key: 'enable_legacy_compatibility_for_replication', original: 'false', value: 'true' }),
      setting({ fe: 'fe2', address: 't2:9030', key: 'enable_legacy_compatibility_for_replication', original: 'false', value: 'true' }),
      setting({ original: '7' }),
      setting({ fe: 'fe2', address: 't2:9030', original: '7' }),
      setting({ side: 'source', fe: 's', address: 's1:9030', key: 'lake_autovacuum_grace_period_minutes', original: '45', value: '10000000' }),
      setting({ key: 'x', mode: 'unchanged' }),
    ]);
    const prepared = { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' };
    const steps = restorePlan(r, {
      source: [fe('s-restarted', 's1:9030', { lake_autovacuum_grace_period_minutes: '10000000' })],
      target: [fe('fe1-new-name', 't1:9030', prepared), fe('fe2', 't2:9030', { ...prepared, lake_compaction_max_tasks: '7' })],
    });
    expect(steps.map((s) => [s.side, s.address, s.key, s.current, s.original, s.action])).toEqual([
      ['source', 's1:9030', 'lake_autovacuum_grace_period_minutes', '10000000', '45', 'set'],
      ['target', 't1:9030', 'lake_compaction_max_tasks', '0', '7', 'set'],
      ['target', 't2:9030', 'lake_compaction_max_tasks', '7', '7', 'already'],
      ['target', 't1:9030', 'enable_legacy_compatibility_for_replication', 'true', 'false', 'set'],
      ['target', 't2:9030', 'enable_legacy_compatibility_for_replication', 'true', 'false', 'set'],
    ]);
    expect(steps[0]!.endpoint).toEqual({ host: 's1', port: 9030 });
    expect(restoreLine(steps[1]!)).toBe(
      'target FE fe1 (t1:9030): lake_compaction_max_tasks 0 -> 7: ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "7") WITH PERSISTENT',
    );
    expect(restoreLine(steps[2]!)).toMatch(/is 7 again \(the recorded original\): nothing to send$/);
  });

  it('in-memory settings are restored in memory; an FE gone is reported; a static key only by fe.conf', () => {
    const r = record([
      setting({ mode: 'memory', original: '-1' }),
      setting({ fe: 'gone', address: 't9:9030' }),
      setting({ key: 'enable_legacy_compatibility_for_replication', mode: 'static', appliedAt: undefined, original: 'false', value: 'true' }),
    ]);
    const steps = restorePlan(r, { source: [], target: [fe('fe1', 't1:9030', { lake_compaction_max_tasks: '0' })] });
    expect(steps.map((s) => [s.address, s.action, s.persistent])).toEqual([
      ['t1:9030', 'set', false],
      ['t9:9030', 'fe-gone', true],
      ['t1:9030', 'static', false],
    ]);
    expect(restoreLine(steps[0]!)).toMatch(/: ADMIN SET FRONTEND CONFIG \("lake_compaction_max_tasks" = "-1"\)$/);
    expect(restoreLine(steps[1]!)).toMatch(/not in SHOW FRONTENDS any more/);
    expect(feConfLines(r)).toEqual([
      'target FE fe1 (t1:9030): remove "lake_compaction_max_tasks = 0" from fe.conf if you added it as prepare asked',
      'target FE gone (t9:9030): fe.conf now holds "lake_compaction_max_tasks = 7" (WITH PERSISTENT wrote it back); remove the line if that FE\'s fe.conf did not set lake_compaction_max_tasks before prepare',
      'target FE fe1 (t1:9030): remove "enable_legacy_compatibility_for_replication = true" from fe.conf and restart that FE (static; it was false)',
    ]);
  });

  it('only volumes prepare created may be dropped', () => {
    const r = record(
      [],
      [
        { name: 'src_a', sourceVolume: 'a', location: 's3://a', createdAt: 't' },
        { name: 'src_b', sourceVolume: 'b', location: 's3://b' },
      ],
    );
    expect(createdVolumes(r)).toEqual(['src_a']);
  });
});
