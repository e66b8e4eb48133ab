// `srsync plan`'s pure parts: the order `run` executes a plan in, the projected target's replication, the report.
import { describe, expect, it } from 'vitest';
import { dryRunOf, isDrop, runOrder } from '../../../src/plan-command/dry-run.js';
import { formatPlanText, planReport } from '../../../src/plan-command/report.js';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { TARGET_VOLUMES, cluster, database, part, table, view } from '../planner/fixtures.js';

const source = () =>
  cluster([
    database('db1', {
      id: '10',
      tables: [
        table('t1', {
          id: '11',
          partitions: [
            part('p1', { id: '101', version: 3, size: 2048 }),
            part('p2', { id: '102', version: 1, lower: '2024-01-02', upper: '2024-01-03' }),
          ],
        }),
      ],
      views: [view('v1', 'SELECT 1')],
    }),
    database('db_skip', { id: '30', tables: [table('s1', { id: '31' })] }),
  ]);
const target = (volumes = TARGET_VOLUMES) => cluster([database('db1', { id: '20', tables: [table('old', { id: '21' })] })], { volumes });

describe('dry run', () => {
  const cfg = plannerConfig({ excludeDataList: [{ db: 'db_skip' }], ddlJobAllowDropTargetOnly: true, enableViewSync: true });

  it('run order: missing tables (and databases) first, then the rest of the plan', () => {
    const p = plan(source(), target(), cfg);
    expect(p.ddl.map((a) => a.kind)).toEqual(['drop_table', 'create_table', 'create_view']);
    expect(runOrder(p).map((a) => `${a.kind} ${a.table ?? a.name}`)).toEqual(['create_table t1', 'drop_table old', 'create_view v1']);
    expect(runOrder(p).map(isDrop)).toEqual([false, true, false]);
    const none = { ...p, ddl: p.ddl.filter((a) => a.kind !== 'create_table') };
    expect(runOrder(none)).toEqual(none.ddl);
  });

  it('a new table is replicated as the created (empty) table would be: its lagging partitions, bytes and jobs', () => {
    const src = source();
    const d = dryRunOf(plan(src, target(), cfg), src, target(), cfg);
    expect(d.replication).toEqual([
      expect.objectContaining({
        db: 'db1',
        table: 't1',
        mirrorVolume: 'src_builtin_storage_volume',
        jobs: [expect.objectContaining({ dataSize: 2048, partitions: [expect.objectContaining({ name: 'p1', srcVersion: 3, tgtDataVersion: 1 })] })],
      }),
    ]);
  });

  it('without the src_ volume the new table is a blocking note, not replication', () => {
    const src = source();
    const d = dryRunOf(plan(src, target(['builtin_storage_volume']), cfg), src, target(['builtin_storage_volume']), cfg);
    expect(d.replication).toEqual([]);
    expect(d.notes).toEqual([expect.objectContaining({ table: 't1', reason: 'missing_mirror_volume', blocking: true })]);
  });

  it('report: drops counted apart, excluded names, the estimate at the stated throughput; text lines', () => {
    const src = source();
    const d = dryRunOf(plan(src, target(), cfg), src, target(), cfg);
    const r = planReport(d, src, cfg, 1 / 1024, true); // 1 KB/s
    expect(r.totals).toEqual({ statements: 3, drops: 1, tables: 1, partitions: 1, bytes: 2048, jobs: 1 });
    expect(r.estimate).toEqual({ throughputMBps: 1 / 1024, seconds: 2, assumption: '--throughput 0.0009765625 MB/s' });
    expect(r.notMigrated.map((n) => `${n.reason} ${n.object}`)).toEqual(['excluded db_skip', 'not_supported users, roles, privileges']);
    const text = formatPlanText(r);
    expect(text[0]).toBe('DDL on the target, in order (3 statements, 1 drops):');
    expect(text[2]).toBe('   2. [DROP] DROP TABLE `db1`.`old`;');
    expect(text).toContain('  db1.t1: 1 partitions (p1), 2.0 KB, 1 job(s)');
    expect(text.at(-1)).toBe(
      'plan: 3 DDL statements (1 drops), 1 tables to replicate (1 partitions, 2.0 KB, 1 jobs), 0 tables in sync, 2 not migrated; nothing was changed',
    );
    expect(text.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('views and MVs when their sync is off; MV data when on', () => {
    const src = source();
    const off = plannerConfig({ excludeDataList: [{ db: 'db_skip' }] });
    const r = planReport(dryRunOf(plan(src, target(), off), src, target(), off), src, off, 100, false);
    expect(r.notMigrated.map((n) => n.reason)).toContain('view_sync_off');
    expect(r.estimate.assumption).toMatch(/^assumed 100 MB\/s/);
  });
});
