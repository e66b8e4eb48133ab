// Issue 11 item 1, "one bad object must never stop the others": an object whose own read failed (readError, set by
// the inspector or by the engine from a failed SHOW CREATE / SHOW INDEX) is planned for nothing - no create, drop,
// alter or replication - and named in a blocking note carrying the failure as its message.
import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, mv, part, table, targetOf, tpart, view } from './fixtures.js';

const FAILED = 'SHOW CREATE TABLE `db1`.`bad` failed: Unknown table';

function run(src: TableInfo[], tgt: TableInfo[], over: Partial<PlannerConfig> = {}) {
  return plan(
    cluster([database('db1', { tables: src })]),
    cluster([database('db1', { tables: tgt })], { volumes: TARGET_VOLUMES }),
    plannerConfig(over),
  );
}

const good = () => table('good', { partitions: [part('p1', { version: 3 })] });

describe('tables whose read failed are planned for nothing', () => {
  it('missing on the target: not created, a blocking note with the failure; the others are created', () => {
    const bad = { ...table('bad'), readError: FAILED };
    const p = run([bad, good()], []);
    expect(p.ddl.map((a) => `${a.kind} ${a.table}`)).toEqual(['create_table good']);
    expect(p.notes).toEqual([{ object: 'table', db: 'db1', table: 'bad', reason: 'read_failed', message: FAILED, blocking: true }]);
  });

  it('no SHOW CREATE text and a readError: the failure, not "read it and plan again"', () => {
    const bad = { ...table('bad', { withCreateSql: false }), readError: FAILED };
    expect(run([bad], []).notes.map((n) => n.reason)).toEqual(['read_failed']);
  });

  it('on both sides and behind the source: no replication, not in sync; the other table replicates', () => {
    const s = table('bad', { partitions: [part('p1', { version: 5 })] });
    const p = run(
      [{ ...s, readError: FAILED }, good()],
      [targetOf(s, [tpart('p1', { version: 2 })]), targetOf(good(), [tpart('p1', { version: 2 })])],
    );
    expect(p.ddl).toEqual([]);
    expect(p.replication.map((w) => w.table)).toEqual(['good']);
    expect(p.inSync).toEqual([]);
    expect(p.notes).toMatchObject([{ table: 'bad', reason: 'read_failed', message: FAILED, blocking: true }]);
  });

  it('a schema that differs is not re-created while the read fails (no drop)', () => {
    const s = table('bad');
    const t = targetOf(s, [tpart('p1')], { keysType: 'AGG_KEYS' });
    const p = run([{ ...s, readError: FAILED }], [t]);
    expect(p.ddl).toEqual([]);
    expect(p.notes.map((n) => n.reason)).toEqual(['read_failed']);
  });

  it('the target table unreadable: nothing planned, the note says it is the target', () => {
    const s = table('bad', { partitions: [part('p1', { version: 5 })] });
    const p = run([s], [{ ...targetOf(s, [tpart('p1', { version: 2 })]), readError: 'SHOW INDEX FROM `db1`.`bad` failed: boom' }]);
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([
      { table: 'bad', reason: 'read_failed', message: 'on the target: SHOW INDEX FROM `db1`.`bad` failed: boom', blocking: true },
    ]);
  });

  it('target-only and unreadable: not dropped even when allowed (blocking); kept by config as before (not blocking)', () => {
    const t = { ...table('old'), readError: 'reading its columns and partitions failed: bad row' };
    const allowed = run([], [t], { ddlJobAllowDropTargetOnly: true });
    expect(allowed.ddl).toEqual([]);
    expect(allowed.notes).toMatchObject([{ table: 'old', reason: 'read_failed', blocking: true }]);
    const kept = run([], [t], { ddlJobAllowDropTargetOnly: false });
    expect(kept.notes).toMatchObject([{ table: 'old', reason: 'drop_not_allowed', blocking: false }]);
  });
});

describe('views and materialized views whose SHOW CREATE failed', () => {
  const snaps = (o: { viewError?: string; mvError?: string }) =>
    [
      cluster([
        database('db1', {
          views: [{ ...view('v', 'SELECT 1'), createSql: '', ...(o.viewError ? { readError: o.viewError } : {}) }],
          mvs: [{ ...mv('m', 'SELECT 1'), createSql: '', ...(o.mvError ? { readError: o.mvError } : {}) }],
        }),
      ]),
      cluster([database('db1', {})], { volumes: TARGET_VOLUMES }),
    ] as const;

  it('not created, a blocking note each with the failure', () => {
    const [s, t] = snaps({ viewError: 'SHOW CREATE VIEW `db1`.`v` failed: x', mvError: 'SHOW CREATE MATERIALIZED VIEW `db1`.`m` failed: y' });
    const p = plan(s, t, plannerConfig({ enableViewSync: true, enableMaterializedViewSync: true }));
    expect(p.ddl).toEqual([]);
    expect(p.notes).toEqual([
      { object: 'view', db: 'db1', name: 'v', reason: 'read_failed', message: 'SHOW CREATE VIEW `db1`.`v` failed: x', blocking: true },
      {
        object: 'materialized_view',
        db: 'db1',
        name: 'm',
        reason: 'read_failed',
        message: 'SHOW CREATE MATERIALIZED VIEW `db1`.`m` failed: y',
        blocking: true,
      },
    ]);
  });
});
