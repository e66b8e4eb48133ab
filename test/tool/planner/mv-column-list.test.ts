// Issue 6 item 8b: real SHOW CREATE MATERIALIZED VIEW prints the column list unquoted (`(k1, count(v1))`, corpus
// test_materialized_view/test_create); srsync must send valid DDL to the target.
import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { quoteMvColumnList } from '../../../src/planner/show-create-repair.js';
import { cluster, database, mv } from './fixtures.js';

// Verbatim from StarRocks' own test output (shape), with a shared-data property block.
const REAL = `CREATE MATERIALIZED VIEW \`mv2\` (k1, count(v1))
DISTRIBUTED BY RANDOM
REFRESH ASYNC
PROPERTIES (
"replication_num" = "1",
"storage_volume" = "builtin_storage_volume"
)
AS SELECT \`t_random\`.\`k1\`, count(\`t_random\`.\`v1\`) AS \`count(v1)\`
FROM \`test_create_mv\`.\`t_random\`
GROUP BY \`t_random\`.\`k1\`;`;

describe('quoteMvColumnList', () => {
  it('quotes the real unquoted list with the known column names', () => {
    expect(quoteMvColumnList(REAL, 'mv2', ['k1', 'count(v1)']).split('\n')[0]).toBe('CREATE MATERIALIZED VIEW `mv2` (`k1`, `count(v1)`)');
  });

  it('without the names, splits at top-level commas (a function call stays one name)', () => {
    expect(quoteMvColumnList(REAL, 'mv2', undefined).split('\n')[0]).toBe('CREATE MATERIALIZED VIEW `mv2` (`k1`, `count(v1)`)');
    expect(quoteMvColumnList('CREATE MATERIALIZED VIEW `m` (k1, sum(a, b) COMMENT "x, y")\nAS SELECT 1', 'm', []).split('\n')[0]).toBe(
      'CREATE MATERIALIZED VIEW `m` (`k1`, `sum(a, b)` COMMENT "x, y")',
    );
  });

  it('keeps comments and index definitions; reserved words and backticks are quoted', () => {
    const text = 'CREATE MATERIALIZED VIEW `m` (select COMMENT "it\'s \\"x\\"", a`b, v,\n  INDEX i (`v`) USING BITMAP)\nREFRESH ASYNC\nAS SELECT 1';
    expect(quoteMvColumnList(text, 'm', ['select', 'a`b', 'v']).split('\nREFRESH')[0]).toBe(
      'CREATE MATERIALIZED VIEW `m` (`select` COMMENT "it\'s \\"x\\"", `a``b`, `v`,\n  INDEX i (`v`) USING BITMAP)',
    );
  });

  it('leaves already quoted lists and texts without a list unchanged', () => {
    const quoted = 'CREATE MATERIALIZED VIEW `m` (`k1`, `count(v1)`)\nAS SELECT 1';
    expect(quoteMvColumnList(quoted, 'm', ['k1', 'count(v1)'])).toBe(quoted);
    expect(quoteMvColumnList(quoted, 'm', undefined)).toBe(quoted);
    const none = 'CREATE MATERIALIZED VIEW `m`\nREFRESH ASYNC\nAS SELECT (1)';
    expect(quoteMvColumnList(none, 'm', undefined)).toBe(none);
  });
});

describe('planner: the CREATE MATERIALIZED VIEW sent to the target', () => {
  it('has the quoted column list (real SHOW CREATE text)', () => {
    const m = { ...mv('mv2', 'SELECT 1'), createSql: REAL, columns: ['k1', 'count(v1)'] };
    const p = plan(cluster([database('db1', { mvs: [m] })]), cluster([database('db1')]), plannerConfig({ enableMaterializedViewSync: true }));
    expect(p.ddl.map((a) => a.sql.split('\n')[0])).toEqual(['CREATE MATERIALIZED VIEW `db1`.`mv2` (`k1`, `count(v1)`)']);
  });
});
