// Issue 6 item 3b: a database is created on the target only when it is selected as a whole or a selected object of
// it exists on the source: `include_data_list=hr.nosuchtable` creates no empty `hr`.
import { describe, expect, it } from 'vitest';
import { parseDataList, plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { TARGET_VOLUMES, cluster, database, mv, table, view } from './fixtures.js';

const src = cluster([database('hr', { tables: [table('staff')], views: [view('v', 'SELECT 1')], mvs: [mv('m', 'SELECT 1')] })]);
const run = (include: string, over: Partial<PlannerConfig> = {}) =>
  plan(src, cluster([], { volumes: TARGET_VOLUMES }), plannerConfig({ includeDataList: parseDataList(include), ...over })).ddl.filter(
    (a) => a.kind === 'create_database',
  );

describe('CREATE DATABASE', () => {
  it('not for a selection that names no object of the database', () => {
    expect(run('hr.nosuchtable')).toEqual([]);
    expect(run('hr.v')).toEqual([]); // a view, but view sync is off
  });

  it('for a selected table, a selected view / MV of a synced kind, or the database as a whole', () => {
    expect(run('hr.staff').map((a) => a.sql)).toEqual(['CREATE DATABASE `hr`']);
    expect(run('hr.v', { enableViewSync: true })).toHaveLength(1);
    expect(run('hr.m', { enableMaterializedViewSync: true })).toHaveLength(1);
    expect(run('hr')).toHaveLength(1);
    expect(run('')).toHaveLength(1);
  });

  it('an empty source database selected as a whole is created', () => {
    const p = plan(cluster([database('empty')]), cluster([]), plannerConfig({ includeDataList: parseDataList('empty') }));
    expect(p.ddl.map((a) => a.sql)).toEqual(['CREATE DATABASE `empty`']);
  });
});
