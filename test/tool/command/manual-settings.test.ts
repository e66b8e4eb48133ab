// engine/preflight.ts MANUAL_SETTINGS, the one table of the manual's FE settings: `run`'s warnings (settingWarnings)
// and `srsync check`'s findings (settingFindings) judge the same keys the same way.
import { describe, expect, it } from 'vitest';
import { MANUAL_SETTINGS, settingWarnings } from '../../../src/engine/preflight.js';
import { settingFindings, type FrontendFacts, type SideFacts } from '../../../src/check/findings.js';
import type { ClusterInspector } from '../../../src/inspector/inspector.js';

const inspector = (values: Record<string, string | null>) =>
  ({ frontendConfig: async (k: string) => values[k] ?? null }) as unknown as ClusterInspector;

const GOOD = {
  lake_compaction_max_tasks: '0',
  enable_legacy_compatibility_for_replication: 'true',
  lake_autovacuum_grace_period_minutes: '10000000',
};
const BAD = { lake_compaction_max_tasks: '4', enable_legacy_compatibility_for_replication: 'false', lake_autovacuum_grace_period_minutes: '30' };

function side(s: 'source' | 'target', settings: Record<string, string>): SideFacts {
  const fe: FrontendFacts = {
    name: 'fe1',
    role: 'LEADER',
    alive: true,
    query: 'q',
    rpc: 'r',
    http: 'h',
    queryError: null,
    rpcError: null,
    httpError: null,
    settings,
  };
  return { side: s, address: 'a', user: 'root', version: '4.1.0', runMode: 'shared_data', operateError: null, frontends: [fe] };
}

describe('settingWarnings', () => {
  it('the manual values: no warning; absent keys: no warning', async () => {
    expect(await settingWarnings(inspector(GOOD), inspector(GOOD))).toEqual([]);
    expect(await settingWarnings(inspector({}), inspector({}))).toEqual([]);
  });

  it('each bad value: its warning, target settings first, texts as run has always logged them', async () => {
    expect(await settingWarnings(inspector(BAD), inspector(BAD))).toEqual([
      'Target lake_compaction_max_tasks is 4; the manual requires 0 during migration: ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0"); and lake_compaction_max_tasks = 0 in fe.conf',
      'Target enable_legacy_compatibility_for_replication is not true; the manual requires it during migration: ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true"); and the same in fe.conf',
      'Source lake_autovacuum_grace_period_minutes is 30; vacuum may delete versions the target still needs. The manual asks for a very large value: ADMIN SET FRONTEND CONFIG("lake_autovacuum_grace_period_minutes"="10000000");',
    ]);
  });

  it('reads each key on its own side only', async () => {
    expect(await settingWarnings(inspector(GOOD), inspector({ ...GOOD, lake_autovacuum_grace_period_minutes: '1' }))).toEqual([]);
    expect(await settingWarnings(inspector({ ...GOOD, lake_compaction_max_tasks: '9' }), inspector(GOOD))).toEqual([]);
  });
});

describe('one table for run and check', () => {
  it('every key check flags, run warns about, and no other', async () => {
    for (const m of MANUAL_SETTINGS) {
      const values = { ...GOOD, [m.key]: BAD[m.key as keyof typeof BAD] };
      const warned = await settingWarnings(inspector(values), inspector(values));
      const found = settingFindings({ source: side('source', values), target: side('target', values) });
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain(m.key);
      expect(found.map((f) => f.object)).toEqual([`${m.side} FE fe1 ${m.key}`]);
    }
  });

  it("check lists the source's settings first", () => {
    const found = settingFindings({ source: side('source', BAD), target: side('target', BAD) });
    expect(found.map((f) => f.object)).toEqual([
      'source FE fe1 lake_autovacuum_grace_period_minutes',
      'target FE fe1 lake_compaction_max_tasks',
      'target FE fe1 enable_legacy_compatibility_for_replication',
    ]);
  });
});
