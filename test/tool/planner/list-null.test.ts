// Issue 6: LIST partitions with a NULL value (StarRocks 3.3+) migrate as NULL partitions. StarRocks prints a NULL list
// value as 'NULL' in partitions_meta PARTITION_VALUE and in SHOW CREATE TABLE alike, the same text as the string
// 'NULL' (notes/decisions/planner.md: "LIST values 'NULL'").
import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { parseCreate } from '../../../src/planner/create-sql.js';
import { partitionColumnKinds, renderBound } from '../../../src/planner/ddl.js';
import { defaultBucketPartitionsOnly, repairCreateSql } from '../../../src/planner/show-create-repair.js';
import type { ColumnInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, col, database, part, table } from './fixtures.js';

const list = (...values: string[][]) => ({ kind: 'list' as const, values });
const intCol = { type: 'int(11)', nullable: true };
const strCol = { type: 'varchar(10)', nullable: true };
const strNotNull = { type: 'varchar(10)', nullable: false };

describe("renderBound: a LIST value printed 'NULL'", () => {
  it('is NULL on a non-string column (the string would be "Invalid number format: NULL")', () => {
    expect(renderBound(list(['NULL'], ['1']), [intCol])).toBe('VALUES IN (NULL, "1")');
    expect(renderBound(list(['NULL']), [{ type: 'date', nullable: true }])).toBe('VALUES IN (NULL)');
  });

  it('is NULL on a nullable string column (metadata cannot tell it from the string; see the decision)', () => {
    expect(renderBound(list(['NULL'], ['x']), [strCol])).toBe('VALUES IN (NULL, "x")');
    expect(renderBound(list(['NULL']), [{ type: 'string', nullable: true }])).toBe('VALUES IN (NULL)');
    expect(renderBound(list(['NULL']), [{ type: 'char(4)', nullable: true }])).toBe('VALUES IN (NULL)');
  });

  it('stays the string on a NOT NULL string column (StarRocks refuses NULL there, so it was the string)', () => {
    expect(renderBound(list(['NULL']), [strNotNull])).toBe('VALUES IN ("NULL")');
  });

  it('only the exact text NULL: other values, and case variants, stay strings', () => {
    expect(renderBound(list(['null'], ['NULLS'], ['x']), [strCol])).toBe('VALUES IN ("null", "NULLS", "x")');
  });

  it('per column in multi-column tuples', () => {
    const cols = [intCol, strNotNull];
    expect(renderBound(list(['NULL', 'NULL'], ['1', 'a']), cols)).toBe('VALUES IN ((NULL, "NULL"), ("1", "a"))');
  });

  it('with only the column count (types unknown): NULL, the common case', () => {
    expect(renderBound(list(['NULL'], ['x']), 1)).toBe('VALUES IN (NULL, "x")');
  });

  it('range bounds are unchanged', () => {
    expect(renderBound({ kind: 'range', lower: ['1'], upper: ['MAXVALUE'] }, [intCol])).toBe('VALUES [("1"), (MAXVALUE))');
  });
});

describe('partitionColumnKinds', () => {
  it("the partition columns' types and nullability, names matched case-insensitively; the count when one is unknown", () => {
    const columns: ColumnInfo[] = [col('K', 'int(11)'), col('city', 'varchar(10)', { nullable: false })];
    expect(partitionColumnKinds({ partitionColumns: ['city', 'k'], columns })).toEqual([
      { type: 'varchar(10)', nullable: false },
      { type: 'int(11)', nullable: true },
    ]);
    expect(partitionColumnKinds({ partitionColumns: ['city', 'gone'], columns })).toBe(2);
  });
});

/** A LIST table as SHOW CREATE TABLE prints it (ListPartitionInfo.toSql: values quoted with ', NULL as 'NULL'). */
function listTable(name: string, column: ColumnInfo) {
  const p = (pn: string, values: string[]) =>
    part(pn, { bound: list(...values.map((v) => [v])), value: `(${values.map((v) => `'${v}'`).join(', ')})`, buckets: 1 });
  const partitions = [p('p_null', ['NULL']), p('p_x', column.type.startsWith('int') ? ['1', '2'] : ['x', 'y'])];
  const nullText = column.nullable ? 'NULL' : 'NOT NULL';
  const createSql =
    `CREATE TABLE \`${name}\` (\n  \`k\` int(11) NULL COMMENT "",\n  \`${column.name}\` ${column.type} ${nullText} COMMENT ""\n) ENGINE=OLAP \nDUPLICATE KEY(\`k\`)\nCOMMENT "OLAP"\n` +
    `PARTITION BY LIST(\`${column.name}\`)(\n${partitions.map((x) => `  PARTITION ${x.name} VALUES IN ${x.value}`).join(',\n')}\n)\n` +
    `DISTRIBUTED BY HASH(\`k\`) BUCKETS 1 \nPROPERTIES (\n"replication_num" = "1",\n"storage_volume" = "builtin_storage_volume"\n);`;
  return table(name, {
    columns: [col('k', 'int(11)', { isKey: true }), column],
    keyColumns: ['k'],
    partitionType: 'LIST',
    partitionColumns: [column.name],
    distribution: { type: 'HASH', columns: ['k'], buckets: 1 },
    partitions,
    createSql,
  });
}

const createSqlOf = (t: ReturnType<typeof listTable>) => {
  const p = plan(cluster([database('db1', { tables: [t] })]), cluster([database('db1')], { volumes: TARGET_VOLUMES }), plannerConfig());
  const create = p.ddl.find((a) => a.kind === 'create_table');
  expect(create, JSON.stringify(p.notes)).toBeDefined();
  return create!.sql;
};

describe('CREATE TABLE of a LIST table with a NULL partition', () => {
  it('INT column: VALUES IN (NULL)', () => {
    const sql = createSqlOf(listTable('li', col('n', 'int(11)')));
    expect(sql).toContain('PARTITION `p_null` VALUES IN (NULL),');
    expect(sql).toContain('PARTITION `p_x` VALUES IN ("1", "2")');
    expect(() => parseCreate(sql)).not.toThrow();
  });

  it('nullable VARCHAR column: VALUES IN (NULL)', () => {
    const sql = createSqlOf(listTable('ls', col('city', 'varchar(10)')));
    expect(sql).toContain('PARTITION `p_null` VALUES IN (NULL),');
    expect(sql).not.toContain('"NULL"');
  });

  it("NOT NULL VARCHAR column: the string 'NULL' stays a string", () => {
    const sql = createSqlOf(listTable('ln', col('city', 'varchar(10)', { nullable: false })));
    expect(sql).toContain('PARTITION `p_null` VALUES IN ("NULL"),');
  });

  it('defaultBucketPartitionsOnly and repairCreateSql render the same', () => {
    const t = listTable('li', col('n', 'int(11)'));
    expect(defaultBucketPartitionsOnly(t.createSql, t)).toContain('  PARTITION `p_null` VALUES IN (NULL),\n');
    const repaired = repairCreateSql(t.createSql, {
      identifiers: ['li', 'k', 'n'],
      columns: t.columns,
      partitions: t.partitions,
      partitionColumns: t.partitionColumns,
    });
    expect(repaired).toContain('  PARTITION `p_null` VALUES IN (NULL),\n');
  });
});
