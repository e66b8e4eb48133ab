import { describe, expect, it } from 'vitest';
import { SqlError, type SqlClient } from '../../../src/cluster/sql-client.js';
import { checkSelection } from '../../../src/engine/selection-check.js';
import { ClusterError, ConfigError, exitCodeOf, SelectionError } from '../../../src/errors.js';
import type { ClusterInspector } from '../../../src/inspector/inspector.js';
import { parseDataList } from '../../../src/planner/config.js';
import { describeUnmatchedSelection, unmatchedSelection, type SelectionSource } from '../../../src/planner/scope.js';

function source(dbs: Record<string, { tables?: string[]; views?: string[]; mvs?: string[] }>): SelectionSource {
  const m = new Map<string, { tables: Map<string, unknown>; views: Map<string, unknown>; materializedViews: Map<string, unknown> }>();
  for (const [db, o] of Object.entries(dbs)) {
    m.set(db, {
      tables: new Map((o.tables ?? []).map((t) => [t, {}])),
      views: new Map((o.views ?? []).map((t) => [t, {}])),
      materializedViews: new Map((o.mvs ?? []).map((t) => [t, {}])),
    });
  }
  return { databases: m };
}

const src = source({ sales: { tables: ['orders', 'Items'], views: ['v_orders'], mvs: ['mv_daily'] }, hr: { tables: ['staff'] }, empty: {} });

describe('unmatchedSelection', () => {
  // [include, exclude, expected "key:entry:kind" list]
  const cases: Array<[string, string, string[]]> = [
    ['', '', []],
    ['sales', '', []],
    ['salez', '', ['include_data_list:salez:database']],
    ['empty', '', []],
    ['sales.orders, hr.staff', '', []],
    ['hr.nosuchtable', '', ['include_data_list:hr.nosuchtable:table']],
    ['nodb.t1', '', ['include_data_list:nodb.t1:table']],
    // views and MVs match as <db>.<name>, like tables
    ['sales.v_orders,sales.mv_daily', '', []],
    // exact, case-sensitive, as makeScope matches
    ['SALES', '', ['include_data_list:SALES:database']],
    ['sales.items', '', ['include_data_list:sales.items:table']],
    ['sales.Items', '', []],
    ['', 'hr', []],
    ['', 'hrr', ['exclude_data_list:hrr:database']],
    ['', 'sales.order', ['exclude_data_list:sales.order:table']],
    // include first, each list in written order; duplicates once
    ['x,sales,x,y.t', 'z,hr.staff', ['include_data_list:x:database', 'include_data_list:y.t:table', 'exclude_data_list:z:database']],
  ];
  it.each(cases)('include=%j exclude=%j', (inc, exc, want) => {
    const got = unmatchedSelection({ includeDataList: parseDataList(inc), excludeDataList: parseDataList(exc) }, src);
    expect(got.map((u) => `${u.key}:${u.entry}:${u.kind}`)).toEqual(want);
  });

  it('accepts sources with only tables (views and MVs optional)', () => {
    const s: SelectionSource = { databases: new Map([['d', { tables: new Map([['t', 1]]) }]]) };
    expect(unmatchedSelection({ includeDataList: parseDataList('d.t,d.v'), excludeDataList: [] }, s)).toEqual([
      { key: 'include_data_list', entry: 'd.v', kind: 'table' },
    ]);
  });
});

describe('checkSelection (start-up of run, and verify)', () => {
  const dbs: Record<string, { id: string; objects: string[] }> = {
    sales: { id: '10', objects: ['orders', 'v_orders'] },
    hr: { id: '11', objects: ['staff'] },
  };
  function fakes() {
    const queries: string[] = [];
    const sql = {
      endpoint: { host: 'src', port: 9030, user: 'root', password: '' },
      query: async (q: string) => {
        queries.push(q);
        const id = /'\/dbs\/(\d+)'/.exec(q)?.[1];
        const db = Object.values(dbs).find((d) => d.id === id);
        if (!db) throw new Error(`unexpected query ${q}`);
        return db.objects.map((TableName) => ({ TableName, Type: 'CLOUD_NATIVE' }));
      },
    };
    const inspector = {
      databaseIds: async () => {
        queries.push("SHOW PROC '/dbs'");
        return new Map(Object.entries(dbs).map(([n, d]) => [n, d.id]));
      },
    };
    return { sql: sql as unknown as SqlClient, inspector: inspector as unknown as ClusterInspector, queries };
  }
  const cfg = (inc: string, exc = '') => ({ includeDataList: parseDataList(inc), excludeDataList: parseDataList(exc) });

  it('nothing selected: reads nothing, passes', async () => {
    const f = fakes();
    await checkSelection(f.sql, f.inspector, cfg(''));
    expect(f.queries).toEqual([]);
  });

  it('entries that all match: passes, reading only the databases `<db>.<name>` entries name', async () => {
    const f = fakes();
    await checkSelection(f.sql, f.inspector, cfg('sales.v_orders,hr', 'sales.orders'));
    expect(f.queries).toEqual(["SHOW PROC '/dbs'", "SHOW PROC '/dbs/10'"]);
  });

  it('salez, hr.nosuchtable: a SelectionError (exit 2), one line naming key and entry, nothing changed', async () => {
    const f = fakes();
    const e = await checkSelection(f.sql, f.inspector, cfg('salez,hr.nosuchtable')).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SelectionError);
    expect(e).toBeInstanceOf(ConfigError);
    expect(exitCodeOf(e)).toBe(2);
    const err = e as SelectionError;
    expect(err.message).toBe(
      "include_data_list entry 'salez' matches no database on the source; include_data_list entry 'hr.nosuchtable' matches no table, view or materialized view on the source (names are case-sensitive); fix conf/sync.properties; nothing changed on either cluster",
    );
    expect(err.key).toBe('include_data_list');
    expect(err.mistakes.map((m) => m.entry)).toEqual(['salez', 'hr.nosuchtable']);
  });

  it('a source that cannot be read: a ClusterError (exit 3)', async () => {
    const f = fakes();
    const broken = {
      ...f.inspector,
      databaseIds: async () => Promise.reject(new SqlError('Access denied', 1045, "SHOW PROC '/dbs'", false)),
    } as unknown as ClusterInspector;
    await expect(checkSelection(f.sql, broken, cfg('sales'))).rejects.toSatisfy((x: unknown) => x instanceof ClusterError && exitCodeOf(x) === 3);
  });
});

describe('describeUnmatchedSelection', () => {
  it('names the key and entry, with a hint when the entry looks like a wildcard', () => {
    expect(describeUnmatchedSelection({ key: 'include_data_list', entry: 'salez', kind: 'database' })).toBe(
      "include_data_list entry 'salez' matches no database on the source",
    );
    expect(describeUnmatchedSelection({ key: 'exclude_data_list', entry: 'sales_?', kind: 'database' })).toBe(
      "exclude_data_list entry 'sales_?' matches no database on the source (wildcards are not supported: list the databases or tables by name)",
    );
  });
});
