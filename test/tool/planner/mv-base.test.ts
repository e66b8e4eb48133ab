// Base tables of an async MV query (item 4: an MV whose base table is not migrated is reported, not created).
import { describe, expect, it } from 'vitest';
import { queryBaseTables, queryOfCreateMv } from '../../../src/planner/mv-base.js';

describe('queryBaseTables', () => {
  it('tables after FROM, JOIN and FROM-list commas; unqualified ones in the MV database', () => {
    const q =
      'SELECT `t0`.`k1`, `t1`.`v1` FROM `db`.`t_hash` AS `t0` INNER JOIN `db`.`t_random` AS `t1` ON `t0`.`k1` = `t1`.`k1`, plain p WHERE p.x IN (SELECT y FROM other.z)';
    expect(queryBaseTables(q, 'mvdb')).toEqual([
      { db: 'db', name: 't_hash' },
      { db: 'db', name: 't_random' },
      { db: 'mvdb', name: 'plain' },
      { db: 'other', name: 'z' },
    ]);
  });

  it('skips subqueries, table functions, CTE names and other catalogs; keeps default_catalog', () => {
    const q = 'WITH c AS (SELECT k FROM d.base) SELECT * FROM c, unnest(arr) AS u, (SELECT 1 FROM d.inner_t) s, hive.d.ext, default_catalog.d.own';
    expect(queryBaseTables(q, 'x')).toEqual([
      { db: 'd', name: 'base' },
      { db: 'd', name: 'inner_t' },
      { db: 'd', name: 'own' },
    ]);
  });

  it('the query of a CREATE MATERIALIZED VIEW text', () => {
    const text = 'CREATE MATERIALIZED VIEW `m` (`k`)\nREFRESH ASYNC\nPROPERTIES (\n"a" = "AS"\n)\nAS SELECT k FROM `d`.`t`;';
    expect(queryOfCreateMv(text).trim()).toBe('SELECT k FROM `d`.`t`;');
    expect(queryBaseTables(queryOfCreateMv(text), 'x')).toEqual([{ db: 'd', name: 't' }]);
  });
});
